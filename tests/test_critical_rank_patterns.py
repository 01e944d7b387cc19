"""The rank-pattern search of linear networks (:mod:`algnet.analyses.critical.rank_patterns`) against the
components of the critical ideal that Macaulay2 computed (``minimalPrimes`` of the ideal of the entries of
W_(>i)^T (W - U) W_(<i)^T, Frobenius loss, over QQ), and against hand computations.

Each component is described by the ranks of the weight matrices and of the image at its generic point and its
dimension in the weights (Krull dimension of the prime). Macaulay2's answers, besides the pure points (full ranks)
and the origin, which the search leaves to the other parts of the spurious search:

* linear 2-1-1-2, U = diag(3, 1): ranks (1, 0, 1), image 0, dimension 3; ranks (0, 1, 0), image 0, dimension 1.
* linear 2-2-2, U = diag(3, 1): ranks (1, 1), image rank 1, dimension 3, twice (the two Eckart-Young images).
* linear 1-2-1, U = 2: nothing.
* linear 2-1-2-2, U = diag(3, 1): ranks (0, 0, 2), (1, 0, 1), (0, 1, 1), image 0, dimension 4.
* linear 3-1-2-2, U = (3 e1 e1^T + e2 e2^T) (2 x 3): ranks (1, 0, 2), (1, 0, 1), (1, 1, 1), image 0, dimension 5.
* linear 2-3-1-2, U = diag(3, 1): ranks (2, 1, 0), image 0, dimension 7; ranks (1, 0, 1), image 0, dimension 5.
* linear 2-2-2-2, U = diag(3, 1): ranks (1, 2, 1), (2, 1, 1), (1, 1, 2), image rank 1, dimension 7, each twice;
  ranks (1, 1, 1), image 0, dimension 6; ranks (2, 0, 0), (0, 2, 0), (0, 0, 2), image 0, dimension 4.
* linear 3-2-2-3, U = diag(3, 2, 1): the components over each image (test_three_two_two_three).
"""

import numpy as np
import pytest

from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.rank_patterns import (eckart_young_images, rank_pattern_points, rank_patterns,
                                                    spurious_hook, weight_matrices)
from algnet.analyses.critical.spurious import _critical
from algnet.analyses.critical.system import GradientFamily
from algnet.errors import NotApplicableError

MACAULAY2 = {
    ("linear 2-1-1-2", (3.0, 0, 0, 1)): [((1, 0, 1), 0, 3), ((0, 1, 0), 0, 1)],
    ("linear 2-2-2", (3.0, 0, 0, 1)): [((1, 1), 1, 3)] * 2,
    ("linear 1-2-1", (2.0,)): [],
    ("linear 2-1-2-2", (3.0, 0, 0, 1)): [((0, 0, 2), 0, 4), ((1, 0, 1), 0, 4), ((0, 1, 1), 0, 4)],
    ("linear 3-1-2-2", (3.0, 0, 0, 0, 1, 0)): [((1, 0, 2), 0, 5), ((1, 0, 1), 0, 5), ((1, 1, 1), 0, 5)],
    ("linear 2-3-1-2", (3.0, 0, 0, 1)): [((2, 1, 0), 0, 7), ((1, 0, 1), 0, 5)],
    ("linear 2-2-2-2", (3.0, 0, 0, 1)): [((1, 2, 1), 1, 7)] * 2 + [((2, 1, 1), 1, 7)] * 2 + [((1, 1, 2), 1, 7)] * 2
    + [((1, 1, 1), 0, 6), ((2, 0, 0), 0, 4), ((0, 2, 0), 0, 4), ((0, 0, 2), 0, 4)],
}


def _image(net, th):
    Ws = weight_matrices(net, th)
    W = Ws[-1]
    for M in Ws[-2::-1]:
        W = W @ M
    return W


