"""Your data: drop files, map columns when the usual names are missing, read the validation report, export.

A data set with errors is not loaded and the previous one stays on screen; warnings load with the report
shown. An upload is kept on the server's disk under a key only this browser can form (see ``uploads``).
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
from typing import Any

import dash_ag_grid as dag
from dash import Input, Output, State, callback, dcc, html, no_update

from ..errors import NetworkDataError, Problem, ValidationError
from ..export import spreadsheet_safe
from ..io import DEFAULT_LIMITS, FORMATS, WRITE_FORMATS, dataset_bytes, parse_files
from ..io.columns import normalise
from ..io.text import parse_table
from ..model import Dataset
from . import datasets, ids, uploads

__all__ = ["upload_panel", "upload_files", "apply_mapping", "back_to_default", "download_report", "export_dataset",
           "MAPPED_FIELDS", "MAX_FILES"]

MAX_FILES = 10
#: The fields a user can map, with their labels; source and target are required.
MAPPED_FIELDS = {"source": "Source (where the record starts)", "target": "Target (where it goes)",
                 "relation": "Relation", "status": "Evidence status", "start": "Start date", "end": "End date"}
_REPORT_COLUMNS = ["severity", "file", "row", "column", "message", "fix"]


def _mapping_id(field: str) -> str:
    return f"{ids.MAPPING}-{field}"


def upload_panel() -> html.Section:
    limit_mb = DEFAULT_LIMITS.max_bytes // (1024 * 1024)
    return html.Section(className="data-section", children=[
        html.H2("Your data"),
        html.P(["Map another city or system: drop an edge list (", ", ".join(sorted(FORMATS)), ") or a data set "
                "folder's files together. Only source and target columns are required. ",
                html.A("Template (CSV, every column explained)", href="/assets/templates/edges-template.csv",
                       download="edges-template.csv"), " · ",
                html.A("Example", href="/assets/templates/edges-example.csv", download="edges-example.csv")],
               className="hint"),
        dcc.Loading(type="dot", delay_show=200, children=[
            dcc.Upload(id=ids.UPLOAD, multiple=True, max_size=DEFAULT_LIMITS.max_bytes, className="upload-zone",
                       children=html.Div(["Drag and drop files here, or ", html.Span("pick files", className="link"),
                                          f" (up to {limit_mb} MB)"])),
            html.Div(id=ids.UPLOAD_STATUS, className="upload-status", role="status"),
        ]),
        html.Div(id=ids.MAPPING, className="mapping", hidden=True, children=[
            html.P("This file has no column named source and target. Say which columns hold what:"),
            *[html.Div([html.Label(label, htmlFor=_mapping_id(field)),
                        dcc.Dropdown(id=_mapping_id(field), options=[], clearable=field not in ("source", "target"),
                                     placeholder="(none)" if field not in ("source", "target") else "Pick a column")],
                       className="mapping-row") for field, label in MAPPED_FIELDS.items()],
            html.Button("Load with these columns", id=ids.MAPPING_APPLY, className="button-secondary", n_clicks=0),
        ]),
        html.Div(id=ids.REPORT, hidden=True, className="report", children=[
            html.H3("Validation report"),
            dag.AgGrid(id=ids.REPORT_GRID, rowData=[], className="report-grid",
                       columnDefs=[{"field": "severity", "width": 100}, {"field": "file", "width": 140},
                                   {"field": "row", "width": 80}, {"field": "column", "width": 110},
                                   {"field": "message", "flex": 2, "wrapText": True, "autoHeight": True},
                                   {"field": "fix", "flex": 2, "wrapText": True, "autoHeight": True}],
                       dashGridOptions={"domLayout": "autoHeight", "pagination": True, "paginationPageSize": 20},
                       style={"width": "100%"}),
            html.Button("Download the report (CSV)", id=ids.REPORT_DOWNLOAD_BUTTON, className="button-secondary",
                        n_clicks=0),
            dcc.Download(id=ids.REPORT_DOWNLOAD),
        ]),
        html.Div(className="data-actions", children=[
            html.Button("Back to the bundled data set", id=ids.UPLOAD_BACK, className="button-secondary", n_clicks=0),
            html.Span("Download this data set as", className="hint"),
            dcc.Dropdown(id=ids.EXPORT_FORMAT, value="zip", clearable=False, className="export-format",
                         options=[{"label": {"zip": "CSV folder (.zip)", "graphml": "GraphML", "gexf": "GEXF",
                                             "json": "node-link JSON"}.get(f, f), "value": f} for f in WRITE_FORMATS]),
            html.Button("Download", id=ids.EXPORT_BUTTON, className="button-secondary", n_clicks=0),
            dcc.Download(id=ids.EXPORT_DOWNLOAD),
        ]),
    ])


def _rows(problems: list[Problem]) -> list[dict[str, Any]]:
    return [p.as_dict() for p in sorted(problems, key=lambda p: (p.severity != "error", p.file, p.row or 0))]


def _decode(contents: Any, filenames: Any) -> tuple[dict[str, bytes], list[Problem]]:
    """The uploaded files' bytes; sizes are checked on the encoded text before anything is decoded."""
    if isinstance(contents, str):
        contents, filenames = [contents], [filenames]
    if not isinstance(contents, list) or not isinstance(filenames, list) or len(contents) != len(filenames):
        return {}, [Problem("upload", None, "", "could not be read.", "Pick the files again.")]
    if len(contents) > MAX_FILES:
        return {}, [Problem("upload", None, "", f"has {len(contents)} files; at most {MAX_FILES} are read at once.",
                            "Drop a data set folder's files (edges, nodes, sources, events) or zip them.")]
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    total = 0
    for content, raw_name in zip(contents, filenames, strict=True):
        name = raw_name if isinstance(raw_name, str) and raw_name else "upload"
        if not isinstance(content, str) or "," not in content:
            problems.append(Problem(name, None, "", "could not be read.", "Pick the file again."))
            continue
        encoded = content.split(",", 1)[1]
        total += len(encoded) * 3 // 4
        if total > DEFAULT_LIMITS.max_bytes:
            problems.append(Problem(name, None, "", f"makes the upload larger than "
                                    f"{DEFAULT_LIMITS.max_bytes // (1024 * 1024)} MB, the limit.",
                                    "Upload fewer or smaller files, or run the tool on your own machine with "
                                    "`entangle serve FILE`, which has no upload limit of this kind."))
            break
        if name in files:
            problems.append(Problem(name, None, "", "was uploaded twice.", "Keep one file of each name."))
            continue
        try:
            files[name] = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            problems.append(Problem(name, None, "", "could not be read (it arrived damaged).", "Pick it again."))
    return files, problems


