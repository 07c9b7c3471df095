"""Route tracing and cuts against brute force on random small multigraphs (hypothesis).

The reference: networkx's all_simple_paths over the admitted links, keeping paths whose interior holds no
target (a route ends at the first target it reaches), and networkx's maximum flow for the cut sizes. For time
and continuity, a route is written out as its steps (link, handoff, link, ...), each with its options, and
checked the slow way: for each evidence rank, the set of days on which a record could have finished each step
using only options of that rank or stronger (a record may wait between steps).
"""

from __future__ import annotations

import datetime as dt

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import network
import network.paths
from network.model import Dataset, Edge, Handoff, Node
from network.vocabulary import STATUSES

NAMES = [f"n{i}" for i in range(7)]
RELATIONS = ["shares_reports", "accessible_to", "enters_records", "shares_reports", "funds"]  # funds: context
DATES = [("", ""), ("2015", ""), ("", "2018-06"), ("2016-03", "2020"), ("2019-01-01", ""), ("", "2016")]
AS_OF = [None, "2014", "2017-01", "2019-06-15", "2021"]
CARRIES = ["", "", "reports", "entries", "reports;entries", "Reports"]
TODAY = "2019-07-01"


@st.composite
def graphs(draw):
    n = draw(st.integers(3, 7))
    names = NAMES[:n]
    rows = draw(st.lists(
        st.tuples(st.sampled_from(names), st.sampled_from(names), st.sampled_from(STATUSES),
                  st.sampled_from(RELATIONS), st.sampled_from(DATES), st.sampled_from(CARRIES)),
        min_size=8, max_size=30,
    ))
    edges = [
        Edge(f"e{i}", u, v, relation=rel, flow=rel != "funds", status=status, start=start, end=end, carries=carries)
        for i, (u, v, status, rel, (start, end), carries) in enumerate(rows)
    ]
    ends = [*names, "*", "*"]
    handoffs = draw(st.lists(
        st.builds(lambda at, a, b, status, span: Handoff(at, a, b, status, start=span[0], end=span[1]),
                  st.sampled_from(names), st.sampled_from(ends), st.sampled_from(ends), st.sampled_from(STATUSES),
                  st.sampled_from(DATES)),
        max_size=draw(st.sampled_from([0, 0, 4, 10])),
    ))
    ds = Dataset.build([Node(x, x.upper()) for x in names], edges, handoffs=handoffs)
    origins = draw(st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True))
    # origins that are also targets are an edge case worth a few examples, not most of them
    pool = names if draw(st.integers(0, 7)) == 0 else [x for x in names if x not in origins]
    targets = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=2, unique=True))
    def sometimes(strategy):  # each filter is off in most examples, so that most examples have routes
        return draw(st.integers(0, 3)) == 0 and draw(strategy)

    filters = {
        "statuses": sometimes(st.sets(st.sampled_from(STATUSES), min_size=2)) or None,
        "relations": sometimes(st.just({"shares_reports"})) or None,
        "as_of": sometimes(st.sampled_from(AS_OF)) or None,
        "without": sometimes(st.lists(st.sampled_from(names), max_size=1)) or [],
        "continuous": bool(sometimes(st.just(True))),
    }
    max_hops = draw(st.sampled_from([1, 2, 3, 4, 8, 8, 8, 8]))
    return ds, origins, targets, filters, max_hops


def _day(text: str) -> dt.date:
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def admitted(ds: Dataset, filters: dict) -> list[Edge]:
    out = []
    for e in ds.edges:
        if not e.flow or e.source == e.target:
            continue
        if filters["statuses"] is not None and e.status not in filters["statuses"]:
            continue
        if filters["relations"] is not None and e.relation not in filters["relations"]:
            continue
        if filters["as_of"] is not None:
            day = _day(filters["as_of"])
            if (e.start and _day(e.start) > day) or (e.end and _day(e.end) <= day):
                continue
        if e.source in filters["without"] or e.target in filters["without"]:
            continue
        out.append(e)
    return out


# --- time and continuity, the slow way ------------------------------------------------------------------------

FIRST, LAST = dt.date(1, 1, 1), dt.date(9999, 12, 31)


def _open(start: str, end: str, day: dt.date) -> bool:
    return (not start or _day(start) <= day) and (not end or day < _day(end))


