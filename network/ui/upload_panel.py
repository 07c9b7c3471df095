"""Your data: drop files, map columns when the usual names are missing, read the validation report, export.

A data set with errors is not loaded and the previous one stays on screen; warnings load with the report
shown. An upload is kept in the shared store under a key only this browser can form (see ``uploads``).

Reading an upload and writing an export can take many seconds on a big data set, so they run as background
jobs (``jobs``), with a progress line and a cancel button: the web worker only hands them on. A job runs with no
request context, so the callbacks here take nothing from ``flask.current_app``: each is a plain function of its
inputs (``read_dropped``, ``read_mapped``, ``export_bytes``), which the tests call directly.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import dash_ag_grid as dag
from dash import Input, Output, State, callback, dcc, html, no_update

from ..errors import NetworkDataError, Problem, ValidationError
from ..export import spreadsheet_safe
from ..io import DEFAULT_LIMITS, FORMATS, WRITE_FORMATS, dataset_bytes, parse_files
from ..io.csvtext import parse_table
from ..io.fields import normalise
from ..model import Dataset
from . import ids, jobs, uploads
from .stores import dataset_key

__all__ = ["upload_panel", "upload_files", "apply_mapping", "read_dropped", "read_mapped", "upload_cancelled",
           "back_to_default", "download_report", "export_dataset", "export_bytes", "MAPPED_FIELDS", "MAX_FILES",
           "OUTPUTS"]

log = logging.getLogger(__name__)

MAX_FILES = 10
#: The fields a user can map, with their labels; source and target are required.
MAPPED_FIELDS = {"source": "Source (where the record starts)", "target": "Target (where it goes)",
                 "relation": "Relation", "status": "Evidence status", "start": "Start date", "end": "End date"}
_REPORT_COLUMNS = ["severity", "file", "row", "column", "message", "fix"]
#: A file name is shown and kept at most this long (a browser sends what its file system allows; a forged post,
#: anything); a report cell is written at most this long (ours are a few hundred characters; the grid's rows come
#: back from the browser, so they are checked like any input).
MAX_NAME = 200
MAX_REPORT_CELL = 2000


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
        # the zone in a <label>, which names its file input (the one tab stop) and opens the file picker when the
        # zone is clicked: the zone's own click is off, or a click would open the picker twice
        html.Label(className="upload-label", children=dcc.Upload(
            id=ids.UPLOAD, multiple=True, max_size=DEFAULT_LIMITS.max_bytes, className="upload-zone",
            disable_click=True, children=html.Div(["Drag and drop files here, or ",
                                                   html.Span("pick files", className="link"),
                                                   f" (up to {limit_mb} MB)"]))),
        html.Div(className="upload-progress-row", children=[
            html.Span(id=ids.UPLOAD_PROGRESS, className="upload-progress", role="status"),
            html.Button("Cancel", id=ids.UPLOAD_CANCEL, className="button-secondary", n_clicks=0, hidden=True),
        ]),
        html.Div(id=ids.UPLOAD_STATUS, className="upload-status", role="status"),
        html.Div(id=ids.MAPPING, className="mapping", hidden=True, children=[
            html.P("This file has no column named source and target. Say which columns hold what:"),
            *[html.Div([html.Label(label, htmlFor=ids.MAPPING_FIELD[field]),
                        dcc.Dropdown(id=ids.MAPPING_FIELD[field], options=[],
                                     clearable=field not in ("source", "target"),
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
            html.Span(id=ids.EXPORT_PROGRESS, className="hint", role="status"),
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
        name = _short(raw_name, MAX_NAME) if isinstance(raw_name, str) and raw_name else "upload"
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


@dataclass
class UploadResult:
    """What an upload changes on the page; ``no_update`` wherever it changes nothing."""

    search: Any = no_update  # the address to open: the uploaded data set's
    browser: Any = no_update
    status: Any = no_update
    report: Any = no_update
    report_hidden: Any = no_update
    mapping_hidden: Any = True
    mapping_options: Any = no_update  # one list of column options, the same for every field
    mapping_values: Any = no_update  # one guess per field

    def outputs(self) -> dict[str, Any]:
        """The callback's outputs, by the names of ``OUTPUTS``; each field's options and its guess by field."""
        guesses = self.mapping_values if self.mapping_values is not no_update else [no_update] * len(MAPPED_FIELDS)
        return {"search": self.search, "browser": self.browser, "status": self.status, "report": self.report,
                "report_hidden": self.report_hidden, "mapping_hidden": self.mapping_hidden,
                "options": dict.fromkeys(MAPPED_FIELDS, self.mapping_options),
                "values": dict(zip(MAPPED_FIELDS, guesses, strict=True))}


def _loaded(ds: Dataset, files: dict[str, bytes], columns: dict[str, str], browser: dict[str, Any]) -> UploadResult:
    """Keep an accepted upload under this browser's key and point the view at it."""
    secret = browser["secret"]
    content = uploads.content_hash(files, columns)
    key = uploads.storage_key(secret, content)
    uploads.save_upload(key, files, columns)  # the web workers read it from the store when the view asks
    public = uploads.public_id(content)
    sets = dict(browser.get("sets") or {}) if isinstance(browser.get("sets"), dict) else {}
    sets[public] = {"hash": content, "title": ds.title[:200]}
    s = ds.summary()
    status = (f"Loaded {ds.title}: {s['nodes']:,} institutions, {s['flow_edges']:,} flow links, "
              f"{s['context_edges']:,} context links, {s['sources']:,} sources, {s['events']:,} events.")
    if ds.warnings:
        status += f" {len(ds.warnings)} warning{'s' if len(ds.warnings) != 1 else ''}: see the report."
    report = _rows(list(ds.warnings))
    return UploadResult(f"?data={public}", {"secret": secret, "sets": sets}, status, report, not report)


