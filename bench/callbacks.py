"""Server time per explorer callback on the Boston data set: ``python -m bench.callbacks``.

Each callback is called as Dash calls it (its function, inside a callback context), over a set of realistic
views and interactions, and its result is serialised with Dash's own JSON encoder, as the server does before
answering. Prints p50 and p95 per callback in milliseconds and as a multiple of the same baseline loop as
``python -m bench``. Target (issue 4): p50 under 20 ms for every callback.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from contextvars import copy_context
from typing import Any

from dash._callback_context import context_value
from dash._utils import AttributeDict, to_json

from network.ui import address as ad
from network.ui import callbacks as cb
from network.ui import compute
from network.ui.app import create_app

from .__main__ import measure_baseline

VIEWS = [
    "",
    "?from=ebhs",
    "?from=ebhs&asof=2016-06-01",
    "?from=ebhs&asof=2021-11-01",
    "?from=ebhs&without=bric",
    "?from=ebhs&hops=4&status=documented&status=acknowledged",
    "?from=ebhs&to=ice_ero&route=ebhs%3Ebsp%3Ebric%3Egang_db%3Eice_ero&ctx=1",
    "?from=bps&asof=2019-06-01&cut=0",
]
ROUNDS = 15
TARGET_MS = 20.0


def _in_context(trigger: str | None, fn: Callable[..., Any], **inputs: Any) -> Any:
    def call() -> Any:
        triggered = [{"prop_id": f"{trigger}.value", "value": None}] if trigger else []
        context_value.set(AttributeDict(triggered_inputs=triggered))
        return fn(**inputs)

    return copy_context().run(call)


def _open(view: str) -> dict[str, Any]:
    return _in_context(None, ad.open_address, address=None, search=view, browser=None, query={"dataset": "default"})


def _uncached(fn: Callable[..., Any], *args: Any) -> Any:
    """The callback as the first one of a new view runs it: nothing memoised yet."""
    compute._routes.cache_clear()
    compute._levers.cache_clear()
    return fn(*args)


def _timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    to_json(fn())  # the server serialises every answer
    return time.perf_counter() - start


def main() -> int:
    with create_app().server.app_context():  # the callbacks find the app's data sets in its context
        return _measure()


def _measure() -> int:
    baseline = measure_baseline()
    print(f"baseline B = {baseline * 1000:.1f} ms (the same fixed loop as python -m bench)")
    samples: dict[str, list[float]] = {}
    for _ in range(ROUNDS):
        for view in VIEWS:
            out = _open(view)
            query, route = out["query"], out["route"]
            controls = ad.set_controls(out["opened"])["controls"]
            calls: dict[str, Callable[[], Any]] = {
                "open_address (a link opened)": lambda view=view: _open(view),
                "set_controls": lambda out=out: ad.set_controls(out["opened"]),
                "read_controls (a control changed)": lambda query=query, controls=controls, route=route: (
                    ad.read_controls(controls=controls | {"hops": 3}, query=query, route=route)),
                "update_routes (first, uncached)": lambda query=query: _uncached(cb.update_routes, query),
                "update_routes": lambda query=query: cb.update_routes(query),
                "update_map (first, uncached)": lambda query=query, route=route: _uncached(cb.update_map, query,
                                                                                           route),
                "update_map": lambda query=query, route=route: cb.update_map(query, route),
                "show_route": lambda query=query, route=route: cb.show_route(route, query),
                "update_timeline": lambda query=query: cb.update_timeline(query),
                "update_links": lambda view=view, query=query: cb.update_links(view, query),
            }
            for name, call in calls.items():
                samples.setdefault(name, []).append(_timed(call))
    worst = 0.0
    print(f"{'callback':34} {'p50':>10} {'p95':>10}   ({len(VIEWS)} views x {ROUNDS} rounds)")
    for name, times in samples.items():
        ms = sorted(t * 1000 for t in times)
        p50, p95 = statistics.median(ms), ms[int(len(ms) * 0.95) - 1]
        worst = max(worst, p50)
        print(f"{name:34} {p50:7.2f} ms {p95:7.2f} ms   p50 = {p50 / 1000 / baseline:.2f} B")
    verdict = "MET" if worst < TARGET_MS else "MISSED"
    print(f"target: every callback p50 < {TARGET_MS:.0f} ms on Boston: {verdict} (slowest p50 {worst:.2f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
