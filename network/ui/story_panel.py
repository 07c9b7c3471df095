"""The story builder: add the current view as a step, list the steps, download, upload and present them.

The steps live in the browser (local storage), never on the server. The panel is built with the page, in its
language; the callbacks answer a request, so they speak its language (network/ui/language.py).
"""

from __future__ import annotations

import base64
import json
from typing import Any

from dash import Input, Output, State, callback, dcc, html, no_update

from .. import i18n
from ..errors import NetworkDataError, ValidationError
from ..i18n import _, ngettext
from ..story import MAX_STEPS, parse_story, story_json
from ..viewstate import MAX_QUERY, decode, encode, split_route, validate
from . import ids
from .stores import dataset_of

__all__ = ["story_panel", "add_step", "clear_story", "upload_story", "download_story", "render_story"]

_MAX_TEXT = 4000
_MAX_NAME = 120  # of a file name shown in a message
_MAX_SOURCES, _MAX_SOURCE_ID = 200, 300
_MAX_UPLOAD = 2 * 1024 * 1024  # the upload button's own limit, and parse_story's
_MAX_PROBLEMS = 8  # listed in a message; the rest are counted


def _my_story() -> str:
    """A story's title until its author gives one."""
    return _("My story")


def story_panel() -> html.Fieldset:
    return html.Fieldset(className="story-panel", children=[
        html.Legend(_("Story for a hearing")),
        dcc.Store(id=ids.STORY_STORE, storage_type="local", data={"title": _my_story(), "steps": []}),
        dcc.Input(id=ids.STORY_TITLE, type="text", placeholder=_("Title of this step"), maxLength=200,
                  className="story-input", debounce=True),
        dcc.Textarea(id=ids.STORY_CAPTION, placeholder=_("What this step shows (cite the sources)"), maxLength=2000,
                     className="story-input"),
        html.Button(_("Add this view as a step"), id=ids.STORY_ADD, className="button-secondary", n_clicks=0),
        html.Ol(id=ids.STORY_LIST, className="story-list"),
        html.Div(id=ids.STORY_MESSAGE, className="story-message", role="status"),
        html.Div(className="story-actions", children=[
            html.Form(action="/present/story", method="post", target="_self", children=[
                dcc.Input(id=ids.STORY_FORM_VALUE, type="hidden", name="story", value=""),
                html.Button(_("Present my story"), id=ids.STORY_PRESENT, type="submit",
                            className="button-secondary"),
            ]),
            html.Button(_("Download story"), id=ids.STORY_DOWNLOAD_BUTTON, className="button-secondary", n_clicks=0),
            dcc.Download(id=ids.STORY_DOWNLOAD),
            # a <label> names the file input, the one tab stop (a button inside was a second stop, nested in the
            # zone), and opens the file picker when clicked
            html.Label(className="story-upload-label", children=dcc.Upload(
                html.Span(_("Upload a story"), className="button-secondary"), id=ids.STORY_UPLOAD,
                accept=".json,application/json", max_size=2 * 1024 * 1024, disable_click=True,
                className="story-upload")),
            html.Button(_("Clear"), id=ids.STORY_CLEAR, className="button-secondary", n_clicks=0),
        ]),
    ])


def _cut(value: Any, limit: int = _MAX_TEXT) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _step(item: dict[str, Any]) -> dict[str, Any]:
    """A step of the story store as the panel keeps it: text of bounded length only, whatever was stored."""
    view, sources = item.get("view"), item.get("sources")
    # a story's own translations (title_es, caption_es) are kept, so a story downloaded again keeps its Spanish
    own = {f"{name}_{lang}": _cut(item.get(f"{name}_{lang}")) for name in ("title", "caption")
           for lang in i18n.LANGUAGES if lang != i18n.DEFAULT and _cut(item.get(f"{name}_{lang}"))}
    return {"title": _cut(item.get("title")), "caption": _cut(item.get("caption")), **own,
            "view": view if isinstance(view, str) and len(view) <= MAX_QUERY else "",
            "sources": [_cut(s, _MAX_SOURCE_ID) for s in sources[:_MAX_SOURCES] if isinstance(s, str)]
            if isinstance(sources, list) else []}


def _steps(story: Any) -> list[dict[str, Any]]:
    """The steps of the story store (local storage, which a client can fill with anything), checked."""
    steps = story.get("steps") if isinstance(story, dict) else None
    return [_step(s) for s in steps[:MAX_STEPS * 2] if isinstance(s, dict)][:MAX_STEPS] \
        if isinstance(steps, list) else []


def _title(story: Any) -> str:
    title = story.get("title") if isinstance(story, dict) else None
    return _cut(title, 200) if isinstance(title, str) and title.strip() else _my_story()


def _file_name(name: Any) -> str:
    """A file name to show in a message: printable, and cut short."""
    if not isinstance(name, str):
        return "story.json"
    text = "".join(c for c in name[:_MAX_NAME] if c.isprintable())
    return (text + ("…" if len(name) > _MAX_NAME else "")) if text else "story.json"


