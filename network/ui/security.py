"""Security headers on every response of an app's server (filled in by the serving issue's security work)."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Flask

__all__ = ["install"]


def install(server: Flask, frame_ancestors: Sequence[str] = ()) -> None:
    """Add the security headers to every response of ``server``; ``frame_ancestors`` names sites allowed to embed."""
