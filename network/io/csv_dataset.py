"""A data set from CSV: a folder (edges.csv, nodes.csv, sources.csv, events.csv, dataset.json) or one file.

``parse_csv_dataset`` does the work on bytes already read; ``read_csv_dataset`` only opens the files.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import DataFileError, Problem, ValidationError
from ..model import Dataset, Node
from .records import read_edges, read_events, read_nodes, read_sources
from .text import parse_table

__all__ = ["parse_csv_dataset", "read_csv_dataset", "FOLDER_FILES"]

#: The files of a data set folder, in the order they are read. Only edges.csv is required.
FOLDER_FILES = ("edges.csv", "nodes.csv", "sources.csv", "events.csv", "dataset.json")


def _parse_meta(data: bytes, file: str, problems: list[Problem]) -> dict[str, Any]:
    try:
        meta = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        problems.append(Problem(file, None, "", f"byte {err.start} is not UTF-8.", "Save the file as UTF-8."))
        return {}
    except json.JSONDecodeError as err:
        problems.append(Problem(file, err.lineno, "", f"is not valid JSON ({err.msg}, column {err.colno}).",
                                "Check for a missing comma or quote near that line."))
        return {}
    if not isinstance(meta, dict):
        problems.append(Problem(file, 1, "", "must hold one JSON object ({...}).",
                                'Write it as {"title": "...", "license": "...", ...}.'))
        return {}
    return meta


def parse_csv_dataset(
    files: Mapping[str, bytes],
    edges_name: str = "edges.csv",
    columns: Mapping[str, str] | None = None,
    origin: str = "",
) -> Dataset:
    """Build a data set from the bytes of its files; raise ValidationError listing every error.

    Parameters
    ----------
    files : mapping of file name to its bytes; ``edges_name`` must be among them.
    columns : which column holds which edge field, for headers without the usual names
        (for example ``{"source": "Von", "target": "Nach"}``).

    Examples
    --------
    >>> ds = parse_csv_dataset({"edges.csv": b"from,to\\nBPS,BPD\\n"})
    >>> sorted(ds.nodes), ds.flow_edges[0].relation
    (['BPD', 'BPS'], '')
    """
    problems: list[Problem] = []
    tables = {}
    for name in (edges_name, "nodes.csv", "sources.csv", "events.csv"):
        if name in files:
            table, found = parse_table(files[name], name)
            problems.extend(found)
            tables[name] = table
    sources = read_sources(tables["sources.csv"], problems) if tables.get("sources.csv") else None
    nodes = read_nodes(tables["nodes.csv"], problems) if tables.get("nodes.csv") else None
    edges_table = tables.get(edges_name)
    edges = (
        read_edges(edges_table, problems, set(sources) if sources is not None else None, columns,
                   set(nodes) if nodes is not None else None)
        if edges_table else []
    )
    events = (
        read_events(tables["events.csv"], problems, {e.id for e in edges},
                    set(sources) if sources is not None else None)
        if tables.get("events.csv") else []
    )
    meta = _parse_meta(files["dataset.json"], "dataset.json", problems) if "dataset.json" in files else {}
    if any(p.is_error for p in problems):
        raise ValidationError(problems)
    node_map: dict[str, Node] = dict(nodes or {})
    for e in edges:
        for end in (e.source, e.target):
            node_map.setdefault(end, Node(end, end))
    return Dataset.build(node_map, edges, sources or {}, events, meta,
                         [p for p in problems if not p.is_error], origin)


def read_csv_dataset(path: str | Path, columns: Mapping[str, str] | None = None) -> Dataset:
    """Read a data set folder or a single CSV/TSV edge list.

    Examples
    --------
    >>> from network.io import BOSTON
    >>> read_csv_dataset(BOSTON).nodes["bric"].kind
    'fusion_center'
    """
    path = Path(path)
    if path.is_dir():
        if not (path / "edges.csv").is_file():
            present = ", ".join(sorted(p.name for p in path.iterdir())) or "nothing"
            raise DataFileError(f"{path}: a data set folder needs an edges.csv (found: {present}).")
        files = {name: (path / name).read_bytes() for name in FOLDER_FILES if (path / name).is_file()}
        return parse_csv_dataset(files, "edges.csv", columns, origin=str(path))
    return parse_csv_dataset({path.name: path.read_bytes()}, path.name, columns, origin=str(path))
