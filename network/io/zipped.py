"""A data set folder in a zip archive: edges.csv and the optional files beside it, at the top or in one folder.

The archive's unpacked size is bounded by ``limits.max_bytes`` before anything is unpacked. An archive without
edges.csv but with exactly one network file (GraphML, GEXF, JSON, a spreadsheet or an edge list) is read as that.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Mapping

from ..errors import Problem, ValidationError
from ..model import Dataset
from .archive import member_files, open_zip, read_member
from .csv_dataset import FOLDER_ROLES, parse_roles
from .limits import Limits

__all__ = ["read_zip"]

_NETWORK = (".graphml", ".gexf", ".json", ".xlsx", ".csv", ".tsv", ".tab", ".txt")


def _folder(name: str) -> str:
    return name.rsplit("/", 1)[0] + "/" if "/" in name else ""


def read_zip(data: bytes, file: str, columns: Mapping[str, str] | None, limits: Limits, origin: str,
             parse_one: Callable[[str, bytes], Dataset]) -> Dataset:
    """Read a zipped data set folder; ``parse_one(name, bytes)`` reads a lone network file found inside.

    Examples
    --------
    >>> import io, zipfile
    >>> from network.io.limits import DEFAULT_LIMITS
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as z:
    ...     z.writestr("boston/edges.csv", "source,target\\nbps,bpd\\n")
    ...     z.writestr("boston/dataset.json", '{"title": "Tiny"}')
    >>> read_zip(buffer.getvalue(), "tiny.zip", None, DEFAULT_LIMITS, "", None).title
    'Tiny'
    """
    with open_zip(data, file, limits) as archive:
        return _read(archive, file, columns, limits, origin, parse_one)


def _read(archive: zipfile.ZipFile, file: str, columns: Mapping[str, str] | None, limits: Limits, origin: str,
          parse_one: Callable[[str, bytes], Dataset]) -> Dataset:
    members = member_files(archive)
    names: dict[str, list[str]] = {}
    for m in members:
        names.setdefault(m.filename.lower(), []).append(m.filename)
    twice = [Problem(f"{file}/{same[0]}", None, "", f"is in the archive {len(same)} times; a data set has one file "
                     "of each name.", "Make the archive again with one copy of each file.")
             for same in names.values() if len(same) > 1]
    if twice:
        raise ValidationError(twice)
    edges = [m for m in members if m.filename.rsplit("/", 1)[-1].lower() == "edges.csv"]
    if len(edges) > 1:
        raise ValidationError([Problem(
            file, None, "", "holds more than one edges.csv (" + ", ".join(m.filename for m in edges) + ").",
            "Put one data set in an archive: one folder with one edges.csv.",
        )])
    if not edges:
        networks = [m for m in members if m.filename.lower().endswith(_NETWORK)]
        if len(networks) == 1 and parse_one is not None:
            return parse_one(f"{file}/{networks[0].filename}", read_member(archive, networks[0], file))
        found = ", ".join(m.filename for m in members[:12]) or "nothing"
        raise ValidationError([Problem(
            file, None, "", f"holds no edges.csv (found: {found}).",
            "Zip a data set folder: edges.csv, with nodes.csv, sources.csv, events.csv, handoffs.csv and dataset.json "
            "if you have them.",
        )])
    folder = _folder(edges[0].filename)
    roles = {}
    for m in members:
        base = m.filename[len(folder):] if m.filename.startswith(folder) else None
        if base is not None and "/" not in base and base.lower() in FOLDER_ROLES:
            roles[FOLDER_ROLES[base.lower()]] = (f"{file}/{m.filename}", read_member(archive, m, file))
    return parse_roles(roles, columns, origin, limits)
