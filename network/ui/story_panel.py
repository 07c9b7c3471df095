"""The story builder: add the current view as a step, list the steps, download, upload and present them.

The steps live in the browser (local storage), never on the server.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from dash import Input, Output, State, callback, dcc, html, no_update

from ..errors import NetworkDataError
from ..story import MAX_STEPS, parse_story, story_json
from ..viewstate import decode, encode, split_route, validate
from . import ids
from .stores import dataset_of

__all__ = ["story_panel", "add_step", "clear_story", "upload_story", "download_story", "render_story"]

_MAX_TEXT = 4000


def story_panel() -> html.Fieldset:
    return html.Fieldset(className="story-panel", children=[
        html.Legend("Story for a hearing"),
        dcc.Store(id=ids.STORY_STORE, storage_type="local", data={"title": "My story", "steps": []}),
        dcc.Input(id=ids.STORY_TITLE, type="text", placeholder="Title of this step", maxLength=200,
                  className="story-input", debounce=True),
        dcc.Textarea(id=ids.STORY_CAPTION, placeholder="What this step shows (cite the sources)", maxLength=2000,
                     className="story-input"),
        html.Button("Add this view as a step", id=ids.STORY_ADD, className="button-secondary", n_clicks=0),
        html.Ol(id=ids.STORY_LIST, className="story-list"),
        html.Div(id=ids.STORY_MESSAGE, className="story-message", role="status"),
        html.Div(className="story-actions", children=[
            html.Form(action="/present/story", method="post", target="_self", children=[
                dcc.Input(id=ids.STORY_FORM_VALUE, type="hidden", name="story", value=""),
                html.Button("Present my story", id=ids.STORY_PRESENT, type="submit", className="button-secondary"),
            ]),
            html.Button("Download story", id=ids.STORY_DOWNLOAD_BUTTON, className="button-secondary", n_clicks=0),
            dcc.Download(id=ids.STORY_DOWNLOAD),
            dcc.Upload(html.Button("Upload a story", className="button-secondary", type="button"),
                       id=ids.STORY_UPLOAD, accept=".json,application/json", max_size=2 * 1024 * 1024),
            html.Button("Clear", id=ids.STORY_CLEAR, className="button-secondary", n_clicks=0),
        ]),
    ])


def _steps(story: Any) -> list[dict[str, Any]]:
    steps = story.get("steps") if isinstance(story, dict) else None
    return [s for s in steps if isinstance(s, dict)][:MAX_STEPS] if isinstance(steps, list) else []


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
    state, _ = validate(ds, decode(search if isinstance(search, str) else ""))
    steps = _steps(story)
    if len(steps) >= MAX_STEPS:
        return {"story": no_update, "title": no_update, "caption": no_update}
    sources: list[str] = []
    if state.route:
        route = split_route(state.route)
        for a, b in zip(route, route[1:], strict=False):
            sources += [s for e in ds.flow_edges if (e.source, e.target) == (a, b) for s in e.sources]
    title = title[:_MAX_TEXT] if isinstance(title, str) and title.strip() else f"Step {len(steps) + 1}"
    caption = caption[:_MAX_TEXT] if isinstance(caption, str) else ""
    steps.append({"title": title, "caption": caption, "view": encode(state), "sources": list(dict.fromkeys(sources))})
    name = story.get("title") if isinstance(story, dict) and isinstance(story.get("title"), str) else "My story"
    return {"story": {"title": name, "steps": steps}, "title": "", "caption": ""}


@callback(Output(ids.STORY_STORE, "data", allow_duplicate=True), Input(ids.STORY_CLEAR, "n_clicks"),
          prevent_initial_call=True)
def clear_story(_clicks: Any) -> dict[str, Any]:
    return {"title": "My story", "steps": []}


@callback(
    output=dict(story=Output(ids.STORY_STORE, "data", allow_duplicate=True),
                message=Output(ids.STORY_MESSAGE, "children")),
    inputs=dict(contents=Input(ids.STORY_UPLOAD, "contents"), filename=State(ids.STORY_UPLOAD, "filename"),
                query=State(ids.QUERY_STORE, "data")),
    prevent_initial_call=True,
)
def upload_story(contents: Any, filename: Any, query: Any) -> dict[str, Any]:
    """A story file replaces the steps, once every step checks out against the data set."""
    name = filename if isinstance(filename, str) else "story.json"
    if not isinstance(contents, str) or "," not in contents:
        return {"story": no_update, "message": f"{name}: could not be read."}
    ds = dataset_of(query)
    try:
        data = base64.b64decode(contents.split(",", 1)[1], validate=False)
        story = parse_story(ds, data, name)
    except NetworkDataError as err:
        return {"story": no_update, "message": f"{name} was not loaded; your steps are unchanged. {err}"}
    except ValueError:
        return {"story": no_update, "message": f"{name}: could not be read (not base64)."}
    return {"story": json.loads(story_json(story)), "message": f"Loaded {len(story.steps)} steps from {name}."}


@callback(Output(ids.STORY_DOWNLOAD, "data"), Input(ids.STORY_DOWNLOAD_BUTTON, "n_clicks"),
          State(ids.STORY_STORE, "data"), prevent_initial_call=True)
def download_story(_clicks: Any, story: Any) -> dict[str, Any]:
    payload = {"title": story.get("title", "My story") if isinstance(story, dict) else "My story",
               "steps": _steps(story)}
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
    payload = json.dumps({"title": "My story", "steps": steps}, ensure_ascii=False)
    return {"items": items, "payload": payload, "disabled": not steps}

