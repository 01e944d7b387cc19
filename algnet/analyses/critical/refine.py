"""Certification of ill-conditioned critical points: Newton refinement at high precision first.

The Krawczyk test (:func:`algnet.homotopy.certify.certify`) starts from floating-point Newton steps and a
floating-point inverse Y of the Jacobian at the refined center. At a regular but ill-conditioned critical
point (condition number kappa of the Hessian of L along the slice, e.g. two nearly equal singular values
of a linear network's target), float64 rounding of G at the center moves each Newton step by about
kappa * 2^-53 (relative), the Jacobian at that wrong center is off by about kappa^2 * 2^-53 relative to its
smallest singular value, and from kappa ~ 1e10 on (measured on :func:`ill_conditioned_example`) the
contraction |I - Y G'(X)| < 1 fails in both routes,
the batched disc test and the 128-bit ball route (reported once for one point of the 404 of
conv k=2,2,2 r=2; with seeds 0-3 every point found there was certified without this).

:func:`certify_points` therefore certifies as before and then, for the points left undecided only:

1. Newton's method at ``bits`` of precision (ball arithmetic: G and its Jacobian recomputed at every
   step, :func:`refine_points`); a point that does not converge, or that moves by more than 1e-6
   (relative, the rule of the Krawczyk test: it did not approximate that root), keeps its center;
2. the Krawczyk test again, through :class:`HighPrecisionView`: the same family whose one-point
   evaluations (the ball route's Newton steps and its inverse Y) are rounded from ``bits``-bit values,
   so the center is off by one rounding and Y is off by about kappa * 2^-53 only.

Nothing here weakens the test: the inclusion is still proved in ball arithmetic on the family itself;
only the center and Y, which any choice makes valid, are better.

Examples
--------
>>> import numpy as np
>>> from algnet.analyses.critical.system import example_family
>>> fam = example_family("linear 2-1-2", "generic")
>>> x = refine_points(fam, np.zeros((1, 3)) + 1.0, fam.loss.u, steps=0)[0]     # no step: the point itself
>>> x.tolist()
[[(1+0j), (1+0j), (1+0j)]]
"""

from __future__ import annotations

import numpy as np

from algnet.core.numbers import acb, acb_mat, ball_precision
from algnet.homotopy.systems import System

__all__ = ["refine_points", "HighPrecisionView", "CompiledEnclosureView", "certify_points", "ill_conditioned_example",
           "recovered_suspects", "SUSPECT_RCOND"]

#: Working precision (bits) of the refinement and of :class:`HighPrecisionView`.
BITS = 256


def _balls(v):
    return [acb(float(z.real), float(z.imag)) for z in np.asarray(v, dtype=np.complex128).reshape(-1)]


def _mid(z) -> complex:
    return complex(float(z.real.mid()), float(z.imag.mid()))


