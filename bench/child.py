"""Work that ``python -m bench`` runs in a fresh process, each printing one JSON line on stdout.

    python -m bench.child baseline                 peak RSS of a process that only imported network
    python -m bench.child load PATH [--tracemalloc] time and peak memory of network.load(PATH)
    python -m bench.child nxcut PICKLE SECONDS      networkx minimum cut on a pickled super-source graph
    python -m bench.child firstroutes PATH          the first trace() after loading PATH (fresh process)
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import pickle
import resource
import signal
import sys
import time
from pathlib import Path
from typing import Any

#: The size limit given to network.load: the ~1M-link folder is about 55 MB, over the default of 25 MB.
BENCH_MAX_BYTES = 1 << 30


def _maxrss_kib() -> int:
    """ru_maxrss (KiB on Linux). Linux carries it over fork and exec, so a child of a big process inherits it."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _hwm_kib() -> int | None:
    """VmHWM, the peak RSS of this process's own address space (starts afresh at exec; Linux only)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def load_dataset(path: str | Path) -> Any:
    """``network.load(path)``, with the size limit (when this version has one) raised to fit the 1M graph."""
    import network

    if "limits" in inspect.signature(network.load).parameters:
        from network.io import DEFAULT_LIMITS

        return network.load(path, limits=dataclasses.replace(DEFAULT_LIMITS, max_bytes=BENCH_MAX_BYTES))
    return network.load(path)


def baseline() -> dict:
    import network  # noqa: F401  (what is measured is the import)

    return {"rss_kib": _maxrss_kib(), "hwm_kib": _hwm_kib()}


def load(path: str, trace_memory: bool) -> dict:
    import network  # noqa: F401  (imported before the baseline is read)

    rss_before, hwm_before = _maxrss_kib(), _hwm_kib()
    if trace_memory:
        import tracemalloc

        tracemalloc.start()
    t0 = time.perf_counter()
    ds = load_dataset(path)
    seconds = time.perf_counter() - t0
    result = {"seconds": seconds, "rss_before_kib": rss_before, "rss_peak_kib": _maxrss_kib(),
              "hwm_before_kib": hwm_before, "hwm_peak_kib": _hwm_kib(),
              "nodes": len(ds.nodes), "edges": len(ds.edges)}
    if trace_memory:
        import tracemalloc

        result["tracemalloc_peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return result


class _TimedOut(Exception):
    pass


def nxcut(pickle_path: str, seconds: float) -> dict:
    """The cut value networkx finds, and how long it takes (``timed_out`` past ``seconds``)."""
    import networkx as nx

    with open(pickle_path, "rb") as fh:
        graph = pickle.load(fh)
    G = nx.DiGraph()
    G.add_nodes_from(range(graph["n"]))
    # links without a capacity attribute have infinite capacity in networkx: the super-source and sink arcs
    G.add_edges_from((u, v, {"capacity": c}) if c is not None else (u, v) for (u, v), c in
                     zip(graph["pairs"], graph["caps"], strict=True))

    def on_alarm(signum, frame):  # networkx is pure Python, so the alarm interrupts it
        raise _TimedOut

    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    t0 = time.perf_counter()
    try:
        value, _ = nx.minimum_cut(G, graph["s"], graph["t"], capacity="capacity")
    except _TimedOut:
        return {"timed_out": True, "seconds": time.perf_counter() - t0}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return {"timed_out": False, "seconds": time.perf_counter() - t0, "value": value,
            "nodes": G.number_of_nodes(), "links": G.number_of_edges()}


def firstroutes(path: str) -> dict:
    """The first query of a fresh process, as a reader's first: every route within six links from the school
    with the most routes among a seeded sample (the benchmark's choice), the compiled search loaded from disk."""
    import random

    t0 = time.perf_counter()
    import network

    t1 = time.perf_counter()
    ds = load_dataset(path)
    t2 = time.perf_counter()
    schools = sorted(n.id for n in ds.nodes.values() if n.kind == "school")
    school = random.Random(3).sample(schools, min(40, len(schools)))[0]
    t3 = time.perf_counter()
    rs = network.trace(ds, origins=school, max_hops=6, max_routes=None, time_budget=None)
    return {"seconds": time.perf_counter() - t3, "routes": rs.count, "import_seconds": t1 - t0,
            "load_seconds": t2 - t1}


def main(argv: list[str]) -> int:
    command, *rest = argv
    if command == "baseline":
        result = baseline()
    elif command == "load":
        result = load(rest[0], "--tracemalloc" in rest)
    elif command == "nxcut":
        result = nxcut(rest[0], float(rest[1]))
    elif command == "firstroutes":
        result = firstroutes(rest[0])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
