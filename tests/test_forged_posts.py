"""Forged posts to every callback of the running app, replayed through Flask's test client.

For each callback in the app's callback map, each of its inputs and states gets a fixed set of forged values
(wrong types, NaN and Infinity as raw JSON tokens, 1 MB strings, nesting, and seeded values outside the
component's options) while the others keep the page's own values; then each value goes into every input at once;
then the request itself is forged (a list as the body, no inputs, an unknown output, a wrong property, ...).
Nothing may answer 500 or show a traceback; a forged value must be answered as a view (200, or 204 for no
change) without the callback raising (the guard's log would say so); a forged request gets a short 4xx.
The pages beside the explorer (slides, handout, PDF, export) get forged query and form values too.
"""

from __future__ import annotations

import base64
import json
import logging
import random
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from dash import _callback, no_update
from dash.background_callback.managers.diskcache_manager import DiskcacheManager
from flask import Flask

from network.ui import guard, ids
from network.ui.app import create_app

MB = "Z" * 2**20  # a 1 MB string; a run of 5000 of these in an answer means a callback sent one back
ECHO = "Z" * 5000
NAN, INF = float("nan"), float("inf")


def _deep(depth: int) -> Any:
    value: Any = "bottom"
    for _ in range(depth - 1):
        value = [value]
    return value


#: The same hostile values for every input (json.dumps writes NaN and Infinity as the bare tokens).
GENERIC: dict[str, Any] = {
    "null": None, "true": True, "false": False, "zero": 0, "negative": -1, "fraction": 0.5, "huge-int": 10**40,
    "nan": NAN, "infinity": INF, "-infinity": -INF, "empty": "", "script": "<script>alert(1)</script>",
    "1mb": MB, "empty-list": [], "mixed-list": [None, True, 7, NAN, "x", [], {}], "long-list": ["ebhs"] * 20_000,
    "list-of-1mb": [MB], "empty-dict": {}, "dict": {"a": 1, "b": [1, 2]},
    "nested": {"points": [{"customdata": [{"x": NAN}], "x": {"y": []}}], "steps": [{"title": {"t": [INF]}}]},
    "deep": _deep(20),
}


# Dash's registry of callbacks is global: the first app to answer a request takes every callback registered at
# import. This module's app answers its first request now, at collection, and the registry is then put back as
# it was, so the browser tests' server (or any later app) still gets its own.
def _own_app() -> Any:
    saved_map = {k: dict(v, background=dict(v["background"]) if v.get("background") else v.get("background"))
                 for k, v in _callback.GLOBAL_CALLBACK_MAP.items()}
    saved_list = [dict(c) for c in _callback.GLOBAL_CALLBACK_LIST]
    assert saved_map, "Dash's callbacks were taken by another app before this module was imported"
    app = create_app()
    try:
        app.server.test_client().get("/_dash-dependencies")
    finally:
        _callback.GLOBAL_CALLBACK_MAP.clear()
        _callback.GLOBAL_CALLBACK_MAP.update(saved_map)
        _callback.GLOBAL_CALLBACK_LIST[:] = saved_list
    return app


APP = _own_app()
CLIENT = APP.server.test_client()
DEPENDENCIES = CLIENT.get("/_dash-dependencies").json


def _name(output: str, spec: dict[str, Any]) -> str:
    func = spec.get("callback")
    return getattr(getattr(func, "__wrapped__", func), "__name__", "") or f"clientside({output[:40]})"


#: Every callback of the running app, by a readable name (its function's; numbered if two share one).
CALLBACKS: dict[str, str] = {}
for _output, _spec in APP.callback_map.items():
    _base = _name(_output, _spec)
    CALLBACKS[_base if _base not in CALLBACKS else f"{_base}#{len(CALLBACKS)}"] = _output


def _layout_values() -> dict[str, Any]:
    """Each component property's value on the page as it is served, by 'id.property'."""
    values: dict[str, Any] = {}

    def walk(component: Any) -> None:
        cid = getattr(component, "id", None)
        if isinstance(cid, str):
            for prop, value in component.to_plotly_json()["props"].items():
                if prop != "children":
                    values[f"{cid}.{prop}"] = value
        children = getattr(component, "children", None)
        for child in children if isinstance(children, list | tuple) else [children]:
            if hasattr(child, "to_plotly_json"):
                walk(child)

    walk(APP.layout())  # the page as served (built per language: a function)
    return values