@callback(
    output=dict(story=Output(ids.STORY_STORE, "data", allow_duplicate=True), title=Output(ids.STORY_TITLE, "value"),
                caption=Output(ids.STORY_CAPTION, "value")),
    inputs=dict(_clicks=Input(ids.STORY_ADD, "n_clicks"), title=State(ids.STORY_TITLE, "value"),
                caption=State(ids.STORY_CAPTION, "value"), search=State(ids.URL, "search"),
                story=State(ids.STORY_STORE, "data"), query=State(ids.QUERY_STORE, "data")),
    prevent_initial_call=True,
)
def add_step(_clicks: Any, title: Any, caption: Any, search: Any, story: Any, query: Any) -> dict[str, Any]:
    """The current view becomes the story's next step, with the sources of its selected route."""
    ds = dataset_of(query)
    state, _notices = validate(ds, decode(search if isinstance(search, str) and len(search) <= MAX_QUERY else ""))
    steps = _steps(story)
    if len(steps) >= MAX_STEPS:
        return {"story": no_update, "title": no_update, "caption": no_update}
    sources: list[str] = []
    if state.route:
        route = split_route(state.route)
        for a, b in zip(route, route[1:], strict=False):
            sources += [s for e in ds.flow_edges if (e.source, e.target) == (a, b) for s in e.sources]
    title = title[:_MAX_TEXT] if isinstance(title, str) and title.strip() else \
        _("Step {n}").format(n=i18n.number(len(steps) + 1))
    caption = caption[:_MAX_TEXT] if isinstance(caption, str) else ""
    steps.append({"title": title, "caption": caption, "view": encode(state), "sources": list(dict.fromkeys(sources))})
    return {"story": {"title": _title(story), "steps": steps}, "title": "", "caption": ""}


@callback(Output(ids.STORY_STORE, "data", allow_duplicate=True), Input(ids.STORY_CLEAR, "n_clicks"),
          prevent_initial_call=True)
def clear_story(_clicks: Any) -> dict[str, Any]:
    return {"title": _my_story(), "steps": []}


@callback(
    output=dict(story=Output(ids.STORY_STORE, "data", allow_duplicate=True),
                message=Output(ids.STORY_MESSAGE, "children")),
    inputs=dict(contents=Input(ids.STORY_UPLOAD, "contents"), filename=State(ids.STORY_UPLOAD, "filename"),
                query=State(ids.QUERY_STORE, "data")),
    prevent_initial_call=True,
)
def upload_story(contents: Any, filename: Any, query: Any) -> dict[str, Any]:
    """A story file replaces the steps, once every step checks out against the data set."""
    name = _file_name(filename)
    if not isinstance(contents, str) or "," not in contents[:200]:
        return {"story": no_update, "message": _("{file}: could not be read.").format(file=name)}
    encoded = contents.split(",", 1)[1]
    if len(encoded) * 3 // 4 > _MAX_UPLOAD:  # checked before anything is decoded
        return {"story": no_update, "message": _(
            "{file} was not loaded; your steps are unchanged. It is larger than {limit} MB: a story holds titles, "
            "captions and views, so keep it small.").format(file=name, limit=_MAX_UPLOAD // 1024 // 1024)}
    ds = dataset_of(query)
    try:
        data = base64.b64decode(encoded, validate=False)
        story = parse_story(ds, data, name)
    except ValidationError as err:
        return {"story": no_update, "message": _not_loaded(name, _problems(err))}
    except NetworkDataError as err:
        return {"story": no_update, "message": _not_loaded(name, str(err))}
    except ValueError:
        return {"story": no_update, "message": _("{file}: could not be read (not base64).").format(file=name)}
    n = len(story.steps)
    return {"story": json.loads(story_json(story)),
            "message": ngettext("Loaded {n} step from {file}.", "Loaded {n} steps from {file}.", n).format(
                n=i18n.number(n), file=name)}


def _not_loaded(name: str, why: str) -> str:
    return _("{file} was not loaded; your steps are unchanged. {why}").format(file=name, why=why)


def _problems(err: ValidationError) -> str:
    """A story's errors for the message line: the first few, then how many more."""
    errors = err.errors
    lines = " ".join(str(p)[:300] for p in errors[:_MAX_PROBLEMS])
    n, more = len(errors), len(errors) - _MAX_PROBLEMS
    if more > 0:
        # Translators: {n} is more than eight; {problems} the first eight, each with where it is
        return _("{n} problems (and {more} more): {problems}").format(n=i18n.number(n), more=i18n.number(more),
                                                                       problems=lines)
    return ngettext("{n} problem: {problems}", "{n} problems: {problems}", n).format(n=i18n.number(n),
                                                                                    problems=lines)


@callback(Output(ids.STORY_DOWNLOAD, "data"), Input(ids.STORY_DOWNLOAD_BUTTON, "n_clicks"),
          State(ids.STORY_STORE, "data"), prevent_initial_call=True)
def download_story(_clicks: Any, story: Any) -> dict[str, Any]:
    payload = {"title": _title(story), "steps": _steps(story)}
    return {"content": json.dumps(payload, indent=2, ensure_ascii=False), "filename": "story.json",
            "type": "application/json"}


@callback(
    output=dict(items=Output(ids.STORY_LIST, "children"), payload=Output(ids.STORY_FORM_VALUE, "value"),
                disabled=Output(ids.STORY_PRESENT, "disabled")),
    inputs=dict(story=Input(ids.STORY_STORE, "data")),
)
def render_story(story: Any) -> dict[str, Any]:
    steps = _steps(story)
    items = [html.Li(str(s.get("title", ""))[:200]) for s in steps]
    payload = json.dumps({"title": _my_story(), "steps": steps}, ensure_ascii=False)
    return {"items": items, "payload": payload, "disabled": not steps}