def _components(spec, target, seed=0, **kw):
    net, L, _ = network_and_loss(spec, target=list(target))
    rng = np.random.default_rng(seed)
    full = GradientFamily(net, L, (), [], rng)
    found = rank_pattern_points(full, L.u, rng, detail=True, **kw)
    out = []
    for label, th, d, dim in found:
        assert _critical(full, np.asarray(th, dtype=np.complex128), L.u)          # each point is critical for L
        ranks = tuple(int(k) for k in label.split("(")[1].rstrip(")").split(","))
        out.append((ranks, int(np.linalg.matrix_rank(_image(net, th), tol=1e-6)), dim))
    return sorted(out), found, net


@pytest.mark.parametrize("spec,target", [k for k in MACAULAY2 if k[0] != "linear 2-2-2-2"])
def test_components_against_macaulay2(spec, target):
    assert _components(spec, target)[0] == sorted(MACAULAY2[spec, target])


def test_two_hidden_layers_at_image_zero_against_macaulay2():
    # images=[] (Frobenius): the image 0 alone; the set of ranks (1, 1, 1) (W_3 W_2 = 0, W_2 W_1 = 0, a^T U b = 0)
    # is found and the sets of ranks (1, 0, 1), (0, 1, 0), ... on its closure are not reported as sets of their own
    comps, found, _ = _components("linear 2-2-2-2", (3.0, 0, 0, 1), images=[])
    assert comps == sorted(c for c in MACAULAY2["linear 2-2-2-2", (3.0, 0, 0, 1)] if c[1] == 0)
    d = {label: d for label, _, d, _ in found}
    # modulo GL(2) x GL(2): the orbits of a generic W_i alone are points; the set of ranks (1, 1, 1) has dimension
    # 6 - 5 (its generic orbits have dimension 5: the stabilizer of (W_1, W_2, W_3) has dimension 3, by hand)
    assert d == {"rank pattern: weight ranks (1, 1, 1)": 1, "rank pattern: weight ranks (2, 0, 0)": 0,
                 "rank pattern: weight ranks (0, 2, 0)": 0, "rank pattern: weight ranks (0, 0, 2)": 0}


@pytest.mark.slow
def test_two_hidden_layers_against_macaulay2_two_seeds():
    for seed in (0, 5):
        assert _components("linear 2-2-2-2", (3.0, 0, 0, 1), seed=seed)[0] == \
            sorted(MACAULAY2["linear 2-2-2-2", (3.0, 0, 0, 1)])


def test_same_components_from_another_seed():
    assert _components("linear 2-1-1-2", (3.0, 0, 0, 1), seed=7)[0] == sorted(MACAULAY2["linear 2-1-1-2",
                                                                                     (3.0, 0, 0, 1)])


@pytest.mark.slow
def test_three_two_two_three():
    # Macaulay2 (minimal primes of the critical ideal plus the entries of W - W0, U = diag(3, 2, 1), whose zero
    # sets are the components of the critical set with the image W0, the images being isolated):
    # W0 = 0: ranks (2, 0, 1), (1, 0, 2), (1, 1, 1) of dimension 8, (0, 2, 0) of dimension 4;
    # W0 = 3 e1 e1^T: ranks (2, 1, 2) of dimension 9, (1, 2, 1) of dimension 7; the same over 2 e2 e2^T, e3 e3^T.
    # By hand, modulo GL(2) x GL(2): (1, 2, 1) is an orbit; (2, 1, 2) a curve (col W_3 and row W_1 planes through
    # e_k on which G vanishes); (2, 0, 1), (1, 0, 2) dimension 2; (1, 1, 1) at 0 dimension 3 (orbits of dimension 5)
    comps, found, _ = _components("linear 3-2-2-3", (3.0, 0, 0, 0, 2, 0, 0, 0, 1), seed=1)
    assert comps == sorted([((2, 1, 2), 1, 9)] * 3 + [((1, 2, 1), 1, 7)] * 3
                           + [((2, 0, 1), 0, 8), ((1, 0, 2), 0, 8), ((1, 1, 1), 0, 8), ((0, 2, 0), 0, 4)])
    assert sorted((label[-9:], d) for label, _, d, _ in found) == sorted(
        [("(1, 2, 1)", 0)] * 3 + [("(2, 1, 2)", 1)] * 3 + [("(2, 0, 1)", 2), ("(1, 0, 2)", 2), ("(1, 1, 1)", 3),
                                                         ("(0, 2, 0)", 0)])


