"""The words the model is told in: evidence statuses (strongest first, with what each means), the kinds of
institution and their tier on the map, and the relations along which no record travels.

The bottom of the package: it imports nothing of ``network`` but ``i18n`` (its words are marked for the
catalogue here and read in the reader's language), and everything that ranks, colours, filters or explains a status
takes it from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType

from .i18n import N_, gettext

__all__ = ["STATUSES", "STATUS_RANK", "STATUS_MEANINGS", "KIND_TIERS", "CONTEXT_RELATIONS", "is_flow_relation",
           "weakest_status", "strongest_status", "tier_of", "Words", "KIND_WORDS", "any_kind"]


class Words(Mapping[str, str]):
    """A read-only table of words for readers, written in English and read in the current language: each value is
    marked for the catalogue where the table is defined and translated each time it is read, so a table made at
    import time still speaks the language of the request that reads it.

    Examples
    --------
    >>> from network import i18n
    >>> with i18n.speaking("es"):
    ...     STATUS_MEANINGS["acknowledged"]
    'la propia institución lo dice'
    >>> STATUS_MEANINGS["acknowledged"], STATUS_MEANINGS.english("acknowledged")
    ('the institution itself says so', 'the institution itself says so')
    """

    def __init__(self, table: Mapping[str, str]):
        self._table = dict(table)

    def __getitem__(self, key: str) -> str:
        return gettext(self._table[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def english(self, key: str) -> str:
        """The word as the code writes it (for files and ids, which do not change with the reader's language)."""
        return self._table[key]


#: Evidence statuses, strongest first. A route is only as strong as its weakest hop.
STATUSES: tuple[str, ...] = ("documented", "acknowledged", "reported", "alleged", "disputed", "unknown")
STATUS_RANK: MappingProxyType[str, int] = MappingProxyType({s: i for i, s in enumerate(STATUSES)})
#: What each status means, in the reader's language when read (``Words``).
STATUS_MEANINGS: Words = Words(
    {
        "documented": N_("shown by court records, public records or official pages"),
        "acknowledged": N_("the institution itself says so"),
        "reported": N_("credible news reporting"),
        "alleged": N_("a party or advocates claim it"),
        "disputed": N_("claimed, and denied by the institution"),
        "unknown": N_("no evidence status given"),
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

#: A kind as a reader names every institution of it ("any school"), for the kinds of the data sets the tool is
#: served with; ``any_kind`` words any other kind.
KIND_WORDS: Words = Words(
    {
        "school": N_("any school"),
        "policy_body": N_("any policy body"),
        "school_district": N_("any school district"),
        "school_police": N_("any school police"),
        "city_police": N_("any city police"),
        "state_police": N_("any state police"),
        "grant_administrator": N_("any grant administrator"),
        "fusion_center": N_("any fusion center"),
        "database": N_("any database"),
        "task_force": N_("any task force"),
        "federal_grant": N_("any federal grant"),
        "federal_agency": N_("any federal agency"),
        "immigration_enforcement": N_("any immigration enforcement"),
        "court": N_("any court"),
        "advocacy_group": N_("any advocacy group"),
        "city_government": N_("any city government"),
        "state_agency": N_("any state agency"),
    }
)


def any_kind(kind: str) -> str:
    """Every institution of a kind, in words: 'any school'; a kind the tool does not know (from an upload) is
    written as the data set wrote it, with spaces for underscores.

    Examples
    --------
    >>> any_kind("school"), any_kind("youth_center")
    ('any school', 'any youth center')
    """
    if kind in KIND_WORDS:
        return KIND_WORDS[kind]
    # Translators: every institution of a kind the tool does not know, named as the data set wrote it.
    return gettext("any {kind}").format(kind=kind.replace("_", " "))


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
