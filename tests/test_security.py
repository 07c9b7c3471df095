"""Security headers on every kind of response, what may embed the app, pages with no inline script, no Plotly
cloud, and labels escaped exactly once (Flask's test client and the page builders; no browser)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from dash import _callback, dcc
from flask import Flask

import network
from network.figures import PLOTLY_CONFIG, MapSelection, network_figure
from network.model import Dataset, Edge, Node
from network.pages import ICON_HREF, handout_html, presentation_html, script_hash, standalone_html
from network.presentation import view_slides
from network.resources import ASSETS
from network.ui import security
from network.ui.app import create_app
from network.ui.page import build_layout
from network.viewstate import ViewState, decode, validate

VIEW = "?from=ebhs&asof=2016-06-01&route=ebhs%3Ebsp%3Ebric%3Egang_db%3Eice_ero"


@pytest.fixture(scope="module")
def app():
    """The app as ``create_app`` makes it. The first Dash app to answer a request takes the callbacks registered
    at import (Dash keeps them in module globals); they are put back afterwards for the apps made later."""
    saved = (list(_callback.GLOBAL_CALLBACK_LIST), dict(_callback.GLOBAL_CALLBACK_MAP),
             list(_callback.GLOBAL_INLINE_SCRIPTS))
    yield create_app()
    _callback.GLOBAL_CALLBACK_LIST[:] = saved[0]
    _callback.GLOBAL_CALLBACK_MAP.clear()
    _callback.GLOBAL_CALLBACK_MAP.update(saved[1])
    _callback.GLOBAL_INLINE_SCRIPTS[:] = saved[2]


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


class Scripts(HTMLParser):
    """The scripts, the attributes and the CSP <meta> of a page (a script in an HTML comment is no script)."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.meta_csp: str | None = None
        self.first_tag_after_meta = ""
        self._open: dict[str, str | None] | None = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.attrs += [(tag, name, value) for name, value in attrs]
        found = dict(attrs)
        if tag == "meta" and (found.get("http-equiv") or "").lower() == "content-security-policy":
            self.meta_csp = found.get("content")
        elif self.meta_csp is not None and not self.first_tag_after_meta and tag in ("script", "style", "link"):
            self.first_tag_after_meta = tag
        if tag == "script":
            self._open = found
            self.scripts.append((found, ""))

    def handle_data(self, data):
        if self._open is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = None

    def inline(self) -> list[str]:
        """The text of every inline script a browser would run (not a JSON data block, not an external one)."""
        return [text for attrs, text in self.scripts if "src" not in attrs
                and (attrs.get("type") or "text/javascript").lower() in ("text/javascript", "application/javascript",
                                                                         "module")]


def _directive(policy: str, name: str) -> list[str]:
    for directive in policy.split(";"):
        words = directive.split()
        if words and words[0] == name:
            return words[1:]
    raise AssertionError(f"no {name} in {policy!r}")


def _responses(client) -> dict[str, Any]:
    index = client.get("/").get_data(as_text=True)
    suite = re.search(r'src="(/_dash-component-suites/[^"]+)"', index)
    assert suite, "no component script in the index page"
    responses = {
        "explorer": client.get("/" + VIEW),
        "dash layout": client.get("/_dash-layout"),
        "dash dependencies": client.get("/_dash-dependencies"),
        "dash callback": client.post("/_dash-update-component", json={}),
        "dash component script": client.get(suite.group(1)),
        "dash favicon": client.get("/_favicon.ico"),
        "asset": client.get("/assets/style.css"),
        "page script": client.get("/assets/figures.js"),
        "plotly.js": client.get("/vendor/plotly.min.js"),
        "slides": client.get("/present" + VIEW),
        "story slides": client.get("/present/story"),
        "bad story": client.post("/present/story", data={"story": "{not json"}),
        "handout": client.get("/handout" + VIEW),
        "letter handout": client.get("/handout" + VIEW + "&paper=letter"),
        "handout pdf": client.get("/handout.pdf" + VIEW),
        "standalone download": client.post("/export.html" + VIEW, data={"dataset": ""}),
        "not found": client.get("/assets/no-such-file.css"),
    }
    for response in responses.values():
        response.close()  # a file sent from disk stays open until its response is closed; the headers stay
    return responses


