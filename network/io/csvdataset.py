"""A data set from CSV: a folder (edges.csv, nodes.csv, sources.csv, events.csv, handoffs.csv, dataset.json) or
one file.

``parse_csv_dataset`` and ``parse_roles`` do the work on bytes already read; ``read_csv_dataset`` only opens the
files. A zipped folder (``archive``) and files dropped together (``formats.parse_files``) end in ``parse_roles``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import DataFileError, Problem
from ..gcpause import collector_paused
from ..i18n import _
from ..model import Dataset
from .csvcolumns import parse_columns
from .csvtext import RowStream, Table, open_rows
from .jsontext import parse_json
from .limits import DEFAULT_LIMITS, Limits, check_size
from .validate import TABLES, assemble

__all__ = ["parse_csv_dataset", "parse_roles", "read_csv_dataset", "parse_meta", "FOLDER_FILES", "FOLDER_ROLES"]

#: The files of a data set folder with the role of each, in the order they are read. Only edges.csv is required.
FOLDER_ROLES = {**{f"{name}.csv": role for name, role in TABLES.items() if name == role}, "dataset.json": "meta"}
FOLDER_FILES = tuple(FOLDER_ROLES)
#: The roles read as tables (all but the edges, which are streamed, and the metadata).
_TABLE_ROLES = ("nodes", "sources", "events", "handoffs")


def parse_meta(data: bytes, file: str, problems: list[Problem], limits: Limits | None = None) -> dict[str, Any]:
    """The object in a dataset.json; problems (not JSON, not an object, too deep) go to ``problems``.

    Examples
    --------
    >>> parse_meta(b'{"title": "Tiny"}', "dataset.json", [])
    {'title': 'Tiny'}
    """
    meta, found = parse_json(data, file, limits)
    problems.extend(found)
    if found:
        return {}
    if not isinstance(meta, dict):
        problems.append(Problem(file, 1, "", _("must hold one JSON object ({{...}})."),
                                _('Write it as {{"title": "...", "license": "...", ...}}.')))
        return {}
    return meta


def parse_csv_dataset(
    files: Mapping[str, bytes],
    edges_name: str = "edges.csv",
    columns: Mapping[str, str] | None = None,
    origin: str = "",
    limits: Limits | None = None,
    prefix: str = "",
) -> Dataset:
    """Build a data set from the bytes of its files; raise ValidationError listing every error.

    Parameters
    ----------
    files : mapping of file name to its bytes; ``edges_name`` must be among them, and ``nodes.csv``,
        ``sources.csv``, ``events.csv``, ``handoffs.csv`` and ``dataset.json`` may be.
    columns : which column holds which edge field, for headers without the usual names
        (for example ``{"source": "Von", "target": "Nach"}``).
    limits : bounds on links and label length.
    prefix : put before each file name in messages (``"data.zip/"`` for files inside an archive).

    Examples
    --------
    >>> ds = parse_csv_dataset({"edges.csv": b"from,to\\nBPS,BPD\\n"})
    >>> sorted(ds.nodes), ds.flow_edges[0].relation
    (['BPD', 'BPS'], '')
    """
    named = [("edges", edges_name)] + [(role, name) for name, role in FOLDER_ROLES.items() if role != "edges"]
    roles = {role: (prefix + name, files[name]) for role, name in named if name in files}
    return parse_roles(roles, columns, origin, limits)


def parse_roles(
    roles: Mapping[str, tuple[str, bytes]],
    columns: Mapping[str, str] | None = None,
    origin: str = "",
    limits: Limits | None = None,
) -> Dataset:
    """Build a data set from its files by role (edges, nodes, sources, events, handoffs, meta): (name, bytes) each.

    Examples
    --------
    >>> ds = parse_roles({"edges": ("links.tsv", b"from\\tto\\nBPS\\tBPD\\n")})
    >>> ds.edges[0].id
    'BPS->BPD'
    """
    problems: list[Problem] = []
    tables: dict[str, Table | None] = {}
    edges: RowStream | None = None
    with collector_paused():
        if "edges" in roles:
            # the edge rows, by far the most, are read as assemble checks them, never held whole; the stream's
            # own problems (bad quotes, short rows) are put first by assemble, where reading it first put them
            edges, found = open_rows(roles["edges"][1], roles["edges"][0])
            if edges is None:
                problems.extend(found)
        for role in _TABLE_ROLES:
            if role in roles:
                name, data = roles[role]
                table, found = parse_columns(data, name)  # parse_table's rows, read by column where it can
                problems.extend(found)
                tables[role] = table
        meta = parse_meta(roles["meta"][1], roles["meta"][0], problems, limits) if "meta" in roles else {}
        return assemble(
            edges, nodes=tables.get("nodes"), sources=tables.get("sources"), events=tables.get("events"),
            handoffs=tables.get("handoffs"), meta=meta, problems=problems, columns=columns, limits=limits,
            origin=origin,
        )


def read_csv_dataset(path: str | Path, columns: Mapping[str, str] | None = None,
                     limits: Limits | None = None) -> Dataset:
    """Read a data set folder or a single CSV/TSV edge list.

    Files larger than ``limits.max_bytes`` together are refused before they are read.

    Examples
    --------
    >>> from network.io import BOSTON
    >>> read_csv_dataset(BOSTON).nodes["bric"].kind
    'fusion_center'
    """
    path = Path(path)
    limits = limits or DEFAULT_LIMITS
    if path.is_dir():
        if not (path / "edges.csv").is_file():
            present = ", ".join(sorted(p.name for p in path.iterdir())) or _("nothing")
            raise DataFileError(_("{path}: a data set folder needs an edges.csv (found: {files}).").format(
                path=path, files=present))
        names = [name for name in FOLDER_FILES if (path / name).is_file()]
        check_size(path.name, sum((path / name).stat().st_size for name in names), limits,
                   "holds files that together are")
        files = {name: (path / name).read_bytes() for name in names}
        return parse_csv_dataset(files, "edges.csv", columns, origin=str(path), limits=limits)
    check_size(path.name, path.stat().st_size, limits)
    return parse_csv_dataset({path.name: path.read_bytes()}, path.name, columns, origin=str(path), limits=limits)
