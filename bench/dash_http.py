"""A Dash client over plain HTTP, as the browser's renderer talks to the server: for the load benchmark and the
tests that run the real server (gunicorn, Celery, Redis) in other processes.

It reads the page's config (the signed ``endId`` a background job's handles are bound to) and the callback list
(``/_dash-dependencies``), posts a callback the way dash-renderer does, and for a background callback polls with
the job's handles until the answer comes, as the renderer does at the callback's interval (with the inputs' and
state's values cleared, as the renderer clears them: a poll does not carry an upload's file again).
"""

from __future__ import annotations

import http.client
import json
import re
import time
from typing import Any
from urllib.parse import urlencode, urlsplit

__all__ = ["DashHTTP", "CallbackAnswer"]


class CallbackAnswer:
    """What a callback answered: its status, its outputs by ``id.property``, and the progress lines seen."""

    def __init__(self, status: int, body: dict[str, Any], progress: list[Any], polls: int) -> None:
        self.status, self.body, self.progress, self.polls = status, body, progress, polls

    def output(self, component: str, prop: str) -> Any:
        return self.body.get("response", {}).get(component, {}).get(prop)


class DashHTTP:
    """One reader's connection (kept alive) to a Dash app at ``base`` (``http://127.0.0.1:8050``)."""

    def __init__(self, base: str, timeout: float = 60.0) -> None:
        parts = urlsplit(base)
        self._host, self._port = parts.hostname or "127.0.0.1", parts.port or 80
        self._timeout = timeout
        self._conn = self._connect()
        self.end_id = ""
        self._callbacks: list[dict[str, Any]] = []

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self._host, self._port, timeout=self._timeout)

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        """One request; a connection the server closed is opened again once."""
        for attempt in (1, 2):
            try:
                self._conn.request(method, path, body=body, headers=headers or {})
                response = self._conn.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self._conn.close()
                self._conn = self._connect()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def page(self, path: str = "/") -> int:
        """Load the page (its HTML) and keep its ``endId``; return the status."""
        status, body = self.request("GET", path)
        found = re.search(rb'<script id="_dash-config" type="application/json">(.*?)</script>', body, re.S)
        if found:
            self.end_id = json.loads(found.group(1)).get("end_id", "")
        return status

    def callbacks(self) -> list[dict[str, Any]]:
        if not self._callbacks:
            status, body = self.request("GET", "/_dash-dependencies")
            if status != 200:
                raise RuntimeError(f"/_dash-dependencies answered {status}")
            self._callbacks = json.loads(body)
        return self._callbacks

    def callback_for(self, component: str, prop: str) -> dict[str, Any]:
        """The callback whose first input is ``component.prop``."""
        for cb in self.callbacks():
            first = cb["inputs"][0] if cb["inputs"] else None
            if first and first["id"] == component and first["property"] == prop:
                return cb
        raise KeyError(f"no callback takes {component}.{prop} first")

    def post(self, cb: dict[str, Any], values: dict[str, Any], *, poll_s: float = 0.25,
             deadline_s: float = 600.0) -> CallbackAnswer:
        """Fire ``cb`` with its first input changed; ``values`` by ``id.property`` (others are None). For a
        background callback, poll until it answers (or ``deadline_s`` passes)."""
        def spec(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
            return [{"id": i["id"], "property": i["property"], "value": values.get(f"{i['id']}.{i['property']}")}
                    for i in items]

        outputs = [dict(zip(("id", "property"), o.rsplit(".", 1), strict=True))
                   for o in cb["output"].strip(".").split("...")]
        first = cb["inputs"][0]
        payload = {"output": cb["output"], "outputs": outputs if len(outputs) > 1 else outputs[0],
                   "inputs": spec(cb["inputs"]), "state": spec(cb["state"]),
                   "changedPropIds": [f"{first['id']}.{first['property']}"]}
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        base = {"endId": self.end_id} if self.end_id else {}
        status, raw = self.request("POST", "/_dash-update-component?" + urlencode(base), body, headers)
        answer = json.loads(raw) if raw and status == 200 else {}
        progress: list[Any] = []
        polls = 0
        if not (status == 200 and "cacheKey" in answer):
            return CallbackAnswer(status, answer, progress, polls)
        handles = base | {"cacheKey": answer["cacheKey"], "job": answer["job"]}
        # the renderer polls with every input's and state's value cleared: the job has them already
        body = json.dumps(payload | {"inputs": [dict(i, value=None) for i in payload["inputs"]],
                                     "state": [dict(s, value=None) for s in payload["state"]]}).encode()
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            time.sleep(poll_s)
            polls += 1
            status, raw = self.request("POST", "/_dash-update-component?" + urlencode(handles), body, headers)
            got = json.loads(raw) if raw and status == 200 else {}
            if "progress" in got:
                progress.append(got["progress"])
            if status != 200 or "response" in got:
                return CallbackAnswer(status, got, progress, polls)
        return CallbackAnswer(0, {}, progress, polls)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> DashHTTP:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
