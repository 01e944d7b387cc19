"""Sphinx configuration of the algnet documentation.

Build: ``python -m sphinx -W -b html docs docs/_build/html`` (warnings are errors). The tutorials are the
notebooks of ``notebooks/``, copied here at build time and executed by myst-nb (``cache`` mode: a notebook is
re-executed only when it changed; the cache is ``docs/_build/.jupyter_cache``). ``ALGNET_DOCS_EXECUTE=off``
builds them without executing; ``ALGNET_DOCS_NO_EXECUTE="*03-degree*"`` leaves matching notebooks unexecuted.
"""

import os
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

project = "algnet"
author = "the algnet authors"
copyright = "the algnet authors"

extensions = ["sphinx.ext.autodoc", "numpydoc", "myst_nb", "sphinx.ext.mathjax"]
exclude_patterns = ["_build", "**.ipynb_checkpoints", "README.md"]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}

# API reference from the numpydoc docstrings
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": False,
                           "ignore-module-all": True}   # members where they are defined, never re-exports
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
numpydoc_validation_checks = set()

# tutorials: the notebooks, executed
nb_execution_mode = os.environ.get("ALGNET_DOCS_EXECUTE", "cache")
nb_execution_cache_path = str(HERE / "_build" / ".jupyter_cache")
# notebooks left unexecuted (comma-separated globs, e.g. "*03-degree*"): the tests' quick build uses this
nb_execution_excludepatterns = [p for p in os.environ.get("ALGNET_DOCS_NO_EXECUTE", "").split(",") if p]
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header", "mystnb.unknown_mime_type"]

html_theme = "alabaster"
html_title = "algnet"
html_static_path = []


_STAR = re.compile(r"(?<![\w*`\\])\*(?=[^\s*])(?![^*\n]*\*(?!\w))")
_BORDER = re.compile(r"^(\s*)(=+)((?: +=+)+)\s*$")


def _table_ok(border: str, rows) -> bool:
    """A simple table is well formed when no text sits in the gaps between its columns (but the last)."""
    gaps = [i for i, ch in enumerate(border.rstrip()) if ch == " " and i >= len(border) - len(border.lstrip())]
    last = border.rstrip().rfind(" ")
    gaps = [i for i in gaps if i < last]
    return all(len(r) <= i or r[i] == " " for r in rows for i in gaps)


def _fix_tables(lines):
    """Simple tables whose text overflows into a column gap become literal blocks (readable, no error)."""
    i = 0
    while i < len(lines):
        m = _BORDER.match(lines[i])
        if not m:
            i += 1
            continue
        ends = [j for j in range(i + 1, len(lines)) if lines[j].strip() and _BORDER.match(lines[j])
                and lines[j].strip() == lines[i].strip()]
        if not ends:
            i += 1
            continue
        end = ends[1] if len(ends) > 1 and ends[0] == i + 2 else ends[0]
        rows = [r for r in lines[i + 1:end] if not _BORDER.match(r)]
        if not _table_ok(lines[i], rows):
            block = ["::", ""] + ["    " + ln for ln in lines[i:end + 1]] + [""]
            lines[i:end + 1] = block
            end = i + len(block) - 1
        i = end + 1


_UNDERLINE = re.compile(r"^\s*([-=~^])\1{2,}\s*$")


def _plain_text(app, what, name, obj, options, lines):
    """Docstrings are written as plain text with a little reST: read ``|x|`` as absolute values and a lone
    ``*`` (``(count, *shape)``) as an asterisk, not as substitutions and emphasis; lengthen short title
    underlines."""
    _fix_tables(lines)
    literal = False
    for i, line in enumerate(lines):
        st = line.strip()
        if st == "::":
            literal = True
            continue
        if literal and st and not line.startswith("    "):
            literal = False
        if literal:
            continue
        if "|" in line and not st.startswith("+") and not (st.startswith("|") and st.endswith("|")
                                                           and st.count("|") >= 3):
            line = line.replace("|", "\\|")
        if "*" in line and not st.startswith((">>>", "...")):
            line = _STAR.sub(r"\\*", line)
        if i and _UNDERLINE.match(line) and lines[i - 1].strip() and len(line.rstrip()) < len(lines[i - 1].rstrip()):
            line = line.rstrip() + line.strip()[0] * (len(lines[i - 1].rstrip()) - len(line.rstrip()))
        lines[i] = line


_SKIP_MODULES = ("algnet.cli", "algnet.__main__")


def _write_api_pages(app):
    """One page per package of algnet, with every public module in it (generated: modules move)."""
    import importlib
    import pkgutil

    import algnet

    out = HERE / "api" / "generated"
    out.mkdir(parents=True, exist_ok=True)
    groups = {"algnet": ["algnet"]}
    for m in pkgutil.walk_packages(algnet.__path__, "algnet."):
        name = m.name
        if any(part.startswith("_") for part in name.split(".")) or name.startswith(_SKIP_MODULES):
            continue
        parent = name.rsplit(".", 1)[0]
        if m.ispkg and parent == "algnet":
            groups.setdefault(name, []).insert(0, name)
        else:
            top = ".".join(name.split(".")[:2])
            groups.setdefault(top if top in groups or importlib.util.find_spec(top).submodule_search_locations
                              else "algnet", []).append(name)
    pages = {}
    for pkg, mods in groups.items():
        title = "The algnet package" if pkg == "algnet" else pkg
        body = [title, "=" * len(title), ""]
        for mod in mods:
            body += [f".. automodule:: {mod}", ""] + (["   :no-members:", ""] if mod == "algnet" else [])
        pages[pkg] = "\n".join(body)
    for f in out.glob("*.rst"):
        if f.stem not in pages:
            f.unlink()
    for pkg, text in pages.items():
        f = out / f"{pkg}.rst"
        if not f.exists() or f.read_text() != text:
            f.write_text(text)


def _copy_notebooks(app):
    dst = HERE / "tutorials"
    dst.mkdir(exist_ok=True)
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        target = dst / nb.name
        if not target.exists() or target.read_bytes() != nb.read_bytes():
            shutil.copyfile(nb, target)


def setup(app):
    app.connect("builder-inited", _copy_notebooks)
    app.connect("builder-inited", _write_api_pages)
    app.connect("autodoc-process-docstring", _plain_text)
