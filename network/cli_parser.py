"""The ``entangle`` command's parser: its subcommands and options, and the language it answers in.

The language is chosen before the parser is built, as its help texts are in it: ``--lang`` (before or after the
subcommand), else the environment's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as gettext reads them), else English.
argparse's own words ("usage:", "error:") come from Python's catalogues, which have no Spanish: ours stand in.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

from . import i18n
from .i18n import N_, _, ngettext
from .io import WRITE_FORMATS, Limits
from .query import CAPS
from .serving import COMMANDS as SERVING_COMMANDS
from .serving import add_commands as add_serving_commands

__all__ = ["COMMANDS", "build_parser", "environment_language", "language_first", "asked_language",
           "argparse_speaking", "reading", "filters"]

#: Every subcommand, with one line of what it does (the README documents each; a test checks it).
COMMANDS = {
    "check": N_("validate a data set and print a summary, or every problem as FILE:ROW:COLUMN: message"),
    "export": N_("write a data set as a folder of CSV files, a zip, GraphML, GEXF or node-link JSON"),
    "paths": N_("every route from the origins to the targets, shortest first, with evidence and sources"),
    "levers": N_("the fewest links and institutions whose removal closes every route, and the chokepoints"),
    "diff": N_("links opened and closed, and routes gained and lost, between two dates"),
    "handout": N_("a printable handout of a view as PDF (A4 or US Letter): map, routes with numbered sources, "
                  "levers"),
    "export-html": N_("one HTML file with the interactive map, routes, sentences and sources; opens with no "
                      "network"),
    **SERVING_COMMANDS,
}


#: argparse's own words (it calls ``gettext.gettext``, whose catalogues have no Spanish): listed here so they are
#: extracted into our catalogue, and given to argparse, for a run in another language, as its ``_``.
_ARGPARSE_WORDS = (N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
                   N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
                   N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("invalid %(type)s value: %(value)r"),
                   N_("argument %(argument_name)s: %(message)s"), N_("expected one argument"),
                   N_("ambiguous option: %(option)s could match %(matches)s"), N_("not allowed with argument %s"),
                   N_("one of the arguments %s is required"), N_("ignored explicit argument %r"))


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"entangle: {message}", file=sys.stderr)
        raise SystemExit(2)


def _language(text: str) -> str:
    """An argparse type: a language we speak, or the error naming those we do."""
    lang = i18n.choose(text)
    if not lang:
        raise argparse.ArgumentTypeError(_("{lang!r} is not a language entangle speaks: use {languages}.").format(
            lang=text, languages=", ".join(f"{code} ({name})" for code, name in i18n.LANGUAGES.items())))
    return lang


def _add_language_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", type=_language, default=None, metavar="LANG",
                   help=_("the language to answer in: {languages} (default: the environment's, else English)")
                   .format(languages=", ".join(i18n.LANGUAGES)))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="entangle", description=_("Every route from a school record to immigration enforcement."))
    _add_language_option(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    check = _command(sub, "check")
    check.add_argument("path", help=_("a data set folder or file (CSV, TSV, zip, xlsx, GraphML, GEXF, JSON)"))
    _add_reading_options(check)
    export = _command(sub, "export")
    export.add_argument("dataset", metavar="DATASET", help=_("a data set folder or file, in any format check reads"))
    export.add_argument("out", metavar="OUT", help=_("where to write; its suffix picks the format: {suffixes}, or "
                                                     "none for a folder").format(
        suffixes=", ".join(ext for ext, _name in WRITE_FORMATS.values())))
    _add_reading_options(export)
    paths = _command(sub, "paths")
    _add_query_options(paths, origin_required=True)
    paths.add_argument("--max-routes", type=_cap(int), default=CAPS["default"].max_routes, metavar="N",
                       help=_("stop after N routes (none: no cap)"))
    paths.add_argument("--time-budget", type=_cap(float), default=CAPS["default"].time_budget, metavar="S",
                       help=_("stop after S seconds (none: no limit)"))
    paths.add_argument("--format", choices=("table", "csv", "json"), default="table")
    lever = _command(sub, "levers")
    _add_query_options(lever, origin_required=True)
    lever.add_argument("--format", choices=("table", "json"), default="table")
    dif = _command(sub, "diff")
    dif.add_argument("dataset", nargs="?", help=_("a data set (default: the bundled Boston data set)"))
    dif.add_argument("date_a", metavar="DATE_A")
    dif.add_argument("date_b", metavar="DATE_B")
    dif.add_argument("--from", dest="origins", action="append", metavar="REF",
                     help=_("origin (default kind:school)"))
    dif.add_argument("--to", dest="targets", action="append", metavar="REF")
    dif.add_argument("--max-hops", type=int, default=8, metavar="N")
    _add_filter_options(dif)
    dif.add_argument("--format", choices=("table", "json"), default="table")
    handout = _command(sub, "handout")
    _add_query_options(handout, origin_required=True)
    handout.add_argument("--route", metavar="A>B>C", help=_("the route to feature (node ids joined by >)"))
    handout.add_argument("--paper", choices=("a4", "letter"), default="a4")
    handout.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    page = _command(sub, "export-html")
    _add_query_options(page, origin_required=True)
    page.add_argument("--route", metavar="A>B>C", help=_("the route to feature (node ids joined by >)"))
    page.add_argument("-o", "--output", required=True, metavar="FILE.html")
    add_serving_commands(sub)
    return parser


def _command(sub: Any, name: str) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(name, help=_(COMMANDS[name]))
    return p


#: The column flags of commands that read a file, and the edge field each names.
_COLUMN_FLAGS = ("source", "target", "relation", "status", "start", "end")


def _byte_count(text: str) -> int:
    """A size in bytes, optionally with a unit: 5000000, 40MB, 512k."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*", text.lower())
    if not m:
        raise ValueError(text)
    value = float(m.group(1)) * 1024 ** " kmg".index(m.group(2) or " ")
    if value < 1:
        raise ValueError(text)
    return int(value)


