"""The ``entangle`` command: the same work as the app, from a terminal.

Our errors become one clear line and exit code 2 (usage) or 1 (problems in the data); never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from .errors import NetworkDataError, Problem, ValidationError
from .export import routes_csv, routes_json
from .handout import build_handout
from .handout_pdf import write_handout_pdf
from .io import WRITE_FORMATS, Limits, load, write_dataset
from .levers import levers
from .model import Dataset
from .narrative import CONTINUITY_NOT_ASSESSED, no_route_reason, outcome_sentence, route_outcomes
from .pages import standalone_html
from .paths import trace
from .query import CAPS, prepare
from .refs import resolve_nodes
from .serving import COMMANDS as SERVING_COMMANDS
from .serving import add_commands as add_serving_commands
from .serving import run as run_serving
from .timeline import diff
from .viewstate import ViewState, validate

__all__ = ["main", "build_parser", "COMMANDS"]

#: Every subcommand, with one line of what it does (the README documents each; a test checks it).
COMMANDS = {
    "check": "validate a data set and print a summary, or every problem as FILE:ROW:COLUMN: message",
    "export": "write a data set as a folder of CSV files, a zip, GraphML, GEXF or node-link JSON",
    "paths": "every route from the origins to the targets, shortest first, with evidence and sources",
    "levers": "the fewest links and institutions whose removal closes every route, and the chokepoints",
    "diff": "links opened and closed, and routes gained and lost, between two dates",
    "handout": "a printable handout of a view as PDF (A4 or US Letter): map, routes with numbered sources, levers",
    "export-html": "one HTML file with the interactive map, routes, sentences and sources; opens with no network",
    **SERVING_COMMANDS,
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"entangle: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="entangle", description="Every route from a school record to immigration enforcement.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    check = sub.add_parser("check", help=COMMANDS["check"])
    check.add_argument("path", help="a data set folder or file (CSV, TSV, zip, xlsx, GraphML, GEXF, JSON)")
    _add_reading_options(check)
    export = sub.add_parser("export", help=COMMANDS["export"])
    export.add_argument("dataset", metavar="DATASET", help="a data set folder or file, in any format check reads")
    export.add_argument("out", metavar="OUT", help="where to write; its suffix picks the format: "
                        + ", ".join(ext for ext, _ in WRITE_FORMATS.values()) + ", or none for a folder")
    _add_reading_options(export)
    paths = sub.add_parser("paths", help=COMMANDS["paths"])
    _add_query_options(paths, origin_required=True)
    paths.add_argument("--max-routes", type=_cap(int), default=CAPS["default"].max_routes, metavar="N",
                       help="stop after N routes (none: no cap)")
    paths.add_argument("--time-budget", type=_cap(float), default=CAPS["default"].time_budget, metavar="S",
                       help="stop after S seconds (none: no limit)")
    paths.add_argument("--format", choices=("table", "csv", "json"), default="table")
    lever = sub.add_parser("levers", help=COMMANDS["levers"])
    _add_query_options(lever, origin_required=True)
    lever.add_argument("--format", choices=("table", "json"), default="table")
    dif = sub.add_parser("diff", help=COMMANDS["diff"])
    dif.add_argument("dataset", nargs="?", help="a data set (default: the bundled Boston data set)")
    dif.add_argument("date_a", metavar="DATE_A")
    dif.add_argument("date_b", metavar="DATE_B")
    dif.add_argument("--from", dest="origins", action="append", metavar="REF", help="origin (default kind:school)")
    dif.add_argument("--to", dest="targets", action="append", metavar="REF")
    dif.add_argument("--max-hops", type=int, default=8, metavar="N")
    _add_filter_options(dif)
    dif.add_argument("--format", choices=("table", "json"), default="table")
    handout = sub.add_parser("handout", help=COMMANDS["handout"])
    _add_query_options(handout, origin_required=True)
    handout.add_argument("--route", metavar="A>B>C", help="the route to feature (node ids joined by >)")
    handout.add_argument("--paper", choices=("a4", "letter"), default="a4")
    handout.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    page = sub.add_parser("export-html", help=COMMANDS["export-html"])
    _add_query_options(page, origin_required=True)
    page.add_argument("--route", metavar="A>B>C", help="the route to feature (node ids joined by >)")
    page.add_argument("-o", "--output", required=True, metavar="FILE.html")
    add_serving_commands(sub)
    return parser


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
        p.add_argument(f"--{name}-col", metavar="C", help=f"the column holding each link's {name}")
    p.add_argument("--max-bytes", type=_byte_count, metavar="N",
                   help="refuse files larger than N bytes (default 2GB for files on this disk; 40MB also works)")


def _reading(args: argparse.Namespace) -> tuple[dict[str, str] | None, Limits | None]:
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
    p.add_argument("dataset", nargs="?", help="a data set (default: the bundled Boston data set)")
    p.add_argument("--from", dest="origins", action="append", required=origin_required, metavar="REF",
                   help="an origin: node id, exact label, or kind:KIND (repeatable)")
    p.add_argument("--to", dest="targets", action="append", metavar="REF",
                   help="a target (repeatable; default kind:immigration_enforcement)")
    p.add_argument("--max-hops", type=int, default=8, metavar="N", help="longest route in links (1-8)")
    p.add_argument("--as-of", metavar="DATE", help="only links open on DATE (YYYY, YYYY-MM or YYYY-MM-DD)")
    _add_filter_options(p)


def _add_filter_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--status", metavar="S,S", help="admitted evidence statuses (for links and handoffs), "
                   "comma-separated")
    p.add_argument("--relation", metavar="R,R", help="admitted relations, comma-separated")
    p.add_argument("--without", action="append", default=[], metavar="REF",
                   help="remove an institution, or a link as SRC->DST (repeatable)")
    p.add_argument("--continuous", action="store_true",
                   help="only routes whose every handoff is established (recorded or implied)")


def _filters(args: argparse.Namespace) -> dict[str, Any]:
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


def _paths(args: argparse.Namespace) -> int:
    ds = load(args.dataset)
    rs = trace(ds, max_routes=args.max_routes, time_budget=args.time_budget, **_filters(args))
    if args.format == "json":
        print(routes_json(ds, rs))
    elif args.format == "csv":
        sys.stdout.write(routes_csv(rs))
    else:
        summary = rs.describe() + (f". {reason}" if (reason := no_route_reason(ds, rs)) else "")
        print(summary[0].upper() + summary[1:] + (f" (at most {rs.upper_bound:,})" if not rs.complete else ""))
        if not ds.assesses_continuity:
            print(CONTINUITY_NOT_ASSESSED)
        for rank, r in enumerate(rs.routes, 1):
            print(f"{rank:>4}. [{r.strength}] {' → '.join(r.labels)}{_route_notes(r, rs)}")
        for ev in route_outcomes(ds, rs):
            print(f"Outcome: {outcome_sentence(ds, ev)}")
        if rs.routes:
            print("Each route's sentence, handoffs and sources: --format json or --format csv.")
    return 0


def _route_notes(r: Any, rs: Any) -> str:
    """' — possible route; closed (2014 to 2019-10-31)' for the table: what a reader must not miss."""
    notes = ["possible route"] if r.possible else []
    if rs.over_all_dates:
        w = r.window.as_dict()
        notes.append("open today" if r.open_today else f"closed ({w['from'] or 'undated'} to {w['to']})")
    return f" — {'; '.join(notes)}" if notes else ""


def _levers(args: argparse.Namespace) -> int:
    ds = load(args.dataset)
    lv = levers(ds, **_filters(args))
    if args.format == "json":
        print(json.dumps(lv.as_dict(), indent=2, ensure_ascii=False))
        return 0
    print(lv.describe(ds))
    if lv.chokepoints:
        print(f"Chokepoints ({lv.chokepoint_method}):")
        for c in lv.chokepoints[:15]:
            print(f"  {c.share:>6.0%}  {c.kind:<11} {c.label}")
    return 0


def _diff(args: argparse.Namespace) -> int:
    ds = load(args.dataset)
    d = diff(ds, args.date_a, args.date_b, origins=args.origins or "kind:school", targets=args.targets,
             max_hops=args.max_hops, statuses=args.status, relations=args.relation, without=args.without,
             continuous=args.continuous)
    if args.format == "json":
        print(json.dumps(d.as_dict(), indent=2, ensure_ascii=False))
        return 0
    print(f"From {d.date_a} to {d.date_b}:")
    for title, edges in (("Links opened", d.opened), ("Links closed", d.closed)):
        print(f"{title}: {len(edges)}")
        for e in edges:
            print(f"  {ds.label(e.source)} → {ds.label(e.target)} ({e.relation or 'flow'}) [{e.id}]")
    for title, routes in (("Routes gained", d.routes_gained), ("Routes lost", d.routes_lost)):
        print(f"{title}: {len(routes)}")
        for r in routes:
            print(f"  [{r.strength}] {' → '.join(r.labels)}")
    print(f"Routes open at both dates: {d.routes_kept}")
    if d.events:
        print("Events in between:")
        for ev in d.events:
            print(f"  {ev.date}  {ev.title}")
    return 0


def _view(args: argparse.Namespace) -> tuple[Dataset, ViewState]:
    """The explorer's view state for a command line query; unknown names and bad values stop with exit 2."""
    ds = load(args.dataset)
    filters = _filters(args)
    prepare(ds, **filters)  # raises our error for an unknown institution, a bad date or hop count
    refs = {key: [r if r.lower().startswith("kind:") else n for r in (filters[key] or []) for n in
                  ([r] if r.lower().startswith("kind:") else resolve_nodes(ds, r))]
            for key in ("origins", "targets")}
    raw: dict[str, Any] = {"origins": refs["origins"], "max_hops": args.max_hops, "as_of": args.as_of or "",
                           "without": args.without, "route": (args.route or "").replace(" ", ""),
                           "continuous": "1" if args.continuous else "0"}
    if refs["targets"]:
        raw["targets"] = refs["targets"]
    if args.status:
        raw["statuses"] = args.status.split(",")
    if args.relation:
        raw["relations"] = args.relation.split(",")
    state, notices = validate(ds, raw)
    for notice in notices:
        print(f"entangle: {notice}", file=sys.stderr)
    return ds, state


