"""Counts of gauge slice points whose points per orbit the torus gauge does not know (a torus of weight 2 beside
the shifts of a square's input): loops of the pinned values group them, and the count of orbits is an upper bound.

f = k (h + (F h + c)^2), h = a x + b: with p = F a, q = F b + c the coefficients are k p^2, k a + 2 k p q and
k b + k q^2. Pinning a = a0, b = b0 leaves a quadratic in P = p^2,
(A1^2 - 4 A0 A2) P^2 + (4 A2^2 b0 - 2 A1 A2 a0) P + A2^2 a0^2 = 0, with p = +-sqrt(P): 4 slice points. Its
discriminant 16 A2^3 (A2 b0^2 - A1 a0 b0 + A0 a0^2) is not a square in the pins, so loops of (a0, b0) exchange the
two values of P: the fiber is one component, one orbit of the known symmetries, 4 slice points per orbit.
A loop search that misses that join splits the orbit in two classes of 2: the base then claimed 2 orbits and
"only known symmetries: False" (monodromy, seed 3) or "not an orbit count" (Groebner).
"""

import pytest

from algnet.analyses.fibers import identifiability

SPEC = "layers Linear(1, 1, bias=True), Residual([Linear(1, 1, bias=True), Power(2)]), Linear(1, 1)"


@pytest.mark.parametrize("method", ["groebner", "homotopy"])
@pytest.mark.parametrize("seed", [0, 3])
def test_orbit_count_is_an_upper_bound_never_a_false_claim(method, seed):
    r = identifiability(SPEC, seed=seed, method=method)
    assert r.identifiable_up_to_dimension and r.finite_symmetry_order == 1
    assert r.fiber_count * r.points_per_orbit == 4          # the 4 slice points (hand count above)
    assert r.count_status == "upper bound" and r.fiber_count >= 1
    # at most fiber_count orbits, at least the known 1: "True" only when they meet, never "False"
    assert r.only_known_symmetries is (True if r.fiber_count == 1 else None)


def test_one_orbit_when_the_loops_join_the_slice():
    r = identifiability(SPEC, seed=0, method="groebner")
    assert (r.fiber_count, r.points_per_orbit, r.only_known_symmetries) == (1, 4, True)
