"""Route tracing and cuts against brute force on random small multigraphs (hypothesis).

The reference: networkx's all_simple_paths over the admitted links, keeping paths whose interior holds no
target (a route ends at the first target it reaches), and networkx's maximum flow for the cut sizes.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import network
from network.model import STATUSES, Dataset, Edge, Node

NAMES = [f"n{i}" for i in range(7)]
RELATIONS = ["shares_reports", "accessible_to", "enters_records", "shares_reports", "funds"]  # funds: context
DATES = [("", ""), ("2015", ""), ("", "2018-06"), ("2016-03", "2020"), ("2019-01-01", "")]
AS_OF = [None, "2014", "2017-01", "2019-06-15", "2021"]


@st.composite
def graphs(draw):
    n = draw(st.integers(3, 7))
    names = NAMES[:n]
    rows = draw(st.lists(
        st.tuples(st.sampled_from(names), st.sampled_from(names), st.sampled_from(STATUSES),
                  st.sampled_from(RELATIONS), st.sampled_from(DATES)),
        min_size=8, max_size=30,
    ))
    edges = [
        Edge(f"e{i}", u, v, relation=rel, flow=rel != "funds", status=status, start=start, end=end)
        for i, (u, v, status, rel, (start, end)) in enumerate(rows)
    ]
    ds = Dataset.build([Node(x, x.upper()) for x in names], edges)
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


def reference_routes(ds, origins, targets, filters, max_hops) -> set[tuple[str, ...]]:
    G = nx.DiGraph()
    G.add_nodes_from(ds.nodes)
    G.add_edges_from((e.source, e.target) for e in admitted(ds, filters))
    routes = set()
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


@SETTINGS
@given(graphs())
def test_routes_equal_brute_force(case):
    ds, origins, targets, filters, max_hops = case
    rs = network.trace(ds, origins, targets, max_hops=max_hops, max_routes=None, time_budget=None, **filters)
    expected = reference_routes(ds, origins, targets, filters, max_hops)
    found = [r.nodes for r in rs.routes]
    assert len(found) == len(set(found)), "a route was listed twice"
    assert set(found) == expected
    assert rs.complete and rs.count == rs.upper_bound == len(expected)
    keys = [r.sort_key() for r in rs.routes]
    assert keys == sorted(keys), "routes must come shortest first, then strongest, then by label"
    edges = admitted(ds, filters)
    for r in rs.routes:
        for hop in r.hops:
            parallel = [e for e in edges if (e.source, e.target) == (hop.source, hop.target)]
            assert hop.status == min((e.status for e in parallel), key=STATUSES.index)
            assert set(hop.sources) == {s for e in parallel for s in e.sources}
        assert r.strength == max((h.status for h in r.hops), key=STATUSES.index)


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


@SETTINGS
@given(graphs())
def test_cuts_close_every_route_and_are_minimum(case):
    ds, origins, targets, filters, max_hops = case
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
