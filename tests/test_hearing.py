"""Hearing mode without a browser: stories, slides, the handout (PDF read back), the standalone page."""

from __future__ import annotations

import io
import json
import re

import pytest
from flask import Flask
from pypdf import PdfReader

import network
from network import handout as handout_module
from network import presentation
from network.errors import ValidationError
from network.handout import build_handout
from network.handout_pdf import handout_pdf
from network.model import Dataset, Edge, Event, Node, Source
from network.narrative import CONTINUITY_NOT_ASSESSED
from network.pages import handout_html, presentation_html, standalone_html
from network.presentation import MAX_ROUTES, story_slides, view_slides
from network.slidefit import Slide, fit
from network.story import bundled_story, parse_story, story_json
from network.ui import datasets, language
from network.ui.routes import register_routes
from network.viewstate import ViewState, decode, validate

VIEW = "?from=ebhs&asof=2016-06-01"
#: The Boston views whose decks must account for every route: over all dates, and as of a date.
BOSTON_VIEWS = ("?from=ebhs", VIEW)


def state_of(ds, query):
    return validate(ds, decode(query))[0]


def routes_of(ds, state):
    return network.trace(ds, max_routes=1000, time_budget=5.0, **state.trace_args())


def fan(n: int) -> Dataset:
    """A bare data set (no handoffs, nothing carried, no dates) with ``n`` two-link routes from a school to ICE,
    and one outcome."""
    middles = [Node(f"m{i:02}", f"Office {i:02}", "police") for i in range(n)]
    edges = [e for i in range(n) for e in (Edge(f"a{i}", "s", f"m{i:02}", status="documented", sources=("S1",)),
                                           Edge(f"b{i}", f"m{i:02}", "i", status="reported", sources=("S2",)))]
    return Dataset.build([Node("s", "A school", "school"), *middles, Node("i", "ICE", "immigration_enforcement")],
                         edges, [Source("S1", "A record", url="https://example.org/1"),
                                 Source("S2", "A report", url="https://example.org/2")],
                         [Event("o", "2016", "A report used in a removal case", sources=("S2",), reached_from="s",
                                reached="i", status="documented")])


def text_of(slides) -> str:
    return " ".join(" ".join([s.section, s.title, *s.lines, *(c.title for c in s.sources)]) for s in slides)


def test_the_boston_story_is_sourced_and_every_step_has_routes(boston):
    story = bundled_story(boston)
    assert story is not None and len(story.steps) >= 6
    text = " ".join(s.title + " " + s.caption for s in story.steps)
    for topic in ("2015", "135", "2019", "2020", "2021"):
        assert topic in text
    for step in story.steps:
        assert step.sources and set(step.sources) <= set(boston.sources)
        assert network.trace(boston, **step.view.trace_args()).count >= 1


def test_a_story_round_trips_and_bad_ones_are_located(boston):
    story = bundled_story(boston)
    again = parse_story(boston, story_json(story).encode())
    assert again.steps == story.steps
    bad = json.dumps({"steps": [{"title": "x", "view": "?from=ebhs", "sources": ["S999"]}, 7]}).encode()
    with pytest.raises(ValidationError) as info:
        parse_story(boston, bad)
    assert [(p.row, p.column) for p in info.value.errors] == [(1, "sources"), (2, "")]
    with pytest.raises(ValidationError):
        parse_story(boston, b"[" * 100_000)


def test_view_slides_walk_the_route_hop_by_hop(boston):
    state = state_of(boston, VIEW + "&route=ebhs>bsp>bric>gang_db>ice_ero")
    slides = view_slides(boston, state)
    kinds = [s.kind for s in slides if not s.continued and s.kind != "outcomes"]
    assert kinds == ["title", "route", "hop", "hop", "hop", "hop", "levers", "timeline"]
    hop = next(s for s in slides if s.kind == "hop" and s.section.startswith("The route, step 2"))
    assert hop.title == "Boston School Police / Office of Safety Services → Boston Regional Intelligence Center (BRIC)"
    assert hop.status == "documented" and hop.sources and hop.figure
    assert any(t.get("name") == "selected route" for t in hop.figure["data"])
    assert "the other" in slides[0].lines[2] and "in the handout" in slides[0].lines[2]  # where the rest are


