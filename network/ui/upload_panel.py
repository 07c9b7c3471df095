"""Your data: drop files, map columns when the usual names are missing, read the validation report, export.

A data set with errors is not loaded and the previous one stays on screen; warnings load with the report
shown. An upload is kept in the shared store under a key only this browser can form (see ``uploads``). The panel
itself is built in ``upload_layout``.

Reading an upload and writing an export can take many seconds on a big data set, so they run as background
jobs (``jobs``), with a progress line and a cancel button: the web worker only hands them on. A job runs with no
request context, so the callbacks here take nothing from ``flask.current_app``: each is a plain function of its
inputs (``read_dropped``, ``read_mapped``, ``export_bytes``), which the tests call directly. Nor does a job have
the request's language (a ContextVar of the web worker's thread): each takes the page's, from the store the panel
is built with (``ids.UPLOAD_LANGUAGE``), and makes every sentence inside ``i18n.speaking`` of it.
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

from babel.numbers import format_decimal
from dash import Input, Output, State, callback, no_update

from .. import i18n
from ..errors import NetworkDataError, Problem, ValidationError
from ..export import spreadsheet_safe
from ..i18n import _, ngettext
from ..io import DEFAULT_LIMITS, WRITE_FORMATS, dataset_bytes, parse_files
from ..io.csvtext import parse_table
from ..io.fields import map_columns, normalise
from ..model import Dataset
from . import ids, jobs, uploads
from .stores import dataset_key
from .upload_layout import MAPPED_FIELDS, REPORT_COLUMNS, REPORT_HEADERS, SEVERITIES, too_large_words, upload_panel

__all__ = ["upload_panel", "too_large_words", "upload_files", "apply_mapping", "read_dropped", "read_mapped",
           "upload_cancelled", "back_to_default", "download_report", "export_dataset", "export_bytes",
           "MAPPED_FIELDS", "MAX_FILES", "OUTPUTS"]

log = logging.getLogger(__name__)

MAX_FILES = 10
#: A file name is shown and kept at most this long (a browser sends what its file system allows; a forged post,
#: anything); a report cell is written at most this long (ours are a few hundred characters; the grid's rows come
#: back from the browser, so they are checked like any input).
MAX_NAME = 200
MAX_REPORT_CELL = 2000


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _rows(problems: list[Problem]) -> list[dict[str, Any]]:
    """The report's rows, errors first, each severity in the reader's words."""
    rows = [p.as_dict() for p in sorted(problems, key=lambda p: (p.severity != "error", p.file, p.row or 0))]
    return [r | {"severity": _(SEVERITIES[str(r["severity"])]) if r["severity"] in SEVERITIES else r["severity"]}
            for r in rows]


def _decode(contents: Any, filenames: Any) -> tuple[dict[str, bytes], list[Problem]]:
    """The uploaded files' bytes; sizes are checked on the encoded text before anything is decoded."""
    if isinstance(contents, str):
        contents, filenames = [contents], [filenames]
    if not isinstance(contents, list) or not isinstance(filenames, list) or len(contents) != len(filenames):
        return {}, [Problem("upload", None, "", _("could not be read."), _("Pick the files again."))]
    if len(contents) > MAX_FILES:
        # Translators: said of an upload, after its name ("upload: has 12 files; ...")
        return {}, [Problem("upload", None, "", _("has {n} files; at most {most} are read at once.").format(
                            n=i18n.number(len(contents)), most=i18n.number(MAX_FILES)),
                            _("Drop a data set folder's files (edges, nodes, sources, events) or zip them."))]
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    total = 0
    for content, raw_name in zip(contents, filenames, strict=True):
        name = _short(raw_name, MAX_NAME) if isinstance(raw_name, str) and raw_name else "upload"
        if not isinstance(content, str) or "," not in content:
            problems.append(Problem(name, None, "", _("could not be read."), _("Pick the file again.")))
            continue
        encoded = content.split(",", 1)[1]
        total += len(encoded) * 3 // 4
        if total > DEFAULT_LIMITS.max_bytes:
            # Translators: said of a file, after its name ("big.csv: makes the upload larger than 25 MB, the limit.")
            problems.append(Problem(name, None, "", _("makes the upload larger than {limit} MB, the limit.").format(
                                        limit=DEFAULT_LIMITS.max_bytes // (1024 * 1024)),
                                    _("Upload fewer or smaller files, or run the tool on your own machine with "
                                      "`entangle serve FILE`, which has no upload limit of this kind.")))
            break
        if name in files:
            problems.append(Problem(name, None, "", _("was uploaded twice."), _("Keep one file of each name.")))
            continue
        try:
            files[name] = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            problems.append(Problem(name, None, "", _("could not be read (it arrived damaged)."),
                                    _("Pick it again.")))
    return files, problems


def _mapping_columns(files: dict[str, bytes], problems: list[Problem]) -> list[str] | None:
    """The header to map, when the only trouble is a missing source or target column in a delimited file (found
    from the header itself, not the message's words, which are the reader's language)."""
    missing = [p for p in problems if p.is_error and p.row == 1 and p.column in ("source", "target")]
    if not missing:
        return None
    name = missing[0].file.rsplit("/", 1)[-1]
    if name not in files or not name.lower().endswith((".csv", ".tsv", ".tab", ".txt")):
        return None
    table, _problems = parse_table(files[name], name)
    if table is None or {"source", "target"} <= set(map_columns(list(table.header), "edges")[0]):
        return None
    return list(table.header)


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
    status = _loaded_words(ds)
    report = _rows(list(ds.warnings))
    return UploadResult(f"?data={public}", {"secret": secret, "sets": sets}, status, report, not report)


def _loaded_words(ds: Dataset) -> str:
    """'Loaded riverside.csv: 3 institutions, 2 flow links, ...', and how many warnings the report lists."""
    s = {k: (v, i18n.number(v)) for k, v in ds.summary().items() if isinstance(v, int)}
    n_warnings = len(ds.warnings)
    status = _("Loaded {title}: {institutions}, {flow}, {context}, {sources}, {events}.").format(
        title=ds.title,
        institutions=ngettext("{n} institution", "{n} institutions", s["nodes"][0]).format(n=s["nodes"][1]),
        flow=ngettext("{n} flow link", "{n} flow links", s["flow_edges"][0]).format(n=s["flow_edges"][1]),
        context=ngettext("{n} context link", "{n} context links", s["context_edges"][0]).format(
            n=s["context_edges"][1]),
        sources=ngettext("{n} source", "{n} sources", s["sources"][0]).format(n=s["sources"][1]),
        events=ngettext("{n} event", "{n} events", s["events"][0]).format(n=s["events"][1]))
    if n_warnings:
        status += " " + ngettext("{n} warning: see the report.", "{n} warnings: see the report.",
                                 n_warnings).format(n=i18n.number(n_warnings))
    return status


def _read(files: dict[str, bytes], columns: dict[str, str], browser: dict[str, Any],
          problems: list[Problem]) -> UploadResult:
    if not files or any(p.is_error for p in problems):
        return UploadResult(status=_("Nothing was loaded; the data on screen is unchanged."), report=_rows(problems),
                            report_hidden=False)
    try:
        ds = parse_files(files, columns or None)
    except ValidationError as err:
        n = len(err.errors)
        header = None if columns else _mapping_columns(files, err.problems)
        if header is not None:  # only the column names are wrong: let the user say which is which
            uploads.save_upload(uploads.pending_key(browser["secret"]), files)
            guesses = [next((c for c in header if normalise(c) == f), None) for f in MAPPED_FIELDS]
            return UploadResult(status=_("Nothing was loaded yet; the data on screen is unchanged. Say which columns "
                                         "hold what, below."),
                                report=_rows(err.problems), report_hidden=False, mapping_hidden=False,
                                mapping_options=[{"label": c, "value": c} for c in header], mapping_values=guesses)
        return UploadResult(status=ngettext(
                                "{files}: {n} error, so nothing was loaded; the data on screen is unchanged. Fix the "
                                "rows listed below and upload again.",
                                "{files}: {n} errors, so nothing was loaded; the data on screen is unchanged. Fix the "
                                "rows listed below and upload again.", n).format(files=", ".join(files),
                                                                                 n=i18n.number(n)),
                            report=_rows(err.problems), report_hidden=False)
    except NetworkDataError as err:
        return UploadResult(status=_("Nothing was loaded; the data on screen is unchanged. {error}").format(
            error=err), report=[], report_hidden=True)
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
    progress(_("Decoding the files…"))
    files, problems = _decode(contents, filenames)
    if files and not problems:
        size = format_decimal(sum(map(len, files.values())) / 1e6, format="#,##0.0", locale=i18n.language())
        progress(_("Checking {files} ({size} MB)…").format(files=", ".join(files), size=size))
    result = _read(files, {}, browser, problems)
    if result.browser is no_update and browser != store:
        result.browser = browser  # keep the new secret even when nothing loaded: a mapping may follow
    return result.outputs()


def read_mapped(picked: Any, store: Any, progress: Progress = _quiet) -> dict[str, Any]:
    """Read the waiting upload again with the columns the user picked (``picked``: a column by field)."""
    picked = picked if isinstance(picked, dict) else {}
    columns = {f: v for f in MAPPED_FIELDS if isinstance(v := picked.get(f), str) and v}
    if not {"source", "target"} <= set(columns):
        return UploadResult(status=_("Pick the source and the target columns."), mapping_hidden=False).outputs()
    browser = _browser(store)
    found = uploads.read_upload(uploads.pending_key(browser["secret"]))
    if found is None:
        return UploadResult(status=_("Upload the file again, then map its columns.")).outputs()
    files, _columns = found
    progress(_("Checking {files} with the columns you picked…").format(files=", ".join(files)))
    return _read(files, columns, browser, []).outputs()


def _guarded(job: Callable[[], dict[str, Any]], lang: Any) -> dict[str, Any]:
    """Run an upload job in the page's language (``lang``, from its store: any other value is English); a failure
    says so in the page (a job's exception would reach nobody)."""
    jobs.lower_priority()
    with i18n.speaking(i18n.choose(lang)):
        try:
            return job()
        except Exception:  # a bug must not leave the page waiting with no word
            log.exception("reading an upload failed")
            return UploadResult(status=_("Nothing was loaded; the data on screen is unchanged. Reading the files "
                                         "failed on the server; try again, or check them with `entangle check "
                                         "FILE`.")).outputs()


#: While an upload job runs: the cancel button shows and the drop zone is off (a second drop would queue behind).
_RUNNING = [(Output(ids.UPLOAD_CANCEL, "hidden"), False, True), (Output(ids.UPLOAD, "disabled"), True, False)]
_BACKGROUND: dict[str, Any] = dict(background=True, running=_RUNNING, cancel=[Input(ids.UPLOAD_CANCEL, "n_clicks")],
                                   progress=[Output(ids.UPLOAD_PROGRESS, "children")], progress_default=[""],
                                   interval=500)


#: The page's language, which a job is given (it runs outside the request, whose language it would not know).
_LANGUAGE = State(ids.UPLOAD_LANGUAGE, "data")


@callback(output=OUTPUTS, inputs=dict(contents=Input(ids.UPLOAD, "contents"), filenames=State(ids.UPLOAD, "filename"),
                                      store=State(ids.BROWSER_STORE, "data"), lang=_LANGUAGE),
          prevent_initial_call=True, **_BACKGROUND)
def upload_files(set_progress: Progress, contents: Any, filenames: Any, store: Any, lang: Any) -> dict[str, Any]:
    """The drop zone's job: ``read_dropped``, in the page's language, with its progress shown in the page."""
    return _guarded(lambda: read_dropped(contents, filenames, store, set_progress), lang)


@callback(output=OUTPUTS, inputs=dict(_clicks=Input(ids.MAPPING_APPLY, "n_clicks"),
                                      picked={f: State(ids.MAPPING_FIELD[f], "value") for f in MAPPED_FIELDS},
                                      store=State(ids.BROWSER_STORE, "data"), lang=_LANGUAGE),
          prevent_initial_call=True, **_BACKGROUND)
def apply_mapping(set_progress: Progress, _clicks: Any, picked: Any, store: Any, lang: Any) -> dict[str, Any]:
    """The column mapping's job: ``read_mapped``, in the page's language, with its progress shown in the page."""
    return _guarded(lambda: read_mapped(picked, store, set_progress), lang)


@callback(Output(ids.UPLOAD_STATUS, "children", allow_duplicate=True), Input(ids.UPLOAD_CANCEL, "n_clicks"),
          prevent_initial_call=True)
def upload_cancelled(_clicks: Any) -> str:
    """Say what a cancel did (Dash stops the job itself)."""
    return _("The upload was cancelled: nothing was loaded, and the data on screen is unchanged.")


@callback(Output(ids.ADDRESS, "data", allow_duplicate=True), Input(ids.UPLOAD_BACK, "n_clicks"),
          prevent_initial_call=True)
def back_to_default(_clicks: Any) -> str:
    """Open the bundled data set's default view (the address with no query)."""
    return ""


@callback(Output(ids.REPORT_DOWNLOAD, "data"), Input(ids.REPORT_DOWNLOAD_BUTTON, "n_clicks"),
          State(ids.REPORT_GRID, "rowData"), prevent_initial_call=True)
def download_report(_clicks: Any, rows: Any) -> dict[str, Any]:
    """The report as CSV, safe to open in a spreadsheet, headed in the reader's language (a report to read, not a
    file the tool reads back)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([_(REPORT_HEADERS[c][1]) for c in REPORT_COLUMNS])
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict):
            writer.writerow([spreadsheet_safe(_short(str(row.get(c, "")), MAX_REPORT_CELL)) for c in REPORT_COLUMNS])
    return {"content": buffer.getvalue(), "filename": "validation-report.csv", "type": "text/csv"}


def export_bytes(fmt: Any, key: Any) -> dict[str, Any]:
    """The data set of a key (the served one, or an upload), in a format that loads back the same."""
    fmt = fmt if isinstance(fmt, str) and fmt in WRITE_FORMATS else "zip"
    data = dataset_bytes(jobs.dataset(key), fmt)
    return {"content": base64.b64encode(data).decode("ascii"), "base64": True,
            "filename": f"entanglement-data.{fmt}"}


@callback(output=dict(download=Output(ids.EXPORT_DOWNLOAD, "data"), status=Output(ids.EXPORT_PROGRESS, "children")),
          inputs=dict(_clicks=Input(ids.EXPORT_BUTTON, "n_clicks"), fmt=State(ids.EXPORT_FORMAT, "value"),
                      query=State(ids.QUERY_STORE, "data"), lang=_LANGUAGE), prevent_initial_call=True,
          background=True, running=[(Output(ids.EXPORT_BUTTON, "disabled"), True, False),
                                    (Output(ids.EXPORT_IDLE, "hidden"), True, False),
                                    (Output(ids.EXPORT_WRITING, "hidden"), False, True)])
def export_dataset(_clicks: Any, fmt: Any, query: Any, lang: Any) -> dict[str, Any]:
    """The export job: the data set on screen, written in the chosen format (its messages in the page's
    language)."""
    jobs.lower_priority()
    with i18n.speaking(i18n.choose(lang)):
        try:
            return {"download": export_bytes(fmt, dataset_key(query)), "status": ""}
        except NetworkDataError as err:  # a value the format cannot hold, named
            return {"download": no_update, "status": _("The file could not be written: {error}").format(error=err)}
        except Exception:  # a bug must not leave the button off with no word
            log.exception("writing an export failed")
            return {"download": no_update, "status": _("The file could not be written; please try again.")}
