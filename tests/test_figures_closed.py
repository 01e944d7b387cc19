"""Pictures written by the command line, and the examples of the plotting modules, leave no matplotlib figure
open: in one process (the test run, a notebook, a loop calling ``main``) open figures pile up, and past 20
matplotlib warns "More than 20 figures have been opened" (seen on the sweep/plots doctests of a full run)."""

import doctest
import importlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from algnet.cli import main  # noqa: E402


@pytest.fixture(autouse=True)
def no_figure_before():
    plt.close("all")
    yield
    plt.close("all")


@pytest.mark.parametrize("argv", [
    ["voronoi", "linear 2-1-2", "--samples", "8", "--seed", "1", "--plot", "{tmp}/v.png"],
    ["superposition", "--n", "4", "--m", "3", "--steps", "200", "--plot", "{tmp}/f.png"],
    ["superposition", "--n", "4", "--m", "3", "--steps", "200", "--record", "100", "--trajectory", "{tmp}/t.png"],
    ["singular", "linear 2-1-2", "--seed", "0", "--plot", "{tmp}/s.png"],
    ["regions", "relu 2-3-1", "--seed", "0", "--plot", "{tmp}/r.png"],
], ids=lambda a: a[0] + ("-trajectory" if "--trajectory" in a else ""))
def test_a_written_picture_leaves_no_figure_open(argv, tmp_path, capsys):
    assert main([a.replace("{tmp}", str(tmp_path)) for a in argv]) == 0
    assert plt.get_fignums() == []
    assert any(p.suffix == ".png" and p.stat().st_size > 0 for p in tmp_path.iterdir())


def test_sweep_plot_leaves_no_figure_open(tmp_path, capsys):
    db = str(tmp_path / "d.sqlite")
    assert main(["sweep", "dimension", "--spec", "linear 2-1-2", "--seeds", "0", "--db", db, "--no-progress"]) == 0
    assert main(["sweep-plot", "--db", db, "--out", str(tmp_path / "d.png")]) == 0
    assert plt.get_fignums() == [] and (tmp_path / "d.png").stat().st_size > 0


@pytest.mark.parametrize("module", ["algnet.relu.plotting", "algnet.relu.training_plot", "algnet.superposition.plot",
                                    "algnet.sweep.plots"])
def test_the_plotting_examples_close_their_figures(module):
    mod = importlib.import_module(module)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in doctest.DocTestFinder().find(mod):
        runner.run(test, out=lambda s: None)
    assert runner.summarize(verbose=False).failed == 0
    assert plt.get_fignums() == []
