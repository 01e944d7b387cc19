"""Session 20 (crit20): correctness items of issue #12 in the critical-point analyses, each against an
independent truth (a hand computation, a second method, a closed form)."""

import numpy as np

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
