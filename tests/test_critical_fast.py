"""The small critical-point route with what depends on the network structure only cached (the start system of
the multihomogeneous homotopy, the dimension) and nothing that depends on the target or the metric.

Truth: the generic ED degrees 6 of P^1 x P^1 (linear 2-1-2), 3 d - 2 = 7 of the rational normal cubic
(dense 2-1-1 r=3) and 14 of P^1 x P^1 under O(2, 1) (conv k=2,2 r=2) from the Chern-class formula
(Draisma-Horobet-Ottaviani-Sturmfels-Thomas, FoCM 2016, Thm. 5.8, recomputed by :func:`segre_veronese_ged`,
which uses no homotopy), and Eckart-Young (binom(2, 1) = 2 for the Frobenius metric on 2 x 2 rank-one
matrices). Freshness of the cache: the points of each call solve the gradient system of that call's own
target and metric, not another call's.
"""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.critical import ed_degree
from algnet.analyses.critical.chern import segre_veronese_ged
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.multihom import STRUCTURE_SEED, layered_family, layered_plan, start_system
from algnet.analyses.critical.posdim import residuals
from algnet.analyses.critical.small import (choose_route, every_path_counted, homotopy_trace_test,
                                            remembered_dimension, route_probe, small_slice)
from algnet.analyses.critical.system import gradient_family

TRUTH = [("linear 2-1-2", segre_veronese_ged([1, 1], [1, 1])),
         ("dense 2-1-1 r=3", 3 * 3 - 2),
         ("conv k=2,2 r=2", segre_veronese_ged([1, 1], [2, 1]))]


def test_truth_values_from_the_literature():
    assert [t for _, t in TRUTH] == [6, 7, 14]


@pytest.mark.parametrize("spec, truth", TRUTH)
def test_two_seeds_give_the_theorem_count_certified(spec, truth):
    for seed in (11, 12):
        res = ed_degree(spec, metric="generic", seed=seed)
        c = res.critical
        assert res.ed_degree == truth and c.certified_distinct == truth, (seed, c.completeness)
        # the parameter homotopy from the structure's generic solutions needs no trace test of its own: E certified
        # images are all (the structure's solve ran the trace test once)
        # (or every tracked path ended at a point of its own: small.every_path_counted, no trace test)
        # (or the images found met a proven bound on them: critical.image_bound, no trace test)
        assert c.complete and not res.partial and (c.trace_test_passed or c.route == "parameter homotopy"
                                                   or "no trace test: each of the" in c.completeness
                                                   or "proven by a bound" in c.completeness)
        if c.route == "multihomogeneous":       # auto may give way to monodromy; the count is the same
            # the trace test passed (at p0 by its second derivative, or tracked to s = 1), or every tracked path
            # ended at a point of its own (small.every_path_counted)
            assert any(t in c.completeness for t in (
                "trace test on a line u0 + s v (its second derivative at s = 0 from the points alone, no path) passed",
                "trace test on a line u0 + s v (s = 1 against the value and slope at s = 0) passed",
                "no trace test: each of the", "proven by a bound"))


def _slice_points(spec, seed, loss="generic", target=None):
    net, L, rng = network_and_loss(spec, loss, target=target, seed=seed)
    dim = remembered_dimension(net, seed)
    fam = layered_family(net, L, rng, dim, layered_plan(net, dim))
    sol, p0 = small_slice(fam, rng, "multihomogeneous")
    return fam, sol, p0


@pytest.mark.parametrize("spec, truth", TRUTH[:2])
def test_cached_start_system_gives_fresh_points_for_each_target(spec, truth):
    """Two calls share one start system; each call's points are critical for its own target and metric
    (residual of the gradient system at the call's p0 and Q), and not for the other call's."""
    fa, sa, pa = _slice_points(spec, 21)
    fb, sb, pb = _slice_points(spec, 22)
    plan = layered_plan(fa.net, fa.n_vars)
    assert start_system(fa.net, plan) is start_system(fb.net, plan)
    assert not np.allclose(pa, pb) and not np.allclose(fa.Q, fb.Q)
    for fam, sol, p in ((fa, sa, pa), (fb, sb, pb)):
        assert sol.complete
        assert np.unique(np.round(fam.image(sol.solutions), 6), axis=0).shape[0] == truth
        assert residuals(fam, sol.solutions, p).max() < 1e-8
    assert residuals(fb, sa.solutions, pb).min() > 1e-6      # a's points do not solve b's system
    assert residuals(fa, sb.solutions, pa).min() > 1e-6


def test_frobenius_after_generic():
    """Q = identity after a random Q (one start system): Eckart-Young's 2, not the generic 6."""
    assert ed_degree("linear 2-1-2", metric="generic", seed=3).ed_degree == 6
    res = ed_degree("linear 2-1-2", metric="frobenius", seed=3)
    assert res.ed_degree == 2 and res.critical.certified_distinct == 2 and res.critical.complete
    assert ed_degree("linear 2-1-2", metric="generic", seed=4).ed_degree == 6


def test_an_explicit_target_is_used():
    """A given real target: the points at the generic complex target are fresh for each call and the count is
    the generic ED degree whatever the target."""
    for target in ([1.0, 2.0, 3.0, 4.0], [-2.0, 0.5, 1.0, 3.0]):
        res = ed_degree(network_and_loss("linear 2-1-2", "generic", target=target)[0], metric="generic", seed=5)
        assert res.ed_degree == 6 and res.critical.complete


