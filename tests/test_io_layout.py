"""The layout of ``network/io``: one topic per module, imported one way only, with no private names shared.

As in networkx's readwrite: each module is under 400 lines; a module imports only public names of another; the
modules import each other without a cycle, each only those README's Layout lists above it; and io builds on the
model and the errors alone, never on analysis (routes, levers, timeline, narrative, figures) or the interface.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import network.io

IO = Path(network.io.__file__).parent
#: What io may import from the rest of the package: the vocabulary and the data model, the errors, where files
#: are, the gc pause.
ALLOWED_OUTSIDE = {"errors", "vocabulary", "model", "resources", "gcpause", "i18n"}


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module imported, relative to ``network``, names taken from it) for each import of the package."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # every module here is in the package network.io: . is network.io, .. is network
                base = ["network", "io"][: 3 - node.level]
            elif (node.module or "").split(".")[0] == "network":
                base = []
            else:
                continue
            if node.module is None:  # from . import x
                found += [(".".join(base + [a.name]), []) for a in node.names]
            else:
                found.append((".".join(base + node.module.split(".")), [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names if a.name.split(".")[0] == "network"]
    return [(module.removeprefix("network").lstrip("."), names) for module, names in found]


MODULES = sorted(IO.glob("*.py"))
README = (IO.parents[1] / "README.md").read_text(encoding="utf-8")


def readme_order() -> list[str]:
    """The io modules in the order README's Layout lists them (one ``- `name.py`: ...`` line each)."""
    marker = "`network/io/`, the readers and writers"
    assert marker in README, f"README's Layout no longer lists the io modules after {marker!r}"
    listed = README.split(marker, 1)[1].split("\n\n", 2)[1]
    return re.findall(r"^- `(\w+)\.py`", listed, flags=re.M)


def test_every_io_module_is_under_400_lines():
    long = {p.name: n for p in MODULES if (n := len(p.read_text(encoding="utf-8").splitlines())) >= 400}
    assert not long, long


def test_no_io_module_imports_a_private_name():
    private = [(p.name, module, name) for p in MODULES for module, names in imports(p) for name in names
               if name.startswith("_") and name != "_"]  # `_` is gettext's, by the convention every tool reads
    assert not private, private


def test_io_builds_on_the_model_and_errors_only():
    outside = {(p.name, module) for p in MODULES for module, _ in imports(p)
               if not module.startswith("io") and module.split(".")[0] not in ALLOWED_OUTSIDE}
    assert not outside, outside


def test_io_modules_import_each_other_without_a_cycle():
    graph = {p.stem: {m.split(".")[1] for m, _ in imports(p) if m.startswith("io.")} for p in MODULES}
    graph.pop("__init__")
    done: set[str] = set()

    def visit(module: str, trail: tuple[str, ...]) -> None:
        assert module not in trail, " -> ".join(trail + (module,))
        if module in done:
            return
        for other in sorted(graph.get(module, ())):
            visit(other, trail + (module,))
        done.add(module)

    for module in graph:
        visit(module, ())


def test_readme_lists_every_io_module_once_each_after_those_it_imports():
    order = readme_order()
    assert sorted(order) == sorted(p.stem for p in MODULES)
    for p in MODULES:
        above = set(order[: order.index(p.stem)])
        below = {m.split(".")[1] for m, _ in imports(p) if m.startswith("io.")} - above
        assert not below, f"{p.name} imports {sorted(below)}, listed below it in README's Layout"
