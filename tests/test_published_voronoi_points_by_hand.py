"""Voronoi cells and landing probabilities computed by hand, and bad points refused in algnet's words.

By hand: the upper nappe of the cone x^2 + y^2 = z^2, z >= 0 (the real image of (s, t) -> (s^2 - t^2, 2st,
s^2 + t^2)), has at its vertex the cell {u : <u, y> <= 0 for y in the nappe}, the solid cone z <= -sqrt(x^2 +
y^2): full-dimensional (3), and a Gaussian target lands there with probability (1 - cos 45 deg) / 2 = 0.146
(the solid angle of a cone of half-angle 45 degrees). The cusp (t^2, t^3): the origin is the nearest point of
the curve to u = (a, b) iff t^4 + t^2 - 2bt - 2a >= 0 for every t, which a dense grid of t decides for each of
many Gaussian targets (a second method)."""

import math

import numpy as np
import pytest

from algnet.analyses.critical.voronoi import voronoi, wilson_interval
from algnet.architectures.polymap import parametrization
from algnet.cli import main
from algnet.errors import ParameterError

UPPER_CONE = ["s^2 - t^2", "2*s*t", "s^2 + t^2"]


def test_the_vertex_of_a_one_sided_cone_has_a_full_dimensional_cell():
    r = voronoi(parametrization(UPPER_CONE), point=[0.0, 0.0], samples=0, seed=1)
    assert r.point_dimension == 3 and r.codimension == 1


def test_the_vertex_of_a_one_sided_cone_takes_its_solid_angle():
    r = voronoi(parametrization(UPPER_CONE), samples=300, seed=1)
    kept = r.samples - r.dropped
    lo, hi = wilson_interval(r.counts.get("origin", 0), kept, z=3.29)
    assert r.dropped == 0 and lo <= (1 - math.cos(math.pi / 4)) / 2 <= hi, r.counts


def test_the_cusp_landing_probability_against_a_grid():
    rng = np.random.default_rng(0)
    U = rng.normal(size=(4000, 2))
    t = np.linspace(-3, 3, 6001)
    g = t[None, :] ** 4 + t[None, :] ** 2 - 2 * U[:, 1:2] * t[None, :] - 2 * U[:, 0:1]
    p = float(np.mean(g.min(axis=1) >= -1e-9))       # the origin is nearest (t = 0 gives g = -2a, so a <= 0)
    r = voronoi(parametrization(["t^2", "t^3"]), samples=1000, seed=2)
    lo, hi = wilson_interval(r.counts.get("origin", 0), r.samples - r.dropped, z=3.29)
    assert r.dropped == 0 and lo - 0.03 <= p <= hi + 0.03, (p, r.counts)


@pytest.mark.parametrize("point", [[float("nan"), 0, 0, 0], [float("inf"), 1, 1, 1]])
def test_a_point_that_is_not_finite_is_refused(point):
    with pytest.raises(ParameterError, match="not a finite real number"):
        voronoi("linear 2-1-2", point=point, samples=0, seed=0)


def test_the_cli_point_beyond_the_floats_is_refused(capsys):
    assert main(["voronoi", "linear 2-1-2", "--seed", "0", "--point", "1e400,1,1,1"]) == 2
    err = capsys.readouterr().err
    assert "not a finite real number" in err and "Traceback" not in err


def test_no_strata_to_sample_says_so():
    with pytest.raises(ParameterError) as e:
        voronoi("linear 2-1-2", stratum="origin", samples=0, seed=0)
    assert "no subnetwork stratum" in e.value.hint


def test_the_cli_measures_a_point_alone_with_zero_samples(capsys):
    # linear 2-1-2 at a rank-one matrix: a smooth point of the rank <= 1 hypersurface, cell = normal line
    assert main(["voronoi", "linear 2-1-2", "--seed", "0", "--point", "1,1,1,1", "--samples", "0"]) == 0
    assert "Voronoi cell of the point: dimension 1 (codim M = 1)" in capsys.readouterr().out
    assert main(["voronoi", "linear 2-1-2", "--seed", "0", "--samples", "0"]) == 2      # nothing to compute


def test_a_point_and_a_stratum_together_are_refused(capsys):
    spec = "linear 3-2-3"
    with pytest.raises(ParameterError, match="both given"):
        voronoi(spec, point=[1.0] * 12, stratum="widths 3-1-3", samples=0, seed=0)
    assert main(["voronoi", spec, "--seed", "0", "--point", ",".join(["1"] * 12), "--stratum", "widths 3-1-3",
                 "--samples", "0"]) == 2
    assert "--stratum NAME" in capsys.readouterr().err