def test_start_system_is_said_and_keyed_by_structure():
    res = ed_degree("linear 2-1-2", metric="generic", seed=1, method="multihomogeneous")
    assert f"start system drawn once per network structure, seed {STRUCTURE_SEED}" in res.critical.completeness
    a = parse_spec("linear 2-1-2")
    b = parse_spec("dense 2-1-1 r=3")
    sa, sb = start_system(a, layered_plan(a, 3)), start_system(b, layered_plan(b, 2))
    assert sa is not sb and sa.points.shape == (9, 5) and sb.points.shape == (7, 4)
    assert sb.orbit * 7 + sb.fixed == 25      # one point per orbit of the cube roots of unity (.equivariant)
    assert not sa.points.flags.writeable                     # the cached start points cannot be changed in place


@pytest.mark.parametrize("spec, method", [("linear 2-1-2", "auto"), ("dense 2-1-1 r=3", "auto"),
                                          ("conv k=2,2 r=2", "auto"), ("linear 3-2-3", "auto"),
                                          ("conv k=2,3 r=2", "total degree"), ("linear 2-1-2", "monodromy")])
def test_route_probe_decides_as_the_family(spec, method):
    net, L, rng = network_and_loss(spec, "generic", seed=0)
    dim = remembered_dimension(net, 0)
    assert choose_route(route_probe(net, L, dim), method) == choose_route(gradient_family(net, L, rng, dim), method)


def test_noisy_points_certified_in_batch_and_by_the_ball_route(monkeypatch):
    """conv k=2,2 r=2, seed 0: float64 rounding of the gradient at one of the 14 points (disc radius 2e-9 against
    a residual of 2e-11) defeated the batched test at its first radius, and the point went to the slow ball route.
    The second radius from the 128-bit residual certifies all 14 in batch; the ball route (a second method,
    point by point in acb arithmetic) certifies the same points."""
    import algnet.analyses.critical.refine as refine
    from algnet.homotopy.certify import certify

    seen = []
    real = refine.certify_points

    def spy(fam, X, p=None, **kw):
        seen.append((fam, np.array(X), p))
        return real(fam, X, p, **kw)

    monkeypatch.setattr(refine, "certify_points", spy)
    res = ed_degree("conv k=2,2 r=2", metric="generic", seed=0, method="multihomogeneous")
    assert res.ed_degree == 14 and res.critical.certified_distinct == 14
    assert "14 point(s) in batched float64" in res.critical.method
    fam, X, p = seen[0]
    ball = certify(fam, X, p, batched=False)
    assert ball.certified == 14 and ball.mask.all()


def test_auto_skips_a_small_route_that_would_spend_its_paths_on_excluded_endpoints():
    """Frobenius metric on linear 3-1-3: 73 multihomogeneous paths for Eckart-Young's binom(3, 1) = 3 critical
    points; the route ended incomplete in 8 of 8 seeds (then monodromy ran too). auto goes to monodromy; where
    the paths are not mostly excluded (linear 2-1-2: 9 for 2; conv k=3,2 r=2: 169 for 71) it keeps the small
    route."""
    from math import comb

    res = ed_degree("linear 3-1-3", metric="frobenius", seed=1)
    assert res.critical.route == "monodromy" and res.ed_degree == comb(3, 1) and res.critical.complete
    small = ed_degree("linear 2-1-2", metric="frobenius", seed=1)
    # warm, or the structure's first count (solved at its own parameters by the same small route)
    assert small.critical.route in ("parameter homotopy", "multihomogeneous") and small.ed_degree == comb(2, 1)
    assert "multihomogeneous homotopy at" in small.critical.completeness
    for spec, loss, dim in (("conv k=3,2 r=2", "frobenius", 4), ("conv k=3,2 r=2", "generic", 4),
                            ("linear 3-1-3", "generic", 5)):
        net, L, _ = network_and_loss(spec, loss, seed=0)
        assert remembered_dimension(net, 0) == dim
        assert choose_route(route_probe(net, L, dim)) == "multihomogeneous"


@pytest.mark.parametrize("seed", [0, 1])
def test_trace_test_on_the_homotopy_tape_catches_a_missing_point(seed):
    """The trace test of the multihomogeneous route runs on that route's own tape (the target a parameter):
    it passes on the complete set and fails when any one point is left out."""
    fam, sol, p0 = _slice_points("dense 2-1-1 r=3", seed)
    # complete by the path count (every tracked path at a point of its own), else by its trace test
    assert sol.complete and (every_path_counted(sol) and sol.trace is None or sol.trace.passed)
    rng = np.random.default_rng(100 + seed)
    m = fam.n_params
    v = (rng.normal(size=m) + 1j * rng.normal(size=m)) * np.sqrt(np.mean(np.abs(p0) ** 2))
    wt = rng.normal(size=m) + 1j * rng.normal(size=m)
    X = sol.solutions
    assert X.shape[0] >= 7          # 7 critical images (and points where the slice is tangent to a fiber)
    assert homotopy_trace_test(fam, sol.homotopy, X, p0, v, wt, rng).passed
    for drop in (0, X.shape[0] - 1):
        keep = np.ones(X.shape[0], dtype=bool)
        keep[drop] = False
        assert not homotopy_trace_test(fam, sol.homotopy, X[keep], p0, v, wt, rng).passed