def _read(files: dict[str, bytes], columns: dict[str, str], browser: dict[str, Any],
          problems: list[Problem]) -> UploadResult:
    unchanged = "the data on screen is unchanged."
    if not files or any(p.is_error for p in problems):
        return UploadResult(status=f"Nothing was loaded; {unchanged}", report=_rows(problems), report_hidden=False)
    try:
        ds = parse_files(files, columns or None)
    except ValidationError as err:
        n = len(err.errors)
        header = None if columns else _mapping_columns(files, err.problems)
        if header is not None:  # only the column names are wrong: let the user say which is which
            uploads.save_upload(uploads.pending_key(browser["secret"]), files)
            guesses = [next((c for c in header if normalise(c) == f), None) for f in MAPPED_FIELDS]
            return UploadResult(status=f"Nothing was loaded yet; {unchanged} Say which columns hold what, below.",
                                report=_rows(err.problems), report_hidden=False, mapping_hidden=False,
                                mapping_options=[{"label": c, "value": c} for c in header], mapping_values=guesses)
        return UploadResult(status=f"{', '.join(files)}: {n} error{'s' if n != 1 else ''}, so nothing was loaded; "
                                   f"{unchanged} Fix the rows listed below and upload again.",
                            report=_rows(err.problems), report_hidden=False)
    except NetworkDataError as err:
        return UploadResult(status=f"Nothing was loaded; {unchanged} {err}", report=[], report_hidden=True)
    return _loaded(ds, files, columns, browser)


def _browser(store: Any) -> dict[str, Any]:
    """This browser's store, with a secret made on its first upload."""
    browser = dict(store) if isinstance(store, dict) else {}
    if not isinstance(browser.get("secret"), str) or not re.fullmatch(r"[0-9a-f]{32}", browser["secret"]):
        browser["secret"] = uploads.new_secret()
    return browser


#: What an upload changes, by name: the address to open (the uploaded data set's), this browser's store, the
#: status line, the report, and the column mapping (each field's options and guess).
OUTPUTS = dict(
    search=Output(ids.ADDRESS, "data", allow_duplicate=True),
    browser=Output(ids.BROWSER_STORE, "data", allow_duplicate=True),
    status=Output(ids.UPLOAD_STATUS, "children"),
    report=Output(ids.REPORT_GRID, "rowData"),
    report_hidden=Output(ids.REPORT, "hidden"),
    mapping_hidden=Output(ids.MAPPING, "hidden"),
    options={f: Output(ids.MAPPING_FIELD[f], "options") for f in MAPPED_FIELDS},
    values={f: Output(ids.MAPPING_FIELD[f], "value") for f in MAPPED_FIELDS},
)


Progress = Callable[[str], None]


def _quiet(_text: str) -> None:
    """Progress for a caller that shows none."""


def read_dropped(contents: Any, filenames: Any, store: Any, progress: Progress = _quiet) -> dict[str, Any]:
    """Read dropped files; load them when valid, otherwise report every problem and keep the current data."""
    browser = _browser(store)
    progress("Decoding the files…")
    files, problems = _decode(contents, filenames)
    if files and not problems:
        progress(f"Checking {', '.join(files)} ({sum(map(len, files.values())) / 1e6:,.1f} MB)…")
    result = _read(files, {}, browser, problems)
    if result.browser is no_update and browser != store:
        result.browser = browser  # keep the new secret even when nothing loaded: a mapping may follow
    return result.outputs()


def read_mapped(picked: Any, store: Any, progress: Progress = _quiet) -> dict[str, Any]:
    """Read the waiting upload again with the columns the user picked (``picked``: a column by field)."""
    picked = picked if isinstance(picked, dict) else {}
    columns = {f: v for f in MAPPED_FIELDS if isinstance(v := picked.get(f), str) and v}
    if not {"source", "target"} <= set(columns):
        return UploadResult(status="Pick the source and the target columns.", mapping_hidden=False).outputs()
    browser = _browser(store)
    found = uploads.read_upload(uploads.pending_key(browser["secret"]))
    if found is None:
        return UploadResult(status="Upload the file again, then map its columns.").outputs()
    files, _ = found
    progress(f"Checking {', '.join(files)} with the columns you picked…")
    return _read(files, columns, browser, []).outputs()


