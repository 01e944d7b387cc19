"""Every notebook in notebooks/ runs top to bottom without error, and shows the figures it draws."""

from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    # the kernel draws inline, as in Jupyter (tests/conftest.py sets MPLBACKEND=Agg for the test process, and the
    # kernel inherits the environment: its figures were drawn nowhere)
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
    # a notebook that draws shows its figures (inline PNGs in its outputs, not a file or a silent backend)
    code = "\n".join("".join(c.source) for c in nb.cells if c.cell_type == "code")
    if "plt." in code or ".plot(" in code:
        images = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                  if "image/png" in o.get("data", {})]
        assert images, f"{path.name} draws but shows no figure"
