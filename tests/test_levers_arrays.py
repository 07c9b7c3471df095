"""The parts of levers done on arrays agree with igraph and networkx on random graphs.

Betweenness from a few sources to a few targets, by Brandes' method on arrays (network/levers.py), equals
igraph's betweenness and edge_betweenness with the same sources and targets; the reverse and forward breadth-first
searches of the flow index equal networkx's shortest path lengths.
"""

from __future__ import annotations

import importlib
from collections import deque

import igraph as ig
import networkx as nx
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import network
from network.model import Dataset, Edge, Node
from network.query import prepare

levers = importlib.import_module("network.levers")  # network.levers is also the name of the function


@st.composite
def digraphs(draw):
    n = draw(st.integers(2, 12))
    arcs = sorted(set(draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=40))))
    arcs = [(a, b) for a, b in arcs if a != b]
    sources = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=3, unique=True))
    targets = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=3, unique=True))
    return n, arcs, sorted(sources), sorted(targets)


@settings(max_examples=300, deadline=None)
@given(digraphs())
def test_betweenness_on_arrays_is_igraphs(case):
    n, arcs, sources, targets = case
    tails = np.array([a for a, _ in arcs], dtype=np.int64)
    heads = np.array([b for _, b in arcs], dtype=np.int64)
    node_b, edge_b = levers._betweenness(n, tails, heads, sources, targets)
    g = ig.Graph(n=n, edges=arcs, directed=True)
    assert np.allclose(node_b, g.betweenness(directed=True, sources=sources, targets=targets))
    assert np.allclose(edge_b, g.edge_betweenness(directed=True, sources=sources, targets=targets))


@settings(max_examples=200, deadline=None)
@given(digraphs(), st.integers(1, 8))
def test_distances_and_depths_on_arrays_are_networkxs(case, max_hops):
    n, arcs, sources, targets = case
    names = [f"n{i}" for i in range(n)]
    ds = Dataset.build([Node(x) for x in names], [Edge(f"e{i}", names[a], names[b]) for i, (a, b) in enumerate(arcs)])
    q = prepare(ds, [names[s] for s in sources], [names[t] for t in targets], max_hops)
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    G.add_edges_from(arcs)
    back = nx.multi_source_dijkstra_path_length(G.reverse(), set(targets))
    assert q.dist == [back.get(i, network.flowindex.UNREACHABLE) if back.get(i, 99) <= 8 else
                      network.flowindex.UNREACHABLE for i in range(n)]
    # forward: fewest hops from the origins, not past a target (an origin that is one still starts routes), to
    # nodes still on a route of at most max_hops: breadth-first, as the index did it in Python
    depth: dict[int, int] = {}
    queue = deque()
    for o in sources:
        if q.dist[o] <= max_hops and o not in depth:
            depth[o] = 0
            queue.append(o)
    while queue:
        x = queue.popleft()
        if x in targets and depth[x] > 0:
            continue
        for y in sorted(G.successors(x)):
            if y not in depth and depth[x] + 1 + q.dist[y] <= max_hops:
                depth[y] = depth[x] + 1
                queue.append(y)
    assert q.index.forward_depths(q.origins, q.targets, q.dist, max_hops) == depth


def test_the_cache_does_not_keep_a_data_set_alive():
    """The index cache is keyed by the data set, weakly: an upload the server lets go of is freed, index and all."""
    import gc
    import weakref

    ds = Dataset.build([Node("a"), Node("b")], [Edge("e", "a", "b")])
    assert network.trace(ds, "a", "b").count == 1
    assert network.levers(ds, "a", "b").verified
    gone = weakref.ref(ds)
    del ds
    gc.collect()
    assert gone() is None
