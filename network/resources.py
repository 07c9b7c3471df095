"""Where the package's own files are: the shipped data sets, the assets (CSS, JS, CSV templates), the templates.

Installed from a wheel, they are inside the package (``network/_data``, ``network/_assets``: the build copies
the repository's ``data/`` and ``assets/`` there) and are found with ``importlib.resources``. In a checkout
(running from source, or an editable install) the package has no copies and they are the repository's own
``data/`` and ``assets/`` folders beside ``network/``. The page templates are ``network/templates`` in both cases
(Jinja's ``PackageLoader`` finds them).

Examples
--------
>>> (DATA_DIR / "boston" / "edges.csv").is_file()
True
>>> (ASSETS / "style.css").is_file()
True
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["DATA_DIR", "BOSTON", "ASSETS", "TEMPLATES", "package_folder"]

_CHECKOUT = Path(__file__).resolve().parents[1]


def package_folder(packaged: str, checkout: str) -> Path:
    """The folder ``packaged`` inside the installed package, else the checkout's folder ``checkout``.

    Neither found (a broken install): the packaged path, so the error that follows names where it should be.

    Examples
    --------
    >>> package_folder("_data", "data").name in ("_data", "data")
    True
    """
    inside = resources.files("network").joinpath(packaged)
    if inside.is_dir():
        return Path(str(inside))  # a wheel unpacked by pip: a real folder (a zipped package is not supported)
    beside = _CHECKOUT / checkout
    if beside.is_dir() and (_CHECKOUT / "pyproject.toml").is_file():
        return beside
    return Path(str(inside))


#: The shipped data sets, one folder each.
DATA_DIR = package_folder("_data", "data")
#: The bundled Boston data set: what ``network.load()`` reads with no path.
BOSTON = DATA_DIR / "boston"
#: CSS, JS and the CSV templates, served by the explorer under /assets/ and inlined into standalone pages.
ASSETS = package_folder("_assets", "assets")
#: The Jinja templates of the presentation, handout and standalone pages.
TEMPLATES = Path(str(resources.files("network").joinpath("templates")))
