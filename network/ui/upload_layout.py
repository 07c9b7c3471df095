"""The "Your data" panel as the page shows it, in the page's language: the drop zone, the progress line and Cancel,
the column mapping, the validation report, the export; and the words assets/upload_size.js says of a file too
large to upload. The callbacks that answer it are in ``upload_panel``.

The panel is built with the page, once per language (network/ui/app.py), so every word here is the page's; the
page's language is also kept in a store (``ids.UPLOAD_LANGUAGE``) for the jobs, which run outside any request.
"""

from __future__ import annotations

import json

import dash_ag_grid as dag
from babel.numbers import get_decimal_symbol
from dash import dcc, html

from .. import i18n
from ..i18n import N_, _, ngettext
from ..io import DEFAULT_LIMITS, FORMATS, WRITE_FORMATS
from . import ids
from .page_words import grid_locale

__all__ = ["upload_panel", "too_large_words", "MAPPED_FIELDS", "REPORT_COLUMNS", "REPORT_HEADERS", "SEVERITIES"]

#: The fields a user can map, with their labels; source and target are required.
MAPPED_FIELDS = {"source": N_("Source (where the record starts)"), "target": N_("Target (where it goes)"),
                 "relation": N_("Relation"), "status": N_("Evidence status"), "start": N_("Start date"),
                 "end": N_("End date")}
REPORT_COLUMNS = ["severity", "file", "row", "column", "message", "fix"]
#: Each column of the report as the grid heads it and as its CSV download does.
REPORT_HEADERS = {"severity": (N_("Severity"), N_("severity")), "file": (N_("File"), N_("file")),
                  "row": (N_("Row"), N_("row")), "column": (N_("Column"), N_("column")),
                  "message": (N_("Message"), N_("message")), "fix": (N_("Fix"), N_("fix"))}
#: A problem's severity as the report says it.
SEVERITIES = {"error": N_("error"), "warning": N_("warning")}
#: The export formats as the menu names them (GraphML and GEXF are names, the same in every language).
_EXPORT_NAMES = {"zip": N_("CSV folder (.zip)"), "graphml": "GraphML", "gexf": "GEXF", "json": N_("node-link JSON")}
_REPORT_WIDTHS: dict[str, dict[str, object]] = {
    "severity": {"width": 100}, "file": {"width": 140}, "row": {"width": 80}, "column": {"width": 110},
    "message": {"flex": 2, "wrapText": True, "autoHeight": True}, "fix": {"flex": 2, "wrapText": True,
                                                                      "autoHeight": True}}


def _around(text: str, marker: str, element: html.Span) -> list[str | html.Span]:
    """A translated sentence with an element where ``marker`` stands in it (the translator places it)."""
    before, _sep, after = text.partition(marker)
    return [before, element, after]


