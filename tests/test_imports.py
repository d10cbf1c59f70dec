"""No import cycle in ``logistics_opt/``, between modules or between packages.

Every ``import`` and ``from ... import`` in every module counts, wherever it is written: at module
level, inside a function or under ``if TYPE_CHECKING``. Relative imports are resolved to absolute
names, and ``from X import Y`` imports the module ``X.Y`` when there is one (else the module ``X``).
Importing ``a.b.c`` also runs the ``__init__`` of ``a.b`` and ``a``, so it counts as importing those
packages too, except the importer's own enclosing packages (which are already running).

In the package graph each subpackage of ``logistics_opt/`` (``data``, ``reports``, ...) and each
top-level module (``runs``, ``pipeline``, ...) is one node; imports within one node are not edges.
The package ``logistics_opt`` itself (its ``__init__``) is no node: it holds the version only and
imports nothing of the package (tested here), so importing it cannot close a cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import logistics_opt

PACKAGE = "logistics_opt"
ROOT = Path(logistics_opt.__file__).parent

Graph = dict[str, set[str]]


def module_files() -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its ``__init__``)."""
    out: dict[str, Path] = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join((PACKAGE, *parts))] = path
    return out


def _base(name: str, is_package: bool, level: int, module: str | None) -> str:
    """The absolute name a (possibly relative) ``from`` import names."""
    if level == 0:
        return module or ""
    package = name if is_package else name.rpartition(".")[0]
    for _ in range(level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{module}" if module else package


def imported_names(name: str, is_package: bool, source: str, modules: set[str]) -> Iterator[str]:
    """The modules that module ``name`` names in its imports (its ``source``), anywhere in the file;
    ``modules`` are the package's modules, to tell ``from X import submodule`` from other names."""
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _base(name, is_package, node.level, node.module)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                yield sub if sub in modules else base


def module_graph() -> Graph:
    """Each module to the package modules it imports (with the packages whose ``__init__`` that runs)."""
    files = module_files()
    modules = set(files)
    graph: Graph = {m: set() for m in modules}
    for name, path in files.items():
        own = {name.rsplit(".", k)[0] for k in range(name.count(".") + 1)}  # itself and its packages
        source = path.read_text(encoding="utf-8")
        for target in imported_names(name, path.name == "__init__.py", source, modules):
            parts = target.split(".")
            for k in range(1, len(parts) + 1):
                step = ".".join(parts[:k])
                if step in modules and step not in own:
                    graph[name].add(step)
    return graph


def node_of(module: str) -> str | None:
    """The package-graph node of a module: its top-level subpackage or module; None for the package."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def package_graph(modules: Graph) -> Graph:
    graph: Graph = {}
    for source, targets in modules.items():
        a = node_of(source)
        if a is None:
            continue
        graph.setdefault(a, set())
        for target in targets:
            b = node_of(target)
            if b is not None and b != a:
                graph[a].add(b)
    return graph


def strongly_connected(graph: Graph) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan, iterative), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found)


def a_cycle(graph: Graph, component: list[str]) -> list[str]:
    """One cycle through the component's first node, as ``[a, b, ..., a]`` (breadth-first, shortest)."""
    inside = set(component)
    start = component[0]
    came_from: dict[str, str] = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for child in sorted(graph[node] & inside):
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if child not in came_from:
                came_from[child] = node
                queue.append(child)
    raise AssertionError(f"no cycle through {start}")  # a component of more than one node has one


def cycles_report(graph: Graph) -> str:
    lines = []
    for component in strongly_connected(graph):
        lines.append(f"{len(component)} nodes in a cycle: {', '.join(component)}")
        lines.append("  for example: " + " -> ".join(a_cycle(graph, component)))
    return "\n".join(lines)


def test_no_cycle_between_modules() -> None:
    report = cycles_report(module_graph())
    assert not report, "import cycles between modules:\n" + report


def test_no_cycle_between_packages() -> None:
    report = cycles_report(package_graph(module_graph()))
    assert not report, "import cycles between packages and top-level modules:\n" + report


def test_the_package_init_imports_nothing_of_the_package() -> None:
    """Why the package itself is no node of the package graph."""
    assert module_graph()[PACKAGE] == set()


def test_function_level_and_relative_imports_are_found() -> None:
    """The walk sees an import hidden in a function body, resolves relative imports, and tells a
    submodule from a name in ``from X import Y``; the cycle finder names a cycle's nodes in order."""
    modules = set(module_files())
    source = (
        "from . import matrix, MAX_SNAP_KM\n"
        "from ..data import model\n"
        "def f():\n"
        "    from ..reports.render import fmt\n"
        "    import numpy\n"
    )
    found = set(imported_names("logistics_opt.roads.x", False, source, modules))
    assert found == {
        "logistics_opt.roads.matrix",
        "logistics_opt.roads",
        "logistics_opt.data.model",
        "logistics_opt.reports.render",
        "numpy",
    }
    assert set(imported_names("logistics_opt.wording", True, "from .en import EN", modules)) == {
        "logistics_opt.wording.en"
    }
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert strongly_connected(graph) == [["a", "b", "c"]]
    assert a_cycle(graph, ["a", "b", "c"]) == ["a", "b", "c", "a"]
