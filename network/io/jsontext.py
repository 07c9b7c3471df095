"""JSON text, parsed safely: nesting depth is measured on the bytes before any parsing, errors are located.

A JSON file nested 100,000 brackets deep would exhaust Python's recursion; ``parse_json`` counts bracket depth
outside strings first, in one pass that stops as soon as the limit is passed, and refuses the file.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import Problem
from ..i18n import _
from .limits import DEFAULT_LIMITS, Limits
from .textcodec import as_utf8, decode_utf8

__all__ = ["nesting_depth", "parse_json"]

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_LONE = re.compile("[\ud800-\udfff]")


def nesting_depth(data: bytes, stop_above: int | None = None) -> int:
    """The deepest nesting of ``[`` and ``{`` outside strings (stops counting once past ``stop_above``).

    Examples
    --------
    >>> nesting_depth(b'{"a": [1, {"b": "[[[["}]}'), nesting_depth(b"[" * 100_000, stop_above=100)
    (3, 101)
    """
    brackets = _STRING.sub(b"", data).translate(None, _NOT_BRACKET)
    depth = deepest = 0
    for byte in brackets:
        if byte in (91, 123):  # [ {
            depth += 1
            if depth > deepest:
                deepest = depth
                if stop_above is not None and deepest > stop_above:
                    break
        else:
            depth -= 1
    return deepest


def parse_json(data: bytes, file: str, limits: Limits | None = None) -> tuple[Any, list[Problem]]:
    """Parse JSON bytes (UTF-8, a BOM is accepted, or UTF-16 with its BOM); on failure return None and located problems.

    Examples
    --------
    >>> parse_json(b'{"nodes": []}', "g.json")
    ({'nodes': []}, [])
    >>> print(parse_json(b'{"a": 1,\\n}', "g.json")[1][0])
    g.json:2: is not valid JSON: Expecting property name enclosed in double quotes at line 2, column 1. \
Check for a missing or extra comma, bracket or quote near that place.
    >>> print(parse_json(b"[" * 100_000, "g.json")[1][0].message)
    is nested more than 100 levels deep (brackets inside brackets), over the limit of 100.
    """
    limits = limits or DEFAULT_LIMITS
    utf8, problems = as_utf8(data, file)  # UTF-16 read as the same text in UTF-8: the brackets are counted in bytes
    if utf8 is None:
        return None, problems
    data = utf8
    text, problems = decode_utf8(data, file)
    if text is None:
        return None, problems
    if nesting_depth(data, limits.max_json_depth) > limits.max_json_depth:
        return None, [Problem(
            file, None, "",
            _("is nested more than {n} levels deep (brackets inside brackets), over the limit of {n}.").format(
                n=limits.max_json_depth),
            _("A network file needs only a few levels; export it again from the tool that made it, or raise the "
              "limit with Limits(max_json_depth=N) in Python."),
        )]
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        # Translators: {reason} is Python's JSON reader's, in English ("Expecting ',' delimiter")
        return None, [Problem(file, err.lineno, "",
                              _("is not valid JSON: {reason} at line {line}, column {column}.").format(
                                  reason=err.msg, line=err.lineno, column=err.colno),
                              _("Check for a missing or extra comma, bracket or quote near that place."))]
    except (ValueError, RecursionError) as err:  # e.g. a number with more digits than Python converts
        return None, [Problem(file, None, "", _("is not JSON we can read ({reason}).").format(reason=err),
                              _("Export the file again from the tool that made it."))]
    if _SURROGATE_ESCAPE.search(data) and _has_lone_surrogate(value):
        return None, [Problem(file, None, "", _("holds a \\u escape that is half of a character (a lone surrogate)."),
                              _("Export the file again from the tool that made it; the text was cut mid-character."))]
    return value, []


def _has_lone_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _LONE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
