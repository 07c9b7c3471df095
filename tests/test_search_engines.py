"""The compiled search (network/kernel.py) and the search in Python (network/paths.py) give the same answer.

trace runs the search in Python for small capped queries and the compiled one otherwise; both must list the
same routes in the same order, with the same strength, and stop at the same place under the same cap. The
brute-force checks of tests/test_paths_properties.py cover each through trace; here they are held to each
other on the same random graphs, under every filter, for every cap and length.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_paths_properties import SETTINGS, TODAY, graphs

import network
import network.paths
from network import kernel
from network.query import prepare


@pytest.fixture
def engine():
    """Set trace's search for one test, and put it back."""
    before = network.paths.ENGINE

    def use(name: str) -> None:
        network.paths.ENGINE = name

    yield use
    network.paths.ENGINE = before


def _answer(ds, origins, targets, filters, max_hops, cap):
    rs = network.trace(ds, origins, targets, max_hops=max_hops, max_routes=cap, time_budget=None, today=TODAY,
                       **filters)
    return ([(r.nodes, r.strength, r.open_today) for r in rs.routes], rs.complete, rs.stopped_by,
            rs.complete_lengths)


@SETTINGS
@given(graphs(), st.sampled_from([None, 1, 2, 3, 5, 20]))
def test_both_searches_give_the_same_routes_in_the_same_order(case, cap):
    ds, origins, targets, filters, max_hops = case
    before = network.paths.ENGINE
    try:
        network.paths.ENGINE = "python"
        python = _answer(ds, origins, targets, filters, max_hops, cap)
        network.paths.ENGINE = "kernel"
        compiled = _answer(ds, origins, targets, filters, max_hops, cap)
    finally:
        network.paths.ENGINE = before
    assert compiled == python


@SETTINGS
@given(graphs(), st.integers(1, 8))
def test_the_compiled_search_of_one_length_is_the_python_one(case, length):
    ds, origins, targets, filters, max_hops = case
    q = prepare(ds, origins, targets, max(max_hops, length), filters["statuses"], filters["relations"],
                filters["as_of"], filters["without"], filters["continuous"], TODAY)
    t = kernel.tables(q)
    assert t is not None
    search, late = network.paths.kernel_paths(q, t, length, None, None)
    assert not late
    rows = [search.rows[i, :search.lengths[i] + 1].tolist() for i in range(search.found)]
    python = list(network.paths.search_paths(q, length, None))
    assert rows == [p for p, _ in python]
    # the compiled search ranks a route open today as it stands today, as trace orders it
    assert search.ranks[:search.found].tolist() == [q.steps.today_rank(p, r) for p, r in python]


def test_a_dataset_with_many_carried_names_is_searched_in_python(engine):
    from network.model import Dataset, Edge, Node

    names = [f"thing{i}" for i in range(70)]
    edges = [Edge(f"a{i}", "a", "b", carries=n) for i, n in enumerate(names)] + [Edge("bc", "b", "c", carries="thing1")]
    ds = Dataset.build([Node(x) for x in "abc"], edges)
    q = prepare(ds, "a", "c")
    assert kernel.tables(q) is None
    engine("kernel")
    rs = network.trace(ds, "a", "c", max_routes=None)
    assert [r.nodes for r in rs.routes] == [("a", "b", "c")]
    assert rs.routes[0].handoffs[0].basis == "implied"


@SETTINGS
@given(graphs())
def test_routes_through_each_chokepoint_are_counted_the_same_by_both(case):
    import importlib

    levers = importlib.import_module("network.levers")  # network.levers is also the name of the function
    ds, origins, targets, filters, max_hops = case
    q = prepare(ds, origins, targets, max_hops, filters["statuses"], filters["relations"], filters["as_of"],
                filters["without"], filters["continuous"], TODAY)
    python, n_python = levers._chokepoints_from_routes(ds, q, None, compiled=False)
    compiled, n_compiled = levers._chokepoints_from_routes(ds, q, None, compiled=True)
    assert n_compiled == n_python
    assert sorted((c.kind, c.id, c.routes, c.share) for c in compiled) == \
        sorted((c.kind, c.id, c.routes, c.share) for c in python)
    assert [c.share for c in compiled] == [c.share for c in python]  # the same order, up to ties


@SETTINGS
@given(graphs(), st.sampled_from([None, 3, 20]), st.integers(1, 30))
def test_a_search_that_outgrows_its_python_trial_gives_the_same_answer(case, cap, steps):
    """Before the compiled search has run in a process, trace searches in Python and hands over to it once the
    search takes more than PYTHON_TRIAL_STEPS steps: the answer is the same either way."""
    ds, origins, targets, filters, max_hops = case
    before = (network.paths.ENGINE, network.paths.PYTHON_TRIAL_STEPS, network.paths.PYTHON_ROUTES,
              kernel._READY[0])
    try:
        network.paths.ENGINE = "python"
        python = _answer(ds, origins, targets, filters, max_hops, cap)
        network.paths.ENGINE = "auto"
        network.paths.PYTHON_TRIAL_STEPS, network.paths.PYTHON_ROUTES = steps, 1
        kernel._READY[0] = False
        handed_over = _answer(ds, origins, targets, filters, max_hops, cap)
    finally:
        (network.paths.ENGINE, network.paths.PYTHON_TRIAL_STEPS, network.paths.PYTHON_ROUTES,
         kernel._READY[0]) = before
    assert handed_over == python
