"""The `entangle` command: exit codes, located problems, and no tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import LANGUAGE_VARIABLES

from network.cli import CLOSED_PIPE, main


def run_process(*args: str, lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    """``python -m network.cli`` in a process of its own whose environment speaks ``lang``: for what only a real
    process shows (its exit status, what reaches its stderr); the other tests run it in this process
    (``entangle``, in conftest.py)."""
    env = {k: v for k, v in os.environ.items() if k not in LANGUAGE_VARIABLES} | {"LANG": lang}
    return subprocess.run([sys.executable, "-m", "network.cli", *args], capture_output=True, text=True, timeout=120,
                          env=env)


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
def test_bad_files_exit_1_without_traceback(tmp_path, content, entangle):
    path = tmp_path / "edges.csv"
    path.write_bytes(content)
    result = entangle("check", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.startswith(f"{path.name}:")


def test_usage_errors_exit_2(entangle):
    assert entangle().returncode == 2
    assert entangle("check").returncode == 2
    result = run_process("check", "/no/such/place")  # the exit status and stderr of a real process
    assert result.returncode == 2
    assert "no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_paths_json_has_the_documented_shape(entangle):
    import json

    result = entangle("paths", "--from", "ebhs", "--as-of", "2016-06", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"query", "summary", "complete", "complete_lengths", "count", "upper_bound",
                         "open_today_count", "continuity", "continuity_note", "routes", "outcomes", "sources"}
    assert data["complete"] and data["count"] == len(data["routes"]) <= data["upper_bound"]
    route = data["routes"][0]
    assert {"strength", "links_strength", "handoffs", "window", "open_today", "possible", "continuity",
            "sentence"} <= set(route)
    assert set(route["window"]) == {"from", "to"}
    assert len(route["handoffs"]) == route["length"] - 1
    assert {"at", "status", "sources"} <= set(route["handoffs"][0])
    hop = route["hops"][0]
    assert set(hop) == {"source", "target", "relation", "carries", "status", "start", "end", "sources"}
    assert all(set(s) == {"title", "publisher", "date", "url"} for s in data["sources"].values())


def test_paths_over_all_dates_say_how_many_are_open_today(entangle):
    import json

    data = json.loads(entangle("paths", "--from", "ebhs", "--format", "json").stdout)
    assert data["open_today_count"] == sum(r["open_today"] for r in data["routes"]) >= 1
    assert f"{data['open_today_count']} open today" in data["summary"]
    table = entangle("paths", "--from", "ebhs").stdout
    assert "open today" in table.splitlines()[0]
    assert "closed (" in table


def test_paths_csv_is_formula_safe(tmp_path, entangle):
    path = tmp_path / "edges.csv"
    path.write_text('source,target\n"=HYPERLINK(""http://x"")",kind-ice\n')
    (tmp_path / "nodes.csv").write_text('id,label,kind\n"=HYPERLINK(""http://x"")",=evil(),school\n'
                                        "kind-ice,@ICE,immigration_enforcement\n")
    result = entangle("paths", str(tmp_path), "--from", "kind:school", "--format", "csv")
    assert result.returncode == 0, result.stderr
    import csv
    import io

    row = list(csv.DictReader(io.StringIO(result.stdout)))[0]
    assert row["institutions"] == "'=evil() → @ICE"
    assert row["node_ids"] == "'=HYPERLINK(\"http://x\") > kind-ice"
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row.values())


def test_levers_and_diff_tables(entangle):
    result = entangle("levers", "--from", "ebhs")
    assert result.returncode == 0 and "closes every route" in result.stdout
    result = entangle("diff", "2019-06", "2022-01", "--from", "ebhs")
    assert result.returncode == 0 and "Routes lost:" in result.stdout


@pytest.mark.parametrize(
    "args,needle",
    [
        (["paths", "--from", "Nowhere High"], "No institution matches 'Nowhere High'"),
        (["paths", "--from", "ebhs", "--as-of", "2019-13"], "not a real date"),
        (["paths", "--from", "ebhs", "--max-hops", "12"], "max_hops must be"),
        (["paths", "--from", "ebhs", "--max-routes", "lots"], "invalid int value"),
        (["paths"], "--from"),
        (["diff", "2019", "someday"], "not a date"),
    ],
)
def test_query_errors_are_one_line_and_exit_2(args, needle, entangle):
    result = entangle(*args)
    assert result.returncode == 2
    assert needle in result.stderr
    assert "Traceback" not in result.stderr


def test_handout_and_export_html_commands(tmp_path, entangle):
    pdf = tmp_path / "handout.pdf"
    result = entangle("handout", "--from", "East Boston High School", "--as-of", "2016-06", "--paper", "letter",
                 "-o", str(pdf))
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes()[:5] == b"%PDF-"
    page = tmp_path / "map.html"
    result = entangle("export-html", "--from", "ebhs", "--route", "ebhs>bsp>bric>ice_ero", "-o", str(page))
    assert result.returncode == 0, result.stderr
    html = page.read_text()
    assert "selected route" in html and "/vendor/" not in html
    bad = entangle("handout", "--from", "Nowhere High", "-o", str(tmp_path / "x.pdf"))
    assert bad.returncode == 2 and "No institution matches" in bad.stderr and not (tmp_path / "x.pdf").exists()


def test_output_cut_short_by_the_reader_ends_quietly():
    """`entangle paths --from ebhs | head -1`: the reader takes one line and closes the pipe."""
    proc = subprocess.Popen([sys.executable, "-m", "network.cli", "paths", "--from", "ebhs"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    code = proc.wait(timeout=120)
    assert first.startswith("8 routes")
    assert "Broken pipe" not in err and "Traceback" not in err and "Exception ignored" not in err, err
    assert code in (0, CLOSED_PIPE)  # 0 when every line was in the pipe before it closed


def test_output_into_a_closed_pipe_ends_quietly_with_141():
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line: the first write fails
    try:
        result = subprocess.run([sys.executable, "-m", "network.cli", "paths", "--from", "ebhs"],
                                stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == CLOSED_PIPE == 141


def test_paths_in_spanish_with_lang_before_or_after_the_command(entangle):
    before = entangle("--lang", "es", "paths", "--from", "ebhs")
    after = entangle("paths", "--from", "ebhs", "--lang", "es")
    assert before.returncode == after.returncode == 0, before.stderr + after.stderr
    assert before.stdout == after.stdout
    table = before.stdout
    assert "abierta hoy" in table and "cerrada (" in table
    assert "La frase, los traspasos y las fuentes de cada ruta: --format json o --format csv." in table
    assert "Each route's sentence" not in table and "open today" not in table
    assert entangle("paths", "--from", "ebhs", "--lang=es").stdout == table


def test_check_summary_in_spanish(entangle):
    result = entangle("--lang", "es", "check", "data/boston")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].endswith(": válido.")
    assert " instituciones, " in lines[1] and " vínculos de flujo, " in lines[1]
    assert "  vínculos que citan una fuente: 100%" in lines


def test_the_environment_language_names_the_row_and_column_in_spanish(tmp_path, entangle):
    path = tmp_path / "edges.csv"
    path.write_text("id,source,target,status\ne1,A,B,sure\ne2,,C,reported\ne1,A,D,reported\n")
    result = entangle("check", str(path), lang="es_US.UTF-8")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == ("edges.csv:2:status: el estado 'sure' no es uno de los que conocemos. Use uno de estos: "
                        "documented, acknowledged, reported, alleged, disputed, unknown.")
    assert lines[1] == ("edges.csv:3:source: 'source' está vacío. Cada fila necesita un origen (source) y un destino "
                        "(target).")
    assert lines[2].startswith("edges.csv:4:id: id de vínculo 'e1' ya se usa en la fila 2.")
    assert result.stderr.strip() == "3 errores; el conjunto de datos no se cargó."
    english = "edges.csv:2:status: status 'sure' is not"
    assert entangle("check", str(path), lang="fr_FR.UTF-8").stdout.startswith(english)
    assert entangle("--lang", "en", "check", str(path), lang="es_MX.UTF-8").stdout.startswith(english)


def test_an_unknown_language_says_which_exist(entangle):
    result = entangle("--lang", "xx", "check", "data/boston")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "'xx' is not a language entangle speaks: use en (English), es (Español)." in result.stderr
    in_spanish = entangle("--lang", "xx", "check", "data/boston", lang="es_US.UTF-8")
    assert "'xx' no es un idioma que entangle hable: use en (English), es (Español)." in in_spanish.stderr


def test_usage_and_help_in_spanish(entangle):
    missing = entangle("--lang", "es", "check")
    assert missing.returncode == 2
    assert missing.stderr.startswith("uso: entangle check")
    assert "entangle: se requieren los siguientes argumentos: path" in missing.stderr
    helped = entangle("--lang", "es", "paths", "--help")
    assert "argumentos posicionales:" in helped.stdout and "opciones:" in helped.stdout
    assert "muestra este mensaje de ayuda y sale" in helped.stdout
    assert "un origen: id de nodo, nombre exacto o kind:TIPO (se puede repetir)" in " ".join(helped.stdout.split())
    unknown = entangle("--lang", "es", "paths", "--from", "Nowhere High")
    assert unknown.returncode == 2 and "Ninguna institución coincide con 'Nowhere High'." in unknown.stderr


def test_a_spanish_run_in_process_leaves_english_behind(capsys):
    import argparse
    import gettext

    from network import i18n

    assert main(["--lang", "es", "check", "data/boston"]) == 0
    assert "válido" in capsys.readouterr().out
    assert i18n.language() == "en"
    assert argparse._ is gettext.gettext  # argparse's words are its own again
    assert main(["check", "data/boston"]) == 0
    assert ": valid." in capsys.readouterr().out