_byte_count.__name__ = "size"


def _add_reading_options(p: argparse.ArgumentParser) -> None:
    for name in _COLUMN_FLAGS:
        p.add_argument(f"--{name}-col", metavar="C",
                       help=_("the column holding each link's {field}").format(field=name))
    p.add_argument("--max-bytes", type=_byte_count, metavar="N",
                   help=_("refuse files larger than N bytes (default 2GB for files on this disk; 40MB also works)"))


def reading(args: argparse.Namespace) -> tuple[dict[str, str] | None, Limits | None]:
    columns = {name: getattr(args, f"{name}_col") for name in _COLUMN_FLAGS if getattr(args, f"{name}_col")}
    limits = Limits(max_bytes=args.max_bytes) if args.max_bytes else None
    return columns or None, limits


def _cap(kind: type) -> Callable[[str], Any]:
    """An argparse type accepting a number or 'none' (no cap)."""

    def parse(text: str) -> Any:
        if text.strip().lower() in ("none", "no", "0"):
            return None
        value = kind(text)
        if value <= 0:
            raise ValueError(text)
        return value

    parse.__name__ = kind.__name__
    return parse


def _add_query_options(p: argparse.ArgumentParser, origin_required: bool) -> None:
    p.add_argument("dataset", nargs="?", help=_("a data set (default: the bundled Boston data set)"))
    p.add_argument("--from", dest="origins", action="append", required=origin_required, metavar="REF",
                   help=_("an origin: node id, exact label, or kind:KIND (repeatable)"))
    p.add_argument("--to", dest="targets", action="append", metavar="REF",
                   help=_("a target (repeatable; default kind:immigration_enforcement)"))
    p.add_argument("--max-hops", type=int, default=8, metavar="N", help=_("longest route in links (1-8)"))
    p.add_argument("--as-of", metavar="DATE", help=_("only links open on DATE (YYYY, YYYY-MM or YYYY-MM-DD)"))
    _add_filter_options(p)


def _add_filter_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--status", metavar="S,S", help=_("admitted evidence statuses (for links and handoffs), "
                                                     "comma-separated"))
    p.add_argument("--relation", metavar="R,R", help=_("admitted relations, comma-separated"))
    p.add_argument("--without", action="append", default=[], metavar="REF",
                   help=_("remove an institution, or a link as SRC->DST (repeatable)"))
    p.add_argument("--continuous", action="store_true",
                   help=_("only routes whose every handoff is established (recorded or implied)"))


def filters(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "origins": args.origins,
        "targets": args.targets,
        "max_hops": args.max_hops,
        "statuses": args.status,
        "relations": args.relation,
        "as_of": args.as_of,
        "without": args.without,
        "continuous": args.continuous,
    }


#: Where gettext looks for the language, first to last (``LANGUAGE`` may list several: "es:en").
_LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def environment_language(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for, as gettext reads it: the first of LANGUAGE, LC_ALL, LC_MESSAGES and
    LANG that is set, and in it the first language we speak; English otherwise (and for C or POSIX).

    Examples
    --------
    >>> environment_language({"LANG": "es_US.UTF-8"}), environment_language({"LANGUAGE": "fr:es", "LANG": "C"})
    ('es', 'es')
    >>> environment_language({"LC_ALL": "C.UTF-8", "LANG": "es_MX.UTF-8"}), environment_language({})
    ('en', 'en')
    """
    env = os.environ if environ is None else environ
    for variable in _LANGUAGE_VARIABLES:
        if value := env.get(variable, "").strip():
            return next((lang for part in value.split(":") if (lang := i18n.choose(part.split(".")[0]))),
                        i18n.DEFAULT)
    return i18n.DEFAULT


def language_first(argv: Sequence[str]) -> list[str]:
    """The arguments with ``--lang X`` (or ``--lang=X``) moved to the front, wherever it was: it is an option of
    ``entangle`` itself, and ``entangle paths --lang es`` means it too.

    Examples
    --------
    >>> language_first(["paths", "--from", "ebhs", "--lang", "es"]), language_first(["check", "--", "--lang"])
    (['--lang', 'es', 'paths', '--from', 'ebhs'], ['check', '--', '--lang'])
    """
    args = list(argv)
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            return [arg, args[i + 1], *args[:i], *args[i + 2:]]
        if arg.startswith("--lang="):
            return [arg, *args[:i], *args[i + 1:]]
    return args


def asked_language(argv: Sequence[str]) -> str:
    """The language of the run, read before the parser is built (its help texts are in it): ``--lang`` (first in
    ``language_first``'s order), else the environment's. One naming no language we speak is left for the parser to
    refuse, in the environment's language."""
    first = argv[0] if argv else ""
    value = argv[1] if first == "--lang" and len(argv) > 1 else first[7:] if first.startswith("--lang=") else ""
    return i18n.choose(value) or environment_language()


@contextmanager
def argparse_speaking() -> Iterator[None]:
    """argparse's words ("usage:", "the following arguments are required") in the run's language: argparse looks
    up ``_`` and ``ngettext`` in its module when it writes them, so ours stand in for the run, then its own return."""
    if i18n.language() == i18n.DEFAULT:
        yield
        return
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
