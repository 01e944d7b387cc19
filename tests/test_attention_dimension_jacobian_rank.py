"""Lightning self-attention dimensions against an independent Jacobian rank.

Henry-Marchetti-Kohn (arXiv:2408.17221) give closed forms only under bottleneck assumptions (and t >= 2); the
cases here include one token, ranks that grow, widths that grow and shrink, and a width-one layer in the middle.
The referee is written in this file without algnet: forward-mode derivatives of f(X) = V X X^T K^T Q X, layer
after layer, at a random parameter point modulo p = 32003, evaluated at random token matrices X, and the rank of
that batch Jacobian by Gaussian elimination mod p. (Several evaluation points per parameter direction: the batch
rank equals the coefficient Jacobian's rank for generic points; a rank mod p at one point is a lower bound of the
generic rank, so the two can only agree by being right or by a vanishing of probability < 1e-3.) The values were
also checked against Macaulay2's rank of the symbolic Jacobian on the one-layer cases (run by hand).
"""

import numpy as np
import pytest

import algnet

P = 32003


class _Dual:
    """A matrix mod P with its gradient with respect to all N parameters (shape n x m x N)."""

    def __init__(self, v, g):
        self.v, self.g = v % P, g % P

    def __matmul__(self, o):
        g = np.einsum("ikn,kj->ijn", self.g, o.v) % P + np.einsum("ik,kjn->ijn", self.v, o.g) % P
        return _Dual(self.v @ o.v, g)

    @property
    def T(self):
        return _Dual(self.v.T, self.g.transpose(1, 0, 2))


def _rank_mod_p(A):
    A, r = A.copy() % P, 0
    for c in range(A.shape[1]):
        piv = next((i for i in range(r, A.shape[0]) if A[i, c]), None)
        if piv is None:
            continue
        A[[r, piv]] = A[[piv, r]]
        A[r] = A[r] * pow(int(A[r, c]), P - 2, P) % P
        for i in np.nonzero(A[:, c])[0]:
            if i != r:
                A[i] = (A[i] - A[i, c] * A[r]) % P
        r += 1
        if r == A.shape[0]:
            break
    return r


def _attention_rank(widths, ranks, t, seed=1):
    """Generic rank of theta -> (f_theta(X_1), ..., f_theta(X_K)) for the deep lightning attention network with
    widths d_0..d_l (input side first) and attention ranks a_1..a_l; parameters (Q_i, K_i, V_i) per layer."""
    rng = np.random.default_rng(seed)
    shapes = []
    for i, a in enumerate(ranks):
        shapes += [(a, widths[i]), (a, widths[i]), (widths[i + 1], widths[i])]
    N = sum(a * b for a, b in shapes)
    theta, mats, off = rng.integers(0, P, N), [], 0
    for a, b in shapes:
        g = np.zeros((a, b, N), dtype=np.int64)
        for k in range(a * b):
            g[k // b, k % b, off + k] = 1
        mats.append(_Dual(theta[off:off + a * b].reshape(a, b), g))
        off += a * b
    rows = []
    for _ in range(N // (widths[-1] * t) + 6):
        X = _Dual(rng.integers(0, P, (widths[0], t)), np.zeros((widths[0], t, N), dtype=np.int64))
        for i in range(len(ranks)):
            Q, K, V = mats[3 * i:3 * i + 3]
            X = V @ X @ X.T @ K.T @ Q @ X
        rows.append(X.g.reshape(-1, N))
    return _rank_mod_p(np.vstack(rows))


def test_referee_reproduces_the_published_example():
    # a = d = t = 2, d' = 1: dim 2ad + dd' - a^2 - 1 = 5 (Henry-Marchetti-Kohn's published example)
    assert _attention_rank((2, 1), (2,), 2) == 5
    assert _attention_rank((3, 3), (1,), 2) == 2 * 1 * 3 + 3 * 3 - 1 ** 2 - 1      # a = 1, d = d' = 3: 13


CASES = [((2, 2), (1,), 1), ((2, 2), (2,), 1), ((3, 1), (2,), 1),             # one token: the symmetric part
         ((3, 1), (3,), 2), ((2, 2), (1,), 3),
         ((2, 3, 2), (2, 2), 2), ((2, 4, 2), (2, 3), 2), ((2, 2, 2), (2, 2), 1),  # outside the assumptions
         ((2, 3, 3), (2, 1), 1), ((1, 2, 1), (1, 1), 2), ((1, 3, 1), (1, 2), 3),
         ((3, 1, 3), (1, 1), 2), ((4, 2, 4), (3, 2), 2), ((2, 2, 2, 2), (1, 1, 1), 2),
         ((4, 3, 3, 2), (2, 2, 2), 3)]


@pytest.mark.parametrize("widths, ranks, t", CASES)
def test_attention_dimension_against_forward_mode_rank(widths, ranks, t):
    spec = f"attention d={','.join(map(str, widths))} a={','.join(map(str, ranks))} t={t}"
    res = algnet.dimension(spec, seed=0)
    assert res.dimension == _attention_rank(widths, ranks, t)
    if res.certified:               # a certified value must also be the referee's at a second point
        assert res.dimension == _attention_rank(widths, ranks, t, seed=2)
