"""Honest spurious counts where the strata do not cover the rank-drop locus of d mu; the
count of isolated critical points beside positive-dimensional sets; one rank rule under the layer rescaling.

The referee of the coverage rule is by hand: a linear stride-one convolution chain multiplies its filters as
polynomials, so d mu at (p_1, ..., p_m) is (q_1, ..., q_m) -> sum_i q_i prod_{j != i} p_j (numpy's convolution
below, not algnet). A root-coincidence pattern P holds isolated critical points of L = |mu - u|^2 for a generic
target only when the rank of d mu on P equals dim mu(P) (J^T (y - u) = 0 is rank-many conditions on dim mu(P)
unknowns)."""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.critical.solve_notes import _strata_completeness
from algnet.analyses.critical.spurious import strata_cover_rank_drop


def _jacobian(filters):
    """d mu of the product of the filters (coefficient vectors), by numpy's polynomial multiplication."""
    cols = []
    for i, p in enumerate(filters):
        rest = np.array([1.0])
        for j, q in enumerate(filters):
            if j != i:
                rest = np.convolve(rest, q)
        for t in range(len(p)):
            e = np.zeros(len(p))
            e[t] = 1.0
            cols.append(np.convolve(e, rest))
    return np.array(cols).T


def _rank(A):
    return int(np.linalg.matrix_rank(A, tol=1e-9 * np.linalg.norm(A)))


def test_the_hand_referee_of_the_dimension_rule():
    """conv k=3,2: on the shared root p1 = (t - a) q, p2 = t - a the rank is 3 = dim (a 3-dim stratum: a, q);
    one more root of p1 at a (a triple root, image lambda (t - a)^3 of dimension 2) keeps rank 3 > 2: no
    critical points there. conv k=3,3: two quadratics sharing both roots (p2 = c p1, image c q^2 of dimension 3)
    have rank 3 = dim: critical points that a 'share one root' stratum's monodromy does not reach."""
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=2)
    lin = np.array([-a, 1.0])
    assert _rank(_jacobian([np.convolve(lin, [-b, 1.0]), lin])) == 3          # shared root: rank 3 = dim 3
    assert _rank(_jacobian([np.convolve(lin, lin), lin])) == 3                # triple root: rank 3 > dim 2
    q = rng.normal(size=3)
    assert _rank(_jacobian([q, 1.7 * q])) == 3                                  # shared quadratic: rank 3 = dim 3
    assert _rank(_jacobian([rng.normal(size=3), rng.normal(size=3)])) == 5      # generic: rank 5 = dim M


@pytest.mark.parametrize("spec, covered", [("conv k=2,2 r=1", True), ("conv k=2,2,2 r=1", True),
                                           ("conv k=3,2 r=1", True), ("conv k=2,4 r=1", True),
                                           ("conv k=3,3 r=1", False), ("conv k=3,3,2 r=1", False),
                                           ("conv k=3,2,2 r=1", False), ("conv k=2,2,2,2,2,2 r=1", False),
                                           ("linear 3-2-3", True), ("conv k=3,3 r=2", True)])
def test_coverage_of_the_rank_drop_locus(spec, covered):
    ok, why = strata_cover_rank_drop(parse_spec(spec))
    assert ok is covered
    if not covered:
        assert "do not cover the rank-drop locus" in why
        # the per-stratum report turns it into a lower bound with the reason
        note = _strata_completeness({"rank-drop locus": {"trace_test_passed": True, "lost": 0, "uncovered": why}})
        assert "lower bounds" in note and why in note


