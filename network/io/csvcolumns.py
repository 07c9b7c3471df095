"""A delimited file read whole, a column at a time: one Arrow string array per column and each row's number, for
checks that look at a whole column at once (``edgecolumns``).

pyarrow's CSV reader (in C, on every core) reads a file that holds no quote character; a file with quotes is read
by the csv module, by the rules ``csvtext`` reads rows by, a block of rows at a time. Either way the cells are
those ``csvtext.RowStream`` gives: a leading ``'`` dropped as there, blank rows left out, row numbers as a
spreadsheet shows them. Whatever the row reader would report (a row of the wrong width, a stray quote, a cell over
the csv module's field limit) makes ``read_columns`` return None, and the row reader then says what and where.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from itertools import islice
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..errors import Problem
from ..model import NO_ATTRS
from .csvtext import RowStream, Table, open_rows, text_lines, unescape_cell

__all__ = ["CellColumns", "ColumnTable", "read_columns", "parse_columns", "encode", "stripped", "longest",
           "extra_values"]

#: Rows the csv module reads before they are turned into columns (a quoted file is never held whole as rows).
_BLOCK = 1 << 16
#: Bytes pyarrow's reader parses at a time, on each core (a column comes in chunks of rows).
_ARROW_BLOCK = 1 << 22
#: A cell the first character of which is not one of these may be blank (or start a blank row).
_PLAIN_START = "^[!-~]"
#: A cell that ``str.strip`` leaves as it is: empty, or printable ASCII other than a space at both ends.
_STRIPPED = "(?s)^(?:[!-~](?:.*[!-~])?)?$"


@dataclass(frozen=True)
class CellColumns:
    """The cells of a delimited file by column (``cells[i]`` holds column ``i`` of every row, as written, a leading
    ``'`` dropped; an Arrow array or chunked array) and the row number of each row (``rows``), blank rows left out."""

    header: list[str]
    cells: list[pa.Array]
    rows: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.rows)


def encode(cells: pa.Array) -> tuple[npt.NDArray[np.signedinteger[Any]], pa.Array]:
    """A column as the index of each row's value among its distinct values (in the order they first appear).

    Examples
    --------
    >>> codes, values = encode(pa.array(["b", "a", "b"]))
    >>> codes.tolist(), values.to_pylist()
    ([0, 1, 0], ['b', 'a'])
    """
    coded = pc.dictionary_encode(cells)
    if isinstance(coded, pa.ChunkedArray):  # every chunk has the same dictionary: joining them copies the codes
        coded = coded.combine_chunks()
    return coded.indices.to_numpy(zero_copy_only=False), coded.dictionary  # int32 mostly: half the memory of intp


def stripped(cells: pa.Array) -> pa.Array:
    """Each cell as ``str.strip`` leaves it (in C for the cells it would leave alone, in Python for the others, so
    that what counts as a space is Python's).

    Examples
    --------
    >>> stripped(pa.array([" a ", "b", "", "\\u00a0c\\u2003"])).to_pylist()
    ['a', 'b', '', 'c']
    """
    odd = pc.invert(pc.match_substring_regex(cells, _STRIPPED))
    if not pc.any(odd).as_py():
        return cells
    if isinstance(cells, pa.ChunkedArray):
        cells, odd = cells.combine_chunks(), odd.combine_chunks()
    at = pa.array(np.flatnonzero(odd.to_numpy(zero_copy_only=False)))
    fixed = [c.strip() for c in cells.take(at).to_pylist()]
    return pc.replace_with_mask(cells, odd, pa.array(fixed, type=pa.string()))


def longest(cells: pa.Array) -> int:
    """The length of the longest cell, in characters (0 for no cells)."""
    return int(pc.max(pc.utf8_length(cells)).as_py() or 0)


