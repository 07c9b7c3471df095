"""Reading data sets from files: ``load`` picks the reader by what the path is."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..errors import DataFileError
from ..model import Dataset
from .csv_dataset import parse_csv_dataset, read_csv_dataset

__all__ = ["load", "parse_csv_dataset", "read_csv_dataset", "BOSTON", "DATA_DIR"]

#: Where the shipped data sets live (the repository's data/ folder).
DATA_DIR = Path(__file__).resolve().parents[2] / "data"
BOSTON = DATA_DIR / "boston"

_TABULAR = (".csv", ".tsv", ".tab", ".txt")


def load(path: str | Path | None = None, columns: Mapping[str, str] | None = None) -> Dataset:
    """Load a data set: a folder, or a CSV/TSV edge list. No path loads the bundled Boston data set.

    Raises ``ValidationError`` listing every problem when the data has errors, ``DataFileError`` when a file
    cannot be read at all.

    Examples
    --------
    >>> ds = load()
    >>> ds.summary()["cited_share"]
    1.0
    """
    target = Path(path) if path is not None else BOSTON
    if not target.exists():
        raise DataFileError(f"{target}: no such file or folder.")
    if target.is_dir() or target.suffix.lower() in _TABULAR:
        return read_csv_dataset(target, columns)
    raise DataFileError(
        f"{target}: cannot read {target.suffix or 'this'} files yet. "
        "Use a CSV or TSV edge list, or a folder with edges.csv."
    )