def test_every_kind_of_response_carries_the_headers(app, client):
    expected = security.content_security_policy(app.csp_hashes())
    responses = _responses(client)
    assert responses["not found"].status_code == 404 and responses["bad story"].status_code == 400
    assert responses["handout pdf"].headers["Content-Disposition"].startswith("attachment")
    assert responses["standalone download"].headers["Content-Disposition"].startswith("attachment")
    for name, response in responses.items():
        headers = response.headers
        assert headers["Content-Security-Policy"] == expected, name
        assert headers["X-Content-Type-Options"] == "nosniff", name
        assert headers["Referrer-Policy"] == "same-origin", name
        assert headers["X-Frame-Options"] == "DENY", name
    script_src = _directive(expected, "script-src")
    assert script_src[0] == "'self'" and all(s.startswith("'sha256-") for s in script_src[1:])
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in expected
    assert _directive(expected, "frame-ancestors") == ["'none'"] and _directive(expected, "object-src") == ["'none'"]


def test_every_inline_script_of_the_explorer_is_allowed_by_its_hash(client):
    page = Scripts(client.get("/").get_data(as_text=True))
    allowed = _directive(client.get("/").headers["Content-Security-Policy"], "script-src")
    inline = page.inline()
    assert inline, "Dash writes its renderer inline: found none"
    for text in inline:
        assert script_hash(text) in allowed, text[:80]


@pytest.mark.parametrize("path", ["/present" + VIEW, "/present/story", "/handout" + VIEW,
                                  "/handout" + VIEW + "&paper=letter"])
def test_our_pages_have_no_inline_script_or_handler(client, path):
    page = Scripts(client.get(path).get_data(as_text=True))
    assert page.inline() == []
    assert {attrs.get("type") for attrs, _ in page.scripts if "src" not in attrs} == {"application/json"}
    assert [(tag, name) for tag, name, _ in page.attrs if name.startswith("on")] == []
    assert [v for _, name, v in page.attrs if name in ("href", "src", "action") and "javascript:" in (v or "")] == []


def test_a_standalone_page_allows_exactly_its_own_scripts(boston):
    state = validate(boston, decode(VIEW))[0]
    for html in (standalone_html(boston, state), presentation_html(view_slides(boston, state), "Slides",
                                                                   standalone=True)):
        page = Scripts(html)
        assert page.meta_csp and page.first_tag_after_meta in ("style", "script")  # before what it governs
        hashes = _directive(page.meta_csp, "script-src")
        assert sorted(hashes) == sorted(script_hash(text) for text in page.inline()) and len(hashes) == 2
        assert _directive(page.meta_csp, "default-src") == ["'none'"] and "'unsafe-eval'" not in page.meta_csp


def test_frame_ancestors_name_the_sites_allowed_to_embed():
    server = Flask(__name__)
    server.get("/")(lambda: "page")
    security.install(server, ["https://News.Example.org/", "http://localhost:8050", "'self'"])
    headers = server.test_client().get("/").headers
    policy = headers["Content-Security-Policy"]
    assert _directive(policy, "frame-ancestors") == ["https://news.example.org", "http://localhost:8050", "'self'"]
    assert _directive(policy, "script-src") == ["'self'"]  # no Dash app here, so no inline script to allow
    assert "X-Frame-Options" not in headers  # it would overrule the list
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_create_app_takes_the_sites_allowed_to_embed(app):
    other = create_app(frame_ancestors=["https://newsroom.example.com"])
    policy = other.server.test_client().get("/_dash-layout").headers["Content-Security-Policy"]
    assert _directive(policy, "frame-ancestors") == ["https://newsroom.example.com"]
    with pytest.raises(ValueError, match="allowed to embed"):
        create_app(frame_ancestors=["https://example.org; script-src 'unsafe-inline'"])


