"""Strata of linear and dense networks against the theorem on determinantal varieties.

The function space of ``linear d0-...-dL`` is the variety of dL x d0 matrices of rank <= r (r the smallest
width); for r < min(d0, dL) its singular locus is exactly the matrices of rank < r (Bruns-Vetter, Determinantal
Rings, LNM 1327, ch. 2: the (r+1)-minors generate its prime ideal, and at a matrix of rank j < r each of them
vanishes to order r + 1 - j >= 2, so the Zariski tangent space there is the whole space); for r = min(d0, dL)
it is the whole space, smooth. The function space of ``dense n-k-1 r=2`` is the quadrics of rank <= k in n
variables (symmetric n x n matrices of rank <= k), singular exactly along the rank < k quadrics when k < n
(the same argument; the symmetric minors generate a prime ideal, Kutz, Trans. AMS 194 (1974)). Every stratum
of lower rank must be reported singular *and certified*, whatever the seed and whichever of several
equivalent strata it is (``linear 3-2-2-3``: ``widths 3-1-2-3`` and ``widths 3-2-1-3`` are both the rank-one
matrices).
"""

import re

import pytest

from algnet import parse_spec
from algnet.analyses.singular import analyze_point, strata
from algnet.analyses.singular.moves import fiber_moves, stays_in_fiber
from algnet.analyses.singular.primitives import exact_values, sample_inputs


def _stratum_rank(name: str) -> int:
    """The rank bound of a stratum's matrices from its name ('widths 3-1-2-3': 1, 'rank W1 <= 2': 2)."""
    m = re.fullmatch(r"widths ([\d-]+)", name)
    if m:
        return min(int(w) for w in m.group(1).split("-"))
    m = re.fullmatch(r"rank W\d+ <= (\d+)", name)
    assert m, name
    return int(m.group(1))


@pytest.mark.parametrize("spec,seeds", [("linear 3-2-2-3", (0, 1, 2)), ("linear 4-2-2-4", (0, 1)),
                                        ("linear 4-3-3-4", (0,)), ("linear 3-3-2-3", (0, 1)), ("linear 2-2-2-2", (0,)),
                                        ("linear 2-3-3", (0,))])
def test_linear_strata_follow_the_determinantal_theorem(spec, seeds):
    widths = [int(w) for w in spec.split()[1].split("-")]
    r, full = min(widths), min(widths[0], widths[-1])
    for seed in seeds:
        res = strata(parse_spec(spec), seed=seed)
        for s in res.strata[1:]:
            k = _stratum_rank(s.name)
            # rank <= r is the whole (smooth) space when r = full; a stratum of rank r is dense in M
            want = "singular" if k < r < full else "smooth"
            assert s.status == want, (spec, seed, s.name, s.decided_by, s.proves)
            assert s.certified or (k == r < full), (spec, seed, s.name, s.decided_by, s.proves)


@pytest.mark.parametrize("spec", ["dense 3-2-1 r=2", "dense 4-3-1 r=2"])
def test_dense_quadric_strata_follow_the_symmetric_determinantal_theorem(spec):
    n, k = (int(w) for w in spec.split()[1].split("-")[:2])
    for seed in (0, 1):
        res = strata(parse_spec(spec), seed=seed)
        for s in res.strata[1:]:
            assert _stratum_rank(s.name) < k < n
            assert (s.status, s.certified) == ("singular", True), (spec, seed, s.name, s.decided_by)


def test_moves_stay_in_the_fiber_and_certify_the_rank_one_point():
    # a rank-one product of linear 3-2-2-3 reached with the second hidden layer of width one: W3 W2 W1 = u v^T
    net = parse_spec("linear 3-2-2-3")
    theta = [1, 2, 3, 4, 5, 6,  2, 3, 0, 0,  1, 0, 2, 0, 3, 0]    # W1 2x3, W2 2x2 (row 2 zero), W3 3x2 (col 2 zero)
    X, _ = sample_inputs(net, 0)
    p = exact_values(net, theta, X)
    pts = fiber_moves(net, [theta], X, p, seed=0)
    assert pts
    # every moved point has the same product (an independent check: the matrices multiplied out by hand)
    def product(t):
        W1 = [t[0:3], t[3:6]]
        W2 = [t[6:8], t[8:10]]
        W3 = [t[10:12], t[12:14], t[14:16]]
        W21 = [[sum(W2[i][k] * W1[k][j] for k in range(2)) for j in range(3)] for i in range(2)]
        return [[sum(W3[i][k] * W21[k][j] for k in range(2)) for j in range(3)] for i in range(3)]
    assert all(product(t) == product(theta) for t in pts)
    a = analyze_point(net, theta, dimension=8, seed=0, starts=0, boundary_test=False)
    assert (a.singular, a.certified, a.decided_by) == (True, True, "fiber tangent spaces (exact)")


def test_a_kernel_direction_that_leaves_the_fiber_is_rejected():
    net = parse_spec("linear 1-1-1")          # f = b a x at a = b = 0: e = (1, 1) is in the kernel, f = s^2 x
    X, _ = sample_inputs(net, 0)
    p = exact_values(net, [0, 0], X)
    assert not stays_in_fiber(net, [0, 0], [1, 1], X, p)
    assert stays_in_fiber(net, [0, 0], [0, 1], X, p)
