"""Run the benchmarks of issue 3: ``python -m bench`` (all) or ``python -m bench routes first100 cut load``.

Every time is printed in seconds and as a multiple of a baseline (a fixed pure-Python loop timed at the start
of the same process, shown as ``B``), so figures from different machines can be compared. Where a target is
missed, the run prints a cProfile of our code for that benchmark.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib
import inspect
import json
import os
import pickle
import platform
import pstats
import random
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .child import BENCH_MAX_BYTES, load_dataset, upload_edge_list
from .generate import ensure

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
SMALL = DATA / "national-100k"
DENSE = DATA / "national-100k-dense"  # a school with hundreds of thousands of routes within six links
LARGE = DATA / "national-1m"
UPLOAD = DATA / "upload-1m.csv"  # the ~1M links of LARGE as an uploaded edge list: source,target,relation,status
COMPARE_RUNS = 3  # runs of each reader in the load comparison (in turn, in one process)
BENCHMARKS = ("routes", "first100", "cut", "load")

ROUTES_MAX_HOPS = 6
NX_ROUTES_SECONDS = 120  # networkx all_simple_paths is interrupted past this
NX_CUT_SECONDS = 90  # networkx minimum_cut is interrupted past this
CHILD_SECONDS = 300  # any child process is killed past this
LEVERS_BUDGET = 2.0  # levers' time_budget (its default): bounds the route count behind the chokepoints

perf = time.perf_counter


# --------------------------------------------------------------------------- reporting


class Report:
    """Prints figures with their baseline multiple, and keeps each target's verdict for the summary."""

    def __init__(self, baseline: float):
        self.baseline = baseline
        self.verdicts: list[tuple[str, str, bool | None]] = []

    def t(self, seconds: float) -> str:
        return f"{_secs(seconds)} ({seconds / self.baseline:,.1f} B)"

    def line(self, label: str, text: str = "") -> None:
        print(f"  {label:<44} {text}".rstrip(), flush=True)

    def note(self, text: str) -> None:
        print(f"    {text}", flush=True)

    def verdict(self, target: str, figure: str, ok: bool | None) -> None:
        word = {True: "MET", False: "MISSED", None: "n/a"}[ok]
        self.line(f"target: {target}", f"{word} ({figure})")
        self.verdicts.append((target, figure, ok))


