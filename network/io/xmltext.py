"""XML text, for GraphML and GEXF: parsed safely with the line of every element, written with exact escaping.

Reading uses defusedxml: DTDs, entity declarations and external entities are refused before anything is
expanded, so an entity bomb ("billion laughs") is refused at once. A file with more link elements than
``limits.max_edges`` is refused while it is being read. The problems both graph formats share (not the format
its name says, no graph or two, a node without an id, a link without an end) are written here once.

Writing is by hand: escaping keeps every character (tabs, line ends) and refuses what XML cannot hold.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from xml.parsers.expat import ErrorString

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from ..errors import Problem, ValidationError
from ..i18n import _
from ..model import Dataset
from .limits import DEFAULT_LIMITS, Limits, too_many_links

__all__ = ["XmlDoc", "parse_xml", "local", "graph_problems", "element_problems", "escape_text", "escape_attr",
           "check_writable"]

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@lru_cache(maxsize=1024)  # a file has few distinct tags, and every element asks
def local(tag: str) -> str:
    """An element or attribute name without its namespace.

    Examples
    --------
    >>> local("{http://graphml.graphdrawing.org/xmlns}node")
    'node'
    """
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


@dataclass
class XmlDoc:
    """A parsed XML file: the root element and the line on which each element starts."""

    root: ET.Element
    lines: dict[ET.Element, int]

    def line(self, element: ET.Element) -> int:
        return self.lines.get(element, 0)


class _TooMany(Exception):
    pass


class _Builder(ET.TreeBuilder):
    def __init__(self, count: str, limit: int):
        super().__init__()
        self.lines: dict[ET.Element, int] = {}
        self.parser: DefusedXMLParser | None = None
        self.count, self.limit, self.seen = count, limit, 0

    def line(self) -> int:
        return self.parser.parser.CurrentLineNumber if self.parser is not None else 0

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = super().start(tag, attrs)
        self.lines[element] = self.line()
        if local(tag) == self.count:
            self.seen += 1
            if self.seen > self.limit:
                raise _TooMany
        return element


def parse_xml(data: bytes, file: str, limits: Limits | None = None, count: str = "edge") -> XmlDoc:
    """Parse XML bytes; raise ``ValidationError`` with a located, plain message when they cannot be used.

    Examples
    --------
    >>> doc = parse_xml(b"<graphml>\\n  <graph/>\\n</graphml>", "g.graphml")
    >>> [(local(e.tag), doc.line(e)) for e in doc.root.iter()]
    [('graphml', 1), ('graph', 2)]
    >>> parse_xml(b"<a><b></a>", "g.graphml")
    Traceback (most recent call last):
    ...
    network.errors.ValidationError: 1 problem in the data set:
    g.graphml:1: is not well-formed XML: mismatched tag (line 1, column 9). Check the file near that place: \
