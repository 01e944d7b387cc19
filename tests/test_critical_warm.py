"""The warm route of the count (algnet.analyses.critical.warm): a parameter homotopy in (Q, u) from generic
solutions computed once per network structure. Truth: Eckart-Young and the Chern-class formula (closed forms,
computed independently of any homotopy), the gradient evaluated by numpy at each call's own metric and target,
and the full route (multihomogeneous homotopy with its trace test) when the warm route is sabotaged."""

from math import comb

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.critical import ed_degree
from algnet.analyses.critical import warm
from algnet.analyses.critical.chern import segre_veronese_ged
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.posdim import residuals


def _warm_or_first(c, seed):
    """A warm call, or (seed 0, when the structure was not solved earlier in this process) the structure's first
    count: its structure-level solve at the call's own parameters (the small route with its trace test)."""
    if c.route == "parameter homotopy":
        return True
    # complete by the trace test, or (every tracked path at a point of its own: small.every_path_counted) the path count
    assert seed == 0 and c.route == "multihomogeneous" and c.complete, (seed, c.route, c.completeness)
    # (or the images found met a proven bound on them: critical.image_bound)
    assert (c.trace_test_passed or "no trace test: each of the" in c.completeness
            or "proven by a bound" in c.completeness), c.completeness
    assert "solved at this call's parameters as the structure's generic solutions" in c.completeness
    return False


@pytest.mark.parametrize("spec, truth", [("linear 2-1-2", segre_veronese_ged([1, 1], [1, 1])),
                                         ("dense 2-1-1 r=3", 3 * 3 - 2)])
def test_thirty_seeds_give_the_theorem_count_certified(spec, truth):
    """Generic metric: P^1 x P^1 under O(1, 1) has generic ED degree 6 (Chern classes); the cubic rational normal
    curve's cone 3 d - 2 = 7. Every seed: the theorem's count, all certified, complete."""
    assert truth in (6, 7)
    net = parse_spec(spec)
    for seed in range(30):
        c = ed_degree(net, metric="generic", seed=seed).critical
        warm_call = _warm_or_first(c, seed)
        assert c.generic_pure_images == truth == c.certified_distinct and c.complete and not c.partial
        assert c.paths == truth or not warm_call


def test_eckart_young_and_generic_are_cached_apart():
    """Q = I is not a generic metric: its count (Eckart-Young, binom(2, 1) = 2) has its own structure solve."""
    net = parse_spec("linear 2-1-2")
    for seed in range(10):
        f = ed_degree(net, metric="frobenius", seed=seed)
        g = ed_degree(net, metric="generic", seed=seed)
        assert f.ed_degree == comb(2, 1) and g.ed_degree == 6
        assert _warm_or_first(f.critical, seed) and _warm_or_first(g.critical, seed) or seed == 0


def test_conv_counts_equal_the_chern_class_value():
    net = parse_spec("conv k=2,2 r=2")
    truth = segre_veronese_ged([1, 1], [2, 1])
    for seed in range(10):
        c = ed_degree(net, metric="generic", seed=seed).critical
        assert c.generic_pure_images == truth == c.certified_distinct == 14 and c.complete


def test_points_are_critical_for_the_call_s_own_metric_and_target():
    """The points of one call solve that call's gradient system (numpy evaluation with its Q and p0), not the
    structure's."""
    net, L, rng = network_and_loss("conv k=2,2 r=2", "generic", seed=8)
    sol, p0, fam, cert = warm.warm_count(net, L, 3, rng)
    w = warm.warm_start(net, "generic", 3)
    assert np.allclose(fam.Q, L.Q) and not np.allclose(w.fam.Q, L.Q)
    assert residuals(fam, sol.solutions, p0).max() < 1e-8
    assert residuals(w.fam, sol.solutions, w.P[-fam.n_params:]).min() > 1e-6
    assert cert.certified == cert.distinct == 14


def test_a_missing_start_point_gives_way_to_the_full_route(monkeypatch):
    """A start set one point short (as if the structure's solve had missed one) ends with 5 images, not 6: the
    warm route declines and the full route (multihomogeneous: its trace test, or the proven bound) answers with 6."""
    net = parse_spec("linear 2-1-2")
    w = warm.warm_start(net, "generic", 3)
    short = warm.WarmStart(w.fam, w.family, w.X[1:], w.P, w.count, w.paths, w.how, w.seconds)
    monkeypatch.setitem(warm._WARM, warm._key(net, "generic"), short)
    c = ed_degree(net, metric="generic", seed=4).critical
    assert c.route == "multihomogeneous" and c.generic_pure_images == 6
    assert c.trace_test_passed or "proven by a bound" in c.completeness     # (6: the proven bound, image_bound)


