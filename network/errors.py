"""The errors this package raises, and the problems a data set can have.

Every error is a ``NetworkDataError`` (a ``ValueError``), so one ``except`` catches them all::

    NetworkDataError            something in the data or the query is wrong; the message says how to fix it
     ├── DataFileError          no file we can read or write: no such path, a folder without edges.csv, an
     │                          extension we do not read, a folder to write into that is not empty
     ├── ValidationError        a data set has problems; ``.problems`` lists every one, errors and warnings,
     │                          each located; a file too large, binary, not UTF-8 or damaged is one of them
     ├── UnknownNodeError       a node reference names nothing in the data set; the message suggests labels
     └── QueryError             an option of a query is out of range or malformed (a date, max_hops, ...)

A ``Problem`` is one finding of validation, with the file, the row as a spreadsheet shows it (the header is
row 1), the column and a fix. Errors stop a data set from loading; warnings are reported and loading goes on.
It prints as ``file:row:column: message fix``, with what is not known left off (``file: message`` for a
problem with the whole file).
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import _, ngettext

__all__ = [
    "NetworkDataError",
    "DataFileError",
    "ValidationError",
    "UnknownNodeError",
    "QueryError",
    "Problem",
    "ERROR",
    "WARNING",
]

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One finding about a data set: where it is, what is wrong and how to fix it.

    Examples
    --------
    >>> p = Problem("edges.csv", 14, "target", "'target' is empty.", "Every row needs a source and a target.")
    >>> str(p)
    "edges.csv:14:target: 'target' is empty. Every row needs a source and a target."
    >>> str(Problem("edges.csv", None, "", "is empty.")), str(Problem("e.csv", 2, "", "has 3 cells."))
    ('edges.csv: is empty.', 'e.csv:2: has 3 cells.')
    """

    file: str
    row: int | None
    column: str
    message: str
    fix: str = ""
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def location(self) -> str:
        """``file:row:column``, without the parts at the end that are not known (``file`` alone, ``file:row``)."""
        parts = [self.file, "" if self.row is None else str(self.row), self.column]
        while len(parts) > 1 and not parts[-1]:
            parts.pop()
        return ":".join(parts)

    def __str__(self) -> str:
        text = f"{self.location()}: {self.message}"
        return f"{text} {self.fix}" if self.fix else text

    def as_dict(self) -> dict[str, object]:
        return {
            "severity": self.severity,
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "fix": self.fix,
        }


class NetworkDataError(ValueError):
    """Base of every error raised by this package."""


class DataFileError(NetworkDataError):
    """Raised when there is no file we can read: a missing path, a folder without edges.csv, an extension we do
    not read, or an unexpected failure inside a reader. A file we can open but not use (too large, binary, not
    UTF-8, damaged) is a ``ValidationError``, located like any other problem."""


class ValidationError(NetworkDataError):
    """Raised when a data set has errors. ``problems`` holds every problem found, warnings included."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.is_error]
        head = ngettext("{n} problem in the data set:", "{n} problems in the data set:", len(errors)).format(
            n=len(errors))
        super().__init__(head + "\n" + "\n".join(str(p) for p in errors))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


class UnknownNodeError(NetworkDataError):
    """Raised when a node reference (id, label or ``kind:KIND``) matches nothing in the data set."""

    def __init__(self, reference: str, suggestions: list[str] | None = None):
        self.reference = reference
        self.suggestions = list(suggestions or [])
        message = _("No institution matches {reference}.").format(reference=repr(reference))
        if self.suggestions:
            message += " " + _("Did you mean: {labels}?").format(labels=", ".join(repr(s) for s in self.suggestions))
        else:
            message += " " + _("Use a node id, an exact label, or kind:KIND (for example kind:school).")
        super().__init__(message)


class QueryError(NetworkDataError):
    """Raised when a query option is malformed or out of range."""
