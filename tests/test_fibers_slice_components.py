"""The points of a gauge slice grouped by loops of the pinned values (numerical irreducible decomposition of the
fiber): the classes are the fiber's components, one orbit each when the connected symmetries fill its dimension.
Against hand counts: x y^2 = 1 is one irreducible curve (pinning x meets it twice), x^2 y^2 = 1 is the two curves
x y = 1 and x y = -1; and the biased square block between two biased layers, whose slice (the first layer pinned)
meets each orbit in the 4 points of the torus' signs t_i = +-1 (row i of the block's layer and its bias negated:
p_i -> -p_i under the square): its 8 slice points (Macaulay2: 8) are 2 orbits, the 2 orders of the units."""

import numpy as np
import pytest

from algnet.analyses.fibers_homotopy import _witness_family, slice_classes
from algnet.architectures.polymap import parametrization

BIASED = "layers Linear(2, 2, bias=True), Residual([Linear(2, 2, bias=True), Power(2)]), Linear(2, 2, bias=True)"


@pytest.mark.parametrize("poly, classes", [("x*y^2", [2]), ("x^2*y^2", [1, 1]), ("x^3*y^3", [1, 1, 1])])
def test_components_of_monomial_curves(poly, classes):
    fam, _ = _witness_family(parametrization([poly]), (0,), 1, np.random.default_rng(0))
    # the slice x = 1 of x^a y^b = 1: y^b = 1, b points; components x^(a/g) y^(b/g) = zeta (g = gcd(a, b))
    b = 2 if poly == "x*y^2" else int(poly[-1])
    X = np.array([[1.0, np.exp(2j * np.pi * j / b)] for j in range(b)], dtype=complex)
    p0 = fam.start_parameters(X[:1])[0]
    for seed in range(3):
        assert slice_classes(fam, X, p0, 1, np.random.default_rng(seed)) == classes


@pytest.mark.slow
def test_biased_square_block_is_two_orbits_of_four_slice_points():
    from algnet.analyses.fibers import identifiability

    r = identifiability(BIASED, seed=0, method="homotopy")
    assert r.identifiable_up_to_dimension and r.points_per_orbit == 4
    assert r.fiber_count == 2 == r.finite_symmetry_order and "8 slice points" in r.count_method
