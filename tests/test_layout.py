"""The layers of ``network``, as README's Layout draws them, are the layers of the code.

The tree in README's Layout lists every module of the package once, top layer first, and a module imports only
modules drawn below it: nothing imports upward. Besides: nothing outside ``network/ui`` imports dash (or the
web server under it), ``network/io`` imports nothing of the analysis or what is built on it, and no modules
import each other in a cycle.

Imports are read with ``ast``. The layering rules read the imports a module makes when it is loaded (those at
module level, not inside functions or under ``if TYPE_CHECKING:``); an import made late, inside a function, may
go upward only where ``LATE_UPWARD`` says so. The dash and io rules read every import, wherever it is, even
those for types only.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import network

PACKAGE = Path(network.__file__).parent
README = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
#: Subpackages drawn as one line each (their own modules have their own rules: tests/test_io_layout.py for io).
SUBPACKAGES = ("io", "ui")
#: Imports made inside a function that go upward, each with its reason. Nothing else may.
LATE_UPWARD = {
    ("routes", "narrative"): "Route.sentence is told by narrative, which reads routes",
    ("figures", "aggregate_figure"): "a big data set's map is drawn by aggregate_figure, which draws with figures",
}
#: What the explorer alone may import: dash, its components and the web server under it.
WEB = re.compile(r"^(dash|dash_\w+|flask|werkzeug)$")
#: What io must never import: the analysis, the words and everything built on them.
NOT_FOR_IO = {"paths", "routes", "query", "levers", "timeline", "narrative", "figures", "presentation", "slidefit",
              "handout", "handout_pdf", "pages", "export", "story", "viewstate", "citations", "layout",
              "feasibility", "flowindex", "refs", "timing", "ui", "cli", "__init__"}


def module_name(path: Path) -> str:
    """A file's module, relative to ``network``: ``paths``, ``io.gexf``, ``io`` (for io/__init__.py), ``__init__``."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def unit(module: str) -> str:
    """The line of README's tree a module is drawn on: a top-level module, or its subpackage."""
    top = module.split(".")[0]
    return top if top in SUBPACKAGES else module


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _import_nodes(tree: ast.Module, when: str) -> list[ast.Import | ast.ImportFrom]:
    """The module's imports made ``when``: "load" (at module level, as it loads), "run" (those and the ones
    inside functions and classes, made when they run) or "any" (also those for types only)."""
    if when == "any":
        return [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(statements: list[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, ast.Import | ast.ImportFrom):
                found.append(node)
            elif isinstance(node, ast.If):
                visit(node.orelse if _is_type_checking(node.test) else node.body + node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body + [s for h in node.handlers for s in h.body] + node.orelse + node.finalbody)
            elif isinstance(node, ast.With):
                visit(node.body)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and when == "run":
                visit(node.body)

    visit(tree.body)
    return found


def _resolve(parts: list[str], names: list[str]) -> set[str]:
    """The modules of ``network`` an import from ``parts`` of ``names`` loads (a name may be a submodule)."""
    out = set()
    for name in names:
        candidate = PACKAGE.joinpath(*parts, name)
        if candidate.with_suffix(".py").exists() or (candidate / "__init__.py").exists():
            out.add(".".join([*parts, name]))
        else:
            out.add(".".join(parts) or "__init__")
    return out


def imports(path: Path, when: str = "load") -> tuple[set[str], set[str]]:
    """(modules of ``network``, top-level names of other packages) one file imports ``when`` (see _import_nodes)."""
    me = module_name(path)
    here = me.split(".") if path.name == "__init__.py" and me != "__init__" else me.split(".")[:-1]
    ours: set[str] = set()
    theirs: set[str] = set()
    for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8")), when):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top, *rest = alias.name.split(".")
                if top == "network":
                    ours.add(".".join(rest) or "__init__")
                else:
                    theirs.add(top)
            continue
        module = (node.module or "").split(".") if node.module else []
        if node.level:
            base = here[: len(here) - (node.level - 1)]
        elif module[:1] == ["network"]:
            base, module = [], module[1:]
        else:
            theirs.add(module[0])
            continue
        ours |= _resolve(base + module, [a.name for a in node.names])
    ours.discard(me)
    return ours, theirs


FILES = sorted(PACKAGE.rglob("*.py"))


def drawn_tree() -> list[tuple[str, str]]:
    """(layer, line) for each module line of README's tree of ``network/``, top first."""
    marker = "\n```\nnetwork/"
    assert marker in README, "README's Layout no longer draws the tree of network/"
    tree = README.split(marker, 1)[1].split("```", 1)[0]
    drawn = []
    layer = ""
    for line in tree.splitlines():
        if m := re.match(r"^[├└]── (\w+)/ ", line):  # a subpackage at the top is a layer of its own
            layer = m.group(1)
            drawn.append((layer, m.group(1)))
        elif m := re.match(r"^[├└]── ([\w ]+):", line):
            layer = m.group(1)
        elif m := re.match(r"^[│ ]   [├└]── (\w+)(\.py|/) ", line):
            drawn.append((layer, m.group(1)))
    return drawn


ORDER = [name for _, name in drawn_tree()]


def test_the_tree_draws_every_module_once():
    modules = sorted({unit(module_name(p)) for p in FILES})
    assert sorted(ORDER) == modules, (f"drawn but not in network/: {sorted(set(ORDER) - set(modules))}; "
                                      f"in network/ but not drawn: {sorted(set(modules) - set(ORDER))}")
    assert len(ORDER) == len(set(ORDER)), "a module is drawn twice"


def test_nothing_imports_upward():
    """A module imports only modules drawn below it, so the layers read top down and never loop."""
    upward = []
    for path in FILES:
        me = unit(module_name(path))
        for other in sorted({unit(m) for m in imports(path)[0]} - {me}):
            if ORDER.index(other) < ORDER.index(me):
                upward.append(f"{module_name(path)} imports {other}, drawn above it")
    assert not upward, upward


def test_late_imports_go_upward_only_where_known():
    upward = set()
    for path in FILES:
        me = unit(module_name(path))
        for other in {unit(m) for m in imports(path, "run")[0]} - {me}:
            if ORDER.index(other) < ORDER.index(me):
                upward.add((me, other))
    assert upward <= set(LATE_UPWARD), sorted(upward - set(LATE_UPWARD))


def test_no_import_cycles():
    """Among every module of network (io's and ui's one by one), as loaded: no module imports itself back."""
    graph = {module_name(p): imports(p)[0] for p in FILES}
    done: set[str] = set()

    def visit(module: str, trail: tuple[str, ...]) -> None:
        assert module not in trail, " -> ".join(trail[trail.index(module):] + (module,))
        if module in done:
            return
        for other in sorted(graph.get(module, ())):
            visit(other, trail + (module,))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())


def test_only_the_explorer_imports_dash():
    outside = {f"{module_name(p)}: {name}" for p in FILES if unit(module_name(p)) != "ui"
               for name in imports(p, "any")[1] if WEB.match(name)}
    assert not outside, sorted(outside)


def test_io_imports_no_analysis():
    found = {f"{module_name(p)} imports {m}" for p in FILES if unit(module_name(p)) == "io"
             for m in imports(p, "any")[0] if unit(m) in NOT_FOR_IO}
    assert not found, sorted(found)


def test_the_rules_read_real_imports():
    """The parser sees what is there (else every rule above would pass on nothing)."""
    cli, serving = PACKAGE / "cli.py", PACKAGE / "serving.py"
    assert {"paths", "io", "export", "serving"} <= imports(cli)[0] and "ui.app" not in imports(cli)[0]
    assert "ui.app" not in imports(serving)[0] and "ui.app" in imports(serving, "run")[0]
    assert "dash" in imports(PACKAGE / "ui" / "callbacks.py")[1]
    routes, narrative = PACKAGE / "routes.py", PACKAGE / "narrative.py"
    assert "narrative" not in imports(routes)[0] and "narrative" in imports(routes, "run")[0]  # in Route.sentence
    assert "routes" not in imports(narrative, "run")[0] and "routes" in imports(narrative, "any")[0]  # types only
    assert imports(PACKAGE / "io" / "gexf.py")[0] >= {"errors", "model", "io.xmltext"}