@pytest.mark.parametrize("bad", [
    "https://example.org; script-src *", "https://example.org 'unsafe-inline'", "https://a.org,https://b.org",
    "https://a.org\r\nSet-Cookie: x=1", "https://a.org\n", " https://a.org", "*", "https://*.example.org",
    "https://example.org/embed", "https://example.org?x", "https://example.org#x", "https://user@example.org",
    "https://example.org:99999", "https://example.org:", "https://bücher.example", "javascript:alert(1)",
    "data:", "ftp://example.org", "example.org", "https://", "https://-a.org", "https://a..org", "'none'",
    "'unsafe-inline'", "", None, 42, b"https://example.org",
])
def test_a_bad_site_is_refused(bad):
    with pytest.raises(ValueError, match="allowed to embed"):
        security.allowed_ancestor(bad)
    with pytest.raises(ValueError):
        security.install(Flask(__name__), [bad])


def test_only_hashes_are_taken_as_scripts():
    assert security.content_security_policy(["'sha256-AbC+/9='"]).startswith("default-src 'self'; script-src 'self' "
                                                                             "'sha256-AbC+/9='")
    for bad in ("'unsafe-inline'", "'sha256-x'; frame-ancestors *", "*", "'unsafe-eval'"):
        with pytest.raises(ValueError, match="not a script hash"):
            security.content_security_policy([bad])


# --- No Plotly cloud ------------------------------------------------------------------------------------------

