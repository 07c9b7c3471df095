"""Single cells: the spreadsheet-safety rule for CSV we write and read back, and values made into text.

A CSV cell that starts with ``= + - @``, a tab, a carriage return or a line feed is a formula to a spreadsheet;
so is one that starts with ``'`` after the spreadsheet strips it. We write such cells with one leading ``'``
(which spreadsheets show as "this is text") and strip exactly that ``'`` when reading, so text round-trips.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

__all__ = ["FORMULA_START", "escape_cell", "unescape_cell", "to_text"]

#: What a cell may not start with in a CSV that a spreadsheet will open.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_ESCAPED = FORMULA_START + ("'",)


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
