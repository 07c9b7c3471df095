"""The view state: what a user has chosen, as it lives in the URL's query string.

Pure: no dash. ``decode`` reads a query string into raw values; ``validate`` checks raw values (which a client
can forge) against the data set and returns a clean ``ViewState`` and plain-words notices for anything
dropped; ``encode`` writes a state back as a query string. Opening an encoded URL restores the same view.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs, urlencode

from .i18n import _, choose
from .model import Dataset, parse_date
from .query import HARD_MAX_HOPS, Filters, make_filters
from .vocabulary import STATUSES

__all__ = ["ViewState", "decode", "encode", "validate", "month_range", "flow_relations", "DEFAULT_ORIGIN",
           "DEFAULT_TARGET", "CLICK_MODES", "MAX_QUERY", "join_route", "split_route"]

DEFAULT_ORIGIN = "kind:school"
DEFAULT_TARGET = "kind:immigration_enforcement"
CLICK_MODES = ("origin", "target", "remove")
_MAX_ITEMS = 50  # more choices than anyone makes by hand; a forged URL gets cut here
_MAX_TEXT = 300
#: The longest query string a view is read from in the explorer; the links it writes are far shorter.
MAX_QUERY = 32_768

_KEYS = {"data": "data", "from": "origins", "to": "targets", "hops": "max_hops", "status": "statuses",
         "rel": "relations", "asof": "as_of", "without": "without", "ctx": "context", "cut": "show_cut",
         "route": "route", "click": "click_mode", "cont": "continuous", "lang": "lang"}


@dataclass(frozen=True)
class ViewState:
    """Everything that defines a view. Lists hold node ids, ``kind:KIND`` or ``SRC->DST`` links."""

    origins: tuple[str, ...] = (DEFAULT_ORIGIN,)
    targets: tuple[str, ...] = (DEFAULT_TARGET,)
    max_hops: int = HARD_MAX_HOPS
    statuses: tuple[str, ...] = STATUSES
    relations: tuple[str, ...] = ()  # empty: every relation
    as_of: str = ""  # empty: links of every date
    without: tuple[str, ...] = ()
    context: bool = False
    show_cut: bool = True
    route: str = ""  # the selected route, node ids joined by '>'
    click_mode: str = "origin"
    data: str = ""  # the public id of an uploaded data set; empty for the served one
    continuous: bool = False  # only routes whose every handoff is established
    lang: str = ""  # the language the reader chose ("es"); empty: the browser's own (network/ui/language.py)

    def query_part(self) -> dict[str, Any]:
        """The fields that decide which routes are found (not how they are shown)."""
        d = asdict(self)
        for k in ("context", "show_cut", "route", "click_mode", "lang"):
            d.pop(k)
        return d

    def filters(self, ds: Dataset) -> Filters:
        """The checked filters of this view (statuses, relations, date, removals) for a data set."""
        args = self.trace_args()
        return make_filters(ds, args["statuses"], args["relations"], args["as_of"], args["without"])

    def trace_args(self) -> dict[str, Any]:
        return {  # everything trace() takes; `data` chooses the data set, not the routes within it
            "origins": list(self.origins),
            "targets": list(self.targets),
            "max_hops": self.max_hops,
            "statuses": list(self.statuses) if set(self.statuses) != set(STATUSES) else None,
            "relations": list(self.relations) or None,
            "as_of": self.as_of or None,
            "without": list(self.without),
            "continuous": self.continuous,
        }


_DEFAULT = ViewState()


def decode(search: str | None) -> dict[str, Any]:
    """Raw values from a query string ('?from=ebhs&hops=6'), unchecked.

    Examples
    --------
    >>> decode("?from=ebhs&from=bps&hops=6&status=")
    {'origins': ['ebhs', 'bps'], 'max_hops': ['6'], 'statuses': ['']}
    """
    raw = parse_qs((search or "").lstrip("?"), keep_blank_values=True)
    return {_KEYS[k]: v for k, v in raw.items() if k in _KEYS}


def encode(state: ViewState) -> str:
    """The query string of a state: only what differs from the default, so links stay short.

    Examples
    --------
    >>> encode(ViewState(origins=("ebhs",), max_hops=6))
    '?from=ebhs&hops=6'
    """
    pairs: list[tuple[str, str]] = []
    for key, name in _KEYS.items():
        value = getattr(state, name)
        if value == getattr(_DEFAULT, name):
            continue
        if isinstance(value, tuple):
            pairs.extend((key, v) for v in value or ("",))  # an empty choice is written as key=
        elif isinstance(value, bool):
            pairs.append((key, "1" if value else "0"))
        else:
            pairs.append((key, str(value)))
    return "?" + urlencode(pairs) if pairs else ""


def flow_relations(ds: Dataset) -> list[str]:
    return sorted({e.relation for e in ds.flow_edges})


def _texts(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else [value]
    return [str(v)[:_MAX_TEXT] for v in items[:_MAX_ITEMS] if isinstance(v, str | int | float) and str(v) != ""]


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list | tuple) and value else value


def _node_refs(ds: Dataset, refs: list[str], origin: bool, notices: list[str]) -> tuple[str, ...]:
    kinds = {n.kind for n in ds.nodes.values()}
    kept = []
    for ref in refs:
        if ref in ds.nodes or (ref.startswith("kind:") and ref[5:] in kinds):
            kept.append(ref)
        elif origin:  # "the link": the address the view was opened from
            notices.append(_("The link names an origin {ref}, which is not in this data set; it was left out.")
                           .format(ref=repr(ref)))
        else:
            notices.append(_("The link names a target {ref}, which is not in this data set; it was left out.")
                           .format(ref=repr(ref)))
    return tuple(dict.fromkeys(kept))


def validate(ds: Dataset, raw: dict[str, Any]) -> tuple[ViewState, list[str]]:
    """A clean state from raw values of any type, with a notice for everything dropped or corrected.

    Examples
    --------
    >>> import network
    >>> state, notices = validate(network.load(), {"origins": ["ebhs", "nowhere"], "max_hops": "99"})
    >>> state.origins, state.targets, state.max_hops, len(notices)
    (('ebhs',), ('kind:immigration_enforcement',), 8, 2)
    """
    notices: list[str] = []
    # a missing key means the default (when the data set has such nodes); an empty list, nothing picked yet
    kinds = {n.kind for n in ds.nodes.values()}
    defaults = {name: tuple(r for r in getattr(_DEFAULT, name) if r[5:] in kinds) for name in ("origins", "targets")}
    origins = _node_refs(ds, _texts(raw["origins"]), True, notices) if "origins" in raw else defaults["origins"]
    targets = _node_refs(ds, _texts(raw["targets"]), False, notices) if "targets" in raw else defaults["targets"]
    hops = _DEFAULT.max_hops
    if raw.get("max_hops") is not None:
        try:
            hops = int(str(_first(raw["max_hops"]))[:3])
            if not 1 <= hops <= HARD_MAX_HOPS:
                raise ValueError
        except ValueError:
            notices.append(_("Max hops must be a whole number from 1 to {most}; using {most}.").format(
                most=HARD_MAX_HOPS))
            hops = HARD_MAX_HOPS
    statuses = _DEFAULT.statuses
    if "statuses" in raw:
        wanted = _texts(raw["statuses"])
        statuses = tuple(s for s in STATUSES if s in wanted)
        if set(wanted) - set(STATUSES):
            notices.append(_("Unknown evidence statuses in the link were left out."))
    relations: tuple[str, ...] = ()
    if raw.get("relations"):
        known = set(flow_relations(ds))
        wanted = _texts(raw["relations"])
        relations = tuple(r for r in wanted if r in known)
        if len(relations) < len(wanted):
            notices.append(_("Unknown relations in the link were left out."))
    as_of = ""
    if raw.get("as_of"):
        text = str(_first(raw["as_of"]))[:10]
        try:
            as_of = text if parse_date(text) else ""
        except ValueError:
            notices.append(_("{text} is not a date (YYYY, YYYY-MM or YYYY-MM-DD); showing links of every date.")
                           .format(text=repr(text)))
    without = []
    for ref in _texts(raw.get("without")):
        ends = ref.split("->")
        if (len(ends) == 2 and all(x in ds.nodes for x in ends)) or ref in ds.nodes:
            without.append(ref)
        else:
            notices.append(_("The link removes {ref}, which is not in this data set; it was left out.")
                           .format(ref=repr(ref)))

    def flag(name: str, default: bool) -> bool:
        value = _first(raw.get(name))
        if value is None:
            return default
        return str(value).lower() in ("1", "true", "yes", "on")

    route = str(_first(raw.get("route")) or "")[:_MAX_TEXT * 4]
    if route and not all(n in ds.nodes for n in split_route(route)):
        notices.append(_("The selected route in the link is not in this data set."))
        route = ""
    click = str(_first(raw.get("click_mode")) or "origin")
    data = str(_first(raw.get("data")) or "")
    if data and not re.fullmatch(r"[0-9a-f]{16}", data):
        notices.append(_("The link names an uploaded data set in a form we do not know; it was left out."))
        data = ""
    state = ViewState(
        origins=origins,
        targets=targets,
        max_hops=hops,
        statuses=statuses,
        relations=relations,
        as_of=as_of,
        without=tuple(dict.fromkeys(without)),
        context=flag("context", _DEFAULT.context),
        show_cut=flag("show_cut", _DEFAULT.show_cut),
        route=route,
        click_mode=click if click in CLICK_MODES else "origin",
        data=data,
        continuous=flag("continuous", _DEFAULT.continuous),
        lang=choose(_first(raw.get("lang"))),
    )
    return state, notices


_ROUTE_ESCAPES = re.compile(r"%(25|3[eE])")


def join_route(nodes: Iterable[str]) -> str:
    """A route as one text, for the address and the routes table: its ids joined by ``>``, with ``%`` and ``>``
    inside an id written ``%25`` and ``%3E``, so that an id holding ``>`` comes back whole (``split_route``).

    Examples
    --------
    >>> join_route(["ebhs", "a>b", "50%"]), split_route(join_route(["ebhs", "a>b", "50%"]))
    ('ebhs>a%3Eb>50%25', ('ebhs', 'a>b', '50%'))
    """
    return ">".join(n.replace("%", "%25").replace(">", "%3E") for n in nodes)


def split_route(key: str) -> tuple[str, ...]:
    """The ids of a route written by ``join_route`` (a ``%`` not starting ``%25`` or ``%3E`` is kept as it is)."""
    unescape = {"25": "%", "3E": ">"}
    return tuple(_ROUTE_ESCAPES.sub(lambda m: unescape[m.group(1).upper()], part) for part in key.split(">")) \
        if key else ()


@lru_cache(maxsize=8)  # a data set's dates do not change, and a million links take a second to read
def month_range(ds: Dataset) -> tuple[dt.date, dt.date]:
    """First and last month worth showing on the timeline: every dated link and event, plus a year."""
    days = [d for e in ds.edges for d in (e.start_date, e.end_date) if d] + [ev.day for ev in ds.events]
    if not days:
        today = dt.date.today()
        return dt.date(today.year - 10, 1, 1), dt.date(today.year, 12, 1)
    return dt.date(min(days).year - 1, 1, 1), dt.date(max(days).year + 1, 12, 1)