def _days(ds: Dataset) -> list[dt.date]:
    """Every day on which something opens or closes, and the first day: a record that can finish a step at
    all can finish it on one of these."""
    marks = {FIRST, LAST}
    for item in (*ds.edges, *ds.handoffs):
        for text in (item.start, item.end):
            if text:
                marks.add(_day(text))
                marks.add(_day(text) - dt.timedelta(days=1))
    return sorted(marks)


def step_options(ds, filters, path) -> list[list[tuple[int, str, str, str]]]:
    """The route's steps, each a list of options (rank, start, end, basis)."""
    edges = admitted(ds, filters)
    rank = {s: i for i, s in enumerate(STATUSES)}
    links = [[(rank[e.status], e.start, e.end, "link") for e in edges if (e.source, e.target) == (a, b)]
             for a, b in zip(path, path[1:], strict=False)]
    assess = bool(ds.handoffs) or any(e.carries for e in ds.edges if e.flow)
    steps = [links[0]]
    for i in range(1, len(path) - 1):
        if assess:
            u, n, v = path[i - 1], path[i], path[i + 1]
            recorded = [h for h in ds.handoffs if h.at == n and h.received_from in ("*", u) and h.passed_to in ("*", v)]
            options = [(rank[h.status], h.start, h.end, "recorded") for h in recorded
                       if (filters["statuses"] is None or h.status in filters["statuses"])
                       and (filters["as_of"] is None or _open(h.start, h.end, _day(filters["as_of"])))
                       and not (filters["continuous"] and h.status == "unknown")]
            if not recorded:
                into = [e for e in edges if (e.source, e.target) == (u, n)]
                out = [e for e in edges if (e.source, e.target) == (n, v)]
                pairs = [max(rank[a.status], rank[b.status]) for a in into for b in out
                         if {x.strip().lower() for x in a.carries.split(";") if x.strip()}
                         & {x.strip().lower() for x in b.carries.split(";") if x.strip()}]
                if pairs:
                    options.append((min(pairs), "", "", "implied"))
            if not filters["continuous"] and (filters["statuses"] is None or "unknown" in filters["statuses"]):
                options.append((5, "", "", "not established"))
            steps.append(options)
        steps.append(links[i])
    return steps


def reference_reading(ds, filters, path) -> tuple[int | None, dt.date | None, dt.date | None, bool]:
    """(strength rank or None when no record could take it, first day a record could finish it, last day one
    could start it, open on TODAY)."""
    steps = step_options(ds, filters, path)
    days = _days(ds)
    timed = filters["as_of"] is None

    def finish_days(max_rank: int) -> list[set[dt.date]]:
        reach = [set(days)]
        for options in steps:
            usable = [o for o in options if o[0] <= max_rank]
            earliest = min(reach[-1], default=None)
            reach.append({d for d in days if earliest is not None and d >= earliest
                          and any(_open(o[1], o[2], d) or not timed for o in usable)}
                         if usable else set())
        return reach

    strength = next((r for r in range(len(STATUSES)) if finish_days(r)[-1]), None)
    if strength is None:
        return None, None, None, False
    today = _day(TODAY)
    open_today = all(any(_open(o[1], o[2], today) for o in options) for options in steps)
    if timed and open_today:  # a route open today is told, and ranked, as it stands today
        strength = max(min(o[0] for o in options if _open(o[1], o[2], today)) for options in steps)
    elif not timed:  # told on its date: open today only if every link, and a strongest handoff, is open today
        open_today = all(
            all(_open(o[1], o[2], today) for o in options) if options[0][3] == "link" else
            any(_open(o[1], o[2], today) for o in options if o[0] == min(x[0] for x in options))
            for options in steps)
    first = min(finish_days(len(STATUSES) - 1)[-1])
    start_days = set(days)
    for options in reversed(steps):
        latest = max(start_days, default=None)
        start_days = {d for d in days if latest is not None and d <= latest
                      and any(_open(o[1], o[2], d) for o in options)}
    return strength, first, max(start_days) if start_days else None, open_today


def reference_routes(ds, origins, targets, filters, max_hops) -> set[tuple[str, ...]]:
    return {p for p in simple_routes(ds, origins, targets, filters, max_hops)
            if reference_reading(ds, filters, p)[0] is not None}


def simple_routes(ds, origins, targets, filters, max_hops) -> set[tuple[str, ...]]:
    G = nx.DiGraph()
    G.add_nodes_from(ds.nodes)
    G.add_edges_from((e.source, e.target) for e in admitted(ds, filters))
    routes: set[tuple[str, ...]] = set()
    for o in origins:
        if o in filters["without"]:
            continue
        for t in targets:
            if t in filters["without"] or t == o:
                continue
            for path in nx.all_simple_paths(G, o, t, cutoff=max_hops):
                if not any(x in targets for x in path[1:-1]):
                    routes.add(tuple(path))
    return routes


