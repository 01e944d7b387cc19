"""The monodromy solver's symmetric images: an image the tracker calls singular that is only badly scaled is kept."""

import numpy as np
import pytest

from algnet.homotopy.monodromy import MonodromyOptions, MonodromySolver
from algnet.homotopy.monodromy.endpoints import IMAGE_RESCUE_CONDITION
from algnet.homotopy.monodromy.graph import KEY_ERROR_FACTOR
from algnet.homotopy.systems import OffsetFamily, PolynomialSystem

EPS = 1e-11


def _solve(actions):
    """x^2 + EPS y = p, x^2 - EPS y = q at the point (x0, y0) = (1.3 + 0.2i, 1 + i): the Jacobian [[2x, EPS],
    [2x, -EPS]] has a row-equilibrated condition number about 2|x| / EPS (3e11, above the tracker's 1e10) and,
    columns equilibrated too, that of [[1, 1], [1, -1]] (1)."""
    fam = OffsetFamily(PolynomialSystem.from_terms([{(2, 0): 1, (0, 1): EPS}, {(2, 0): 1, (0, 1): -EPS}]))
    x0 = np.array([1.3 + 0.2j, 1.0 + 1.0j])
    p0 = np.array([x0[0] ** 2 + EPS * x0[1], x0[0] ** 2 - EPS * x0[1]])
    solver = MonodromySolver(fam, MonodromyOptions(max_loops=0), group_actions=actions)
    return solver, solver.solve(x0[None, :], p0, seed=0), x0


def test_a_badly_scaled_image_is_rescued_and_found():
    # (x, y) -> (-x, y) maps the solutions of every member to solutions of the same member: (-x0, y0) is the
    # other solution at p0 (by hand: x^2 = (p + q) / 2, y = (p - q) / (2 EPS))
    solver, res, x0 = _solve([lambda Z: Z * np.array([-1, 1])])
    got = sorted(res.solutions.tolist(), key=lambda z: z[0].real)
    assert len(got) == 2 and solver.stats.rescued >= 1
    assert np.allclose(got, [[-x0[0], x0[1]], [x0[0], x0[1]]], rtol=1e-12, atol=0)


def test_without_symmetries_the_start_point_alone():
    solver, res, x0 = _solve([])
    assert len(res.solutions) == 1 and np.allclose(res.solutions[0], x0, rtol=1e-12, atol=0)


def test_the_image_limit_keeps_the_key_tolerance_small():
    # the key tolerance at the limit (KEY_ERROR_FACTOR x c x 2^-53) stays far below an O(1) relative distance of the
    # keys of distinct points, while covering 16 x c x 2^-53, a key of degree 16's error at condition number c
    tol = KEY_ERROR_FACTOR * IMAGE_RESCUE_CONDITION * 2.0 ** -53
    assert 16 * IMAGE_RESCUE_CONDITION * 2.0 ** -53 < tol < 1e-6


@pytest.mark.slow
def test_mixed_power_network_finds_all_sixty_witness_points():
    # the images of 6 of the 60 points end at condition numbers 1.8e6-4.3e6 on this seed; the trace test (an
    # independent check) passes only when every image point is found, each with all 4 fiber points (the 2 x 2
    # permutations of the hidden neurons)
    from algnet.analyses.fibers import identifiability

    r = identifiability("layers Linear(2,2), Power(2), Linear(2,2), Power(3), Linear(2,1)", seed=3)
    assert r.fiber_count == 4 == r.finite_symmetry_order and r.trace_test_passed, r.count_method
    assert "60 solutions over 15 image points" in r.count_method, r.count_method
