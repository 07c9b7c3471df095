"""Naming institutions and links in a query: an id, an exact label (any case), ``kind:KIND``, or ``A->B``."""

from __future__ import annotations

import difflib
import weakref
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import UnknownNodeError
from .gcpause import collector_paused
from .model import Dataset

__all__ = ["resolve_nodes", "resolve_edges", "as_list"]


@dataclass(frozen=True)
class _Names:
    """A data set's nodes by lower-case label and by kind, built once: a million-node data set is not
    scanned again for every query."""

    by_label: dict[str, list[str]]
    by_kind: dict[str, list[str]]


_NAMES: weakref.WeakKeyDictionary[Dataset, _Names] = weakref.WeakKeyDictionary()


def _names(ds: Dataset) -> _Names:
    names = _NAMES.get(ds)
    if names is None:
        by_label: dict[str, list[str]] = {}
        by_kind: dict[str, list[str]] = {}
        with collector_paused():  # one list per label: on a big data set, collections would only slow this
            for node in ds.nodes.values():
                by_label.setdefault(node.name.lower(), []).append(node.id)
                by_kind.setdefault(node.kind, []).append(node.id)
        names = _NAMES[ds] = _Names(by_label, by_kind)
    return names


def as_list(refs: str | Iterable[str] | None) -> list[str]:
    """A single reference or several, as a list (None is empty)."""
    if refs is None:
        return []
    if isinstance(refs, str):
        return [refs]
    return [str(r) for r in refs]


def _suggest(ds: Dataset, ref: str) -> list[str]:
    names = {n.name: n.id for n in ds.nodes.values()} | {n.id: n.id for n in ds.nodes.values()}
    lowered = {name.lower(): name for name in names}
    close = difflib.get_close_matches(ref.lower(), list(lowered), n=3, cutoff=0.5)
    contains = [lowered[k] for k in lowered if ref.lower() in k and lowered[k] not in close]
    kinds = sorted({n.kind for n in ds.nodes.values()})
    kind_hint = []
    if ref.lower().startswith("kind:"):
        kind_hint = [f"kind:{k}" for k in difflib.get_close_matches(ref[5:].lower(), kinds, n=3, cutoff=0.4)]
    return list(dict.fromkeys(kind_hint + [lowered[c] for c in close] + sorted(contains)))[:5]


def resolve_nodes(ds: Dataset, refs: str | Iterable[str] | None) -> list[str]:
    """Node ids for references, in the order given, without repeats; raise UnknownNodeError otherwise.

    Examples
    --------
    >>> from network.model import Dataset, Node
    >>> ds = Dataset.build([Node("bps", "Boston Public Schools", "school_district"), Node("x", "X", "school")], [])
    >>> resolve_nodes(ds, ["boston public schools", "kind:school"])
    ['bps', 'x']
    """
    names = _names(ds)
    by_label = names.by_label
    found: dict[str, None] = {}
    for raw in as_list(refs):
        ref = raw.strip()
        if ref in ds.nodes:
            found[ref] = None
        elif ref.lower().startswith("kind:"):
            kind = ref[5:].strip().lower()
            matches = names.by_kind.get(kind, [])
            if not matches:
                raise UnknownNodeError(ref, _suggest(ds, ref))
            found.update(dict.fromkeys(matches))
        elif ref.lower() in by_label:
            found.update(dict.fromkeys(by_label[ref.lower()]))
        else:
            raise UnknownNodeError(ref, _suggest(ds, ref))
    return list(found)


def resolve_edges(ds: Dataset, refs: Iterable[str]) -> tuple[set[str], set[tuple[str, str]]]:
    """Split what-if removals into node ids and (source, target) pairs; an edge id names its own pair.

    ``"BPD->BRIC"`` (ids or labels on each side) removes every flow link from one to the other.
    """
    nodes: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for raw in refs:
        ref = raw.strip()
        if ref in ds.edge_by_id:
            edge = ds.edge_by_id[ref]
            pairs.add((edge.source, edge.target))
        elif "->" in ref and ref not in ds.nodes:
            left, _, right = ref.partition("->")
            for a in resolve_nodes(ds, left):
                for b in resolve_nodes(ds, right):
                    pairs.add((a, b))
        else:
            nodes.update(resolve_nodes(ds, ref))
    return nodes, pairs
