"""Ranks of d mu at slice points, all points at once: of d mu (all parameters) and of d mu along the slice, by singular
values and again in the coordinates log theta (blind to the layer rescalings), remembered per point by the family.
The one rank rule of the critical-point package.

Examples
--------
>>> import numpy as np
>>> from algnet.analyses.critical.system import example_family
>>> fam = example_family("linear 2-1-2")      # theta = (a, b, c, d): the matrix (c, d)^T (a, b), rank <= 1
>>> [m.tolist() for m in _full_rank(fam, np.array([[0.3, -0.2, 0.5]]) + 0j, 3)]
[[True], [True]]
"""

from __future__ import annotations

import numpy as np

__all__ = ["ranks_and_images", "log_ranks", "remembered_ranks", "LOG_FLOOR"]


def _jacobian_ranks(fam, Th, rel=1e-7):
    """Numerical ranks ``(r_all, r_slice)`` of d mu (all parameters) and of d mu along the slice, at the
    parameter vectors Th (N, n), for all points at once: singular values above ``rel`` times the largest,
    and rank 0 where d mu vanishes (its largest singular value below 1e-10 (1 + |theta|)^2: the singular
    values are then rounding noise, which a relative threshold alone would call full rank; e.g.
    w (a x0 + b x1)^2 at a = b = 0). A rank below dim M is decided again in the coordinates log theta
    (:func:`_log_jacobian`, blind to how far out on a rescaling orbit the point lies; there d mu counts as
    vanishing below :data:`LOG_FLOOR` times the target's size): full where either says so. The one rank rule of
    this package (:func:`_full_rank`, :func:`~.classify.classify_points`).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("linear 2-1-2")      # theta = (a, b, c, d): the matrix (c, d)^T (a, b), rank <= 1
    >>> Th = np.array([[1, 2, 3, 4], [1, 2, 0, 0], [0, 0, 0, 0]], dtype=complex)
    >>> _jacobian_ranks(fam, Th)[0].tolist()      # dim M = 3; at (c, d) = 0 d mu has rank 2; at 0, rank 0
    [3, 2, 0]
    """
    Th = np.atleast_2d(np.asarray(Th, dtype=np.complex128))
    return ranks_and_images(fam, Th, rel)[:2]


def ranks_and_images(fam, Th, rel=1e-7, jacobians=None):
    """``(r_all, r_slice, images)``: the ranks of :func:`_jacobian_ranks` at the parameter vectors Th and the
    images T v(Th), from one run of the network's program (:mod:`.warm`). ``jacobians``: a list that receives the
    images' Jacobians along the slice (T J N, one per row: what ``fam.first_order`` gives with the images).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("linear 2-1-2")
    >>> X = np.array([[0.3, -0.2, 0.5]]) + 0j
    >>> r_all, r_slice, Y = ranks_and_images(fam, fam.theta(X))
    >>> int(r_all[0]), int(r_slice[0]), bool(np.allclose(Y, fam.image(X)))
    (3, 3, True)
    """
    V, J = fam._vj(Th)
    TJ = np.matmul(fam.T, J)
    floor = 1e-10 * (1.0 + np.max(np.abs(Th), axis=1)) ** 2
    TJN = np.matmul(TJ, fam.N)
    r_all, r_slice = _svd_rank(TJ, floor, rel), _svd_rank(TJN, floor, rel)
    if jacobians is not None:
        jacobians.append(TJN)
    # the same ranks in logarithmic coordinates (:func:`_log_jacobian`) where a rank is below dim M or the slice's
    # below d mu's: a rank is full where either rule says so. (Only there: on all rows it doubles the CPU, 0.23 ->
    # 0.48 ms for 30 points of dense 2-1-1 r=3)
    redo = (r_all < getattr(fam, "dimension", np.inf)) | (r_slice < r_all)
    if redo.any():
        la, ls = log_ranks(fam, TJ[redo], Th[redo], rel)
        r_all[redo] = np.maximum(r_all[redo], la)
        r_slice[redo] = np.maximum(r_slice[redo], ls)
    return r_all, r_slice, V @ fam.T.T


def _svd_rank(A, floor, rel=1e-7):
    """Per matrix of the stack A: the singular values above ``rel`` times the largest, 0 where the largest is not
    above ``floor`` (an array, one per matrix, or a number)."""
    s = np.linalg.svd(A, compute_uv=False)
    return np.where(s[:, 0] > floor, np.sum(s > rel * s[:, :1], axis=1), 0)


def log_ranks(fam, TJ, Th, rel=1e-7):
    """``(r_all, r_slice)``: the ranks of d mu (``TJ``, all parameters, at the parameter vectors ``Th``) and of d mu
    along the family's slice, decided in the coordinates log theta (:func:`_log_jacobian`; d mu counts as
    vanishing below :data:`LOG_FLOOR` times the target's size): the second rule of :func:`_jacobian_ranks`, blind
    to the layer rescaling's dynamic range, also used by :func:`~.rankdrop.full_rank` and
    :mod:`.spurious` (a rank is full where either rule says so).

    Examples
    --------
    At theta = (1, 1e8) the columns of TJ are 1e-7 and 1e-15 (mu unchanged by theta -> (t theta_1, theta_2 / t)):
    the relative threshold 1e-7 alone says rank 1; times diag |theta| they are equal, rank 2. (No slice and no
    target here: ``N`` the identity, the target's size 1.)

    >>> import numpy as np
    >>> from types import SimpleNamespace
    >>> TJ = np.array([[[1e-7, 0.0], [0.0, 1e-15]]], dtype=complex)
    >>> int(_svd_rank(TJ, 0.0)[0]), int(log_ranks(SimpleNamespace(), TJ, np.array([[1.0, 1e8]]))[0][0])
    (1, 2)
    """
    N = getattr(fam, "N", None)
    N = np.eye(TJ.shape[2], dtype=np.complex128) if N is None else N
    LJ, Q = _log_jacobian(TJ, Th, N)
    log_floor = LOG_FLOOR * _image_scale(fam)
    return _svd_rank(LJ, log_floor, rel), _svd_rank(np.matmul(LJ, Q), log_floor, rel)


