"""The README stays true: its two commands come first, and every `entangle` subcommand and option is documented."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import network
from network.cli import COMMANDS, build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    first_block = README.split("```", 2)[1]
    assert "make run" in first_block and "make test" in first_block
    makefile = (ROOT / "Makefile").read_text()
    assert "\nrun:" in makefile and "\ntest:" in makefile


def test_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_every_subcommand_is_documented():
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert set(subparsers.choices) == set(COMMANDS)
    for name in COMMANDS:
        assert f"`entangle {name}" in README, f"entangle {name} is not in the README"


def test_public_api_is_what_all_lists():
    for name in network.__all__:
        assert hasattr(network, name), name
    assert "load" in network.__all__


def _command_rows() -> dict[str, str]:
    """README's row of each `entangle` command in its table, with "[same filters]" and "[same flags as check]"
    read as the options of the rows they point to (paths' and check's)."""
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `entangle ([\w-]+)[^\n]*", README, flags=re.M)}
    shared = {"[same filters]": rows.get("paths", ""), "[same flags as check]": rows.get("check", "")}
    for name, row in rows.items():
        head = row.split("` |", 1)[0]
        rows[name] = head + "".join(shared[mark] for mark in shared if mark in head)
    return rows


def _documented(token: str, row: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(token)}(?![\w-])", row) is not None


def test_every_option_of_every_command_is_in_its_readme_row():
    """Each option (short and long), each value a choice offers, and each positional argument of every
    subcommand appears in that command's row of README's table."""
    subparsers = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    rows = _command_rows()
    missing = []
    for name, parser in subparsers.choices.items():
        row = rows.get(name, "")
        for action in parser._actions:
            if action.help is argparse.SUPPRESS or isinstance(action, argparse._HelpAction):
                continue
            words = list(action.option_strings) or [str(action.metavar or action.dest).upper()]
            words += [str(c) for c in action.choices or ()]
            missing += [f"entangle {name} {w}" for w in words if not _documented(w, row)]
    assert not missing, f"not in README's table of commands: {missing}"
