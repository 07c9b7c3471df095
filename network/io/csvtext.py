"""CSV text: bytes decoded (by ``textcodec``), the delimiter sniffed, rows with every problem located, and
formula-safe cells.

Pure: works on bytes already read, so tests and the browser upload share it with the file readers.
Row numbers are those a spreadsheet shows: the header is row 1, and a cell spanning lines is still one row.

A CSV cell that starts with ``= + - @``, a tab, a carriage return or a line feed is a formula to a spreadsheet;
so is one that starts with ``'`` after the spreadsheet strips it. We write such cells with one leading ``'``
(which spreadsheets show as "this is text") and strip exactly that ``'`` when reading, so text round-trips.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import WARNING, Problem
from ..i18n import N_, _
from .csvcells import find_oversized, is_oversized, oversized_cell
from .textcodec import as_utf8, decode_text

__all__ = ["Table", "RowStream", "open_rows", "parse_table", "sniff_delimiter", "text_lines",
           "empty_table", "no_rows", "FORMULA_START", "escape_cell", "unescape_cell", "to_text"]

_DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": N_("read as comma-separated."), ";": N_("read as semicolon-separated."),
                    "\t": N_("read as tab-separated."), "|": N_("read as vertical bar-separated.")}
#: What a cell may not start with in a CSV that a spreadsheet will open.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_ESCAPED = FORMULA_START + ("'",)


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


def escape_cell(value: object) -> str:
    """Text that a spreadsheet shows as text: a leading ``'`` before = + - @ tab CR LF or ``'``.

    Examples
    --------
    >>> escape_cell("=cmd()"), escape_cell("'quoted"), escape_cell("BPD"), escape_cell(None)
    ("'=cmd()", "''quoted", 'BPD', '')
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_ESCAPED) else text


def unescape_cell(text: str) -> str:
    """Undo ``escape_cell``: drop one leading ``'`` when = + - @ tab CR LF or another ``'`` follows it.

    Examples
    --------
    >>> unescape_cell("'=cmd()"), unescape_cell("''quoted"), unescape_cell("'quoted"), unescape_cell("'")
    ('=cmd()', "'quoted", "'quoted", "'")
    """
    return text[1:] if text.startswith("'") and text[1:2] and text[1:].startswith(_ESCAPED) else text


