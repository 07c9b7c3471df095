"""Hearing mode without a browser: stories, slides, the handout (PDF read back), the standalone page."""

from __future__ import annotations

import io
import json
import re

import pytest
from pypdf import PdfReader

import network
from network.errors import ValidationError
from network.handout import build_handout
from network.handout_pdf import handout_pdf
from network.pages import presentation_html, standalone_html
from network.presentation import story_slides, view_slides
from network.story import bundled_story, parse_story, story_json
from network.ui.app import create_app
from network.viewstate import decode, validate

VIEW = "?from=ebhs&asof=2016-06-01"


def state_of(ds, query):
    return validate(ds, decode(query))[0]


def test_the_boston_story_is_sourced_and_every_step_has_routes(boston):
    story = bundled_story(boston)
    assert story is not None and len(story.steps) >= 6
    text = " ".join(s.title + " " + s.caption for s in story.steps)
    for topic in ("2015", "135", "task force", "2019", "2020", "2021"):
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
    assert [s.kind for s in slides] == ["title", "route", "hop", "hop", "hop", "hop", "levers", "timeline"]
    hop = slides[3]
    assert hop.title == "Boston School Police / Office of Safety Services → Boston Regional Intelligence Center (BRIC)"
    assert hop.status == "documented" and hop.sources and hop.figure
    assert any(t.get("name") == "selected route" for t in hop.figure["data"])


def test_without_a_selected_route_each_route_is_a_section(boston):
    slides = view_slides(boston, state_of(boston, VIEW))
    assert sum(s.kind == "route" for s in slides) == 5  # the first five of six routes fit a hearing
    assert slides[1].section == "Route 1 of 5"


def test_presentation_html_escapes_and_embeds(boston):
    html = presentation_html(story_slides(boston, bundled_story(boston)), "<title>", standalone=False)
    assert "<title>&lt;title&gt;</title>" in html
    assert '<script src="/vendor/plotly.min.js"></script>' in html
    assert "https://" not in html.split("<body", 1)[0]
    for block in re.findall(r'<script type="application/json" id="fig-\d+">(.*?)</script>', html, re.S):
        json.loads(block)


def test_the_handout_pdf_has_every_sentence_and_cited_url(boston):
    h = build_handout(boston, state_of(boston, VIEW))
    for paper, pages in (("a4", 4), ("letter", 4)):
        reader = PdfReader(io.BytesIO(handout_pdf(boston, h, paper)))
        assert len(reader.pages) == pages
        text = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))
        for r in h.routes:
            assert re.sub(r"\s+", "", r.sentence) in text
        for _, c in h.sources:
            assert re.sub(r"\s+", "", c.url) in text
        width = float(reader.pages[0].mediabox.width)
        assert round(width) == (595 if paper == "a4" else 612)


def test_handout_numbers_citations_in_order(boston):
    h = build_handout(boston, state_of(boston, VIEW))
    assert [n for n, _ in h.sources] == list(range(1, len(h.sources) + 1))
    assert "[1, 2, 3]" in h.routes[0].sentence


def test_standalone_html_needs_no_server(boston):
    html = standalone_html(boston, state_of(boston, VIEW))
    assert "/vendor/" not in html and "/assets/" not in html
    assert 'src="http' not in html and "<link" not in html
    assert html.count("<script") >= 3  # plotly.js, the figure, and the script that draws it


def test_pages_are_served(boston):
    client = create_app().server.test_client()
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
