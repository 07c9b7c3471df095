"""When a link or handoff is open, as whole days: the arithmetic of time-respecting routes.

A record can wait at an institution, so a route is real when there are days t1 <= t2 <= ... with each of its
links and handoffs open on its day. Walking a route forward from the earliest day gives the first day a record
could have completed it; walking it backward from the latest day gives the last day one could have started it.
Days are ordinals (``date.toordinal()``); an undated start is ``NEVER_BEFORE`` and an open end ``NEVER_AFTER``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .i18n import day_month_year, month_year
from .model import parse_date

__all__ = ["Span", "ALWAYS", "NEVER_BEFORE", "NEVER_AFTER", "span_of", "earliest", "latest", "open_on",
           "Window", "day_text",
           "date_words", "last_day"]

NEVER_BEFORE = -(1 << 40)  # before any date: an undated start
NEVER_AFTER = 1 << 40  # after any date: an open end


@dataclass(frozen=True, slots=True)
class Span:
    """The days from ``first`` up to, not including, ``end``; with the dates as the data set wrote them."""

    first: int
    end: int
    first_text: str = ""
    end_text: str = ""

    @property
    def dated(self) -> bool:
        return self.first != NEVER_BEFORE or self.end != NEVER_AFTER


ALWAYS = Span(NEVER_BEFORE, NEVER_AFTER)


def span_of(start: str, end: str) -> Span:
    """The span of a link or handoff from its ``start`` and ``end`` (blank: undated, open).

    Examples
    --------
    >>> s = span_of("2014", "2019-10")
    >>> dt.date.fromordinal(s.first), dt.date.fromordinal(s.end - 1)
    (datetime.date(2014, 1, 1), datetime.date(2019, 9, 30))
    """
    if not start and not end:
        return ALWAYS
    first, last = parse_date(start), parse_date(end)
    return Span(first.toordinal() if first else NEVER_BEFORE, last.toordinal() if last else NEVER_AFTER,
                start, end)


def earliest(spans: Sequence[Span], day: int) -> int | None:
    """The first day on or after ``day`` on which one of ``spans`` is open (None: never again)."""
    best: int | None = None
    for s in spans:
        if s.end > day:
            t = s.first if s.first > day else day
            if best is None or t < best:
                best = t
    return best


def latest(spans: Sequence[Span], day: int) -> int | None:
    """The last day on or before ``day`` on which one of ``spans`` is open (None: never before)."""
    best: int | None = None
    for s in spans:
        if s.first <= day:
            t = s.end - 1 if s.end <= day and s.end != NEVER_AFTER else day
            if best is None or t > best:
                best = t
    return best


def open_on(spans: Iterable[Span], day: int) -> bool:
    return any(s.first <= day < s.end for s in spans)


def day_text(day: int) -> str:
    """An ordinal day as YYYY-MM-DD."""
    return dt.date.fromordinal(day).isoformat()


def date_words(text: str) -> str:
    """A date as the data set wrote it, in words and no more precise, in the reader's language: '2019-10' is
    'October 2019' ('octubre de 2019').

    Examples
    --------
    >>> date_words("2014"), date_words("2019-10"), date_words("2020-08-19")
    ('2014', 'October 2019', '19 August 2020')
    >>> from network import i18n
    >>> with i18n.speaking("es"):
    ...     date_words("2019-10"), date_words("2020-08-19")
    ('octubre de 2019', '19 de agosto de 2020')
    """
    day = parse_date(text)
    if day is None:
        return ""
    parts = text.strip().split("-")
    if len(parts) == 1:
        return str(day.year)
    if len(parts) == 2:
        return month_year(day)
    return day_month_year(day)


def last_day(text: str) -> dt.date | None:
    """The last day a date as written can mean: '2016' is 31 December 2016, '2019-10' is 31 October 2019.

    Examples
    --------
    >>> last_day("2016"), last_day("2019-02"), last_day("2020-08-19")
    (datetime.date(2016, 12, 31), datetime.date(2019, 2, 28), datetime.date(2020, 8, 19))
    """
    day = parse_date(text)
    if day is None:
        return None
    parts = text.strip().split("-")
    if len(parts) == 1:
        return dt.date(day.year, 12, 31)
    if len(parts) == 2:
        following = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return day


@dataclass(frozen=True)
class Window:
    """When a route could have been taken: ``first`` is the first day a record could have completed it (None:
    its links are not dated), ``last`` the last day a record could have started it (None: it is still open).
    ``first_text`` and ``last_text`` are the dates as the data set wrote them (``last_text`` is the day the
    route closed), for sentences that keep the sources' precision ("between 2014 and October 2019").
    """

    first: int | None
    last: int | None
    first_text: str = ""
    last_text: str = ""
    closed_by: str = ""  # the id of the link whose end closed the route, when a link's did

    def as_dict(self) -> dict[str, str | None]:
        return {"from": day_text(self.first) if self.first is not None else None,
                "to": day_text(self.last) if self.last is not None else None}
