"""The query controls: which they are, what each shows for a view, and which view they show together.

Plain functions over a data set and a ``ViewState`` (no callbacks here): ``control_values`` is state → controls,
``view_of_controls`` is controls → state, ``control_options`` is what a data set offers in its pickers and on
its date slider. The layout starts from ``control_values`` of the default view, so the page and a link agree.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace
from typing import Any

from ..model import Dataset, parse_date
from ..viewstate import ViewState, flow_relations, month_range, validate
from . import ids

__all__ = ["CONTROLS", "OPTIONS", "control_values", "control_options", "view_of_controls", "shown_view",
           "node_options", "whatif_options", "day_index", "index_day", "slider_position", "month_span", "date_marks"]

#: Every control of the query, by name: its component's ``value`` is what the view says.
CONTROLS = {
    "origin": ids.ORIGIN, "target": ids.TARGET, "hops": ids.HOPS, "statuses": ids.STATUSES,
    "relations": ids.RELATIONS, "date_on": ids.DATE_ON, "date": ids.DATE, "without": ids.WITHOUT,
    "context": ids.CONTEXT, "show_cut": ids.SHOW_CUT, "click_mode": ids.CLICK_MODE, "continuous": ids.CONTINUOUS,
}
#: What a data set offers, by name: (component, property).
OPTIONS = {
    "origin": (ids.ORIGIN, "options"), "target": (ids.TARGET, "options"), "relations": (ids.RELATIONS, "options"),
    "without": (ids.WITHOUT, "options"), "date_max": (ids.DATE, "max"), "date_marks": (ids.DATE, "marks"),
}
_BIG_OPTIONS = 2000  # above this many institutions the pickers list kinds and the first ones only


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


def control_options(ds: Dataset) -> dict[str, Any]:
    """What the pickers and the date slider offer for a data set, by the names of ``OPTIONS``."""
    relations = [{"label": r.replace("_", " ") or "(unnamed)", "value": r} for r in flow_relations(ds)]
    return {"origin": node_options(ds), "target": node_options(ds), "relations": relations,
            "without": whatif_options(ds), "date_max": month_span(ds), "date_marks": date_marks(ds)}


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
    raw = {"origins": value("origin"), "targets": value("target"), "max_hops": value("hops"),
           "statuses": statuses if statuses else [""], "relations": value("relations"), "as_of": as_of,
           "without": value("without"), "context": "1" if _is_on(value("context")) else "0",
           "show_cut": "1" if _is_on(value("show_cut")) else "0", "click_mode": value("click_mode"),
           "data": data if isinstance(data, str) else "", "continuous": "1" if _is_on(value("continuous")) else "0"}
    return validate(ds, raw)


def shown_view(ds: Dataset, state: ViewState) -> ViewState:
    """A view as the controls show it: the date where the slider can stand (a day), no selected route."""
    as_of = index_day(ds, day_index(ds, state.as_of)) if state.as_of else ""
    return replace(state, as_of=as_of, route="")


def node_options(ds: Dataset) -> list[dict[str, str]]:
    """Picker options: 'any KIND' first, then every institution by label. Labels are shown as text."""
    kinds = sorted({n.kind for n in ds.nodes.values()})
    options = [{"label": f"Any {k.replace('_', ' ')}", "value": f"kind:{k}"} for k in kinds]
    nodes = sorted(ds.nodes.values(), key=lambda n: n.name.lower())
    options += [{"label": n.name, "value": n.id} for n in nodes[:_BIG_OPTIONS]]
    return options


def whatif_options(ds: Dataset) -> list[dict[str, str]]:
    """Institutions and flow links a user can remove."""
    options = [{"label": n.name, "value": n.id}
               for n in sorted(ds.nodes.values(), key=lambda n: n.name.lower())[:_BIG_OPTIONS]]
    pairs = sorted({(e.source, e.target) for e in ds.flow_edges if e.source != e.target})[:_BIG_OPTIONS]
    options += [{"label": f"link: {ds.label(a)} → {ds.label(b)}", "value": f"{a}->{b}"} for a, b in pairs]
    return options


def day_index(ds: Dataset, text: str) -> int:
    """The slider position (days since the timeline starts) of a date."""
    first, last = month_range(ds)
    day = parse_date(text) or last
    return max(0, min((day - first).days, (last - first).days))


def slider_position(value: Any) -> int | None:
    """A slider position a client posted (a number; NaN, Infinity, a flag or text are none)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return int(value)


def index_day(ds: Dataset, index: int) -> str:
    """The date of a slider position (clamped to the timeline; a position that is no number gives its end)."""
    first, last = month_range(ds)
    position = slider_position(index)
    index = max(0, min((last - first).days if position is None else position, (last - first).days))
    return (first + dt.timedelta(days=index)).isoformat()


def month_span(ds: Dataset) -> int:
    """The slider's last position: days from the first to the last month of the timeline."""
    first, last = month_range(ds)
    return (last - first).days


def date_marks(ds: Dataset) -> dict[int, str]:
    """A label under the date slider every few years."""
    first, last = month_range(ds)
    years = list(range(first.year, last.year + 1))
    step = max(1, -(-len(years) // 5))  # about five labels fit under the narrow slider
    return {(dt.date(y, 1, 1) - first).days: str(y) for y in years[::step]}
