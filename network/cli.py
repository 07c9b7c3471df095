"""The ``entangle`` command: the same work as the app, from a terminal.

Our errors become one clear line and exit code 2 (usage) or 1 (problems in the data); never a traceback.
It speaks English or Spanish: ``entangle --lang es ...``, else the language of the environment (LANGUAGE,
LC_ALL, LC_MESSAGES, LANG, as gettext reads them); the words, argparse's own included, come from our catalogues.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import i18n
from .cli_parser import (
    COMMANDS,
    argparse_speaking,
    asked_language,
    build_parser,
    environment_language,
    filters,
    language_first,
    reading,
)
from .errors import NetworkDataError, Problem, ValidationError
from .export import routes_csv, routes_json
from .handout import build_handout
from .handout_pdf import write_handout_pdf
from .i18n import _, ngettext
from .io import load, write_dataset
from .levers import levers
from .lexicon import event_title
from .model import Dataset
from .narrative import CONTINUITY_NOT_ASSESSED, no_route_reason, outcome_sentence, route_outcomes
from .pages import standalone_html
from .paths import trace
from .query import prepare
from .refs import resolve_nodes
from .serving import run as run_serving
from .timeline import diff
from .viewstate import ViewState, validate

__all__ = ["main", "build_parser", "COMMANDS", "environment_language"]


def _paths(args: argparse.Namespace) -> int:
    ds = load(args.dataset)
    rs = trace(ds, max_routes=args.max_routes, time_budget=args.time_budget, **filters(args))
    if args.format == "json":
        print(routes_json(ds, rs))
    elif args.format == "csv":
        sys.stdout.write(routes_csv(rs))
    else:
        summary = rs.describe() + (f". {reason}" if (reason := no_route_reason(ds, rs)) else "")
        at_most = _(" (at most {n})").format(n=i18n.number(rs.upper_bound)) if not rs.complete else ""
        print(summary[0].upper() + summary[1:] + at_most)
        if not ds.assesses_continuity:
            print(_(CONTINUITY_NOT_ASSESSED))
        for rank, r in enumerate(rs.routes, 1):
            print(f"{rank:>4}. [{r.strength}] {' → '.join(r.labels)}{_route_notes(r, rs)}")
        for ev in route_outcomes(ds, rs):
            print(_("Outcome: {sentence}").format(sentence=outcome_sentence(ds, ev)))
        if rs.routes:
            print(_("Each route's sentence, handoffs and sources: --format json or --format csv."))
    return 0


def _route_notes(r: Any, rs: Any) -> str:
    """' — possible route; closed (2014 to 2019-10-31)' for the table: what a reader must not miss."""
    notes = [_("possible route")] if r.possible else []
    if rs.over_all_dates:
        w = r.window.as_dict()
        # Translators: a route of the table that no longer exists: "closed (2014 to 2019-10-31)"; dates as written
        notes.append(_("open today") if r.open_today else _("closed ({start} to {end})").format(
            start=w["from"] or _("undated"), end=w["to"]))
    return f" — {'; '.join(notes)}" if notes else ""


def _levers(args: argparse.Namespace) -> int:
    ds = load(args.dataset)
    lv = levers(ds, **filters(args))
    if args.format == "json":
        print(json.dumps(lv.as_dict(), indent=2, ensure_ascii=False))
        return 0
    print(lv.describe(ds))
    if lv.chokepoints:
        print(_("Chokepoints ({method}):").format(method=lv.chokepoint_method))
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
    print(_("From {date_a} to {date_b}:").format(date_a=d.date_a, date_b=d.date_b))
    for title, edges in ((_("Links opened: {n}"), d.opened), (_("Links closed: {n}"), d.closed)):
        print(title.format(n=len(edges)))
        for e in edges:
            print(f"  {ds.label(e.source)} → {ds.label(e.target)} ({e.relation or 'flow'}) [{e.id}]")
    for title, routes in ((_("Routes gained: {n}"), d.routes_gained), (_("Routes lost: {n}"), d.routes_lost)):
        print(title.format(n=len(routes)))
        for r in routes:
            print(f"  [{r.strength}] {' → '.join(r.labels)}")
    print(_("Routes open at both dates: {n}").format(n=d.routes_kept))
    if d.events:
        print(_("Events in between:"))
        for ev in d.events:
            print(f"  {ev.date}  {event_title(ev)}")
    return 0


def _view(args: argparse.Namespace) -> tuple[Dataset, ViewState]:
    """The explorer's view state for a command line query; unknown names and bad values stop with exit 2."""
    ds = load(args.dataset)
    query = filters(args)
    prepare(ds, **query)  # raises our error for an unknown institution, a bad date or hop count
    refs = {key: [r if r.lower().startswith("kind:") else n for r in (query[key] or []) for n in
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
    print(_("Wrote {path} ({paper}).").format(path=path, paper="A4" if args.paper == "a4" else _("US Letter")))
    return 0


def _export_html(args: argparse.Namespace) -> int:
    ds, state = _view(args)
    out = Path(args.output)
    out.write_text(standalone_html(ds, state), encoding="utf-8")
    print(_("Wrote {path}: open it in a browser, with no server and no network needed.").format(path=out))
    return 0


def _located(problem: Problem, path: Path) -> str:
    """A problem with its file given as a path the user can open."""
    if path.is_dir():
        problem = Problem(str(path / problem.file), problem.row, problem.column, problem.message, problem.fix,
                          problem.severity)
    text = str(problem)
    if not problem.is_error:
        location, _sep, rest = text.partition(": ")
        text = _("{location}: warning: {message}").format(location=location, message=rest)
    return text


def _counts(*counts: tuple[str, int]) -> str:
    """Counts joined by commas, each in the plural its number takes."""
    return ", ".join(_COUNTED[what](n).format(n=n) for what, n in counts)


#: The counts of check's summary. Its English says "1 institutions" (as it always has: scripts read it), so the
#: singular of the first five is the plural; a translation gives both forms.
_COUNTED: dict[str, Callable[[int], str]] = {
    # Translators: the English is plural even for 1 (kept for scripts); give the singular and plural forms
    "nodes": lambda n: ngettext("{n} institutions", "{n} institutions", n),
    "flow": lambda n: ngettext("{n} flow links", "{n} flow links", n),
    "context": lambda n: ngettext("{n} context links", "{n} context links", n),
    "sources": lambda n: ngettext("{n} sources", "{n} sources", n),
    "events": lambda n: ngettext("{n} events", "{n} events", n),
    "handoffs": lambda n: ngettext("{n} handoff", "{n} handoffs", n),
    "outcomes": lambda n: ngettext("{n} outcome", "{n} outcomes", n),
}


def _summary_lines(ds: Dataset) -> list[str]:
    s = ds.summary()
    by_status = ", ".join(f"{k} {v}" for k, v in s["edges_by_status"].items()) or _("none")
    lines = [
        _("{title}: valid.").format(title=s["title"]),
        "  " + _counts(("nodes", s["nodes"]), ("flow", s["flow_edges"]), ("context", s["context_edges"])),
        "  " + _counts(("sources", s["sources"]), ("events", s["events"])),
        "  " + _("links by evidence: {counts}").format(counts=by_status),
        "  " + _("links citing a source: {share}").format(share=f"{s['cited_share']:.0%}"),
    ]
    outcomes = len(ds.outcomes)
    if s["handoffs"] or outcomes:
        lines.insert(3, "  " + _counts(("handoffs", s["handoffs"]), ("outcomes", outcomes)))
    return lines


def _load_reporting(path: Path, args: argparse.Namespace) -> Dataset | None:
    """Load for check and export: every problem printed located; None when the data set has errors."""
    columns, limits = reading(args)
    try:
        ds = load(path, columns, limits)
    except ValidationError as err:
        for problem in err.problems:
            print(_located(problem, path))
        n = len(err.errors)
        print(ngettext("{n} error; the data set was not loaded.", "{n} errors; the data set was not loaded.", n)
              .format(n=n), file=sys.stderr)
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
    # Translators: the counts of a data set written (plural in English even for 1, as scripts read it)
    print(_("Wrote {path}: {nodes} institutions, {links} links, {sources} sources, {events} events.").format(
        path=written, nodes=s["nodes"], links=s["flow_edges"] + s["context_edges"], sources=s["sources"],
        events=s["events"]))
    return 0


#: The exit code of a command whose reader closed the pipe early (``entangle paths | head``): 128 + SIGPIPE, what
#: a shell reports for any tool a closed pipe stops.
CLOSED_PIPE = 141


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``entangle``; return the exit code (0 fine, 1 problems in the data, 2 usage, 141 output cut short)."""
    args = language_first(sys.argv[1:] if argv is None else argv)
    token = i18n.use(asked_language(args))
    try:
        with argparse_speaking():
            code = _run(args)
        sys.stdout.flush()  # a reader that closed the pipe shows here, not as a complaint at exit
    except BrokenPipeError:
        # as the Python docs advise (signal, "Note on SIGPIPE"): what is left to print goes nowhere, quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return CLOSED_PIPE
    finally:
        i18n.reset(token)  # main called in a process that goes on (a test, a notebook) leaves it as it was
    return code


def _run(argv: Sequence[str]) -> int:
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
