"""Whole HTML pages rendered on the server (Jinja2, every value escaped): the presentation, the printable
handout, and the standalone export that works from disk with no server and no network.

No page has an inline script the server's Content-Security-Policy would refuse (``network.ui.security``): the
served pages load their scripts from ``/assets/`` and ``/vendor/``, and read their figures and plotly.js config
from JSON data blocks. A standalone page inlines its scripts and carries its own policy in a ``<meta>``, which
allows exactly those scripts by their hashes: opened from disk or put on a newsroom's site, it runs nothing else.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from functools import lru_cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from . import i18n
from .figure_locale import plotly_locale
from .figures import PLOTLY_CONFIG, MapSelection, network_figure
from .handout import Handout, build_handout, status_word
from .i18n import N_, _
from .model import Dataset
from .resources import ASSETS
from .slidefit import InEnglish, Slide
from .viewstate import ViewState, encode, split_route
from .vocabulary import STATUS_MEANINGS, STATUSES

__all__ = ["presentation_html", "handout_html", "standalone_html", "plotly_js", "script_hash", "standalone_policy",
           "ASSETS"]

_ENV = Environment(loader=PackageLoader("network", "templates"), autoescape=select_autoescape(["html"]),
                   extensions=["jinja2.ext.i18n"])
# The templates' words are looked up as each page is rendered, in the reader's language. Newstyle: what _()
# gives is markup-safe and fills {placeholders} with .format, which escapes the values (as in the Python code, so
# the catalogues check the placeholders of both alike); a "%" in a template's string is written "%%".
_ENV.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
_ENV.globals["status_word"] = status_word
_ENV.tests["in_english"] = lambda value: isinstance(value, InEnglish)


@lru_cache(maxsize=1)
def plotly_js() -> str:
    """The plotly.js bundled with the plotly package: served locally or inlined, never fetched."""
    return resources.files("plotly").joinpath("package_data", "plotly.min.js").read_text(encoding="utf-8")


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _json_script(obj: Any) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' that could close it or open markup."""
    return json.dumps(obj).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@lru_cache(maxsize=8)
def script_hash(text: str) -> str:
    """The CSP source that allows an inline script whose text is exactly ``text``: ``'sha256-...'``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def standalone_policy(scripts: list[str]) -> str:
    """The Content-Security-Policy of a standalone page, in its ``<meta>``: its inline ``scripts`` (by hash), its
    inline styles (plotly.js adds its own, so no hash can cover them), ``data:``/``blob:`` pictures (plotly.js's
    PNG download), and nothing fetched, framed or posted."""
    return ("default-src 'none'; script-src " + " ".join(script_hash(s) for s in scripts)
            + "; style-src 'unsafe-inline'; img-src data: blob:; base-uri 'none'; form-action 'none'")


#: plotly.js's words on the toolbar of the handout's and the export's map that the explorer's toolbar (its locale:
#: network.ui.page_words, which imports no Dash) does not show.
_TOOLBAR_WORDS = (N_("Zoom"), N_("Pan"), N_("Box Select"), N_("Lasso Select"))


def _map_locale() -> dict[str, Any]:
    """The map's plotly.js locale in the reader's language (none in English: plotly.js's own words)."""
    locale = plotly_locale()
    for spec in locale.get("locales", {}).values():
        spec["dictionary"].update({word: _(word) for word in _TOOLBAR_WORDS})
    return locale


#: The icon the explorer shows (Dash serves it), named by the served pages too: a page that names none has the
#: browser ask for /favicon.ico, a 404, again at every step of the slides (Chromium did: 444 requests in the two
#: slide-fit tests, three decks each at two sizes).
ICON_HREF = "/_favicon.ico"

#: Styles every page shares (the evidence patterns) before its own.
_SHARED_CSS = ("status.css",)


def _page(template: str, standalone: bool, css: str, js: str, plotly_config: dict[str, Any] | None = None,
          **context: Any) -> str:
    sheets = [*_SHARED_CSS, css]
    inline_js = [plotly_js(), _asset(js)] if standalone else []
    return _ENV.get_template(template).render(
        meta_csp=standalone_policy(inline_js) if standalone else None,
        inline_css="\n".join(_asset(name) for name in sheets) if standalone else None,
        css_hrefs=[f"/assets/{name}" for name in sheets],
        plotly_inline=inline_js[0] if standalone else None,
        plotly_src="/vendor/plotly.min.js",
        icon_href=None if standalone else ICON_HREF,
        plotly_config=_json_script({**PLOTLY_CONFIG, **(plotly_config or {})}),
        inline_js=inline_js[1] if standalone else None,
        js_href=f"/assets/{js}",
        lang=i18n.language(),
        **context,
    )


def presentation_html(slides: list[Slide], title: str, exit_url: str = "/", standalone: bool = False) -> str:
    """The slides as one HTML page; present.js moves between them with the keyboard."""
    figures = [(f"fig-{i}", _json_script(s.figure)) for i, s in enumerate(slides, 1) if s.figure]
    return _page("present.html", standalone, "present.css", "present.js", {"displayModeBar": False}, title=title,
                 slides=slides, figures=figures, body_class="presentation", body_data={"exit": exit_url})


def _handout_figure(ds: Dataset, h: Handout) -> dict[str, Any]:
    routes = [r.route.nodes for r in h.routes]
    selected = split_route(h.state.route)
    return network_figure(ds, MapSelection(route_nodes=routes, selected=selected, origins=[r[0] for r in routes],
                                           targets=[r[-1] for r in routes], show_context=False))


def handout_html(ds: Dataset, state: ViewState, paper: str = "a4", today: dt.date | None = None,
                 dataset_key: str = "") -> str:
    """The handout as a web page made for printing (A4 or US Letter). ``dataset_key`` (an upload's key) is
    posted by the paper buttons, never put in an address."""
    h = build_handout(ds, state, today)
    query = encode(state).lstrip("?")
    base = "/handout?" + (query + "&" if query else "")
    html = _page("handout.html", False, "handout.css", "figures.js", _map_locale(), title=h.question, h=h,
                 figures=[("fig-handout", _json_script(_handout_figure(ds, h)))], figure_id="fig-handout",
                 statuses=[(s, STATUS_MEANINGS[s]) for s in STATUSES[:5]], body_class="handout-page",
                 body_data={}, a4_href=base + "paper=a4", letter_href=base + "paper=letter",
                 back_href="/" + encode(state), dataset_key=dataset_key)
    if paper == "letter":
        html = html.replace("</head>", "<style>@page { size: letter; margin: 16mm; }</style></head>", 1)
    return html


def standalone_html(ds: Dataset, state: ViewState, today: dt.date | None = None) -> str:
    """One HTML file with the interactive map, the routes, their sentences and sources: opens from disk,
    with no server and no network (plotly.js, styles and scripts are inlined)."""
    h = build_handout(ds, state, today)
    return _page("standalone.html", True, "handout.css", "figures.js", _map_locale(), title=h.question, h=h,
                 figures=[("fig-map", _json_script(_handout_figure(ds, h)))], figure_id="fig-map",
                 body_class="standalone-page", body_data={})
