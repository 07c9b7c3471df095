"""Zip archives, read with bounds, and a data set folder in a zip.

The archive's unpacked size is bounded by ``limits.max_bytes`` before anything is unpacked (``open_zip``, also
used for spreadsheets, since an .xlsx workbook is a zip too), from the sizes the archive declares; since those can
lie, members are then unpacked a megabyte at a time and never past what is left of the limit (``read_member``), so
a 300 MB member costs no more memory than the limit before it is refused. ``parse_zip`` reads a zipped data set folder:
edges.csv and the optional files beside it, at the top or in one folder. An archive without edges.csv but with
exactly one network file (GraphML, GEXF, JSON, a spreadsheet or an edge list) is read as that.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Mapping

from ..errors import Problem, ValidationError
from ..i18n import _
from ..model import Dataset
from .csvdataset import FOLDER_ROLES, parse_roles
from .limits import SIZE_FIX, Limits, check_size, human_bytes

__all__ = ["open_zip", "member_files", "read_member", "parse_zip", "IGNORED"]

#: Files that operating systems add to archives; never part of a data set.
IGNORED = ("__macosx/", ".ds_store", "thumbs.db", "desktop.ini")
#: How much of a member is unpacked at a time.
_CHUNK = 1024 * 1024


def open_zip(data: bytes, file: str, limits: Limits, expand: int = 1) -> zipfile.ZipFile:
    """Open a zip; refuse a damaged one, or one that unpacks to more than ``expand * limits.max_bytes``.

    Examples
    --------
    >>> import io, zipfile
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("edges.csv", "source,target\\n" + "A,B\\n" * 10_000)
    >>> open_zip(buffer.getvalue(), "bomb.zip", Limits(max_bytes=1000))
    Traceback (most recent call last):
    ...
    network.errors.ValidationError: 1 problem in the data set:
    bomb.zip: unpacks to 39 KB, over the limit of 1000 bytes. Split it into smaller files, or raise the limit: \
entangle check --max-bytes N on the command line, Limits(max_bytes=N) in Python.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as err:  # damage: a bad version
        raise ValidationError([Problem(file, None, "", _("is not a zip archive, or it is damaged ({reason}).").format(
            reason=err), _("Make the archive again, or load the files it holds."))]) from None
    total = sum(info.file_size for info in archive.infolist())
    check_size(file, total, Limits(max_bytes=limits.max_bytes * expand), "unpacks to")
    if any(info.flag_bits & 0x1 for info in archive.infolist()):
        raise ValidationError([Problem(file, None, "", _("is protected by a password."),
                                       _("Make the archive again without a password."))])
    return archive


