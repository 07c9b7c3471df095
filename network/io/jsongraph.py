"""Networks as JSON: networkx node-link data and Cytoscape elements, read; node-link, written.

Node-link (``networkx.node_link_data``): ``{"directed", "multigraph", "graph", "nodes": [{"id": ...}],
"links"`` or ``"edges": [{"source", "target", ...}]}``. Cytoscape: ``{"elements": {"nodes": [...], "edges":
[...]}}``, ``{"elements": [...]}`` or a plain list of elements, each with ``data.id`` / ``data.source`` /
``data.target``. Other keys are kept as attributes (matched to our fields by name, like CSV headers); ids that
are numbers become their text; links without ids get ``SOURCE->TARGET``. Nesting is limited before parsing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..errors import WARNING, Problem, ValidationError
from ..i18n import N_, _
from ..model import Dataset
from .csvtext import to_text
from .graphfiles import (
    Item,
    edge_values,
    events_records,
    finish_edges,
    graph_dataset,
    handoffs_records,
    node_values,
    record_label,
    records_table,
    sources_records,
)
from .jsontext import parse_json
from .limits import DEFAULT_LIMITS, Limits
from .validate import Names

__all__ = ["parse_json_graph", "node_link_bytes"]

_NAMES = Names(nodes=N_("the file's nodes"), sources=N_("the file's sources"), edges=N_("the file's links"))
_SHAPES = N_('Use node-link JSON ({{"nodes": [...], "links": [...]}}, as networkx writes it) or Cytoscape JSON '
             '({{"elements": {{"nodes": [...], "edges": [...]}}}} or a list of elements with "data").')


def _ident(value: Any) -> str | None:
    if isinstance(value, bool) or value is None or isinstance(value, list | dict):
        return None
    return to_text(value).strip()


class _Reader:
    """Items from JSON objects, with every problem located by position (counting from 1) and key."""

    def __init__(self, file: str, limits: Limits):
        self.file, self.limits = file, limits
        self.problems: list[Problem] = []
        self.nodes: list[Item] = []
        self.edges: list[Item] = []

    def error(self, row: int, column: str, message: str, fix: str) -> None:
        self.problems.append(Problem(self.file, row, column, message, fix))

    def node(self, row: int, where: str, fields: Any, id_key: str = "id", extra: dict[str, str] | None = None) -> None:
        if not isinstance(fields, dict):
            self.error(row, "", _("{where} is not an object.").format(where=where),
                       _('Write each node as {{"id": ..., ...}}.').format())
            return
        ident = _ident(fields.get(id_key))
        if ident is None or not ident:
            if id_key in fields:
                self.error(row, id_key, _("{where}: its id must be text or a number.").format(where=where),
                           _("Give the node a plain id."))
            else:
                self.problems.append(Problem(self.file, row, id_key, _("{where} has no {key}; it was left out, since "
                                                                       "no link can refer to it.").format(
                    where=where, key=repr(id_key)), severity=WARNING))
            return
        attrs = {str(k).strip(): to_text(v) for k, v in fields.items() if k != id_key and str(k).strip()}
        self.nodes.append(Item(row, {"id": ident}, {**attrs, **(extra or {})}))

    def edge(self, row: int, where: str, fields: Any, undirected: bool, extra: dict[str, str] | None = None) -> None:
        if not isinstance(fields, dict):
            self.error(row, "", _("{where} is not an object.").format(where=where),
                       _('Write each link as {{"source": ..., "target": ...}}.').format())
            return
        core = {}
        for key in ("source", "target"):
            value = _ident(fields.get(key))
            if not value:
                said = _("{where} has no {key}.") if fields.get(key) in (None, "") else \
                    _("{where} has a list, object or true/false as its {key}.")
                self.error(row, key, said.format(where=where, key=repr(key)),
                           _("Every link needs a source and a target node id."))
            core[key] = value or ""
        if not core["source"] or not core["target"]:
            return
        ident = _ident(fields.get("id")) if "id" in fields else ""
        if ident is None:
            self.error(row, "id", _("{where}: its id must be text or a number.").format(where=where),
                       _("Give the link a plain id, or none."))
            return
        core["id"] = ident
        attrs = {str(k).strip(): to_text(v) for k, v in fields.items()
                 if k not in ("id", "source", "target") and str(k).strip()}
        self.edges.append(Item(row, core, {**attrs, **(extra or {})}, undirected))


def _classes(element: dict[str, Any]) -> dict[str, str]:
    classes = element.get("classes")
    if isinstance(classes, list):
        classes = " ".join(to_text(c) for c in classes)
    return {"classes": to_text(classes)} if classes else {}


def _cytoscape(reader: _Reader, elements: Any, where: str) -> None:
    """Read Cytoscape elements: a list (nodes and links mixed) or {"nodes": [...], "edges": [...]}."""
    if isinstance(elements, dict):
        groups = [("nodes", elements.get("nodes", [])), ("edges", elements.get("edges", []))]
    else:
        groups = [("", elements)]
    for group, items in groups:
        if not isinstance(items, list):
            reader.error(1, group, _("{where}.{group} is not a list.").format(where=where, group=group),
                         _('Write "{group}": [...].').format(group=group))
            continue
        for i, element in enumerate(items, 1):
            label = (_("element {n} of {where}.{group}") if group else _("element {n} of {where}")).format(
                n=i, where=where, group=group)
            data = element.get("data") if isinstance(element, dict) else None
            if not isinstance(data, dict):
                reader.error(i, "data", _('{where} has no "data" object.').format(where=label),
                             _('Write each element as {{"data": {{"id": ...}}}} or {{"data": {{"source": ..., '
                               '"target": ...}}}}.').format())
                continue
            kind = element.get("group") or group or ("edges" if "source" in data or "target" in data else "nodes")
            if kind == "edges":
                reader.edge(i, label, data, False, _classes(element))
            else:
                reader.node(i, label, data, extra=_classes(element))


def _shape(doc: Any) -> str | None:
    if isinstance(doc, list):
        return "cytoscape"
    if not isinstance(doc, dict):
        return None
    if "elements" in doc:
        return "cytoscape"
    if isinstance(doc.get("nodes"), list) and ("links" in doc or "edges" in doc):
        first = doc["nodes"][0] if doc["nodes"] else None
        return "cytoscape-groups" if isinstance(first, dict) and "data" in first and "id" not in first else "node-link"
    return None


def _found(doc: Any) -> str:
    if isinstance(doc, dict):
        keys = ", ".join(repr(k) for k in list(doc)[:8]) or _("no keys")
        return _("an object with {keys}").format(keys=keys)
    return _({str: N_("a string"), bool: N_("true or false"), type(None): "null"}.get(type(doc), N_("a number")))


def parse_json_graph(data: bytes, file: str, columns: Mapping[str, str] | None = None, limits: Limits | None = None,
                    origin: str = "") -> Dataset:
    """Read node-link or Cytoscape JSON into a data set; raise ``ValidationError`` listing every problem.

    Examples
    --------
    >>> ds = parse_json_graph(b'{"nodes": [{"id": 1}, {"id": 2}], "links": [{"source": 1, "target": 2}]}', "g.json")
    >>> [(e.id, e.source, e.target) for e in ds.edges]
    [('1->2', '1', '2')]
    >>> ds = parse_json_graph(b'[{"data": {"id": "a"}}, {"data": {"source": "a", "target": "b"}}]', "c.json")
    >>> sorted(ds.nodes)
    ['a', 'b']
    """
    limits = limits or DEFAULT_LIMITS
    doc, problems = parse_json(data, file, limits)
    if problems:
        raise ValidationError(problems)
    shape = _shape(doc)
    if shape is None:
        raise ValidationError([Problem(file, None, "", _("is JSON, but not a network we can read: it holds "
                                                       "{found}.").format(found=_found(doc)), _(_SHAPES).format())])
    reader = _Reader(file, limits)
    meta: dict[str, Any] = {}
    extras: dict[str, Any] = {}
    if shape == "node-link":
        undirected = doc.get("directed", True) is False
        links_key = "links" if "links" in doc else "edges"
        node_label = _('node {row} of "nodes"')
        edge_label = _('link {row} of "{key}"').format(row="{row}", key=links_key)
        for key in ("nodes", links_key):
            if not isinstance(doc.get(key), list):
                reader.error(1, key, _('"{key}" is not a list.').format(key=key), _('Write "{group}": [...].').format(
                    group=key))
        for i, node in enumerate(doc["nodes"], 1):
            reader.node(i, node_label.format(row=i), node)
        for i, link in enumerate(doc.get(links_key) if isinstance(doc.get(links_key), list) else [], 1):
            reader.edge(i, edge_label.format(row=i), link, undirected)
        graph = doc.get("graph")
        meta = dict(graph) if isinstance(graph, dict) else ({} if graph is None else {"graph": to_text(graph)})
        extras = {k: doc[k] for k in ("sources", "events", "handoffs") if k in doc}
    else:
        if isinstance(doc, dict) and "elements" in doc:
            where, elements = "elements", doc["elements"]
            meta = dict(doc["data"]) if isinstance(doc.get("data"), dict) else {}
            if "title" not in meta and isinstance(meta.get("name"), str):
                meta["title"] = meta["name"]
        elif isinstance(doc, dict):
            where, elements = _("the file"), {"nodes": doc["nodes"], "edges": doc.get("edges", doc.get("links"))}
        else:
            where, elements = _("the list"), doc
        if not isinstance(elements, list | dict):
            reader.error(1, "elements", _('"elements" is neither a list nor {{"nodes": [...], "edges": [...]}}.')
                         .format(), _(_SHAPES).format())
        else:
            _cytoscape(reader, elements, where)
        if isinstance(elements, dict):
            node_label, edge_label = (_("element {n} of {where}.{group}").format(n="{row}", where=where, group=group)
                                      for group in ("nodes", "edges"))
        else:
            node_label = edge_label = _("element {n} of {where}").format(n="{row}", where=where)
    problems = reader.problems
    edges = finish_edges(reader.edges, file, edge_label, problems)
    tables = {kind: records_table(file, extras[kind], kind, record_label(kind, f'"{kind}"'), problems)
              if kind in extras else None for kind in ("sources", "events", "handoffs")}
    return graph_dataset(file, reader.nodes, edges, (node_label, edge_label),
                         (_("has no links."), _("Routes need links: export the network with them.")),
                         sources=tables["sources"], events=tables["events"], handoffs=tables["handoffs"],
                         meta=meta, problems=problems, limits=limits,
                         columns=columns, origin=origin, names=_NAMES)


def node_link_bytes(ds: Dataset) -> bytes:
    """The data set as node-link JSON (``networkx.node_link_graph`` reads it), with sources, events and handoffs.

    Examples
    --------
    >>> from network.io import load
    >>> parse_json_graph(node_link_bytes(load()), "boston.json").summary() == load().summary()
    True
    """
    doc = {
        "directed": True,
        "multigraph": True,
        "graph": dict(ds.meta),
        "nodes": [{"id": node_id, **{k: v for k, v in values.items() if v}} for node_id, values in node_values(ds)],
        "edges": [{"id": e.id, "source": e.source, "target": e.target, **{k: v for k, v in values.items() if v}}
                  for e, values in edge_values(ds)],
    }
    if ds.sources:
        doc["sources"] = sources_records(ds)
    if ds.events:
        doc["events"] = events_records(ds)
    if ds.handoffs:
        doc["handoffs"] = handoffs_records(ds)
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