def test_a_wrong_structure_count_is_not_claimed(monkeypatch):
    """If the structure's count were too high (7 claimed, 6 points), no call could reach it: the full route
    answers every time."""
    net = parse_spec("linear 2-1-2")
    w = warm.warm_start(net, "generic", 3)
    high = warm.WarmStart(w.fam, w.family, w.X, w.P, w.count + 1, w.paths, w.how, w.seconds)
    monkeypatch.setitem(warm._WARM, warm._key(net, "generic"), high)
    for seed in range(3):
        c = ed_degree(net, metric="generic", seed=seed).critical
        assert c.route == "multihomogeneous" and c.generic_pure_images == 6


def test_not_applicable_where_monodromy_runs():
    """linear 3-1-3 with Q = I: auto runs monodromy (73 small-route paths for 3 points), so there is no structure
    solve; data losses have none either."""
    assert warm.warm_start(parse_spec("linear 3-1-3"), "frobenius", 5) is None
    assert warm.warm_start(parse_spec("linear 2-1-2"), "data", 3) is None


@pytest.mark.parametrize("spec", ["linear 2-1-2", "dense 2-1-1 r=3", "conv k=2,2 r=2"])
def test_compiled_disc_enclosures_contain_ball_values(spec):
    """The compiled disc enclosures (critical/disc_tape.py) contain G at the centres computed in 128-bit ball
    arithmetic (residual_ball, a second method), and over polydiscs they meet the object-array disc enclosures
    of critical/intervals.py (both contain the exact G and G' there, so their discs must intersect)."""
    from algnet.analyses.critical.disc_tape import exact_tape
    from algnet.analyses.critical.system import example_family

    fam = example_family(spec, "generic", seed=2)
    E = exact_tape(fam)
    assert E is not None
    rng = np.random.default_rng(0)
    X = (rng.normal(size=(4, fam.n_vars)) + 1j * rng.normal(size=(4, fam.n_vars))) * 2.0
    u = fam.loss.u + 0.5j
    G, _ = E.evaluate_interval(X, np.zeros(4), u, hessian=False)
    bm, br = fam.residual_ball(X, u)
    assert np.all(np.abs(G.m - bm) <= G.r + br)
    assert np.all(G.r <= 1e-9 * (1 + np.abs(G.m)))           # tight at a point (rounding of cancelling terms)
    rad = np.full(4, 1e-6)
    G1, H1 = E.evaluate_interval(X, rad, u)
    G2, H2 = fam.evaluate_interval(X, rad, u)
    assert np.all(np.abs(G1.m - G2.m) <= G1.r + G2.r) and np.all(np.abs(H1.m - H2.m) <= H1.r + H2.r)
    # useful at the radii of the Krawczyk test (wider than the object-array route's by 3-25x: forward-mode lanes
    # through the recorded reverse pass, where intervals widen, against Cauchy's formula there)
    _, Ht = E.evaluate_interval(X, np.full(4, 1e-10), u)
    assert np.all(Ht.r < 1e-4 * (1 + np.abs(Ht.m)))
    y1, r1 = E.image_interval(X, rad)
    y2, r2 = fam.image_interval(X, rad)
    assert np.all(np.abs(y1 - y2) <= r1 + r2)
    # a widened box encloses the values at points inside it (float evaluation, within rounding)
    Xs = X + 0.9e-6 * np.exp(2j * np.pi * rng.random(X.shape))
    Gs, Hs = fam.evaluate(Xs, u)
    assert np.all(np.abs(Gs - G1.m) <= G1.r + 1e-9) and np.all(np.abs(Hs - H1.m) <= H1.r + 1e-9)


def test_an_inexact_constant_keeps_the_object_array_route():
    """A tape with a constant that is not a small integer (rounded while recording) is not used."""
    from algnet.analyses.critical import disc_tape

    assert not disc_tape._exact(np.array([1.0, 1 / 3]))
    assert disc_tape._exact(np.array([1.0, -2.0, 3.0 + 1j]))


def test_slice_rank_rule_agrees_with_the_full_rank_rule():
    """On a slice through points where d mu drops rank (w2 = 0 in linear 2-1-2: the slice built through such
    points), the rule on the slice Jacobian (warm_views._pure_on_slice) says what paths._full_rank says."""
    from algnet.analyses.critical.paths import _full_rank
    from algnet.analyses.critical.system import example_family
    from algnet.analyses.critical.warm_views import _pure_on_slice

    fam = example_family("linear 2-1-2", "generic", seed=3)
    rng = np.random.default_rng(1)
    X = rng.normal(size=(6, 3)) + 1j * rng.normal(size=(6, 3))
    # points of the slice where theta = (a, b, 0, 0): solve c0 + N x = (a, b, 0, 0) in the last two rows
    for i in range(3):
        A = fam.N[2:, :2]
        X[i, :2] = np.linalg.solve(A, -(fam.c0[2:] + fam.N[2:, 2] * X[i, 2]))
    assert np.abs(fam.theta(X[:3])[:, 2:]).max() < 1e-12
    full, crit = _full_rank(fam, X, 3)
    ok, _ = _pure_on_slice(fam, X, 3)
    assert ok.tolist() == (full & crit).tolist() == [False] * 3 + [True] * 3


