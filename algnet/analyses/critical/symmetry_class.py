"""Parameter points modulo the continuous symmetry group: whether two critical points with the same image are one
point of the count (one orbit) or two.

Points with the same image can be distinct critical points modulo the symmetries: mu(a, b, c) = a (x) b (x) c
(three filters of length 2) sends every (0, b, c) to 0, and (0, b, c) is critical exactly when U(., b, c) = 0 (two
solutions [b], [c] on P1 x P1 for generic U), three choices of the zero filter: six critical points besides the
origin, all with the image 0. When the known symmetries are rescalings (a torus acting diagonally with integer
weights: neuron and filter scalings), two points are on one orbit exactly when they have the same zero pattern and
the ratio of their nonzero entries is an element of the torus, i.e. every Laurent monomial invariant of the torus
takes the same value at both (a closed subgroup of a torus is cut out by the characters trivial on it). For other
groups (GL of a hidden layer) the rank of d mu, constant on orbits, separates points of one image; points of equal
image and rank are then merged (a possible undercount).

Examples
--------
>>> import numpy as np
>>> W = np.array([[1, 1, -1, -1, 0, 0], [0, 0, 1, 1, -1, -1]])     # a (x) b (x) c: scale a, b, c, product 1
>>> a, b, c = np.array([1.0, 2.0]), np.array([3.0, -1.0]), np.array([0.5, 1.0])
>>> same_torus_orbit(W, np.r_[a, b, c], np.r_[2 * a, -b, -c / 2])        # one orbit
True
>>> same_torus_orbit(W, np.r_[0 * a, b, c], np.r_[0 * a, b, c[::-1]])    # a = 0, another class of c
False
>>> same_torus_orbit(W, np.r_[0 * a, b, c], np.r_[a, 0 * b, c])          # another zero filter
False
"""

from __future__ import annotations

import numpy as np

__all__ = ["torus_weights", "same_torus_orbit", "same_class", "real_in_orbit", "isolated_modulo_symmetry",
           "real_point_of_class"]


def torus_weights(net):
    """Integer weights W (one row per symmetry tangent, one column per parameter) when the network's known
    continuous symmetries are rescalings (tangent i at theta is W[i] * theta entrywise, at two random points),
    else None.

    Examples
    --------
    >>> from algnet.analyses.network_input import as_network
    >>> torus_weights(as_network("linear 1-1-1")).tolist()          # (a, b) -> (t a, b / t)
    [[1, -1]]
    """
    from algnet.core.backends import Complex

    n = net.n_params
    rng = np.random.default_rng(7)
    Ws = []
    for _ in range(2):
        th = rng.standard_normal(n) + 1j * rng.standard_normal(n)
        try:
            T = np.asarray(net.symmetry_tangents(th, backend=Complex()), dtype=np.complex128).reshape(-1, n)
        except Exception:
            return None
        Ws.append(T / th)
    W = np.round(Ws[0].real)
    if Ws[0].shape != Ws[1].shape or not (np.allclose(Ws[0], W, atol=1e-9) and np.allclose(Ws[1], W, atol=1e-9)):
        return None
    return W.astype(int)


def _support(theta, tol):
    """The entries of theta that are not zero: above tol max(1, |theta|_max), an absolute floor at unit scale, since
    a path ending at a singular point such as the origin stops at entries of about 1e-5, not at 0."""
    return np.abs(theta) > tol * max(1.0, float(np.max(np.abs(theta), initial=0.0)))


def same_torus_orbit(W, theta1, theta2, tol: float = 1e-4) -> bool:
    """Whether theta2 lies on the orbit of theta1 under the torus of weights W (:func:`torus_weights`): the same
    zero pattern, and every Laurent monomial invariant (an integer vector m with W m = 0 on the support) equal at
    both, relative tolerance ``tol``. The integer kernel is taken from a rational basis with denominators cleared
    (a sublattice: points that differ by a finite subgroup beyond the torus may be merged). Example: the module's."""
    import sympy

    t1, t2 = np.asarray(theta1, dtype=np.complex128), np.asarray(theta2, dtype=np.complex128)
    s = _support(t1, tol)
    if not np.array_equal(s, _support(t2, tol)):
        return False
    if not np.any(s):
        return True
    r = t2[s] / t1[s]
    Ws = np.asarray(W)[:, s]
    kernel = sympy.Matrix(Ws.tolist()).nullspace() if Ws.shape[0] else \
        [sympy.Matrix([int(i == j) for i in range(int(s.sum()))]) for j in range(int(s.sum()))]
    for v in kernel:
        den = sympy.ilcm(*[sympy.fraction(x)[1] for x in v])
        m = np.array([int(x * den) for x in v])
        val = np.prod(r[m > 0] ** m[m > 0]) / np.prod(r[m < 0] ** (-m[m < 0]))
        if abs(val - 1.0) > 10 * tol * (1 + int(np.abs(m).sum())):
            return False
    return True