ROUTE = "ebhs>bsp>bric>gang_db>ice_ero"
CSV = b"source,target,status\nRiverside High,Riverside Police,documented\nRiverside Police,ICE,reported\n"
STEP = {"title": "A step", "caption": "Its words", "view": "?from=ebhs&asof=2016", "sources": []}
STORY = json.dumps({"title": "A story", "steps": [STEP]}).encode()


def _data_url(data: bytes, mime: str) -> str:
    return f"data:{mime};base64," + base64.b64encode(data).decode()


#: What a page sends when nothing is forged: the layout's values, and a page in use (a view with a date, a
#: removal and a selected route; a click on the map and on the timeline; a story; files dropped), so that a forged
#: value reaches the code that uses it, not an early return for an empty page.
BASE = _layout_values() | {
    f"{ids.URL}.search": "?from=ebhs&asof=2016", f"{ids.URL}.href": "http://127.0.0.1:8050/?from=ebhs&asof=2016",
    f"{ids.ADDRESS}.data": "?from=ebhs&asof=2016", f"{ids.DATASET_KEY}.data": "default",
    f"{ids.QUERY_STORE}.data": {"dataset": "default", "origins": ["ebhs"], "as_of": "2016-01-01"},
    f"{ids.ROUTE_STORE}.data": ROUTE, f"{ids.VIEW_OPENED}.data": {"query": {"dataset": "default"}, "fresh": True},
    f"{ids.BROWSER_STORE}.data": {"secret": "0" * 32, "sets": {}},
    f"{ids.ORIGIN}.value": ["ebhs"], f"{ids.DATE_ON}.value": ["on"], f"{ids.DATE}.value": 3000,
    f"{ids.WITHOUT}.value": ["bric"], f"{ids.CONTEXT}.value": ["on"], f"{ids.CLICK_MODE}.value": "remove",
    f"{ids.MAP}.clickData": {"points": [{"customdata": "node:bps"}]},
    f"{ids.TIMELINE}.clickData": {"points": [{"x": "2016-06-01"}]},
    f"{ids.ROUTES_GRID}.selectedRows": [{"key": ROUTE}], f"{ids.ROUTES_GRID}.rowData": [{"key": ROUTE}],
    f"{ids.STORY_STORE}.data": {"title": "A story", "steps": [STEP]},
    f"{ids.STORY_TITLE}.value": "A title", f"{ids.STORY_CAPTION}.value": "A caption",
    f"{ids.STORY_UPLOAD}.contents": _data_url(STORY, "application/json"), f"{ids.STORY_UPLOAD}.filename": "s.json",
    f"{ids.UPLOAD}.contents": [_data_url(CSV, "text/csv")], f"{ids.UPLOAD}.filename": ["riverside.csv"],
    f"{ids.REPORT_GRID}.rowData": [{"severity": "error", "file": "e.csv", "row": 2, "message": "=1+1"}],
    f"{ids.EXPORT_FORMAT}.value": "graphml", **{f"{cid}.value": field for field, cid in ids.MAPPING_FIELD.items()},
} | {f"{cid}.n_clicks": 1 for cid in (ids.WITHOUT_RESET, ids.COPY_LINK, ids.STORY_ADD, ids.STORY_CLEAR,
                                      ids.STORY_DOWNLOAD_BUTTON, ids.MAPPING_APPLY, ids.UPLOAD_BACK,
                                      ids.REPORT_DOWNLOAD_BUTTON, ids.EXPORT_BUTTON, ids.SVG_BUTTON)}


def _inflated(value: Any) -> Any:
    """The value with every text in it 1 MB long, and one more 1 MB item in every list."""
    if isinstance(value, dict):
        return {k: _inflated(v) for k, v in value.items()}
    if isinstance(value, list):
        return [*map(_inflated, value), MB]
    return MB if isinstance(value, str) else value


def _poisoned(value: Any, rng: random.Random) -> Any:
    """The value with every number, flag and text in it swapped for a hostile one of another type."""
    if isinstance(value, dict):
        return {k: _poisoned(v, rng) for k, v in value.items()}
    if isinstance(value, list):
        return [_poisoned(v, rng) for v in value]
    return rng.choice([NAN, INF, -INF, None, {}, [], "<b>", 10**40, True])