def _line_numbers(data: bytes, count: int) -> npt.NDArray[np.int64] | None:
    """The line number of each of ``count`` rows after the header, for a file (without quotes) with blank lines,
    which pyarrow leaves out; None when lines may end in a lone carriage return (not counted here)."""
    if data.count(b"\r") != data.count(b"\r\n"):
        return None
    text = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(text == 10)
    starts = np.concatenate(([0], ends + 1))
    stops = np.concatenate((ends, [len(text)]))
    width = stops - starts
    blank = (width == 0) | ((width == 1) & (text[np.minimum(starts, len(text) - 1)] == 13))
    lines = np.flatnonzero(~blank)[1:] + 1  # the header is the first line that is not blank
    return lines.astype(np.int64) if len(lines) == count else None


def _with_arrow(data: bytes, delimiter: str, width: int) -> tuple[list[pa.Array], npt.NDArray[np.int64]] | None:
    names = [f"c{i}" for i in range(width)]
    table = pacsv.read_csv(
        pa.py_buffer(data),
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=_ARROW_BLOCK),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char=False, double_quote=False,
                                         escape_char=False, newlines_in_values=False, ignore_empty_lines=True),
        convert_options=pacsv.ConvertOptions(column_types={name: pa.string() for name in names},
                                             strings_can_be_null=False, quoted_strings_can_be_null=False,
                                             null_values=[], check_utf8=True),
    )
    count = table.num_rows
    returns = data.count(b"\r") - data.count(b"\r\n") if b"\r" in data else 0  # a lone \r ends a line too
    lines = data.count(b"\n") + returns + (not data.endswith((b"\n", b"\r")))
    rows = np.arange(2, count + 2, dtype=np.int64) if lines == count + 1 else _line_numbers(data, count)
    if rows is None:
        return None
    return [table.column(i) for i in range(width)], rows  # in chunks, as read: joining them would copy the file


def _with_csv_module(data: bytes, delimiter: str, width: int) -> tuple[list[pa.Array], npt.NDArray[np.int64]] | None:
    reader = csv.reader(text_lines(data), delimiter=delimiter, strict=True)
    next(reader, None)  # the header, read already
    parts: list[list[pa.Array]] = [[] for _ in range(width)]
    numbers: list[npt.NDArray[np.int64]] = []
    row = 1
    while block := list(islice(reader, _BLOCK)):
        first = row + 1
        row += len(block)
        if set(map(len, block)) != {width}:
            kept = []
            for at, cells in enumerate(block, first):
                if len(cells) == width:
                    kept.append(at)
                elif any(c.strip() for c in cells):
                    return None  # a row of the wrong width: the row reader names it
            block = [cells for cells in block if len(cells) == width]
            numbers.append(np.array(kept, dtype=np.int64))
        else:
            numbers.append(np.arange(first, row + 1, dtype=np.int64))
        for i, column in enumerate(zip(*block, strict=True)):
            parts[i].append(pa.array(column, type=pa.string()))
    columns = [pa.concat_arrays(p) if p else pa.array([], type=pa.string()) for p in parts]
    return columns, np.concatenate(numbers) if numbers else np.zeros(0, dtype=np.int64)


def _quoted_rows(data: bytes) -> bool:
    """Whether any row below the header holds a quote (a quoted header, as many tools write one, is read already)."""
    first = data.find(b'"')
    if first < 0:
        return False
    ends = [i for i in (data.find(b"\n"), data.find(b"\r")) if i >= 0]
    header_end = min(ends) if ends else len(data)
    return first > header_end or data.count(b'"', 0, header_end) % 2 == 1 or data.find(b'"', header_end) >= 0


def _unescaped(cells: pa.Array) -> pa.Array:
    """``csvtext.unescape_cell`` on each cell that starts with ``'`` (the others it leaves as they are)."""
    marked = pc.starts_with(cells, "'")
    if not pc.any(marked).as_py():
        return cells
    if isinstance(cells, pa.ChunkedArray):
        cells, marked = cells.combine_chunks(), marked.combine_chunks()
    at = np.flatnonzero(marked.to_numpy(zero_copy_only=False))
    fixed = [unescape_cell(c) for c in cells.take(pa.array(at)).to_pylist()]
    return pc.replace_with_mask(cells, marked, pa.array(fixed, type=pa.string()))


