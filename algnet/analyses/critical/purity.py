"""Pure or spurious: is the image of a critical point a smooth point of M, critical for the loss on M?

The definition (issue 12, THEOREMS.md section 8, Trager-Kohn-Bruna): a critical point theta of
L = l o mu is *pure* when y = mu(theta) is a smooth point of M and a critical point of l restricted to
M; otherwise it is *spurious* (it exists only because d mu drops rank at theta: y is not critical on M,
or is a singular point, critical only on a lower stratum).

Where d mu has full rank at theta (rank = dim M), L critical at theta means d l(y) vanishes on
d mu(T_theta), the tangent space of the branch of M through y that theta parametrizes: such a point is pure
when y is a smooth point of M. At a target drawn at random that holds with probability one (no critical point
of a full-rank branch lies on the singular locus); at a given target (or data) the multiplicity of M at y
decides (:mod:`.multiplicity`: the origin of the nodal cubic is reached with full rank, yet singular). Where
the rank drops, the image
can still be a smooth point critical on M -- mu(t) = t^2 at the target 0: the only preimage of 0 is
t = 0, where d mu = 0, yet 0 is a smooth point of M = C and the minimum of l -- so the rank alone does
not decide. :func:`rank_drop_is_pure` then tests the image, numerically, along the branches through
theta:

* the tangent planes of M at mu(theta + s v) converge, as s -> 0, to one plane T for random complex
  directions v (the limits agree; different limits prove a singular point);
* M is a graph over T near y: the normal part b of mu(theta + s v) - y is O(|a|^2) in its tangent part a
  (the exponent log|b| / log|a| measured at two scales is at least 1.9; a cusp (t^2, t^3) has 1.5);
* d l(y) = 2 Q (y - u) vanishes on T (its value on the planes at s = 1e-3, 1e-4 decays with s, or is
  at rounding level).

It is numerical evidence on the branches through theta (another preimage of y could add a branch that
makes y singular). Where it says pure, :func:`judged_rank_drop` asks the multiplicity of M at y
(:mod:`.multiplicity`, the witness homotopy: all branches, not only those through theta): singular overrides
(spurious), smooth confirms, undecided keeps the branch verdict; the note of the point says which. Example
(the nodal cubic): t -> nu(1 + t^2) with nu(s) = (s^2 - 1, s^3 - s), Frobenius loss at u = (1, -1): t = 0
(d mu = 0) has the node as image; the branch through it (s near 1) is smooth with tangent (2, 2), orthogonal to
u, so the branch test alone called it pure; the multiplicity (4 witness paths at the node, 2 in a generic fiber)
makes it spurious.

Examples
--------
>>> import numpy as np
>>> from algnet.architectures.polymap import parametrization
>>> from algnet.analyses.critical.loss import make_loss
>>> from algnet.analyses.critical.system import GradientFamily
>>> net, rng = parametrization(["t^2"]), np.random.default_rng(0)
>>> full = GradientFamily(net, make_loss(net, "frobenius", target=[0.0], rng=rng), (), [], rng)
>>> rank_drop_is_pure(full, np.zeros(1, dtype=complex), np.zeros(1), 1, rng)[0]   # 0 = u, smooth: the minimum
True
"""

from __future__ import annotations

import numpy as np

__all__ = ["rank_drop_is_pure", "judged_rank_drop"]

_SCALES = (1e-3, 1e-4)          # s in mu(theta + s v): the tangent planes' limit
_GRAPH_SCALES = (1e-1, 1e-2)    # and the graph exponent (large enough for |a|^3 to be far above rounding)
_DIRECTIONS = 3


def _jac(full, theta):
    from algnet.core.backends import Complex

    L = full.loss
    return L.T @ np.asarray(full.net.jacobian(theta, L.Z, backend=Complex()), dtype=np.complex128)


def _plane(J, dim):
    U, s, _ = np.linalg.svd(J, full_matrices=False)
    if s.size < dim or s[0] == 0 or s[dim - 1] <= 1e-9 * s[0]:
        return None
    return U[:, :dim]


def _distance(A, B):
    """Sine of the largest principal angle between the column spaces of orthonormal A and B."""
    return float(np.linalg.norm(B - A @ (A.conj().T @ B), 2))