@pytest.mark.parametrize("query", BOSTON_VIEWS)
def test_the_deck_accounts_for_every_route(boston, query):
    state = state_of(boston, query)
    rs = routes_of(boston, state)
    slides = view_slides(boston, state)
    overviews = [s for s in slides if s.kind == "route" and not s.continued]
    more = [s for s in slides if s.kind == "more"]
    assert rs.count >= 1
    assert len(overviews) == min(rs.count, MAX_ROUTES)
    assert len(overviews) + (int(more[0].title.split()[0]) if more else 0) == rs.count
    assert [s.section.split(" · ")[0] for s in overviews] == [f"Route {i} of {len(overviews)}"
                                                             for i in range(1, len(overviews) + 1)]
    title = " ".join(slides[0].lines)
    described = rs.describe()
    assert described[:1].upper() + described[1:] + "." in title
    assert f"These slides show all {rs.count}." in title if rs.count <= MAX_ROUTES else "more" in title
    if rs.over_all_dates:
        assert "open today" in described
    for s, r in zip(overviews, rs.routes, strict=False):  # each route's strength, weakest link, time, sentence
        body = " ".join(x for part in slides if part.title == s.title and part.kind == "route" for x in part.lines)
        assert f"Strength: {r.strength} (" in body and f"weakest link: {r.links_strength}" in body
        assert ("a possible route" in body) == r.possible and ("possible route" in s.tags) == r.possible
        if rs.over_all_dates:
            assert ("Open today" in body) == r.open_today and ("Closed today" in body) == (not r.open_today)
        words = [w for w in body.split() if w != "…"]
        assert " ".join(r.sentence.split()) in " ".join(words)  # the whole sentence, over its slides


def test_the_outcomes_are_shown_beside_the_routes(boston):
    slides = view_slides(boston, state_of(boston, "?from=ebhs"))
    outcomes = [s for s in slides if s.kind == "outcomes"]
    if boston.outcomes:
        assert outcomes and "which route it took is not established" in text_of(outcomes)
        assert slides.index(outcomes[0]) == 1  # right after the title, before any route


def test_past_the_limit_one_slide_says_how_many_more_and_where(monkeypatch):
    ds = fan(MAX_ROUTES + 3)
    slides = view_slides(ds, ViewState(origins=("s",), targets=("i",)))
    assert sum(s.kind == "route" and not s.continued for s in slides) == MAX_ROUTES
    more = [s for s in slides if s.kind == "more"]
    assert len(more) == 1 and more[0].title == "3 more routes" and "handout" in " ".join(more[0].lines)
    title = " ".join(slides[0].lines)
    assert f"{MAX_ROUTES + 3} routes" in title and f"first {MAX_ROUTES}; 3 more routes are in the handout." in title
    assert CONTINUITY_NOT_ASSESSED in title  # said once, on the title slide
    assert text_of(slides).count(CONTINUITY_NOT_ASSESSED) == 1
    route = next(s for s in slides if s.kind == "route")
    assert "continuity not assessed" in route.lines[0]
    assert any(s.kind == "outcomes" for s in slides)
    # a cut search says so in the words of describe
    real = presentation.trace
    monkeypatch.setattr(presentation, "trace", lambda ds, **kw: real(ds, **(kw | {"max_routes": 5})))
    title = " ".join(view_slides(ds, ViewState(origins=("s",), targets=("i",)))[0].lines)
    assert "At least 5 routes: " in title and "(the route cap was reached)" in title and "search was cut" in title


