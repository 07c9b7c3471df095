"""The routes the Boston ledger supports, and how the policy events of 2019-2021 change them."""

from __future__ import annotations

import pytest

import network

THROUGH_BRIC = ("ebhs", "bsp", "bric", "ice_ero")
THROUGH_GANG_DB = ("ebhs", "bsp", "bric", "gang_db", "ice_ero")
THROUGH_TASK_FORCE = ("ebhs", "bsp", "bpd", "hsi_task_force", "ice_hsi")


def routes(ds, **kwargs) -> set[tuple[str, ...]]:
    rs = network.trace(ds, origins="East Boston High School", max_routes=None, time_budget=None, **kwargs)
    assert rs.complete
    return {r.nodes for r in rs.routes}


def test_every_edge_and_event_cites_an_existing_source(boston):
    assert all(e.sources for e in boston.edges)
    assert all(ev.sources for ev in boston.events)
    cited = {s for e in boston.edges for s in e.sources} | {s for ev in boston.events for s in ev.sources}
    assert cited <= set(boston.sources)


def test_no_person_is_a_node(boston):
    kinds = {n.kind for n in boston.nodes.values()}
    assert "person" not in kinds and "student" not in kinds


def test_ice_access_to_the_bric_is_disputed_never_stronger(boston):
    [edge] = [e for e in boston.flow_edges if (e.source, e.target) == ("bric", "ice_ero")]
    assert edge.status == "disputed"


def test_the_ledger_routes_exist_in_2016(boston):
    found = routes(boston, as_of="2016-06-01")
    assert {THROUGH_BRIC, THROUGH_GANG_DB, THROUGH_TASK_FORCE} <= found


def test_route_strength_and_sentence(boston):
    rs = network.trace(boston, origins="ebhs", as_of="2016-06-01")
    by_nodes = {r.nodes: r for r in rs.routes}
    bric = by_nodes[THROUGH_BRIC]
    assert bric.strength == "disputed"
    assert bric.sentence.startswith("From East Boston High School")
    assert "Boston Regional Intelligence Center" in bric.sentence and "disputed" in bric.sentence
    assert by_nodes[THROUGH_GANG_DB].strength == "documented"


def test_school_police_to_state_police_is_shown_but_leads_nowhere(boston):
    assert any((e.source, e.target) == ("bsp", "msp") for e in boston.flow_edges)
    assert not any("msp" in r for r in routes(boston))


def test_the_commonwealth_fusion_center_gap_is_honest(boston):
    assert not any(e.target == "cfc" for e in boston.flow_edges)
    assert any((e.source, e.target, e.relation) == ("msp", "cfc", "operates") for e in boston.context_edges)


def test_context_edges_required_by_the_ledger(boston):
    context = {(e.source, e.target, e.relation) for e in boston.context_edges}
    assert {("uasi", "oem", "funds"), ("oem", "bric", "funds"), ("bpd", "bric", "operates"),
            ("ice_ero", "dhs", "part_of"), ("ice_hsi", "dhs", "part_of"), ("dhs", "bric", "liaison")} <= context


@pytest.mark.parametrize(
    "before,after,lost",
    [
        ("2019-09-01", "2019-11-01", THROUGH_TASK_FORCE),  # the task-force liaison removed, Oct 2019
        ("2019-12-01", "2020-01-01", ("ebhs", "bsp", "bpd", "ice_ero")),  # Trust Act amendments, 19 Dec 2019
        ("2020-08-01", "2020-09-01", THROUGH_BRIC),  # the BPS information-sharing policy, Aug 2020
        ("2021-10-01", "2021-11-01", ("ebhs", "bsp", "bpd", "ice_hsi")),  # Ordinance 16-63, 20 Oct 2021
    ],
)
def test_policy_events_close_routes(boston, before, after, lost):
    assert lost in routes(boston, as_of=before)
    assert lost not in routes(boston, as_of=after)
    assert routes(boston, as_of=after) < routes(boston, as_of=before)


def test_diff_across_the_ordinance(boston):
    d = network.diff(boston, "2021-09-01", "2022-01-01", origins="ebhs")
    assert ("ebhs", "bsp", "bpd", "ice_hsi") in {r.nodes for r in d.routes_lost}
    assert "Ordinance" in " ".join(ev.title for ev in d.events)
    assert {e.id for e in d.closed} >= {"e_bsp_bpd", "e_bps_bpd"}


def test_removing_the_bric_drops_its_routes(boston):
    with_bric = routes(boston)
    without = routes(boston, without=["Boston Regional Intelligence Center (BRIC)"])
    assert without == {r for r in with_bric if "bric" not in r}
    assert len(without) < len(with_bric)


def test_levers_for_east_boston(boston):
    lv = network.levers(boston, origins="ebhs", as_of="2016-06-01")
    assert lv.verified and lv.routes_complete
    assert lv.node_cut is not None and len(lv.node_cut) == 2
    assert lv.chokepoint_method.startswith("share of all")
    top = lv.chokepoints[0]
    assert top.kind == "institution" and top.share >= 0.5


def test_unknown_reference_suggests_labels(boston):
    with pytest.raises(network.UnknownNodeError, match="East Boston High School"):
        network.trace(boston, origins="East Boston Highschool")


@pytest.mark.parametrize("kwargs", [{"max_hops": 9}, {"max_hops": 0}, {"as_of": "2019-13"}, {"statuses": "sure"},
                                    {"max_routes": 0}, {"time_budget": -1}])
def test_bad_options_raise_query_errors(boston, kwargs):
    with pytest.raises(network.NetworkDataError):
        network.trace(boston, origins="ebhs", **kwargs)
