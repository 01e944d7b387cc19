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
