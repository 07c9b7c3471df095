"""A CSV cell over the csv module's field limit: which column it is in, for a message that names it.

Python's csv reader refuses a cell longer than ``csv.field_size_limit()`` characters (131,072 unless changed) with
"field larger than field limit", which says neither where nor that the cell is the trouble. The limit is global to
the process (raising it here would raise it for every other reader in it), so it stays; on that error only, the
record is found again and its cells counted by the same rules as the reader's, to name the column.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice

from .. import i18n
from ..errors import Problem
from ..i18n import _

__all__ = ["is_oversized", "Oversized", "find_oversized", "oversized_cell"]


def is_oversized(err: csv.Error) -> bool:
    """Whether the csv reader stopped at a cell over its field limit."""
    return "field larger than field limit" in str(err)


@dataclass(frozen=True)
class Oversized:
    """The cell over the limit: its column (counting from 0) and whether it starts with a quote."""

    index: int
    quoted: bool


def _first_long_cell(chars: Iterable[str], delimiter: str, limit: int) -> Oversized | None:
    """The first cell of the record starting at ``chars`` with ``limit`` characters or more, read as the csv module
    reads (``"`` quotes, ``""`` inside quotes is one quote, a line end outside quotes ends the record)."""
    index, length, quoted, in_quotes, after_quote = 0, 0, False, False, False
    for ch in chars:
        if in_quotes:
            if ch == '"':
                in_quotes, after_quote = False, True
                continue
            length += 1
        elif after_quote and ch == '"':  # a doubled quote: one quote inside the quoted cell
            in_quotes, after_quote = True, False
            length += 1
        elif ch == delimiter:
            index, length, quoted, after_quote = index + 1, 0, False, False
            continue
        elif ch in "\r\n":
            return None
        elif ch == '"' and length == 0 and not quoted:
            in_quotes = quoted = True
            continue
        else:
            length += 1
        if length >= limit:
            return Oversized(index, quoted)
    return None


def find_oversized(open_lines: Callable[[], Iterator[str]], delimiter: str) -> Oversized | None:
    """Where the first cell over the field limit is, in the text that ``open_lines()`` gives line by line (each
    call from the start). None when no cell is over it (the error had another cause)."""
    reader = csv.reader(open_lines(), delimiter=delimiter, strict=True)
    start = 1  # the line the next record starts on
    try:
        for _ in reader:
            start = reader.line_num + 1
    except csv.Error as err:
        if not is_oversized(err):
            return None
    lines = islice(open_lines(), start - 1, None)
    return _first_long_cell(chain.from_iterable(lines), delimiter, csv.field_size_limit())


def oversized_cell(file: str, row: int, header: list[str] | None, found: Oversized | None) -> Problem:
    """The problem of a cell over the field limit, on ``row``, in ``header``'s column (none for the header row).

    Examples
    --------
    >>> print(oversized_cell("edges.csv", 7, ["source", "target", "note"], Oversized(2, False)))
    edges.csv:7:note: the cell in column 3 (note) is longer than 131,072 characters, the most a CSV cell may hold. \
Shorten it: keep long text in a document and cite it as a source.
    """
    limit = csv.field_size_limit()
    fix = _("Shorten it: keep long text in a document and cite it as a source.")
    if found is None:
        return Problem(file, row, "", _("has a cell longer than {n} characters, the most a CSV cell may hold.")
                       .format(n=i18n.number(limit)), fix)
    name = header[found.index] if header is not None and found.index < len(header) else ""
    message = (_("the cell in column {column} ({name}) is longer than {n} characters, the most a CSV cell may hold.")
               if name else
               _("the cell in column {column} is longer than {n} characters, the most a CSV cell may hold.")).format(
        column=found.index + 1, name=name, n=i18n.number(limit))
    if found.quoted:
        message += " " + _('It starts with a quote ("): if that quote is never closed, the rest of the file ran into '
                           'it.')
        fix = _("Close the quote, or shorten the cell: keep long text in a document and cite it as a source.")
    return Problem(file, row, name, message, fix)
