"""The words the model is told in: evidence statuses (strongest first, with what each means), the kinds of
institution and their tier on the map, and the relations along which no record travels.

The bottom of the package: it imports nothing of ``network``, and everything that ranks, colours, filters or
explains a status takes it from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType

__all__ = ["STATUSES", "STATUS_RANK", "STATUS_MEANINGS", "KIND_TIERS", "CONTEXT_RELATIONS", "is_flow_relation",
           "weakest_status", "strongest_status", "tier_of"]

#: Evidence statuses, strongest first. A route is only as strong as its weakest hop.
STATUSES: tuple[str, ...] = ("documented", "acknowledged", "reported", "alleged", "disputed", "unknown")
STATUS_RANK: MappingProxyType[str, int] = MappingProxyType({s: i for i, s in enumerate(STATUSES)})
STATUS_MEANINGS: MappingProxyType[str, str] = MappingProxyType(
    {
        "documented": "shown by court records, public records or official pages",
        "acknowledged": "the institution itself says so",
        "reported": "credible news reporting",
        "alleged": "a party or advocates claim it",
        "disputed": "claimed, and denied by the institution",
        "unknown": "no evidence status given",
    }
)

#: Known kinds and their tier: the column, from schools on the left to courts on the right.
KIND_TIERS: MappingProxyType[str, int] = MappingProxyType(
    {
        "school": 0,
        "policy_body": 0,
        "school_district": 1,
        "school_police": 2,
        "city_police": 3,
        "state_police": 3,
        "grant_administrator": 3,
        "fusion_center": 4,
        "database": 4,
        "task_force": 4,
        "federal_grant": 4,
        "federal_agency": 5,
        "immigration_enforcement": 5,
        "court": 6,
    }
)

#: Relations that explain the entanglement but along which no record travels; route tracing skips them.
CONTEXT_RELATIONS: frozenset[str] = frozenset(
    {"funds", "operates", "part_of", "oversees", "liaison", "regulates", "governs", "sues", "administers"}
)


def is_flow_relation(relation: str) -> bool:
    """Whether records can travel along a relation: every relation not known as context is a flow.

    Examples
    --------
    >>> is_flow_relation("shares_reports"), is_flow_relation("funds")
    (True, False)
    """
    return relation.strip().lower() not in CONTEXT_RELATIONS


def weakest_status(statuses: Iterable[str]) -> str:
    """The weakest of some statuses (``unknown`` when there are none)."""
    return max(statuses, key=STATUS_RANK.__getitem__, default="unknown")


def strongest_status(statuses: Iterable[str]) -> str:
    """The strongest of some statuses (``unknown`` when there are none)."""
    return min(statuses, key=STATUS_RANK.__getitem__, default="unknown")


def tier_of(kind: str) -> int | None:
    """The tier of a known kind, or None when the kind is not known (its tier is then inferred)."""
    return KIND_TIERS.get(kind)
