"""The built wheel works where there is no checkout: the data set, assets and templates travel inside it.

The wheel is built with ``python -m build`` (an sdist, then the wheel from that sdist) without build isolation,
so no download is needed: hatchling and build come with the test extras. It is installed with ``--no-deps`` into
a temporary venv outside the checkout. That venv sees this interpreter's packages through a ``.pth`` line (a
venv made with ``--system-site-packages`` from inside a venv sees the base Python's packages, not the venv's);
a plain path line appends them after the venv's own site-packages and runs none of their ``.pth`` files, so
the editable install's path to the checkout stays out and ``network`` is the installed copy.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("install")]  # one worker builds the wheel once


def _run(args: list[str | Path], cwd: Path, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, f"{args} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path, dict[str, str]]:
    """Build the wheel, install it in a fresh venv; return the venv's bin folder, a work folder, an environment."""
    base = tmp_path_factory.mktemp("install")
    assert ROOT not in base.parents
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INDEX="1", PYTHONDONTWRITEBYTECODE="1")
    dist = base / "dist"
    _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, ROOT], base, env)
    [wheel] = dist.glob("*.whl")
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], base, env)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    site = Path(_run([bin_dir / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     base, env).stdout.strip())
    ours = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (site / "_test_dependencies.pth").write_text("".join(f"{p}\n" for p in ours), encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", bin_dir / "python", "install", "--no-deps", "--quiet", wheel],
         base, env)
    work = base / "work"
    work.mkdir()
    return bin_dir, work, env


def test_the_installed_package_is_the_wheel_and_loads_the_bundled_data(installed):
    bin_dir, work, env = installed
    code = ("import network, network.resources as r; ds = network.load(); "
            "print(network.__file__); print(r.BOSTON); print(r.ASSETS); print(len(ds.edges))")
    package, boston, assets, edges = _run([bin_dir / "python", "-c", code], work, env).stdout.split()
    venv = bin_dir.parent
    for path in (package, boston, assets):
        assert Path(path).is_relative_to(venv), f"{path} is not inside the temporary venv"
    assert Path(boston).name == "boston" and (Path(assets) / "style.css").is_file()
    assert int(edges) > 0


def test_installed_entangle_paths_lists_the_boston_routes(installed):
    bin_dir, work, env = installed
    out = _run([bin_dir / "entangle", "paths", "--from", "ebhs"], work, env).stdout
    assert re.match(r"[1-9]\d* routes?\b", out), out.splitlines()[:1]
    assert "East Boston High School → " in out and "ICE" in out


def test_installed_entangle_handout_writes_a_pdf(installed):
    bin_dir, work, env = installed
    _run([bin_dir / "entangle", "handout", "--from", "ebhs", "-o", "handout.pdf"], work, env)
    assert (work / "handout.pdf").read_bytes().startswith(b"%PDF")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=2) as response:
        return response.status, response.read().decode("utf-8")


def test_installed_entangle_serve_answers_with_its_assets(installed):
    bin_dir, work, env = installed
    port = _free_port()
    log = work / "serve.log"
    with log.open("w") as err:
        proc = subprocess.Popen([str(bin_dir / "entangle"), "serve", "--host", "127.0.0.1", "--port", str(port)],
                                cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=err)
    try:
        deadline = time.monotonic() + 60
        status, body = 0, ""
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                time.sleep(0.2)
        assert proc.poll() is None, f"entangle serve exited {proc.returncode}: {log.read_text()}"
        assert status == 200 and "<title>Entanglement Map</title>" in body
        css_status, css = _get(f"http://127.0.0.1:{port}/assets/style.css")
        assert css_status == 200 and css.strip()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
