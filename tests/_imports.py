"""The package's import graph, function-level imports included (vendored from the project's
layering tool so that the architecture tests run wherever the repository is checked out)."""

from __future__ import annotations

import ast
from pathlib import Path


def modules(root: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package at ``root``."""
    out = {}
    for f in sorted(root.rglob("*.py")):
        name = ".".join(f.relative_to(root.parent).with_suffix("").parts)
        out[name[: -len(".__init__")] if name.endswith(".__init__") else name] = f
    return out


def imports(mods: dict[str, Path], cur: str, node) -> list[tuple[str, str | None]]:
    """(module, imported name or None) of each package module an import node of ``cur`` names."""
    base = cur.split(".") if mods[cur].name == "__init__.py" else cur.split(".")[:-1]
    out: list[tuple[str, str | None]] = []
    if isinstance(node, ast.ImportFrom):
        target = node.module or ""
        if node.level:
            b = base[: len(base) - (node.level - 1)]
            target = ".".join(b + ([node.module] if node.module else []))
        for a in node.names:
            if f"{target}.{a.name}" in mods:
                out.append((f"{target}.{a.name}", None))
            elif target in mods:
                out.append((target, a.name))
    else:
        out += [(a.name, None) for a in node.names if a.name in mods]
    return out


def graph(root: Path):
    """(edges {module: {imported modules}}, private cross-imports, {module: [(target, enclosing function)]})."""
    mods = modules(root)
    pkg = root.name
    edges: dict[str, set[str]] = {}
    private: set[str] = set()
    where: dict[str, list[tuple[str, str | None]]] = {}
    for m, f in mods.items():
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for func, node in _walk(tree, None):
            if not isinstance(node, (ast.Import, ast.ImportFrom)) or m == pkg:
                continue  # the package face (__init__) may import anything lazily
            for target, name in imports(mods, m, node):
                if target == m or not target.startswith(pkg):
                    continue
                edges.setdefault(m, set()).add(target)
                where.setdefault(m, []).append((target, func))
                if name and name.startswith("_") and not name.startswith("__") \
                        and not target.split(".")[-1].startswith("_"):
                    private.add(f"{m} imports private {target}.{name}")
    return edges, sorted(private), where


def _walk(node, func):
    for child in ast.iter_child_nodes(node):
        inner = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else func
        yield func, child
        yield from _walk(child, inner)


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    import sys

    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    sys.setrecursionlimit(max(10000, sys.getrecursionlimit()))
    for v in sorted(set(edges) | {w for ws in edges.values() for w in ws}):
        if v not in index:
            strong(v)
    return found
