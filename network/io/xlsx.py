"""Excel workbooks (.xlsx): a sheet named ``edges`` (or ``links``), and ``nodes``, ``sources``, ``events``,
``handoffs`` sheets.

Sheet names are matched in any case. Cells are read as the text they show: text stays text (``007`` stays
``007``), numbers become their shortest text (``3``, ``2.5``), dates ``YYYY-MM-DD``, formulas their last
computed value. Row numbers are the sheet's own. The workbook's unpacked size is bounded before it is opened.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Mapping
from typing import Any

from ..errors import Problem, ValidationError
from ..i18n import _, pgettext
from ..model import Dataset
from .archive import open_zip
from .csvtext import Table, empty_table, no_rows, to_text
from .limits import DEFAULT_LIMITS, Limits, too_many_links
from .validate import TABLES, Names, assemble

__all__ = ["parse_xlsx", "SHEETS"]

#: Which sheet holds what (the table names of a data set); names are matched ignoring case and surrounding spaces.
SHEETS = TABLES
#: An .xlsx unpacks to several times its size; it may unpack to this many times ``limits.max_bytes``.
EXPANSION = 10
_NAMES = Names(nodes="the nodes sheet", sources="the sources sheet", edges="the edges sheet")


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _table(sheet: Any, file: str, role: str, limits: Limits, problems: list[Problem]) -> Table | None:
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), 1):
        cells = [to_text(v) for v in values]
        if header is None:
            if any(c.strip() for c in cells):
                header = [c.strip() for c in cells]
                while header and not header[-1]:
                    header.pop()
            continue
        if not any(c.strip() for c in cells):
            continue
        beyond = [i for i, c in enumerate(cells[len(header):], len(header)) if c.strip()]
        if beyond:
            problems.append(Problem(file, number, _column_letter(beyond[0]),
                                    _("has a value in column {column}, which has no header.").format(
                                        column=_column_letter(beyond[0])),
                                    _("Name the column in the header row, or delete the value.")))
            continue
        rows.append((number, (cells + [""] * len(header))[: len(header)]))
        if role == "edges" and len(rows) > limits.max_edges:
            raise ValidationError([too_many_links(file, limits)])
    if header is None:
        problems.append(empty_table(file))
        return None
    if not rows:
        problems.append(no_rows(file, None))
    return Table(file, header, rows)


def parse_xlsx(data: bytes, file: str, columns: Mapping[str, str] | None = None, limits: Limits | None = None,
              origin: str = "") -> Dataset:
    """Read an Excel workbook into a data set; raise ``ValidationError`` listing every problem.

    Examples
    --------
    >>> import io, openpyxl
    >>> book = openpyxl.Workbook()
    >>> book.active.title = "Edges"
    >>> book.active.append(["from", "to"]); book.active.append(["007", "BPD"])
    >>> buffer = io.BytesIO(); book.save(buffer)
    >>> [(e.source, e.target) for e in parse_xlsx(buffer.getvalue(), "links.xlsx").edges]
    [('007', 'BPD')]
    """
    import openpyxl

    limits = limits or DEFAULT_LIMITS
    open_zip(data, file, limits, expand=EXPANSION).close()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it does not read
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a damaged or foreign file
        raise ValidationError([Problem(file, None, "", _("cannot be read as an Excel workbook ({reason}).").format(
            reason=err), _("Open it in a spreadsheet and save it again as .xlsx, or save the edges sheet as CSV."))]
        ) from None
    try:
        found: dict[str, Any] = {}
        for sheet in book.worksheets:
            role = SHEETS.get(sheet.title.strip().lower())
            if role and role not in found:
                found[role] = sheet
        if "edges" not in found:
            names = ", ".join(repr(s.title) for s in book.worksheets) or pgettext("no columns or sheets", "none")
            raise ValidationError([Problem(
                file, None, "", _("has no sheet named 'edges' or 'links' (sheets found: {sheets}).").format(
                    sheets=names),
                _("Rename the sheet that lists the links (one row per link: source, target, ...) to 'edges'; name "
                  "the others 'nodes', 'sources', 'events' and 'handoffs' if you have them."),
            )])
        problems: list[Problem] = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tables = {role: _table(sheet, f"{file}[{sheet.title}]", role, limits, problems)
                      for role, sheet in found.items()}
    finally:
        book.close()
    return assemble(tables["edges"], nodes=tables.get("nodes"), sources=tables.get("sources"),
                    events=tables.get("events"), handoffs=tables.get("handoffs"), problems=problems, columns=columns,
                    limits=limits, origin=origin, names=_NAMES)
