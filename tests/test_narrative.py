"""Route sentences read as English on any data: Boston, a bare edge list, and the relation words other tools
write (Gephi's Type column, Cytoscape's interaction), with tense and continuity in their own slots."""

from __future__ import annotations

import json
import re

import pytest

import network
from network.io import parse_file

BAD = [re.compile(p) for p in (r"\w+ed \w* ?can reach", r" to can ", r"_", r"\bcan can\b", r"  ")]


def sentences(ds, **kwargs) -> list[str]:
    rs = network.trace(ds, max_routes=None, time_budget=None, **kwargs)
    assert rs.count, "the fixture must have routes"
    return [r.sentence for r in rs.routes]


def assert_english(sentence: str, labels: list[str]) -> None:
    assert sentence[0].isupper() and sentence.endswith("."), sentence
    for pattern in BAD:
        assert not pattern.search(sentence), (pattern.pattern, sentence)
    positions = [sentence.find(label) for label in labels]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), (labels, sentence)


def test_boston_sentences(boston):
    rs = network.trace(boston, origins="ebhs")
    for r in rs.routes:
        assert_english(r.sentence, list(r.labels))
        assert " go " in r.sentence  # what moves is the subject of its own verb, never a pasted relation


def test_a_bare_edge_list():
    ds = parse_file("links.csv", b"source,target\nSchool,Police\nPolice,Fusion center\nFusion center,ICE\n")
    [sentence] = sentences(ds, origins="School", targets="ICE")
    assert sentence == ("Information can go from School to Police (evidence not stated; no source cited), then on "
                        "to Fusion center (evidence not stated; no source cited), then on to ICE (evidence not "
                        "stated; no source cited).")
    ds = parse_file("links.csv", b"source,target,status,sources\nSchool,ICE,reported,S1\n")
    assert sentences(ds, origins="School", targets="ICE") == [
        "Information can go from School to ICE (reported in the news; S1)."]


def test_gephi_type_column_is_not_read_as_a_relation_in_words():
    ds = parse_file("edges.csv", b"Source,Target,Type,Id,Label,Weight\nA,B,Directed,0,,1\nB,C,Directed,1,,1\n")
    [sentence] = sentences(ds, origins="A", targets="C")
    assert "Directed" not in sentence and sentence.startswith("Information can go from A to B")


@pytest.mark.parametrize("relation", ["accessible_to", "pp", "Collaboration 2019"])
def test_relation_names_of_other_tools_go_in_a_slot_of_their_own(relation):
    ds = parse_file("e.csv", f"source,target,relation\nSchool,Police,{relation}\nPolice,ICE,{relation}\n".encode())
    [sentence] = sentences(ds, origins="School", targets="ICE")
    words = relation.replace("_", " ").lower()
    assert sentence.startswith(f"Information can go from School to Police (“{words}”; evidence not stated")
    assert f"then on to ICE (“{words}”; evidence not stated" in sentence
    assert_english(sentence, ["School", "Police", "ICE"])


def test_a_known_relation_says_what_moves():
    ds = parse_file("e.csv", b"source,target,relation\nSchool,Police,reports incidents\nPolice,ICE,shares_reports\n")
    [sentence] = sentences(ds, origins="School", targets="ICE")
    assert sentence.startswith("Incident reports can go from School to Police")
    assert "then reports can go on to ICE" in sentence


def test_cytoscape_interactions_and_carries():
    elements = [
        {"data": {"id": "s", "name": "A school"}}, {"data": {"id": "p", "name": "School police"}},
        {"data": {"id": "i", "name": "ICE"}},
        {"data": {"source": "s", "target": "p", "interaction": "writes up", "carries": "incident reports"}},
        {"data": {"source": "p", "target": "i", "interaction": "pd", "carries": "incident reports"}},
    ]
    ds = parse_file("graph.json", json.dumps(elements).encode())
    [sentence] = sentences(ds, origins="s", targets="i")
    assert sentence.startswith("Incident reports can go from A school to School police")
    assert "then on to ICE (“pd”; evidence not stated" in sentence
    assert_english(sentence, ["A school", "School police", "ICE"])


def test_what_is_not_shown_is_said():
    ds = parse_file("e.csv", b"source,target,carries,status\nSchool,Police,incident reports,documented\n"
                             b"Police,Database,database entries,documented\nDatabase,ICE,database entries,documented\n")
    [route] = network.trace(ds, origins="School", targets="ICE").routes
    assert route.links_strength == "documented" and route.strength == "unknown" and route.possible
    assert route.sentence.startswith("Possible route: incident reports can go from School to Police")
    assert ("Each link is documented, but no source shows that Police passes the incident reports it receives "
            "on to Database.") in route.sentence
    assert "Database passes" not in route.sentence  # both links there carry database entries: implied
    [police, database] = route.handoffs
    assert (police.status, police.basis) == ("not established", "not established")
    assert (database.status, database.basis) == ("documented", "implied")


def test_a_recorded_handoff_states_its_own_claim_and_keeps_it_through_every_format():
    from network.io import dataset_bytes, parse_files

    ds = parse_files({
        "edges.csv": b"source,target,carries,status\nS,P,reports,documented\nP,D,entries,documented\n"
                     b"D,I,entries,documented\n",
        "handoffs.csv": b"at,from,to,status,claim\nP,*,D,alleged,police notes were among the entries\n",
    })
    [route] = network.trace(ds, origins="S", targets="I").routes
    assert route.strength == "alleged" and route.handoffs[0].claim == "police notes were among the entries"
    assert route.sentence.endswith("Each link is documented, but it is alleged that police notes were among the "
                                   "entries (no source cited).")
    for fmt, name in (("zip", "d.zip"), ("graphml", "d.graphml"), ("gexf", "d.gexf"), ("json", "d.json")):
        back = parse_file(name, dataset_bytes(ds, fmt))
        assert back.handoffs == ds.handoffs, fmt


def test_permissions_told_as_permissions_and_outcomes_only_once_they_happened():
    from network.io import parse_files
    from network.narrative import route_outcomes

    ds = parse_files({
        "edges.csv": b"source,target,relation,status\nS,P,shares,documented\nP,I,cooperation_permitted,acknowledged\n",
        "events.csv": b"id,date,title,from,to,status\nev,2016,A report reaches ICE,S,I,documented\n",
    })
    [route] = network.trace(ds, origins="S", targets="I").routes
    assert "then information may go on to I (“cooperation permitted”; acknowledged" in route.sentence
    assert [ev.id for ev in route_outcomes(ds, network.trace(ds, origins="S", targets="I"))] == ["ev"]
    assert route_outcomes(ds, network.trace(ds, origins="S", targets="I", as_of="2016-06-01")) == []
    assert len(route_outcomes(ds, network.trace(ds, origins="S", targets="I", as_of="2017-01-01"))) == 1
