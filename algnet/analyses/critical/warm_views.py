"""Views of a warm structure's family (:mod:`.warm`): its slice Jacobian's rank rule and images from the compiled image
tape (:func:`_pure_on_slice`), the float evaluations of a :class:`~.warm.MetricGradient` tape behind a family's
rigorous enclosures (:class:`TapeCenters`), the family with another metric and target (:func:`structure_copy`).

Examples
--------
>>> from algnet.analyses.critical.system import example_family
>>> fam = example_family("linear 2-1-2", "generic")
>>> structure_copy(fam, fam.loss).N is fam.N
True
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.systems import System

__all__ = ["TapeCenters", "structure_copy", "slice_rank_ok"]


def _shared_images(Y, tol: float = 1e-6) -> np.ndarray:
    """Rows of Y (images) equal to another row, up to a relative tolerance (all members of such groups).

    Examples
    --------
    >>> _shared_images(np.array([[1.0, 2.0], [3.0, 4.0], [1.0, 2.0 + 1e-12]])).tolist()
    [True, False, True]
    """
    Y = np.asarray(Y)
    D = np.maximum.reduce(np.abs(Y[:, None, :] - Y[None, :, :]), axis=2)
    close = D <= tol * (1 + np.maximum.reduce(np.abs(Y), axis=1))[None, :]
    np.fill_diagonal(close, False)
    return np.logical_or.reduce(close, axis=1)


def _pure_on_slice(fam, X, dim, rel=1e-7):
    """``(ok, images)``: ``ok`` where d mu along the slice has numerical rank ``dim`` (singular values above ``rel``
    times the largest). Since rank(d mu N) <= rank(d mu) <= dim M = ``dim``, that is the rule of
    :func:`~.paths._full_rank` (d mu of full rank, the slice transversal to the fiber) read from the slice
    Jacobian alone: from the family's image tape (one kernel call for the images and their Jacobians, or numpy
    before numba is imported: :func:`~algnet.homotopy.tape_numpy.eval_tape`),
    else from :func:`~.paths.ranks_and_images`.

    Examples
    --------
    >>> from algnet.analyses.critical.paths import _full_rank
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("linear 2-1-2")
    >>> X = np.array([[0.3, -0.2, 0.5]]) + 0j
    >>> ok, Y = _pure_on_slice(fam, X, 3)
    >>> full, crit = _full_rank(fam, X, 3)
    >>> ok.tolist() == (full & crit).tolist() == [True], bool(np.allclose(Y, fam.image(X)))
    (True, True)
    >>> _pure_on_slice(fam, X, 4)[0].tolist()           # rank 3 < 4
    [False]
    """
    t = fam._image_tape()
    if t is None:
        from algnet.analyses.critical.paths import ranks_and_images

        r_all, r_slice, images = ranks_and_images(fam, fam.theta(X), rel)
        return (r_all == dim) & (r_slice == r_all), images
    from algnet.homotopy.tape_numpy import eval_tape

    X = np.ascontiguousarray(X, dtype=np.complex128)
    Z0 = np.zeros((X.shape[0], 0), dtype=np.complex128)
    F, J, _ = eval_tape(t, X, Z0, Z0)        # the compiled kernel, or numpy before numba is imported
    return slice_rank_ok(fam, X, J, dim, rel), F


def slice_rank_ok(fam, X, J, dim, rel=1e-7, compiled=False):
    """Where the slice Jacobians J (k, m, n) of the images at the slice points X have numerical rank ``dim``:
    singular values above ``rel`` times the largest, the largest above a floor of 1e-10 (1 + |theta|)^2
    (:func:`algnet.homotopy.disc_rules.rank_kept`, :func:`~algnet.homotopy.disc_rules.rank_floor`; the rule of
    :func:`_pure_on_slice`, for Jacobians computed elsewhere: the certification's run, :mod:`.warm_call`).
    ``compiled``: by the compiled :func:`~.rank_kernel.slice_ranks` (numba imported), one call instead of a dozen
    numpy calls; the same rule, the singular values by one-sided Jacobi (equal to LAPACK's to rounding).

    Examples
    --------
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("linear 2-1-2")
    >>> X = np.zeros((2, 3), dtype=complex)
    >>> J = np.array([np.eye(4, 3), np.diag([1.0, 1.0, 0.0])[[0, 1, 2, 2]]], dtype=complex)
    >>> slice_rank_ok(fam, X, J, 3).tolist(), slice_rank_ok(fam, X, J, 3, compiled=True).tolist()
    ([True, False], [True, False])
    """
    if compiled:
        from algnet.analyses.critical.rank_kernel import slice_ranks

        out = np.empty(J.shape[0], dtype=np.bool_)
        c = np.ascontiguousarray
        slice_ranks(c(J, dtype=np.complex128), c(X, dtype=np.complex128), c(fam.c0, dtype=np.complex128),
                    c(fam.N, dtype=np.complex128), float(rel), int(dim), out)
        return out
    from algnet.homotopy.disc_rules import rank_floor, rank_kept

    sv = np.linalg.svd(J, compute_uv=False)
    floor = rank_floor(np.maximum.reduce(np.abs(fam.theta(X)), axis=1))
    # (the count by the ufunc reduction: np.count_nonzero along an axis is a Python layer over a sum)
    rank = np.where(sv[:, 0] > floor, np.add.reduce(rank_kept(sv, sv[:, :1], rel), axis=1), 0)
    return rank == dim


_FAMILY_BALLS = ("residual_ball", "image_ball", "image")
_FAMILY_ENCLOSURES = ("evaluate_interval", "image_interval") + _FAMILY_BALLS


class TapeCenters(System):
    """A gradient family ``fam`` whose float evaluations (the Newton steps and the approximate inverse Y of the
    Krawczyk test) come from the compiled tape of a :class:`MetricGradient` at the parameters ``params``
    (vec Q, u); every enclosure (``evaluate_interval``, ``image_interval``, ``residual_ball``, ``evaluate_ball``,
    ``image_ball``) is ``fam``'s, computed from the network's program in rigorous arithmetic. The Krawczyk test
    is valid for any center and any Y (:mod:`algnet.homotopy.certify`): only those come from the tape, whose
    constants were rounded while it was recorded, so nothing is certified about the tape's system.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> from algnet.homotopy.compiled_homotopy import family_tape
    >>> from algnet.analyses.critical.warm import MetricGradient
    >>> fam = example_family("linear 2-1-2", "generic")
    >>> MG = MetricGradient(fam)
    >>> view = TapeCenters(fam, family_tape(MG, map_parameters=True), MG.parameters(fam.Q, fam.loss.u))
    >>> X = np.random.default_rng(0).normal(size=(2, 3)) + 0j
    >>> G, H = view.evaluate(X)
    >>> G0, H0 = fam.evaluate(X, fam.loss.u)
    >>> bool(np.allclose(G, G0)), bool(np.allclose(H, H0))
    (True, True)
    """

    parameters_bound = True       # ``evaluate`` ignores its P: the tape's parameters are ``params``

    def __init__(self, fam, tape, params, enclosure=None):
        self.fam, self.tape = fam, tape
        self.params = np.ascontiguousarray(params, dtype=np.complex128)
        self._registers = np.ascontiguousarray(tape.map_parameters(self.params))   # a mapped tape's parameters
        self.n_vars, self.n_params, self.real = fam.n_vars, fam.n_params, getattr(fam, "real", False)
        for name in _FAMILY_ENCLOSURES if enclosure is None else _FAMILY_BALLS:
            if hasattr(fam, name):
                setattr(self, name, getattr(fam, name))
        if enclosure is not None:     # the compiled disc enclosures of the same system (:mod:`.disc_tape`)
            self.evaluate_interval = enclosure.evaluate_interval
            self.image_interval = enclosure.image_interval
            self.krawczyk_pass = enclosure.krawczyk_pass      # the batched test's first pass in one compiled call
            self.count_apart = enclosure.count_apart          # and its test of disjoint images
            self.apart_count = enclosure.apart_count          # (its count of the first pass's image discs)

    def evaluate(self, X, P=None):
        from algnet.homotopy.tape_numpy import compiled_loaded, eval_rows, eval_tape

        t = self.tape
        X = np.ascontiguousarray(X, dtype=np.complex128)
        if X.ndim != 2:
            X = X.reshape(-1, self.n_vars)
        Pm = self._registers[None, :].repeat(X.shape[0], axis=0)       # writable (one signature of the kernel)
        DP = np.zeros(Pm.shape, dtype=np.complex128)
        if compiled_loaded():
            F, J, _ = eval_tape(t, X, Pm, DP)       # the compiled kernel
        else:
            # numpy: the tape's stages, which the numpy tracker compiled for the same tape (the levels of
            # eval_tape's numpy route cost 0.5 ms more at a new process's first count); any centre and Y serve
            F, J, _ = eval_rows(t, X, Pm, DP, staged=True)
        F, J, _ = t.restore(F, J)         # (not the t-derivatives: no product for them)
        return F, J

    def evaluate_ball(self, x, p=None):
        return self.fam.evaluate_ball(x, p)


def structure_copy(fam, loss):
    """``fam`` (a :class:`~.system.GradientFamily`) with another metric and target, sharing its network, slice,
    sample inputs and compiled image map (a shallow copy with the per-metric caches reset).

    Examples
    --------
    >>> from algnet.analyses.critical.system import example_family
    >>> from algnet.analyses.critical.loss import Loss
    >>> fam = example_family("linear 2-1-2", "generic")
    >>> L = Loss("frobenius", fam.loss.Z, fam.loss.T, np.eye(4), fam.loss.u)
    >>> g = structure_copy(fam, L)
    >>> bool(np.allclose(g.Q, np.eye(4))), g.N is fam.N
    (True, True)
    """
    out = object.__new__(type(fam))         # copy.copy's result for these plain classes (its reduce protocol: 20 us)
    out.__dict__.update(fam.__dict__)
    out.loss = loss
    out.Q = np.asarray(loss.Q, dtype=np.complex128)
    for name in ("_Tc", "_ball_mats", "_image_cache", "_cache", "completeness_note", "trace_line"):
        if name in out.__dict__:
            setattr(out, name, None)
    return out
