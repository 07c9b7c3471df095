"""The ``entangle`` command: the same work as the app, from a terminal.

Our errors become one clear line and exit code 2 (usage) or 1 (problems in the data); never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import NetworkDataError, Problem, ValidationError
from .io import load
from .model import Dataset

__all__ = ["main", "build_parser", "COMMANDS"]

#: Every subcommand, with one line of what it does (the README documents each; a test checks it).
COMMANDS = {
    "check": "validate a data set and print a summary, or every problem as FILE:ROW:COLUMN: message",
    "serve": "serve the explorer in a browser (default http://127.0.0.1:8050)",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"entangle: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="entangle", description="Every route from a school record to immigration enforcement.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    check = sub.add_parser("check", help=COMMANDS["check"])
    check.add_argument("path", help="a data set folder or a CSV/TSV edge list")
    check.add_argument("--source-col", help="the column holding each link's source")
    check.add_argument("--target-col", help="the column holding each link's target")
    serve = sub.add_parser("serve", help=COMMANDS["serve"])
    serve.add_argument("path", nargs="?", help="a data set (default: the bundled Boston data set)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8050)
    serve.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    return parser


def _located(problem: Problem, path: Path) -> str:
    """A problem with its file given as a path the user can open."""
    if path.is_dir():
        problem = Problem(str(path / problem.file), problem.row, problem.column, problem.message, problem.fix,
                          problem.severity)
    text = str(problem)
    if not problem.is_error:
        location, _, rest = text.partition(": ")
        text = f"{location}: warning: {rest}"
    return text


def _summary_lines(ds: Dataset) -> list[str]:
    s = ds.summary()
    lines = [
        f"{s['title']}: valid.",
        f"  {s['nodes']} institutions, {s['flow_edges']} flow links, {s['context_edges']} context links",
        f"  {s['sources']} sources, {s['events']} events",
        "  links by evidence: " + (", ".join(f"{k} {v}" for k, v in s["edges_by_status"].items()) or "none"),
        f"  links citing a source: {s['cited_share']:.0%}",
    ]
    return lines


def _check(args: argparse.Namespace) -> int:
    path = Path(args.path)
    columns = {k: v for k, v in (("source", args.source_col), ("target", args.target_col)) if v}
    try:
        ds = load(path, columns or None)
    except ValidationError as err:
        for problem in err.problems:
            print(_located(problem, path))
        n = len(err.errors)
        print(f"{n} error{'s' if n != 1 else ''}; the data set was not loaded.", file=sys.stderr)
        return 1
    for warning in ds.warnings:
        print(_located(warning, path))
    print("\n".join(_summary_lines(ds)))
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .ui.app import create_app  # dash is imported only when serving

    app = create_app(args.path)
    app.run(host=args.host, port=args.port, debug=args.debug)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``entangle``; return the exit code (0 fine, 1 problems in the data, 2 usage)."""
    args = build_parser().parse_args(argv)
    handlers = {"check": _check, "serve": _serve}
    try:
        return handlers[args.command](args)
    except ValidationError as err:
        print(f"entangle: {err}", file=sys.stderr)
        return 1
    except (NetworkDataError, OSError) as err:
        print(f"entangle: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
