"""Checks on ids and labels: too long, look-alike ids, ids that differ only in case, and characters that cannot
be seen.

An id or label over ``limits.max_label`` characters is an error, found a row at a time (``LengthCheck``).
``ICE`` and ``ІCE`` (with a Cyrillic І) are two different ids that print the same; ``ICE`` and ``ice`` are two
that a reader takes for one; a zero-width space or a right-to-left mark hides inside an id. All are kept as
written (changing an id silently would be worse, and ids are matched exactly everywhere else) and
reported as warnings naming the ids and where they were first used. ``check_ids`` is applied to what every
reader produced, whatever the format.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .. import i18n
from ..errors import WARNING, Problem
from ..i18n import _, ngettext
from .csvcolumns import ColumnTable, longest
from .csvtext import Table
from .fields import map_columns

__all__ = ["LengthCheck", "check_lengths", "Place", "check_ids", "plain_ids", "invisible_characters", "skeleton"]

_MAX_REPORTED = 20

#: Letters of other scripts that print like Latin letters or digits (the common part of Unicode's list).
_LOOKALIKE = str.maketrans({
    # Cyrillic
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "Ј": "J", "К": "K", "М": "M", "О": "O",
    "Р": "P", "Ѕ": "S", "Т": "T", "Х": "X", "У": "Y", "Ү": "Y", "Ԛ": "Q", "Ԝ": "W", "Ӏ": "I", "З": "3",
    "а": "a", "с": "c", "е": "e", "о": "o", "р": "p", "х": "x", "у": "y", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ү": "y", "ɡ": "g",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v", "ρ": "p", "ι": "i", "κ": "k", "α": "a",
    # Armenian and others
    "Օ": "O", "օ": "o", "ս": "u", "ց": "g", "ı": "i", "ȷ": "j",
})

_BLANK_LETTERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u034f", "\u180e"}
_BIDI = {"\u200e", "\u200f", "\u061c", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}


class LengthCheck:
    """Ids and labels longer than a limit, checked a row at a time; ``problems`` lists them field by field."""

    def __init__(self, header: list[str], file: str, kind: str, fields: tuple[str, ...], limit: int,
                 overrides: Mapping[str, str] | None = None):
        found, _extras = map_columns(header, kind, overrides)
        self.file, self.header, self.limit = file, header, limit
        self.columns = [(field, found[field]) for field in fields if field in found]
        self._found: list[list[Problem]] = [[] for _column in self.columns]

    def add(self, row: int, cells: list[str]) -> None:
        limit = self.limit
        if max(map(len, cells), default=0) <= limit:  # almost every row: no cell is that long, stripped or not
            return
        for (field, index), found in zip(self.columns, self._found, strict=True):
            cell = cells[index]
            if len(cell) > limit and len(cell.strip()) > limit:  # stripping only shortens: test the cheap way first
                found.append(Problem(
                    self.file, row, self.header[index],
                    # Translators: {field} is a column's name as the file has it: id, label, source or target
                    _("the {field} is {n} characters long, over the limit of {limit}.").format(
                        field=field, n=i18n.number(len(cell.strip())), limit=i18n.number(limit)),
                    _("Shorten it (put long text in a description or note column), or raise the limit with "
                      "Limits(max_label=N) in Python."),
                ))

    @property
    def problems(self) -> list[Problem]:
        """Every problem found, all of the first field's before the second's (as a column-by-column check)."""
        return [p for found in self._found for p in found]


def check_lengths(table: Table, kind: str, fields: tuple[str, ...], limit: int, problems: list[Problem],
                  overrides: Mapping[str, str] | None = None) -> None:
    """Report every id or label longer than ``limit`` characters, by row and column.

    Examples
    --------
    >>> from network.io.csvtext import parse_table
    >>> problems = []
    >>> check_lengths(parse_table(b"id,label\\nA,Aaaaaa\\n", "nodes.csv")[0], "nodes", ("id", "label"), 5, problems)
    >>> print(problems[0])
    nodes.csv:2:label: the label is 6 characters long, over the limit of 5. Shorten it (put long text in \
a description or note column), or raise the limit with Limits(max_label=N) in Python.
    """
    check = LengthCheck(table.header, table.file, kind, fields, limit, overrides)
    columns = table.columns if isinstance(table, ColumnTable) else None
    if columns is not None and all(longest(columns.cells[index]) <= limit for _, index in check.columns):
        return  # no cell is that long, stripped or not (read by column: one look per column)
    for row, cells in table.rows:
        check.add(row, cells)
    problems.extend(check.problems)


@dataclass(frozen=True)
class Place:
    """Where an id was first seen: file, row, column, and the row in words (for messages)."""

    file: str
    row: int | None
    column: str
    where: str


def _is_invisible(ch: str) -> bool:
    category = unicodedata.category(ch)
    return (
        category in ("Cf", "Cc", "Zl", "Zp")
        or (category == "Zs" and ch != " ")
        or ch in _BLANK_LETTERS
        or 0xFE00 <= ord(ch) <= 0xFE0F
        or 0xE0100 <= ord(ch) <= 0xE01EF
    )


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "an unnamed character")
    return f"{name} (U+{ord(ch):04X})"


def invisible_characters(text: str) -> list[str]:
    """The characters of ``text`` that cannot be seen or that reorder text (zero-width, bidi controls ...).

    Examples
    --------
    >>> invisible_characters("A\\u200bB"), invisible_characters("plain id")
    (['ZERO WIDTH SPACE (U+200B)'], [])
    """
    return [_describe(ch) for ch in dict.fromkeys(ch for ch in text if _is_invisible(ch))]


def skeleton(text: str) -> str:
    """What an id looks like: compatibility forms folded, invisible characters dropped, look-alikes mapped.

    Examples
    --------
    >>> skeleton("\\u0406CE") == skeleton("ICE") == skeleton("I\\u200bCE") == skeleton("ＩＣＥ")
    True
    """
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if not _is_invisible(ch)).translate(_LOOKALIKE)


def _foreign(text: str) -> str:
    odd = [_describe(ch) for ch in dict.fromkeys(text) if ord(ch) > 127 and not _is_invisible(ch)]
    return ", ".join(odd)


def _differ_in_case(group: list[tuple[str, Place]]) -> Problem:
    """The warning for ids that are one spelling once case is ignored, at the second (every reader has already
    stripped the spaces around ids: ``ICE`` and `` ICE`` are one id)."""
    listed = [f"{ident!r} ({place.where})" for ident, place in group]
    names = i18n.join_words(listed, _("and"))
    place = group[1][1]
    return Problem(place.file, place.row, place.column,
                   _("{ids} differ only in case: they are {n} different ids, kept as {n} institutions.").format(
                       ids=names, n=len(group)),
                   _("If they are one institution, write it one way everywhere (for example {id}).").format(
                       id=repr(group[0][0])),
                   severity=WARNING)


def plain_ids(ids: Iterable[str]) -> bool:
    """Whether every id is printable ASCII without a capital letter: among distinct such ids, ``check_ids`` finds
    nothing (no look-alikes, no case variants, nothing invisible), so a national graph's need not be placed.

    Examples
    --------
    >>> plain_ids(["ice_ero", "s000001"]), plain_ids(["ice", "ICE"]), plain_ids(["i\u200bce"])
    (True, False, False)
    """
    text = "".join(ids)  # one look at all of them together, in C
    return text.isascii() and text.isprintable() and text.lower() == text


#: What is left unlisted past ``_MAX_REPORTED`` of each kind of warning (never fewer than one more).
_MORE: tuple[Callable[[int], str], ...] = (
    lambda n: ngettext("{n} more ids with invisible characters were not listed.",
                       "{n} more ids with invisible characters were not listed.", n),
    lambda n: ngettext("{n} more look-alike ids were not listed.", "{n} more look-alike ids were not listed.", n),
    lambda n: ngettext("{n} more sets of ids that differ only in case were not listed.",
                       "{n} more sets of ids that differ only in case were not listed.", n))


def check_ids(ids: Iterable[tuple[str, Place]]) -> list[Problem]:
    """Warnings for ids that look alike but differ, for ids that differ only in case (``ICE``, ``ice``), and for
    ids holding invisible or bidi control characters.

    ``ids`` gives each distinct id with the place it was first seen. Every id is kept as written.

    Examples
    --------
    >>> ids = [("ICE", Place("edges.csv", 2, "target", "edges.csv row 2")),
    ...        ("\\u0406CE", Place("edges.csv", 3, "target", "edges.csv row 3"))]
    >>> [w] = check_ids(ids)
    >>> print(w.message)
    'ІCE' (edges.csv row 3) looks like 'ICE' (edges.csv row 2) but is a different id: it has CYRILLIC \
CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I (U+0406). Both were kept, as two institutions.
    >>> print(check_ids([(i, Place("e.csv", r, "target", f"e.csv row {r}")) for r, i in ((2, "ICE"), (3, "ice"))])[0])
    e.csv:3:target: 'ICE' (e.csv row 2) and 'ice' (e.csv row 3) differ only in case: they are 2 different \
ids, kept as 2 institutions. If they are one institution, write it one way everywhere (for example 'ICE').
    """
    problems: list[Problem] = []
    first_of: dict[str, tuple[str, Place]] = {}
    # ids by their spelling with case ignored: only those with a capital or not ASCII (a national graph's million
    # lower-case ids are found in first_of, where a plain id is its own key, and cost no second table)
    folds: dict[str, tuple[str, Place]] = {}
    same_but_case: dict[str, list[tuple[str, Place]]] = {}  # the spellings more than one id has, in file order
    lookalikes = invisibles = 0
    for ident, place in ids:
        entry = (ident, place)
        # most ids are plain ASCII: nothing hidden, and their skeleton is themselves (no character-by-character look)
        plain = ident.isascii() and ident.isprintable()
        if plain and (ident.islower() or ident == ident.lower()):  # no capital: an earlier capitalised id may match
            if folds and ident in folds:
                same_but_case.setdefault(ident, [folds[ident]]).append(entry)
        else:
            fold = ident.lower() if plain else ident.casefold()  # casefold: 'STRASSE' is 'straße' too
            first = folds.get(fold)
            if first is None and (known := first_of.get(fold)) is not None and known[0] == fold:
                first = known  # a plain lower-case id seen before
            if first is None:
                folds[fold] = entry
            else:
                folds.setdefault(fold, first)
                same_but_case.setdefault(fold, [first]).append(entry)
        hidden = [] if plain else invisible_characters(ident)
        if hidden:
            invisibles += 1
            if invisibles <= _MAX_REPORTED:
                problems.append(Problem(
                    place.file, place.row, place.column,
                    # Translators: {characters} are Unicode's names of characters, in English: ZERO WIDTH SPACE
                    _("the id {id} ({where}) holds {characters}, which cannot be seen or changes the order in which "
                      "text is shown.").format(id=repr(ident), where=place.where, characters=", ".join(hidden)),
                    _("Delete the character unless it is meant to be there: two ids that look the same may differ."),
                    severity=WARNING,
                ))
        key = ident if plain else skeleton(ident)
        if key in first_of and first_of[key][0] != ident:
            other, other_place = first_of[key]
            lookalikes += 1
            if lookalikes <= _MAX_REPORTED:
                detail = _foreign(ident) or _foreign(other)
                has = (_("it has {characters}") if _foreign(ident) else _("the first has {characters}")).format(
                    characters=detail) if detail else _("they differ in characters that cannot be seen")
                problems.append(Problem(
                    place.file, place.row, place.column,
                    _("{id} ({where}) looks like {other} ({other_where}) but is a different id: {how}. Both were "
                      "kept, as two institutions.").format(id=repr(ident), where=place.where, other=repr(other),
                                                           other_where=other_place.where, how=has),
                    _("If they are the same, write the id the same way everywhere (retype it from the keyboard)."),
                    severity=WARNING,
                ))
        else:
            first_of.setdefault(key, entry)
    problems += [_differ_in_case(group) for group in list(same_but_case.values())[:_MAX_REPORTED]]
    for count, more in ((invisibles, _MORE[0]), (lookalikes, _MORE[1]), (len(same_but_case), _MORE[2])):
        if count > _MAX_REPORTED:
            file = problems[-1].file if problems else ""
            problems.append(Problem(file, None, "", more(count - _MAX_REPORTED).format(n=count - _MAX_REPORTED),
                                    severity=WARNING))
    return problems
