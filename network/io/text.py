"""Turning the bytes of a delimited text file into rows, with every problem located by row.

Pure: works on bytes already read, so tests and the browser upload share it with the file readers.
Row numbers are those a spreadsheet shows: the header is row 1, and a cell spanning lines is still one row.
A cell we wrote with a leading ``'`` to keep a spreadsheet from running it (see ``cells``) is read back as it was.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from ..errors import ERROR, WARNING, Problem
from .cells import unescape_cell

__all__ = ["Table", "decode_text", "parse_table", "sniff_delimiter"]

_DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}


@dataclass
class Table:
    """Rows of a delimited file: the header as written, and (row number, cells) pairs.

    ``row_label``, when set, says what a row number means in messages, for tables made from something other
    than rows (for example ``"the <edge> on line {row}"`` for a GraphML file).
    """

    file: str
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    delimiter: str = ","
    row_label: str = ""


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bool(sample) and controls / len(sample) > 0.05


def decode_text(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (a BOM is accepted); a binary file or other bytes give a located error instead.

    Examples
    --------
    >>> decode_text(b"\\xef\\xbb\\xbfsource,target\\n", "e.csv")[0]
    'source,target\\n'
    >>> print(decode_text(b"a,b\\nx,\\xe9\\n", "e.csv")[1][0])
    e.csv:2:: byte 6 (0xe9) is not UTF-8. Save the file as UTF-8 (in Excel: Save As, 'CSV UTF-8').
    """
    if _looks_binary(data):
        return None, [
            Problem(file, None, "", "is not a text file (it looks binary).",
                    "Export the data as CSV (comma-separated values) and load that file.")
        ]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as err:
        offset = err.start
        row = data[:offset].count(b"\n") + 1
        bad = data[offset]
        return None, [
            Problem(file, row, "", f"byte {offset} (0x{bad:02x}) is not UTF-8.",
                    "Save the file as UTF-8 (in Excel: Save As, 'CSV UTF-8').")
        ]


def sniff_delimiter(text: str, default: str = ",") -> str:
    """The delimiter of the header line: whichever of , ; tab | occurs most outside quotes.

    Examples
    --------
    >>> sniff_delimiter("source;target;status\\n")
    ';'
    """
    first = text.split("\n", 1)[0]
    counts: dict[str, int] = {d: 0 for d in _DELIMITERS}
    quoted = False
    for ch in first:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(_DELIMITERS, key=lambda d: (counts[d], d == default))
    return best if counts[best] else default


def parse_table(data: bytes, file: str, delimiter: str | None = None) -> tuple[Table | None, list[Problem]]:
    """Parse a delimited file; return the table (None when nothing usable) and every problem found.

    Examples
    --------
    >>> table, problems = parse_table(b"source,target\\nA,B\\n", "edges.csv")
    >>> table.header, table.rows, problems
    (['source', 'target'], [(2, ['A', 'B'])], [])
    >>> parse_table(b"source,target\\n'=A,''B\\n", "edges.csv")[0].rows
    [(2, ['=A', "'B"])]
    """
    text, problems = decode_text(data, file)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [
            Problem(file, None, "", "is empty.",
                    "Put a header row first (for example: source,target), then one row per link.")
        ]
    if delimiter is None:
        default = "\t" if file.lower().endswith((".tsv", ".tab")) else ","
        delimiter = sniff_delimiter(text, default)
        if delimiter != ",":
            problems.append(Problem(file, 1, "", f"read as {_DELIMITER_NAMES[delimiter]}-separated.",
                                    severity=WARNING))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    row_number = 0
    while True:
        row_number += 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            if "unexpected end of data" in str(err) or "EOF" in str(err):
                message = "has a quote (\") that is never closed, so the rest of the file ran into this row."
                fix = "Close the quote, or remove it if it was not meant to start a quoted value."
            else:
                message = f"has a stray quote ({err})."
                fix = "A value containing quotes must itself be quoted, with inner quotes doubled (\"\")."
            problems.append(Problem(file, row_number, "", message, fix))
            break
        if any(c[:1] == "'" for c in cells):
            cells = [unescape_cell(c) for c in cells]
        if header is None:
            header = [c.strip() for c in cells]
            continue
        if not any(c.strip() for c in cells):
            continue  # blank line: a spreadsheet shows it as an empty row, which holds nothing
        if len(cells) != len(header):
            problems.append(Problem(
                file, row_number, "",
                f"has {len(cells)} cells but the header has {len(header)} columns.",
                "Check for a missing or extra delimiter; a value containing a comma must be quoted.",
            ))
            continue
        rows.append((row_number, cells))
    if header is None:
        return None, problems
    table = Table(file, header, rows, delimiter)
    if not rows and not any(p.is_error for p in problems):
        problems.append(Problem(file, 2, "", "has a header but no rows.", "Add one row per item below the header."))
    return table, problems


def count_severity(problems: list[Problem], severity: str = ERROR) -> int:
    return sum(1 for p in problems if p.severity == severity)
