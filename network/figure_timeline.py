"""The timeline figure: a data set's events on a line, a row per kind, with the date chosen marked."""

from __future__ import annotations

from typing import Any

from .citations import citation_text
from .figure_text import esc as _esc
from .i18n import _
from .model import Dataset

__all__ = ["timeline_figure"]


def timeline_figure(ds: Dataset, as_of: str = "") -> dict[str, Any]:
    """The data set's events on a line, a row per kind, each with its title and sources on hover; ``as_of``
    (a date) is marked.

    Examples
    --------
    >>> import network
    >>> fig = timeline_figure(network.load(), as_of="2021-10-20")
    >>> fig["data"][0]["type"], fig["layout"]["shapes"][0]["x0"]
    ('scatter', '2021-10-20')
    """
    events = ds.events
    if not events:
        return {"data": [], "layout": {
            "height": 50, "margin": {"l": 10, "r": 10, "t": 10, "b": 10}, "xaxis": {"visible": False},
            "yaxis": {"visible": False}, "annotations": [{"text": _("This data set has no dated events."),
                                                          "showarrow": False, "x": 0.5, "y": 0.5,
                                                          "xref": "paper", "yref": "paper"}]}}
    hover = [f"<b>{_esc(ev.date)}</b> {_esc(ev.title)}<br>"
             + "<br>".join("· " + _esc(citation_text(ds, s)) for s in ev.sources[:3]) for ev in events]
    levels = {k: i for i, k in enumerate(sorted({ev.kind for ev in events}))}
    marker = {"size": 11, "color": "#0072B2", "symbol": "diamond", "line": {"color": "#fff", "width": 1}}
    shapes = [{"type": "line", "xref": "x", "yref": "paper", "x0": as_of, "x1": as_of, "y0": 0, "y1": 1,
               "line": {"color": "#D55E00", "width": 2}}] if as_of else []
    return {
        "data": [{"type": "scatter", "mode": "markers", "x": [ev.day.isoformat() for ev in events],
                  "y": [levels[ev.kind] for ev in events], "text": hover, "hovertemplate": "%{text}<extra></extra>",
                  "marker": marker}],
        "layout": {
            "height": 90 + 14 * len(levels), "margin": {"l": 90, "r": 20, "t": 8, "b": 28},
            "xaxis": {"type": "date", "showgrid": False},
            "yaxis": {"tickvals": list(levels.values()), "ticktext": [_esc(k) for k in levels],
                      "range": [-0.8, len(levels) - 0.2], "fixedrange": True},
            "plot_bgcolor": "#fafafa", "hovermode": "closest", "hoverlabel": {"align": "left"},
            "shapes": shapes, "uirevision": "timeline",
        },
    }
