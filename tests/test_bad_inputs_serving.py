"""Bad inputs as the explorer meets them: a data set the app cannot hold is refused before serving, one at the
edges of what it holds is served, ids that the route keys would split keep their routes, and an empty answer
says why. Plain function tests (no browser)."""

from __future__ import annotations

import subprocess
import sys

from test_bad_inputs import EXTREME

import network
from network.ui.app import create_app


def test_serve_refuses_a_year_9999_with_its_place_and_no_traceback(tmp_path):
    (tmp_path / "edges.csv").write_text("source,target,start\nbps,bpd,0001-01-01\n")
    result = subprocess.run([sys.executable, "-m", "network.cli", "serve", str(tmp_path)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "edges.csv:2:start: '0001-01-01' is outside the years this tool can hold (1900 to 2100)." in result.stderr


def test_the_explorer_serves_the_first_and_last_days(tmp_path):
    import datetime as dt

    from network.ui.controls import date_marks, day_index, index_day, month_span

    for name, text in EXTREME.items():
        (tmp_path / name).write_text(text)
    assert create_app(tmp_path).layout is not None  # the controls, the map and the timeline, built at start
    ds = network.load(tmp_path)
    span = month_span(ds)
    assert span == (dt.date(2101, 12, 1) - dt.date(1899, 1, 1)).days
    assert index_day(ds, day_index(ds, "2100-12-31")) == "2100-12-31"
    assert index_day(ds, span + 10) == "2101-12-01" and index_day(ds, -5) == "1899-01-01"
    assert "1899" in date_marks(ds).values()