def _mapping_columns(files: dict[str, bytes], problems: list[Problem]) -> list[str] | None:
    """The header to map, when the only trouble is a missing source or target column in a delimited file."""
    missing = [p for p in problems if p.is_error and p.row == 1 and p.column in ("source", "target")
               and "column" in p.message]
    if not missing:
        return None
    name = missing[0].file.rsplit("/", 1)[-1]
    if name not in files or not name.lower().endswith((".csv", ".tsv", ".tab", ".txt")):
        return None
    table, _ = parse_table(files[name], name)
    return list(table.header) if table is not None else None


def _loaded(ds: Dataset, files: dict[str, bytes], columns: dict[str, str], browser: Any) -> list[Any]:
    """Keep an accepted upload under this browser's key and point the view at it."""
    browser = dict(browser) if isinstance(browser, dict) else {}
    secret = browser.get("secret") if isinstance(browser.get("secret"), str) else uploads.new_secret()
    content = uploads.content_hash(files, columns)
    key = uploads.storage_key(secret, content)
    uploads.save_upload(key, files, columns)
    datasets.register(ds, key)
    public = uploads.public_id(content)
    sets = dict(browser.get("sets") or {}) if isinstance(browser.get("sets"), dict) else {}
    sets[public] = {"hash": content, "title": ds.title[:200]}
    s = ds.summary()
    status = (f"Loaded {ds.title}: {s['nodes']:,} institutions, {s['flow_edges']:,} flow links, "
              f"{s['context_edges']:,} context links, {s['sources']:,} sources, {s['events']:,} events.")
    if ds.warnings:
        status += f" {len(ds.warnings)} warning{'s' if len(ds.warnings) != 1 else ''}: see the report."
    report = _rows(list(ds.warnings))
    return [f"?data={public}", {"secret": secret, "sets": sets}, status, report, not report, True,
            *([no_update] * len(MAPPED_FIELDS))]


def _read(files: dict[str, bytes], columns: dict[str, str], browser: Any, problems: list[Problem]) -> list[Any]:
    if not files or any(p.is_error for p in problems):
        return [no_update, no_update, "Nothing was loaded; the data on screen is unchanged.", _rows(problems), False,
                True, *([no_update] * len(MAPPED_FIELDS))]
    try:
        ds = parse_files(files, columns or None)
    except ValidationError as err:
        header = None if columns else _mapping_columns(files, err.problems)
        n = len(err.errors)
        status = (f"{', '.join(files)} has {n} error{'s' if n != 1 else ''}, so it was not loaded; the data on "
                  "screen is unchanged. Fix the rows listed below and upload again.")
        if header is not None:
            if isinstance(browser, dict) and isinstance(browser.get("secret"), str):
                uploads.save_upload(uploads.pending_key(browser["secret"]), files)
                options = [{"label": c, "value": c} for c in header]
                guesses = [next((c for c in header if normalise(c) == f), None) for f in MAPPED_FIELDS]
                return [no_update, no_update, "Say which columns hold what, below.", _rows(err.problems), False,
                        False, *[{"options": options, "guess": g} for g in guesses]]
        return [no_update, no_update, status, _rows(err.problems), False, True, *([no_update] * len(MAPPED_FIELDS))]
    except NetworkDataError as err:
        return [no_update, no_update, f"Nothing was loaded; the data on screen is unchanged. {err}", [], True, True,
                *([no_update] * len(MAPPED_FIELDS))]
    return _loaded(ds, files, columns, browser)


