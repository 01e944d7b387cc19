"""Critical points on subspaces where the image is one point: found, counted modulo the rescalings, and sets of
positive dimension modulo the rescalings reported with that dimension (hand computations in each test).

linear 1-1-1-1, L = (a b c - 2)^2: grad L = 2 (a b c - 2) (b c, a c, a b) vanishes on a b c = 2 (one orbit of the
rescalings, pure) and where two of a, b, c are 0: the three axes, each one orbit. The origin lies on the axes, so it is
no isolated critical point (no component of the critical set; Macaulay2's decomposition of the critical ideal has the
four components abc = 2 and the three axes): four classes. Before, 2 (the pure one and the origin): the subspaces
a = b = 0 etc. have the image 0 and were skipped; then 5 (the origin counted beside the axes through it).
"""

import numpy as np

from algnet.analyses.critical import critical_points
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.spurious import spurious_points
from algnet.analyses.critical.system import GradientFamily
from algnet.analyses.critical.zero_patterns import parameter_dimension


def _support(theta):
    return tuple(int(abs(t) > 1e-8) for t in theta)


def test_linear_1111_four_classes():
    r = critical_points("linear 1-1-1-1", target=[2.0], seed=0, loss="frobenius")
    assert (r.critical_points, r.pure, r.spurious, r.positive_dimensional) == (4, 1, 3, ())
    assert not r.partial
    spur = sorted(_support(p.theta) for p in r.points if not p.pure)
    assert spur == [(0, 0, 1), (0, 1, 0), (1, 0, 0)]
    for p in r.points:
        a, b, c = np.asarray(p.theta).real
        assert np.max(np.abs(2 * (a * b * c - 2) * np.array([b * c, a * c, a * b]))) < 1e-9   # the hand gradient
    # on an axis L = 4 - 4 a b c + ...: indefinite in the two zero entries, a saddle (by hand)
    assert sorted(p.kind for p in r.points if not p.pure and any(p.theta)) == ["saddle"] * 3


def test_dense_111_square_the_line_w1_zero_is_one_class():
    """y = w2 w1^2 (dense 1-1-1 r=2): grad L = 2 (w2 w1^2 - u) (2 w1 w2, w1^2) vanishes on w1 = 0 for every w2 (one
    orbit of (w1, w2) -> (t w1, w2 / t^2), whose closure holds the origin); on w2 = 0 only at w1 = 0. Two classes: the
    pure one and the line (before 2 with the origin instead of the line, then 3 with both)."""
    net, L, rng = network_and_loss("dense 1-1-1 r=2", target=[1.0], loss="frobenius", seed=0)
    pts = spurious_points(net, L, 1, rng)
    assert sorted(_support(p.theta) for p in pts) == [(0, 1)]
    assert all(p.dimension == 0 for p in pts)


def test_linear_2112_positive_dimensional_set_modulo_rescalings():
    """Y = b c a^T (a, c in C^2, b scalar), target U invertible. Every rank drop has Y = 0 (a, b or c zero), where
    grad L = (-b U^T c, -c^T U a, -b U a): b != 0 forces a = c = 0 (the orbit of (0, 1, 0)); b = 0 leaves
    c^T U a = 0, a quadric of dimension 3 in (a, c) on which the rescalings have orbits of dimension 2: one critical
    set of dimension 1 modulo them (by hand). So 2 pure points (Eckart-Young), (0, 1, 0), and the set; the origin lies
    on the set (and on the line a = c = 0): no isolated point (before, counted as one: 4 points, 3 spurious)."""
    U = np.array([[3.0, -2.0], [1.0, 5.0]])
    r = critical_points("linear 2-1-1-2", target=U.ravel(order="F").tolist(), seed=0, loss="frobenius")
    assert (r.critical_points, r.pure, r.spurious) == (3, 2, 2)
    assert not any(p.source == "origin" for p in r.points)
    assert list(r.positive_dimensional) == [1]
    (s,) = [p for p in r.points if p.dimension]
    net, L, rng = network_and_loss("linear 2-1-1-2", target=U.ravel(order="F").tolist(), seed=0, loss="frobenius")
    th = np.asarray(s.theta)
    assert abs(th[2]) < 1e-9 and np.max(np.abs(s.image)) < 1e-9
    # the set through it has dimension 3 in the parameters (the quadric), the rescalings' orbits 2: 1 modulo them
    assert parameter_dimension(GradientFamily(net, L, (), [], rng), th, L.u) == 3


def test_linear_121_no_new_classes():
    """y = c . a (linear 1-2-1, GL(2) symmetry): grad L = 2 (c . a - u) (c, a) vanishes on c . a = u and at the
    origin only: two classes, unchanged."""
    r = critical_points("linear 1-2-1", target=[2.0], seed=0, loss="frobenius")
    assert (r.critical_points, r.pure, r.spurious, r.positive_dimensional) == (2, 1, 1, ())


