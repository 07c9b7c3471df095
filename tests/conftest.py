"""Shared fixtures: the bundled data set, a folder writer for small data sets, our own files in other tools'
formats (tests/data/), and the shared samples beside CI (../shared/samples/), which are skipped where absent."""

from __future__ import annotations

import io
import os
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from unittest import mock

import openpyxl
import pytest
from dash import _callback

import network
import network.ui.app  # noqa: F401  (registers every callback in Dash's global registry, once)
from network.cli import main as entangle_main

ROOT = Path(__file__).resolve().parents[1]
#: Our own small files in the formats other tools write (GEXF from Gephi, Cytoscape elements); see its README.
FIXTURES = ROOT / "tests" / "data"
#: Real files written by other tools; present only beside our CI, so the tests that read them are an extra check.
SAMPLES = ROOT.parent / "shared" / "samples"


def _copied(callbacks: dict, listed: list) -> tuple[dict, list]:
    """A copy of Dash's registry that an app's setup cannot change (it edits a background callback's dict)."""
    return ({k: dict(v, background=dict(v["background"]) if v.get("background") else v.get("background"))
             for k, v in callbacks.items()}, [dict(c) for c in listed])


_REGISTERED = _copied(_callback.GLOBAL_CALLBACK_MAP, _callback.GLOBAL_CALLBACK_LIST)


@pytest.fixture(autouse=True)
def _dash_callbacks_stay_registered():
    """Dash's registry of callbacks is global, and the first app to answer a request takes every callback out of
    it: an app a test serves would leave the next one (the browser tests' server, in a worker of make test's that
    ran this test first) with no callback at all. Put back after each test that emptied it."""
    yield
    if len(_callback.GLOBAL_CALLBACK_MAP) != len(_REGISTERED[0]):
        callbacks, listed = _copied(*_REGISTERED)
        _callback.GLOBAL_CALLBACK_MAP.clear()
        _callback.GLOBAL_CALLBACK_MAP.update(callbacks)
        _callback.GLOBAL_CALLBACK_LIST[:] = listed


@pytest.fixture(scope="session")
def boston() -> network.Dataset:
    return network.load()


@pytest.fixture
def shared_samples() -> Path:
    """The ../shared/samples folder; a test that asks for it is skipped where the folder is absent."""
    if not SAMPLES.is_dir():
        pytest.skip(f"../shared/samples not found: the real files from other tools are only beside CI ({SAMPLES})")
    return SAMPLES


@pytest.fixture
def write_dataset(tmp_path):
    """Write files (name -> text or bytes) into a fresh folder and return its path."""

    def write(**files: str | bytes) -> Path:
        folder = tmp_path / "ds"
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            name = name.replace("_csv", ".csv").replace("_json", ".json")
            data = content.encode("utf-8") if isinstance(content, str) else content
            (folder / name).write_bytes(data)
        return folder

    return write


def build_workbook(**sheets: list[list[object]]) -> bytes:
    """An .xlsx file with one sheet per keyword (its rows as lists), for the workbook reader's tests."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


#: The environment's language variables, which ``entangle`` reads when no --lang is given.
LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture
def entangle():
    """``entangle(*args, lang="C.UTF-8")``: the command run in this process, as ``python -m network.cli`` runs it
    (its exit code, including argparse's 2, and what it printed) but without starting a Python and importing
    pandas again, about a second a run. The environment speaks ``lang`` (English unless a test says), whatever
    the shell running the tests speaks, at 80 columns. The tests that need a real process (a closed pipe, the
    installed command) start one."""

    def run(*args: str, lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
        out, err = io.StringIO(), io.StringIO()
        with mock.patch.dict(os.environ, {"LANG": lang, "COLUMNS": "80"}), redirect_stdout(out), redirect_stderr(err):
            for variable in LANGUAGE_VARIABLES:  # only LANG: the shell's LANGUAGE or LC_ALL would speak first
                if variable != "LANG":
                    os.environ.pop(variable, None)
            try:
                code = entangle_main(list(args))
            except SystemExit as exit_:  # argparse's usage errors and --help
                code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        return subprocess.CompletedProcess(["entangle", *args], code, out.getvalue(), err.getvalue())

    return run