def rank_drop_is_pure(full, theta, u, dim, rng=None):
    """(pure, note) for a critical point ``theta`` of L where d mu drops rank (module doc).

    ``full`` is a GradientFamily of the network with no pinned coordinates, ``u`` the target in loss
    coordinates, ``dim`` = dim M; ``rng`` draws the directions (default: seeded by theta's bytes, so the
    caller's generator is not advanced and the verdict is reproducible).

    Examples
    --------
    The origin of 2 x 2 matrices of rank <= 1 (the vertex of the quadric cone xw = yz, a singular point):

    >>> import numpy as np
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss("linear 2-1-2", target=[3.0, 0.0, 0.0, 1.0])
    >>> pure, note = rank_drop_is_pure(GradientFamily(net, L, (), [], rng), np.zeros(4, dtype=complex), L.u, 3)
    >>> pure, note.startswith("spurious: the tangent planes")
    (False, True)
    """
    import zlib

    theta = np.asarray(theta, dtype=np.complex128)
    rng = np.random.default_rng(zlib.crc32(theta.tobytes())) if rng is None else rng
    y = full.image(theta[None, :])[0]
    scale = 1.0 + float(np.max(np.abs(theta)))
    T, T1, exps = None, None, []
    for _ in range(_DIRECTIONS):
        v = rng.normal(size=theta.shape) + 1j * rng.normal(size=theta.shape)
        v *= scale / np.linalg.norm(v)
        planes = [_plane(_jac(full, theta + s * v), dim) for s in _SCALES]
        if any(P is None for P in planes) or _distance(*planes) > 1e-2:
            return False, "spurious: no limit of the tangent planes along a random direction (numerical)"
        if T is not None and _distance(T, planes[1]) > 1e-2:
            return False, ("spurious: the tangent planes have different limits along two directions, so "
                           "mu(theta) is a singular point of M (numerical)")
        T, T1 = (planes[1], planes[0]) if T is None else (T, T1)
        ab = []
        for s in _GRAPH_SCALES:
            z = full.image((theta + s * v)[None, :])[0] - y
            a = T.conj().T @ z
            ab.append((np.linalg.norm(a), np.linalg.norm(z - T @ a)))
        (a1, b1), (a2, b2) = ab
        if b1 > 1e-12 * (1.0 + a1) and a2 > 0 and a1 > a2:
            exps.append(np.log(b1 / max(b2, 1e-300)) / np.log(a1 / a2))
    if exps and min(exps) < 1.9:
        return False, (f"spurious: M is not a graph over its limit tangent plane at mu(theta) (normal part of order "
                       f"|a|^{min(exps):.2f} < |a|^2: a singular point; numerical)")
    # d l(y) on the planes at s = 1e-3 and 1e-4: on T it is 0 when it decays with s (the planes are O(s) from T)
    w = full.loss.Q @ (y - u)
    g1, g2 = np.linalg.norm(T1.T @ w), np.linalg.norm(T.T @ w)
    if g2 > 1e-9 * (1.0 + np.linalg.norm(w)) * (1.0 + np.linalg.norm(y)) and g2 > 0.5 * g1:
        # the branches through theta have one limit tangent plane, which does not make mu(theta) a smooth point of
        # M (the vertex of the rank <= 1 cone, reached from b = 0 in linear 2-1-1-2, has one along each branch)
        return False, ("spurious: the loss is not critical on the limit tangent plane of M at mu(theta) along the "
                       "branches through theta (numerical)")
    return True, ("pure although d mu drops rank: mu(theta) is a smooth point of M critical for the loss on M "
                  f"(one limit tangent plane along {_DIRECTIONS} random directions, M a graph over it; numerical, "
                  "on the branches through theta)")


def judged_rank_drop(full, theta, u, dim, judge=None):
    """(pure, note) for a critical point ``theta`` of L where d mu drops rank: :func:`rank_drop_is_pure`, and where
    that says pure and ``judge`` (a callable y -> :class:`~.multiplicity.Smoothness`, such as a
    :class:`~.multiplicity.SmoothnessJudge`) decides the smoothness of M at the image, its verdict (module doc).

    Examples
    --------
    The node of the nodal cubic reached where d mu vanishes (module doc):

    >>> import numpy as np
    >>> from algnet.architectures.polymap import parametrization
    >>> from algnet.analyses.critical.multiplicity import SmoothnessJudge
    >>> from algnet.analyses.critical.system import GradientFamily, example_family
    >>> fam = example_family(parametrization(["(1 + t^2)^2 - 1", "(1 + t^2)^3 - (1 + t^2)"]), target=[1.0, -1.0])
    >>> full = GradientFamily(fam.net, fam.loss, (), [], np.random.default_rng(0))
    >>> t0 = np.zeros(1, dtype=complex)
    >>> rank_drop_is_pure(full, t0, fam.loss.u, 1)[0], judged_rank_drop(full, t0, fam.loss.u, 1, SmoothnessJudge(fam, 1))[0]
    (True, False)
    """
    pure, note = rank_drop_is_pure(full, theta, u, dim)
    if not pure or judge is None:
        return pure, note
    verdict = judge(full.image(np.asarray(theta, dtype=np.complex128)[None, :])[0])
    if verdict.smooth is False:
        return False, ("spurious: the image is a singular point of M by its multiplicity, although the branches "
                       "through theta looked smooth and critical; " + verdict.note)
    if verdict.smooth:
        return True, ("pure although d mu drops rank: the image is a smooth point of M by its multiplicity and "
                      "critical for the loss on M along the branches through theta (numerical); " + verdict.note)
    return True, note + "; " + verdict.note


class _SliceJudge:
    """A :class:`~.multiplicity.SmoothnessJudge` of the image of ``net`` on a random slice of dimension ``dim``,
    drawn from ``seed`` on the first call (for callers without a slice family: the strata search)."""

    def __init__(self, net, loss, dim, seed):
        self.net, self.loss, self.dim, self.seed = net, loss, int(dim), int(seed)
        self._judge = None

    def __call__(self, y):
        if self._judge is None:
            from algnet.analyses.critical.multiplicity import SmoothnessJudge
            from algnet.analyses.critical.system import gradient_family

            fam = gradient_family(self.net, self.loss, np.random.default_rng(self.seed), self.dim)
            self._judge = SmoothnessJudge(fam, self.dim)
        return self._judge(y)