def test_linear_2222_gl_orbits_of_one_image_counted_apart():
    """Y = W3 W2 W1 (2 x 2 matrices, GL(2) on both hidden layers), U = [[3, -2], [1, 5]], R = Y - U. grad L =
    ((W3 W2)^T R, W3^T R W1^T, R (W2 W1)^T). By hand:
    - image 0 (R = -U invertible): (I, 0, 0), (0, I, 0), (0, 0, I) are critical (each gradient term has a zero factor)
      and lie on three orbits (which matrices vanish is invariant), all with d mu = 0; the origin, in their closures,
      is no isolated point;
    - image s_i u_i v_i^T (the SVD U = s_1 u_1 v_1^T + s_2 u_2 v_2^T, j the other index): R = -s_j u_j v_j^T; with
      W1 = x v_i^T of rank 1, W2 = p q^T with W3 p = s_i u_i / (q . x), W3 invertible, every term vanishes (u_j^T W3 W2
      = 0, v_j^T v_i = 0); the transposed pattern (W3 of rank 1, W1 invertible) too. rank W1 is invariant: two orbits
      over one image, both with rank d mu = 3. Before, the rank rule merged each pair and the image-0 points were not
      searched: 4 critical points instead of 9."""
    from algnet.analyses.critical.symmetry_class import linear_chain

    U = np.array([[3.0, -2.0], [1.0, 5.0]])
    net, L, rng = network_and_loss("linear 2-2-2-2", target=U.ravel().tolist(), loss="frobenius", seed=0)
    pts = spurious_points(net, L, 4, rng)
    zero = sorted(tuple(int(np.linalg.matrix_rank(W, tol=1e-7)) for W in linear_chain(net, np.array(p.theta)))
                  for p in pts if np.max(np.abs(p.image)) < 1e-8)
    # and the set of ranks (1, 1, 1) at image 0 (W3 W2 = W2 W1 = 0; Macaulay2, tests/test_critical_rank_patterns.py)
    assert zero == [(0, 0, 2), (0, 2, 0), (1, 1, 1), (2, 0, 0)]
    assert sorted(p.dimension for p in pts if np.max(np.abs(p.image)) < 1e-8) == [0, 0, 0, 1]
    _, s, vh = np.linalg.svd(U)
    uu = np.linalg.svd(U)[0]
    for i in range(2):
        Y = s[i] * np.outer(uu[:, i], vh[i])
        over = [p for p in pts if np.max(np.abs(np.array(p.image).reshape(2, 2) - Y)) < 1e-7 * (1 + s[0])]
        ranks = sorted(tuple(int(np.linalg.matrix_rank(W, tol=1e-7)) for W in linear_chain(net, np.array(p.theta)))
                       for p in over)
        # and the orbit of ranks (1, 2, 1) (Macaulay2's minimal primes, tests/test_critical_rank_patterns.py)
        assert ranks == [(1, 1, 2), (1, 2, 1), (2, 1, 1)] and all(p.rank == 3 and p.dimension == 0 for p in over)


def test_sets_of_two_zero_patterns_not_merged():
    """Two sets of one dimension and one value found on different zero patterns are two sets; points of one set found
    twice (same source) are merged."""
    from types import SimpleNamespace as P

    from algnet.analyses.critical.classify import merge_components

    a = P(dimension=1, image=(0.0,), real=True, source="zero pattern: parameters [0, 1] zero")
    b = P(dimension=1, image=(0.0,), real=True, source="zero pattern: parameters [2, 3] zero")
    c = P(dimension=1, image=(0.0,), real=True, source="zero pattern: parameters [0, 1] zero")
    assert merge_components([a, b, c], lambda y: 4.0) == [a, b]


def test_linear_2112_against_macaulay2_decomposition():
    """Macaulay2 decomposes the ideal of grad L in the parameters (a1, a2, b, c1, c2) over QQ: {b = 0, c^T U a = 0}
    (dimension 3; the rescalings' orbits there have dimension 2: a set of dimension 1 modulo them), the pure points
    (dimension 2 = their orbits), {a = c = 0} (dimension 1 = the orbit of (0, 1, 0): a point modulo them). The result
    reports exactly one positive-dimensional set, of dimension 3 - 2 = 1, and the point (0, 1, 0)."""
    import shutil
    import subprocess
    import tempfile

    import pytest

    if shutil.which("M2") is None:
        pytest.skip("Macaulay2 not installed")
    src = """R = QQ[a1,a2,b,c1,c2]; E = b * matrix{{c1},{c2}} * matrix{{a1,a2}} - matrix{{3,-2},{1,5}};
Lf = sum(0..1, i -> sum(0..1, j -> (E_(i,j))^2)); C = decompose ideal jacobian ideal Lf;
for P in C do print("COMP " | toString(dim P) | " " | toString(isSubset(ideal(b), P)) | " "
    | toString(isSubset(ideal(a1, a2, c1, c2), P)));
exit 0
"""
    with tempfile.NamedTemporaryFile("w", suffix=".m2", delete=False) as fh:
        fh.write(src)
    out = subprocess.run(["M2", "--script", fh.name], capture_output=True, text=True, timeout=300).stdout
    comps = sorted(tuple(line.split()[1:]) for line in out.splitlines() if line.startswith("COMP"))
    # (dimension, b = 0 on it, a = c = 0 on it)
    assert comps == [("1", "false", "true"), ("2", "false", "false"), ("3", "true", "false")]
    r = critical_points("linear 2-1-1-2", target=[3.0, 1.0, -2.0, 5.0], seed=0, loss="frobenius")
    orbit_b_zero, orbit_ac_zero = 2, 1          # the rescalings' orbit dimensions on b = 0 and on a = c = 0
    assert list(r.positive_dimensional) == [3 - orbit_b_zero]
    (s,) = [p for p in r.points if p.dimension]
    assert abs(s.theta[2]) < 1e-9
    # {a = c = 0} minus the origin is one orbit (dimension orbit_ac_zero = its dimension): one point (0, b, 0)
    assert orbit_ac_zero == 1 and sum(1 for p in r.points if not p.dimension and any(p.theta)
                                      and max(abs(t) for t in p.theta[:2] + p.theta[3:]) < 1e-9) == 1
