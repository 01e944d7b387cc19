"""No module of algnet uses another package's private names.

A name that starts with one underscore (``_rank``, ``_Engine``, a module ``_common``) is private to
its package directory: modules in the same directory may share it, modules elsewhere must use a
public name (which has a docstring with an example, see ``tests/test_docstrings.py``). This test
walks ``algnet/`` with :mod:`ast` and lists, in the code and in the docstring examples of each
module,

- ``from algnet.x.y import _z`` (also relative imports and ``import algnet.x._y``), and
- attribute access ``m._z`` where ``m`` names a module of algnet (``import algnet.x.y as m``,
  ``from algnet.x import y``, or the dotted ``algnet.x.y._z``),

whenever the directory of the module that owns the private name differs from the importer's.
Dunder names (``__all__``, ``__version__``) are not private. The list of offenders must be empty;
there are no exceptions.
"""

import ast
import doctest
import sys
from pathlib import Path

import algnet

ROOT = Path(algnet.__file__).resolve().parent
PACKAGE = ROOT.name


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _module_file(dotted: str):
    """The file of module ``dotted`` (``algnet.a.b``) under ROOT, or None when it is not a module."""
    parts = dotted.split(".")
    if parts[0] != PACKAGE:
        return None
    base = ROOT.joinpath(*parts[1:])
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    return None


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _absolute(node: ast.ImportFrom, importer: Path) -> str:
    """The absolute module name of a (possibly relative) ``from ... import``."""
    if not node.level:
        return node.module or ""
    package = _module_name(importer).split(".")
    if importer.name != "__init__.py":
        package = package[:-1]
    package = package[:len(package) - (node.level - 1)]
    return ".".join(package + ([node.module] if node.module else []))


def _private_path_part(dotted: str):
    """Owner module of the first private component of ``dotted`` (``algnet.cli._common`` -> ``algnet.cli``)."""
    parts = dotted.split(".")
    for i, part in enumerate(parts[1:], start=1):
        if _is_private(part):
            return ".".join(parts[:i]), part
    return None


class _Finder:
    def __init__(self, path: Path):
        self.path, self.home = path, path.parent
        self.modules = {}          # local name -> dotted algnet module it is bound to
        self.found = []

    def _check(self, owner: str, name: str, node):
        file = _module_file(owner)
        if file is not None and file.parent != self.home:
            self.found.append(f"{self.path.relative_to(ROOT.parent)}:{node.lineno}: {owner}.{name}")

    def _check_path(self, dotted: str, node):
        hit = _private_path_part(dotted)
        if hit:
            self._check(*hit, node)

    def visit_Import(self, node):
        for alias in node.names:
            if alias.name.split(".")[0] != PACKAGE:
                continue
            self._check_path(alias.name, node)
            if alias.asname:
                self.modules[alias.asname] = alias.name
            else:
                self.modules.setdefault(PACKAGE, PACKAGE)

    def visit_ImportFrom(self, node):
        module = _absolute(node, self.path)
        if module.split(".")[0] != PACKAGE:
            return
        self._check_path(module, node)
        for alias in node.names:
            if _is_private(alias.name):
                self._check(module, alias.name, node)
            sub = f"{module}.{alias.name}"
            if _module_file(sub) is not None:
                self.modules[alias.asname or alias.name] = sub

    def _dotted(self, node):
        if isinstance(node, ast.Name):
            return self.modules.get(node.id)
        if isinstance(node, ast.Attribute):
            head = self._dotted(node.value)
            return f"{head}.{node.attr}" if head else None
        return None

    def visit_Attribute(self, node):
        owner = self._dotted(node.value)
        if owner and _is_private(node.attr) and _module_file(owner) is not None:
            self._check(owner, node.attr, node)


def _examples(tree):
    """The ``>>>`` examples of every docstring in ``tree``, each parsed, at its line in the file."""
    parser = doctest.DocTestParser()
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        doc = ast.get_docstring(node, clean=False)
        if not doc:
            continue
        start = node.body[0].lineno
        for example in parser.get_examples(doc):
            try:
                code = ast.parse(example.source)
            except SyntaxError:
                continue
            yield ast.increment_lineno(code, start + example.lineno - 1)


def private_uses(path: Path) -> list:
    """``file:line: owner.name`` for each private name of another package that ``path`` uses
    (in its code and in its docstring examples)."""
    finder = _Finder(path)
    tree = ast.parse(path.read_text(), filename=str(path))
    trees = [tree, *_examples(tree)]
    # imports first (they may sit inside functions), then attribute accesses
    for node in (n for t in trees for n in ast.walk(t)):
        if isinstance(node, ast.Import):
            finder.visit_Import(node)
        elif isinstance(node, ast.ImportFrom):
            finder.visit_ImportFrom(node)
    for node in (n for t in trees for n in ast.walk(t)):
        if isinstance(node, ast.Attribute):
            finder.visit_Attribute(node)
    return finder.found


def _offenders():
    return [hit for path in sorted(ROOT.rglob("*.py")) for hit in private_uses(path)]


def test_no_private_names_across_packages():
    offenders = _offenders()
    assert offenders == [], "\n".join(offenders)


def _write(tmp_path, files):
    for rel, text in files.items():
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def test_the_checker_finds_each_kind_of_use(tmp_path, monkeypatch):
    # a miniature package tree: the checker must flag cross-package uses and accept same-package ones
    pkg = tmp_path / PACKAGE
    _write(pkg, {
        "__init__.py": "",
        "a/__init__.py": "",
        "a/low.py": "def _x(): pass\ndef y(): pass\n",
        "a/same.py": "from algnet.a.low import _x\nfrom .low import _x as z\n",
        "b/__init__.py": "",
        "b/_hidden.py": "def f(): pass\n",
        "b/user.py": ("from algnet.a.low import _x, y\n"
                      "from ..a import low\n"
                      "import algnet.a.low as L\n"
                      "import algnet.a.low\n"
                      "from algnet.b._hidden import f\n"
                      "L._x(); low._x(); algnet.a.low._x(); L.y(); low.__name__\n"),
        "c.py": "from algnet.b._hidden import f\nfrom algnet.b import _hidden\n",
        "d.py": '''def g():
    """Example.

    >>> from algnet.a.low import _x
    >>> from algnet.a.low import y
    """
''',
    })
    monkeypatch.setattr(sys.modules[__name__], "ROOT", pkg)
    assert private_uses(pkg / "a" / "same.py") == []
    hits = private_uses(pkg / "b" / "user.py")
    assert [h.split(": ")[1] for h in hits] == ["algnet.a.low._x", "algnet.a.low._x", "algnet.a.low._x",
                                                "algnet.a.low._x"], hits
    assert [h.split(": ")[1] for h in private_uses(pkg / "c.py")] == ["algnet.b._hidden", "algnet.b._hidden"]
    assert private_uses(pkg / "d.py") == ["algnet/d.py:4: algnet.a.low._x"]      # in a docstring example
