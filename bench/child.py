"""Work that ``python -m bench`` runs in a fresh process, each printing one JSON line on stdout.

    python -m bench.child baseline                 peak RSS of a process that only imported network
    python -m bench.child load PATH [--tracemalloc] time and peak memory of network.load(PATH)
    python -m bench.child pandas PATH              the same for pandas.read_csv(engine="pyarrow") + igraph
    python -m bench.child compare PATH UPLOAD RUNS  ours against pandas + igraph in one process, RUNS times each, in
                                                   turn; and parse_files of the edge list UPLOAD, as an upload is read
    python -m bench.child nxcut PICKLE SECONDS      networkx minimum cut on a pickled super-source graph
    python -m bench.child firstroutes PATH          the first trace() after loading PATH (fresh process)
"""

from __future__ import annotations

import dataclasses
import inspect
import io
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


def pandas_igraph(path: str | Path) -> Any:
    """What the issue compares loading with: both files read by ``pandas.read_csv(engine="pyarrow")`` and made into
    an igraph graph with ``igraph.Graph.DataFrame`` (every column an attribute; no validation)."""
    import igraph as ig
    import pandas as pd

    folder = Path(path)
    edges = pd.read_csv(folder / "edges.csv", engine="pyarrow")
    first = ["source", "target"]
    edges = edges[first + [c for c in edges.columns if c not in first]]
    if not (folder / "nodes.csv").is_file():
        return ig.Graph.DataFrame(edges, directed=True, use_vids=False)
    nodes = pd.read_csv(folder / "nodes.csv", engine="pyarrow")
    return ig.Graph.DataFrame(edges, directed=True, vertices=nodes, use_vids=False)


def pandas_igraph_bytes(data: bytes) -> Any:
    """``pandas_igraph`` of one edge list's bytes, as an upload arrives."""
    import igraph as ig
    import pandas as pd

    return ig.Graph.DataFrame(pd.read_csv(io.BytesIO(data), engine="pyarrow"), directed=True, use_vids=False)


def upload_edge_list(folder: str | Path) -> bytes:
    """A million-link edge list as a browser would upload it: ``source,target,relation,status`` from the data set
    folder's edges.csv (the same links), read by pyarrow here so that making it costs no time worth noting."""
    import pyarrow.csv as pacsv

    table = pacsv.read_csv(Path(folder) / "edges.csv").select(["source", "target", "relation", "status"])
    sink = io.BytesIO()
    pacsv.write_csv(table, sink, pacsv.WriteOptions(quoting_style="none"))
    return sink.getvalue()


def pandas_peak(path: str) -> dict:
    import igraph  # noqa: F401
    import pandas  # noqa: F401

    import network  # noqa: F401  (the same imports as the load child, so the baselines compare)

    hwm_before = _hwm_kib()
    t0 = time.perf_counter()
    g = pandas_igraph(path)
    return {"seconds": time.perf_counter() - t0, "hwm_before_kib": hwm_before, "hwm_peak_kib": _hwm_kib(),
            "edges": g.ecount()}


def compare(path: str, upload: str, runs: int) -> dict:
    """Ours and pandas + igraph in turn, ``runs`` times each, in this one process (what is imported, imported first;
    the collector run between runs, so that no run pays for another's garbage); then the same for the upload."""
    import gc

    import igraph  # noqa: F401
    import pandas  # noqa: F401
    import pyarrow.csv  # noqa: F401

    import network.io

    data = Path(upload).read_bytes()
    limits = dataclasses.replace(network.io.DEFAULT_LIMITS, max_bytes=BENCH_MAX_BYTES)
    timed: dict[str, list[float]] = {"ours": [], "pandas_igraph": [], "upload_ours": [], "upload_pandas_igraph": []}
    jobs = {"ours": lambda: load_dataset(path), "pandas_igraph": lambda: pandas_igraph(path),
            "upload_ours": lambda: network.io.parse_files({"edges.csv": data}, limits=limits),
            "upload_pandas_igraph": lambda: pandas_igraph_bytes(data)}
    cpu: dict[str, list[float]] = {name: [] for name in timed}
    for _ in range(runs):
        for name, job in jobs.items():
            gc.collect()
            c0, t0 = time.process_time(), time.perf_counter()
            result = job()
            timed[name].append(time.perf_counter() - t0)
            cpu[name].append(time.process_time() - c0)  # every thread's: pyarrow reads on every core
            del result
    ds = load_dataset(path)
    return {**timed, "cpu": cpu, "nodes": len(ds.nodes), "edges": len(ds.edges), "upload_bytes": len(data)}


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
    elif command == "pandas":
        result = pandas_peak(rest[0])
    elif command == "compare":
        result = compare(rest[0], rest[1], int(rest[2]))
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