def _secs(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def _header(title: str) -> None:
    print(f"\n== {title} ", "=" * max(0, 100 - len(title)), sep="", flush=True)


def _baseline_work() -> int:
    total = 0
    d: dict[int, int] = {}
    for i in range(300_000):
        k = i & 1023
        d[k] = d.get(k, 0) + i
        total += k
    return total


def measure_baseline() -> float:
    """Best of seven runs of a fixed pure-Python loop (dict and integer work, about 20-40 ms)."""
    return min(_timed_once(_baseline_work)[0] for _ in range(7))


def _timed_once(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = perf()
    result = fn()
    return perf() - t0, result


def repeat(fn: Callable[[], Any], times: int, budget: float) -> tuple[list[float], Any]:
    """Run ``fn`` up to ``times`` times, stopping early once ``budget`` seconds have passed."""
    deadline = perf() + budget
    runs: list[float] = []
    result = None
    for _ in range(times):
        seconds, result = _timed_once(fn)
        runs.append(seconds)
        if perf() > deadline:
            break
    return runs, result


class TimedOut(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt pure-Python work that runs past ``seconds`` (raises TimedOut)."""

    def on_alarm(signum: int, frame: Any) -> None:
        raise TimedOut

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _where(key: tuple[str, int, str]) -> str:
    file, line, func = key
    if file == "~":
        return func
    path = Path(file)
    try:
        file = str(path.resolve().relative_to(ROOT))
    except ValueError:
        parts = path.parts
        file = "/".join(parts[parts.index("site-packages") + 1:]) if "site-packages" in parts else path.name
    return f"{file}:{line} {func}"


def profile(fn: Callable[[], Any], top: int = 12) -> None:
    """Run ``fn`` under cProfile; print the functions with the most own time, then ours by cumulative time."""
    pr = cProfile.Profile()
    pr.enable()
    fn()
    pr.disable()
    stats = pstats.Stats(pr).stats  # type: ignore[attr-defined]
    rows = [(tt, ct, nc, key) for key, (_cc, nc, tt, ct, _callers) in stats.items()]
    total = sum(r[0] for r in rows) or 1e-12
    print("    cProfile, by own time (tottime, share, cumtime, calls, function):")
    for tt, ct, nc, key in sorted(rows, key=lambda r: -r[0])[:top]:
        print(f"      {tt:8.3f} s {tt / total:5.1%} {ct:8.3f} s {nc:>10,}  {_where(key)}")
    ours = [r for r in rows if f"{os.sep}network{os.sep}" in r[3][0]]
    print("    cProfile, network/ functions by cumulative time:")
    for tt, ct, nc, key in sorted(ours, key=lambda r: -r[1])[:top]:
        print(f"      {ct:8.3f} s cum {tt:8.3f} s own {nc:>10,}  {_where(key)}")


def run_child(args: list[str], timeout: float = CHILD_SECONDS) -> dict[str, Any]:
    """Run ``python -m bench.child ARGS`` and return its JSON line ({"error": ...} when it fails)."""
    try:
        proc = subprocess.run([sys.executable, "-m", "bench.child", *args], cwd=ROOT, capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"killed after {timeout:.0f} s"}
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _levers_module() -> Any:
    return importlib.import_module("network.levers")  # network.levers is also the name of the function


def _drop_index(ds: Any) -> None:
    """Forget the cached flow index of ``ds`` (and the arrays behind it) so that the next query builds it
    again (a cold start)."""
    flowindex = importlib.import_module("network.flowindex")
    forget = getattr(flowindex, "forget", None)
    if forget is not None:
        forget(ds)
    else:
        flowindex._CACHE.pop(ds, None)


def _load(rep: Report, size: str, path: Path) -> Any:

    t_gen, _ = _timed_once(lambda: ensure(size, path))
    if t_gen > 0.5:
        rep.line(f"generated {path.relative_to(ROOT)}", rep.t(t_gen))
    seconds, ds = _timed_once(lambda: load_dataset(path))
    s = ds.summary()
    rep.line(f"loaded {path.relative_to(ROOT)}",
             f"{s['nodes']:,} nodes, {s['flow_edges']:,} flow + {s['context_edges']:,} context links in "
             f"{rep.t(seconds)}")
    return ds


# --------------------------------------------------------------------------- routes


def choose_school(ds: Any, sample: int = 40) -> tuple[str, list[int]]:
    """A school with many routes: the most among a seeded sample of schools (ties: smallest id)."""
    import network

    schools = sorted(n.id for n in ds.nodes.values() if n.kind == "school")
    picked = random.Random(3).sample(schools, min(sample, len(schools)))
    counts = {}
    for s in picked:
        rs = network.trace(ds, origins=s, max_hops=ROUTES_MAX_HOPS, max_routes=None, time_budget=2.0)
        counts[s] = rs.count if rs.complete else -1
    best = min(counts, key=lambda s: (-counts[s], s))
    return best, sorted(counts.values())


def _nx_rate(G: Any, school: str, targets: list[str], seconds: float) -> tuple[float, int, bool]:
    """networkx all_simple_paths from ``school``, exhausted or interrupted after ``seconds``: (seconds, paths to
    a target found, whether it finished)."""
    import networkx as nx

    found = 0
    t0 = perf()
    try:
        with time_limit(seconds):
            for _ in nx.all_simple_paths(G, school, targets, cutoff=ROUTES_MAX_HOPS):
                found += 1
    except TimedOut:
        return perf() - t0, found, False
    return perf() - t0, found, True


def bench_routes(rep: Report, size: str = "100k", path: Path = SMALL) -> None:
    import networkx as nx

    import network
    from network.paths import kernel_paths, search_paths
    from network.query import prepare

    kernel = importlib.import_module("network.kernel")
    _header(f"routes: every route from one school, max_hops {ROUTES_MAX_HOPS}, the {size} graph")
    ds = _load(rep, size, path)
    first = run_child(["firstroutes", str(path)])
    seconds, (school, counts) = _timed_once(lambda: choose_school(ds))
    rep.line("school", f"{school} ({ds.label(school)}): the most routes among 40 seeded schools "
             f"(median {statistics.median(counts):,.0f}, max {counts[-1]:,}; chosen in {_secs(seconds)})")
    relations = len({e.relation for e in ds.flow_edges})
    targets = sorted(n.id for n in ds.nodes.values() if n.kind == "immigration_enforcement")
    tset = frozenset(targets)

    def ours() -> Any:
        return network.trace(ds, origins=school, max_hops=ROUTES_MAX_HOPS, max_routes=None, time_budget=None)

    def cold() -> Any:
        _drop_index(ds)
        return ours()

    cold_runs, _ = repeat(cold, 3, 20)
    runs, rs = repeat(ours, 9, 15)
    prep_runs, q = repeat(lambda: prepare(ds, school, None, ROUTES_MAX_HOPS), 9, 10)
    t = kernel.tables(q)
    if t is not None:
        search_runs, found = repeat(lambda: kernel_paths(q, t, None, None, None)[0].found, 9, 10)
    else:
        search_runs, found = repeat(lambda: sum(1 for _ in search_paths(q, None, None)), 3, 10)
    q_runs = [a + b for a, b in zip(prep_runs, search_runs, strict=False)]

    # networkx on the same flow graph: parallel links collapsed (one hop, as ours), self loops dropped
    setup, G = _timed_once(lambda: nx.DiGraph(ds.graph))
    G.remove_edges_from(list(nx.selfloop_edges(G)))
    nx_seconds, nx_total, nx_done = _nx_rate(G, school, targets, NX_ROUTES_SECONDS)
    nx_clean = None
    if nx_done:
        with time_limit(NX_ROUTES_SECONDS):
            nx_clean = sum(1 for p in nx.all_simple_paths(G, school, targets, cutoff=ROUTES_MAX_HOPS)
                           if tset.isdisjoint(p[1:-1]))

    ig_runs: list[float] = []
    ig_total = ig_clean = None
    try:
        import igraph as ig

        names = list(G.nodes)
        pos = {n: i for i, n in enumerate(names)}
        g = ig.Graph(n=len(names), edges=[(pos[a], pos[b]) for a, b in G.edges()], directed=True)
        params = inspect.signature(ig.Graph.get_all_simple_paths).parameters
        limit = {"maxlen": ROUTES_MAX_HOPS} if "maxlen" in params else {"cutoff": ROUTES_MAX_HOPS}
        to = [pos[t] for t in targets]
        ig_runs, ig_paths = repeat(lambda: g.get_all_simple_paths(pos[school], to=to, **limit), 5, 30)
        tpos = frozenset(to)
        ig_total, ig_clean = len(ig_paths), sum(1 for p in ig_paths if tpos.isdisjoint(p[1:-1]))
        del ig_paths
        ig_version = ig.__version__
    except ImportError:
        ig_version = ""

    best = min(runs)
    rep.line("graph", f"{G.number_of_nodes():,} nodes, {G.number_of_edges():,} pairs of institutions, "
             f"{relations} relation names")
    rep.line("answers (route counts)", "")
    rep.note(f"ours network.trace: {rs.count:,} routes (complete={rs.complete}); core search alone: {found:,}")
    if nx_clean is not None:
        rep.note(f"networkx all_simple_paths: {nx_total:,} paths to a target, {nx_clean:,} with no target inside")
    if ig_total is not None:
        rep.note(f"igraph get_all_simple_paths: {ig_total:,} paths to a target, {ig_clean:,} with no target "
                 "inside")
    rep.note("(ours ends a route at the first target reached, and keeps only time-respecting routes; networkx and")
    rep.note(" igraph go on through one ICE branch to the other and know no dates, so they list more)")
    if "error" in first:
        rep.line("ours, first trace() in a fresh process", f"failed: {first['error']}")
    else:
        rep.line("ours, first trace() in a fresh process",
                 f"{rep.t(first['seconds'])} (index, BFS, compiled search loaded from its disk cache; "
                 f"import network {_secs(first['import_seconds'])}, load {_secs(first['load_seconds'])})")
    rep.line("ours trace(), cold (index + reverse BFS)", _runs_spread(cold_runs))
    rep.line("ours trace(), warm", f"{_runs_spread(runs)} ({rep.t(best)})")
    rep.line("ours core search (prepare + the search only)", f"best {rep.t(min(q_runs))} of {len(q_runs)}: "
             f"prepare {_secs(min(prep_runs))}, search {_secs(min(search_runs))} "
             f"({'compiled' if t is not None else 'Python'})")
    rep.note("(the rest of trace() is ordering the routes; Route objects are made only when read)")
    rep.line("networkx DiGraph(ds.graph) (setup, untimed)", _secs(setup))
    ours_rate = rs.count / best if best else float("inf")
    nx_rate = nx_total / nx_seconds if nx_seconds else 0.0
    nx_ratio = ours_rate / nx_rate if nx_rate else float("inf")
    rep.line(f"networkx {nx.__version__} all_simple_paths",
             f"{rep.t(nx_seconds)} for {nx_total:,} paths{'' if nx_done else ' (interrupted)'}: "
             f"{nx_rate:,.0f} paths/s; ours {ours_rate:,.0f} routes/s -> {nx_ratio:,.1f}x")
    if ig_runs:
        rep.line(f"igraph {ig_version} get_all_simple_paths",
                 f"{_runs_spread(ig_runs)} ({rep.t(min(ig_runs))}) -> igraph/ours {min(ig_runs) / best:,.2f}x "
                 f"(core search: {min(ig_runs) / min(q_runs):,.2f}x)")
    else:
        rep.line("igraph", "not importable: skipped")
    rep.verdict(f"{size}: route rate >= 30x networkx's", f"{nx_ratio:,.1f}x", nx_ratio >= 30)
    ig_ratio = min(ig_runs) / best if ig_runs else None
    rep.verdict(f"{size}: at most half igraph's time", f"igraph/ours {ig_ratio:,.2f}x" if ig_ratio else
                "igraph missing", ig_ratio >= 2 if ig_ratio is not None else None)
    if nx_ratio < 30 or (ig_ratio is not None and ig_ratio < 2):
        profile(lambda: [ours() for _ in range(5)])


# --------------------------------------------------------------------------- first 100 routes


def bench_first100(rep: Report, ds: Any) -> None:
    import network
    from network.query import prepare

    _header("first100: the first 100 routes (max_routes=100, default max_hops 8) on the ~1M-link graph")
    schools = sorted(n.id for n in ds.nodes.values() if n.kind == "school")
    school = random.Random(1).choice(schools)

    def one() -> Any:
        return network.trace(ds, origins=school, max_routes=100)

    def every() -> Any:
        return network.trace(ds, origins="kind:school", max_routes=100)

    _drop_index(ds)
    gc.collect()
    first, rs = _timed_once(one)  # the first query after loading: builds ds.flow_edges, the index, the BFS
    rep.line(f"origin {school}: first query after load", f"{rep.t(first)} ({rs.count} routes)")
    _drop_index(ds)
    gc.collect()
    t_prep, q = _timed_once(lambda: prepare(ds, school))
    t_bfs, _ = _timed_once(lambda: q.dist)
    rep.note(f"parts, index dropped and timed again: prepare() with the flow index build {_secs(t_prep)}, "
             f"reverse BFS to ICE {_secs(t_bfs)}")
    runs, rs = repeat(one, 25, 10)
    rep.line(f"origin {school}: warm", f"best {rep.t(min(runs))}, median {_secs(statistics.median(runs))}, "
             f"max {_secs(max(runs))} of {len(runs)} ({rs.count} routes, shortest {rs.routes[0].length} hops)")
    prep_runs, _ = repeat(lambda: prepare(ds, school), 25, 10)
    rep.note(f"of which prepare() (checks the query, resolves names): best {_secs(min(prep_runs))}")
    all_runs, rs_all = repeat(every, 10, 10)
    rep.line("origin kind:school (100k schools): warm",
             f"best {rep.t(min(all_runs))}, median {_secs(statistics.median(all_runs))} of {len(all_runs)} "
             f"({rs_all.count} routes)")
    gc.collect()
    gc.freeze()  # what an app could do after loading: the loaded objects are no longer scanned by the collector
    try:
        frozen, _ = repeat(one, 25, 10)
    finally:
        gc.unfreeze()
    rep.line(f"origin {school}: warm, after gc.freeze()",
             f"best {rep.t(min(frozen))}, median {_secs(statistics.median(frozen))}, max {_secs(max(frozen))}")
    rep.verdict("first 100 routes < 5 ms (warm)", _secs(min(runs)), min(runs) < 5e-3)
    rep.verdict("first 100 routes < 0.5 s (cold)", _secs(first), first < 0.5)
    if min(runs) >= 5e-3:
        rep.note("warm query (x25):")
        profile(lambda: [one() for _ in range(25)])
    if first >= 0.5:
        rep.note("cold query (index rebuilt):")
        _drop_index(ds)
        profile(one)


# --------------------------------------------------------------------------- minimum cut


def _runs_spread(runs: list[float]) -> str:
    """Best, median and worst of some runs."""
    return f"best {_secs(min(runs))}, median {_secs(statistics.median(runs))}, worst {_secs(max(runs))} of {len(runs)}"


def _igraph_mincut(rep: Report, q: Any) -> float | None:
    """igraph's own mincut on the same flow graph: every admitted link (parallel links as parallel arcs of
    capacity 1), a super-source -> every school and every ICE node -> a super-sink (capacity: more than all
    links). Returns the best time of the mincut call alone."""
    try:
        import igraph as ig
    except ImportError:
        rep.line("igraph mincut", "igraph not importable: skipped")
        return None
    index = q.index
    n = len(index.names)
    src = index.base.src[index.admitted].tolist()
    dst = index.base.dst[index.admitted].tolist()
    s, t = n, n + 1
    big = len(src) + 1
    origins = list(dict.fromkeys(q.origins))
    targets = sorted(q.targets)

    def build() -> Any:
        edges = list(zip(src, dst, strict=True))
        edges += [(s, o) for o in origins]
        edges += [(x, t) for x in targets]
        return ig.Graph(n=n + 2, edges=edges, directed=True)

    build_runs, g = repeat(build, 3, 20)
    caps = [1] * len(src) + [big] * (len(origins) + len(targets))
    runs, cut = repeat(lambda: g.mincut(s, t, capacity=caps), 5, 20)
    rep.line(f"igraph {ig.__version__} mincut, super-source -> schools, ICE -> sink",
             f"{_runs_spread(runs)} ({rep.t(min(runs))}): cut value {cut.value:,.0f} "
             f"({g.vcount():,} nodes, {g.ecount():,} arcs)")
    rep.note(f"building that igraph Graph from the link arrays: {_runs_spread(build_runs)}; "
             f"mincut + build {_secs(min(runs) + min(build_runs))}")
    return min(runs)


def bench_cut(rep: Report, ds: Any) -> None:
    import network
    from network.query import prepare

    lv = _levers_module()
    _header("cut: levers from every school to ICE on the ~1M-link graph (max_hops 8)")
    # the whole call first, cold (the flow index built by the call) and warm
    cold_runs: list[float] = []
    for _ in range(3):
        _drop_index(ds)
        gc.collect()
        seconds, result = _timed_once(lambda: network.levers(ds, origins="kind:school", time_budget=LEVERS_BUDGET))
        cold_runs.append(seconds)
    warm_runs, result = repeat(lambda: network.levers(ds, origins="kind:school", time_budget=LEVERS_BUDGET), 5, 30)
    rep.line(f"whole network.levers(kind:school, time_budget={LEVERS_BUDGET:g}), warm",
             f"{_runs_spread(warm_runs)} ({rep.t(min(warm_runs))})")
    rep.line("  the same, cold (the flow index built in the call)", _runs_spread(cold_runs))
    rep.note(f"answer: {len(result.edge_cut):,} links, {len(result.node_cut or []):,} institutions, "
             f"verified={result.verified}; {result.routes:,} routes counted "
             f"({'all' if result.routes_complete else 'a lower bound'}); chokepoints by {result.chokepoint_method}")

    q = prepare(ds, "kind:school")
    _ = q.dist

    def cut() -> tuple[list[int], Any, Any]:
        sub = lv.route_subgraph(q)
        merged = lv._Merged(q, sub)
        return lv._min_edge_cut(merged), sub, merged

    runs, (edge_cut, sub, merged) = repeat(cut, 3, 20)
    t_sub, _ = _timed_once(lambda: lv.route_subgraph(q))
    rep.line("parts, warm: route subgraph", f"{len(sub.nodes):,} nodes, {len(sub.pairs):,} pairs, {sub.links:,} "
             f"links ({rep.t(t_sub)}); merged: {merged.n:,} nodes, {len(merged.a):,} arcs")
    cut_links = merged.links_of(edge_cut, q.index)
    rep.line("  route_subgraph + merge + _min_edge_cut (igraph)",
             f"best {rep.t(min(runs))} of {len(runs)}: cut of {len(cut_links):,} links")
    t_walks, walks = _timed_once(lambda: lv._walks(q, sub))
    rep.line("  walks from the origins (bound on the routes)", f"{rep.t(t_walks)}: {walks:.3g}")
    t_route, counted = _timed_once(lambda: lv._chokepoints_from_routes(ds, q, None, steps=lv._GLIMPSE_STEPS))
    shares, seen = counted
    rep.line(f"  route count for chokepoints ({lv._GLIMPSE_STEPS:,} steps)",
             f"{rep.t(t_route)}: {seen:,} routes counted, {'complete' if shares is not None else 'cut short'}")
    t_node, node_cut = _timed_once(lambda: lv._min_node_cut(merged))
    rep.line("  _min_node_cut", f"{rep.t(t_node)}: {len(node_cut) if node_cut else node_cut} institutions")
    t_verify, closed = _timed_once(lambda: merged.closed_without(q.max_hops, arcs=edge_cut))
    rep.line("  check of the link cut", f"{rep.t(t_verify)} (closes every route: {closed})")
    if node_cut:
        t_verify, closed = _timed_once(lambda: merged.closed_without(q.max_hops, nodes=node_cut))
        rep.line("  check of the institution cut", f"{rep.t(t_verify)} (closes every route: {closed})")
    t_between, _ = _timed_once(lambda: lv._chokepoints_from_betweenness(q, sub))
    rep.line("  sampled betweenness (reversed, from the targets)", rep.t(t_between))

    ig_best = _igraph_mincut(rep, q)

    # networkx on the same graph: super-source -> each school, each ICE node -> super-sink (infinite capacity)
    graph = {"n": merged.n, "s": merged.S, "t": merged.T,
             "pairs": list(zip(merged.a.tolist(), merged.b.tolist(), strict=True)),
             "caps": [int(c) for c in merged.capacity.tolist()]}
    path = DATA / "cut-1m.pickle"
    with open(path, "wb") as fh:
        pickle.dump(graph, fh, protocol=pickle.HIGHEST_PROTOCOL)
    out = run_child(["nxcut", str(path), str(NX_CUT_SECONDS)], timeout=NX_CUT_SECONDS + 180)
    if "error" in out:
        rep.line("networkx minimum_cut (preflow_push)", f"failed: {out['error']}")
    elif out["timed_out"]:
        rep.line("networkx minimum_cut (preflow_push)", f"> {NX_CUT_SECONDS} s (interrupted, separate process)")
    else:
        same = "= ours" if out["value"] == len(cut_links) else f"!= ours ({len(cut_links)})"
        rep.line("networkx minimum_cut (preflow_push), merged graph",
                 f"{rep.t(out['seconds'])} (separate process): cut value {out['value']:,} {same} -> "
                 f"nx/ours {out['seconds'] / min(runs):,.1f}x")
    rep.verdict("minimum link cut < 2 s", _secs(min(runs)), min(runs) < 2)
    if ig_best is not None:
        ratio = min(warm_runs) / ig_best
        rep.verdict("whole levers within 2x igraph's mincut (warm)", f"{ratio:,.2f}x", ratio <= 2)
        rep.note(f"(cold, with the flow index built: {min(cold_runs) / ig_best:,.2f}x)")
    if min(runs) >= 2 or (ig_best is not None and min(warm_runs) > 2 * ig_best):
        profile(lambda: network.levers(ds, origins="kind:school", time_budget=LEVERS_BUDGET))


# --------------------------------------------------------------------------- loading


def bench_load(rep: Report) -> None:
    _header("load: network.load of the ~1M-link data set folder, in fresh processes; against pandas + igraph")
    ensure("1m", LARGE)
    base = run_child(["baseline"])
    out = run_child(["load", str(LARGE)])
    if "error" in out or "error" in base:
        rep.line("network.load", f"failed: {out.get('error') or base.get('error')}")
        return
    rep.line("network.load (time)", f"{rep.t(out['seconds'])}: {out['nodes']:,} nodes, {out['edges']:,} links")
    size = sum(f.stat().st_size for f in LARGE.iterdir() if f.is_file())
    # network.load's own default for files on disk (LOCAL_LIMITS) admits the folder; the note is for older code
    limits = getattr(importlib.import_module("network.io"), "LOCAL_LIMITS", None)
    if limits is not None and size > limits.max_bytes:
        rep.note(f"(the folder holds {size / 2**20:,.0f} MiB, over load's default limit of "
                 f"{limits.max_bytes / 2**20:,.0f} MiB: loaded with limits.max_bytes={BENCH_MAX_BYTES:,})")
    rss_extra = (out["rss_peak_kib"] - base["rss_kib"]) / 1024
    rep.line("peak RSS (ru_maxrss)", f"{out['rss_peak_kib'] / 1024:,.0f} MiB: {rss_extra:,.0f} MiB above a process "
             f"that only imported network ({base['rss_kib'] / 1024:,.0f} MiB)")
    extra = rss_extra
    if out.get("hwm_peak_kib") and base.get("hwm_kib"):
        extra = (out["hwm_peak_kib"] - base["hwm_kib"]) / 1024
        rep.line("peak RSS (VmHWM)", f"{out['hwm_peak_kib'] / 1024:,.0f} MiB: {extra:,.0f} MiB above a process "
                 f"that only imported network ({base['hwm_kib'] / 1024:,.0f} MiB)")
        rep.note("(Linux carries ru_maxrss over fork+exec, so a child inherits its parent's peak; VmHWM does not,")
        rep.note(" and it is the figure judged below. This benchmark runs first, while this process is still small.)")
    tm = run_child(["load", str(LARGE), "--tracemalloc"])
    if "error" in tm:
        rep.line("tracemalloc peak", f"failed: {tm['error']}")
    else:
        rep.line("tracemalloc peak (Python allocations)",
                 f"{tm['tracemalloc_peak'] / 2**20:,.0f} MiB (that run took {_secs(tm['seconds'])} under tracing)")
    ensure("100k", SMALL)
    small = run_child(["load", str(SMALL)])
    if "error" in small:
        rep.line("network.load of the ~100k graph", f"failed: {small['error']}")
    else:  # a tenth of the rows: how far from linear the 1M figure is
        rep.line("network.load of the ~100k graph (time)",
                 f"{rep.t(small['seconds'])}: {small['nodes']:,} nodes, {small['edges']:,} links "
                 f"(x{out['seconds'] / small['seconds']:,.1f} for the ~1M graph)")
    theirs = run_child(["pandas", str(LARGE)])
    if "error" in theirs:
        rep.line("pandas + igraph (fresh process)", f"failed: {theirs['error']}")
    elif theirs.get("hwm_peak_kib") and theirs.get("hwm_before_kib"):
        rep.line("pandas + igraph (fresh process)",
                 f"{rep.t(theirs['seconds'])}, peak {(theirs['hwm_peak_kib'] - theirs['hwm_before_kib']) / 1024:,.0f} "
                 f"MiB above its imports (VmHWM), for comparison")
    ratio = _compare(rep)
    rep.verdict("load < 10 s", _secs(out["seconds"]), out["seconds"] < 10)
    rep.verdict("load < 1 GB peak above baseline", f"{extra:,.0f} MiB", extra < 1024)
    rep.verdict("load no slower than pandas + igraph", f"ours/theirs {ratio:.2f}x (median)" if ratio else "failed",
                ratio <= 1.0 if ratio else None)
    if out["seconds"] >= 10 or extra >= 1024:

        ensure("100k", SMALL)
        rep.note("profile of network.load on the ~100k-link graph (same code, a tenth of the rows):")
        profile(lambda: load_dataset(SMALL), top=14)


def _spread(runs: list[float]) -> str:
    return (f"median {_secs(statistics.median(runs))} (min {_secs(min(runs))}, max {_secs(max(runs))}, "
            f"{len(runs)} runs)")


def _compare(rep: Report) -> float | None:
    """Ours against pandas.read_csv(engine="pyarrow") + igraph.Graph.DataFrame on the same files, in turn in one
    fresh process; and the upload of the same links as one edge list. Returns the median ratio ours/theirs."""
    if not UPLOAD.is_file():
        UPLOAD.write_bytes(upload_edge_list(LARGE))
    out = run_child(["compare", str(LARGE), str(UPLOAD), str(COMPARE_RUNS)], timeout=CHILD_SECONDS * 4)
    if "error" in out:
        rep.line("load comparison (one process)", f"failed: {out['error']}")
        return None
    rep.line(f"same process, {COMPARE_RUNS} runs each, in turn", f"the folder: {out['edges']:,} links")
    rep.line("  ours: network.load (validated Dataset)", _spread(out["ours"]))
    rep.line("  pandas.read_csv(engine='pyarrow') + igraph.Graph.DataFrame", _spread(out["pandas_igraph"]))
    ratios = [a / b for a, b in zip(out["ours"], out["pandas_igraph"], strict=True)]
    rep.line("  ratio ours / theirs, run by run", ", ".join(f"{r:.2f}x" for r in ratios) +
             f" (median {statistics.median(ratios):.2f}x)")
    cpu = [a / b for a, b in zip(out["cpu"]["ours"], out["cpu"]["pandas_igraph"], strict=True)]
    rep.note(f"(CPU time of all threads, ours {_spread(out['cpu']['ours'])}, theirs "
             f"{_spread(out['cpu']['pandas_igraph'])}: ratio {statistics.median(cpu):.2f}x)")
    rep.line(f"upload: parse_files of one edge list ({out['upload_bytes'] / 2**20:,.1f} MiB)",
             _spread(out["upload_ours"]))
    up = [a / b for a, b in zip(out["upload_ours"], out["upload_pandas_igraph"], strict=True)]
    rep.line("  pandas + igraph on the same bytes", f"{_spread(out['upload_pandas_igraph'])}: ours/theirs "
             + ", ".join(f"{r:.2f}x" for r in up))
    return statistics.median(ratios)


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("which", nargs="*", metavar="|".join(BENCHMARKS), help="benchmarks to run (default: all)")
    args = parser.parse_args(argv)
    unknown = [w for w in args.which if w not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    which = [w for w in ("load", "routes", "first100", "cut") if w in (args.which or BENCHMARKS)]
    DATA.mkdir(parents=True, exist_ok=True)

    import igraph
    import networkx

    import network

    started = perf()
    baseline = measure_baseline()
    rep = Report(baseline)
    print(f"Entanglement Map benchmarks: {', '.join(which)}")
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cpus; network "
          f"{network.__version__}, networkx {networkx.__version__}, igraph {igraph.__version__}")
    print(f"baseline B = {_secs(baseline)} (best of 7 runs of a fixed pure-Python loop in this process)")
    if "load" in which:  # first: the children's ru_maxrss starts from this process's peak (see bench_load)
        bench_load(rep)
    if "routes" in which:
        bench_routes(rep)
        gc.collect()
        bench_routes(rep, "100k-dense", DENSE)
        gc.collect()
    if "first100" in which or "cut" in which:
        _header("loading the ~1M-link graph for first100 and cut")
        ds = _load(rep, "1m", LARGE)
        if "first100" in which:
            bench_first100(rep, ds)
        if "cut" in which:
            bench_cut(rep, ds)
        del ds
        gc.collect()
    _header("summary")
    for target, figure, ok in rep.verdicts:
        word = {True: "MET", False: "MISSED", None: "n/a"}[ok]
        print(f"  {word:<7} {target:<40} {figure}")
    print(f"  total time {perf() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