def upload_panel() -> html.Section:
    limit_mb = DEFAULT_LIMITS.max_bytes // (1024 * 1024)
    required = ("source", "target")
    return html.Section(className="data-section", children=[
        html.H2(_("Your data")),
        dcc.Store(id=ids.UPLOAD_LANGUAGE, data=i18n.language()),
        html.P([_("Map another city or system: drop an edge list ({formats}) or a data set folder's files together. "
                  "Only source and target columns are required.").format(formats=", ".join(sorted(FORMATS))) + " ",
                html.A(_("Template (CSV, every column explained)"), href="/assets/templates/edges-template.csv",
                       download="edges-template.csv"), " · ",
                html.A(_("Example"), href="/assets/templates/edges-example.csv", download="edges-example.csv")],
               className="hint"),
        # the zone in a <label>, which names its file input (the one tab stop) and opens the file picker when the
        # zone is clicked: the zone's own click is off, or a click would open the picker twice
        html.Label(className="upload-label", children=dcc.Upload(
            id=ids.UPLOAD, multiple=True, max_size=DEFAULT_LIMITS.max_bytes, className="upload-zone",
            disable_click=True, children=html.Div(_around(
                # Translators: {pick} is the words "pick files", shown as a link that opens the file picker
                _("Drag and drop files here, or {pick} (up to {limit} MB)").format(pick="\0", limit=limit_mb),
                "\0", html.Span(_("pick files"), className="link"))))),
        html.Div(className="upload-progress-row", children=[
            html.Span(id=ids.UPLOAD_PROGRESS, className="upload-progress", role="status"),
            html.Button(_("Cancel"), id=ids.UPLOAD_CANCEL, className="button-secondary", n_clicks=0, hidden=True),
        ]),
        html.Div(id=ids.UPLOAD_STATUS, className="upload-status", role="status"),
        html.Div(id=ids.MAPPING, className="mapping", hidden=True, children=[
            html.P(_("This file has no column named source and target. Say which columns hold what:")),
            *[html.Div([html.Label(_(label), htmlFor=ids.MAPPING_FIELD[field]),
                        dcc.Dropdown(id=ids.MAPPING_FIELD[field], options=[], clearable=field not in required,
                                     placeholder=_("(none)") if field not in required else _("Pick a column"))],
                       className="mapping-row") for field, label in MAPPED_FIELDS.items()],
            html.Button(_("Load with these columns"), id=ids.MAPPING_APPLY, className="button-secondary", n_clicks=0),
        ]),
        html.Div(id=ids.REPORT, hidden=True, className="report", children=[
            html.H3(_("Validation report")),
            dag.AgGrid(id=ids.REPORT_GRID, rowData=[], className="report-grid",
                       columnDefs=[{"field": c, "headerName": _(REPORT_HEADERS[c][0]), **_REPORT_WIDTHS[c]}
                                   for c in REPORT_COLUMNS],
                       dashGridOptions={"domLayout": "autoHeight", "pagination": True, "paginationPageSize": 20,
                                        "localeText": grid_locale()},  # its pager in the page's language
                       style={"width": "100%"}),
            html.Button(_("Download the report (CSV)"), id=ids.REPORT_DOWNLOAD_BUTTON, className="button-secondary",
                        n_clicks=0),
            dcc.Download(id=ids.REPORT_DOWNLOAD),
        ]),
        html.Div(className="data-actions", children=[
            html.Button(_("Back to the bundled data set"), id=ids.UPLOAD_BACK, className="button-secondary",
                        n_clicks=0),
            html.Span(_("Download this data set as"), className="hint"),
            dcc.Dropdown(id=ids.EXPORT_FORMAT, value="zip", clearable=False, className="export-format",
                         options=[{"label": _(_EXPORT_NAMES[f]) if f in _EXPORT_NAMES else f, "value": f}
                                  for f in WRITE_FORMATS]),
            # the export job shows one word or the other while it runs (its own running values would be English)
            html.Button([html.Span(_("Download"), id=ids.EXPORT_IDLE),
                         html.Span(_("Writing the file…"), id=ids.EXPORT_WRITING, hidden=True)],
                        id=ids.EXPORT_BUTTON, className="button-secondary", n_clicks=0),
            html.Span(id=ids.EXPORT_PROGRESS, className="hint", role="status"),
            dcc.Download(id=ids.EXPORT_DOWNLOAD),
        ]),
    ])


def too_large_words() -> str:
    """What assets/upload_size.js says of files larger than the upload limit, in the page's language (JSON, for
    the app's ``data-upload-words``): the sentence for one file and for several, with ``{files}`` (each named
    with its size) and ``{limit}``, how a file is named, and the decimal mark of sizes.

    Examples
    --------
    >>> json.loads(too_large_words())["named"], json.loads(too_large_words())["decimal"]
    ('{name} ({size})', '.')
    """
    def sentence(n: int) -> str:
        return ngettext("{files} is larger than {limit}, the most a file can be here, so it was not uploaded and "
                        "nothing was read from it. To map a file this large, run the explorer on your own machine "
                        "with `entangle serve FILE`, which has no upload limit of this kind.",
                        "{files} are larger than {limit}, the most a file can be here, so they were not uploaded and "
                        "nothing was read from them. To map a file this large, run the explorer on your own machine "
                        "with `entangle serve FILE`, which has no upload limit of this kind.", n)

    return json.dumps({"one": sentence(1), "many": sentence(2),
                       # Translators: a file too large to upload, named with its size: "whole-state.csv (26 MB)"
                       "named": _("{name} ({size})"), "unnamed": _("a file"),
                       "decimal": get_decimal_symbol(i18n.language())}, ensure_ascii=False)