def test_a_failed_structure_solve_is_tried_once_more(monkeypatch, first_structure_seed_fails):
    """The first structure seed's solve (at the first count's parameters) ends incomplete (simulated): that count
    is answered by the full route, the next count solves another structure seed, and the count stays 3 d - 2 = 7."""
    seeds = first_structure_seed_fails
    net = parse_spec("dense 2-1-1 r=3")
    monkeypatch.delitem(warm._WARM, warm._key(net, "generic"), raising=False)
    c = ed_degree(net, metric="generic", seed=1).critical
    assert seeds == [warm.STRUCTURE_SEED] and c.route == "multihomogeneous" and c.generic_pure_images == 7
    assert c.trace_test_passed or "no trace test: each of the" in c.completeness
    assert c.complete and "structure's generic solutions" not in c.completeness
    c = ed_degree(net, metric="generic", seed=2).critical
    assert seeds == [warm.STRUCTURE_SEED, warm.STRUCTURE_SEED + 1] and c.generic_pure_images == 7
    assert f"(seed {warm.STRUCTURE_SEED + 1};" in c.completeness
    c = ed_degree(net, metric="generic", seed=3).critical
    assert c.route == "parameter homotopy" and c.generic_pure_images == 7
    assert f"(seed {warm.STRUCTURE_SEED + 1};" in c.completeness and len(seeds) == 2
    monkeypatch.delitem(warm._WARM, warm._key(net, "generic"))


def test_a_failed_path_is_tracked_again(monkeypatch):
    """A path of the call that fails (simulated: the first tracking's first path marked failed, as when a path
    crawls to the step cap, conv k=2,2 r=2 seeds 67 and 92 of 0-99 with the first structure seed) is tracked again
    through a random intermediate target, with every other start (the detour can permute the solutions): the call
    completes with the Chern-class value, 28 paths more, without the full route."""
    from dataclasses import replace

    import importlib

    mono = importlib.import_module("algnet.homotopy.monodromy")

    real = mono.track_parameters
    calls = []

    def first_fails(*a, **k):
        tr = real(*a, **k)
        calls.append(tr.x.shape[0])
        if len(calls) == 1:
            tr = replace(tr, status=("failed",) + tuple(tr.status[1:]))
        return tr

    net = parse_spec("conv k=2,2 r=2")
    warm.warm_start(net, "generic", 3)                  # the structure solve first (not simulated)
    monkeypatch.setattr(mono, "track_parameters", first_fails)
    # (a path failing in the one compiled call of warm_kernel sends the call to this route from the start:
    # tests/test_warm_kernel.py; the failure is simulated here in this route's tracking)
    monkeypatch.setattr(importlib.import_module("algnet.analyses.critical.warm_kernel"), "fused_count", lambda *a: None)
    c = ed_degree(net, metric="generic", seed=6).critical
    assert calls[:3] == [14, 14, 14]                     # the 14 paths, then all 14 on a detour (two legs)
    assert c.route == "parameter homotopy" and c.paths == 14 + 2 * 14 and c.complete
    assert c.generic_pure_images == c.certified_distinct == segre_veronese_ged([1, 1], [2, 1])


def test_the_call_target_is_the_structure_s_unless_the_metric_is():
    """A warm call moves only the metric: its complex target is P*'s (its points solve the call's metric there);
    with the Frobenius metric (Q = I, P*'s own) a fresh target is drawn, so the call still moves. Counts: the
    Chern-class value 6 and Eckart-Young's binom(2, 1) = 2."""
    net = parse_spec("linear 2-1-2")
    for kind, truth in (("generic", segre_veronese_ged([1, 1], [1, 1])), ("frobenius", 2)):
        w = warm.warm_start(net, kind, 3)
        for seed in (11, 12):
            net_, L, rng = network_and_loss("linear 2-1-2", kind, seed=seed)
            sol, p0, fam, cert = warm.warm_count(net_, L, 3, rng)
            m = L.m
            assert np.array_equal(p0, w.P[m * m:]) == (kind == "generic")
            assert residuals(fam, sol.solutions, p0).max() < 1e-8
            assert cert.certified == cert.distinct == truth == sol.solutions.shape[0]
