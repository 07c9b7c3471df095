"""The rules for a date cell, whatever the table: a date as YYYY, YYYY-MM or YYYY-MM-DD, in the years the tool
holds, and an end not before its start; each problem said in the reader's language (``fields`` re-exports them).
"""

from __future__ import annotations

from ..errors import Problem
from ..i18n import N_, _
from ..model import YEARS, DateOutOfRange, parse_date

__all__ = ["DATE_FIX", "YEAR_FIX", "check_date", "check_span"]

DATE_FIX = N_("Write dates as YYYY, YYYY-MM or YYYY-MM-DD (for example 2019-10 or 2019-10-01).")
YEAR_FIX = N_("Write a year between {first} and {last}; leave the date blank when it is not known.")
#: Python's reasons for a date that does not exist, in the reader's language.
_NOT_REAL = {"month must be in 1..12": N_("month must be in 1..12"),
             "day is out of range for month": N_("day is out of range for month")}


def check_date(text: str, file: str, row: int, column: str, problems: list[Problem]) -> str:
    """A (stripped) date cell as kept: YYYY, YYYY-MM or YYYY-MM-DD, or blank; "" (reported) when it is no date.

    Examples
    --------
    >>> problems = []
    >>> check_date("2019-10", "sources.csv", 2, "date", problems), check_date("", "sources.csv", 3, "date", problems)
    ('2019-10', '')
    >>> check_date("2019-13", "sources.csv", 4, "date", problems), problems[0].message
    ('', "'2019-13' is not a real date (month must be in 1..12).")
    >>> check_date("9999-01-01", "edges.csv", 5, "end", problems); print(problems[1])
    ''
    edges.csv:5:end: '9999-01-01' is outside the years this tool can hold (1900 to 2100). Write a year between \
1900 and 2100; leave the date blank when it is not known.
    """
    try:
        parse_date(text)
    except DateOutOfRange:
        problems.append(Problem(file, row, column, _(
            "{value} is outside the years this tool can hold ({first} to {last}).").format(
                value=repr(text), first=YEARS[0], last=YEARS[-1]),
            _(YEAR_FIX).format(first=YEARS[0], last=YEARS[-1])))
        return ""
    except ValueError as err:
        problems.append(Problem(file, row, column, _not_a_date(text, err), _(DATE_FIX)))
        return ""
    return text


def _not_a_date(text: str, err: ValueError) -> str:
    """What ``parse_date`` found, in the reader's language: no date at all, or one that does not exist."""
    if err.__cause__ is None:
        return _("{value} is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD.").format(value=repr(text))
    reason = str(err.__cause__)
    return _("{value} is not a real date ({reason}).").format(
        value=repr(text), reason=_(_NOT_REAL[reason]) if reason in _NOT_REAL else reason)


def check_span(start: str, end: str, file: str, row: int, column: str, problems: list[Problem]) -> None:
    """Report an end before its start (both already checked as dates; blank ones are not compared).

    Examples
    --------
    >>> problems = []
    >>> check_span("2020", "2019-05", "edges.csv", 7, "end", problems); print(problems[0])
    edges.csv:7:end: the end (2019-05) is before the start (2020). Swap the two dates, or correct one of them.
    """
    first, last = parse_date(start), parse_date(end)
    if first is not None and last is not None and last < first:
        problems.append(Problem(file, row, column, _("the end ({end}) is before the start ({start}).").format(
            end=end, start=start), _("Swap the two dates, or correct one of them.")))