def reference_max_flow(ds, origins, targets, filters) -> int:
    G = nx.DiGraph()
    for e in admitted(ds, filters):
        if e.source in targets:
            continue  # a route ends at its first target
        cap = G.edges[e.source, e.target]["capacity"] + 1 if G.has_edge(e.source, e.target) else 1
        G.add_edge(e.source, e.target, capacity=cap)
    for o in origins:
        if o not in filters["without"]:
            G.add_edge("SOURCE", o)
    for t in targets:
        if t not in filters["without"]:
            G.add_edge(t, "SINK")
    if "SOURCE" not in G or "SINK" not in G:
        return 0
    return int(nx.maximum_flow_value(G, "SOURCE", "SINK"))


def reference_node_cut_size(ds, origins, targets, filters) -> int:
    """Fewest institutions (neither origin nor target) on every route, by node splitting and maximum flow."""
    ends = set(origins) | set(targets)
    G = nx.DiGraph()
    for n in ds.nodes:
        G.add_edge(("in", n), ("out", n), **({} if n in ends else {"capacity": 1}))
    for e in admitted(ds, filters):
        if e.source not in targets:
            G.add_edge(("out", e.source), ("in", e.target))
    for o in origins:
        G.add_edge("SOURCE", ("in", o))
    for t in targets:
        G.add_edge(("out", t), "SINK")
    return int(nx.maximum_flow_value(G, "SOURCE", "SINK"))


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _iso(day: dt.date | None) -> str | None:
    return None if day is None or day in (FIRST, LAST) else day.isoformat()


@SETTINGS
@given(graphs())
def test_routes_equal_brute_force(case):
    ds, origins, targets, filters, max_hops = case
    rs = network.trace(ds, origins, targets, max_hops=max_hops, max_routes=None, time_budget=None, today=TODAY,
                       **filters)
    expected = reference_routes(ds, origins, targets, filters, max_hops)
    found = [r.nodes for r in rs.routes]
    assert len(found) == len(set(found)), "a route was listed twice"
    assert set(found) == expected
    assert rs.complete and rs.count == len(expected) <= rs.upper_bound
    keys = [r.sort_key() for r in rs.routes]
    assert keys == sorted(keys), "routes must come shortest first, then strongest, then by label"
    edges = admitted(ds, filters)
    for r in rs.routes:
        for hop in r.hops:
            parallel = [e for e in edges if (e.source, e.target) == (hop.source, hop.target)]
            assert hop.status == min((e.status for e in parallel), key=STATUSES.index)
            assert set(hop.sources) == {s for e in parallel for s in e.sources}
        strength, first, last, open_today = reference_reading(ds, filters, r.nodes)
        assert STATUSES.index(r.links_strength) >= max(STATUSES.index(h.status) for h in r.hops)
        if open_today or filters["as_of"] is not None:
            today = _day(filters["as_of"] or TODAY)
            assert r.links_strength == max((min((e.status for e in edges if (e.source, e.target) ==
                                                 (h.source, h.target) and _open(e.start, e.end, today)),
                                                key=STATUSES.index) for h in r.hops), key=STATUSES.index)
        assert r.strength == STATUSES[strength], "strength is the weakest of the links and the handoffs"
        assert STATUSES.index(r.strength) >= STATUSES.index(r.links_strength)
        assert r.open_today == open_today
        if filters["as_of"] is None:
            assert r.window.as_dict() == {"from": _iso(first), "to": _iso(last)}
        assessed = bool(ds.handoffs) or any(e.carries for e in ds.edges if e.flow)
        assert len(r.handoffs) == (r.length - 1 if assessed else 0)
        if filters["continuous"]:
            assert all(h.established for h in r.handoffs)


@SETTINGS
@given(graphs(), st.integers(1, 4))
def test_a_capped_search_keeps_the_shortest_and_bounds_the_rest(case, cap):
    ds, origins, targets, filters, max_hops = case
    expected = reference_routes(ds, origins, targets, filters, max_hops)
    rs = network.trace(ds, origins, targets, max_hops=max_hops, max_routes=cap, time_budget=None, **filters)
    found = {r.nodes for r in rs.routes}
    assert found <= expected
    assert rs.complete == (len(expected) <= cap)
    assert rs.count == min(cap, len(expected))
    assert rs.count <= len(expected) <= rs.upper_bound
    if not rs.complete:
        longest_kept = max(len(p) for p in found)
        assert all(len(p) >= longest_kept for p in expected - found), "a shorter route was left out"
        _check_lengths_complete(rs, found, expected)


