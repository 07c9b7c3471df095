"""The README stays true: its two commands come first, and every `entangle` subcommand is documented."""

from __future__ import annotations

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
