"""A stratum inside the real image is not called a boundary because the real preimage search converges slowly.

dense 2-2-2-1 r=2 maps (W1, W2, W3) to the binary quartic f = W3 (W2 (W1 x)^2)^2 = Q(u^2, v^2), Q a real binary
quadratic form and u, v the rows of W1. Its stratum rank W2 <= 1 is f = c g^2, g a real binary quadratic. By hand,
every real quartic f near c g^2 (g with distinct roots) is in the real image: its roots come in two pairs, one near
each root of g, and the Moebius involution exchanging the two roots of each pair is real (the pairing is closed under
conjugation) and has real fixed points z1, z2 (it maps a root near a real root of g to a root near the same one,
or a root in the upper half plane to one in the lower); in the real coordinates u = x - z1 y, v = x - z2 y the
quartic is then even, f = Q(u^2, v^2). So the stratum's generic point is no boundary point of the real image.
Here that construction is carried out on random quartics near the stratum's point (the truth, independent of
algnet's search), and the point's analysis must not call it a boundary: with seed 10 the search's best starts ended
at relative residuals 2e-6 and 6e-6 after 200 Levenberg-Marquardt iterations, real preimages that 2000 more
iterations reach to 1e-12.
"""

import numpy as np

from algnet import parse_spec
from algnet.analyses.singular import analyze_point

SPEC = "dense 2-2-2-1 r=2"
THETA = [-3, -3, -1, -4, 49, 56, 42, 48, -1, 7]     # the stratum's sample point of `algnet singular --seed 10`
XS = np.random.default_rng(0).normal(size=(12, 2))


def _coefficients(values):
    """Coefficients of x^4, x^3 y, ..., y^4 of the quartic with these values at XS."""
    A = np.array([[x ** (4 - k) * y ** k for k in range(5)] for x, y in XS])
    return np.linalg.lstsq(A, np.asarray(values, dtype=float), rcond=None)[0]


def _real_preimage(c):
    """(W1, W2, W3) with W3 (W2 (W1 x)^2)^2 = the quartic of coefficients c, built by hand (module docstring)."""
    t = np.roots(c)                              # roots of f(t, 1)
    for i, j in ((0, 1), (0, 2), (0, 3)):     # the three ways to pair the four roots
        k, m = [r for r in range(1, 4) if r != j]
        # the involution z -> (a z + b) / (g z - a) with z_i <-> z_j and z_k <-> z_m: g z z' - a (z + z') - b = 0
        M = np.array([[t[i] * t[j], -(t[i] + t[j]), -1], [t[k] * t[m], -(t[k] + t[m]), -1]])
        g, a, b = np.linalg.svd(M)[2][-1].conj()
        g, a, b = np.array([g, a, b]) / [g, a, b][np.argmax(np.abs([g, a, b]))]
        if max(abs(g.imag), abs(a.imag), abs(b.imag)) > 1e-8 or (a * a + b * g).real <= 0:
            continue                             # not a real involution with real fixed points
        g, a, b = g.real, a.real, b.real
        z1, z2 = (a + np.sqrt(a * a + b * g)) / g, (a - np.sqrt(a * a + b * g)) / g
        W1 = np.array([[1.0, -z1], [1.0, -z2]])
        U = XS @ W1.T                            # (u, v) at the inputs
        f = np.array([[x ** (4 - n) * y ** n for n in range(5)] for x, y in XS]) @ c
        A = np.array([[u ** (4 - n) * v ** n for n in range(5)] for u, v in U])
        q = np.linalg.lstsq(A, f, rcond=None)[0]
        assert max(abs(q[1]), abs(q[3])) < 1e-8 * max(abs(q))      # even in (u, v)
        lam, R = np.linalg.eigh(np.array([[q[0], q[2] / 2], [q[2] / 2, q[4]]]))
        return W1, R.T, lam[None, :]             # Q(s) = sum_k lam_k (r_k . s)^2
    return None


def test_the_stratum_is_inside_the_real_image_by_hand():
    net = parse_spec(SPEC)
    p = _coefficients(net.evaluate(np.array(THETA, float), XS)[:, 0])
    rng = np.random.default_rng(1)
    for _ in range(20):
        c = p + 1e-3 * np.max(np.abs(p)) * rng.normal(size=5)
        W1, W2, W3 = _real_preimage(c)
        theta = np.concatenate([W1.ravel(), W2.ravel(), W3.ravel()])
        assert np.all(np.isreal(theta))
        got = _coefficients(net.evaluate(theta, XS)[:, 0])
        assert np.max(np.abs(got - c)) < 1e-8 * np.max(np.abs(c))


def test_the_stratum_point_is_not_called_a_boundary():
    # the call of `algnet singular "dense 2-2-2-1 r=2" --seed 10` at this stratum (the base called it a boundary)
    a = analyze_point(parse_spec(SPEC), THETA, dimension=5, stratum_dimension=3, seed=10)
    assert a.boundary is False and a.status == "smooth"