def _check_lengths_complete(rs, found, expected):
    """What a cut search says it covered is true: every route of up to complete_lengths links is listed, and
    none longer than one more."""
    k = rs.complete_lengths
    assert {p for p in expected if len(p) - 1 <= k} <= found
    assert all(len(p) - 1 <= k + 1 for p in found)
    assert f"all routes of up to {k} link" in rs.describe() if k else "no length was searched" in rs.describe()


class _Clock:
    """A clock that moves on by one second each time it is read, so a time budget runs out after a set
    number of looks (the search looks every ``_CHECK_EVERY`` expansions, set to 1 here)."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        self.now += 1.0
        return self.now


@SETTINGS
@given(graphs(), st.integers(1, 40))
def test_a_search_cut_by_its_budget_keeps_the_shortest(case, looks):
    ds, origins, targets, filters, max_hops = case
    expected = reference_routes(ds, origins, targets, filters, max_hops)
    clock, check_every = _Clock(), network.paths._CHECK_EVERY
    real = network.paths.time.perf_counter
    network.paths._CHECK_EVERY = 1
    network.paths.time.perf_counter = clock  # type: ignore[assignment]
    try:
        rs = network.trace(ds, origins, targets, max_hops=max_hops, max_routes=None, time_budget=looks, **filters)
    finally:
        network.paths._CHECK_EVERY = check_every
        network.paths.time.perf_counter = real  # type: ignore[assignment]
    found = {r.nodes for r in rs.routes}
    assert found <= expected
    if rs.complete:
        assert found == expected
    else:
        assert rs.stopped_by == "time_budget"
        _check_lengths_complete(rs, found, expected)


def test_a_search_out_of_time_on_a_complete_graph_keeps_the_shortest():
    """The newsroom's case: 13 institutions all linked; the uncapped search runs out of time."""
    names = [f"k{i}" for i in range(13)]
    ds = Dataset.build([Node(n) for n in names], [Edge(f"{a}-{b}", a, b) for a in names for b in names if a != b])
    rs = network.trace(ds, "k0", "k12", max_routes=None, time_budget=0.2)
    assert not rs.complete and rs.stopped_by == "time_budget"
    nodes = {r.nodes for r in rs.routes}
    assert ("k0", "k12") in nodes
    assert sum(1 for r in rs.routes[:100] if r.length == 2) == 11  # shortest first: the first hundred hold them
    assert rs.complete_lengths >= 2
    assert rs.describe().startswith(f"at least {rs.count:,} routes: all routes of up to {rs.complete_lengths} links")


@SETTINGS
@given(graphs())
def test_cuts_close_every_route_and_are_minimum(case):
    ds, origins, targets, filters, max_hops = case
    filters = {k: v for k, v in filters.items() if k != "continuous"}  # cuts are of links, whatever the handoffs
    lv = network.levers(ds, origins, targets, max_hops=max_hops, time_budget=None, **filters)
    if not lv.routes or set(origins) & set(targets) - set(filters["without"]):
        return
    assert lv.verified
    trace_args = dict(max_hops=max_hops, max_routes=None, time_budget=None, statuses=filters["statuses"],
                      relations=filters["relations"], as_of=filters["as_of"])
    cut = [f"{a}->{b}" for a, b in lv.edge_cut_pairs]
    assert network.trace(ds, origins, targets, without=filters["without"] + cut, **trace_args).count == 0
    if lv.node_cut is not None:
        assert not set(lv.node_cut) & (set(origins) | set(targets))
        assert network.trace(ds, origins, targets, without=filters["without"] + lv.node_cut,
                             **trace_args).count == 0
    direct = any(e.source in origins and e.target in targets for e in admitted(ds, filters))
    assert (lv.node_cut is None) == direct, "no institution cut exists exactly when an origin links to a target"
    if max_hops >= len(ds.nodes) - 1:  # the hop limit does not bind: the cuts must be minimum ones
        assert len(lv.edge_cut) == reference_max_flow(ds, origins, targets, filters)
        if lv.node_cut is not None:
            assert len(lv.node_cut) == reference_node_cut_size(ds, origins, targets, filters)
