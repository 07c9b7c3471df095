"""The words of the map's figures, in the reader's language: kinds of institution, evidence statuses, what a
pointer over an institution or a link shows, and what the keyboard moves over (``layout.meta.keys``).

Every text that comes from data is escaped for Plotly's markup (``esc``), so a label like ``<img onerror=...>``
shows literally; the words of the tool are looked up in the ``map`` catalogue when a figure is made.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from typing import Any

from . import i18n
from .citations import citation_text
from .handout_words import status_word
from .i18n import N_, _, ngettext
from .model import Dataset, Edge, own_attrs

__all__ = ["esc", "wrap", "kind_name", "kind_plural", "status_word", "edge_hover", "node_hover", "map_keys",
           "KIND_NAMES"]

#: Each known kind, as one institution and as many (the legend says the one, a group of the map the many).
KIND_NAMES: dict[str, tuple[str, str]] = {
    "school": (N_("school"), N_("schools")),
    "school_district": (N_("school district"), N_("school districts")),
    "school_police": (N_("school police"), N_("school police departments")),
    "city_police": (N_("city police"), N_("city police departments")),
    "state_police": (N_("state police"), N_("state police agencies")),
    "fusion_center": (N_("fusion center"), N_("fusion centers")),
    "database": (N_("database"), N_("databases")),
    "task_force": (N_("task force"), N_("task forces")),
    "federal_agency": (N_("federal agency"), N_("federal agencies")),
    "immigration_enforcement": (N_("immigration enforcement"), N_("immigration enforcement offices")),
    "court": (N_("court"), N_("courts")),
    "federal_grant": (N_("federal grant"), N_("federal grants")),
    "grant_administrator": (N_("grant administrator"), N_("grant administrators")),
    "policy_body": (N_("policy body"), N_("policy bodies")),
    "unknown": (N_("unknown"), N_("institutions of no stated kind")),  # an upload that gives no kinds
}


def esc(text: object) -> str:
    """Data text made safe for Plotly's hover and label markup, which understands a few HTML tags: ``<``, ``>``
    and ``&`` become entities that plotly.js shows as the characters. Quotes stay as they are: outside a tag
    they are plain text, and plotly.js knows no ``&quot;`` (it would show those six characters)."""
    return html.escape(str(text), quote=False)


def wrap(text: str, width: int) -> str:
    return "<br>".join(esc(line) for line in textwrap.wrap(text, width, break_long_words=False) or [""])


def kind_name(kind: str) -> str:
    """A kind as the legend names one institution of it ('school police'), a data set's own kind as it wrote it."""
    known = KIND_NAMES.get(kind)
    return _(known[0]) if known else kind.replace("_", " ")


def kind_plural(kind: str) -> str:
    """A kind as a group of the map names its institutions ('school police departments')."""
    known = KIND_NAMES.get(kind)
    if known:
        return _(known[1])
    if kind in ("", "unknown"):  # an edge list's institutions: the file gives no kind
        # Translators: a group of the map holding institutions whose file gives no kind
        return _("institutions of no stated kind")
    return kind.replace("_", " ")




def edge_hover(ds: Dataset, edges: Sequence[Edge]) -> str:
    """What a pointer over a link's middle shows: its two ends, then each link between them with its evidence."""
    parts = []
    first = edges[0]
    parts.append(f"<b>{esc(ds.label(first.source))} → {esc(ds.label(first.target))}</b>")
    for e in edges:
        # Translators: a link's relation when the file names none: records flow along it
        relation = e.relation.replace("_", " ") or _("flow")
        line = [f"{esc(relation)}: <i>{esc(status_word(e.status))}</i>"]
        if e.carries:
            line.append(wrap(ds.text(e, "carries"), 60))
        when = " – ".join(x for x in (e.start, e.end) if x) if (e.start or e.end) else ""
        if e.start and not e.end:
            # Translators: a link open from a date on ({start} is 2016-06-01)
            when = _("from {start}").format(start=e.start)
        elif e.end and not e.start:
            # Translators: a link open until a date ({end} is 2016-06-01)
            when = _("until {end}").format(end=e.end)
        if when:
            line.append(esc(when))
        for key, value in own_attrs(e)[:6]:  # a researcher's own columns (not label_es and the like)
            line.append(f"{esc(key)}: {esc(value)}")
        for sid in e.sources[:4]:
            line.append("· " + wrap(citation_text(ds, sid), 70))
        if len(e.sources) > 4:
            more = len(e.sources) - 4
            line.append("· " + ngettext("and {n} more source", "and {n} more sources", more).format(n=more))
        parts.append("<br>".join(line))
    return "<br>".join(parts)


def node_hover(ds: Dataset, node_id: str, removed: bool) -> str:
    """What a pointer over an institution shows: its name, kind, place, description and the file's own columns."""
    n = ds.nodes[node_id]
    lines = [f"<b>{esc(ds.label(node_id))}</b>", esc(kind_name(n.kind))]
    if n.jurisdiction:
        lines.append(esc(n.jurisdiction))
    if n.description:
        lines.append(wrap(ds.text(n, "description"), 60))
    for key, value in own_attrs(n)[:8]:
        lines.append(f"{esc(key)}: {esc(value)}")
    if removed:
        lines.append("<i>" + _("removed (what-if)") + "</i>")
    return "<br>".join(lines)


def map_keys(ds: Dataset, node_ids: Sequence[str], pos: dict[str, tuple[float, float]],
             pairs: Sequence[tuple[str, str]], origins: set[str], targets: set[str], selected: set[str],
             removed: set[str]) -> dict[str, Any]:
    """What the keyboard moves over on the map (``assets/map_keys.js``): the institutions drawn, in reading order
    (column by column, top first), with their label and kind (escaped, as every text of the figure), position and
    part in the view; and the flow links drawn between them, one per pair."""
    order = sorted(node_ids, key=lambda n: (pos[n][0], -pos[n][1], n))

    def part(n: str) -> list[str]:
        return [_(words) for words, is_it in ((N_("where records start"), n in origins),
                                              (N_("where they end"), n in targets),
                                              (N_("on the selected route"), n in selected),
                                              (N_("removed (what if)"), n in removed)) if is_it]

    return {
        "nodes": [{"id": n, "label": esc(ds.label(n)), "kind": esc(kind_name(ds.nodes[n].kind)),
                   "x": pos[n][0], "y": pos[n][1], "part": part(n)} for n in order],
        "links": [[a, b] for a, b in pairs],
    }


def count(n: int) -> str:
    """A count as the reader writes it ('1,234')."""
    return i18n.number(n)
