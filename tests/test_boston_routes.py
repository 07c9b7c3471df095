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
    assert "from East Boston High School to Boston School Police" in bric.sentence
    assert "Boston Regional Intelligence Center" in bric.sentence and "disputed" in bric.sentence
    gang = by_nodes[THROUGH_GANG_DB]
    assert gang.links_strength == "documented" and gang.strength == "unknown" and gang.possible, \
        "each link is documented, but no source shows a school police report entered in the gang database"
    [at_bric] = [h for h in gang.handoffs if h.at == "bric"]
    assert at_bric.status == "not established" and at_bric.basis == "recorded" and at_bric.sources
    assert gang.sentence.startswith("Possible route. On 1 June 2016, ")
    assert ("Each link is documented, but no source shows that Boston Regional Intelligence Center (BRIC) passed "
            "the incident reports it received on to BPD Gang Assessment Database") in gang.sentence


NOW = "2026-12-01"


def test_over_all_dates_no_route_is_stronger_than_alleged(boston):
    """The newsroom's fact-check: chained links are not a documented flow."""
    rs = network.trace(boston, origins="ebhs", today=NOW)
    assert rs.complete and rs.count >= 1
    for r in rs.routes:
        assert network.STATUSES.index(r.strength) >= network.STATUSES.index("alleged"), r.nodes
        assert len(r.handoffs) == r.length - 1 and all(h.at for h in r.handoffs)
        assert set(r.window.as_dict()) == {"from", "to"}
        assert r.possible == any(h.status == "not established" for h in r.handoffs)
        if r.possible:
            assert r.sentence.startswith("Possible route")


def test_tense_follows_the_window(boston):
    rs = network.trace(boston, origins="ebhs", today=NOW)
    open_now = [r for r in rs.routes if r.open_today]
    assert rs.open_today_count == len(open_now) == 1
    assert rs.describe().startswith(f"{rs.count} routes since ") and rs.describe().endswith("; 1 open today")
    for r in rs.routes:
        if r.open_today:
            assert " can go " in r.sentence and " could go " not in r.sentence
        else:
            assert " could go " in r.sentence and " can go " not in r.sentence
            assert r.window.last is not None, "a closed route says when it closed"
    [today] = network.trace(boston, origins="ebhs", as_of=NOW, today=NOW).routes
    assert today.nodes == open_now[0].nodes and " can go " in today.sentence


def test_no_route_chains_links_that_were_never_open_together():
    """With no date, a link that closed before the next one opened does not make a route; waiting does."""
    from network.model import Dataset, Edge, Node

    nodes = [Node("school"), Node("police"), Node("ice", kind="immigration_enforcement")]
    closed_first = Dataset.build(nodes, [Edge("a", "school", "police", start="2019"),
                                         Edge("b", "police", "ice", end="2018")])
    assert network.trace(closed_first, origins="school").count == 0
    waits = Dataset.build(nodes, [Edge("a", "school", "police", end="2016"),
                                  Edge("b", "police", "ice", start="2018")])
    [route] = network.trace(waits, origins="school", today=NOW).routes
    assert route.window.as_dict() == {"from": "2018-01-01", "to": "2015-12-31"}
    assert not route.open_today and route.sentence.startswith("For a record sent before 2016 and passed on from 2018, ")


def test_the_task_force_routes_close_with_the_liaison(boston):
    for r in network.trace(boston, origins="ebhs").routes:
        if "hsi_task_force" in r.nodes:
            assert r.window.as_dict()["to"] == "2019-09-30" and not r.open_today


def test_the_2015_case_is_an_outcome_not_a_route(boston):
    rs = network.trace(boston, origins="ebhs")
    from network.narrative import route_outcomes

    outcomes = route_outcomes(boston, rs)
    assert any(ev.reached_from == "ebhs" and ev.reached == "ice_ero" and ev.status == "documented"
               for ev in outcomes)
    strengths_without = {r.nodes: r.strength for r in rs.routes}
    assert all(network.STATUSES.index(s) >= network.STATUSES.index("alleged") for s in strengths_without.values())


def test_every_handoff_and_outcome_cites_an_existing_source(boston):
    assert boston.handoffs and all(h.sources for h in boston.handoffs)
    cited = {s for h in boston.handoffs for s in h.sources} | {s for ev in boston.outcomes for s in ev.sources}
    assert cited <= set(boston.sources)


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
        ("2021-10-01", "2021-11-01", ("ebhs", "bsp", "bpd", "ice_hsi")),  # Ordinance 16-63, 20 Oct 2021
        ("2019-12-01", "2020-01-01", THROUGH_BRIC),  # Trust Act amendments, 19 Dec 2019: BPD (BRIC) to ICE's civil side
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
    assert {e.id for e in d.closed} >= {"e_bsp_bpd", "e_bsp_bric", "e_bps_bric"}


def test_removing_the_bric_drops_its_routes(boston):
    with_bric = routes(boston)
    without = routes(boston, without=["Boston Regional Intelligence Center (BRIC)"])
    assert without == {r for r in with_bric if "bric" not in r}
    assert len(without) < len(with_bric)


def test_levers_for_east_boston(boston):
    lv = network.levers(boston, origins="ebhs", as_of="2016-06-01")
    assert lv.verified and lv.routes_complete
    assert lv.node_cut == ["bpd", "bric"]
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
