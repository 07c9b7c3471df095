"""The explorer on a national data set: server time and bytes of its callbacks (the map's above all),
``python -m bench.bigmap``.

Loads a data set folder or file (by default ``bench/data/national-1m``, ~1M links; generated on first use), serves
it as the app's data set, and calls the map's callbacks as Dash calls them (inside a callback context), their
answers serialised with Dash's own JSON encoder as the server does: the default view, the same view again (the
routes and cuts memoised, as when update_routes ran first), then a click on a group of the aggregated map and the
map with that group open. Prints each call's time and bytes, and the load average (other work skews the times).
Target (issue 12): under 1 s of server time and under 2 MB per callback.
"""

from __future__ import annotations

import argparse
import inspect
import os
import time
from pathlib import Path
from typing import Any

from dash._utils import to_json

from network import load
from network.ui import address as ad
from network.ui import callbacks as cb
from network.ui import compute
from network.ui.app import create_app

from .callbacks import _in_context, _open
from .generate import ensure

TARGET_S, TARGET_BYTES = 1.0, 2_000_000


def _timed(name: str, fn: Any) -> Any:
    start = time.perf_counter()
    out = fn()
    size = len(to_json(out).encode())  # type: ignore[no-untyped-call]
    took = time.perf_counter() - start
    verdict = "ok" if took < TARGET_S and size < TARGET_BYTES else "OVER"
    print(f"{name:46} {took * 1000:8.0f} ms {size / 1e6:8.3f} MB  {verdict}  (load {os.getloadavg()[0]:.2f})",
          flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bigmap", description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=None,
                        help="a data set folder or file (default: bench/data/national-1m, generated if missing)")
    parser.add_argument("--view", default="", help="the view's address query, e.g. '?from=s1' (default: the default)")
    args = parser.parse_args(argv)
    path = args.path or ensure("1m", Path(__file__).parent / "data" / "national-1m")
    t0 = time.perf_counter()
    ds = load(path)
    print(f"{path}: {len(ds.nodes):,} institutions, {len(ds.edges):,} links, loaded in "
          f"{time.perf_counter() - t0:.1f} s; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with create_app(ds).server.app_context():
        out = _open(args.view)
        query, route = out["query"], out["route"]
        opens = "opened" in inspect.signature(cb.update_map).parameters

        def draw(opened: Any = None) -> Any:
            extra = {"opened": opened} if opens else {}
            return _in_context(None, cb.update_map, query=query, route=route, **extra)

        _timed("open_address (a link opened)", lambda: _open(args.view))
        _timed("set_controls (the controls of that view)", lambda: ad.set_controls(out["opened"]))
        routes = _timed("update_routes (first: traces, cuts)", lambda: cb.update_routes(query))
        first_route = next((r.get("key") for r in routes.get("rows") or [] if isinstance(r, dict) and r.get("key")),
                           route)
        _timed("show_route (a route selected)", lambda: cb.show_route(first_route, query))
        _timed("update_timeline", lambda: cb.update_timeline(query))
        _timed("update_links", lambda: _in_context(None, cb.update_links, search=args.view, query=query))
        _timed("search_origins ('school 10')", lambda: _in_context(
            None, cb.search_origins, search="school 10", value=[], query=query))
        controls = ad.set_controls(out["opened"])["controls"]
        changed = dict(controls, hops=5)
        _timed("read_controls (longest route set to 5)", lambda: _in_context(
            None, ad.read_controls, controls=changed, query=query, route=route))
        if opens:  # what the first map of a data set counts once: its groups (kept while the data set lives)
            from network.aggregate import groups_of

            _timed("the groups, counted (once per data set)", lambda: {"groups": len(groups_of(ds).groups)})
        compute._routes.cache_clear()
        compute._levers.cache_clear()
        _timed("update_map (first of a view, nothing memoised)", draw)
        first = _timed("update_map (routes memoised)", draw)
        _timed("update_map (again)", draw)
        groups = [c for t in first["figure"]["data"] for c in t.get("customdata") or []
                  if isinstance(c, str) and c.startswith("group:")]
        if not opens or not groups:
            print("no group on this map (not an aggregated map, or a map before groups)")
            return 0
        biggest = groups[0]
        click = {"points": [{"customdata": biggest}]}
        answer = _timed(f"map_click on {biggest}", lambda: _in_context(
            None, cb.map_click, click=click, mode="origin", without=[], query=query, opened=None))
        opened = answer["opened"]
        _timed("update_map (the group open)", lambda: draw(opened))
        _timed("update_map (the group open, again)", lambda: draw(opened))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