def _newton_ball(fam, x, pb, steps, bits):
    """Newton from the float point x at ``bits``: (point as mid balls, converged)."""
    n = len(x)
    xc = _balls(x)
    for _ in range(steps):
        try:
            G, H = fam.evaluate_ball(xc, pb)
            d = H.mid().solve(acb_mat(n, 1, [g.mid() for g in G]))
        except (ArithmeticError, ValueError):         # a singular Jacobian, or a ball that blew up
            return xc, False
        xc = [(xc[i] - d[i, 0]).mid() for i in range(n)]
        size = max(abs(_mid(z)) for z in xc) + 1.0
        if max(abs(_mid(d[i, 0])) for i in range(n)) <= 2.0 ** (-bits // 2) * size:
            return xc, True
    return xc, False


def refine_points(fam, X, p=None, bits: int = BITS, steps: int = 8, move: float = 1e-6):
    """Newton's method at ``bits`` of precision on G(.; p) = 0 from the float points X (k, n).

    Returns ``(points, refined)``: the float roundings of the refined points, and a mask of the rows
    that converged (Newton step below 2^(-bits/2) relative: far below float64, above the
    rounding floor kappa 2^-bits of an ill-conditioned point) within ``move`` (relative) of where they
    started; other rows are returned unchanged.

    Examples
    --------
    A critical point of the Frobenius distance to diag(1, 1 + 2^-30) on rank-one 2x2 matrices (Eckart-
    Young: the rank-one truncations), known only to float64 accuracy, is refined; its image stays put:

    >>> import numpy as np
    >>> fam, x = ill_conditioned_example()
    >>> y, ok = refine_points(fam, x, fam.loss.u)
    >>> bool(ok[0]), bool(np.abs(fam.image(y) - fam.image(x)).max() < 1e-12)
    (True, True)
    """
    X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
    out, ok = X.copy(), np.zeros(X.shape[0], dtype=bool)
    with ball_precision(bits):
        pb = None if p is None else _balls(p)
        for i in range(X.shape[0]):
            if not np.all(np.isfinite(X[i])):
                continue
            xc, conv = _newton_ball(fam, X[i], pb, steps, bits)
            z = np.array([_mid(v) for v in xc])
            if conv and np.max(np.abs(z - X[i])) <= move * (1.0 + np.max(np.abs(X[i]))):
                out[i], ok[i] = z, True
    return out, ok


class HighPrecisionView(System):
    """The gradient family ``fam`` with one-point evaluations at ``bits`` of precision (rounded to float64).

    ``evaluate`` of a single point (how the ball route of :func:`~algnet.homotopy.certify.krawczyk` takes
    its Newton steps and its inverse Jacobian) returns the float roundings of G and H computed in ball
    arithmetic at ``bits``; batches are evaluated by ``fam`` in float64 (the batched disc test, which
    encloses its own rounding). Everything else is ``fam``'s.

    Examples
    --------
    >>> import numpy as np
    >>> fam, x = ill_conditioned_example()
    >>> G, H = HighPrecisionView(fam).evaluate(x, fam.loss.u)
    >>> G.shape, H.shape, bool(np.abs(G).max() < 1e-14)
    ((1, 3), (1, 3, 3), True)
    """

    def __init__(self, fam, bits: int = BITS):
        self.fam, self.bits = fam, int(bits)
        self.n_vars, self.n_params, self.real = fam.n_vars, fam.n_params, getattr(fam, "real", False)
        for name in ("evaluate_interval", "image_interval", "residual_ball", "image_ball", "image"):
            if hasattr(fam, name):
                setattr(self, name, getattr(fam, name))

    def evaluate(self, X, P=None):
        X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
        if X.shape[0] != 1 or not np.all(np.isfinite(X)):
            return self.fam.evaluate(X, P)
        n = self.n_vars
        p = None if P is None else np.asarray(P, dtype=np.complex128).reshape(-1, self.n_params)[0]
        try:
            with ball_precision(self.bits):
                G, H = self.fam.evaluate_ball(_balls(X[0]), None if p is None else _balls(p))
                Gf = np.array([[_mid(g) for g in G]])
                Hf = np.array([[[_mid(H[i, j]) for j in range(n)] for i in range(n)]])
        except (ArithmeticError, ValueError):     # a ball that blew up: the float evaluation
            return self.fam.evaluate(X, P)
        if not (np.all(np.isfinite(Gf)) and np.all(np.isfinite(Hf))):
            return self.fam.evaluate(X, P)
        return Gf, Hf

    def evaluate_ball(self, x, p=None):
        return self.fam.evaluate_ball(x, p)

    def param_derivative(self, X, P, dP):
        return self.fam.param_derivative(X, P, dP)


class CompiledEnclosureView(System):
    """A gradient family ``fam`` whose batched disc enclosures (``evaluate_interval``, ``image_interval``) come from
    its compiled exact tape ``E`` (:func:`~.disc_tape.exact_tape`: every number of the problem a parameter, one
    compiled kernel over the batch) instead of the network's program on object arrays of discs
    (:mod:`.intervals`), and whose float evaluations of G and its Jacobian (the batched test's Newton steps and
    its inverse Y: any center and any Y keep the test valid) come from the same tape by the compiled float kernel
    (fam's runs the program 1 + sum M_j times for the Cauchy-formula Hessian); balls and everything else are
    ``fam``'s. Both enclosures enclose the same system (the family with exactly its float data), so the Krawczyk
    test proves the same statements.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.disc_tape import exact_tape
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("linear 2-1-2", "generic")
    >>> view = CompiledEnclosureView(fam, exact_tape(fam))
    >>> X = np.random.default_rng(0).normal(size=(2, 3)) + 0j
    >>> G, H = view.evaluate_interval(X, np.full(2, 1e-9), fam.loss.u)
    >>> G0, H0 = fam.evaluate_interval(X, np.full(2, 1e-9), fam.loss.u)
    >>> bool(np.all(np.abs(G.m - G0.m) <= G.r + G0.r)), bool(np.all(np.abs(H.m - H0.m) <= H.r + H0.r))
    (True, True)
    >>> F, J = view.evaluate(X, fam.loss.u)
    >>> F0, J0 = fam.evaluate(X, fam.loss.u)
    >>> bool(np.allclose(F, F0)), bool(np.allclose(J, J0))
    (True, True)
    """

    def __init__(self, fam, E):
        self.fam = fam
        self.n_vars, self.n_params, self.real = fam.n_vars, fam.n_params, getattr(fam, "real", False)
        for name in ("residual_ball", "image_ball", "image"):
            if hasattr(fam, name):
                setattr(self, name, getattr(fam, name))
        self.evaluate_interval = E.evaluate_interval
        self.image_interval = E.image_interval
        self.krawczyk_pass = E.krawczyk_pass          # the batched test's first pass in one compiled call
        self.count_apart = E.count_apart              # and its test of disjoint images
        self.apart_count = E.apart_count              # (its count of the first pass's image discs)
        self._E = E

    def evaluate(self, X, P=None):
        from algnet.homotopy.kernels import tape_eval_batch

        X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
        p = np.zeros(self.n_params, dtype=np.complex128) if P is None else np.asarray(P, dtype=np.complex128)
        if p.ndim == 2:       # one target for all rows, else fam's evaluation
            if p.shape[0] and not np.all(p == p[:1]):
                return self.fam.evaluate(X, P)
            p = p[0] if p.shape[0] else np.zeros(self.n_params, dtype=np.complex128)
        t, S, ns = self._E.tape, self._E.system, self.n_vars
        N, k = X.shape[0], len(t.outputs)
        # a copy, writable: a read-only array (the broadcast of one row) is another signature of the kernel
        Pm = np.broadcast_to(S.parameters(self._E.Q, p), (N, S.n_params)).copy()
        F = np.empty((N, k), dtype=np.complex128)
        J = np.empty((N, k, ns), dtype=np.complex128)
        tape_eval_batch(*t.args, ns, np.ascontiguousarray(X), Pm, np.zeros_like(Pm), F, J,
                        np.empty((N, k), dtype=np.complex128))
        return F[:, :ns], J[:, :ns, :]

    def evaluate_ball(self, x, p=None):
        return self.fam.evaluate_ball(x, p)

    def param_derivative(self, X, P, dP):
        return self.fam.param_derivative(X, P, dP)


def _compiled(fam, key_interval):
    """``(system, key_interval)``: a :class:`~.system.GradientFamily` on its own parameters behind a
    :class:`CompiledEnclosureView` (and its ``image_interval`` as the key when the caller passed the family's),
    when its exact tape records; else unchanged. The tape is cached per family (a warm structure's family is
    recorded once for its solve and all its per-call certifications).

    CPU ms of the certification of the structure-level solve's points,
    object-array discs / exact-tape recording + compiled enclosures: linear 2-1-2 2.9 / 1.4 + 0.9, dense 2-1-1
    r=3 2.7 / 1.2 + 0.8, conv k=2,2 r=2 4.7 / 2.9 + 1.9, linear 3-1-3 13.3 / 3.2 + 8.0, conv k=2,3 r=2
    16.3 / 5.9 + 8.6."""
    from algnet.analyses.critical.disc_tape import exact_tape
    from algnet.analyses.critical.system import GradientFamily

    if not isinstance(fam, GradientFamily) or getattr(fam, "_E", None) is not None:
        return fam, key_interval
    E = exact_tape(fam)
    if E is None:
        return fam, key_interval
    view = CompiledEnclosureView(fam, E.with_metric(fam.Q))
    if key_interval is not None and key_interval == getattr(fam, "image_interval", None):
        key_interval = view.image_interval
    return view, key_interval


def certify_points(fam, X, p=None, key_ball=None, key_interval=None, show_progress: bool = False,
                   bits: int = BITS, refine: bool = True, charts: bool = True, first=None):
    """:func:`~algnet.homotopy.certify.certify` on a gradient family, with a second chance for the points
    it leaves undecided: Newton refinement at ``bits`` and the Krawczyk test through
    :class:`HighPrecisionView` (module doc). ``refine``: the batched test's float Newton steps first (False for
    points a path tracker has just refined). Returns the certification with more certified points (the
    second, run on all points so that distinctness is decided among all of them, when it certifies any
    more); its ``method`` says how many were refined. ``charts``: points still undecided whose representative is far
    out along the layer rescaling orbit are certified on their own chart (:func:`~.rebalance.chart_certify`).
    ``first``: the certification :func:`~algnet.homotopy.certify.certify` gave for ``fam`` (not a
    :class:`~.system.GradientFamily`: a view with its own enclosures) with these arguments, the caller's first try:
    taken as the first certification, not computed again.

    Examples
    --------
    >>> fam, x = ill_conditioned_example()
    >>> c = certify_points(fam, x, fam.loss.u)
    >>> c.certified, "256 bits" in c.method
    (1, True)
    """
    from dataclasses import replace

    from algnet.homotopy.certify import certify

    X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
    if first is None:
        system, key_fast = _compiled(fam, key_interval) if X.shape[0] else (fam, key_interval)
        cert = certify(system, X, p, key_ball=key_ball, key_interval=key_fast, show_progress=show_progress,
                       refine=refine)
    else:
        cert = first
    if cert.certified == X.shape[0] or not fam.has_ball:
        return cert
    todo = np.nonzero(~cert.mask)[0]
    Xr = X.copy()
    Xr[todo], refined = refine_points(fam, X[todo], p, bits=bits)
    second = certify(HighPrecisionView(fam, bits), Xr, p, key_ball=key_ball, key_interval=key_interval,
                     show_progress=show_progress)
    if second.certified > cert.certified:
        gained = second.certified - cert.certified
        note = (f"; {gained} more after Newton refinement at {bits} bits ({int(refined.sum())} of {todo.size} "
                f"undecided point(s) refined) and a Krawczyk test with a {bits}-bit center and inverse")
        cert = replace(second, method=second.method + note)
    if charts and not cert.mask.all():
        from algnet.analyses.critical.rebalance import chart_certify

        cert = chart_certify(fam, X, p, cert)
    return cert


def ill_conditioned_example(gap: float = 2.0 ** -30):
    """(family, point): linear 2-1-2 with the Frobenius distance to diag(1, 1 + gap), and a float64 critical
    point of it on the slice (the rank-one truncation diag(0, 1 + gap), the nearest point). Its Hessian
    along the slice has condition number about 20 / gap (2e10 for the default): regular, ill-conditioned.

    Examples
    --------
    >>> import numpy as np
    >>> fam, x = ill_conditioned_example()
    >>> np.round(np.abs(fam.image(x)), 9).tolist()
    [[0.0, 0.0, 0.0, 1.000000001]]
    """
    from algnet.analyses.critical.system import example_family

    fam = example_family("linear 2-1-2", "frobenius", target=[1.0, 0.0, 0.0, 1.0 + gap])
    y = np.array([0.0, 0.0, 0.0, 1.0 + gap], dtype=np.complex128)
    x = np.array([1.0, 1.0, 1.0], dtype=np.complex128)
    for _ in range(40):               # Gauss-Newton onto the fiber of y (well conditioned), float64
        Y, J = fam.first_order(x[None, :])
        x = x - np.linalg.lstsq(J[0], Y[0] - y, rcond=None)[0]
    return fam, x[None, :]


#: The least relative smallest singular value (smallest over largest) of the gradient's Jacobian at a suspect refined
#: by :func:`recovered_suspects`: below it the point is left singular
SUSPECT_RCOND = 1e-13


def recovered_suspects(fam, X, suspects, p):
    """The endpoints a small route's homotopy called singular with a moderate condition number (``suspects``,
    :func:`~.multihom.multihomogeneous_solve`, :func:`~.total_degree.total_degree_solve`) that are regular critical
    points after all: Gauss-Newton on G(.; p) from each (:func:`~.posdim.project`) converged, residual below 1e-10,
    the Jacobian's relative smallest singular value above :data:`SUSPECT_RCOND`, d mu of full rank with the slice
    transversal to the fiber (:func:`~.slice_ranks._full_rank`), an image that no point of ``X`` (the points kept)
    and no earlier recovered point has. Returns them (rows; none: shape (0, n)). The caller decides by the trace
    test and Krawczyk's test whether they are kept.

    Why: on conv k=2,2 r=2 (generic metric, seed 32) the structure's multihomogeneous homotopy ended 6 paths called
    singular; 5 were (Gauss-Newton did not converge, Jacobian condition 1e11-1e12, |phi| 22-30), and the 6th was
    one of the 14 critical points (|phi| 12, condition 1.2e9, residual 2e-16 after Newton): 13 kept, the trace
    test failed and the count fell to the next route.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.paths import example_points
    >>> fam, X, p0 = example_points("linear 2-1-2", "generic", at_target=False)
    >>> near = X[:1] * (1 + 1e-5)                   # a point left out, as the tracker stopped near it
    >>> recovered_suspects(fam, X[1:], near, p0).shape[0], recovered_suspects(fam, X, near, p0).shape[0]
    (1, 0)
    """
    from algnet.analyses.critical.image_rows import _img
    from algnet.analyses.critical.posdim import project, residuals
    from algnet.analyses.critical.slice_ranks import _full_rank

    X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
    S = np.atleast_2d(np.asarray(suspects, dtype=np.complex128)) if suspects is not None else X[:0]
    keep = []
    Y = list(_img(fam, X)) if X.shape[0] else []
    for z in S:
        if not np.all(np.isfinite(z)):
            continue
        w, conv = project(fam, z, p)
        if not conv or not np.all(np.isfinite(w)) or residuals(fam, w[None, :], p)[0] > 1e-10:
            continue
        sv = np.linalg.svd(fam.evaluate(w[None, :], p)[1][0], compute_uv=False)
        full, crit = _full_rank(fam, w[None, :], getattr(fam, "dimension", fam.n_vars))
        if not (sv[0] > 0 and sv[-1] >= SUSPECT_RCOND * sv[0] and full[0] and crit[0]):
            continue
        y = _img(fam, w[None, :])[0]
        if any(np.max(np.abs(y - y2)) <= 1e-6 * (1 + np.max(np.abs(y2))) for y2 in Y):
            continue
        Y.append(y)
        keep.append(w)
    return np.array(keep) if keep else np.zeros((0, X.shape[1] if X.ndim == 2 else fam.n_vars), dtype=np.complex128)
