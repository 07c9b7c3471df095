"""Cell values that many rows repeat: statuses, relations, yes/no flags and lists of ids.

A national edge list has a million rows but a handful of statuses and relations: each distinct cell is
worked out once (bounded caches) and every row that has it shares the result, the same string object.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import STATUSES, is_flow_relation
from .columns import normalise

__all__ = ["YES", "NO", "DATE_FIX", "STATUS_SET", "split_ids", "normalised", "relation_of"]

#: The statuses, for a set lookup per row.
STATUS_SET = frozenset(STATUSES)

YES = frozenset({"yes", "y", "true", "1", "flow"})
NO = frozenset({"no", "n", "false", "0", "context"})
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

