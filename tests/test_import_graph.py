"""No import cycle between the core's modules, ``TYPE_CHECKING`` imports included.

The layer contracts themselves live in ``pyproject.toml`` (``[tool.importlinter]``) and run with
``lint-imports`` in the tox ``lint`` env; this test refuses what they cannot see: a cycle inside
one layer (two modules of ``services`` importing each other, ``cli`` and a command...).
"""

from __future__ import annotations

import grimp
import pytest


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(
        "pixorga_core", include_external_packages=False, exclude_type_checking_imports=False
    )


def cycles(imports: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (or importing itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    for root in sorted(imports):
        if root in index:
            continue
        # Tarjan's algorithm, iteratively (a deep package would exceed the recursion limit).
        work = [(root, iter(sorted(imports[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(imports.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in imports.get(node, ()):
                    found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_cycles():
    imports = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a", "d"}, "e": set()}
    assert sorted(cycles(imports)) == [["a", "b", "c"], ["d"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_counts_type_checking_imports(graph):
    # commands.simulation imports the facade only for its annotations.
    assert "pixorga_core.facade" in graph.find_modules_directly_imported_by(
        "pixorga_core.commands.simulation"
    )


def test_no_import_cycle_between_core_modules(graph):
    imports = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    assert cycles(imports) == []
