"""The words the hearing pages share (slides, handout, PDF, export): the evidence statuses as the pages name
them, and dates as a reader reads them, in the reader's language. Kept apart from the handout so that the slides'
fitting can measure the words a slide shows.
"""

from __future__ import annotations

import datetime as dt

from . import i18n
from .i18n import N_, _
from .model import parse_date

__all__ = ["STATUS_WORDS", "status_word", "date_text"]

#: The evidence statuses as the pages name them beside a route or a link (the ids stay in CSS classes and files).
STATUS_WORDS = {
    # Translators: an evidence status, shown alone in a box beside a route or a link
    "documented": N_("documented"),
    # Translators: an evidence status: the institution itself says so
    "acknowledged": N_("acknowledged"),
    # Translators: an evidence status: credible news reporting
    "reported": N_("reported"),
    # Translators: an evidence status: a party or advocates claim it
    "alleged": N_("alleged"),
    # Translators: an evidence status: claimed, and denied by the institution
    "disputed": N_("disputed"),
    # Translators: an evidence status: none given
    "unknown": N_("unknown"),
}


def status_word(status: str) -> str:
    """An evidence status in the reader's language ('documentado'); anything else as it is.

    Examples
    --------
    >>> with i18n.speaking("es"):
    ...     status_word("disputed"), status_word("not established")
    ('en disputa', 'not established')
    """
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status


def date_text(day: dt.date | str) -> str:
    """A date on a page: as written (ISO, what the English pages have always printed) in English; in words in
    Spanish ('1 de junio de 2016', 'junio de 2016' for a month, a year as it is).

    Examples
    --------
    >>> date_text("2016-06-01"), date_text(dt.date(2016, 6, 1))
    ('2016-06-01', '2016-06-01')
    >>> with i18n.speaking("es"):
    ...     date_text("2016-06-01"), date_text("2016-06"), date_text("2016")
    ('1 de junio de 2016', 'junio de 2016', '2016')
    """
    text = day.isoformat() if isinstance(day, dt.date) else day
    if i18n.language() == i18n.DEFAULT:
        return text
    try:
        parsed = parse_date(text)
    except ValueError:
        return text
    if parsed is None or len(text) == 4:
        return text
    return i18n.month_year(parsed) if len(text) == 7 else i18n.day_month_year(parsed)
