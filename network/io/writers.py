"""Writing a data set: a folder of CSV files, its zip, GraphML, GEXF or node-link JSON.

Whatever is written loads back the same: nodes, links, their attributes, sources, events, handoffs and metadata. CSV
cells that a spreadsheet would run as a formula get a leading ``'``, which our reader strips again.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

from ..errors import DataFileError, QueryError
from ..i18n import _
from ..model import Dataset
from .csvtext import escape_cell
from .gexf import gexf_bytes
from .graphfiles import edge_values, events_records, handoffs_records, node_values, sources_records
from .graphml import graphml_bytes
from .jsongraph import node_link_bytes

__all__ = ["write_dataset", "dataset_bytes", "folder_files", "WRITE_FORMATS"]

#: What ``dataset_bytes`` writes, by name, with the file extension and what it is for.
WRITE_FORMATS = {
    "zip": (".zip", "a data set folder (edges.csv, nodes.csv, sources.csv, events.csv, handoffs.csv, "
                    "dataset.json), zipped"),
    "graphml": (".graphml", "GraphML, for yEd, Gephi, Cytoscape or networkx"),
    "gexf": (".gexf", "GEXF, for Gephi and Gephi Lite"),
    "json": (".json", "node-link JSON, for networkx and JavaScript"),
}
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same data set gives the same bytes


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([escape_cell(c) for c in header])
    writer.writerows([escape_cell(c) for c in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def _records_csv(records: list[dict[str, str]]) -> bytes:
    header = list(dict.fromkeys(k for r in records for k in r))
    return _csv(header, [[r.get(k, "") for k in header] for r in records])


def folder_files(ds: Dataset) -> dict[str, bytes]:
    """The files of a data set folder: edges.csv and nodes.csv always; the others when there is something in them.

    Examples
    --------
    >>> from network.model import Dataset, Edge, Handoff
    >>> ds = Dataset.build([], [Edge("a->b", "a", "b"), Edge("b->c", "b", "c")], handoffs=[Handoff("b")])
    >>> sorted(folder_files(ds))
    ['edges.csv', 'handoffs.csv', 'nodes.csv']
    >>> print(folder_files(ds)["handoffs.csv"].decode())
    at,from,to,status,sources,note,start,end
    b,*,*,unknown,,,,
    <BLANKLINE>
    """
    nodes = node_values(ds)
    node_header = ["id", *dict.fromkeys(k for _, values in nodes for k in values)]
    edges = edge_values(ds)
    edge_header = ["id", "source", "target", *dict.fromkeys(k for _, values in edges for k in values)]
    files = {
        "edges.csv": _csv(edge_header, [[e.id, e.source, e.target, *(v.get(k, "") for k in edge_header[3:])]
                                        for e, v in edges]),
        "nodes.csv": _csv(node_header, [[node_id, *(v.get(k, "") for k in node_header[1:])] for node_id, v in nodes]),
    }
    if ds.sources:
        files["sources.csv"] = _records_csv(sources_records(ds))
    if ds.events:
        files["events.csv"] = _records_csv(events_records(ds))
    if ds.handoffs:
        files["handoffs.csv"] = _records_csv(handoffs_records(ds))
    if ds.meta:
        files["dataset.json"] = (json.dumps(dict(ds.meta), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files


def _zip(ds: Dataset) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in folder_files(ds).items():
            info = zipfile.ZipInfo(name, _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def dataset_bytes(ds: Dataset, fmt: str, name: str = "") -> bytes:
    """The data set as the bytes of one file, for a download: ``fmt`` is zip, graphml, gexf or json.

    ``name`` is the file name used in messages (a value XML cannot hold is refused, naming it).

    Examples
    --------
    >>> from network.io import load, parse_file
    >>> data = dataset_bytes(load(), "zip")
    >>> parse_file("boston.zip", data).summary() == load().summary()
    True
    """
    fmt = fmt.strip().lower().lstrip(".")
    if fmt == "zip":
        return _zip(ds)
    if fmt == "graphml":
        return graphml_bytes(ds, name or "dataset.graphml")
    if fmt == "gexf":
        return gexf_bytes(ds, name or "dataset.gexf")
    if fmt == "json":
        return node_link_bytes(ds)
    raise QueryError(_("Cannot write {format}: choose one of {formats}.").format(
        format=repr(fmt), formats=", ".join(WRITE_FORMATS)))


def write_dataset(ds: Dataset, path: str | Path) -> Path:
    """Write the data set; the suffix picks the format (.zip .graphml .gexf .json; none: a folder of CSV files).

    A folder must be new or empty (nothing is overwritten in it); a file is replaced. Returns the path written.

    Examples
    --------
    >>> import tempfile
    >>> from network.io import load
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     written = write_dataset(load(), Path(tmp) / "boston")
    ...     load(written).summary() == load().summary()
    True
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if not suffix:
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise DataFileError(_("{path}: already exists and is not an empty folder; choose a new folder name "
                                  "(nothing was overwritten).").format(path=path))
        path.mkdir(parents=True, exist_ok=True)
        for name, data in folder_files(ds).items():
            (path / name).write_bytes(data)
        return path
    fmt = next((name for name, (ext, _what) in WRITE_FORMATS.items() if ext == suffix), None)
    if fmt is None:
        choices = ", ".join(ext for ext, _what in WRITE_FORMATS.values())
        raise QueryError(_("{file}: cannot write {suffix} files; use {suffixes}, or no suffix for a folder.").format(
            file=path.name, suffix=suffix, suffixes=choices))
    data = dataset_bytes(ds, fmt, path.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
