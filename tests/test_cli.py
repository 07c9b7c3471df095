"""The `entangle` command: exit codes, located problems, and no tracebacks."""

from __future__ import annotations

import subprocess
import sys

import pytest

from network.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "network.cli", *args], capture_output=True, text=True, timeout=120)


def test_check_boston_is_valid_and_fully_cited(capsys):
    assert main(["check", "data/boston"]) == 0
    out = capsys.readouterr().out
    assert "valid" in out
    assert "links citing a source: 100%" in out


def test_check_prints_each_problem_located_and_exits_1(write_dataset, capsys):
    folder = write_dataset(edges_csv="source,target,status\nA,B,sure\n,C,reported\n")
    assert main(["check", str(folder)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{folder / 'edges.csv'}:2:status: status 'sure' is not one we know.")
    assert lines[1].startswith(f"{folder / 'edges.csv'}:3:source: 'source' is empty.")


def test_check_single_file_with_column_mapping(tmp_path, capsys):
    path = tmp_path / "links.csv"
    path.write_text("Von,Nach\nA,B\n")
    assert main(["check", str(path)]) == 1
    capsys.readouterr()
    assert main(["check", str(path), "--source-col", "Von", "--target-col", "Nach"]) == 0
    assert "1 flow links" in capsys.readouterr().out


def test_warnings_do_not_change_the_exit_code(write_dataset, capsys):
    folder = write_dataset(edges_csv="source,target\nA,A\nA,B\n")
    assert main(["check", str(folder)]) == 0
    assert ":2:target: warning: 'A' links to itself" in capsys.readouterr().out


@pytest.mark.parametrize(
    "content",
    [b"", b"source,target\n", b"PK\x03\x04" + bytes(range(256)), b"a,b\n\xff\xfe,x\n", b'source,target\n"A,B\n'],
    ids=["empty", "header-only", "binary", "not-utf8", "open-quote"],
)
def test_bad_files_exit_1_without_traceback(tmp_path, content):
    path = tmp_path / "edges.csv"
    path.write_bytes(content)
    result = run("check", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.startswith(f"{path.name}:")


def test_usage_errors_exit_2():
    assert run().returncode == 2
    assert run("check").returncode == 2
    result = run("check", "/no/such/place")
    assert result.returncode == 2
    assert "no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr
