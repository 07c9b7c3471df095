"""No 500 and no traceback for a user, whatever is posted.

Three nets, from the outside in:

- ``install`` checks every post to Dash's ``/_dash-update-component`` before Dash reads it: the body must be a
  JSON object naming a server callback of this app (``output``), with the outputs, inputs and state that
  callback declares (ids and properties, in order), at most ``MAX_DEPTH`` levels deep. Anything else gets a 4xx
  with a short JSON message (``{"error": ...}``), never Dash's ``KeyError`` or ``CallbackException`` as a 500.
  The values themselves are the callbacks' to check: each answers a bad one with the view it had.
- ``on_callback_error`` (Dash's ``on_error``): a callback that raised anyway is logged here, on the server, and
  the page keeps its view (``no_update``), with a word in the page's notice area.
- An app-wide handler answers any other unexpected error, on any route, with a plain "Something went wrong;
  nothing was changed." (logged with its traceback here, never sent).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from dash import Dash, no_update, set_props
from dash.dependencies import DashDependency
from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException, InternalServerError

from ..i18n import N_, _
from . import ids

__all__ = ["install", "on_callback_error", "callback_problem", "MAX_DEPTH", "CALLBACK_TROUBLE", "SERVER_TROUBLE"]

log = logging.getLogger(__name__)

#: Nesting of a callback request's JSON (the body, its lists of inputs, each value's own lists and objects).
MAX_DEPTH = 32
_MAX_ID = 300  # characters in a component id or a property name
#: What the page says when a callback failed on the server.
CALLBACK_TROUBLE = N_("Something went wrong on the server; the view on screen is from before your last change. "
                      "Please try again.")
#: What any other unexpected error answers.
SERVER_TROUBLE = N_("Something went wrong; nothing was changed.")
_UPDATE = "_dash-update-component"
_DEPENDENCIES = "_dash-dependencies"


def on_callback_error(err: Exception) -> Any:
    """Dash's ``on_error``: a callback that raised keeps the view on screen (logged here, never sent)."""
    log.error("a callback failed: %s", type(err).__name__, exc_info=err)
    try:
        set_props(ids.NOTICE, {"children": _(CALLBACK_TROUBLE)})
    except Exception:  # outside a callback's context (a test calling this): the log is enough
        pass
    return no_update


def _depth_within(value: Any, limit: int) -> bool:
    """Whether ``value`` nests lists and objects at most ``limit`` deep (without recursion).

    Level by level, keeping only the containers: a posted list of 20,000 texts is one pass over it, with no
    entry on a stack for each text (this runs on every callback request, before Dash reads it)."""
    level = [value] if type(value) in (dict, list) else []  # what json.loads makes: exactly dict and list
    depth = 1
    while level:
        if depth > limit:
            return False
        inner: list[Any] = []
        for item in level:
            inner += [c for c in (item.values() if type(item) is dict else item) if type(c) in (dict, list)]
        level, depth = inner, depth + 1
    return True


def _clean(prop: Any) -> Any:
    """A property as Dash compares it: without the ``@hash`` of a duplicate output."""
    return prop.split("@")[0] if isinstance(prop, str) else prop


def _item_problem(given: Any, wanted: dict[str, Any], what: str) -> str:
    """What is wrong with one posted input, state or output (``{id, property[, value]}``), or ''."""
    wanted_id = wanted["id"]
    if isinstance(wanted_id, dict):  # a pattern-matching id: a list of matches, or one
        items = given if isinstance(given, list) else [given]
        ok = all(isinstance(i, dict) and isinstance(i.get("id"), dict)
                 and set(i["id"]) == set(wanted_id) and _clean(i.get("property")) == wanted["property"]
                 for i in items)
        return "" if ok else f"An {what} does not match the callback."
    if not isinstance(given, dict):
        return f"Each {what} must be an object with an id and a property."
    if given.get("id") != wanted_id or _clean(given.get("property")) != wanted["property"]:
        return f"An {what} does not match the callback."
    return ""


