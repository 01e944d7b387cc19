"""The multihomogeneous homotopy tracked in chart coordinates (z_k = b_k + B_k w_k): the same system as in the
homogeneous coordinates with the chart equations, fewer unknowns."""

import numpy as np
import pytest

from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.multihom import (LayeredGradient, chart_bases, layered_family, layered_plan,
                                               multihomogeneous_solve)
from algnet.homotopy.tape import record


def _homotopies(spec, dim):
    net, L, rng = network_and_loss(spec, "generic", seed=3)
    plan = layered_plan(net, dim)
    fam = layered_family(net, L, rng, dim, plan)
    return fam, plan, L, LayeredGradient(fam, plan, L.u), LayeredGradient(fam, plan, L.u, charted=True)


def test_chart_bases_parametrize_the_chart():
    rng = np.random.default_rng(0)
    charts = [rng.normal(size=n) + 1j * rng.normal(size=n) for n in (1, 2, 4)]
    for a, (b, B) in zip(charts, chart_bases(charts)):
        assert np.isclose(a @ b, 1) and B.shape == (a.size, a.size - 1)
        assert np.allclose(a @ B, 0) and np.allclose(B.conj().T @ B, np.eye(a.size - 1))
        z = b + B @ (rng.normal(size=a.size - 1) + 0j)      # any point of the chart comes back from its w
        assert np.allclose(b + B @ (B.conj().T @ (z - b)), z)


@pytest.mark.parametrize("spec, dim", [("linear 2-1-2", 3), ("dense 2-1-1 r=3", 2), ("conv k=2,2 r=2", 3)])
def test_charted_tape_is_the_homogeneous_system_on_the_charts(spec, dim):
    # the charted tape at w equals the homogeneous tape's gradient equations at z = b + B w, for every (a, b, u),
    # and its Jacobian is that one's times the chart's basis (the chain rule): the same system, n_k unknowns a group
    fam, plan, L, H, C = _homotopies(spec, dim)
    assert C.n_vars == sum(plan.dims) and H.n_vars == C.n_vars + len(plan.dims)
    th, tc = record(H), record(C)
    rng = np.random.default_rng(1)
    W = rng.normal(size=(4, C.n_vars)) + 1j * rng.normal(size=(4, C.n_vars))
    Z = C.projective(W)
    Bfull = np.zeros((H.n_vars, C.n_vars), dtype=complex)
    for k, (b, B) in enumerate(C.bases):
        Bfull[C.offsets[k]:C.offsets[k + 1], C.woffsets[k]:C.woffsets[k + 1]] = B
    for a, bb in [(0.6 + 0.8j, 0.0), (0.3 - 0.1j, 0.7), (0.0, 1.0)]:
        p = H.parameters(a, bb, L.u + 0.1j)
        for w, z in zip(W, Z):
            Fh, Jh = th.evaluate(z, p, np.zeros(H.n_params))[:2]
            Fc, Jc = tc.evaluate(w, p, np.zeros(H.n_params))[:2]
            n = C.n_vars
            assert np.allclose(Fh[n:], 0, atol=1e-12)                  # z is on the charts
            assert np.allclose(Fc, Fh[:n], rtol=1e-10, atol=1e-12)
            assert np.allclose(Jc, Jh[:n] @ Bfull, rtol=1e-10, atol=1e-10)


def test_round_trips_and_start_points():
    fam, plan, L, H, C = _homotopies("linear 2-1-2", 3)
    assert np.allclose(C.projective(C.start_points()), H.start_points())
    X = np.array([[0.3, -0.2, 0.5], [1.5 + 0.2j, 0.1, -2.0]])
    assert np.allclose(C.affine(C.homogeneous(X)), X) and np.allclose(H.affine(H.homogeneous(X)), X)
    assert np.allclose(C.projective(C.homogeneous(X)), H.homogeneous(X))


@pytest.mark.parametrize("spec, dim, truth", [("linear 2-1-2", 3, 6), ("dense 2-1-1 r=3", 2, 7),
                                              ("conv k=2,2 r=2", 3, 14)])
def test_solve_finds_the_theorems_count(spec, dim, truth):
    # the Chern-class values (THEOREMS.md): 6 for P1 x P1 (linear 2-1-2), 7 for dense 2-1-1 r=3, 14 for conv k=2,2 r=2;
    # the solutions solve the gradient system of the family (a second evaluation route: the family's numpy gradient)
    fam, plan, L, _, _ = _homotopies(spec, dim)
    found = set()
    for seed in range(3):
        sol = multihomogeneous_solve(fam, plan, np.random.default_rng(seed))
        assert sol.complete
        G = fam.gradient(sol.solutions, np.broadcast_to(L.u, (sol.solutions.shape[0], L.u.size)))
        assert np.max(np.abs(G)) < 1e-8 * (1 + np.max(np.abs(sol.solutions)))
        found.add(sol.solutions.shape[0])
    # finite non-singular endpoints: the critical points on the slice; one image each after the small route's filter
    from algnet.analyses.critical import ed_degree

    assert ed_degree(spec, metric="generic", seed=0, method="multihomogeneous").ed_degree == truth
    assert min(found) >= truth


@pytest.mark.parametrize("spec, dim", [("linear 2-1-2", 3), ("dense 2-1-1 r=3", 2), ("conv k=2,2 r=2", 3)])
def test_charted_tape_against_the_familys_numpy_gradient_and_the_forms(spec, dim):
    # a second route: at p = (0, 1, u) the tape is the homogenized gradient, prod_k z_k0^deg_ik G_i(x) with x = z / z0
    # (the family's numpy gradient); at p = (1, 0, u) it is the start system's product of forms (numpy)
    fam, plan, L, _, C = _homotopies(spec, dim)
    tape = record(C)
    rng = np.random.default_rng(7)
    W = rng.normal(size=(3, C.n_vars)) + 1j * rng.normal(size=(3, C.n_vars))
    Z, X = C.projective(W), C.affine(W)
    z0 = np.stack([Z[:, C.offsets[k]] for k in range(len(plan.dims))], axis=1)
    G = fam.gradient(X, np.broadcast_to(L.u, (3, L.u.size)))
    deg = np.array(plan.degrees, dtype=float)
    for j in range(3):
        F = tape.evaluate(W[j], C.parameters(0.0, 1.0, L.u), np.zeros(C.n_params))[0]
        assert np.allclose(F, np.prod(z0[j][None, :] ** deg, axis=1) * G[j], rtol=1e-9, atol=1e-11)
        S = tape.evaluate(W[j], C.parameters(1.0, 0.0, L.u), np.zeros(C.n_params))[0]
        want = [np.prod([np.prod(C.forms[i][k] @ Z[j, C.offsets[k]:C.offsets[k + 1]]) for k in range(len(plan.dims))])
                for i in range(C.n_vars)]
        assert np.allclose(S, want, rtol=1e-10, atol=1e-12)
