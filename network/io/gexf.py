"""GEXF 1.1 to 1.3 (Gephi, Gephi Lite, networkx), static and dynamic: reading and writing.

Attributes (``<attributes class="node|edge">``) are matched to our fields by title, like CSV headers; others are
kept. A link's dates come from its ``start``/``end``, from its ``<spells>`` (one link per spell, so a link that
closed and opened again is closed in between), or from an attribute named like a date (``date``, ``start``,
``Collaboration date``...). Only date-like values (YYYY, YYYY-MM, YYYY-MM-DD, or a date-time cut to its date)
become dates; others (``timeformat="integer"`` or ``"double"``) stay attributes, with a warning. An undirected
or mutual link is added in both directions, with a warning. Positions, colours and sizes (viz) are ignored.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from ..errors import Problem, ValidationError
from ..i18n import N_, _
from ..model import Dataset
from .graphfiles import (
    Item,
    edge_values,
    embedded,
    events_records,
    finish_edges,
    graph_dataset,
    handoffs_records,
    node_values,
    record_label,
    records_table,
    sources_records,
)
from .limits import DEFAULT_LIMITS, Limits
from .validate import Names
from .xmltext import (
    XmlDoc,
    check_writable,
    element_problems,
    escape_attr,
    escape_text,
    graph_problems,
    local,
    parse_xml,
)

__all__ = ["parse_gexf", "gexf_bytes", "ENTANGLE_NS"]

NS = "http://gexf.net/1.3"
#: Our namespace for what GEXF has no place for: the metadata, sources, events and handoffs, as JSON inside <meta>.
ENTANGLE_NS = "https://entanglement-map.example/gexf"
_NAMES = Names(nodes=N_("the file's <node> elements"), sources=N_("the file's sources"),
               edges=N_("the file's <edge> elements"))
_NO_LINKS = (N_("has no links (<edge> elements)."), N_("Routes need links: export the network with its edges."))
_FIX = N_("Export a flat graph (no nodes inside nodes) from Gephi, or flatten it there first.")


def _ns(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _children(element: ET.Element | None, name: str) -> list[ET.Element]:
    return [c for c in element if local(c.tag) == name] if element is not None else []


def _child(element: ET.Element | None, name: str) -> ET.Element | None:
    found = _children(element, name)
    return found[0] if found else None


def _span(start: str, end: str) -> str:
    if start and end:
        return f"{start} to {end}"
    return f"from {start}" if start else f"until {end}" if end else ""


def _bound(element: ET.Element, side: str) -> str:
    return (element.get(side) or element.get(side + "open") or "").strip()


def _attvalues(element: ET.Element, defs: dict[str, tuple[str, str | None]]) -> dict[str, str]:
    """Attribute values by title; a value that changes over time is written out with its periods."""
    periods: dict[str, list[tuple[str, str]]] = {}
    for holder in _children(element, "attvalues"):
        for value in _children(holder, "attvalue"):
            key = value.get("for") or value.get("id") or ""
            title = defs.get(key, (key, None))[0]
            if title:
                periods.setdefault(title, []).append((value.get("value") or "",
                                                      _span(_bound(value, "start"), _bound(value, "end"))))
    values = {title: "; ".join(f"{v} ({span})" if span else v for v, span in parts) for title, parts in periods.items()}
    for title, default in defs.values():
        if default is not None and title:
            values.setdefault(title, default)
    return values


def _definitions(graph: ET.Element) -> dict[str, dict[str, tuple[str, str | None]]]:
    defs: dict[str, dict[str, tuple[str, str | None]]] = {"node": {}, "edge": {}}
    for block in _children(graph, "attributes"):
        cls = (block.get("class") or "node").strip().lower()
        for attribute in _children(block, "attribute"):
            ident = attribute.get("id") or ""
            default = _child(attribute, "default")
            defs.setdefault(cls, {})[ident] = ((attribute.get("title") or ident).strip(),
                                               default.text or "" if default is not None else None)
    return defs


def _merge(first: dict[str, str], rest: dict[str, str]) -> dict[str, str]:
    merged = dict(first)
    for name, value in rest.items():
        merged[f"{name} (attribute)" if name in merged else name] = value
    return merged


def _meta(root: ET.Element, graph: ET.Element, file: str, doc: XmlDoc, limits: Limits,
          problems: list[Problem]) -> tuple[dict[str, Any], dict[str, Any]]:
    meta: dict[str, Any] = {}
    ours: dict[str, Any] = {}
    if graph.get("name"):
        meta["title"] = graph.get("name")
    block = _child(root, "meta")
    if block is not None:
        if block.get("lastmodifieddate"):
            meta["updated"] = block.get("lastmodifieddate")
        for item in block:
            name = local(item.tag)
            if _ns(item.tag) == ENTANGLE_NS:
                ours[name] = embedded(file, doc.line(item), name, item.text or "", limits, problems)
            elif text := (item.text or "").strip():
                meta[name] = text
    if isinstance(ours.get("dataset"), dict):
        meta = ours["dataset"]
    return meta, ours


def parse_gexf(data: bytes, file: str, columns: Mapping[str, str] | None = None, limits: Limits | None = None,
              origin: str = "") -> Dataset:
    """Read a GEXF file into a data set; raise ``ValidationError`` listing every problem.

    Examples
    --------
    >>> xml = b'''<gexf xmlns="http://gexf.net/1.3" version="1.3">
    ...  <graph defaultedgetype="directed" mode="dynamic" timeformat="date">
    ...   <nodes><node id="bps" label="Boston Public Schools"/><node id="bpd" label="Boston Police"/></nodes>
    ...   <edges><edge id="e1" source="bps" target="bpd" start="2014-01-01"/></edges>
    ...  </graph>
    ... </gexf>'''
    >>> ds = parse_gexf(xml, "g.gexf")
    >>> ds.nodes["bps"].label, ds.edges[0].start
    ('Boston Public Schools', '2014-01-01')
    """
    limits = limits or DEFAULT_LIMITS
    doc = parse_xml(data, file, limits, count="edge")
    root = doc.root
    graphs = _children(root, "graph")
    problems = graph_problems(doc, graphs, file, "gexf", "Gephi")
    if local(root.tag) != "gexf":
        raise ValidationError(problems)
    for element in root.iter():
        if local(element.tag) == "node" and _child(element, "nodes") is not None:
            line = doc.line(element)
            problems.append(Problem(file, line, "", _("line {line}: nodes nested inside a node (a hierarchy) are "
                                                      "not supported.").format(line=line), _(_FIX)))
    if problems:
        raise ValidationError(problems)
    graph = graphs[0]
    defs = _definitions(graph)
    undirected_default = (graph.get("defaultedgetype") or "directed").strip().lower() in ("undirected", "mutual")
    nodes: list[Item] = []
    for element in [n for block in _children(graph, "nodes") for n in _children(block, "node")]:
        line = doc.line(element)
        if not element_problems(element, line, file, problems):
            continue
        own = {k: v for k, v in (("label", element.get("label") or ""), ("start", _bound(element, "start")),
                                 ("end", _bound(element, "end")), ("pid", element.get("pid") or "")) if v}
        spells = [_span(_bound(s, "start"), _bound(s, "end")) for b in _children(element, "spells")
                  for s in _children(b, "spell")]
        if spells:
            own["spells"] = "; ".join(spells)
        nodes.append(Item(line, {"id": element.get("id", "").strip()},
                          _merge(own, _attvalues(element, defs.get("node", {})))))
    edges: list[Item] = []
    for element in [e for block in _children(graph, "edges") for e in _children(block, "edge")]:
        line = doc.line(element)
        if not element_problems(element, line, file, problems):
            continue
        kind = (element.get("type") or "").strip().lower()
        undirected = kind in ("undirected", "mutual") or (not kind and undirected_default)
        own = {k: v for k, v in (("label", element.get("label") or ""), ("weight", element.get("weight") or ""),
                                 ("kind", element.get("kind") or ""),
                                 ("start", _bound(element, "start") or element.get("timestamp") or ""),
                                 ("end", _bound(element, "end"))) if v}
        attrs = _merge(own, _attvalues(element, defs.get("edge", {})))
        ident = (element.get("id") or "").strip()
        core = {"id": ident, "source": element.get("source", "").strip(), "target": element.get("target", "").strip()}
        periods = [s for b in _children(element, "spells") for s in _children(b, "spell")]
        if not periods:
            edges.append(Item(line, core, attrs, undirected))
        for n, spell in enumerate(periods, 1):
            dated = {k: v for k, v in attrs.items() if k not in ("start", "end")}
            start, end = _bound(spell, "start") or (spell.get("timestamp") or "").strip(), _bound(spell, "end")
            dated = {**{k: v for k, v in (("start", start), ("end", end)) if v}, **dated}
            spell_id = ident if n == 1 or not ident else f"{ident}#spell{n}"
            edges.append(Item(line, dict(core, id=spell_id), dated, undirected))
    meta, ours = _meta(root, graph, file, doc, limits, problems)
    edge_label = _("the <edge> on line {row}")
    edges = finish_edges(edges, file, edge_label, problems)
    tables = {kind: records_table(file, ours[kind], kind, record_label(kind, _("the file's {kind}").format(kind=kind)),
                                  problems) if ours.get(kind) is not None else None
              for kind in ("sources", "events", "handoffs")}
    return graph_dataset(file, nodes, edges, (_("the <node> on line {row}"), edge_label),
                         (_(_NO_LINKS[0]), _(_NO_LINKS[1])),
                         sources=tables["sources"], events=tables["events"], handoffs=tables["handoffs"],
                         meta=meta, problems=problems, limits=limits,
                         columns=columns, origin=origin, names=_NAMES)


def gexf_bytes(ds: Dataset, file: str = "dataset.gexf") -> bytes:
    """The data set as GEXF 1.3: dates as link start/end (dynamic mode), other fields as string attributes.

    Examples
    --------
    >>> from network.io import load
    >>> parse_gexf(gexf_bytes(load()), "boston.gexf").summary() == load().summary()
    True
    """
    check_writable(ds, file)
    nodes = [(node_id, {k: v for k, v in values.items() if k != "label"}, values["label"])
             for node_id, values in node_values(ds)]
    edges = [(e, {k: v for k, v in values.items() if k not in ("start", "end")}) for e, values in edge_values(ds)]
    node_names = list(dict.fromkeys(k for _, values, _ in nodes for k in values))
    edge_names = list(dict.fromkeys(k for _, values in edges for k in values))
    dynamic = any(e.start or e.end for e in ds.edges)
    a = escape_attr
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<gexf xmlns="{NS}" xmlns:entangle="{ENTANGLE_NS}" version="1.3">',
           "  <meta>", "    <creator>Entanglement Map</creator>"]
    description = str(ds.meta.get("description") or ds.meta.get("title") or "")
    if description:
        out.append(f"    <description>{escape_text(description)}</description>")
    meta = json.dumps(dict(ds.meta), ensure_ascii=False)
    out.append(f"    <entangle:dataset>{escape_text(meta)}</entangle:dataset>")
    if ds.sources:
        out.append(f"    <entangle:sources>{escape_text(json.dumps(sources_records(ds), ensure_ascii=False))}"
                   "</entangle:sources>")
    if ds.events:
        out.append(f"    <entangle:events>{escape_text(json.dumps(events_records(ds), ensure_ascii=False))}"
                   "</entangle:events>")
    if ds.handoffs:
        out.append(f"    <entangle:handoffs>{escape_text(json.dumps(handoffs_records(ds), ensure_ascii=False))}"
                   "</entangle:handoffs>")
    out.append("  </meta>")
    mode = ' mode="dynamic" timeformat="date"' if dynamic else ' mode="static"'
    out.append(f'  <graph defaultedgetype="directed"{mode}>')
    ids = {}
    for prefix, cls, names in (("n", "node", node_names), ("e", "edge", edge_names)):
        out.append(f'    <attributes class="{cls}">')
        for i, name in enumerate(names):
            ids[cls, name] = f"{prefix}{i}"
            out.append(f'      <attribute id="{prefix}{i}" title="{a(name)}" type="string"/>')
        out.append("    </attributes>")

    def values_xml(cls: str, values: dict[str, str]) -> str:
        inner = "".join(f'<attvalue for="{ids[cls, k]}" value="{a(v)}"/>' for k, v in values.items() if v)
        return f"<attvalues>{inner}</attvalues>" if inner else ""

    out.append("    <nodes>")
    for node_id, values, label in nodes:
        out.append(f'      <node id="{a(node_id)}" label="{a(label)}">{values_xml("node", values)}</node>')
    out.append("    </nodes>")
    out.append("    <edges>")
    for e, values in edges:
        dates = "".join(f' {side}="{a(value)}"' for side, value in (("start", e.start), ("end", e.end)) if value)
        out.append(f'      <edge id="{a(e.id)}" source="{a(e.source)}" target="{a(e.target)}"{dates}>'
                   f'{values_xml("edge", values)}</edge>')
    out += ["    </edges>", "  </graph>", "</gexf>", ""]
    return "\n".join(out).encode("utf-8")
