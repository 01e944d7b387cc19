"""The ReLU notebooks show their figures (inline backend; never the non-interactive Agg backend)."""

from pathlib import Path

import pytest

NB = Path(__file__).resolve().parent.parent / "notebooks"


@pytest.mark.parametrize("name", ["05-relu.ipynb", "09-relu-training.ipynb"])
def test_notebook_uses_the_inline_backend(name):
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(NB / name, as_version=4)
    src = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "%matplotlib inline" in src
    assert "matplotlib.use(" not in src and "sys.path" not in src
