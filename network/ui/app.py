"""The app factory: a Dash app serving one data set (the bundled Boston one unless told otherwise).

The app's data sets live on its Flask server (``datasets.install``), never in a module global.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from dash import Dash

from .. import i18n
from ..aggregate import count_groups_now
from ..errors import NetworkDataError
from ..io import DEFAULT_LIMITS, load
from ..model import Dataset
from ..paths import trace
from ..query import CAPS
from ..resources import ASSETS
from ..story import bundled_story
from ..viewstate import ViewState
from . import (
    address,  # noqa: F401  (registers the callbacks that keep the address, the stores and the controls in step)
    callbacks,  # noqa: F401  (registers the callbacks that show a view)
    datasets,
    downloads,  # noqa: F401  (registers the routes CSV download)
    guard,
    jobs,
    language,
    map_text,  # noqa: F401  (registers the map's table view and hop list)
    security,
    story_panel,  # noqa: F401  (registers the story builder's callbacks)
    upload_panel,  # noqa: F401  (registers the upload callbacks)
)
from .page import build_layout
from .page_words import UPDATE_TITLE
from .routes import register_routes

__all__ = ["create_app", "warm", "ASSETS"]


def create_app(path: str | Path | Dataset | None = None, *, frame_ancestors: Sequence[str] = ()) -> Dash:
    """Build the app for a data set (a path, or one already read: gunicorn reads it once for all its workers).
    Every script and style is served from this server: nothing from a CDN.

    ``frame_ancestors`` names the sites allowed to embed the explorer in a frame (none by default).
    """
    ds = path if isinstance(path, Dataset) else load(path)
    app = Dash(
        __name__,
        title="Entanglement Map",
        assets_folder=str(ASSETS),
        serve_locally=True,
        # the slides', handout's and export's own styles and scripts are for their pages, not the explorer
        assets_ignore=r"^(present\.(css|js)|handout\.css|figures\.js)$",
        update_title=UPDATE_TITLE,
        on_error=guard.on_callback_error,
        background_callback_manager=jobs.background_manager(),
        compress=True,  # gzip (flask-compress): plotly.js alone is 4.8 MB uncompressed
    )
    # flask-compress leaves streamed files (our assets) unclosed when it compresses them as they stream; plotly.js
    # and Dash's JSON, the large answers, are not streamed and are still compressed
    app.server.config["COMPRESS_STREAMS"] = False
    datasets.install(app.server, ds)
    app.layout = _layouts(ds)
    # an upload posted past the browser's own size check is refused here, before anything reads it
    app.server.config["MAX_CONTENT_LENGTH"] = int(DEFAULT_LIMITS.max_bytes * 1.4) + 2 * 1024 * 1024
    register_routes(app.server)
    security.install(app, frame_ancestors)
    guard.install(app.server)
    language.install(app.server)
    warm(ds)
    return app


def _layouts(ds: Dataset) -> Callable[[], Any]:
    """The page in the language of each request (network/ui/language.py), each language's built once: Dash
    calls this for every page load, and for its own checks outside any request (then in English)."""
    has_story = bundled_story(ds) is not None
    # English at start, as before: a big data set's page is not built while its first reader waits
    built: dict[str, Any] = {i18n.DEFAULT: build_layout(ds, datasets.DEFAULT_KEY, has_story=has_story)}

    def layout() -> Any:
        lang = i18n.language()
        if lang not in built:
            built[lang] = build_layout(ds, datasets.DEFAULT_KEY, has_story=has_story)
        return built[lang]

    return layout


def warm(ds: Dataset) -> None:
    """Build the default query's index and the map's groups now, so the first visitor does not wait for them on a
    big data set."""
    count_groups_now(ds)
    try:
        trace(ds, **CAPS["warmup"].trace_args(), **ViewState().trace_args())
    except NetworkDataError:
        pass  # a data set without schools or ICE: there is no default query to prepare
