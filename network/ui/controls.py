"""The query controls: which they are, what each shows for a view, and which view they show together.

Plain functions over a data set and a ``ViewState`` (no callbacks here): ``control_values`` is state → controls,
``view_of_controls`` is controls → state, ``control_options`` is what a data set offers in its pickers and on
its date slider, ``search_options`` what a picker of a big data set offers for a word typed in it, and
``read_date`` the date typed beside the slider. The layout starts from ``control_values`` of the default view, so
the page and a link agree.

The date slider stands at months (``day_index``: year × 12 + month − 1), so it moves a month at a time; the view
keeps any day a link, the date field or the timeline gives, and the slider stands at its month.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace
from functools import lru_cache
from typing import Any

from .. import i18n
from ..i18n import N_, _, ngettext
from ..model import Dataset, parse_date
from ..viewstate import ViewState, flow_relations, month_range, validate
from . import ids
from .date_text import DATE_FORMS, date_forms, read_date
from .date_text import month_position as _position
from .date_text import position_month as _month
from .views import relation_name

__all__ = ["CONTROLS", "OPTIONS", "MORE", "DATE_FORMS", "date_forms", "control_values", "control_options",
           "view_of_controls", "shown_view", "node_options", "whatif_options", "search_options", "is_big",
           "read_date", "day_index", "index_day", "slider_position", "month_start", "month_span", "date_marks"]

#: Every control of the query, by name: its component's ``value`` is what the view says.
CONTROLS = {
    "origin": ids.ORIGIN, "target": ids.TARGET, "hops": ids.HOPS, "statuses": ids.STATUSES,
    "relations": ids.RELATIONS, "date_on": ids.DATE_ON, "date": ids.DATE, "without": ids.WITHOUT,
    "context": ids.CONTEXT, "show_cut": ids.SHOW_CUT, "click_mode": ids.CLICK_MODE, "continuous": ids.CONTINUOUS,
}
#: What a data set offers, by name: (component, property).
OPTIONS = {
    "origin": (ids.ORIGIN, "options"), "target": (ids.TARGET, "options"), "relations": (ids.RELATIONS, "options"),
    "without": (ids.WITHOUT, "options"), "date_min": (ids.DATE, "min"), "date_max": (ids.DATE, "max"),
    "date_marks": (ids.DATE, "marks"),
}
_BIG_OPTIONS = 2000  # above this many institutions (or links) the pickers list the first ones until a word is typed
#: The value of the line that says a picker's list is cut: no choice (a view drops it).
MORE = "\u2026more"
_MAX_FOUND = 100  # the choices a word finds that a picker lists
_MAX_KEPT, _MAX_REF = 50, 1000  # as many choices as a view keeps, none longer than a link of two ids
_MAX_SEARCH, _MAX_WORDS = 200, 8


def _switch(on: bool) -> list[str]:
    return ["on"] if on else []


def _is_on(value: Any) -> bool:
    return isinstance(value, list) and "on" in value


def control_values(ds: Dataset, state: ViewState) -> dict[str, Any]:
    """What each control shows for a view (the date slider stands at the view's date, or at the end)."""
    return {
        "origin": list(state.origins), "target": list(state.targets), "hops": state.max_hops,
        "statuses": list(state.statuses), "relations": list(state.relations), "date_on": _switch(bool(state.as_of)),
        "date": day_index(ds, state.as_of) if state.as_of else month_span(ds), "without": list(state.without),
        "context": _switch(state.context), "show_cut": _switch(state.show_cut), "click_mode": state.click_mode,
        "continuous": _switch(state.continuous),
    }


def control_options(ds: Dataset, state: ViewState | None = None) -> dict[str, Any]:
    """What the pickers and the date slider offer for a data set, by the names of ``OPTIONS`` (the pickers with
    the choices of ``state``: a picker drops a value it has no option for)."""
    state = state or ViewState()
    relations = [{"label": relation_name(r) or _("(unnamed)"), "value": r} for r in flow_relations(ds)]
    return {"origin": node_options(ds, state.origins), "target": node_options(ds, state.targets),
            "relations": relations, "without": whatif_options(ds, state.without), "date_min": month_start(ds),
            "date_max": month_span(ds), "date_marks": date_marks(ds)}


def view_of_controls(ds: Dataset, controls: dict[str, Any], data: Any = "") -> tuple[ViewState, list[str]]:
    """The checked view the controls show (values of any type: a client can post anything), with notices.

    ``data`` is the public id of an uploaded data set, which no control shows; the selected route is not a
    control either and is left empty.
    """
    def value(name: str) -> Any:
        return controls.get(name) if isinstance(controls, dict) else None

    date = slider_position(value("date"))
    as_of = index_day(ds, date) if _is_on(value("date_on")) and date is not None else ""
    statuses = value("statuses")
    def picked(name: str) -> Any:  # the line saying a list is cut is no choice
        chosen = value(name)
        return [v for v in chosen if v != MORE] if isinstance(chosen, list) else chosen

    raw = {"origins": picked("origin"), "targets": picked("target"), "max_hops": value("hops"),
           "statuses": statuses if statuses else [""], "relations": value("relations"), "as_of": as_of,
           "without": picked("without"), "context": "1" if _is_on(value("context")) else "0",
           "show_cut": "1" if _is_on(value("show_cut")) else "0", "click_mode": value("click_mode"),
           "data": data if isinstance(data, str) else "", "continuous": "1" if _is_on(value("continuous")) else "0"}
    return validate(ds, raw)


def shown_view(ds: Dataset, state: ViewState) -> ViewState:
    """A view as the controls show it: the date where the slider can stand (a day), no selected route."""
    as_of = index_day(ds, day_index(ds, state.as_of)) if state.as_of else ""
    return replace(state, as_of=as_of, route="")


def _by_name(ds: Dataset) -> tuple[tuple[str, str, str], ...]:
    """Every institution as (id, label, what a search reads: label and id in lower case), by label, in the
    reader's language (a data set may name its institutions in Spanish too)."""
    return _names(ds, i18n.language())


@lru_cache(maxsize=8)
def _names(ds: Dataset, _lang: str) -> tuple[tuple[str, str, str], ...]:
    nodes = sorted(ds.nodes.values(), key=lambda n: (n.name.lower(), n.id))
    return tuple((n.id, n.name, f"{n.name.lower()}\n{n.id.lower()}") for n in nodes)


def _pairs(ds: Dataset) -> tuple[tuple[str, str, str], ...]:
    """Every flow link a user can remove as (value, label, what a search reads), by its ends' ids, in the
    reader's language."""
    return _links(ds, i18n.language())


def _link_label(ds: Dataset, a: str, b: str) -> str:
    # Translators: a link in the 'What if these were gone?' picker: 'link: Boston Police → BRIC'
    return _("link: {source} → {target}").format(source=ds.label(a), target=ds.label(b))


@lru_cache(maxsize=8)
def _links(ds: Dataset, _lang: str) -> tuple[tuple[str, str, str], ...]:
    pairs = sorted({(e.source, e.target) for e in ds.flow_edges if e.source != e.target})
    out = []
    for a, b in pairs:
        label = _link_label(ds, a, b)
        out.append((f"{a}->{b}", label, f"{label.lower()}\n{a.lower()}->{b.lower()}"))
    return tuple(out)


#: 'Any KIND' for the kinds the tool knows (``vocabulary.KIND_TIERS``), each a sentence of its own for the
#: translator (Spanish: 'Cualquier escuela'); another kind is said with its own words ('Any {kind}').
_ANY_KIND = {
    "school": N_("Any school"), "policy_body": N_("Any policy body"), "school_district": N_("Any school district"),
    "school_police": N_("Any school police"), "city_police": N_("Any city police"),
    "state_police": N_("Any state police"), "grant_administrator": N_("Any grant administrator"),
    "fusion_center": N_("Any fusion center"), "database": N_("Any database"), "task_force": N_("Any task force"),
    "federal_grant": N_("Any federal grant"), "federal_agency": N_("Any federal agency"),
    "immigration_enforcement": N_("Any immigration enforcement"), "court": N_("Any court"),
}


def _any_kind(kind: str) -> str:
    if kind in _ANY_KIND:
        return _(_ANY_KIND[kind])
    # Translators: 'Any' before a kind of institution the data set names in its own words
    return _("Any {kind}").format(kind=kind.replace("_", " "))


def _kind_options(ds: Dataset) -> list[dict[str, Any]]:
    """'Any KIND' for every kind; a kind with one member says which ('Any school (this data has one: East Boston
    High School)'), so nobody picks 'any' thinking it means many."""
    return [dict(option) for option in _kind_options_in(ds, i18n.language())]


@lru_cache(maxsize=16)  # per data set and language: a national data set's 100,000 institutions read once
def _kind_options_in(ds: Dataset, _language: str) -> tuple[dict[str, Any], ...]:
    members: dict[str, list[str]] = {}
    for n in ds.nodes.values():
        members.setdefault(n.kind, []).append(n.name)
    options = []
    for kind in sorted(members):
        label = _any_kind(kind)
        if len(members[kind]) == 1:
            label = _("{any_kind} (this data has one: {name})").format(any_kind=label, name=members[kind][0])
        options.append({"label": label, "value": f"kind:{kind}"})
    return tuple(options)


def is_big(ds: Dataset) -> bool:
    """Whether the pickers list only part of the data set's choices until a word is typed (searched on the server)."""
    return len(ds.nodes) > _BIG_OPTIONS or len(_pairs(ds)) > _BIG_OPTIONS


def _more(count: int, search: str = "") -> dict[str, Any]:
    """The line that says a list is cut, first in it (a picker draws only the options in sight): never a choice
    (disabled, and dropped if posted: ``MORE``)."""
    n = i18n.number(count)
    if search:  # ``search`` makes the browser's own filter keep the line while that word is typed
        return {"label": ngettext("{n} more match: type more to narrow", "{n} more match: type more to narrow",
                                  count).format(n=n), "value": MORE, "disabled": True, "search": search}
    return {"label": ngettext("{n} more: type a name to find any of them", "{n} more: type a name to find any of "
                              "them", count).format(n=n), "value": MORE, "disabled": True}


def _refs(value: Any) -> list[str]:
    """The choices a picker holds (what a client posts: text only, no more than a link keeps)."""
    items = value if isinstance(value, list | tuple) else []
    return [v for v in items[:_MAX_KEPT] if isinstance(v, str) and 0 < len(v) <= _MAX_REF and v != MORE]


def _kept(ds: Dataset, keep: Any, shown: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Options for the choices made that ``shown`` lacks: a picker drops a value it has no option for."""
    have = {o["value"] for o in shown}
    kinds = {o["value"]: o["label"] for o in _kind_options(ds)}
    out = []
    for ref in dict.fromkeys(_refs(keep)):
        if ref in have:
            continue
        ends = ref.split("->")
        if ref in ds.nodes:
            out.append({"label": ds.label(ref), "value": ref})
        elif ref in kinds:
            out.append({"label": kinds[ref], "value": ref})
        elif len(ends) == 2 and all(e in ds.nodes for e in ends):
            out.append({"label": _link_label(ds, ends[0], ends[1]), "value": ref})
    return out


def node_options(ds: Dataset, keep: Any = ()) -> list[dict[str, Any]]:
    """Picker options: 'any KIND' first, then the institutions by label (the first 2,000 of a bigger data set,
    after a line saying how many more a word finds), and the choices in ``keep``. Labels are shown as text."""
    nodes = _by_name(ds)
    options = _kind_options(ds) + [{"label": label, "value": nid} for nid, label, _ in nodes[:_BIG_OPTIONS]]
    more = [_more(len(nodes) - _BIG_OPTIONS)] if len(nodes) > _BIG_OPTIONS else []
    return more + options + _kept(ds, keep, options)


def whatif_options(ds: Dataset, keep: Any = ()) -> list[dict[str, Any]]:
    """Institutions and flow links a user can remove (the first 2,000 of each in a big data set), and ``keep``."""
    nodes, pairs = _by_name(ds), _pairs(ds)
    options = [{"label": label, "value": nid} for nid, label, _ in nodes[:_BIG_OPTIONS]]
    options += [{"label": label, "value": value} for value, label, _ in pairs[:_BIG_OPTIONS]]
    hidden = max(0, len(nodes) - _BIG_OPTIONS) + max(0, len(pairs) - _BIG_OPTIONS)
    return ([_more(hidden)] if hidden else []) + options + _kept(ds, keep, options)


def search_options(ds: Dataset, picker: str, search: Any, keep: Any) -> list[dict[str, Any]] | None:
    """What a picker of a big data set offers for a word typed in it: every choice whose label or id holds each
    word (case ignored; those starting with the first word first), at most 100 after a line saying how many more,
    then the choices in ``keep``. None for a data set whose pickers hold every choice (the browser searches).

    ``picker`` is 'origin', 'target' (kinds and institutions) or 'without' (institutions and links).
    """
    if not is_big(ds):
        return None
    text = search.strip()[:_MAX_SEARCH] if isinstance(search, str) else ""
    if not text:
        return node_options(ds, keep) if picker != "without" else whatif_options(ds, keep)
    words = text.lower().split()[:_MAX_WORDS]
    pool: list[tuple[str, str, str]] = []
    if picker == "without":
        pool += [*_by_name(ds), *_pairs(ds)]
    else:
        pool += [(o["value"], o["label"], f"{o['label'].lower()}\n{o['value'].lower()}") for o in _kind_options(ds)]
        pool += _by_name(ds)
    found = [(value, label) for value, label, seen in pool if all(w in seen for w in words)]
    found.sort(key=lambda item: not item[1].lower().startswith(words[0]))  # stable: by label within each
    options = [{"label": label, "value": value} for value, label in found[:_MAX_FOUND]]
    more = [_more(len(found) - _MAX_FOUND, text)] if len(found) > _MAX_FOUND else []
    return more + options + _kept(ds, keep, options)


def day_index(ds: Dataset, text: str) -> int:
    """The slider position of a date: its month, counted as year × 12 + month − 1 (June 2016 is 24197), within
    the timeline. ``assets/date_slider.js`` reads a position back as a date the same way."""
    first, last = month_range(ds)
    day = parse_date(text) or last
    return max(_position(first), min(_position(day), _position(last)))


def slider_position(value: Any) -> int | None:
    """A slider position a client posted (a number; NaN, Infinity, a flag or text are none)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return int(value)


def index_day(ds: Dataset, index: int) -> str:
    """The date of a slider position, the first of its month (clamped to the timeline; a position that is no
    number gives its end)."""
    first, last = month_range(ds)
    position = slider_position(index)
    return _month(max(_position(first), min(_position(last) if position is None else position,
                                             _position(last)))).isoformat()


def month_start(ds: Dataset) -> int:
    """The slider's first position: the first month of the timeline."""
    return _position(month_range(ds)[0])


def month_span(ds: Dataset) -> int:
    """The slider's last position: the last month of the timeline."""
    return _position(month_range(ds)[1])


def date_marks(ds: Dataset) -> dict[int, str]:
    """A label under the date slider every few years."""
    first, last = month_range(ds)
    years = list(range(first.year, last.year + 1))
    step = max(1, -(-len(years) // 5))  # about five labels fit under the narrow slider
    return {_position(dt.date(y, 1, 1)): str(y) for y in years[::step]}