def _list_problem(given: Any, wanted: list[dict[str, Any]], what: str) -> str:
    if not isinstance(given, list):
        return f"The request's {what}s must be a list."
    if len(given) != len(wanted):
        return f"The request has {len(given)} {what}s; the callback takes {len(wanted)}."
    return next((p for g, w in zip(given, wanted, strict=True) if (p := _item_problem(g, w, what))), "")


def _outputs(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The outputs a callback declares, as ``{id, property}``."""
    declared = spec.get("output")
    flat = declared if isinstance(declared, list | tuple) else [declared]
    return [{"id": o.component_id, "property": o.component_property} for o in flat if isinstance(o, DashDependency)]


def callback_problem(callback_map: dict[str, Any], body: Any) -> str:
    """What makes ``body`` not a request for one of the server callbacks in ``callback_map``; '' if nothing."""
    if not isinstance(body, dict):
        return "The request body must be a JSON object."
    output = body.get("output")
    spec = callback_map.get(output) if isinstance(output, str) else None
    if not isinstance(spec, dict) or "callback" not in spec:  # a client-side callback has no server function
        return "The request names no callback of this page."
    if not _depth_within(body, MAX_DEPTH):
        return "The request is nested too deeply."
    problem = _list_problem(body.get("inputs"), spec["inputs"], "input")
    if not problem and (spec["state"] or "state" in body):
        problem = _list_problem(body.get("state"), spec["state"], "state")
    if not problem and not spec.get("no_output"):
        wanted = _outputs(spec)
        given = body.get("outputs")
        if isinstance(spec.get("output"), list | tuple):
            problem = _list_problem(given, wanted, "output")
        else:
            problem = _item_problem(given, wanted[0], "output") if wanted else "The callback has no output."
    if problem:
        return problem
    for name in ("changedPropIds", "parsedChangedPropsIds"):
        changed = body.get(name, [])
        if not isinstance(changed, list) or not all(isinstance(c, str) and len(c) <= 2 * _MAX_ID for c in changed):
            return f"The request's {name} must be a list of property names."
    return ""


def _refuse(status: int, message: str) -> Response:
    return Response(json.dumps({"error": message}), status=status, mimetype="application/json")


def _dash_app(server: Flask) -> tuple[Dash | None, str]:
    """The Dash app serving on ``server`` and its routes' prefix (found from its dependencies route)."""
    for endpoint, view in server.view_functions.items():
        app = getattr(view, "__self__", None)
        if endpoint.endswith(_DEPENDENCIES) and isinstance(app, Dash):
            return app, endpoint[: -len(_DEPENDENCIES)]
    return None, "/"


def _is_update(update_endpoint: str) -> bool:
    return request.endpoint == update_endpoint or request.path.endswith("/" + _UPDATE)


def install(server: Flask) -> None:
    """Answer malformed requests with a plain message instead of a server error."""
    app, prefix = _dash_app(server)
    update = prefix + _UPDATE

    @server.before_request
    def check_callback_request() -> Response | None:
        if request.method != "POST" or request.endpoint != update:
            return None
        try:
            body = request.get_json()  # kept parsed for Dash; NaN and Infinity are JSON to Python
        except HTTPException as err:  # not JSON (400), another content type (415), too large (413)
            return _refuse(err.code or 400, "The request body must be JSON." if err.code in (400, None) else err.name)
        except (RecursionError, ValueError):
            return _refuse(400, "The request body must be JSON.")
        problem = callback_problem(app.callback_map if app is not None else {}, body)
        return _refuse(400, problem) if problem else None

    def http_error(err: HTTPException) -> Any:
        if _is_update(update):
            return _refuse(err.code or 400, err.name)
        return err  # Flask's own short page for a 404 or a 405: no traceback in it

    def unexpected(err: Exception) -> Any:
        if isinstance(err, HTTPException) and not isinstance(err, InternalServerError):
            return http_error(err)
        original = getattr(err, "original_exception", None) or err
        log.error("unexpected error on %s %s", request.method, request.path, exc_info=original)
        if _is_update(update):
            return _refuse(500, _(SERVER_TROUBLE))
        return Response(_(SERVER_TROUBLE), status=500, mimetype="text/plain")

    server.register_error_handler(InternalServerError, unexpected)
    server.register_error_handler(Exception, unexpected)
