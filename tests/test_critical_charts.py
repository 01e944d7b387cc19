"""Another chart for a failed path, and paths at infinity judged by their images (analyses/critical/charts.py)."""

import numpy as np

from algnet.analyses.critical.charts import at_infinity, chart_through, other_chart
from algnet.analyses.critical.system import example_family
from algnet.analyses.critical.warm import MetricGradient
from algnet.homotopy.monodromy import track_parameters
from algnet.homotopy.tracker import whole


def _setup(spec="conv k=2,2 r=2", seed=0):
    fam = example_family(spec, "generic", seed=seed)
    rng = np.random.default_rng(seed + 10)
    x = rng.normal(size=fam.n_vars) + 1j * rng.normal(size=fam.n_vars)
    MG = MetricGradient(fam)
    y = fam.image(x[None, :])[0]
    u1 = rng.normal(size=fam.loss.m) + 1j * rng.normal(size=fam.loss.m)
    return fam, MG, x, MG.parameters(fam.Q, y), MG.parameters(fam.Q, u1), u1, rng


def test_the_end_of_a_path_does_not_depend_on_the_chart():
    # x is critical for the target mu(x); its path to another target ends at the same image on any slice
    fam, MG, x, P0, P1, u1, rng = _setup()
    tk = whole(track_parameters(MG, x[None, :], P0, P1))
    assert tk.status[0] == "success"
    kind, y = other_chart(fam, fam, x, (P0, P1), u1, rng)
    assert kind == "finite" and np.allclose(y, fam.image(tk.x)[0], rtol=1e-8, atol=1e-8)


def test_a_chart_through_a_point_starts_there():
    fam, MG, x, *_ , rng = _setup("linear 3-2-3")
    g = chart_through(fam, fam.theta(x[None, :])[0], rng)
    assert g.n_vars == fam.n_vars and np.allclose(g.image(np.zeros((1, g.n_vars))), fam.image(x[None, :]))


def test_a_converging_path_is_not_at_infinity():
    fam, MG, x, P0, P1, u1, rng = _setup()
    assert not at_infinity(MG, fam, x, P0, P1)
