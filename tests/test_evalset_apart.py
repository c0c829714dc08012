"""The held-out family stays apart from the product: nothing hoso runs imports evalset,
and the type model is not trained on it (issue 16)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("classify", "ocr", "cleanup", "pipeline", "samples", "index", "catalogue", "dossier", "access", "web")
HELD_OUT = "evalset"


def _is_held_out(module: str | None) -> bool:
    return bool(module) and (module == HELD_OUT or module.startswith(HELD_OUT + "."))


def held_out_imports(source: str, filename: str = "<source>") -> list[str]:
    """Every way `source` brings in the held-out package: import statements, from-imports
    (also `from . import evalset` at the top level) and importlib/__import__ calls with a
    literal name."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if _is_held_out(a.name)]
        elif isinstance(node, ast.ImportFrom):
            if _is_held_out(node.module) or (not node.module and any(_is_held_out(a.name) for a in node.names)):
                found.append(f"from {'.' * node.level}{node.module or ''} import ...")
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ("import_module", "__import__") and _is_held_out(str(node.args[0].value)):
                found.append(f"{name}({node.args[0].value!r})")
    return [f"{filename}:{line}" for line in found]


def product_files() -> list[Path]:
    files = [ROOT / "cli.py"]
    for package in PRODUCT:
        files += sorted((ROOT / package).rglob("*.py"))
    return files


def test_the_product_has_the_packages_the_rule_names():
    for package in PRODUCT:
        assert (ROOT / package / "__init__.py").is_file(), package
    assert len(product_files()) > 50


def test_no_product_module_imports_the_held_out_family():
    offending = []
    for path in product_files():
        offending += held_out_imports(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert offending == []


@pytest.mark.parametrize("source", [
    "import evalset",
    "import os, evalset.family as f",
    "from evalset import scanner",
    "from evalset.papers import TEMPLATES",
    "def f():\n    from evalset.cards import TEMPLATES\n",
    "import importlib\nimportlib.import_module('evalset.family')",
    "__import__('evalset')",
])
def test_the_check_finds_every_kind_of_import(source):
    assert held_out_imports(source)


@pytest.mark.parametrize("source", ["import evalsets", "from samples import evaluate", "x = 'import evalset'"])
def test_the_check_leaves_other_names_alone(source):
    assert held_out_imports(source) == []


def test_the_type_models_training_sources_leave_the_family_out():
    from classify import model

    sources = [Path(p).resolve() for p in model._source_files()]
    assert sources and all(p.is_file() for p in sources)
    assert not [p for p in sources if (ROOT / HELD_OUT) in p.parents]
    assert (ROOT / "samples" / "batch.py").resolve() in sources  # the list is the one training reads