def _handout(args: argparse.Namespace) -> int:
    ds, state = _view(args)
    path = write_handout_pdf(ds, build_handout(ds, state), args.output, args.paper)
    print(f"Wrote {path} ({args.paper.upper() if args.paper == 'a4' else 'US Letter'}).")
    return 0


def _export_html(args: argparse.Namespace) -> int:
    ds, state = _view(args)
    out = Path(args.output)
    out.write_text(standalone_html(ds, state), encoding="utf-8")
    print(f"Wrote {out}: open it in a browser, with no server and no network needed.")
    return 0


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


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def _summary_lines(ds: Dataset) -> list[str]:
    s = ds.summary()
    lines = [
        f"{s['title']}: valid.",
        f"  {s['nodes']} institutions, {s['flow_edges']} flow links, {s['context_edges']} context links",
        f"  {s['sources']} sources, {s['events']} events",
        "  links by evidence: " + (", ".join(f"{k} {v}" for k, v in s["edges_by_status"].items()) or "none"),
        f"  links citing a source: {s['cited_share']:.0%}",
    ]
    outcomes = len(ds.outcomes)
    if s["handoffs"] or outcomes:
        lines.insert(3, f"  {_count(s['handoffs'], 'handoff')}, {_count(outcomes, 'outcome')}")
    return lines


