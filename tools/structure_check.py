"""The structure targets of the newskg package, read with ``ast`` (nothing is imported).

Prints three figures and fails (exit 1) when one is over its target:

* import cycles between newskg modules, counting imports inside functions as well as at the top;
* functions (and methods) longer than 60 lines, from ``def`` to their last line;
* Python files longer than 700 lines (the generated ``newskg/ontology/terms.py`` aside).

Run by ``make lint`` (and so by ``make test`` and CI)::

    python tools/structure_check.py [ROOT] [--debt tools/structure_debt.txt]

A debt file lists, one per line, violations known and scheduled for removal (``function
PATH:NAME``, ``file PATH``, ``cycle A <-> B``): they are printed and counted but do not fail the
run; a violation not listed fails it, and so does a listed one that is gone (delete its line), so
the debt only shrinks.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from pathlib import Path

MAX_FUNCTION_LINES = 60
MAX_FILE_LINES = 700
GENERATED = frozenset({"newskg/ontology/terms.py"})


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(tree: ast.AST, module: str, is_package: bool) -> Iterator[str]:
    """Every module name an import statement of ``tree`` may refer to, wherever it stands."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph(root: Path) -> dict[str, set[str]]:
    paths = {module_name(root, p): p for p in sorted((root / "newskg").rglob("*.py"))}
    graph: dict[str, set[str]] = {name: set() for name in paths}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for target in imported_names(tree, name, path.name == "__init__.py"):
            while target and target not in paths:  # "pkg.mod.func" -> "pkg.mod"
                target = target.rpartition(".")[0]
            # a module importing its own package's __init__ is how packages work, not a cycle
            if target and target != name and not name.startswith(target + "."):
                graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in order:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        order[start] = low[start] = len(order)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for succ in successors:
                if succ not in order:
                    order[succ] = low[succ] = len(order)
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(sorted(graph[succ]))))
                    advanced = True
                    break
                if succ in on_stack:
                    low[node] = min(low[node], order[succ])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == order[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def long_functions(root: Path) -> list[tuple[int, str]]:
    out = []
    for path in sorted((root / "newskg").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel in GENERATED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    out.append((length, f"{rel}:{node.name}"))
    return sorted(out, reverse=True)


def long_files(root: Path) -> list[tuple[int, str]]:
    out = []
    for path in sorted((root / "newskg").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        length = len(path.read_text(encoding="utf-8").splitlines())
        if rel not in GENERATED and length > MAX_FILE_LINES:
            out.append((length, rel))
    return sorted(out, reverse=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default=Path(__file__).resolve().parent.parent, type=Path)
    parser.add_argument("--debt", type=Path, help="known violations that do not fail the run (see above)")
    args = parser.parse_args(argv)
    root = args.root
    debt: set[str] = set()
    if args.debt is not None:
        lines = args.debt.read_text(encoding="utf-8").splitlines()
        debt = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    found = [f"cycle {' <-> '.join(c)}" for c in cycles(import_graph(root))]
    functions = long_functions(root)
    files = long_files(root)
    found += [f"function {where}" for _length, where in functions] + [f"file {where}" for _length, where in files]
    print(f"import cycles: {sum(v.startswith('cycle ') for v in found)}")
    for violation in found:
        if violation.startswith("cycle "):
            print("   ", violation.removeprefix("cycle "), "(debt)" if violation in debt else "")
    print(f"functions over {MAX_FUNCTION_LINES} lines: {len(functions)}")
    for length, where in functions:
        print(f"    {length:4d}  {where}", "(debt)" if f"function {where}" in debt else "")
    print(f"files over {MAX_FILE_LINES} lines: {len(files)}")
    for length, where in files:
        print(f"    {length:4d}  {where}", "(debt)" if f"file {where}" in debt else "")
    new = [v for v in found if v not in debt]
    paid = sorted(debt.difference(found))
    for violation in new:
        print(f"FAIL: {violation} (not in the debt file)")
    for violation in paid:
        print(f"FAIL: {violation} is fixed: delete its line from the debt file")
    return 1 if new or paid else 0


if __name__ == "__main__":
    sys.exit(main())
