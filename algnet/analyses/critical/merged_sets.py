"""Critical sets off the coordinate subspaces met by the zero-pattern search (:mod:`.zero_patterns`): where neurons
merge.

Where two neurons have proportional incoming weights (w_j = t w_i) they merge into one: the network is the smaller one
with the output weight a_i + t^r a_j (r the degree of a homogeneous activation), and every critical point of the
smaller network is a critical set of the larger one of dimension at least 1 modulo its rescalings (Fukumizu-Amari
2000: the gradient in w_i is a_i times the smaller network's gradient in the merged weights, the gradient in a_i its
gradient in the merged output weight). No coordinate subspace holds such a set, but it passes through w_j = 0 (t = 0),
a zero pattern the search solves: there its point lies on a larger critical set, and when no searched pattern holds
that set's generic points it is kept, with its dimension measured in the parameters (:func:`larger_set_off_patterns`).
dense 2-2-1 r=2 has four (w1 || w2 over the four critical points of l on the rank-one quadrics; Macaulay2's
decomposition of the critical ideal), each reported before as an isolated point while the result said complete.
"""

from __future__ import annotations

import itertools

import numpy as np

__all__ = ["larger_set_off_patterns"]


def larger_set_off_patterns(full, u, blocks, theta, pdim, near, complete):
    """(a point, its dimension modulo the symmetries) of the larger critical set through the critical point theta of a
    zero pattern (local dimension ``pdim`` in the parameters; ``near``: critical points found near theta) when no
    searched subspace holds its generic points, else None. Its generic points are taken to have the zero blocks of the
    point of ``near`` with the fewest (the largest branch); they are searched when that pattern was (a key of
    ``complete``), and they are the main solve's when d mu has full rank there (the fiber of a pure point).

    Why: where two neurons have proportional incoming weights they merge into one (the network is the smaller one with
    the output weight a_i + t^r a_j, Fukumizu-Amari 2000), and every critical point of the smaller network is a
    critical set of dimension at least 1 modulo the rescalings of the larger one, on no coordinate subspace. With a
    homogeneous activation that set passes through the zero pattern w_j = 0, a_j = 0 (t = 0), where this search finds
    it: dense 2-2-1 r=2 has four such sets (w1 || w2, Macaulay2's decomposition of the critical ideal), each reported
    before as an isolated point of the stratum of one neuron while the result said complete.

    Examples
    --------
    With no critical points near theta there is no larger set through it:

    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss("dense 2-2-1 r=2", seed=0)
    >>> full = GradientFamily(net, L, (), [], rng)
    >>> larger_set_off_patterns(full, L.u, [], np.zeros(net.n_params), 1, [], {}) is None
    True
    """
    from algnet.analyses.critical.paths import _jacobian_ranks
    from algnet.analyses.critical.zero_patterns import _zero_blocks
    from algnet.analyses.network_input import network_dimension

    if not near:
        return None
    z = min(near, key=lambda w: (len(_zero_blocks(w, blocks)), float(np.linalg.norm(w - theta))))
    if _zero_blocks(z, blocks) in complete:
        return None
    dim = getattr(full, "_network_dimension", None)
    if dim is None:
        dim = full._network_dimension = network_dimension(full.net, 0)
    if int(_jacobian_ranks(full, np.asarray(z, dtype=np.complex128)[None, :])[0][0]) >= dim:
        return None
    d = pdim - max(_orbit_rank(full.net, w) for w in [theta] + list(near))
    return (_real_point_near(full, z, theta, blocks, u), d) if d > 0 else None


def _orbit_rank(net, z) -> int:
    """The dimension of the symmetry orbit at z (the rank of the symmetry tangents there)."""
    from algnet.analyses.critical.spurious import _sym_tangents

    T = _sym_tangents(net, np.asarray(z, dtype=np.complex128))
    return int(np.linalg.matrix_rank(T, tol=1e-8 * max(1.0, float(np.max(np.abs(T), initial=0.0))))) if T.size else 0