def _load_reporting(path: Path, args: argparse.Namespace) -> Dataset | None:
    """Load for check and export: every problem printed located; None when the data set has errors."""
    columns, limits = _reading(args)
    try:
        ds = load(path, columns, limits)
    except ValidationError as err:
        for problem in err.problems:
            print(_located(problem, path))
        n = len(err.errors)
        print(f"{n} error{'s' if n != 1 else ''}; the data set was not loaded.", file=sys.stderr)
        return None
    for warning in ds.warnings:
        print(_located(warning, path))
    return ds


def _check(args: argparse.Namespace) -> int:
    ds = _load_reporting(Path(args.path), args)
    if ds is None:
        return 1
    print("\n".join(_summary_lines(ds)))
    return 0


def _export(args: argparse.Namespace) -> int:
    ds = _load_reporting(Path(args.dataset), args)
    if ds is None:
        return 1
    written = write_dataset(ds, args.out)
    s = ds.summary()
    print(f"Wrote {written}: {s['nodes']} institutions, {s['flow_edges'] + s['context_edges']} links, "
          f"{s['sources']} sources, {s['events']} events.")
    return 0


#: The exit code of a command whose reader closed the pipe early (``entangle paths | head``): 128 + SIGPIPE, what
#: a shell reports for any tool a closed pipe stops.
CLOSED_PIPE = 141


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``entangle``; return the exit code (0 fine, 1 problems in the data, 2 usage, 141 output cut short)."""
    try:
        code = _run(argv)
        sys.stdout.flush()  # a reader that closed the pipe shows here, not as a complaint at exit
    except BrokenPipeError:
        # as the Python docs advise (signal, "Note on SIGPIPE"): what is left to print goes nowhere, quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return CLOSED_PIPE
    return code


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    handlers = {"check": _check, "export": _export, "paths": _paths, "levers": _levers, "diff": _diff,
                "handout": _handout, "export-html": _export_html, "serve": run_serving,
                "worker": run_serving}
    try:
        return handlers[args.command](args)
    except ValidationError as err:
        print(f"entangle: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        raise  # an OSError, but not the data's or the user's: main ends quietly
    except (NetworkDataError, OSError) as err:
        print(f"entangle: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
