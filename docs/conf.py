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
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": False}
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


_STAR = re.compile(r"(?<![\w*`\\])\*(?=[\w(])(?![^*\n]*\*(?!\w))")
_UNDERLINE = re.compile(r"^\s*([-=~^])\1{2,}\s*$")


def _plain_text(app, what, name, obj, options, lines):
    """Docstrings are written as plain text with a little reST: read ``|x|`` as absolute values and a lone
    ``*`` (``(count, *shape)``) as an asterisk, not as substitutions and emphasis; lengthen short title
    underlines."""
    for i, line in enumerate(lines):
        st = line.strip()
        if "|" in line and not st.startswith("+") and not (st.startswith("|") and st.endswith("|")
                                                           and st.count("|") >= 3):
            line = line.replace("|", "\\|")
        if "*" in line and not st.startswith((">>>", "...")):
            line = _STAR.sub(r"\\*", line)
        if i and _UNDERLINE.match(line) and lines[i - 1].strip() and len(line.rstrip()) < len(lines[i - 1].rstrip()):
            line = line.rstrip() + line.strip()[0] * (len(lines[i - 1].rstrip()) - len(line.rstrip()))
        lines[i] = line


def _copy_notebooks(app):
    dst = HERE / "tutorials"
    dst.mkdir(exist_ok=True)
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        target = dst / nb.name
        if not target.exists() or target.read_bytes() != nb.read_bytes():
            shutil.copyfile(nb, target)


def setup(app):
    app.connect("builder-inited", _copy_notebooks)
    app.connect("autodoc-process-docstring", _plain_text)
