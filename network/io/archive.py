"""Zip archives, read with bounds: the unpacked size is checked before anything is unpacked.

Used for a zipped data set folder and, since an .xlsx workbook is a zip too, for spreadsheets.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from ..errors import Problem, ValidationError
from .limits import Limits, check_size

__all__ = ["open_zip", "member_files", "read_member", "IGNORED"]

#: Files that operating systems add to archives; never part of a data set.
IGNORED = ("__macosx/", ".ds_store", "thumbs.db", "desktop.ini")


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
    bomb.zip::: unpacks to 39 KB, over the limit of 1000 bytes. Split it into smaller files, or raise the limit: \
entangle check --max-bytes N on the command line, Limits(max_bytes=N) in Python.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as err:  # damage: a bad version
        raise ValidationError([Problem(file, None, "", f"is not a zip archive, or it is damaged ({err}).",
                                       "Make the archive again, or load the files it holds.")]) from None
    total = sum(info.file_size for info in archive.infolist())
    check_size(file, total, Limits(max_bytes=limits.max_bytes * expand), "unpacks to")
    if any(info.flag_bits & 0x1 for info in archive.infolist()):
        raise ValidationError([Problem(file, None, "", "is protected by a password.",
                                       "Make the archive again without a password.")])
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


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, file: str) -> bytes:
    """The bytes of one file in the archive; a damaged or unsupported entry is a located problem."""
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError, RuntimeError) as err:
        raise ValidationError([Problem(f"{file}/{info.filename}", None, "", f"cannot be unpacked ({err}).",
                                       "Make the archive again (with ordinary zip compression).")]) from None
