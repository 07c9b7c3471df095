"""Parsing XML safely (defusedxml), with the line of every element kept for messages.

DTDs, entity declarations and external entities are refused before anything is expanded, so an entity bomb
("billion laughs") is refused at once. A file with more link elements than ``limits.max_edges`` is refused while
it is being read.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from xml.parsers.expat import ErrorString

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from ..errors import Problem, ValidationError
from .limits import DEFAULT_LIMITS, Limits

__all__ = ["XmlDoc", "parse_xml", "local"]


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

    def start(self, tag, attrs):  # type: ignore[override]
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
    g.graphml:1:: is not well-formed XML: mismatched tag (line 1, column 9). Check the file near that place: \
a tag that is not closed, a stray < or &, or a file cut short.
    """
    limits = limits or DEFAULT_LIMITS
    if not data.strip():
        raise ValidationError([Problem(file, None, "", "is empty.", "Export the network from its tool again.")])
    builder = _Builder(count, limits.max_edges)
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        raise ValidationError([Problem(
            file, builder.line() or None, "",
            "contains a DTD or entity declarations, which are refused for safety; export the file again "
            "without them.",
            "If the tool cannot, delete the <!DOCTYPE ...> part near the top of the file.",
        )]) from None
    except _TooMany:
        raise ValidationError([Problem(
            file, builder.line() or None, "",
            f"has more than {limits.max_edges:,} links (<{count}> elements), over the limit.",
            "Load a part of the network, or raise the limit with Limits(max_edges=N) in Python.",
        )]) from None
    except ET.ParseError as err:
        line, column = err.position
        reason = ErrorString(err.code) if err.code else str(err)
        raise ValidationError([Problem(
            file, line, "", f"is not well-formed XML: {reason} (line {line}, column {column + 1}).",
            "Check the file near that place: a tag that is not closed, a stray < or &, or a file cut short.",
        )]) from None
    return XmlDoc(root, builder.lines)