#: the smallest d mu in logarithmic coordinates (relative to the target's size) at a point of full rank: below it
#: the image of the point is numerically the cone's vertex (``w ~ 1e-13`` in ``w (a x0 + b x1)^8``)
LOG_FLOOR = 1e-8


def _image_scale(fam) -> float:
    """The root mean square of the family's target (1 without one): the size of the images of its critical points."""
    u = getattr(getattr(fam, "loss", None), "u", None)
    if u is None:
        return 1.0
    s = float(np.sqrt(np.mean(np.abs(np.asarray(u)) ** 2)))
    return s if s > 0 else 1.0


def _log_jacobian(TJ, Th, N):
    """``(TJ D, Q)`` with D = diag |theta|: d mu in the coordinates log theta_j, and Q orthonormal columns spanning
    D^-1 N (the slice's directions in them), so that rank(TJ D Q) = rank(TJ N). The scalings of the network's
    layers that keep mu (theta_j -> t^(w_j) theta_j) leave TJ D unchanged, so its singular values do not depend on
    how far out on that orbit the slice met the fiber; TJ alone spans e.g. 1e7 between its columns at a
    representative of ``w (a x0 + b x1)^8`` with (a, b) ~ 7, w ~ 2e-7 (dense 2-1-1 r=8, seed 2 of 90e9934: a
    full-rank critical point called rank-deficient by the relative threshold and dropped from a complete count).

    Examples
    --------
    >>> import numpy as np
    >>> TJ = np.array([[[1e-8, 0.0], [0.0, 1.0]]], dtype=complex)     # theta = (1e8, 1): columns 1e-8 and 1
    >>> LJ, Q = _log_jacobian(TJ, np.array([[1e8, 1.0]]), np.eye(2)[:, :1] + 0j)
    >>> np.round(np.abs(LJ[0]), 12).tolist(), np.round(np.abs(Q[0]), 12).tolist()
    ([[1.0, 0.0], [0.0, 1.0]], [[1.0], [0.0]])
    """
    D = np.abs(Th)
    D = np.maximum(D, 1e-300 + 1e-30 * np.max(D, axis=1, keepdims=True))      # a zero coordinate: D stays invertible
    Q = np.linalg.qr(N[None, :, :] / D[:, :, None])[0]
    return TJ * D[:, None, :], Q


def _full_rank(fam, X, dim, rel=1e-7):
    """Masks ``(full, critical)`` of slice points, for all points at once: ``full`` where d mu (all
    parameters) has rank ``dim``; ``critical`` where d mu along the slice has the same rank as d mu, so
    that G = 0 (the gradient along the slice) gives a zero gradient of L in every direction (ranks by
    :func:`_jacobian_ranks`). A solution of G = 0 where the slice is tangent to the fiber is not
    critical; a random slice has finitely many for a generic target. The ranks of each point are remembered
    by the family (:func:`remembered_ranks`)."""
    r_all, r_slice = remembered_ranks(fam, X, rel)
    return r_all == dim, r_slice == r_all


def remembered_ranks(fam, X, rel=1e-7, images=None):
    """The ranks ``(r_all, r_slice)`` of :func:`_jacobian_ranks` at the slice points X, remembered per point by the
    family (they depend on the network and the slice only, not on the metric or the target: the structure copies
    of :func:`~.warm_views.structure_copy` share them): the small routes ask for the ranks of the same points twice
    (one point per image, then the points kept). With ``images`` (a dict), the images of the points computed here
    are stored in it by row. The family keeps the images and slice Jacobians of the rows last computed
    (``_last_first_order``: the small route's trace test starts from them, :func:`~.small.homotopy_trace_test`).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("linear 2-1-2")
    >>> X = np.array([[0.3, -0.2, 0.5]]) + 0j
    >>> [int(r[0]) for r in remembered_ranks(fam, X)], [int(r[0]) for r in _jacobian_ranks(fam, fam.theta(X))]
    ([3, 3], [3, 3])
    """
    X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
    memo = getattr(fam, "_rank_memo", None)
    if memo is None or len(memo) > 4096:
        memo = {}
        try:
            fam._rank_memo = memo
        except AttributeError:       # a view without attributes of its own: nothing remembered
            pass
    keys = [(rel, row.tobytes()) for row in X]
    todo = [i for i, k in enumerate(keys) if k not in memo]
    if todo:
        jac: list = []
        r_all, r_slice, Y = ranks_and_images(fam, fam.theta(X[todo]), rel, jac)
        last = {}
        for j, i in enumerate(todo):
            memo[keys[i]] = (int(r_all[j]), int(r_slice[j]))
            last[keys[i][1]] = (Y[j], jac[0][j])
            if images is not None:
                images[keys[i][1]] = Y[j]
        try:
            fam._last_first_order = last
        except AttributeError:
            pass
    if not keys:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    out = np.array([memo[k] for k in keys], dtype=np.int64)
    return out[:, 0], out[:, 1]
