"""Writing XML by hand: escaping that keeps every character (tabs, line ends) and refuses what XML cannot hold."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import Problem, ValidationError
from ..model import Dataset

__all__ = ["text", "attr", "check_writable"]

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def text(value: str) -> str:
    """Escape element text; a carriage return is written as a character reference so it survives.

    Examples
    --------
    >>> text("a < b & c\\r\\n")
    'a &lt; b &amp; c&#13;\\n'
    """
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def attr(value: str) -> str:
    """Escape an attribute value (double-quoted); tabs and line ends are kept as character references.

    Examples
    --------
    >>> attr('say "hi"\\tnow\\n')
    'say &quot;hi&quot;&#9;now&#10;'
    """
    return text(value).replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")


def _values(ds: Dataset) -> Iterable[tuple[str, str, str]]:
    for n in ds.nodes.values():
        for name, value in (("id", n.id), ("label", n.label), ("kind", n.kind), ("jurisdiction", n.jurisdiction),
                            ("description", n.description), ("url", n.url), *n.attrs.items()):
            yield f"institution {n.id!r}", name, value
        for name in n.attrs:
            yield f"institution {n.id!r}", "attribute name", name
    for e in ds.edges:
        for name, value in (("id", e.id), ("relation", e.relation), ("carries", e.carries), ("note", e.note),
                            *e.attrs.items()):
            yield f"link {e.id!r}", name, value
        for name in e.attrs:
            yield f"link {e.id!r}", "attribute name", name
    for s in ds.sources.values():
        for name in ("id", "title", "publisher", "url", "kind"):
            yield f"source {s.id!r}", name, getattr(s, name)
    for v in ds.events:
        for name in ("id", "title", "kind", "description"):
            yield f"event {v.id!r}", name, getattr(v, name)
    for h in ds.handoffs:
        yield f"handoff at {h.at!r}", "note", h.note


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
                f"{where}: the {name} holds the control character U+{ord(bad.group()):04X}, which XML cannot store.",
                "Delete it from the data, or export as .zip or .json, which keep it.",
            ))
    if problems:
        raise ValidationError(problems)
