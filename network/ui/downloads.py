"""The routes of the view on screen as a CSV file, from a button beside the map.

The file is ``network.export.routes_csv`` (every cell safe against spreadsheet formulas), with a byte-order mark
so that a spreadsheet reads its arrows and accents as UTF-8. Its column names stay English in every language (a
file format: scripts and the CLI's ``entangle export`` read the same columns); its cells, the sentences and the
words of a route, are in the reader's language, as the page is. The callback is a plain function too.
"""

from __future__ import annotations

import logging
from typing import Any

from dash import Input, Output, State, callback, dcc, html, no_update

from ..errors import NetworkDataError
from ..export import routes_csv
from ..i18n import _
from . import ids
from .compute import routes_for
from .stores import dataset_of, view_of

__all__ = ["routes_csv_button", "download_routes_csv", "CSV_NAME"]

log = logging.getLogger(__name__)
CSV_NAME = "entanglement-routes.csv"


def routes_csv_button() -> list[Any]:
    """The button and the download it starts."""
    return [html.Button(_("Routes (CSV)"), id=ids.ROUTES_CSV_BUTTON, n_clicks=0, className="button-secondary",
                        title=_("Download the routes of this view as a spreadsheet (CSV): one row per route, with "
                                "its hops, handoffs, sources and sentence")),
            dcc.Download(id=ids.ROUTES_CSV_DOWNLOAD)]


@callback(Output(ids.ROUTES_CSV_DOWNLOAD, "data"),
          inputs=dict(clicks=Input(ids.ROUTES_CSV_BUTTON, "n_clicks"), query=State(ids.QUERY_STORE, "data")),
          prevent_initial_call=True)
def download_routes_csv(clicks: Any, query: Any) -> Any:
    """The routes of the checked view in the query store, as a file to save (nothing for a view with no query)."""
    if not isinstance(clicks, int) or isinstance(clicks, bool) or clicks < 1:
        return no_update
    ds = dataset_of(query)
    state = view_of(ds, query)
    if not state.origins or not state.targets:
        return no_update
    try:
        rs = routes_for(ds, state)
    except NetworkDataError:
        return no_update
    except Exception:  # a bug must not show a stack trace to a user; the page keeps its view
        log.exception("writing the routes CSV failed")
        return no_update
    return {"content": "\ufeff" + routes_csv(rs), "filename": CSV_NAME, "type": "text/csv", "base64": False}
