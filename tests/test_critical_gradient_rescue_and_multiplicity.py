"""Correctness items of issue #12 in the critical-point analyses, each against an
independent truth (a hand computation, a second method, a closed form)."""

import numpy as np
import pytest

from algnet import parse_spec


def test_metric_gradient_on_a_sliced_network_is_the_loss_gradient():
    # MetricGradient.trace fed the slice point to the parent network ignoring fam._E (a network on a subspace of
    # its parent's parameters): recording it raised "expected a flat parameter vector of length 8, got (6,)".
    # Truth: central differences of 1/2 r^T Q r, r = T f(E (c0 + N phi)) - u, by the parent's own evaluate.
    from algnet.analyses.critical.loss import make_loss
    from algnet.analyses.critical.system import gradient_family
    from algnet.analyses.critical.warm import MetricGradient
    from algnet.analyses.singular.derived import SlicedNetwork
    from algnet.homotopy.tape import record

    net = parse_spec("linear 2-2-2")
    S = SlicedNetwork.from_constraints(net, zero=(0,), ties=((2, 3),), label="w0 = 0, w2 = w3")
    rng = np.random.default_rng(0)
    L = make_loss(S, "generic", None, rng)
    fam = gradient_family(S, L, rng, 3)
    assert fam._E is not None
    MG = MetricGradient(fam)
    phi = rng.normal(size=fam.n_vars) + 1j * rng.normal(size=fam.n_vars)
    F = record(MG).evaluate(phi, MG.parameters(fam.Q, fam.loss.u), np.zeros(MG.n_params))[0]
    E, N, c0 = S.basis.astype(complex), fam.N, fam.c0
    Z, T, Q, u = (np.asarray(a, dtype=complex) for a in (L.Z, L.T, L.Q, L.u))

    def loss(x):
        r = T @ np.asarray(net.evaluate(E @ (c0 + N @ x), Z), dtype=complex).reshape(-1) - u
        return 0.5 * r @ Q @ r

    h = 1e-5
    G = np.array([(loss(phi + h * e) - loss(phi - h * e)) / (2 * h) for e in np.eye(fam.n_vars)])
    assert np.allclose(F, G, rtol=1e-7, atol=1e-7 * np.max(np.abs(G)))


def test_real_point_far_out_on_its_rescaling_orbit_keeps_full_rank():
    # certify_real_point decided rank d mu with the relative threshold alone: the Eckart-Young truncation of linear
    # 2-1-2 at W1 = t v1^T, W2 = s1 u1 / t has rank 3 for every t (the rescaling is a symmetry of mu), but from
    # t = 1e4 on it was called rank 2 (a 2 x 2 Hessian, typed from the image as a rank-drop point).
    # Truth: Eckart-Young (THEOREMS 8): the global minimum is s1 u1 v1^T, a smooth point with a positive definite
    # Hessian modulo the fiber (distinct singular values).
    from algnet.analyses.critical.loss import network_and_loss
    from algnet.analyses.critical.realfiber import certify_real_point

    U = np.array([[3.0, 1.0], [0.5, 1.0]])
    net, L, rng = network_and_loss("linear 2-1-2", target=U.reshape(-1).tolist())
    u_, s_, vt = np.linalg.svd(U)
    for t in (1.0, 1e5):
        th = np.concatenate([t * vt[0], s_[0] * u_[:, 0] / t])
        ok, th2, H, _ = certify_real_point(net, L, th, L.u, rng)
        assert ok and H.shape == (3, 3)
        assert np.allclose(np.outer(th2[2:], th2[:2]), s_[0] * np.outer(u_[:, 0], vt[0]), atol=1e-12)
        assert np.linalg.eigvalsh(0.5 * (H + H.T)).min() > 0


def test_target_rescue_on_another_chart_finds_the_eckart_young_points():
    # charts._target_rescue (paths._to_target's last resort for a path lost on its own chart): every start point
    # handed to it as if lost is tracked to the target on another chart through it and carried back to this slice.
    # Truth: Eckart-Young (THEOREMS 8): the critical images of the Frobenius loss at diag(3, 1) on the 2 x 2
    # matrices of rank <= 1 are 3 e1 e1^T and e2 e2^T.
    from algnet.analyses.critical.charts import _target_rescue
    from algnet.analyses.critical.loss import network_and_loss
    from algnet.analyses.critical.posdim import residuals
    from algnet.analyses.critical.solve import solve_slice
    from algnet.analyses.critical.system import gradient_family

    net, L, rng = network_and_loss("linear 2-1-2", target=[3.0, 0.0, 0.0, 1.0])
    fam = gradient_family(net, L, rng, 3)
    res, p0, _ = solve_slice(fam, rng)
    Z, left, paths = _target_rescue(fam, res.solutions, p0, L.u, rng)
    assert left.shape[0] == 0 and Z.shape[0] == 2 and paths >= 4
    assert (residuals(fam, Z, L.u) <= 1e-6).all()
    got = sorted(np.round(fam.image(Z).real, 8).tolist())
    assert got == [[0.0, 0.0, 0.0, 1.0], [3.0, 0.0, 0.0, 0.0]]


@pytest.mark.slow
def test_dense_3111_r2_classified_count_is_complete():
    # dense 3-1-1-1 r=2 (y = w3 w2^2 (a . x)^4, the cone over the quartic Veronese surface), generic loss, seed 2:
    # on 719960f one of 79 points was lost on the way to the real target on each of three slices ("1 point(s)
    # lost", partial); with the other-chart rescue the count is complete. Truth: the generic ED degree of v4(P^2),
    # ((2d - 1)^3 - (d - 1)^3) / d = 79 (DHOST 2016; THEOREMS 8), and seed 5 gives the same.
    from algnet.analyses.critical import critical_points

    for seed in (2, 5):
        r = critical_points("dense 3-1-1-1 r=2", loss="generic", seed=seed, method="monodromy")
        assert not r.partial, r.partial_reason
        assert r.pure == (7 ** 3 - 3 ** 3) // 4 == 79