_OUTPUTS = [
    Output(ids.URL, "search", allow_duplicate=True),
    Output(ids.BROWSER_STORE, "data", allow_duplicate=True),
    Output(ids.UPLOAD_STATUS, "children"),
    Output(ids.REPORT_GRID, "rowData"),
    Output(ids.REPORT, "hidden"),
    Output(ids.MAPPING, "hidden"),
    *[Output(_mapping_id(f), "options") for f in MAPPED_FIELDS],
]


def _with_mapping_values(result: list[Any]) -> list[Any]:
    """Split the mapping entries into dropdown options (the guesses go to the values separately)."""
    head, mapping = result[:6], result[6:]
    return head + [m["options"] if isinstance(m, dict) else m for m in mapping]


@callback(*_OUTPUTS, Input(ids.UPLOAD, "contents"), State(ids.UPLOAD, "filename"), State(ids.BROWSER_STORE, "data"),
          prevent_initial_call=True)
def upload_files(contents, filenames, browser):
    """Read dropped files; load them when valid, otherwise report every problem and keep the current data."""
    browser = dict(browser) if isinstance(browser, dict) else {}
    browser.setdefault("secret", uploads.new_secret())
    files, problems = _decode(contents, filenames)
    result = _read(files, {}, browser, problems)
    if result[1] is no_update:  # remember the new secret even when nothing loaded (a mapping may follow)
        result[1] = browser
    return _with_mapping_values(result)


@callback(*_OUTPUTS, Input(ids.MAPPING_APPLY, "n_clicks"),
          *[State(_mapping_id(f), "value") for f in MAPPED_FIELDS], State(ids.BROWSER_STORE, "data"),
          prevent_initial_call=True)
def apply_mapping(_clicks, *values_and_browser):
    """Read the waiting upload again with the columns the user picked."""
    *values, browser = values_and_browser
    columns = {f: v for f, v in zip(MAPPED_FIELDS, values, strict=True) if isinstance(v, str) and v}
    if not {"source", "target"} <= set(columns):
        return _with_mapping_values([no_update, no_update, "Pick the source and the target columns.", no_update,
                                     no_update, False, *([no_update] * len(MAPPED_FIELDS))])
    secret = browser.get("secret") if isinstance(browser, dict) else None
    found = uploads.read_upload(uploads.pending_key(secret)) if isinstance(secret, str) else None
    if found is None:
        return _with_mapping_values([no_update, no_update, "Upload the file again, then map its columns.",
                                     no_update, no_update, True, *([no_update] * len(MAPPED_FIELDS))])
    files, _ = found
    return _with_mapping_values(_read(files, columns, browser, []))


@callback(Output(ids.URL, "search", allow_duplicate=True), Input(ids.UPLOAD_BACK, "n_clicks"),
          prevent_initial_call=True)
def back_to_default(_clicks):
    return ""


@callback(Output(ids.REPORT_DOWNLOAD, "data"), Input(ids.REPORT_DOWNLOAD_BUTTON, "n_clicks"),
          State(ids.REPORT_GRID, "rowData"), prevent_initial_call=True)
def download_report(_clicks, rows):
    """The report as CSV, safe to open in a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_REPORT_COLUMNS)
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict):
            writer.writerow([spreadsheet_safe(row.get(c, "")) for c in _REPORT_COLUMNS])
    return {"content": buffer.getvalue(), "filename": "validation-report.csv", "type": "text/csv"}


@callback(Output(ids.EXPORT_DOWNLOAD, "data"), Input(ids.EXPORT_BUTTON, "n_clicks"),
          State(ids.EXPORT_FORMAT, "value"), State(ids.QUERY_STORE, "data"), prevent_initial_call=True)
def export_dataset(_clicks, fmt, query):
    """The data set on screen, in a format that loads back the same."""
    fmt = fmt if fmt in WRITE_FORMATS else "zip"
    ds = datasets.get(query.get("dataset") if isinstance(query, dict) else None)
    data = dataset_bytes(ds, fmt)
    return {"content": base64.b64encode(data).decode("ascii"), "base64": True,
            "filename": f"entanglement-data.{fmt}"}
