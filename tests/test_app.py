"""The entry points: `app.py` for gunicorn and `python app.py`, and `entangle serve`."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request

from flask import Flask

ROOT_URL = "http://127.0.0.1:{port}/"


def test_app_module_exposes_server_for_gunicorn():
    import app

    assert isinstance(app.server, Flask)
    assert app.app.layout is not None


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_entangle_serve_answers_on_loopback():
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "network.cli", "serve", "--port", str(port), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        body = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(ROOT_URL.format(port=port), timeout=2) as response:
                    body = response.read().decode()
                    break
            except OSError:
                time.sleep(0.2)
        assert "<title>Entanglement Map</title>" in body
        assert "cdn" not in body.lower() and "https://" not in body
    finally:
        # SIGINT, as Ctrl-C: gunicorn stops at once (SIGTERM would wait up to 30 s for requests to finish)
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)


def test_serve_a_bad_data_set_exits_1_without_traceback(tmp_path):
    (tmp_path / "edges.csv").write_text("source,target\n,B\n")
    result = subprocess.run([sys.executable, "-m", "network.cli", "serve", str(tmp_path)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "'source' is empty" in result.stderr
