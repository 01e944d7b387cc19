"""Every public function and class of algnet has a docstring with a runnable example (``>>> ``).

Public means: a module-level function or class whose name does not start with an underscore, in a
module whose path has no private part (such as ``cli/_common.py``), and listed in the module's
``__all__`` when the module has one. The command-line modules (``algnet/cli/``, ``algnet/__main__.py``)
are left out, as in the API reference (``docs/conf.py``): their ``register``/``run`` are not an API.
A class counts as documented when its own docstring or its ``__init__``'s has an example. The
examples themselves run as doctests (``--doctest-modules`` in pyproject.toml).

:data:`WITHOUT_EXAMPLE` lists the public objects that had no example when this test was written,
in modules other work owned at the time; add examples and delete their lines, never add lines.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = ("algnet/cli/", "algnet/__main__.py")

# module: names (continuation lines are indented)
_WITHOUT_EXAMPLE = """
"""


def _entries(text: str) -> frozenset:
    out, path = set(), None
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.startswith(" "):
            path, line = line.split(":", 1)
        out.update(f"{path}:{name}" for name in line.split())
    return frozenset(out)


WITHOUT_EXAMPLE = _entries(_WITHOUT_EXAMPLE)


def _declared_all(tree):
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            try:
                return set(ast.literal_eval(node.value))
            except ValueError:          # computed __all__: every public name counts
                return None
    return None


def _has_example(node) -> bool:
    docs = [ast.get_docstring(node) or ""]
    if isinstance(node, ast.ClassDef):
        docs += [ast.get_docstring(n) or "" for n in node.body
                 if isinstance(n, ast.FunctionDef) and n.name == "__init__"]
    return any(">>> " in d for d in docs)


def public_without_example(source: str, path: str) -> list:
    """``path:name`` of the public functions and classes of one module's source without an example."""
    tree = ast.parse(source)
    declared = _declared_all(tree)
    return [f"{path}:{node.name}" for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and not node.name.startswith("_") and (declared is None or node.name in declared)
            and not _has_example(node)]


def _modules():
    for p in sorted((ROOT / "algnet").rglob("*.py")):
        rel = p.relative_to(ROOT).as_posix()
        if rel.startswith(SKIP) or any(part.startswith("_") and part != "__init__.py" for part in rel.split("/")):
            continue
        yield rel, p.read_text(encoding="utf-8")


def test_every_public_function_and_class_has_an_example():
    found, missing = 0, []
    for rel, source in _modules():
        found += 1
        missing += [m for m in public_without_example(source, rel) if m not in WITHOUT_EXAMPLE]
    assert found > 100                           # the walk found the package
    assert not missing, ("public functions/classes without a docstring example ('>>> '): "
                         + ", ".join(missing))


def test_the_rule_on_a_small_module():
    source = '''
__all__ = ["f", "C", "D", "g"]

def f():
    """No example."""

def g():
    """With one.

    >>> g()
    """

class C:
    def __init__(self):
        """Built like this:

        >>> C()
        """

class D:
    pass

def h():
    pass                      # not in __all__: not public

def _private():
    pass
'''
    assert public_without_example(source, "m.py") == ["m.py:f", "m.py:D"]
    assert public_without_example("def k():\n    pass\n", "n.py") == ["n.py:k"]     # no __all__: names decide