def member_files(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The archive's files, without folders and without what operating systems add.

    Examples
    --------
    >>> import io, zipfile
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as z:
    ...     z.writestr("data/edges.csv", "source,target\\nA,B\\n"); z.writestr("__MACOSX/data/._edges.csv", "")
    >>> [m.filename for m in member_files(zipfile.ZipFile(buffer))]
    ['data/edges.csv']
    """
    return [info for info in archive.infolist()
            if not info.is_dir() and not any(part in info.filename.lower() for part in IGNORED)
            and not info.filename.rsplit("/", 1)[-1].startswith("._")]


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, limit: int) -> bytes:
    """The bytes of one file in the archive, unpacked a chunk at a time and refused as soon as they pass ``limit``
    (what is left of the size limit), whatever size the archive declares; a damaged entry is a located problem.

    Examples
    --------
    >>> import io, zipfile
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("edges.csv", "source,target\\n" + "A,B\\n" * 10_000)
    >>> archive = zipfile.ZipFile(buffer)
    >>> len(read_member(archive, archive.infolist()[0], "a.zip", 100_000))
    40014
    >>> read_member(archive, archive.infolist()[0], "a.zip", 1000)
    Traceback (most recent call last):
    ...
    network.errors.ValidationError: 1 problem in the data set:
    a.zip/edges.csv: unpacks to more than 1000 bytes, the limit (the archive says it holds 39 KB). Split it into \
smaller files, or raise the limit: entangle check --max-bytes N on the command line, Limits(max_bytes=N) in Python.
    """
    name = f"{file}/{info.filename}"
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as member:
            # one byte past the limit tells; nothing more is unpacked
            while size <= limit and (chunk := member.read(min(_CHUNK, limit + 1 - size))):
                size += len(chunk)
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError, RuntimeError) as err:
        raise ValidationError([Problem(name, None, "", _("cannot be unpacked ({reason}).").format(reason=err),
                                       _("Make the archive again (with ordinary zip compression)."))]) from None
    if size > limit:
        raise ValidationError([Problem(name, None, "", _("unpacks to more than {limit}, the limit (the archive says it "
                                                         "holds {size}).").format(
            limit=human_bytes(limit), size=human_bytes(info.file_size)), _(SIZE_FIX))])
    return b"".join(chunks)


_NETWORK = (".graphml", ".gexf", ".json", ".xlsx", ".csv", ".tsv", ".tab", ".txt")


def _folder(name: str) -> str:
    return name.rsplit("/", 1)[0] + "/" if "/" in name else ""


def parse_zip(data: bytes, file: str, columns: Mapping[str, str] | None, limits: Limits, origin: str,
             parse_one: Callable[[str, bytes], Dataset] | None) -> Dataset:
    """Read a zipped data set folder; ``parse_one(name, bytes)`` reads a lone network file found inside.

    Examples
    --------
    >>> import io, zipfile
    >>> from network.io.limits import DEFAULT_LIMITS
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as z:
    ...     z.writestr("boston/edges.csv", "source,target\\nbps,bpd\\n")
    ...     z.writestr("boston/dataset.json", '{"title": "Tiny"}')
    >>> parse_zip(buffer.getvalue(), "tiny.zip", None, DEFAULT_LIMITS, "", None).title
    'Tiny'
    """
    with open_zip(data, file, limits) as archive:
        return _read(archive, file, columns, limits, origin, parse_one)


class _Budget:
    """What is left of the size limit as an archive's members are unpacked, one after another."""

    def __init__(self, archive: zipfile.ZipFile, file: str, limits: Limits):
        self.archive, self.file, self.left = archive, file, limits.max_bytes

    def read(self, info: zipfile.ZipInfo) -> bytes:
        data = read_member(self.archive, info, self.file, self.left)
        self.left -= len(data)
        return data


def _read(archive: zipfile.ZipFile, file: str, columns: Mapping[str, str] | None, limits: Limits, origin: str,
          parse_one: Callable[[str, bytes], Dataset] | None) -> Dataset:
    members = member_files(archive)
    budget = _Budget(archive, file, limits)
    names: dict[str, list[str]] = {}
    for m in members:
        names.setdefault(m.filename.lower(), []).append(m.filename)
    twice = [Problem(f"{file}/{same[0]}", None, "", _("is in the archive {n} times; a data set has one file of each "
                                                      "name.").format(n=len(same)),
                     _("Make the archive again with one copy of each file."))
             for same in names.values() if len(same) > 1]
    if twice:
        raise ValidationError(twice)
    edges = [m for m in members if m.filename.rsplit("/", 1)[-1].lower() == "edges.csv"]
    if len(edges) > 1:
        raise ValidationError([Problem(
            file, None, "", _("holds more than one edges.csv ({files}).").format(
                files=", ".join(m.filename for m in edges)),
            _("Put one data set in an archive: one folder with one edges.csv."),
        )])
    if not edges:
        networks = [m for m in members if m.filename.lower().endswith(_NETWORK)]
        if len(networks) == 1 and parse_one is not None:
            return parse_one(f"{file}/{networks[0].filename}", budget.read(networks[0]))
        found = ", ".join(m.filename for m in members[:12]) or _("nothing")
        raise ValidationError([Problem(
            file, None, "", _("holds no edges.csv (found: {files}).").format(files=found),
            _("Zip a data set folder: edges.csv, with nodes.csv, sources.csv, events.csv, handoffs.csv and "
              "dataset.json if you have them."),
        )])
    folder = _folder(edges[0].filename)
    roles = {}
    for m in members:
        base = m.filename[len(folder):] if m.filename.startswith(folder) else None
        if base is not None and "/" not in base and base.lower() in FOLDER_ROLES:
            roles[FOLDER_ROLES[base.lower()]] = (f"{file}/{m.filename}", budget.read(m))
    return parse_roles(roles, columns, origin, limits)