def _seeded(prop_id: str) -> dict[str, Any]:
    """Values outside a component's options, drawn from a generator seeded by its name (the same every run), and
    the page's own value with every part of it made hostile."""
    rng = random.Random(prop_id)
    word = f"nowhere-{rng.getrandbits(32):08x}"
    base = BASE.get(prop_id)
    pool = list(GENERIC.values())
    shaped: Any
    if isinstance(base, dict):
        shaped = {k: rng.choice(pool) for k in [*base, "dataset", "extra"]}
    elif isinstance(base, list):
        shaped = [rng.choice(pool) for _ in range(max(len(base), 3))]
    else:
        shaped = {"points": [{"customdata": f"node:{word}", "x": f"{rng.randint(0, 9999)}-99-99"}]}
    values = {"outside": word, "outside-list": [word, f"kind:{word}", f"{word}->{word}"],
              "out-of-range": rng.choice([-(10**9), 10**9, 99, -1]) + rng.random(), "shaped": shaped}
    if isinstance(base, dict | list):
        values |= {"inflated": _inflated(base), "poisoned": _poisoned(base, rng)}
    return values


def _entries(spec: dict[str, Any], field: str) -> list[dict[str, Any]]:
    return [{"id": i["id"], "property": i["property"]} for i in spec[field]]


def _body(output: str, **forged: Any) -> dict[str, Any]:
    """A request as the renderer sends it for ``output``, with the values of ``forged`` ('id.prop': value)."""
    spec = APP.callback_map[output]

    def item(entry: dict[str, Any]) -> dict[str, Any]:
        key = f"{entry['id']}.{entry['property']}"
        return entry | {"value": forged[key] if key in forged else BASE.get(key)}

    declared = spec["output"]
    outs = [{"id": o.component_id, "property": o.component_property}
            for o in (declared if isinstance(declared, list | tuple) else [declared])]
    inputs = [f"{i['id']}.{i['property']}" for i in spec["inputs"]]
    changed = [k for k in forged if k in inputs] or inputs[:1]
    body = {"output": output, "outputs": outs if isinstance(declared, list | tuple) else outs[0],
            "inputs": [item(e) for e in _entries(spec, "inputs")], "changedPropIds": changed,
            "parsedChangedPropsIds": changed}
    if spec["state"]:
        body["state"] = [item(e) for e in _entries(spec, "state")]
    return body


class InlineJobs(DiskcacheManager):
    """Background callbacks run in the request that starts them, so a forged post's job has finished (or
    raised) by the time its answer is collected; no process is started, and none is killed."""

    def call_job_fn(self, key: str, job_fn: Any, args: Any, context: Any) -> int:
        job_fn(key, self._make_progress_key(key), args, context)
        return 0

    def job_running(self, job: Any) -> bool:
        return False

    def terminate_job(self, job: Any) -> None:
        return None

    def terminate_unhealthy_job(self, job: Any) -> bool:
        return False


@pytest.fixture(scope="module", autouse=True)
def inline_jobs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    import diskcache

    from network.ui import jobs

    cache = diskcache.Cache(str(tmp_path_factory.mktemp("jobs")))
    manager = InlineJobs(cache)
    saved = APP._background_manager
    APP._background_manager = manager
    for spec in APP.callback_map.values():
        if spec.get("background"):
            spec["manager"] = manager
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jobs, "lower_priority", lambda: None)  # a job run here would lower the whole test run's
        yield
    APP._background_manager = saved
    cache.close()


