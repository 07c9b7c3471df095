"""GraphML (yEd, Gephi, networkx, Cytoscape): reading and writing.

Keys (``<key id for attr.name>``) name the data of nodes and links; names are matched to our fields like CSV
headers (``label``, ``kind``, ``relation``, ``status``, ``start`` ...), and other data are kept as attributes.
An undirected graph (``edgedefault="undirected"`` or ``directed="false"`` on a link) has each link added in both
directions, with a warning. Hyperedges, ports and graphs nested in nodes are refused with their line.
What we write keeps everything: sources, events, handoffs and the metadata go in graph data as JSON.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
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

__all__ = ["parse_graphml", "graphml_bytes", "EMBEDDED"]

NS = "http://graphml.graphdrawing.org/xmlns"
#: Names of the graph data holding what GraphML and GEXF have no place for, as JSON.
EMBEDDED = {"dataset": "entangle:dataset", "sources": "entangle:sources", "events": "entangle:events",
            "handoffs": "entangle:handoffs"}
_NAMES = Names(nodes=N_("the file's <node> elements"), sources=N_("the file's entangle:sources"),
               edges=N_("the file's <edge> elements"))
_NO_LINKS = (N_("has no links (<edge> elements)."), N_("Routes need links: export the network with its edges."))
_UNSUPPORTED = {
    "hyperedge": N_("line {line}: a <hyperedge> (a link joining more than two nodes) is not supported."),
    "port": N_("line {line}: a <port> (a connection point on a node) is not supported."),
}
_UNSUPPORTED_FIX = N_("Export a plain graph (nodes and links between two nodes each), or flatten it in its tool.")


@dataclass
class _Key:
    name: str
    domain: str
    default: str | None
    yfiles: str


def _keys(root: ET.Element) -> dict[str, _Key]:
    keys = {}
    for key in root:
        if local(key.tag) != "key" or not key.get("id"):
            continue
        default = next((d.text or "" for d in key if local(d.tag) == "default"), None)
        yfiles = next((v for k, v in key.attrib.items() if local(k) == "yfiles.type"), "")
        keys[key.get("id", "")] = _Key((key.get("attr.name") or key.get("id") or "").strip(),
                                       key.get("for", "all"), default, yfiles)
    return keys


def _data(element: ET.Element, keys: dict[str, _Key], domain: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for d in element:
        if local(d.tag) != "data":
            continue
        spec = keys.get(d.get("key", ""))
        name = spec.name if spec else d.get("key", "").strip()
        if len(d):  # structured data: only yEd's visible node label is of use
            if spec and spec.yfiles == "nodegraphics":
                label = next((e.text for e in d.iter() if local(e.tag) == "NodeLabel" and (e.text or "").strip()),
                             None)
                if label:
                    values.setdefault("label", label.strip())
            continue
        if name:
            values[name] = d.text or ""
    for spec in keys.values():
        if spec.domain in (domain, "all") and spec.default is not None and spec.name and not spec.yfiles:
            values.setdefault(spec.name, spec.default)
    return values


def _refuse_unsupported(doc: XmlDoc, graphs: list[ET.Element], file: str) -> list[Problem]:
    problems = []
    for element in doc.root.iter():
        name = local(element.tag)
        line = doc.line(element)
        if name in _UNSUPPORTED:
            problems.append(Problem(file, line, "", _(_UNSUPPORTED[name]).format(line=line), _(_UNSUPPORTED_FIX)))
        elif name == "graph" and element not in graphs:
            problems.append(Problem(file, line, "", _("line {line}: a graph nested inside a node or link is not "
                                                      "supported.").format(line=line), _(_UNSUPPORTED_FIX)))
        elif name == "edge" and (element.get("sourceport") or element.get("targetport")):
            problems.append(Problem(file, line, "", _("line {line}: a link attached to a port is not supported.")
                                    .format(line=line), _(_UNSUPPORTED_FIX)))
    return problems


def parse_graphml(data: bytes, file: str, columns: Mapping[str, str] | None = None, limits: Limits | None = None,
                 origin: str = "") -> Dataset:
    """Read a GraphML file into a data set; raise ``ValidationError`` listing every problem.

    Examples
    --------
    >>> xml = b'''<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
    ...  <key id="d0" for="edge" attr.name="status" attr.type="string"/>
    ...  <graph edgedefault="directed">
    ...   <node id="bps"/><node id="bpd"/>
    ...   <edge source="bps" target="bpd"><data key="d0">reported</data></edge>
    ...  </graph>
    ... </graphml>'''
    >>> ds = parse_graphml(xml, "g.graphml")
    >>> [(e.source, e.target, e.status) for e in ds.edges]
    [('bps', 'bpd', 'reported')]
    """
    limits = limits or DEFAULT_LIMITS
    doc = parse_xml(data, file, limits, count="edge")
    root = doc.root
    graphs = [g for g in root if local(g.tag) == "graph"]
    problems = graph_problems(doc, graphs, file, "graphml", N_("its tool"))
    if local(root.tag) != "graphml":
        raise ValidationError(problems)
    problems[:0] = _refuse_unsupported(doc, graphs, file)
    if problems:
        raise ValidationError(problems)
    keys = _keys(root)
    graph = graphs[0]
    undirected_default = graph.get("edgedefault", "directed").strip().lower() == "undirected"
    nodes: list[Item] = []
    edges: list[Item] = []
    meta: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for element in graph:
        kind, line = local(element.tag), doc.line(element)
        if kind in ("node", "edge") and not element_problems(element, line, file, problems):
            continue
        if kind == "node":
            nodes.append(Item(line, {"id": element.get("id", "").strip()}, _data(element, keys, "node")))
        elif kind == "edge":
            directed = (element.get("directed") or "").strip().lower()
            undirected = directed == "false" or (directed != "true" and undirected_default)
            core = {"id": (element.get("id") or "").strip(), "source": element.get("source", "").strip(),
                    "target": element.get("target", "").strip()}
            edges.append(Item(line, core, _data(element, keys, "edge"), undirected))
    for name, value in _data(graph, keys, "graph").items():
        if name in EMBEDDED.values():
            extra[name] = embedded(file, doc.line(graph), name, value, limits, problems)
        else:
            meta[name] = value
    if isinstance(extra.get(EMBEDDED["dataset"]), dict):
        meta = extra[EMBEDDED["dataset"]]
    edge_label = _("the <edge> on line {row}")
    edges = finish_edges(edges, file, edge_label, problems)
    tables = {kind: records_table(file, extra[EMBEDDED[kind]], kind, record_label(kind, EMBEDDED[kind]),
                                  problems) if extra.get(EMBEDDED[kind]) is not None else None
              for kind in ("sources", "events", "handoffs")}
    return graph_dataset(file, nodes, edges, (_("the <node> on line {row}"), edge_label),
                         (_(_NO_LINKS[0]), _(_NO_LINKS[1])),
                         sources=tables["sources"], events=tables["events"], handoffs=tables["handoffs"],
                         meta=meta, problems=problems, limits=limits,
                         columns=columns, origin=origin, names=_NAMES)


def graphml_bytes(ds: Dataset, file: str = "dataset.graphml") -> bytes:
    """The data set as GraphML: every field and attribute as string data, plus our JSON graph data.

    Examples
    --------
    >>> from network.io import load
    >>> parse_graphml(graphml_bytes(load()), "boston.graphml").summary() == load().summary()
    True
    """
    check_writable(ds, file)
    nodes, edges = node_values(ds), edge_values(ds)
    node_names = list(dict.fromkeys(k for _, values in nodes for k in values))
    edge_names = list(dict.fromkeys(k for _, values in edges for k in values))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<graphml xmlns="{NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">']
    graph_data = {EMBEDDED["dataset"]: json.dumps(dict(ds.meta), ensure_ascii=False)}
    if ds.sources:
        graph_data[EMBEDDED["sources"]] = json.dumps(sources_records(ds), ensure_ascii=False)
    if ds.events:
        graph_data[EMBEDDED["events"]] = json.dumps(events_records(ds), ensure_ascii=False)
    if ds.handoffs:
        graph_data[EMBEDDED["handoffs"]] = json.dumps(handoffs_records(ds), ensure_ascii=False)
    ids = {}
    for prefix, domain, names in (("g", "graph", list(graph_data)), ("n", "node", node_names),
                                  ("e", "edge", edge_names)):
        for i, name in enumerate(names):
            ids[domain, name] = f"{prefix}{i}"
            out.append(f'  <key id="{prefix}{i}" for="{domain}" attr.name="{escape_attr(name)}" '
                       'attr.type="string"/>')
    out.append('  <graph id="G" edgedefault="directed">')
    for name, value in graph_data.items():
        out.append(f'    <data key="{ids["graph", name]}">{escape_text(value)}</data>')

    def data(domain: str, values: dict[str, str]) -> str:
        return "".join(f'<data key="{ids[domain, k]}">{escape_text(v)}</data>' for k, v in values.items() if v)

    for node_id, values in nodes:
        out.append(f'    <node id="{escape_attr(node_id)}">{data("node", values)}</node>')
    for e, values in edges:
        out.append(f'    <edge id="{escape_attr(e.id)}" source="{escape_attr(e.source)}" '
                   f'target="{escape_attr(e.target)}">{data("edge", values)}</edge>')
    out += ["  </graph>", "</graphml>", ""]
    return "\n".join(out).encode("utf-8")
