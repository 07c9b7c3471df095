"""Reading and writing data sets: ``load`` a path, ``parse_file``/``parse_files`` bytes, ``write_dataset``.

Every format (CSV/TSV, a data set folder or its zip, Excel, GraphML, GEXF, node-link and Cytoscape JSON) goes
through the same validation, so problems are reported the same way, each with file, row and column. As in
networkx, readers that take bytes are ``parse_*`` and readers that take a path are ``read_*``.

The modules, from the bottom up (each imports only those above it): ``limits``; ``textcodec`` (bytes to text),
``csvcells``, ``csvtext``, ``csvcolumns``, ``jsontext``, ``xmltext`` (the text of each syntax); ``datecells`` and
``fields`` (columns and the rule for each value), ``identifiers``, ``edgelist``, ``edgecolumns``, ``nodecolumns``,
``validate`` (tables to a ``Dataset``); ``csvdataset``,
``archive``, ``xlsx``, ``graphfiles``, ``graphml``, ``gexf``, ``jsongraph`` (one per format); ``formats``
(choosing one); ``writers``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..errors import DataFileError
from ..i18n import _
from ..model import Dataset
from ..resources import BOSTON, DATA_DIR  # where the shipped data sets are, in a checkout or installed
from .csvdataset import parse_csv_dataset, read_csv_dataset
from .formats import FORMATS, parse_file, parse_files
from .limits import DEFAULT_LIMITS, LOCAL_LIMITS, Limits, check_size
from .writers import WRITE_FORMATS, dataset_bytes, write_dataset

__all__ = [
    "load",
    "parse_file",
    "parse_files",
    "parse_csv_dataset",
    "read_csv_dataset",
    "write_dataset",
    "dataset_bytes",
    "Limits",
    "DEFAULT_LIMITS",
    "LOCAL_LIMITS",
    "FORMATS",
    "WRITE_FORMATS",
    "BOSTON",
    "DATA_DIR",
]


def load(path: str | Path | None = None, columns: Mapping[str, str] | None = None,
         limits: Limits | None = None) -> Dataset:
    """Load a data set: a folder, or a file in any format ``parse_file`` reads. No path: the Boston data set.

    Parameters
    ----------
    path : a data set folder (edges.csv, nodes.csv, sources.csv, events.csv, dataset.json) or a file
        (.csv .tsv .tab .txt .zip .xlsx .graphml .gexf .json .xml)
    columns : which column holds which edge field, for headers without the usual names
    limits : bounds on size, links, label length and JSON nesting; a file larger than ``limits.max_bytes`` is
        refused before it is read (default ``LOCAL_LIMITS``: 2 GB, as the files are the user's own)

    Raises ``ValidationError`` listing every problem when the data has errors (a file too large, binary or not
    UTF-8 among them), ``DataFileError`` when there is nothing to read (no such path, an extension we do not read).

    Examples
    --------
    >>> ds = load()
    >>> ds.summary()["cited_share"]
    1.0
    """
    target = Path(path) if path is not None else BOSTON
    limits = limits or LOCAL_LIMITS  # the user's own files; uploads go through parse_file (25 MB)
    if not target.exists():
        raise DataFileError(_("{path}: no such file or folder.").format(path=target))
    if target.is_dir():
        return read_csv_dataset(target, columns, limits)
    check_size(target.name, target.stat().st_size, limits)
    return parse_file(target.name, target.read_bytes(), columns, limits, origin=str(target))