def to_text(value: Any) -> str:
    """A value from a JSON file or a spreadsheet as the text a person would type.

    Whole numbers lose a trailing ``.0`` only when they came from a spreadsheet (``float``s there are all
    numbers); dates become YYYY-MM-DD; booleans ``true``/``false``; lists and objects their JSON.

    Examples
    --------
    >>> to_text(7), to_text(2.5), to_text(3.0), to_text(True), to_text(None), to_text([1, "a"])
    ('7', '2.5', '3', 'true', '', '[1, "a"]')
    >>> import datetime; to_text(datetime.datetime(2019, 10, 1, 0, 0))
    '2019-10-01'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def empty_table(file: str) -> Problem:
    """The rule for a table with nothing in it, not even a header (a CSV file or a sheet)."""
    return Problem(file, None, "", _("is empty."),
                   _("Put a header row first (for example: source,target), then one row per item."))


def no_rows(file: str, row: int | None) -> Problem:
    """The rule for a table with a header and nothing below it."""
    return Problem(file, row, "", _("has a header but no rows."), _("Add one row per item below the header."))


def sniff_delimiter(text: str, default: str = ",") -> str:
    """The delimiter of the header line: whichever of , ; tab | occurs most outside quotes.

    Examples
    --------
    >>> sniff_delimiter("source;target;status\\n")
    ';'
    """
    end = text.find("\n")  # only the first line is looked at; splitting would copy the whole text
    first = text if end < 0 else text[:end]
    counts: dict[str, int] = {d: 0 for d in _DELIMITERS}
    quoted = False
    for ch in first:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(_DELIMITERS, key=lambda d: (counts[d], d == default))
    return best if counts[best] else default


def _reading_problem(file: str, row: int, err: csv.Error, data: bytes, delimiter: str, header: list[str] | None
                     ) -> Problem:
    """What stopped the csv reader on ``row``: a cell over its field limit (found again, to name its column), or
    a quote."""
    if is_oversized(err):
        return oversized_cell(file, row, header, find_oversized(lambda: text_lines(data), delimiter))
    if "unexpected end of data" in str(err) or "EOF" in str(err):
        return Problem(file, row, "", _("has a quote (\") that is never closed, so the rest of the file ran into "
                                        "this row."),
                       _("Close the quote, or remove it if it was not meant to start a quoted value."))
    # Translators: {reason} is Python's csv module's, in English
    return Problem(file, row, "", _("has a stray quote ({reason}).").format(reason=err),
                   _("A value containing quotes must itself be quoted, with inner quotes doubled (\"\")."))


def _unescaped(cells: list[str]) -> list[str]:
    return [unescape_cell(c) for c in cells] if any(c[:1] == "'" for c in cells) else cells


class RowStream:
    """The rows of a delimited file, parsed as they are asked for (once): (row number, cells) pairs.

    A million-row file held as lists of cells takes several times its size in memory; reading rows one at a
    time lets a reader keep only what it builds from them. Problems are appended to ``problems`` as the rows
    holding them are reached, so the list is complete only once the stream has been read to its end.
    """

    row_label = ""  # as a Table's: rows of a delimited file are rows

    def __init__(self, file: str, header: list[str], delimiter: str, reader: Any, problems: list[Problem],
                 quoted: bool, data: bytes = b""):
        self.file = file
        self.data = data  # the file: read again to locate what stopped the reader, or whole by column (csvcolumns)
        self.header = header
        self.delimiter = delimiter
        self.problems = problems
        self._reader: Any = reader
        self._quoted = quoted  # whether any cell may start with ' (else unescaping is skipped: most files)

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        reader, self._reader = self._reader, None
        if reader is None:
            raise RuntimeError(f"the rows of {self.file} were already read")
        return self._rows(reader)

    def _rows(self, reader: Any) -> Iterator[tuple[int, list[str]]]:
        file, problems, quoted, width = self.file, self.problems, self._quoted, len(self.header)
        row = 1
        found = False
        try:
            for cells in reader:
                row += 1
                if quoted:
                    cells = _unescaped(cells)
                first = cells[0] if cells else ""
                if (not first or first.isspace()) and not any(c.strip() for c in cells):
                    continue  # blank line: a spreadsheet shows it as an empty row, which holds nothing
                if len(cells) != width:
                    problems.append(Problem(
                        file, row, "", _("has {n} cells but the header has {width} columns.").format(
                            n=len(cells), width=width),
                        _("Check for a missing or extra delimiter; a value containing a comma must be quoted."),
                    ))
                    continue
                found = True
                yield row, cells
        except csv.Error as err:
            problems.append(_reading_problem(file, row + 1, err, self.data, self.delimiter, self.header))
        if not found and not any(p.is_error for p in problems):
            problems.append(no_rows(file, 2))


def text_lines(data: bytes) -> io.TextIOWrapper:
    """The lines of valid UTF-8 ``data`` (a BOM skipped), decoded a chunk at a time, line endings kept as written.

    A ``StringIO`` of the decoded text would hold it at four bytes a character (230 MB for a 57 MB file).
    """
    buffer = io.BytesIO(data)  # shares ``data``'s memory until written to, which it never is
    if data.startswith(b"\xef\xbb\xbf"):
        buffer.seek(3)
    return io.TextIOWrapper(buffer, encoding="utf-8", newline="")


def open_rows(data: bytes, file: str, delimiter: str | None = None) -> tuple[RowStream | None, list[Problem]]:
    """Start reading a delimited file: the header is read now, the rows as the stream is iterated.

    Returns the stream (None when nothing usable) and the problems list, which the stream goes on filling.

    Examples
    --------
    >>> stream, problems = open_rows(b"source;target\\nA;B\\n", "edges.csv")
    >>> stream.header, list(stream), [str(p) for p in problems]
    (['source', 'target'], [(2, ['A', 'B'])], ['edges.csv:1: read as semicolon-separated.'])
    """
    utf8, problems = as_utf8(data, file)  # UTF-16 read as the same text in UTF-8
    if utf8 is None:
        return None, problems
    data = utf8
    text, problems = decode_text(data, file)
    if text is None:
        return None, problems
    if not text or text.isspace():  # what ``not text.strip()`` says, without copying the text
        return None, [empty_table(file)]
    if delimiter is None:
        default = "\t" if file.lower().endswith((".tsv", ".tab")) else ","
        delimiter = sniff_delimiter(text, default)
        if delimiter != ",":
            problems.append(Problem(file, 1, "", _(_DELIMITER_NAMES[delimiter]), severity=WARNING))
    del text  # decoded only to check it; the rows are decoded again as they are read
    reader = csv.reader(text_lines(data), delimiter=delimiter, strict=True)
    try:
        first = next(reader)
    except StopIteration:
        return None, problems
    except csv.Error as err:
        problems.append(_reading_problem(file, 1, err, data, delimiter, None))
        return None, problems
    header = [c.strip() for c in _unescaped(first)]
    return RowStream(file, header, delimiter, reader, problems, b"'" in data, data), problems


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
    stream, problems = open_rows(data, file, delimiter)
    if stream is None:
        return None, problems
    rows = list(stream)
    return Table(file, stream.header, rows, stream.delimiter), problems