def test_fit_continues_long_text_on_slides_with_the_same_title():
    caption = " ".join(f"word{i}." if i % 17 == 16 else f"word{i}" for i in range(700))
    parts = fit(Slide("step", "A long step", [caption], sources=[presentation.Citation("S", "", "")],
                      figure={"data": []}, section="Step 2 of 5"))
    assert len(parts) >= 2
    assert {p.title for p in parts} == {"A long step"}
    assert [p.section for p in parts] == [f"Step 2 of 5 · ({1} of {len(parts)})"] + [
        f"Step 2 of 5 · continued ({i} of {len(parts)})" for i in range(2, len(parts) + 1)]
    assert parts[0].figure and parts[0].sources and not any(p.figure or p.sources for p in parts[1:])
    words = [w for p in parts for line in p.lines for w in line.split() if w != "…"]
    assert words == caption.split()  # nothing lost, nothing repeated, in order
    short = fit(Slide("step", "Short", ["A caption of a few words."]))
    assert len(short) == 1 and short[0].section == "" and short[0].sizes == (32, 24)


def test_every_story_caption_is_shown_whole(boston):
    story = bundled_story(boston)
    slides = story_slides(boston, story)
    for step in story.steps:
        parts = [s for s in slides if s.kind == "step" and s.title == step.title]
        words = [w for p in parts for line in p.lines for w in line.split() if w != "…"]
        assert words == step.caption.split()


def test_presentation_html_escapes_and_embeds(boston):
    html = presentation_html(story_slides(boston, bundled_story(boston)), "<title>", standalone=False)
    assert "<title>&lt;title&gt;</title>" in html
    assert '<script src="/vendor/plotly.min.js"></script>' in html
    assert "https://" not in html.split("<body", 1)[0]
    for block in re.findall(r'<script type="application/json" id="fig-\d+">(.*?)</script>', html, re.S):
        json.loads(block)


@pytest.mark.parametrize("query", BOSTON_VIEWS)
def test_the_handout_lists_every_route_with_its_strength(boston, query):
    state = state_of(boston, query)
    rs = routes_of(boston, state)
    h = build_handout(boston, state)
    assert len(h.routes) == h.found == rs.count and h.omitted == 0
    assert f"All {rs.count} are listed below." in h.omitted_note and h.more_note == ""
    described = rs.describe()
    assert h.summary == described[:1].upper() + described[1:] + "."
    for hr, r in zip(h.routes, rs.routes, strict=True):
        assert hr.strength == r.strength and hr.links_strength == r.links_strength and hr.possible == r.possible
        assert f"weakest link: {r.links_strength}" in hr.strength_text
        assert ("possible route" in hr.tags) == r.possible
        if rs.over_all_dates:
            assert ("closed today" in hr.tags) == (not r.open_today)
        if r.handoffs:
            assert hr.handoffs.startswith("Handoffs: at ")
    from network.narrative import route_outcomes

    shown = route_outcomes(boston, rs)  # outcomes dated after the view's date are left out
    assert len(h.outcomes) == len(shown) and all("not established" in o for o in h.outcomes)
    if boston.outcomes and not state.as_of:
        assert h.outcomes


def test_handout_numbers_citations_in_order_and_cites_handoffs(boston):
    h = build_handout(boston, state_of(boston, "?from=ebhs"))
    assert [n for n, _ in h.sources] == list(range(1, len(h.sources) + 1))
    text = " ".join([*h.outcomes, *(x for r in h.routes for x in (r.sentence, r.handoffs))])
    cited = [int(n) for group in re.findall(r"\[([\d, ]+)\]", text) for n in group.split(", ")]
    assert list(dict.fromkeys(cited)) == list(range(1, len(h.sources) + 1))  # numbered in order of first use
    numbered = {c.url for _, c in h.sources}
    for r in h.routes:  # every handoff source has its number in the list
        for step in r.route.handoffs:
            for sid in step.sources:
                assert boston.sources[sid].url in numbered


