"""Bytes to text, the one rule for every text format: UTF-8 (a BOM is accepted), or UTF-16 with its BOM (what Excel's
"Unicode Text" and some Windows tools save), read as the same text; a binary file, or bytes that are neither, give a
located error.

UTF-16 is turned into UTF-8 bytes first (``as_utf8``), so each reader goes on as for any UTF-8 file and reads its
rows or brackets from bytes. Without a BOM, UTF-16 cannot be told from binary for sure: it is named as likely
UTF-16, with the fix (save it as UTF-8).
"""

from __future__ import annotations

import codecs

from ..errors import Problem
from ..i18n import _

__all__ = ["as_utf8", "decode_text", "decode_utf8"]

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)  # checked first: UTF-32 LE's BOM starts as UTF-16 LE's


def as_utf8(data: bytes, file: str) -> tuple[bytes | None, list[Problem]]:
    """``data`` as UTF-8 bytes: UTF-16 with a BOM (little- or big-endian) is decoded and encoded again; anything
    else is returned as it is, for the reader's own UTF-8 check. None, with a located problem, when it cannot be.

    Examples
    --------
    >>> as_utf8("source,target\\nA,É\\n".encode("utf-16"), "e.csv")
    (b'source,target\\nA,\\xc3\\x89\\n', [])
    >>> as_utf8(b"\\xef\\xbb\\xbfsource", "e.csv")
    (b'\\xef\\xbb\\xbfsource', [])
    >>> print(as_utf8(codecs.BOM_UTF16_LE + "a,b\\nc".encode("utf-16-le") + b"\\x00\\xdc", "e.csv")[1][0])
    e.csv:2: is UTF-16 text, but byte 12 is not: the file was cut or damaged. Save it again as UTF-8.
    """
    if data.startswith(_UTF32_BOMS):
        return None, [Problem(file, None, "", _("is UTF-32 text."),
                              _("Save it as UTF-8 (in Excel: Save As, 'CSV UTF-8')."))]
    if not data.startswith(_UTF16_BOMS):
        return data, []
    try:
        return data.decode("utf-16").encode("utf-8"), []
    except UnicodeDecodeError as err:
        row = data[: err.start].decode("utf-16", "replace").count("\n") + 1
        return None, [Problem(file, row, "", _("is UTF-16 text, but byte {n} is not: the file was cut or damaged.")
                              .format(n=err.start), _("Save it again as UTF-8."))]


def _looks_utf16(sample: bytes) -> bool:
    """UTF-16 without a BOM: text whose every other byte is zero (Latin letters, digits and punctuation)."""
    evens, odds = sample[0::2], sample[1::2]
    return len(sample) >= 8 and (not evens.strip(b"\x00") or not odds.strip(b"\x00")) and sample.strip(b"\x00") != b""


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bool(sample) and controls / len(sample) > 0.05


def decode_text(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Decode a delimited file's UTF-8 (a BOM is accepted; UTF-16 is made UTF-8 first by ``as_utf8``); a binary
    file or other bytes give a located error instead.

    Examples
    --------
    >>> decode_text(b"\\xef\\xbb\\xbfsource,target\\n", "e.csv")[0]
    'source,target\\n'
    >>> print(decode_text(b"a,b\\nx,\\xe9\\n", "e.csv")[1][0])
    e.csv:2: byte 6 (0xe9) is not UTF-8. Save the file as UTF-8 (in Excel: Save As, 'CSV UTF-8').
    >>> print(decode_text("source,target".encode("utf-16-le"), "e.csv")[1][0])
    e.csv: looks like UTF-16 text without the mark that says so (a BOM). Save it as UTF-8 (in Excel: Save As, \
'CSV UTF-8').
    """
    if _looks_binary(data):
        if _looks_utf16(data[:4096]):
            return None, [Problem(file, None, "", _("looks like UTF-16 text without the mark that says so (a BOM)."),
                                  _("Save it as UTF-8 (in Excel: Save As, 'CSV UTF-8')."))]
        return None, [
            Problem(file, None, "", _("is not a text file (it looks binary)."),
                    _("Export the data as CSV (comma-separated values) and load that file."))
        ]
    return decode_utf8(data, file, _("Save the file as UTF-8 (in Excel: Save As, 'CSV UTF-8')."))


def decode_utf8(data: bytes, file: str, fix: str = "") -> tuple[str | None, list[Problem]]:
    """The rule for text files of every format: UTF-8 (a BOM is accepted); else the row of the first bad byte.

    Examples
    --------
    >>> decode_utf8(b"\\xef\\xbb\\xbf{}", "g.json"), decode_utf8(b"{\\n\\xff}", "g.json")[1][0].message
    (('{}', []), 'byte 2 (0xff) is not UTF-8.')
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as err:
        row = data[: err.start].count(b"\n") + 1
        return None, [Problem(file, row, "", _("byte {n} ({hex}) is not UTF-8.").format(
            n=err.start, hex=f"0x{data[err.start]:02x}"), fix or _("Save the file as UTF-8."))]