@pytest.fixture(autouse=True)
def uploads_here(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENTANGLE_CACHE", str(tmp_path / "cache"))


def post(body: Any, raw: bytes | None = None, content_type: str = "application/json") -> tuple[int, str]:
    """Post a callback request (a body to write as JSON, or raw bytes); a background job's answer is collected."""
    data = raw if raw is not None else json.dumps(body, allow_nan=True)
    response = CLIENT.post("/_dash-update-component", data=data, content_type=content_type)
    text = response.get_data(as_text=True)
    if response.status_code == 200 and text.startswith("{") and '"cacheKey"' in text[:200]:
        handles = json.loads(text)
        query = f"?cacheKey={quote(handles['cacheKey'])}&job={quote(handles['job'])}"
        response = CLIENT.post("/_dash-update-component" + query, data=data, content_type=content_type)
        text = response.get_data(as_text=True)
    return response.status_code, text


def _value_cases() -> Iterator[Any]:
    """One case per callback and input (then per callback, every input at once): its forged values by label.
    A case posts its values one after another, so a run makes a few hundred tests of some 4,000 posts (one test
    per post cost twice as long in pytest's own bookkeeping as in the posts); a failure lists every value that
    failed, by label, as one test per value did."""
    for name, output in CALLBACKS.items():
        spec = APP.callback_map[output]
        for entry in [*spec["inputs"], *spec["state"]]:
            prop_id = f"{entry['id']}.{entry['property']}"
            forged = {label: {prop_id: value} for label, value in (GENERIC | _seeded(prop_id)).items()}
            yield pytest.param(output, forged, id=f"{name}:{prop_id}")
        everything = [f"{e['id']}.{e['property']}" for e in [*spec["inputs"], *spec["state"]]]
        yield pytest.param(output, {label: dict.fromkeys(everything, value) for label, value in GENERIC.items()},
                           id=f"{name}:every-input")


def _errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [f"{r.name}: {r.getMessage()}" for r in caplog.records
            if r.levelno >= logging.ERROR and r.name.startswith("network")]


def _wrong_answer(output: str, forged: dict[str, Any], caplog: pytest.LogCaptureFixture) -> str | None:
    """What is wrong with the app's answer to one forged post (None when nothing is)."""
    caplog.clear()
    status, text = post(_body(output, **forged))
    if status == 500 or "Traceback" in text:
        return f"answered {status} with {text[:300]!r}"
    if "callback" not in APP.callback_map[output]:  # a client-side callback: the server has nothing to run
        return None if status == 400 else f"answered {status}, not 400, for a client-side callback"
    if status not in (200, 204):
        return f"answered {status}, not a view: {text[:300]!r}"
    if errors := _errors(caplog):
        return f"the callback raised: it must check this value itself ({errors})"
    if ECHO in text:
        return "a 1 MB value came back: the callback must cut what it keeps"
    if status == 200:  # what the browser's JSON.parse reads: NaN and Infinity are no JSON there
        try:
            json.loads(text, parse_constant=_no_constant)
        except AssertionError as err:
            return str(err)
    return None


@pytest.mark.parametrize(("output", "cases"), list(_value_cases()))
def test_a_forged_value_is_answered_with_a_view(output: str, cases: dict[str, dict[str, Any]],
                                                caplog: pytest.LogCaptureFixture) -> None:
    wrong = {label: problem for label, forged in cases.items()
             if (problem := _wrong_answer(output, forged, caplog)) is not None}
    assert wrong == {}, "\n".join(f"{label}: {problem}" for label, problem in wrong.items())


def _no_constant(token: str) -> Any:
    raise AssertionError(f"{token} in an answer: the browser cannot read it")


def _malformed(output: str) -> dict[str, Any]:
    """Requests for ``output`` that no page sends, by name."""
    body = _body(output)
    first = body["inputs"][0]
    other = "nowhere.children" if output != "nowhere.children" else "elsewhere.children"
    outputs = body["outputs"]
    wrong_outputs = ([outputs[0] | {"property": "nope"}, *outputs[1:]] if isinstance(outputs, list)
                     else outputs | {"property": "nope"})
    cases = {
        "list-body": [body],
        "no-inputs": {k: v for k, v in body.items() if k != "inputs"},
        "inputs-not-a-list": body | {"inputs": "x"},
        "inputs-missing-one": body | {"inputs": body["inputs"][:-1]},
        "inputs-one-more": body | {"inputs": [*body["inputs"], first]},
        "input-not-an-object": body | {"inputs": [5, *body["inputs"][1:]]},
        "input-wrong-id": body | {"inputs": [first | {"id": "nowhere"}, *body["inputs"][1:]]},
        "input-wrong-property": body | {"inputs": [first | {"property": "nope"}, *body["inputs"][1:]]},
        "input-id-1mb": body | {"inputs": [first | {"id": MB}, *body["inputs"][1:]]},
        "unknown-output": body | {"output": other},
        "output-wrong-property": body | {"output": output.replace(".", ".nope", 1)},
        "output-not-a-string": body | {"output": {"id": output}},
        "output-1mb": body | {"output": MB},
        "no-output": {k: v for k, v in body.items() if k != "output"},
        "outputs-wrong-property": body | {"outputs": wrong_outputs},
        "no-outputs": {k: v for k, v in body.items() if k != "outputs"},
        "changed-not-a-list": body | {"changedPropIds": {"a": 1}},
        "changed-unhashable": body | {"changedPropIds": [{"a": 1}]},
        "too-deep": body | {"inputs": [first | {"value": _deep(guard.MAX_DEPTH + 5)}, *body["inputs"][1:]]},
    }
    if "state" in body:
        cases["no-state"] = {k: v for k, v in body.items() if k != "state"}
        cases["state-wrong-id"] = body | {"state": [body["state"][0] | {"id": "nowhere"}, *body["state"][1:]]}
    return cases


def _request_cases() -> Iterator[Any]:
    """One case per callback: its malformed requests by label (posted one after another, as the values are)."""
    for name, output in CALLBACKS.items():
        yield pytest.param(_malformed(output), id=name)


def _not_a_short_refusal(status: int, text: str) -> str | None:
    """What is wrong with an answer that should be a short refusal (None when nothing is)."""
    if not 400 <= status < 500:
        return f"answered {status}, not 4xx: {text[:300]!r}"
    if "Traceback" in text or len(text) >= 300:
        return f"a refusal of {len(text)} characters, not a short one: {text[:300]!r}"
    try:
        said = json.loads(text).get("error")
    except (ValueError, AttributeError):
        said = None
    return None if isinstance(said, str) else f"a refusal with no error said: {text[:300]!r}"


def _short_refusal(status: int, text: str) -> None:
    problem = _not_a_short_refusal(status, text)
    assert problem is None, problem


@pytest.mark.parametrize("bodies", list(_request_cases()))
def test_a_forged_request_gets_a_short_refusal(bodies: dict[str, Any]) -> None:
    wrong = {label: problem for label, body in bodies.items()
             if (problem := _not_a_short_refusal(*post(body))) is not None}
    assert wrong == {}, "\n".join(f"{label}: {problem}" for label, problem in wrong.items())


RAW = {
    "invalid-json": b'{"output": ', "empty": b"", "null": b"null", "number": b"5", "string": b'"text"',
    "nan": b"NaN", "infinity": b"Infinity", "empty-list": b"[]", "empty-object": b"{}",
    "nesting-100000": b"[" * 100_000, "not-utf8": b"\xff\xfe\x00{", "1mb-string": json.dumps(MB).encode(),
}


def _nested(containers: int, leaf: Any = "x") -> Any:
    """``containers`` lists and objects, one in the other (alternating), around ``leaf``."""
    value = leaf
    for i in range(containers):
        value = [value, 1, "y"] if i % 2 else {"k": value, "n": None}
    return value


def test_the_depth_guard_counts_lists_and_objects_not_their_texts() -> None:
    limit = guard.MAX_DEPTH
    assert guard._depth_within(_nested(limit), limit) and not guard._depth_within(_nested(limit + 1), limit)
    assert guard._depth_within(["ebhs"] * 20_000, 1) and not guard._depth_within([[]], 1)
    assert guard._depth_within("text", 1) and guard._depth_within({}, 1)
    wide = {"inputs": [{"value": ["x"] * 1000}, {"value": _nested(limit - 3)}]}  # 3 + (limit - 3) deep
    assert guard._depth_within(wide, limit) and not guard._depth_within(wide, limit - 1)


@pytest.mark.parametrize("raw", list(RAW.values()), ids=list(RAW))
def test_a_body_that_is_no_request_gets_a_short_refusal(raw: bytes) -> None:
    _short_refusal(*post(None, raw=raw))


def test_a_request_that_is_not_json_gets_a_short_refusal() -> None:
    body = json.dumps(_body(CALLBACKS["show_date"])).encode()
    _short_refusal(*post(None, raw=body, content_type="text/plain"))
    response = CLIENT.get("/_dash-update-component")  # Dash's catch-all route: the page itself
    assert response.status_code < 500 and "Traceback" not in response.get_data(as_text=True)


def test_the_renderers_own_request_is_answered() -> None:
    """What Dash's renderer posts when the page loads (recorded from Chromium): the guard lets it through."""
    body = {"output": CALLBACKS["open_address"], "outputs": _body(CALLBACKS["open_address"])["outputs"],
            "inputs": [{"id": ids.ADDRESS, "property": "data"}], "changedPropIds": [], "parsedChangedPropsIds": [],
            "state": [{"id": ids.URL, "property": "search", "value": "?from=ebhs"},
                      {"id": ids.BROWSER_STORE, "property": "data", "value": None},
                      {"id": ids.QUERY_STORE, "property": "data", "value": {"dataset": "default"}}]}
    status, text = post(body)
    assert status == 200 and json.loads(text)["response"]["store-query"]["data"]["origins"] == ["ebhs"]


def test_every_callback_is_covered() -> None:
    """Every callback of the running app gets forged values and forged requests; a new one is covered too."""
    cases = list(_value_cases())
    covered = {c.values[0] for c in cases}
    requested = {output for output in CALLBACKS.values() if len(_malformed(output)) >= 19}
    assert len(covered) == len(APP.callback_map) == len(DEPENDENCIES) == len(CALLBACKS)
    assert covered == requested == set(APP.callback_map)
    assert sum(len(c.values[1]) for c in cases) > 20 * len(APP.callback_map)  # forged posts, not cases


def test_a_callback_that_raises_keeps_the_view(monkeypatch: pytest.MonkeyPatch,
                                              caplog: pytest.LogCaptureFixture) -> None:
    from network.ui import callbacks

    def broken(*_args: Any) -> Any:
        raise RuntimeError("a bug with a secret in its message")

    monkeypatch.setattr(callbacks, "timeline_figure", broken)
    status, text = post(_body(CALLBACKS["update_timeline"]))
    answer = json.loads(text)
    assert status == 200 and answer["response"] == {}  # the timeline on screen stays
    assert answer["sideUpdate"] == {ids.NOTICE: {"children": guard.CALLBACK_TROUBLE}}
    assert "secret" not in text and "Traceback" not in text
    [record] = [r for r in caplog.records if r.name == "network.ui.guard"]
    assert record.exc_info and isinstance(record.exc_info[1], RuntimeError)
    assert guard.on_callback_error(RuntimeError("outside a callback")) is no_update


def test_an_unexpected_error_is_a_plain_page(caplog: pytest.LogCaptureFixture) -> None:
    server = Flask(__name__)

    @server.get("/broken")
    def broken() -> str:
        raise RuntimeError("a bug")

    guard.install(server)
    response = server.test_client().get("/broken")
    assert response.status_code == 500 and response.get_data(as_text=True) == guard.SERVER_TROUBLE
    assert any(r.exc_info and isinstance(r.exc_info[1], RuntimeError) for r in caplog.records)
    assert server.test_client().get("/nowhere").status_code == 404


#: Forged query strings for the pages beside the explorer.
QUERIES = ["?from=<script>&hops=NaN&asof=Infinity&status=%00&rel=" + "x" * 5000, "?hops=1e999&asof=9999-99-99",
           "?from=" + "&from=".join(["ebhs"] * 500), "?route=" + ">".join(["ebhs"] * 2000), "?%ff%fe=%ff&data=%ff",
           "?paper=letter&paper[]=a4&dataset=" + "f" * 64, "?" + "a=" * 20_000, "?cont=NaN&ctx=[]&cut={}&click=%0a"]
FORMS: list[dict[str, str]] = [{}, {"dataset": "x" * 100_000}, {"dataset": "f" * 64}, {"dataset": "../../etc"},
                               {"story": "NaN"}, {"story": '{"steps": [{"view": {"a": 1}, "sources": "S1"}]}'},
                               {"story": "[" * 50_000}, {"story": '{"title": [], "steps": "x"}'}]


@pytest.mark.parametrize("page", ["/present", "/handout", "/handout.pdf", "/export.html", "/present/story"])
def test_the_pages_take_forged_values(page: str) -> None:
    for query in QUERIES[:3] if page == "/handout.pdf" else QUERIES:
        response = CLIENT.get(page + query)
        assert response.status_code < 500 and b"Traceback" not in response.data, query
    for form in FORMS[:4] if page == "/handout.pdf" else FORMS:
        response = CLIENT.post(page + QUERIES[1], data=form)
        assert response.status_code < 500 and b"Traceback" not in response.data, form
