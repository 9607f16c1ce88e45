"""The package's shape: data flows one way, and geometry is written in one place.

Modules below ``symconv.layer`` read layers through ``symconv.protocol`` and never import
``symconv.layer`` at run time (an import under ``if TYPE_CHECKING:`` is only for type hints).
Importing symconv changes nothing global.
"""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "symconv"

ALLOWED_TO_IMPORT_LAYER = {"symconv", "symconv.layer", "symconv.examples", "symconv.torch_bridge"}
"""The package root re-exports the layers; examples and the PyTorch bridge make layers; so does the CLI."""


def module_name(path: pathlib.Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def runtime_imports(path: pathlib.Path) -> set[str]:
    """Absolute names of the symconv modules a file imports outside ``if TYPE_CHECKING:`` blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {name for name in found if name.startswith("symconv")}


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[module_name(p) for p in MODULES])
def test_no_module_below_the_layer_imports_it_at_run_time(path):
    name = module_name(path)
    if name in ALLOWED_TO_IMPORT_LAYER or name.startswith("symconv.cli"):
        return
    assert "symconv.layer" not in runtime_imports(path), f"{name} imports symconv.layer at run time"


@pytest.mark.parametrize("path", sorted((PACKAGE / "printing").glob("*.py")), ids=lambda p: p.stem)
def test_printers_never_import_the_layer_classes_or_the_numeric_modules(path):
    imported = runtime_imports(path)
    assert not imported & {"symconv.layer", "symconv.numeric", "symconv.torch_bridge"}


def test_the_flattening_rule_is_written_only_in_layout():
    """CHW/HWC index arithmetic lives in symconv/layout.py; other modules ask it."""
    offenders = []
    for path in MODULES:
        if path.name in ("layout.py",) or "torch_bridge" in path.name:
            continue
        source = path.read_text(encoding="utf-8")
        for marker in ("np.moveaxis(", "* self.out_channels + u", "positions * channels"):
            if marker in source:
                offenders.append(f"{module_name(path)}: {marker}")
    assert not offenders


def test_importing_symconv_is_light_and_changes_nothing_global():
    code = (
        "import sys, builtins, sympy; p = builtins.print; r = sympy.Basic.__repr__; import symconv; "
        "heavy = [m for m in ('scipy', 'torch', 'tqdm', 'latexify', 'matplotlib', 'lark') if m in sys.modules]; "
        "assert not heavy, heavy; assert builtins.print is p and sympy.Basic.__repr__ is r; print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "ok", result.stderr