def _guarded(job: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run an upload job; a failure says so in the page (a job's exception would reach nobody)."""
    jobs.lower_priority()
    try:
        return job()
    except Exception:  # a bug must not leave the page waiting with no word
        log.exception("reading an upload failed")
        return UploadResult(status="Nothing was loaded; the data on screen is unchanged. Reading the files failed "
                                   "on the server; try again, or check them with `entangle check FILE`.").outputs()


#: While an upload job runs: the cancel button shows and the drop zone is off (a second drop would queue behind).
_RUNNING = [(Output(ids.UPLOAD_CANCEL, "hidden"), False, True), (Output(ids.UPLOAD, "disabled"), True, False)]
_BACKGROUND: dict[str, Any] = dict(background=True, running=_RUNNING, cancel=[Input(ids.UPLOAD_CANCEL, "n_clicks")],
                                   progress=[Output(ids.UPLOAD_PROGRESS, "children")], progress_default=[""],
                                   interval=500)


@callback(output=OUTPUTS, inputs=dict(contents=Input(ids.UPLOAD, "contents"), filenames=State(ids.UPLOAD, "filename"),
                                      store=State(ids.BROWSER_STORE, "data")),
          prevent_initial_call=True, **_BACKGROUND)
def upload_files(set_progress: Progress, contents: Any, filenames: Any, store: Any) -> dict[str, Any]:
    """The drop zone's job: ``read_dropped``, with its progress shown in the page."""
    return _guarded(lambda: read_dropped(contents, filenames, store, set_progress))


@callback(output=OUTPUTS, inputs=dict(_clicks=Input(ids.MAPPING_APPLY, "n_clicks"),
                                      picked={f: State(ids.MAPPING_FIELD[f], "value") for f in MAPPED_FIELDS},
                                      store=State(ids.BROWSER_STORE, "data")),
          prevent_initial_call=True, **_BACKGROUND)
def apply_mapping(set_progress: Progress, _clicks: Any, picked: Any, store: Any) -> dict[str, Any]:
    """The column mapping's job: ``read_mapped``, with its progress shown in the page."""
    return _guarded(lambda: read_mapped(picked, store, set_progress))


@callback(Output(ids.UPLOAD_STATUS, "children", allow_duplicate=True), Input(ids.UPLOAD_CANCEL, "n_clicks"),
          prevent_initial_call=True)
def upload_cancelled(_clicks: Any) -> str:
    """Say what a cancel did (Dash stops the job itself)."""
    return "The upload was cancelled: nothing was loaded, and the data on screen is unchanged."


@callback(Output(ids.ADDRESS, "data", allow_duplicate=True), Input(ids.UPLOAD_BACK, "n_clicks"),
          prevent_initial_call=True)
def back_to_default(_clicks: Any) -> str:
    """Open the bundled data set's default view (the address with no query)."""
    return ""


@callback(Output(ids.REPORT_DOWNLOAD, "data"), Input(ids.REPORT_DOWNLOAD_BUTTON, "n_clicks"),
          State(ids.REPORT_GRID, "rowData"), prevent_initial_call=True)
def download_report(_clicks: Any, rows: Any) -> dict[str, Any]:
    """The report as CSV, safe to open in a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_REPORT_COLUMNS)
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict):
            writer.writerow([spreadsheet_safe(_short(str(row.get(c, "")), MAX_REPORT_CELL)) for c in _REPORT_COLUMNS])
    return {"content": buffer.getvalue(), "filename": "validation-report.csv", "type": "text/csv"}


def export_bytes(fmt: Any, key: Any) -> dict[str, Any]:
    """The data set of a key (the served one, or an upload), in a format that loads back the same."""
    fmt = fmt if isinstance(fmt, str) and fmt in WRITE_FORMATS else "zip"
    data = dataset_bytes(jobs.dataset(key), fmt)
    return {"content": base64.b64encode(data).decode("ascii"), "base64": True,
            "filename": f"entanglement-data.{fmt}"}


@callback(output=dict(download=Output(ids.EXPORT_DOWNLOAD, "data"), status=Output(ids.EXPORT_PROGRESS, "children")),
          inputs=dict(_clicks=Input(ids.EXPORT_BUTTON, "n_clicks"), fmt=State(ids.EXPORT_FORMAT, "value"),
                      query=State(ids.QUERY_STORE, "data")), prevent_initial_call=True,
          background=True, running=[(Output(ids.EXPORT_BUTTON, "disabled"), True, False),
                                    (Output(ids.EXPORT_BUTTON, "children"), "Writing the file…", "Download")])
def export_dataset(_clicks: Any, fmt: Any, query: Any) -> dict[str, Any]:
    """The export job: the data set on screen, written in the chosen format."""
    jobs.lower_priority()
    try:
        return {"download": export_bytes(fmt, dataset_key(query)), "status": ""}
    except Exception:  # a bug must not leave the button off with no word
        log.exception("writing an export failed")
        return {"download": no_update, "status": "The file could not be written; please try again."}