def test_the_handout_says_how_many_routes_are_left_out(monkeypatch):
    ds = fan(12)
    monkeypatch.setattr(handout_module, "MAX_HANDOUT_ROUTES", 5)
    h = build_handout(ds, ViewState(origins=("s",), targets=("i",)))
    assert len(h.routes) == 5 and h.omitted == 7 and h.found == 12
    assert "The first 5 are listed below; 7 more are left out" in h.omitted_note
    assert "entangle paths" in h.omitted_note and h.more_note.startswith("7 more routes are left out here")
    assert h.continuity_note == CONTINUITY_NOT_ASSESSED
    for page in (handout_html(ds, ViewState(origins=("s",), targets=("i",))),
                 standalone_html(ds, ViewState(origins=("s",), targets=("i",)))):
        assert "7 more are left out" in page and "7 more routes are left out here" in page
        assert CONTINUITY_NOT_ASSESSED in page
        assert "What the sources say arrived" in page and page.count('<li value="') == 5 + 2  # routes, sources
    pdf = PdfReader(io.BytesIO(handout_pdf(ds, h)))
    text = re.sub(r"\s+", " ", "".join(p.extract_text() for p in pdf.pages))
    assert "7 more are left out" in text and "7 more routes are left out here" in text


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("query", BOSTON_VIEWS)
def test_the_handout_pdf_has_every_sentence_and_cited_url(boston, query):
    h = build_handout(boston, state_of(boston, query))
    for paper in ("a4", "letter"):
        reader = PdfReader(io.BytesIO(handout_pdf(boston, h, paper)))
        # eight long routes, the outcomes, the map and some 40 sources: about six pages, never one per route
        assert 3 <= len(reader.pages) <= 12
        text = squeeze("".join(p.extract_text() for p in reader.pages))
        for r in h.routes:
            assert squeeze(r.sentence) in text and squeeze(r.strength_text) in text
            assert squeeze(r.handoffs) in text
        for o in h.outcomes:
            assert squeeze(o) in text
        for _, c in h.sources:
            assert squeeze(c.url) in text
        assert squeeze(h.omitted_note) in text
        width = float(reader.pages[0].mediabox.width)
        assert round(width) == (595 if paper == "a4" else 612)


def test_standalone_html_needs_no_server(boston):
    html = standalone_html(boston, state_of(boston, VIEW))
    h = build_handout(boston, state_of(boston, VIEW))
    assert html.count('class="sentence"') == len(h.routes) == h.found  # every route, each with its sentence
    assert h.omitted_note in html
    assert "/vendor/" not in html and "/assets/" not in html
    assert 'src="http' not in html and "<link" not in html
    assert html.count("<script") >= 3  # plotly.js, the figure, and the script that draws it


def pages_client(ds):
    """The hearing pages on a bare Flask server. Not a Dash app: the first Dash app to answer a request takes
    the callbacks registered at import, so one made here would leave none for the browser tests' server."""
    server = Flask(__name__)
    datasets.install(server, ds)  # the pages find the data set on the app that serves them
    language.install(server)  # and speak the request's language, as the app's server does
    register_routes(server)
    return server.test_client()


def test_pages_are_served(boston):
    client = pages_client(boston)
    assert client.get("/present" + VIEW).status_code == 200
    assert "Step 1 of" in client.get("/present/story").get_data(as_text=True)
    page = client.get("/handout" + VIEW + "&paper=letter").get_data(as_text=True)
    assert "size: letter" in page
    pdf = client.get("/handout.pdf" + VIEW)
    assert pdf.data[:5] == b"%PDF-" and "attachment" in pdf.headers["Content-Disposition"]
    assert client.get("/export.html" + VIEW).status_code == 200
    assert client.get("/vendor/plotly.min.js").status_code == 200
    bad = client.post("/present/story", data={"story": "{not json"})
    assert bad.status_code == 400 and "Traceback" not in bad.get_data(as_text=True)
    forged = client.get("/present?from=<script>&hops=-1&asof=soon")
    assert forged.status_code == 200 and "<script>alert" not in forged.get_data(as_text=True)
