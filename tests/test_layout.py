"""The code's layout: one package per capability, each saying what it owns, and no import
circle anywhere in ssm_fake (module-level imports, TYPE_CHECKING ones included)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import ssm_fake
from ssm_fake.backend import registry

PACKAGE = Path(ssm_fake.__file__).parent
CAPABILITIES = ("parameters", "documents", "instances", "commands")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, name: str, modules: set[str]) -> set[str]:
    tree = ast.parse(path.read_text())
    body: list[ast.stmt] = []
    for node in tree.body:
        is_type_checking = isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        body += node.body if is_type_checking else [node]  # type: ignore[attr-defined]
    found: set[str] = set()
    base = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in body:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parent = base[: len(base) - (node.level - 1)]
                module = ".".join(parent + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            submodules = {f"{module}.{alias.name}" for alias in node.names} & modules
            found |= submodules or {module}
    return found & modules - {name}


def _circles() -> list[list[str]]:
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges = {name: _imports(path, name, set(paths)) for name, path in paths.items()}
    circles, index, low, stack, on_stack = [], {}, {}, [], set()

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for v in edges:
        if v not in index:
            visit(v)
    return circles


def test_no_import_circles() -> None:
    assert _circles() == []


def test_each_capability_is_a_package_that_says_what_it_owns() -> None:
    backend = PACKAGE / "backend"
    for name in (*CAPABILITIES, "shared"):
        init = backend / name / "__init__.py"
        docstring = ast.get_docstring(ast.parse(init.read_text()))
        assert docstring, f"backend/{name}/__init__.py needs a docstring saying what it owns and uses"
    assert not [p.name for p in backend.glob("*.py") if p.stem not in {"__init__", "registry", "state"}]


def test_handlers_are_found_in_subpackages(ssm_fake: object) -> None:
    modules = {handler.__module__.split(".")[2] for handler in registry.HANDLERS.values()}
    assert set(CAPABILITIES) <= modules


def test_import_loads_no_capability() -> None:
    """Capabilities load at the first mock start, so ``import ssm_fake`` stays cheap."""
    code = "import sys, ssm_fake; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert [m for m in loaded if m.startswith("ssm_fake.backend.") and m.split(".")[2] in CAPABILITIES] == []
