"""The date typed beside the date slider, as people write it, in English or in Spanish: '2016-06', '6/2016',
'June 2016', '1 June 2016', 'June 1, 2016', 'junio de 2016', 'junio 2016', '1 de junio de 2016' (either
language's month names, on a page in either language), and what the field says of a text it cannot use, in the
reader's language.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from babel.dates import format_date

from .. import i18n
from ..i18n import N_, _
from ..model import YEARS, Dataset
from ..viewstate import month_range

__all__ = ["DATE_FORMS", "date_forms", "read_date", "month_position", "position_month"]

#: The forms the date field reads, for its label and its messages (``date_forms``: in the reader's language).
DATE_FORMS = N_("2016-06, 2016-06-01, June 2016 or 6/2016")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MESES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre")
# the names and their first three letters in both languages (none means another month in the other), and the
# abbreviations people write besides: 'sept', 'setiembre', 'set', 'dic.'
_MONTH_NUMBERS = {**{m: i for names in (_MONTHS, _MESES) for i, m in enumerate(names, 1)},
                  **{m[:3]: i for names in (_MONTHS, _MESES) for i, m in enumerate(names, 1)},
                  "sept": 9, "setiembre": 9, "set": 9}
_NAMED = r"(?P<month>[^\W\d_]+)\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|º|°|o|ro)?"
_YEAR = r"(?P<year>\d{4})"
_OF = r"(?:de\s+|del\s+)?"  # 'junio de 2016', 'junio del 2016', '1 de junio de 2016'
_DATE_FORMS = [re.compile(p) for p in (
    rf"{_YEAR}(?:[-/](?P<num>\d{{1,2}})(?:[-/]{_DAY})?)?",  # 2016, 2016-06, 2016-06-01, 2016/6/1
    rf"(?P<num>\d{{1,2}})/{_YEAR}",  # 6/2016
    rf"{_NAMED},?\s*{_OF}{_YEAR}",  # June 2016, jun 2016, Sept. 2016, junio de 2016
    rf"{_DAY}\s+{_OF}{_NAMED},?\s*{_OF}{_YEAR}",  # 1 June 2016, 1 de junio de 2016
    rf"{_NAMED}\s+{_DAY},?\s*{_YEAR}",  # June 1, 2016
)]
_AMBIGUOUS = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}")
_MAX_DATE_TEXT = 40


def month_position(day: dt.date) -> int:
    """A month as a position of the date slider: year × 12 + month − 1."""
    return day.year * 12 + day.month - 1


def position_month(position: int) -> dt.date:
    """The first day of a slider position's month."""
    return dt.date(position // 12, position % 12 + 1, 1)


def date_forms() -> str:
    """The forms the date field reads, in the reader's language."""
    return _(DATE_FORMS)


def _day_month(day: dt.date) -> str:
    """'6 January', '6 de enero'."""
    return format_date(day, "d MMMM" if i18n.language() == i18n.DEFAULT else "d 'de' MMMM", locale=i18n.language())


def read_date(ds: Dataset, text: Any) -> tuple[str, str]:
    """A date as people write it (``DATE_FORMS``, and '1 June 2016', 'June 1, 2016', 'jun 2016', 'junio de 2016',
    '1 de junio de 2016'), as the view's date (YYYY-MM-DD; a month or a year means its first day), and a message
    saying why a text was not used.

    Empty text means links of every date: ``("", "")``. A date must be a real one within the data's timeline.

    Examples
    --------
    >>> import network
    >>> ds = network.load()
    >>> read_date(ds, "June 2016"), read_date(ds, "6/2016"), read_date(ds, " 2016-06-15 ")
    (('2016-06-01', ''), ('2016-06-01', ''), ('2016-06-15', ''))
    >>> read_date(ds, "junio de 2016"), read_date(ds, "1 de junio de 2016"), read_date(ds, "Junio 2016")
    (('2016-06-01', ''), ('2016-06-01', ''), ('2016-06-01', ''))
    >>> read_date(ds, "6/1/2016")[1]
    "'6/1/2016' could be 6 January or 1 June: write the month's name (1 June 2016) or the year first (2016-06-01)."
    >>> with i18n.speaking("es"):
    ...     read_date(ds, "6/1/2016")[1].split(":")[0]
    "'6/1/2016' podría ser 6 de enero o 1 de junio"
    """
    raw = text.strip() if isinstance(text, str) else ""
    if not raw:
        return "", ""
    shown = repr(raw if len(raw) <= _MAX_DATE_TEXT else raw[:_MAX_DATE_TEXT] + "…")
    lowered = " ".join(raw.lower().split())
    example = i18n.day_month_year(dt.date(2016, 6, 1))
    if _AMBIGUOUS.fullmatch(lowered) and not re.match(r"\d{4}", lowered):
        a, b = (int(x) for x in re.split(r"[/.-]", lowered)[:2])
        if 1 <= a <= 12 and 1 <= b <= 12 and a != b:
            return "", _("{text} could be {one} or {other}: write the month's name ({example}) or the year first "
                         "(2016-06-01).").format(text=shown, one=_day_month(dt.date(2016, b, a)),
                                                 other=_day_month(dt.date(2016, a, b)), example=example)
        return "", _("{text} is not a date this field reads: write it as {forms}, or {example}.").format(
            text=shown, forms=date_forms(), example=example)
    match = next((m for m in (f.fullmatch(lowered) for f in _DATE_FORMS) if m), None)
    if match is None:
        return "", _("{text} is not a date this field reads: write it as {forms}.").format(text=shown,
                                                                                          forms=date_forms())
    parts = match.groupdict()
    if parts.get("month"):
        month = _MONTH_NUMBERS.get(parts["month"], 0)
        if not month:
            return "", _("{text} is not a date this field reads: {word} is no month's name.").format(
                text=shown, word=repr(parts["month"]))
    else:
        month = int(parts.get("num") or 1)
    year, day_of_month = int(parts["year"]), int(parts.get("day") or 1)
    if year not in YEARS:
        return "", _("{text} is outside the years this tool can hold ({first} to {last}).").format(
            text=shown, first=YEARS[0], last=YEARS[-1])
    try:
        day = dt.date(year, month, day_of_month)
    except ValueError:
        return "", _("{text} is not a real date.").format(text=shown)
    first, last = month_range(ds)
    end = position_month(month_position(last) + 1) - dt.timedelta(days=1)
    if not first <= day <= end:
        return "", _("{day} is outside this data's timeline, which runs from {first} to {last}.").format(
            day=i18n.day_month_year(day), first=i18n.day_month_year(first), last=i18n.day_month_year(end))
    return day.isoformat(), ""
