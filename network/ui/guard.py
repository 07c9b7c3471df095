"""No 500 and no traceback for a user, whatever is posted (filled in by the serving issue's forged-post work)."""

from __future__ import annotations

from typing import Any

from flask import Flask

__all__ = ["install", "on_callback_error"]


def on_callback_error(err: Exception) -> Any:
    """Dash's ``on_error``: a callback that raised keeps the view on screen."""
    raise err


def install(server: Flask) -> None:
    """Answer malformed requests with a plain message instead of a server error."""
