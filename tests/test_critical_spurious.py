"""Spurious critical points on random complex slices of the subnetwork strata.

Truth: Trager-Kohn-Bruna (linear networks, Frobenius loss): the critical images are the rank-k
truncations of the SVD of the target for every k <= r (binom(n, k) of rank k for a square n x n target
with distinct singular values); exactly the rank-r ones are pure, the others are spurious; every one is
reached by real weights (a real SVD factorization), and only the global minimum is a minimum.
"""

from math import comb

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.critical import critical_points
from algnet.analyses.critical.loss import make_loss
from algnet.analyses.critical.spurious import spurious_points


@pytest.mark.parametrize("spec, n, r", [("linear 3-2-3", 3, 2), ("linear 3-1-3", 3, 1)])
@pytest.mark.parametrize("seed", [3, 4])
def test_pure_and_spurious_split_by_the_rank_of_the_image(spec, n, r, seed):
    res = critical_points(spec, loss="frobenius", seed=seed)
    assert res.lost == 0 and res.trace_test_passed and not res.partial
    U = np.asarray(res.target).reshape(n, n)
    P, sv, Vt = np.linalg.svd(U)
    ranks = []
    for p in res.points:
        A = np.array(p.image).real.reshape(n, n)
        k = int(np.linalg.matrix_rank(A, tol=1e-6 * (1 + np.abs(A).max())))
        ranks.append(k)
        assert p.pure == (k == r)
        # a truncation of the SVD of U: U's singular vectors for k of its singular values (hand: TKB)
        idx = [i for i in range(n) if abs(P[:, i] @ A @ Vt[i] - sv[i]) < 1e-8]
        assert len(idx) == k and np.allclose(A, sum(sv[i] * np.outer(P[:, i], Vt[i]) for i in idx), atol=1e-8)
        assert p.real and p.real_parameters is True
        assert (p.kind == "minimum") == (idx == list(range(r)))     # the Eckart-Young truncation alone
    assert sorted(ranks) == sorted(k for k in range(r + 1) for _ in range(comb(n, k)))
    assert res.real_parameters == res.real == len(ranks)


def test_every_stratum_is_complete_on_its_random_slice():
    net = parse_spec("linear 3-2-3")
    for seed in (0, 1, 2):
        rng = np.random.default_rng(seed)
        L = make_loss(net, "frobenius", rng=rng)
        report = {}
        pts = spurious_points(net, L, 8, rng, report=report)
        assert report and all(v["trace_test_passed"] and v["lost"] == 0 for v in report.values())
        images = [np.array(p.image).real.reshape(3, 3) for p in pts]
        # the origin and the three rank-one truncations (d mu has rank 0 and 5 < 8 there)
        assert sorted(int(np.linalg.matrix_rank(A, tol=1e-8)) for A in images) == [0, 1, 1, 1]
        assert sorted(p.rank for p in pts) == [0, 5, 5, 5]
        for p in pts:
            th = np.array(p.theta)
            assert np.max(np.abs(th.imag)) == 0                 # a real parameter point of the stratum
            W1, W2 = th.real[:6].reshape(2, 3), th.real[6:].reshape(3, 2)
            assert np.allclose(W2 @ W1, np.array(p.image).real.reshape(3, 3), atol=1e-8)


def test_spurious_rank_one_projections_have_real_points():
    """linear 3-2-3, Frobenius, target I: the spurious critical points on the rank-one stratum are the projections
    x x^T (x real, |x| = 1), loss |I - x x^T|^2 = 3 - 2 + 1 = 2 by hand. The stratum's solve reaches the set at
    complex points; the record must carry a real point of the set (it was reported "complex")."""
    import numpy as np

    from algnet.analyses.critical.loss import network_and_loss
    from algnet.analyses.critical.spurious import spurious_points

    net, L, rng = network_and_loss("linear 3-2-3", "frobenius", target=np.eye(3).reshape(-1).tolist(), seed=0)
    pts = [p for p in spurious_points(net, L, 8, rng) if p.source != "origin"]
    assert pts
    for p in pts:
        assert p.real and p.kind == "saddle", p.kind      # Baldi-Hornik: below full rank, a saddle (2 > min 1)
        assert abs(p.loss - 2.0) <= 1e-9
        Y = np.array(p.image).real.reshape(3, 3)
        assert np.allclose(Y, Y.T, atol=1e-9) and abs(np.trace(Y) - 1.0) <= 1e-9      # x x^T, |x| = 1
        assert np.linalg.svd(Y, compute_uv=False)[1] <= 1e-9                          # rank one
        th = np.array(p.theta)
        assert np.max(np.abs(th.imag)) == 0 or np.allclose(th.imag, 0, atol=1e-9)    # real weights reach it
