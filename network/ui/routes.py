"""Plain pages served beside the Dash app: the presentation, the printable handout, downloads.

Each reads the same query string as the explorer (checked like any client input) and renders a page from
the pure functions of ``network``; none keeps state between requests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from flask import Flask, Response, request

from .. import i18n
from ..handout import build_handout
from ..handout_pdf import handout_pdf
from ..i18n import _
from ..model import Dataset, text
from ..pages import ICON_HREF, handout_html, plotly_js, presentation_html, standalone_html
from ..presentation import story_slides, view_slides
from ..story import bundled_story, parse_story
from ..viewstate import ViewState, decode, encode, validate
from . import datasets, uploads

__all__ = ["register_routes"]


def _state() -> tuple[Dataset, ViewState]:
    """The data set and view of a page request: the view from the address, an upload's key from the form."""
    key = request.form.get("dataset") if request.method == "POST" else None
    ds = datasets.get(key if key and uploads.is_storage_key(key) else None)
    state, _notices = validate(ds, decode(request.query_string.decode("utf-8", "replace")))
    return ds, replace(state, lang=state.lang or _chosen())


def _chosen() -> str:
    """The language to keep in a page's links: the request's, when the browser's own would not give it (the
    reader chose it, in this address or the page that sent it); else none, and the browser's own decides."""
    return "" if i18n.language() == i18n.negotiate(request.headers.get("Accept-Language")) else i18n.language()


def _explorer() -> str:
    """The explorer's address a story's slides leave to: its start, in the reader's language."""
    return "/" + encode(ViewState(lang=_chosen()))


def _download(body: bytes | str, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


#: How long a browser keeps what does not change while the app runs (plotly.js, the icon), in seconds: a day.
KEEP_SECONDS = 86400


def register_routes(server: Flask) -> None:
    """Add the presentation, handout and download pages to the app's Flask server."""

    @server.after_request
    def keep_the_icon(response: Response) -> Response:
        # Dash's icon comes without caching, and Chromium asks for a page's icon again at each step of the
        # slides (the address changes): kept for a day, like plotly.js, it is asked for once
        if request.path == ICON_HREF and response.status_code == 200:
            response.cache_control.max_age = KEEP_SECONDS
        return response

    @server.get("/vendor/plotly.min.js")
    def vendor_plotly() -> Response:
        response = Response(plotly_js(), mimetype="text/javascript")
        response.cache_control.max_age = KEEP_SECONDS
        return response

    @server.route("/present", methods=["GET", "POST"])
    def present() -> Response:
        ds, state = _state()
        return Response(presentation_html(view_slides(ds, state), _("Presentation — Entanglement Map"),
                                          exit_url="/" + encode(state)), mimetype="text/html")

    @server.get("/present/story")
    def present_bundled_story() -> Response:
        ds = datasets.get(request.args.get("dataset"))
        story = bundled_story(ds)
        if story is None:
            return Response(_("This data set has no story."), status=404, mimetype="text/plain")
        # Esc leaves to the view the reader came from (the Story link carries it), not to the explorer's start
        came_from, _notices = validate(ds, decode(request.query_string.decode("utf-8", "replace")))
        return Response(presentation_html(story_slides(ds, story), text(story, "title"),
                                          exit_url="/" + encode(came_from)), mimetype="text/html")

    @server.post("/present/story")
    def present_posted_story() -> Response:
        ds = datasets.get(request.args.get("dataset"))
        data = request.form.get("story", "").encode("utf-8")
        try:
            story = parse_story(ds, data, "story.json")
        except ValueError as err:
            return Response(_("This story cannot be shown:") + f"\n{err}", status=400, mimetype="text/plain")
        return Response(presentation_html(story_slides(ds, story), text(story, "title"), exit_url=_explorer()),
                        mimetype="text/html")

    @server.route("/handout", methods=["GET", "POST"])
    def handout_page() -> Response:
        ds, state = _state()
        paper = "letter" if request.args.get("paper") == "letter" else "a4"
        key = request.form.get("dataset", "") if request.method == "POST" else ""
        return Response(handout_html(ds, state, paper, dataset_key=key if uploads.is_storage_key(key) else ""),
                        mimetype="text/html")

    @server.route("/handout.pdf", methods=["GET", "POST"])
    def handout_pdf_download() -> Response:
        ds, state = _state()
        paper = "letter" if request.args.get("paper") == "letter" else "a4"
        pdf = handout_pdf(ds, build_handout(ds, state), paper)
        return _download(pdf, "application/pdf", f"entanglement-handout-{dt.date.today().isoformat()}.pdf")

    @server.route("/export.html", methods=["GET", "POST"])
    def export_standalone() -> Response:
        ds, state = _state()
        return _download(standalone_html(ds, state), "text/html",
                         f"entanglement-map-{dt.date.today().isoformat()}.html")
