"""Story leaves to the view the reader came from, and is not offered over an upload (it is the served data's)."""

from __future__ import annotations

import re

import pytest

from network.ui import callbacks as cb
from network.ui import datasets, ids
from network.ui.app import create_app


@pytest.fixture(scope="module")
def app():
    app = create_app()
    with app.server.app_context():
        yield app


def test_the_story_link_carries_the_view_and_esc_returns_to_it(app):
    query = {"dataset": datasets.DEFAULT_KEY}
    links = cb.update_links(search="?from=ebhs&asof=2016-06-01&lang=es", query=query)
    assert links["story"] == "/present/story?from=ebhs&asof=2016-06-01&lang=es" and links["no_story"] is False
    slides = app.server.test_client().get(links["story"]).get_data(as_text=True)
    exit_url = re.search(r'data-exit="([^"]*)"', slides)
    assert exit_url is not None and exit_url.group(1) == "/?from=ebhs&amp;asof=2016-06-01&amp;lang=es"
    assert '<html lang="es"' in slides


def test_no_story_over_an_upload(app):
    upload = {"dataset": "a" * 64}  # an upload's storage key: the view shows the upload's data
    assert cb.update_links(search="?from=ebhs", query=upload)["no_story"] is True


def test_the_story_link_is_on_every_page_and_hidden_without_a_story(tmp_path):
    (tmp_path / "edges.csv").write_text("source,target\na,b\n")
    page = create_app(tmp_path).layout()
    link = next(c for c in _walk(page) if getattr(c, "id", None) == ids.LINK_STORY)
    assert link.hidden is True


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from _walk(child)