def _components(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from _components(child)


def test_no_map_config_offers_plotly_cloud(boston, client):
    assert PLOTLY_CONFIG["displaylogo"] is False and PLOTLY_CONFIG["showSendToCloud"] is False
    assert PLOTLY_CONFIG["showEditInChartStudio"] is False and PLOTLY_CONFIG["showLink"] is False
    assert PLOTLY_CONFIG["plotlyServerURL"] == "" and PLOTLY_CONFIG["sendData"] is False
    assert {"sendChartToCloud", "sendDataToCloud", "editInChartStudio"} <= set(PLOTLY_CONFIG["modeBarButtonsToRemove"])
    graphs = [c for c in _components(build_layout(boston, "default")) if isinstance(c, dcc.Graph)]
    assert len(graphs) == 2  # the map and the timeline
    for graph in graphs:
        assert PLOTLY_CONFIG.items() <= graph.config.items(), graph.id
    for path, extra in (("/handout" + VIEW, {}), ("/present" + VIEW, {"displayModeBar": False})):
        block = re.search(r'<script type="application/json" id="plotly-config">(.*?)</script>',
                          client.get(path).get_data(as_text=True), re.S)
        assert block and json.loads(block.group(1)) == {**PLOTLY_CONFIG, **extra}, path
    standalone = standalone_html(boston, validate(boston, decode(VIEW))[0])
    assert 'id="plotly-config">' + json.dumps(PLOTLY_CONFIG).replace("&", "\\u0026") in standalone
    for script in ("figures.js", "present.js"):  # they draw with the page's config, not one of their own
        text = Path(ASSETS / script).read_text(encoding="utf-8")
        assert 'getElementById("plotly-config")' in text and "displaylogo: true" not in text


# --- Labels with quotes and markup: escaped once -----------------------------------------------------------

SCHOOL, POLICE, ICE = '"Q" High & Co', "<b>Cops</b>", "ICE &amp; 'X'"
_PLOTLY_ENTITIES = {"mu": "μ", "amp": "&", "lt": "<", "gt": ">", "nbsp": "\xa0", "times": "×", "plusmn": "±",
                    "deg": "°"}


def plotly_shows(text: str) -> str:
    """What plotly.js shows of a text with no tags: its convertEntities (a few named entities and numeric
    ones; any other, like ``&quot;``, stays as written)."""
    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name.startswith("#"):
            return chr(int(name[2:], 16) if name[1:2] == "x" else int(name[1:]))
        return _PLOTLY_ENTITIES.get(name, m.group(0))

    return re.sub(r"&(#\d+|#x[\da-fA-F]+|[a-z]+);", one, text)


@pytest.fixture(scope="module")
def hostile() -> tuple[Dataset, ViewState]:
    ds = Dataset.build([Node("q", SCHOOL, "school"), Node("cops", POLICE, "city_police"),
                        Node("ice", ICE, "immigration_enforcement")],
                       [Edge("e1", "q", "cops", carries='"grades" & <notes>'), Edge("e2", "cops", "ice")])
    return ds, ViewState(origins=("q",), targets=("ice",), route="q>cops>ice")


def test_the_map_shows_quotes_and_markup_literally(hostile):
    ds, _ = hostile
    fig = network_figure(ds, MapSelection(route_nodes=[("q", "cops", "ice")]))
    labels = [a["text"] for a in fig["layout"]["annotations"] if a["text"]]
    assert sorted(plotly_shows(t) for t in labels) == sorted([SCHOOL, POLICE, ICE])
    assert not [t for t in labels if "<" in t or "&quot;" in t or "&#x27;" in t]  # no tag, nothing shown as code
    hovers = [h for t in fig["data"] for h in (t.get("hovertext") or []) + (t.get("text") or []) if h]
    shown = [plotly_shows(re.sub(r"</?(b|i|br)>|<extra></extra>", " ", h)) for h in hovers]
    for label in (SCHOOL, POLICE, ICE, '"grades" & <notes>'):
        assert any(label in s for s in shown), label
    assert not [h for h in hovers if re.search(r"<(?!/?(b|i|br|extra)>)", h)]  # only our own tags


def test_slides_handout_and_standalone_escape_labels_once(hostile):
    ds, state = hostile
    pages = {"slides": presentation_html(view_slides(ds, state), "Slides"), "handout": handout_html(ds, state),
             "standalone": standalone_html(ds, state)}
    for name, html in pages.items():
        body = html.split("<body", 1)[1]
        assert "&#34;Q&#34; High &amp; Co" in body and "&lt;b&gt;Cops&lt;/b&gt;" in body, name  # escaped once
        assert "ICE &amp;amp; &#39;X&#39;" in body, name  # the label's own "&amp;", shown as written
        assert not re.search(r"&amp;(quot|#34|#39|lt|gt);", body), name  # never twice
        assert "<b>Cops</b>" not in body and '"Q" High' not in body.split('<script type="application/json"')[0]
        for block in re.findall(r'<script type="application/json" id="fig-[^"]*">(.*?)</script>', body, re.S):
            texts = [a["text"] for a in json.loads(block)["layout"]["annotations"] if a["text"]]
            assert set(map(plotly_shows, texts)) <= {SCHOOL, POLICE, ICE} and texts, name


def test_the_bundled_data_set_map_has_no_html_quote_entities():
    dumped = json.dumps(network_figure(network.load()))
    assert "&quot;" not in dumped and "&#x27;" not in dumped


def test_the_served_pages_name_the_cached_icon_and_the_standalone_file_none(client):
    # a page naming no icon has Chromium ask for /favicon.ico (a 404) again at every step of the slides
    for path in ("/present" + VIEW, "/present/story", "/handout" + VIEW):
        head = client.get(path).get_data(as_text=True).split("</head>", 1)[0]
        assert f'<link rel="icon" type="image/x-icon" href="{ICON_HREF}">' in head, path
    icon = client.get(ICON_HREF)
    assert icon.status_code == 200 and icon.headers["Content-Type"].startswith("image/")
    assert icon.headers["Cache-Control"] == "max-age=86400"  # asked for once, not at each step
    standalone = client.post("/export.html" + VIEW, data={"dataset": ""}).get_data(as_text=True)
    assert 'rel="icon"' not in standalone  # opened from disk: it fetches nothing
