"""How much a reader accepts: file size, number of links, label length and JSON nesting.

Every reader checks these before doing work that grows with the input, so a hostile or mistaken file is
refused quickly with a message that names the limit and how to raise it.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.numbers import format_decimal

from .. import i18n
from ..errors import Problem, ValidationError
from ..i18n import N_, _

__all__ = ["Limits", "DEFAULT_LIMITS", "LOCAL_LIMITS", "SIZE_FIX", "check_size", "human_bytes", "too_many_links"]


@dataclass(frozen=True)
class Limits:
    """Upper bounds on what a reader accepts.

    Parameters
    ----------
    max_bytes : size of a file (or of all files of a data set together, or of a zip once unpacked)
    max_edges : number of links
    max_label : characters in an id or a label
    max_json_depth : nesting of brackets in a JSON file

    Examples
    --------
    >>> Limits(max_bytes=1_000_000).max_edges
    2000000
    """

    max_bytes: int = 25 * 1024 * 1024
    max_edges: int = 2_000_000
    max_label: int = 1000
    max_json_depth: int = 100


#: For bytes from elsewhere (uploads, parse_file): 25 MB.
DEFAULT_LIMITS = Limits()
#: For files on the user's own disk (network.load, the command line): a national-scale edge list of a million
#: links is about 60 MB, and only the other limits (links, labels, nesting) still guard against mistakes.
LOCAL_LIMITS = Limits(max_bytes=2 * 1024 ** 3)


def human_bytes(n: int) -> str:
    """A size as people write it.

    Examples
    --------
    >>> human_bytes(25 * 1024 * 1024), human_bytes(2048), human_bytes(12)
    ('25 MB', '2 KB', '12 bytes')
    """
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= size:
            value = n / size
            shown = round(value) if value >= 10 or value == int(value) else value
            return f"{format_decimal(shown, '0' if shown is not value else '0.0', locale=i18n.language())} {unit}"
    return _("{n} bytes").format(n=n)


#: How to get past the size limit, for every message that names it.
SIZE_FIX = N_("Split it into smaller files, or raise the limit: entangle check --max-bytes N on the command line, "
              "Limits(max_bytes=N) in Python.")


#: What ``check_size`` says of one file ("is"), of several given together, of a folder's files, of a zip's.
_OVER_SIZE = {"is": N_("is {size}, over the limit of {limit}."),
              "are together": N_("are together {size}, over the limit of {limit}."),
              "holds files that together are": N_("holds files that together are {size}, over the limit of {limit}."),
              "unpacks to": N_("unpacks to {size}, over the limit of {limit}.")}


def check_size(file: str, size: int, limits: Limits, what: str = "is") -> None:
    """Refuse a file (or the unpacked content of an archive) larger than ``limits.max_bytes``.

    Raises ``ValidationError`` with one problem that names the limit and how to raise it.

    Examples
    --------
    >>> check_size("edges.csv", 10, Limits(max_bytes=100))
    >>> check_size("edges.csv", 1000, Limits(max_bytes=100))
    Traceback (most recent call last):
    ...
    network.errors.ValidationError: 1 problem in the data set:
    edges.csv: is 1000 bytes, over the limit of 100 bytes. Split it into smaller files, or raise the limit: \
entangle check --max-bytes N on the command line, Limits(max_bytes=N) in Python.
    """
    if size > limits.max_bytes:
        said = _(_OVER_SIZE.get(what, _OVER_SIZE["is"])).format(size=human_bytes(size),
                                                                 limit=human_bytes(limits.max_bytes))
        raise ValidationError([Problem(file, None, "", said, _(SIZE_FIX))])


def too_many_links(file: str, limits: Limits, count: int | None = None, row: int | None = None,
                   what: str = "") -> Problem:
    """The rule for a file with more links than ``limits.max_edges``: ``count`` when they were all counted, else
    "more than" (a reader that stopped at the limit); ``what`` says what a link is in the file.

    Examples
    --------
    >>> print(too_many_links("edges.csv", Limits(max_edges=2), 3))
    edges.csv: has 3 links, over the limit of 2. Load a part of the network, or raise the limit with \
Limits(max_edges=N) in Python.
    >>> too_many_links("g.gexf", Limits(max_edges=2), row=9, what=" (<edge> elements)").message
    'has more than 2 links (<edge> elements), over the limit.'
    """
    # Translators: {what} says what a link is in the file, with its leading space: " (<edge> elements)", or nothing
    said = _("has {n} links{what}, over the limit of {limit}.").format(
        n=i18n.number(count), what=what, limit=i18n.number(limits.max_edges)) if count is not None else \
        _("has more than {limit} links{what}, over the limit.").format(limit=i18n.number(limits.max_edges), what=what)
    return Problem(file, row, "", said,
                   _("Load a part of the network, or raise the limit with Limits(max_edges=N) in Python."))
