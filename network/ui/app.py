"""The app factory: a Dash app serving one data set (the bundled Boston one unless told otherwise)."""

from __future__ import annotations

from pathlib import Path

from dash import Dash, html

from ..io import load

__all__ = ["create_app"]

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def create_app(path: str | Path | None = None) -> Dash:
    """Build the app for a data set. Nothing is fetched from outside: scripts are served locally."""
    ds = load(path)
    app = Dash(__name__, title="Entanglement Map", assets_folder=str(ASSETS), serve_locally=True)
    summary = ds.summary()
    app.layout = html.Main(
        [
            html.H1("Entanglement Map"),
            html.P(ds.title),
            html.P(
                f"{summary['nodes']} institutions, {summary['flow_edges']} flow links, "
                f"{summary['context_edges']} context links, {summary['sources']} sources."
            ),
        ]
    )
    return app