def _real_rotation(W, theta, tol: float = 1e-8, most: int = 256):
    """A real point exp(i W^T phi) theta of theta's torus orbit, by Gauss-Newton on the imaginary parts from a grid of
    starting phases (4 a row of W, at most ``most`` starts), or None. The least-squares start of
    :func:`~.symmetry_class.real_in_orbit` can miss it: the phases of the squares are known modulo 2 pi only, and an
    entry of weight -2 (an output weight) and one of weight 1 (an input weight) then disagree by pi.

    Examples
    --------
    >>> W = np.array([[1, 1, -2]])                     # (w, a) -> (t w, a / t^2)
    >>> t = np.exp(-2.3j)
    >>> r = _real_rotation(W, np.r_[t * np.array([1.0, -0.5]), -0.3 / t ** 2])
    >>> bool(np.all(np.abs(r.imag) < 1e-9)), float(round(r[2].real * r[0].real ** 2, 9))
    (True, -0.3)
    """
    s = np.abs(theta) > 1e-4 * max(1.0, float(np.max(np.abs(theta), initial=0.0)))
    A, z = np.asarray(W, dtype=float)[:, s].T, theta[s]
    if not A.shape[1] or 4 ** A.shape[1] > most:
        return None
    for start in itertools.product(*([np.arange(4) * np.pi / 4] * A.shape[1])):
        phi = np.array(start)
        for _ in range(30):
            v = np.exp(1j * (A @ phi)) * z
            if np.max(np.abs(v.imag)) <= tol * (1 + np.max(np.abs(v))):
                out = np.zeros(theta.shape[0], dtype=np.complex128)
                out[s] = v.real
                return out
            phi = phi - np.linalg.lstsq(A * v.real[:, None], v.imag, rcond=None)[0]
    return None


def _real_point_near(full, z, theta, blocks, u, tries: int = 4):
    """A real critical point with z's zero blocks and theta's image (z a point of the critical set through theta off its
    zero pattern), when that image is real: a real point r of theta's orbit (a rotation of the phases of its
    rescalings), then a critical point at a pinned distance from r along a real kernel direction of the Hessian there
    (Gauss-Newton from real data stays real); else z."""
    from algnet.analyses.critical.posdim import hessian_corank, pinned_project
    from algnet.analyses.critical.spurious import _critical, seen_image
    from algnet.analyses.critical.symmetry_class import _family_weights, real_in_orbit
    from algnet.analyses.critical.zero_patterns import _zero_blocks

    y = full.image(np.asarray(theta, dtype=np.complex128)[None, :])[0]
    W = _family_weights(full)
    if W is None or np.max(np.abs(y.imag)) > 1e-9 * (1 + np.max(np.abs(y))):
        return z
    r = real_in_orbit(W, np.asarray(theta, dtype=np.complex128))
    r = r if r is not None else _real_rotation(W, np.asarray(theta, dtype=np.complex128))
    if r is None or not _critical(full, np.asarray(r, dtype=np.complex128), u):
        return z
    r = np.asarray(r).real.astype(np.complex128)
    corank, _ = hessian_corank(full.evaluate(r[None, :], u)[1][0])
    if not corank:
        return z
    K = np.linalg.svd(full.evaluate(r[None, :], u)[1][0].real)[2][-corank:].T
    rng, s, want = np.random.default_rng(5), 1e-3 * (1.0 + float(np.max(np.abs(r)))), _zero_blocks(z, blocks)
    for _ in range(tries):
        d = K @ rng.normal(size=corank)
        w = pinned_project(full, r, s * d / np.linalg.norm(d), u)
        if w is None or np.max(np.abs(np.imag(w))) > 1e-12 * (1 + np.max(np.abs(w))):
            continue
        w = np.asarray(w).real.astype(np.complex128)
        if (_critical(full, w, u) and _zero_blocks(w, blocks) == want
                and seen_image(full.image(w[None, :])[0], [y])):
            return w
    return z
