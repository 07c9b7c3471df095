"""The language of each request to the web server: the one home of that rule.

In order: ``?lang=`` on the request itself (the slides, the handout, the page); else ``?lang=`` on the page that
sent it (a callback, or the page's layout, is fetched by the page, whose address the browser sends as the
``Referer``: same origin only, by our Referrer-Policy); else the browser's own languages (``Accept-Language``, on
a first visit without ``lang``). The page writes ``lang`` into its address once a reader picks a language, so a
copied link opens in the language it was copied in, whatever the next reader's browser says.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from flask import Flask, Response, g, request

from .. import i18n

__all__ = ["install", "request_language", "chosen_in"]


def chosen_in(search: str | None) -> str:
    """The language a query string chooses, or ``""``.

    Examples
    --------
    >>> chosen_in("?from=ebhs&lang=es"), chosen_in("?lang=xx"), chosen_in("")
    ('es', '', '')
    """
    values = parse_qs((search or "").lstrip("?")).get("lang") or [""]
    return i18n.choose(values[0])


def request_language() -> str:
    """The language of the request being served (see the module's note for the order)."""
    own = i18n.choose(request.args.get("lang"))
    if own:
        return own
    referrer = request.referrer or ""
    sent_by = urlsplit(referrer)
    if referrer and sent_by.netloc == request.host:
        by_page = chosen_in(sent_by.query)
        if by_page:
            return by_page
    return i18n.negotiate(request.headers.get("Accept-Language"))


def install(server: Flask) -> None:
    """Speak each request's language while it is served, and say which one in the answer (``Content-Language``;
    ``Vary``, so a cache never gives a Spanish page to an English reader)."""

    @server.before_request
    def speak() -> None:
        g.language_token = i18n.use(request_language())

    @server.teardown_request
    def stop(_error: BaseException | None) -> None:
        token = g.pop("language_token", None)
        if token is not None:
            i18n.reset(token)

    @server.after_request
    def say(response: Response) -> Response:
        response.headers["Content-Language"] = i18n.language()
        response.vary.add("Accept-Language")
        return response