a tag that is not closed, a stray < or &, or a file cut short.
    """
    limits = limits or DEFAULT_LIMITS
    if not data.strip():
        raise ValidationError([Problem(file, None, "", _("is empty."), _("Export the network from its tool again."))])
    builder = _Builder(count, limits.max_edges)
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        raise ValidationError([Problem(
            file, builder.line() or None, "",
            _("contains a DTD or entity declarations, which are refused for safety; export the file again "
              "without them."),
            _("If the tool cannot, delete the <!DOCTYPE ...> part near the top of the file."),
        )]) from None
    except _TooMany:
        raise ValidationError([too_many_links(file, limits, row=builder.line() or None,
                                              what=_(" (<{tag}> elements)").format(tag=count))]) from None
    except ET.ParseError as err:
        line, column = err.position
        reason = ErrorString(err.code) if err.code else str(err)
        raise ValidationError([Problem(
            # Translators: {reason} is the XML parser's, in English ("mismatched tag")
            file, line, "", _("is not well-formed XML: {reason} (line {line}, column {column}).").format(
                reason=reason, line=line, column=column + 1),
            _("Check the file near that place: a tag that is not closed, a stray < or &, or a file cut short."),
        )]) from None
    return XmlDoc(root, builder.lines)


def graph_problems(doc: XmlDoc, graphs: list[ET.Element], file: str, fmt: str, tool: str) -> list[Problem]:
    """The rules for the root of a graph file: it is the format (``fmt``) named, and holds one ``<graph>``.

    Examples
    --------
    >>> doc = parse_xml(b"<svg/>", "g.graphml")
    >>> print(graph_problems(doc, [], "g.graphml", "graphml", "its tool")[0])
    g.graphml:1: is not GraphML: it starts with <svg>, not <graphml>. Check that the file was saved as GraphML.
    """
    root, shown = doc.root, {"graphml": "GraphML", "gexf": "GEXF"}.get(fmt, fmt)
    if local(root.tag) != fmt:
        return [Problem(file, doc.line(root), "", _("is not {format}: it starts with <{tag}>, not <{root}>.").format(
            format=shown, tag=local(root.tag), root=fmt), _("Check that the file was saved as {format}.").format(
                format=shown))]
    problems = [] if graphs else [Problem(file, doc.line(root), "", _("has no <graph> element, so no nodes or links."),
                                          _("Export the network from {tool} again.").format(tool=_(tool)))]
    for extra in graphs[1:]:
        line = doc.line(extra)
        problems.append(Problem(file, line, "", _("line {line}: a second <graph> in one file is not supported.")
                                .format(line=line), _("Save each graph in a file of its own.")))
    return problems


def element_problems(element: ET.Element, line: int, file: str, problems: list[Problem]) -> bool:
    """The rules for a ``<node>`` (it has an id) and an ``<edge>`` (it has a source and a target); True when
    the element can be read.

    Examples
    --------
    >>> problems = []
    >>> element_problems(ET.fromstring('<edge source="a"/>'), 4, "g.gexf", problems), problems[0].message
    (False, 'the <edge> on line 4 has no target.')
    """
    if local(element.tag) == "node":
        if (element.get("id") or "").strip():
            return True
        problems.append(Problem(file, line, "id", _("the <node> on line {line} has no id.").format(line=line),
                                _('Give every node an id="..." that links can refer to.')))
        return False
    missing = [end for end in ("source", "target") if not (element.get(end) or "").strip()]
    for end in missing:
        problems.append(Problem(file, line, end, (_("the <edge> on line {line} has no source.") if end == "source" else
                                                  _("the <edge> on line {line} has no target.")).format(line=line),
                                _("Every link needs a source and a target node id.")))
    return not missing


def escape_text(value: str) -> str:
    """Escape element text; a carriage return is written as a character reference so it survives.

    Examples
    --------
    >>> escape_text("a < b & c\\r\\n")
    'a &lt; b &amp; c&#13;\\n'
    """
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def escape_attr(value: str) -> str:
    """Escape an attribute value (double-quoted); tabs and line ends are kept as character references.

    Examples
    --------
    >>> escape_attr('say "hi"\\tnow\\n')
    'say &quot;hi&quot;&#9;now&#10;'
    """
    return escape_text(value).replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")


def _values(ds: Dataset) -> Iterable[tuple[str, str, str]]:
    for n in ds.nodes.values():
        for name, value in (("id", n.id), ("label", n.label), ("kind", n.kind), ("jurisdiction", n.jurisdiction),
                            ("description", n.description), ("url", n.url), *n.attrs.items()):
            yield _("institution {id}").format(id=repr(n.id)), name, value
        for name in n.attrs:
            yield _("institution {id}").format(id=repr(n.id)), _("attribute name"), name
    for e in ds.edges:
        for name, value in (("id", e.id), ("relation", e.relation), ("carries", e.carries), ("note", e.note),
                            *e.attrs.items()):
            yield _("link {id}").format(id=repr(e.id)), name, value
        for name in e.attrs:
            yield _("link {id}").format(id=repr(e.id)), _("attribute name"), name
    for s in ds.sources.values():
        for name in ("id", "title", "publisher", "url", "kind"):
            yield _("source {id}").format(id=repr(s.id)), name, getattr(s, name)
    for v in ds.events:
        for name in ("id", "title", "kind", "description"):
            yield _("event {id}").format(id=repr(v.id)), name, getattr(v, name)
    for h in ds.handoffs:
        yield _("handoff at {id}").format(id=repr(h.at)), "note", h.note
        yield _("handoff at {id}").format(id=repr(h.at)), "claim", h.claim


def check_writable(ds: Dataset, file: str) -> None:
    """Refuse, listing each one, values holding control characters that an XML file cannot store.

    Examples
    --------
    >>> from network.model import Dataset, Node, Edge
    >>> check_writable(Dataset.build([Node("a", "bell\\x07")], [Edge("e", "a", "a")]), "out.graphml")
    Traceback (most recent call last):
    ...
    network.errors.ValidationError: 1 problem in the data set:
    out.graphml::label: institution 'a': the label holds the control character U+0007, which XML cannot store. \
Delete it from the data, or export as .zip or .json, which keep it.
    """
    problems = []
    for where, name, value in _values(ds):
        bad = _ILLEGAL.search(value)
        if bad:
            problems.append(Problem(
                file, None, name,
                _("{where}: the {name} holds the control character {code}, which XML cannot store.").format(
                    where=where, name=name, code=f"U+{ord(bad.group()):04X}"),
                _("Delete it from the data, or export as .zip or .json, which keep it."),
            ))
    if problems:
        raise ValidationError(problems)
