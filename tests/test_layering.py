"""The arithmetic library is chosen in the core: only ``algnet/core/`` imports python-flint.

Analyses take flint's number types from :mod:`algnet.core.numbers` and ranks from
:mod:`algnet.core.matrix`, so a backend change happens in one place.
"""

import ast
from pathlib import Path

import algnet

ROOT = Path(algnet.__file__).parent


def _imports_flint(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "flint" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "flint":
            return True
    return False


def test_only_the_core_imports_flint():
    offenders = [str(p.relative_to(ROOT)) for p in sorted(ROOT.rglob("*.py"))
                 if "core" not in p.relative_to(ROOT).parts[:1] and _imports_flint(p)]
    assert offenders == []


def test_the_core_flint_layer_is_small():
    users = [p.name for p in sorted((ROOT / "core").glob("*.py")) if _imports_flint(p)]
    assert 1 <= len(users) <= 4, users