def _without_blank_rows(cells: list[pa.Array], rows: npt.NDArray[np.int64]
                        ) -> tuple[list[pa.Array], npt.NDArray[np.int64]]:
    """Leave out the rows whose every cell is blank, as the row reader does (a spreadsheet's empty rows)."""
    maybe = pc.invert(pc.match_substring_regex(cells[0], _PLAIN_START))
    if not pc.any(maybe).as_py():
        return cells, rows
    at = pa.array(np.flatnonzero(maybe.to_numpy(zero_copy_only=False)))
    picked = [c.take(at).to_pylist() for c in cells]
    blank = [i for i, row in zip(at.to_pylist(), zip(*picked, strict=True), strict=True)
             if not any(c.strip() for c in row)]
    if not blank:
        return cells, rows
    keep = np.ones(len(rows), dtype=bool)
    keep[blank] = False
    mask = pa.array(keep)
    return [c.filter(mask) for c in cells], rows[keep]


def read_columns(stream: RowStream) -> CellColumns | None:
    """The rows of ``stream``'s file, by column, read from its bytes (the stream itself is left unread); None when
    the row reader would report something about the rows (it then reads them, and says what and where).

    Examples
    --------
    >>> from network.io.csvtext import open_rows
    >>> stream, _ = open_rows(b"source,target\\n'=A,B\\n,\\n\\nC,D\\n", "edges.csv")
    >>> table = read_columns(stream)
    >>> [c.to_pylist() for c in table.cells], table.rows.tolist()
    ([['=A', 'C'], ['B', 'D']], [2, 5])
    >>> read_columns(open_rows(b'source,target\\n"A,B\\n', "edges.csv")[0]) is None
    True
    """
    data, width = stream.data, len(stream.header)
    try:
        read = _with_csv_module if _quoted_rows(data) else _with_arrow
        found = read(data, stream.delimiter, width)
    except (csv.Error, pa.ArrowException):
        return None
    if found is None:
        return None
    cells, rows = found
    if any(longest(c) >= csv.field_size_limit() for c in cells):
        return None  # the csv module refuses such a cell: the row reader says where
    if b"'" in data:
        cells = [_unescaped(c) for c in cells]
    cells, rows = _without_blank_rows(cells, rows)
    return CellColumns(stream.header, cells, rows)


@dataclass
class ColumnTable(Table):
    """A table read by column: its rows, and ``columns``, the same cells by column."""

    columns: CellColumns | None = None


def parse_columns(data: bytes, file: str) -> tuple[Table | None, list[Problem]]:
    """``csvtext.parse_table``, read by column where it can be (a ``ColumnTable``, with the same rows and problems).

    Examples
    --------
    >>> table, problems = parse_columns(b"id,label\\nA,Agency\\n", "nodes.csv")
    >>> table.rows, table.columns.cells[1].to_pylist(), problems
    ([(2, ['A', 'Agency'])], ['Agency'], [])
    """
    stream, problems = open_rows(data, file)
    if stream is None:
        return None, problems
    found = read_columns(stream)
    if found is None or not len(found):
        return Table(file, stream.header, list(stream), stream.delimiter), problems
    rows = list(zip(found.rows.tolist(), map(list, zip(*(c.to_pylist() for c in found.cells), strict=True)),
                    strict=True))
    return ColumnTable(file, stream.header, rows, stream.delimiter, columns=found), problems


def extra_values(columns: CellColumns, extras: dict[str, int]) -> npt.NDArray[np.object_] | None:
    """Each row's values in the columns that hold no field, as a read-only mapping (blank ones left out, the others
    as written; ``NO_ATTRS`` for a row with none); None when no row has any."""
    filled_in = []
    for name, index in extras.items():
        codes, cells = encode(columns.cells[index])
        values = cells.to_pylist()
        filled = np.array([bool(v.strip()) for v in values], dtype=bool)[codes]
        if filled.any():
            filled_in.append((name, codes, values, filled))
    if not filled_in:
        return None
    out = np.empty(len(columns), dtype=object)
    out.fill(NO_ATTRS)
    some = np.zeros(len(columns), dtype=bool)
    for extra in filled_in:
        some |= extra[3]
    for i in np.flatnonzero(some).tolist():
        out[i] = MappingProxyType({name: values[codes[i]] for name, codes, values, filled in filled_in if filled[i]})
    return out