@pytest.mark.slow
def test_uncovered_locus_makes_the_count_partial():
    """conv k=3,3 r=1 (the spurious search runs on its pair strata only): the counts are lower bounds, and say
    why, instead of '= N'. Macaulay2: 25 critical images (about 2 min, load 7, 2026-12-05); the pair strata give 12
    of them, the witness homotopy the other 13 (seed 0, 2026-12-05): all found, still not proved complete."""
    from algnet.analyses.critical.solve import critical_points
    from test_stride_one_conv_boundary_critical import _m2_critical_images

    u = (0.7, -0.3, 1.1, 0.4, 0.9)
    images = _m2_critical_images(u, (3, 3), uni=False)[0]
    assert images == 25
    r = critical_points("conv k=3,3 r=1", loss="frobenius", target=list(u), seed=0)
    assert r.partial and "rank-drop locus" in r.partial_reason
    assert "critical points >=" in r.summary()
    assert r.function_space_points <= images                   # a lower bound never above the truth


def test_isolated_points_beside_a_positive_dimensional_set():
    """linear 2-1-2 at the target I: the rank-one projections x x^T (x^T x = 1) are a curve of critical points
    (local dimension 1, Eckart-Young with equal singular values): the summary says the count is of isolated
    points and names the set."""
    from algnet.analyses.critical.solve import critical_points

    r = critical_points("linear 2-1-2", loss="frobenius", target=[1.0, 0.0, 0.0, 1.0], seed=0)
    assert 1 in r.positive_dimensional
    head = r.summary().splitlines()[2]
    assert f"{r.critical_points} isolated" in head and "positive-dimensional critical set" in head
    assert r.critical_points == sum(p.dimension == 0 for p in r.points)


def test_full_rank_under_the_layer_rescaling():
    """mu(a, b, c) = (a b, a b c), invariant under (a, b) -> (t a, b / t); at (1e8, 1e-8, 1) d mu has rows
    (1e-8, 1e8, 0), (1e-8, 1e8, 1): rank 2 (by hand: columns 2 and 3 are independent), though its singular values
    span 7e-9 (the relative threshold 1e-7 alone said rank 1 on 90e9934)."""
    from algnet.analyses.critical.loss import network_and_loss
    from algnet.analyses.critical.rankdrop import full_rank
    from algnet.analyses.critical.system import GradientFamily
    from algnet.architectures.polymap import parametrization

    net, L, rng = network_and_loss(parametrization(["a*b", "a*b*c"]), target=[1.0, 1.0])
    fam = GradientFamily(net, L, (), (), rng)
    X = np.array([[1e8, 1e-8, 1.0], [1.0, 1.0, 1.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]], dtype=complex)
    assert full_rank(fam, X, 2, 1.0).tolist() == [True, True, False, False]


def test_rank_drop_homotopy_finds_the_cone_points_by_itself():
    """conv k=2,2 r=1 at u = (0.7, -0.3, 1.1): the rank-drop critical images are the 4 critical points of the
    distance on the discriminant cone (a quartic in s, test_stride_one_conv_boundary_critical's hand referee) and
    the origin (a singular solution on the slice, recorded by the spurious search itself). The witness homotopy of the
    spurious search, given no stratum's images, finds the 4 cone points by itself, says they lie on no searched stratum,
    and the real cone point nearest u is a minimum over real weights."""
    from algnet.analyses.critical.loss import network_and_loss
    from algnet.analyses.critical.spurious import _witness
    from algnet.analyses.critical.system import GradientFamily
    from test_stride_one_conv_boundary_critical import U, _cone_points, _real_minimum

    net, L, rng = network_and_loss("conv k=2,2 r=1", loss="frobenius", target=list(U))
    full = GradientFamily(net, L, (), [], rng)
    out, dedup, report = [], [], {}
    _witness(net, L, 3, rng, full, dedup, out, report)
    images = [np.asarray(p.image) for p in out]
    want = [c for _, c in _cone_points(U)]
    assert len(images) == 4
    assert all(any(np.allclose(y, c, atol=1e-6) for y in images) for c in want)
    assert "lie on no searched stratum" in report["rank-drop homotopy"]["uncovered"]
    c = _real_minimum(U)[1]
    [p] = [p for p in out if np.allclose(np.asarray(p.image), c, atol=1e-6)]
    assert p.kind == "minimum" and not p.pure and p.source == "rank-drop homotopy"
