"""Critical sets of linear networks modulo GL of their hidden layers, at spurious points.

A point of a rank-drop stratum of a linear network can lie on a family of GL orbits over one image: linear 3-2-2-3,
Frobenius, over each rank-one critical image s u v^T, W1 = x v^T, W2 = z w^T and W3 of rank 2 with W3 z along u
are critical for every plane col(W3) through u (by hand: the residual R = s u v^T - U has R W1^T = 0 and
R^T W3 W2 = 0), and col(W3) is invariant under GL: a set of dimension 1 modulo the symmetries, not an isolated point.
Its dimension is measured in the parameters (:func:`~.zero_patterns.quotient_dimension`), and a real point of the
set is looked for when the point's own orbit has none (col(W3) no real plane).
"""

from __future__ import annotations

import numpy as np

__all__: list = []


def _gl_quotient_dimension(full, theta, u) -> int:
    """The dimension modulo the symmetries of the critical set through theta
    (:func:`~.zero_patterns.quotient_dimension`) for a linear network whose symmetries are GL of its hidden layers,
    else 0 (the image's dimension, measured apart, stands). Why: a point of a rank-drop stratum can lie on a family
    of GL orbits over one image (linear 3-2-2-3, Frobenius: over each rank-one critical image the ranks (1, 1, 2) of
    the weights leave the column space of W3, a plane through the image's column, free), reported before as an
    isolated point."""
    from algnet.analyses.critical.symmetry_class import _family_weights, linear_chain

    if _family_weights(full) is not None or not np.any(theta) or linear_chain(full.net, theta) is None:
        return 0
    from algnet.analyses.critical.zero_patterns import quotient_dimension

    return quotient_dimension(full, theta, u)


_SAME_SET = ("another orbit of the same critical set (dimension {} modulo the symmetries; the same image, the same "
             "ranks of the partial products of the weights and the same dimension there: numerical)")


def _real_on_gl_set(full, theta, y, u, qdim):
    """A real critical point of theta's critical set (dimension qdim modulo GL, image y): Newton on grad L over real
    weights (:func:`_real_critical`) from the real part of theta, kept when :func:`_same_gl_set` agrees; else None.
    linear 3-2-2-3, Frobenius, seed 0: a rank-one point at complex weights whose orbit has no real point (the
    column space of W3 is no real plane) was left "unknown"; its set holds real points."""
    from algnet.analyses.critical.spurious import _real_critical, seen_image

    th = np.asarray(theta, dtype=np.complex128)
    r = _real_critical(full, th.real, u)
    if r is None:
        return None
    z = r.astype(np.complex128)
    if seen_image(full.image(z[None, :])[0], [np.asarray(y)]) and _same_gl_set(full, th, z, u, qdim):
        return z
    return None


def _same_gl_set(full, theta, th_r, u, qdim) -> bool:
    """Whether the real critical point th_r (same image as theta) lies on theta's critical set of dimension qdim modulo
    GL: the same ranks of every partial product of the weights and the same dimension there (evidence: two sets of one
    rank pattern, dimension and image would be taken for one)."""
    from algnet.analyses.critical.symmetry_class import chain_ranks, linear_chain

    th_r = np.asarray(th_r, dtype=np.complex128)
    return (chain_ranks(linear_chain(full.net, theta)) == chain_ranks(linear_chain(full.net, th_r))
            and _gl_quotient_dimension(full, th_r, u) == qdim)