def same_class(full, y1, theta1, y2, theta2, rank1=None, rank2=None) -> bool:
    """Whether two critical points (images y1, y2; parameters theta1, theta2) of the family ``full`` are one point
    modulo the symmetries: the same image (:func:`~.spurious.seen_image`'s test) and one torus orbit
    (:func:`same_torus_orbit`) when the symmetries are rescalings, else the same rank of d mu (given or measured).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss("linear 1-1-1-1")
    >>> full = GradientFamily(net, L, (), [], rng)
    >>> z = np.zeros(1)
    >>> same_class(full, z, np.array([2.0, 0, 0]), z, np.array([-1.0, 0, 0]))   # both on the orbit of (1, 0, 0)
    True
    >>> same_class(full, z, np.array([1.0, 0, 0]), z, np.array([0.0, 1, 0]))
    False
    """
    from algnet.analyses.critical.spurious import seen_image

    if not seen_image(np.asarray(y2), [np.asarray(y1)]):
        return False
    W = getattr(full, "_torus_weights", False)
    if W is False:
        W = full._torus_weights = torus_weights(full.net)
    if W is not None:
        return same_torus_orbit(W, theta1, theta2)
    from algnet.analyses.critical.paths import _jacobian_ranks

    if rank1 is None:
        rank1 = int(_jacobian_ranks(full, np.asarray(theta1, dtype=np.complex128)[None, :])[0][0])
    if rank2 is None:
        rank2 = int(_jacobian_ranks(full, np.asarray(theta2, dtype=np.complex128)[None, :])[0][0])
    return rank1 == rank2


def real_in_orbit(W, theta, tol: float = 1e-8):
    """A real point on the orbit of theta under the torus of weights W (:func:`torus_weights`), or None: the torus
    element exp(i W^T phi) (a rotation of the phases; rescalings by positive factors keep realness) that makes every
    nonzero entry real, from the least-squares phases of theta^2 (signs are free), then Gauss-Newton on Im.

    Examples
    --------
    >>> import numpy as np
    >>> W = np.array([[1, 1, -1, -1]])                 # (a, b) -> (t a, b / t): the matrix a b^T, a, b in C^2
    >>> t = 0.3 + 2j
    >>> th = np.r_[t * np.array([1.0, -2.0]), np.array([3.0, 1.0]) / t]
    >>> r = real_in_orbit(W, th)
    >>> same_torus_orbit(W, th, r), float(round(r[1] / r[0], 9)), float(round(r[2] / r[3], 9))
    (True, -2.0, 3.0)
    >>> real_in_orbit(W, np.array([1.0, 1j, 1.0, 1.0])) is None     # (1, i) is no multiple of a real vector
    True
    """
    th = np.asarray(theta, dtype=np.complex128)
    s = _support(th, 1e-4)
    A = np.asarray(W, dtype=float)[:, s].T                 # phase of entry j moves by (A phi)_j
    if not np.any(s):
        return th.real.copy()
    z = th[s]
    phi = np.linalg.lstsq(2 * A, -np.angle(z ** 2), rcond=None)[0] if A.shape[1] else np.zeros(0)
    for _ in range(30):
        v = np.exp(1j * (A @ phi)) * z
        if np.max(np.abs(v.imag)) <= tol * (1 + np.max(np.abs(v))) or not A.shape[1]:
            break
        phi = phi - np.linalg.lstsq(A * v.real[:, None], v.imag, rcond=None)[0]
    v = np.exp(1j * (A @ phi)) * z
    if np.max(np.abs(v.imag)) > 1e3 * tol * (1 + np.max(np.abs(v))):
        return None
    out = np.zeros(th.shape[0])
    out[s] = v.real
    return out


def isolated_modulo_symmetry(full, theta) -> bool:
    """Whether the Hessian of L at theta has rank n_params - (rank of the symmetry tangents): nondegenerate
    modulo the symmetries, so theta's orbit is an isolated critical orbit.

    Examples
    --------
    L = (a b c - 2)^2 on linear 1-1-1-1: the critical set a b c = 2 is one orbit, and so is the line a = b = 0
    (c rescaled): both isolated modulo the rescalings; the origin, in the closure of three such lines, is not:

    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss("linear 1-1-1-1", target=[2.0])
    >>> full = GradientFamily(net, L, (), [], rng)
    >>> [isolated_modulo_symmetry(full, np.array(t)) for t in ([1.0, 1.0, 2.0], [0, 0, 1.0], [0, 0, 0.0])]
    [True, True, False]
    """
    from algnet.analyses.critical.spurious import _sym_tangents

    theta = np.asarray(theta, dtype=np.complex128)
    H = full.evaluate(theta[None, :], full.loss.u)[1][0]
    T = _sym_tangents(full.net, theta)
    s = np.linalg.svd(H, compute_uv=False)
    r = int(np.sum(s > 1e-8 * max(1.0, float(s[0]) if s.size else 1.0)))
    t = int(np.linalg.matrix_rank(T, tol=1e-8 * max(1.0, float(np.max(np.abs(T), initial=0.0))))) if T.size else 0
    return r == full.net.n_params - t


def real_point_of_class(full, theta, u, note):
    """(status, real theta or None, note) when the real preimage found for theta's image lies on another orbit:
    a real point of theta's own orbit (:func:`~.symmetry_class.real_in_orbit`, rescaling symmetries) where L
    is critical, else unknown (status None, ``note`` extended).

    Examples
    --------
    The point (0, b, c) of linear 1-1-1-1 (b c = 0 too: (0, 0, i) here, a complex point of a real orbit):

    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss("linear 1-1-1-1", target=[2.0])
    >>> full = GradientFamily(net, L, (), [], rng)
    >>> status, th, note = real_point_of_class(full, np.array([0, 0, 1j]), L.u, "")
    >>> status, np.abs(th).round(9).tolist()
    (True, [0.0, 0.0, 1.0])
    """
    from algnet.analyses.critical.spurious import _critical

    W = getattr(full, "_torus_weights", False)
    W = torus_weights(full.net) if W is False else W
    r = None if W is None else real_in_orbit(W, theta)
    if r is not None and _critical(full, r.astype(np.complex128), u):
        return True, r, "a real point of the point's orbit (a rotation of the phases of its rescalings)"
    return None, None, note + "; but that real point lies on another orbit of the same image"