def test_rank_drop_point_at_a_node_is_spurious_by_multiplicity():
    # t -> nu(1 + t^2), nu(s) = (s^2 - 1, s^3 - s) the nodal cubic; Frobenius loss at u = (1, -1). At t = 0 d mu = 0
    # (a critical point of L for every u) and mu(0) = nu(1) = 0 is the node (nu(1) = nu(-1)). By hand: the branch
    # through t = 0 is nu's branch at s = 1, smooth with tangent (2, 2), orthogonal to u, so the branch test alone
    # called the point pure; but the node is a singular point of M: spurious (THEOREMS 8's definition).
    from algnet.analyses.critical import critical_points
    from algnet.architectures.polymap import parametrization

    net = parametrization(["(1 + t^2)^2 - 1", "(1 + t^2)^3 - (1 + t^2)"])
    r = critical_points(net, loss="frobenius", target=[1.0, -1.0], seed=0)
    [p] = [p for p in r.points if abs(p.theta[0]) < 1e-9]
    assert p.rank == 0 and max(abs(c) for c in p.image) < 1e-12
    assert p.pure is False and "multiplicity" in p.purity_note


def test_rank_drop_point_at_a_smooth_image_stays_pure_by_multiplicity():
    # mu(t) = t^2 at the target 0: the only preimage of 0 is t = 0 where d mu = 0, yet M = C is smooth there and 0
    # is the minimum of l: pure (by hand); the multiplicity (2 witness paths at 0, a generic fiber has 2) agrees.
    from algnet.analyses.critical.multiplicity import SmoothnessJudge
    from algnet.analyses.critical.purity import judged_rank_drop
    from algnet.analyses.critical.system import GradientFamily, example_family
    from algnet.architectures.polymap import parametrization

    fam = example_family(parametrization(["t^2"]), loss="frobenius", target=[0.0])
    full = GradientFamily(fam.net, fam.loss, (), [], np.random.default_rng(0))
    pure, note = judged_rank_drop(full, np.zeros(1, dtype=complex), fam.loss.u, 1, SmoothnessJudge(fam, 1))
    assert pure and "smooth point of M by its multiplicity" in note


def test_points_certified_on_their_own_chart_carry_that_certificate():
    # rebalance.chart_certify kept the far-out slice point as the centre and put the *other chart's* radius beside
    # it: (center, radius) was no certificate in the family's chart, yet classify's certified-real test used it.
    # Now each such row carries its chart's certified centre (a parameter vector) and image enclosure.
    # Second method: the same points certified on their own slice (certify_points without charts).
    from dataclasses import replace

    from algnet.analyses.critical.classify import _certified_real_images, classify_points
    from algnet.analyses.critical.paths import example_points
    from algnet.analyses.critical.rebalance import chart_certify, charted_of
    from algnet.analyses.critical.refine import certify_points

    fam, X, u = example_points("dense 2-1-1 r=2", "generic")
    own = certify_points(fam, X, u, key_ball=fam.image_ball, key_interval=fam.image_interval)
    none = replace(own, mask=np.zeros(len(own.mask), dtype=bool), certified=0)
    ch = chart_certify(fam, X, u, none, far=0.0)         # every point on its own chart (by default far-out ones)
    charted = charted_of(ch)
    assert ch.certified == own.certified == len(charted) == X.shape[0] and ch.distinct == own.distinct
    for i, (theta, mid, rad) in charted.items():
        y = fam.image(X[i][None, :])[0]
        assert np.all(np.abs(y - mid) <= rad + 1e-12)                             # the same critical image
        assert np.allclose(fam.values.values(theta[None, :]) @ fam.T.T, y[None, :], atol=1e-9)
    assert _certified_real_images(fam, ch) == _certified_real_images(fam, own) == 2
    pts = classify_points(fam, ch.centers, u, 3, ch)
    for i, p in enumerate(pts):
        if p.real_parameters is not True:       # not replaced by a real parameter point: the chart's centre
            assert np.allclose(p.theta, charted[i][0])


def test_special_metric_route_runs_on_a_stratum_family():
    # The strata search solves SlicedNetwork families (fam._E set) and, when a special metric's trace test fails,
    # takes special.special_metric_solve, which tracks MetricGradient: on 719960f that raised NotImplementedError
    # for such a family. Truth by hand: linear 2-2-2 with W1[1, 1] = 0 still reaches every 2 x 2 matrix (dim 4), so
    # the Frobenius loss has exactly one critical image, the target itself.
    from algnet.analyses.critical.loss import make_loss
    from algnet.analyses.critical.special import special_metric_solve
    from algnet.analyses.critical.system import gradient_family
    from algnet.analyses.singular.derived import SlicedNetwork

    S = SlicedNetwork.from_constraints(parse_spec("linear 2-2-2"), zero=(3,), label="W1[1, 1] = 0")
    rng = np.random.default_rng(0)
    fam = gradient_family(S, make_loss(S, "frobenius", None, rng), rng, 4)
    res, p0, tr = special_metric_solve(fam, rng)
    assert tr.passed and res.solutions.shape[0] == 1
    assert np.allclose(fam.image(res.solutions)[0], p0, atol=1e-8 * (1 + np.abs(p0).max()))
