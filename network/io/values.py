"""Cell values that many rows repeat: statuses, relations, yes/no flags and lists of ids.

A national edge list has a million rows but a handful of statuses and relations: each distinct cell is
worked out once (bounded caches) and every row that has it shares the result, the same string object.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..errors import Problem
from ..model import STATUSES, is_flow_relation, parse_date
from .columns import normalise

__all__ = ["YES", "NO", "DATE_FIX", "STATUS_SET", "STATUS_FIX", "split_ids", "normalised", "relation_of",
           "read_status", "check_span"]

#: The statuses, for a set lookup per row.
STATUS_SET = frozenset(STATUSES)

YES = frozenset({"yes", "y", "true", "1", "flow"})
NO = frozenset({"no", "n", "false", "0", "context"})
STATUS_FIX = "Use one of: " + ", ".join(STATUSES) + "."
DATE_FIX = "Write dates as YYYY, YYYY-MM or YYYY-MM-DD (for example 2019-10 or 2019-10-01)."
_SEPARATORS = re.compile(r"[;,|]")


def split_ids(cell: str) -> tuple[str, ...]:
    """Split a cell holding several ids (separated by ; , or |), dropping blanks and repeats.

    Examples
    --------
    >>> split_ids("S1; S2;S1"), split_ids(" S3 "), split_ids(""), split_ids(" ; ")
    (('S1', 'S2'), ('S3',), (), ())
    """
    if not cell:  # most links of a large file cite nothing
        return ()
    if ";" not in cell and "," not in cell and "|" not in cell:  # one id: no split, no repeats to drop
        part = cell.strip()
        return (part,) if part else ()
    parts = (p.strip() for p in _SEPARATORS.split(cell))
    return tuple(dict.fromkeys(p for p in parts if p))


@lru_cache(maxsize=1024)
def normalised(cell: str) -> str:
    """``columns.normalise``, remembered: a status or a kind is one of a few, on every row.

    Examples
    --------
    >>> normalised("Documented"), normalised("School Police"), normalised("")
    ('documented', 'school_police', '')
    """
    return normalise(cell)


@lru_cache(maxsize=1024)
def relation_of(cell: str) -> tuple[str, bool]:
    """The relation a (stripped) cell names, normalised, and whether it is a flow unless a flow column says.

    Examples
    --------
    >>> relation_of("Shares Reports"), relation_of("funds"), relation_of("")
    (('shares_reports', True), ('funds', False), ('', True))
    """
    relation = normalise(cell)
    return relation, is_flow_relation(relation)



def read_status(raw: str, file: str, row: int, column: str, problems: list[Problem]) -> str:
    """The evidence status a (stripped) cell names, for links, handoffs and outcomes alike: blank is ``unknown``;
    a status we do not know is reported at ``file``, ``row``, ``column`` and read as ``unknown``.

    Examples
    --------
    >>> problems = []
    >>> read_status("Documented", "edges.csv", 2, "status", problems), read_status("", "edges.csv", 3, "status", [])
    ('documented', 'unknown')
    >>> read_status("sure", "handoffs.csv", 4, "status", problems), str(problems[0])
    ('unknown', "handoffs.csv:4:status: status 'sure' is not one we know. Use one of: documented, acknowledged, \
reported, alleged, disputed, unknown.")
    """
    status = normalised(raw) or "unknown"
    if status in STATUS_SET:
        return status
    problems.append(Problem(file, row, column, f"status {raw!r} is not one we know.", STATUS_FIX))
    return "unknown"


def check_span(start: str, end: str, file: str, row: int, column: str, problems: list[Problem]) -> None:
    """Report an end before its start (both already checked as dates; blank ones are not compared).

    Examples
    --------
    >>> problems = []
    >>> check_span("2020", "2019-05", "edges.csv", 7, "end", problems); print(problems[0])
    edges.csv:7:end: the end (2019-05) is before the start (2020). Swap the two dates, or correct one of them.
    """
    if start and end and parse_date(end) < parse_date(start):  # type: ignore[operator]
        problems.append(Problem(file, row, column, f"the end ({end}) is before the start ({start}).",
                                "Swap the two dates, or correct one of them."))
