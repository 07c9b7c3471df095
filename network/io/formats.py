"""Choosing a format: which reader reads a file, by its extension (and an .xml file by its root element), for
files on disk and uploads alike.

``parse_file`` reads one file's bytes, ``parse_files`` several files dropped together (a data set folder's
files), and ``network.load`` a path; all go through the same readers and the same validation, and raise only
``ValidationError`` (problems in the data, each located) or ``DataFileError`` (no file we can read).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import PurePath

from ..errors import DataFileError, NetworkDataError, Problem, ValidationError
from ..gcpause import collector_paused
from ..i18n import N_, _
from ..model import Dataset
from .archive import parse_zip
from .csvdataset import parse_csv_dataset, parse_roles
from .gexf import parse_gexf
from .graphml import parse_graphml
from .jsongraph import parse_json_graph
from .limits import DEFAULT_LIMITS, Limits, check_size
from .validate import TABLES
from .xlsx import parse_xlsx
from .xmltext import local, parse_xml

__all__ = ["parse_file", "parse_files", "FORMATS", "TABULAR"]

TABULAR = (".csv", ".tsv", ".tab", ".txt")
#: Every extension we read, with what it is (for messages and file pickers).
FORMATS = {
    ".csv": "CSV edge list", ".tsv": "TSV edge list", ".tab": "TSV edge list", ".txt": "delimited edge list",
    ".zip": "zipped data set folder", ".xlsx": "Excel workbook", ".graphml": "GraphML", ".gexf": "GEXF",
    ".json": "node-link or Cytoscape JSON", ".xml": "GraphML or GEXF",
}
_OTHER = {
    ".xls": N_("This is the old Excel format: save it as .xlsx (Excel Workbook) or as CSV."),
    ".ods": N_("Save it as .xlsx or as CSV from LibreOffice."),
    ".numbers": N_("Export it from Numbers as .xlsx or CSV."),
    ".gml": N_("Open it in Gephi or networkx and save it as GraphML or GEXF."),
    ".net": N_("Open it in Gephi or networkx and save it as GraphML or GEXF."),
}


def _base(name: str) -> str:
    return PurePath(name.replace("\\", "/")).name or name


def _suffix(name: str) -> str:
    return PurePath(_base(name)).suffix.lower()


def _xml(data: bytes, name: str, columns: Mapping[str, str] | None, limits: Limits, origin: str) -> Dataset:
    root = parse_xml(data, name, limits).root
    reader = {"graphml": parse_graphml, "gexf": parse_gexf}.get(local(root.tag))
    if reader is None:
        raise ValidationError([Problem(name, 1, "", _("is XML, but neither GraphML nor GEXF (it starts with "
                                                      "<{tag}>).").format(tag=local(root.tag)),
                                       _("Save the network as GraphML or GEXF."))])
    return reader(data, name, columns, limits, origin)


#: The reader of each format that is one file (a zip or an edge list may hold several).
_READERS: dict[str, Callable[..., Dataset]] = {".xlsx": parse_xlsx, ".xlsm": parse_xlsx, ".graphml": parse_graphml,
                                               ".gexf": parse_gexf, ".json": parse_json_graph, ".xml": _xml}


def _parse(name: str, data: bytes, columns: Mapping[str, str] | None, limits: Limits | None, origin: str,
           inner: bool = False) -> Dataset:
    """``parse_file``; ``inner`` for a file inside a zip (named with the zip's path, and not a zip itself)."""
    limits = limits or DEFAULT_LIMITS
    shown = name if inner else _base(name)
    suffix = _suffix(name)
    check_size(shown, len(data), limits)
    with collector_paused():  # every format builds many objects that live on: see network.gcpause
        try:
            if suffix in TABULAR:
                return parse_csv_dataset({shown: data}, shown, columns, origin=origin or shown, limits=limits)
            if suffix == ".zip" and not inner:
                return parse_zip(data, shown, columns, limits, origin or shown,
                                 lambda n, d: _parse(n, d, columns, limits, origin or shown, inner=True))
            if suffix in _READERS:
                return _READERS[suffix](data, shown, columns, limits, origin or shown)
        except NetworkDataError:
            raise
        except Exception as err:  # a reader must never fail with anything else; say so plainly
            raise DataFileError(_("{file}: could not be read ({error}). Export the file again, or report this with "
                                  "the file attached.").format(file=shown, error=f"{type(err).__name__}: {err}")
                                ) from err
    advice = _(_OTHER[suffix]) if suffix in _OTHER else _("Use one of: {suffixes}.").format(
        suffixes=", ".join(sorted(FORMATS)))
    said = _("{file}: cannot read {suffix} files.").format(file=shown, suffix=suffix) if suffix else \
        _("{file}: cannot read files without an extension.").format(file=shown)
    raise DataFileError(f"{said} {advice}")


def parse_file(name: str, data: bytes, columns: Mapping[str, str] | None = None,
               limits: Limits | None = None, *, origin: str = "") -> Dataset:
    """Read one file's bytes as a data set, by its extension.

    Parameters
    ----------
    name : the file name (its extension picks the reader: .csv .tsv .tab .txt .zip .xlsx .graphml .gexf .json .xml)
    data : the file's bytes; refused before parsing when longer than ``limits.max_bytes``
    columns : which column holds which edge field, for headers without the usual names
        (``{"source": "Von", "target": "Nach"}``); graph files give source, target and id by their structure
    limits : bounds on size, links, label length and JSON nesting (``DEFAULT_LIMITS`` when None)
    origin : where the bytes came from, recorded on the data set (a path, for a file loaded from disk)

    Raises ``ValidationError`` (``.problems``: every problem, with file, row, column, message and fix) or
    ``DataFileError`` (an extension we do not read). Warnings are on the data set's ``warnings``.

    Examples
    --------
    >>> ds = parse_file("links.csv", b"source,target\\nbps,bpd\\n")
    >>> ds.edges[0].id
    'bps->bpd'
    >>> parse_file("big.csv", b"x" * 100, limits=Limits(max_bytes=10))
    Traceback (most recent call last):
    ...
    network.errors.ValidationError: 1 problem in the data set:
    big.csv: is 100 bytes, over the limit of 10 bytes. Split it into smaller files, or raise the limit: \
entangle check --max-bytes N on the command line, Limits(max_bytes=N) in Python.
    """
    return _parse(name, data, columns, limits, origin)


def parse_files(files: Mapping[str, bytes] | Iterable[tuple[str, bytes]], columns: Mapping[str, str] | None = None,
                limits: Limits | None = None) -> Dataset:
    """Read several files given together (the files of a data set folder) as one data set.

    One file is read as ``parse_file`` reads it. Several must be a folder's files: ``edges`` (or ``links``),
    ``nodes``, ``sources``, ``events``, ``handoffs`` as .csv/.tsv/.txt, and ``dataset.json``; a lone edge list
    with another name is taken as the edges. The same name twice (in any case, in any folder) is an error.

    Examples
    --------
    >>> ds = parse_files({"edges.csv": b"source,target\\nbps,bpd\\n", "nodes.csv": b"id,label\\nbps,Schools\\n"})
    >>> ds.nodes["bps"].label
    'Schools'
    >>> parse_files([("a/edges.csv", b"source,target\\nA,B\\n"), ("b/Edges.csv", b"source,target\\nC,D\\n")])
    Traceback (most recent call last):
    ...
    network.errors.ValidationError: 1 problem in the data set:
    edges.csv: was given 2 times (a/edges.csv, b/Edges.csv); a data set has one file of each name. \
Keep one of them, or load them as separate data sets.
    """
    limits = limits or DEFAULT_LIMITS
    pairs = list(files.items()) if isinstance(files, Mapping) else list(files)
    if not pairs:
        raise DataFileError(_("No file was given."))
    by_name: dict[str, list[str]] = {}
    for name, _data in pairs:
        by_name.setdefault(_base(name).lower(), []).append(name)
    problems = [
        Problem(_base(names[0]).lower(), None, "", _("was given {n} times ({files}); a data set has one file of each "
                                                     "name.").format(n=len(names), files=", ".join(names)),
                _("Keep one of them, or load them as separate data sets."))
        for names in by_name.values() if len(names) > 1
    ]
    if problems:
        raise ValidationError(problems)
    check_size(_("the files"), sum(len(data) for _name, data in pairs), limits, "are together")
    if len(pairs) == 1:
        name, data = pairs[0]
        return parse_file(name, data, columns, limits)
    roles: dict[str, tuple[str, bytes]] = {}
    unknown: list[tuple[str, bytes]] = []
    for name, data in pairs:
        base = _base(name)
        stem, suffix = PurePath(base).stem.lower(), _suffix(base)
        role = "meta" if base.lower() == "dataset.json" else TABLES.get(stem) if suffix in TABULAR else None
        if role and role not in roles:
            roles[role] = (base, data)
        else:
            unknown.append((base, data))
    if "edges" not in roles:
        lists = [(n, d) for n, d in unknown if _suffix(n) in TABULAR]
        if len(lists) == 1:
            roles["edges"] = lists[0]
            unknown.remove(lists[0])
    problems = [
        Problem(name, None, "", _("does not belong to a data set folder: when several files are given, they must be "
                                  "edges.csv, nodes.csv, sources.csv, events.csv, handoffs.csv and dataset.json."),
                _("Rename it, or load it on its own."))
        for name, _data in unknown
    ]
    if "edges" not in roles:
        problems.append(Problem("edges.csv", None, "", _("is missing: a data set needs a list of links."),
                                _("Add edges.csv (one row per link, with source and target columns).")))
    if problems:
        raise ValidationError(problems)
    return parse_roles(roles, columns, "", limits)