def _rank_one_critical_images(U, Q, rng, tries=12):
    """Critical points of (w - u)^T Q (w - u) on the rank-one matrices x y^T, by Newton on the gradient in (x, y)
    from random starts (independent of the module: a second method for the images)."""
    m, n = U.shape
    u = U.ravel()
    out = []

    def grad(z):
        x, y = z[:m], z[m:]
        g = (2 * Q @ (np.outer(x, y).ravel() - u)).reshape(m, n)
        return np.r_[g @ y, g.T @ x]

    def jac(z):     # the gradient is polynomial of degree 3: central differences of step h are exact up to h^2
        return np.array([(grad(z + 1e-6 * e) - grad(z - 1e-6 * e)) / 2e-6 for e in np.eye(m + n)]).T

    for _ in range(tries):
        z = rng.normal(size=m + n)
        for _ in range(40):
            z = z - np.linalg.lstsq(jac(z), grad(z), rcond=1e-12)[0]
        if np.linalg.norm(grad(z)) < 1e-9 and np.linalg.norm(z) > 1e-6:
            W = np.outer(z[:m], z[m:])
            if not any(np.allclose(W, V, atol=1e-6) for V in out):
                out.append(W)
    return out


def test_generic_loss_with_given_images():
    # generic Q: the critical images of rank one come from a second method; over each, the three orbits of ranks
    # (1, 2, 1), (2, 1, 1), (1, 1, 2) as for the Frobenius loss (the argument by column and row spaces only uses
    # W^T G = 0 and G W^T = 0, Trager-Kohn-Bruna)
    net, L, rng = network_and_loss("linear 2-2-2-2", loss="generic", seed=3)
    images = _rank_one_critical_images(L.u.reshape(2, 2), L.Q, np.random.default_rng(0))[:2]
    assert len(images) == 2
    rng = np.random.default_rng(2)
    full = GradientFamily(net, L, (), [], rng)
    found = rank_pattern_points(full, L.u, rng, images=[W.ravel() for W in images],
                                patterns=[(1, 2, 1), (2, 1, 1), (1, 1, 2)])
    for W in images:
        over = sorted((label[-9:], d) for label, th, d in found if np.allclose(_image(net, th), W, atol=1e-6))
        assert over == [("(1, 1, 2)", 0), ("(1, 2, 1)", 0), ("(2, 1, 1)", 0)]
        for label, th, _ in found:
            assert _critical(full, np.asarray(th, dtype=np.complex128), L.u)


def test_eckart_young_and_patterns():
    U = np.array([[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]])
    s = np.linalg.svd(U, compute_uv=False)
    Ws = eckart_young_images(U, 1)
    assert sorted(np.linalg.norm(W) for W in Ws) == pytest.approx(sorted(s))      # sigma_k u_k v_k^T
    assert len(rank_patterns([3, 2, 2, 3])) == 3 ** 3 - 2                             # not the full ranks, not 0


def test_bad_input():
    net, L, rng = network_and_loss("dense 2-2-2 r=2", loss="frobenius", seed=0)
    with pytest.raises(NotApplicableError, match="linear networks"):
        rank_pattern_points(GradientFamily(net, L, (), [], rng), L.u, rng)
    assert spurious_hook(GradientFamily(net, L, (), [], rng), L.u, rng, []) == []
    net, L, rng = network_and_loss("linear 2-2-2 bias", loss="frobenius", seed=0)
    with pytest.raises(NotApplicableError, match="without biases"):
        rank_pattern_points(GradientFamily(net, L, (), [], rng), L.u, rng)
    net, L, rng = network_and_loss("linear 2-2-2-2", loss="generic", seed=0)
    with pytest.raises(NotApplicableError, match="images"):
        rank_pattern_points(GradientFamily(net, L, (), [], rng), L.u, rng)
