"""Security headers on every response of the app's server: the explorer, Dash's JSON, assets, pages, downloads.

The Content-Security-Policy lets a page run only the scripts this server serves, plus the inline script Dash
writes into its index page (allowed by its hash, from Dash's own ``Dash.csp_hashes``): no ``'unsafe-inline'``
and no ``'unsafe-eval'`` for scripts. Our own pages (slides, handout) have no inline script and no inline event
handler. What each library needs was found by serving the app under a stricter policy in headless Chromium and
watching for ``securitypolicyviolation`` events (``tests/browser/test_csp_browser.py`` keeps watching):

* ``script-src 'self'`` and the hash of dash-renderer's one inline line (``var renderer = new DashRenderer();``;
  any inline clientside callback would be hashed too). ``'unsafe-eval'`` is not needed: neither plotly.js (the
  dcc.Graph bundle and ``/vendor/plotly.min.js``, drawing our scatter traces and the timeline, hover, zoom, the
  legend, PNG and SVG downloads) nor dash-renderer, the dcc components or dash-ag-grid (whose ``{"function":
  ...}`` cell classes go through its own parser, not ``eval``) evaluate strings. plotly.js would want it only for
  its WebGL traces (``scattergl`` and the like, built with ``new Function``), which we never draw.
* ``style-src 'self' 'unsafe-inline'``: styles built in the browser cannot be hashed, and these libraries write
  ``<style>`` elements at run time: dash-renderer, the dcc components (through react-dom, e.g. the dropdown),
  dash-ag-grid (AG Grid writes its theme into the page) and plotly.js (its modebar and hover styles). Our slides
  set their type sizes in ``style`` attributes and the US Letter handout its paper size in a ``<style>``.
* ``img-src data: blob:``: plotly.js's PNG download draws the map through an ``<img>`` from a ``blob:`` then a
  ``data:`` address; AG Grid's icons are ``data:`` images in its styles.
* ``object-src 'none'``, ``base-uri 'none'``, ``form-action 'self'`` (the page buttons post here; nothing can
  post the chart to Plotly's cloud), everything else ``'self'``.
* ``frame-ancestors``: ``'none'`` (and ``X-Frame-Options: DENY``) unless sites are named
  (``create_app(frame_ancestors=[...])``); each must be a bare origin (scheme, host, optional port), checked by
  ``allowed_ancestor``, so that no value can add to the header.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dash import Dash
from flask import Flask, Response

__all__ = ["install", "allowed_ancestor", "content_security_policy", "REFERRER_POLICY"]

#: No address leaves the site in a Referer: a view's address says what a journalist is looking into, and the
#: sources it links to need not learn it, nor the tool's host. Same-origin requests keep their Referer, and a
#: form post keeps its Origin header (under ``no-referrer`` it would be ``Origin: null``) for any check of it.
REFERRER_POLICY = "same-origin"

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_ORIGIN = re.compile(rf"(?P<scheme>https?)://(?P<host>{_LABEL}(?:\.{_LABEL})*)(?::(?P<port>[0-9]{{1,5}}))?/?")
_HASH = re.compile(r"'sha(256|384|512)-[A-Za-z0-9+/]+={0,2}'")


def allowed_ancestor(value: object) -> str:
    """A site allowed to embed the app in a frame, as it goes into ``frame-ancestors``: ``https://host`` or
    ``http://host:port`` (no path, query, wildcard, quote, space or ``;``; a trailing ``/`` is dropped), or
    ``'self'``. Raises ``ValueError`` for anything else, so that no value can add to the header.

    Examples
    --------
    >>> allowed_ancestor("https://News.Example.org/")
    'https://news.example.org'
    >>> allowed_ancestor("https://example.org; script-src *")
    Traceback (most recent call last):
    ...
    ValueError: not a site allowed to embed the app (scheme://host[:port]): 'https://example.org; script-src *'
    """
    if value == "'self'":
        return value
    text = value.lower() if isinstance(value, str) else ""
    match = _ORIGIN.fullmatch(text) if text.isascii() else None
    port = match.group("port") if match else None
    if match is None or (port is not None and not 0 < int(port) < 65536):
        raise ValueError(f"not a site allowed to embed the app (scheme://host[:port]): {value!r}")
    return f"{match.group('scheme')}://{match.group('host')}" + (f":{int(port)}" if port else "")


def content_security_policy(script_hashes: Sequence[str] = (), frame_ancestors: Sequence[str] = ()) -> str:
    """The policy of every response: this server's scripts and the hashed inline ones, embedding by the sites
    ``frame_ancestors`` names (each checked) or by none.

    >>> content_security_policy()
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    """
    bad = [h for h in script_hashes if not _HASH.fullmatch(h)]
    if bad:
        raise ValueError(f"not a script hash: {bad!r}")
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],  # libraries write <style> at run time (module docstring)
        "img-src": ["'self'", "data:", "blob:"],  # plotly.js's PNG download
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": [allowed_ancestor(a) for a in frame_ancestors] or ["'none'"],
    }
    return "; ".join(" ".join([name, *values]) for name, values in directives.items())


def _dash_of(server: Flask) -> Dash | None:
    """The Dash app serving on ``server`` (its layout route is a method of the app)."""
    for view in server.view_functions.values():
        owner = getattr(view, "__self__", None)
        if isinstance(owner, Dash):
            return owner
    return None


def install(app: Dash | Flask, frame_ancestors: Sequence[str] = ()) -> None:
    """Add the security headers to every response of ``app``'s server (pages, Dash's JSON, assets, downloads,
    errors). ``frame_ancestors`` names the sites allowed to embed it; a bad one raises ``ValueError`` here.

    Pass the Dash app; given its Flask server, the Dash app serving on it is found from its routes. The hashes
    of Dash's inline scripts are taken at the first response, once Dash has set itself up for its first
    request (a plugin's inline clientside callbacks are added then).
    """
    server = app.server if isinstance(app, Dash) else app
    dash_app = app if isinstance(app, Dash) else _dash_of(server)
    ancestors = [allowed_ancestor(a) for a in frame_ancestors]
    fixed = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": REFERRER_POLICY}
    if not ancestors:
        fixed["X-Frame-Options"] = "DENY"  # for browsers without frame-ancestors; it would overrule a list
    policy: list[str] = []  # filled at the first response

    def add_security_headers(response: Response) -> Response:
        if not policy:
            policy.append(content_security_policy(dash_app.csp_hashes() if dash_app else (), ancestors))
        response.headers["Content-Security-Policy"] = policy[0]
        response.headers.update(fixed)
        return response

    server.after_request(add_security_headers)
