"""The trace test at one target: the second derivative of the trace, from the points alone (no path tracked).

The one-sided trace test of the small routes (:func:`~.small.homotopy_trace_test`) tracks the E points found at the
generic complex target p0 to p0 + v and checks that their trace (the sum of a random linear function of their
critical images) is affine in s: T(1) = T(0) + T'(0). The trace of the complete set is affine in s for every s (the
critical images over the line u = p0 + s v are a parallel family of linear sections of the ED correspondence), so
its second derivative vanishes, at s = 0 as well: sum_i c_i''(0) = 0 for the images c_i(s), coordinate by coordinate.
Where points are missing, the sum over the points found is minus the missing branches' sum_b c_b''(0): their trace is
not affine (the trace test's theorem: only the whole set of an irreducible correspondence has an affine trace), so
its second derivative is not identically zero, and at the random direction v and weights drawn after the points were
found it is non-zero with probability one (D^2 c_b[v, v], a non-zero quadratic form in v). So sum_i c_i''(0) = 0 at
p0 is a complete check with the same standing as the one-sided test, and it needs no path: each x_i(s) near s = 0 is
a Newton correction of x_i + s x_i'(0) on the homotopy's own tape at s = +-h_i and +-h_i / 2 (two steps each),
x_i'(s) there by the implicit function theorem, and c_i''(0) from the central differences of these exact slopes
at h_i and h_i / 2, extrapolated (Richardson: truncation O(h^4), rounding about 1e-16 cond / h; relative steps
h = 1e-3). Measured on linear 2-1-2 and conv k=2,2 r=2, seeds 0-3 (a scalar functional): one difference without the
extrapolation left 3e-6 - 1.5e-4 of the trace's scale at h = 1e-3 and 3e-8 - 1.5e-6 at 1e-4 (its O(h^2)
truncation); extrapolated, 1e-10 - 2.6e-7 at 1e-3.

:func:`curvature_trace_test` weights the image coordinates by random ``wt`` and passes when the norm of
sum_i wt * c_i''(0) is below the trace test's tolerance (1e-6) times sum_i |wt * c_i''(0)| and, coordinate by
coordinate, the sum is explained by its terms' own errors (the monodromy trace test's rule,
:func:`~algnet.homotopy.monodromy.trace.accuracy_explains`, with the extrapolation's correction as each term's error:
a few large terms would otherwise hide a missing small one's). Where it does not pass (a
missing point, or rounding at an ill-conditioned point), the caller runs the tracked one-sided test. Measured
(first-count homotopies on the structure's slice, seeds 0-199; every point dropped in turn, and the first two
together; this residual / the tracked one-sided test's): complete sets, median 5.8e-10 / 3.2e-14; not passed: 1 /
0 of 200 on linear 2-1-2 (seed 33, 1.4e-6: rounding, then tracked), 3 / 3 on conv k=2,2 r=2 (the 3 solves that had
lost points: 12 and 13 of 14 found, residuals 0.06-0.36); sets with points missing: smallest residual 5.1e-5 /
1.8e-5 of 1,400 (linear 2-1-2) and 5.5e-5 / 1.2e-5 of 2,996 (conv k=2,2 r=2), 1st percentile 2.2e-3 / 1.7e-4 and
7.2e-4 / 9.2e-5, none passed: the local test separates the incomplete sets at least as well as the tracked one.

Examples
--------
>>> import numpy as np
>>> from algnet.analyses.critical.loss import network_and_loss
>>> from algnet.analyses.critical.multihom import layered_family, layered_plan
>>> from algnet.analyses.critical.small import small_slice
>>> net, L, rng = network_and_loss("linear 2-1-2", "generic")
>>> fam = layered_family(net, L, rng, 3, layered_plan(net, 3))
>>> sol, p0 = small_slice(fam, rng, "multihomogeneous")
>>> v, wt = np.ones(4) + 0.5j, np.arange(1.0, 5.0)
>>> [curvature_trace_test(fam, sol.homotopy, Y, p0, v, wt).passed for Y in (sol.solutions, sol.solutions[1:])]
[True, False]
"""

from __future__ import annotations

import numpy as np

__all__ = ["curvature_trace_test", "image_second_derivatives", "chart_velocity", "STEP", "NEWTON_STEPS"]

#: the finite-difference step of each point, relative: x_i moves by STEP (1 + |x_i|) along its tangent (and half of it)
STEP = 1e-3

#: Newton steps correcting x_i + h x_i'(0) onto the solution curve at s = h (its error O(h^2), squared twice)
NEWTON_STEPS = 2


def image_second_derivatives(fam, H, X, p0, v, errors: bool = False):
    """d^2/ds^2 of the critical images c_i(s) of the points X (slice coordinates, solutions at the target p0) along
    the target p0 + s v, at s = 0: an (E, m) array, one row a point (module doc: Newton-corrected points at
    s = +-h_i, +-h_i / 2 on the multihomogeneous homotopy ``H``'s tape, the images' slopes there by the implicit
    function theorem, central differences extrapolated); None where a Jacobian is singular or a step leaves the charts.
    With ``errors``: (that array, an estimate of its entries' errors), the modulus of the extrapolation's correction
    (the difference of the two central differences over 3: the error of the finer one, larger than the
    extrapolated value's O(h^4)), or None.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.multihom import layered_family, layered_plan
    >>> from algnet.analyses.critical.small import small_slice
    >>> net, L, rng = network_and_loss("linear 2-1-2", "generic")
    >>> fam = layered_family(net, L, rng, 3, layered_plan(net, 3))
    >>> sol, p0 = small_slice(fam, rng, "multihomogeneous")
    >>> D2 = image_second_derivatives(fam, sol.homotopy, sol.solutions, p0, np.ones(4) + 0.5j)
    >>> D2.shape, bool(np.linalg.norm(D2.sum(axis=0)) < 1e-6 * np.linalg.norm(D2, axis=1).sum())   # the trace's: 0
    ((6, 4), True)
    """
    from algnet.homotopy.compiled_homotopy import compile_homotopy
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.tracker import batched_solve

    X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
    E = X.shape[0]
    ph = H.parameters(0.0, 1.0, p0)
    vh = np.concatenate([[0.0, 0.0], np.asarray(v, dtype=np.complex128)])
    C = compile_homotopy(ParameterHomotopy(H, ph, ph + vh))     # s is the homotopy's t: p(s) = p0 + s v
    Y0 = H.homogeneous(X)
    with np.errstate(all="ignore"):
        _, Fx, Ft = C.evaluate(Y0, np.zeros(E))
        D0 = -batched_solve(Fx, Ft)
        h = STEP * (1.0 + np.max(np.abs(Y0), axis=1)) / np.max(np.abs(D0), axis=1)
        if not (np.all(np.isfinite(h)) and np.all(h > 0)):
            return None
        s = np.concatenate([h, -h, h / 2, -h / 2])
        Y = np.tile(Y0, (4, 1)) + s[:, None] * np.tile(D0, (4, 1))
        for _ in range(NEWTON_STEPS):
            F, Fx, _ = C.evaluate(Y, s)
            Y = Y - batched_solve(Fx, F)
        _, Fx, Ft = C.evaluate(Y, s)
        D = -batched_solve(Fx, Ft)                # x'(s) on the charts, at the corrected points
        Xa = H.affine(Y)
        if not np.all(np.isfinite(Xa)) or not np.all(np.isfinite(D)):
            return None
        Xd = chart_velocity(H, Y, Xa, D)                    # the slice coordinates' velocities
        _, Jf = fam.first_order(Xa)
        d1 = np.matmul(Jf, Xd[:, :, None])[:, :, 0]         # the images' velocities c'(+-h), c'(+-h/2)
        # central differences of steps h and h / 2, extrapolated (Richardson): error O(h^4) + rounding eps cond / h
        hh = h[:, None]
        fine, coarse = (d1[2 * E:3 * E] - d1[3 * E:]) / hh, (d1[:E] - d1[E:2 * E]) / (2.0 * hh)
        d2 = (4.0 * fine - coarse) / 3.0
        err = np.abs(fine - coarse) / 3.0
    if not np.all(np.isfinite(d2)):
        return None
    return (d2, err) if errors else d2


def chart_velocity(H, Y, X, Yd) -> np.ndarray:
    """The velocities of the slice's affine coordinates X (rows) from those ``Yd`` of the unknowns Y of the layered
    homotopy ``H`` (:class:`~.multihom.LayeredGradient`, whose unknowns may be chart coordinates): with the
    homogeneous coordinates z of each layer's group and x_k = z_k / z_k0, x_k' = (z_k' - x_k z_k0') / z_k0.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.multihom import layered_family, layered_plan
    >>> net, L, rng = network_and_loss("linear 2-1-2", "generic")
    >>> fam = layered_family(net, L, rng, 3, layered_plan(net, 3))
    >>> from algnet.analyses.critical.small import small_slice
    >>> sol, p0 = small_slice(fam, rng, "multihomogeneous")
    >>> H, X = sol.homotopy, sol.solutions
    >>> Y = H.homogeneous(X)
    >>> Yd = np.random.default_rng(1).normal(size=Y.shape) + 0j      # a velocity of the unknowns
    >>> h = 1e-7                                                   # against a difference quotient of the chart map
    >>> bool(np.allclose(chart_velocity(H, Y, X, Yd), (H.affine(Y + h * Yd) - X) / h, rtol=1e-5, atol=1e-5))
    True
    """
    Zh, Zd = H.projective(Y), H.projective_velocity(Yd)
    return np.concatenate([(Zd[:, a + 1:b] - X[:, c:c + b - a - 1] * Zd[:, a, None]) / Zh[:, a, None]
                           for a, b, c in zip(H.offsets[:-1], H.offsets[1:], np.cumsum([0, *H.plan.dims]))], axis=1)


def curvature_trace_test(fam, H, X, p0, v, wt):
    """The trace test at p0 by the trace's second derivative (module doc) on the multihomogeneous homotopy ``H`` of
    the small route (:class:`~.multihom.LayeredGradient`, the target u one of its parameters; start system switched
    off): ``X`` the points found (slice coordinates), ``v`` the direction of the target, ``wt`` random weights of
    the image coordinates (None: all 1). Residual: |sum_i wt * c_i''(0)| / sum_i |wt * c_i''(0)| (Euclidean norms,
    :func:`image_second_derivatives`), passed below the trace test's tolerance. Returns a
    :class:`~algnet.homotopy.monodromy.TraceTestResult` (no path tracked: ``paths`` 0); the residual is infinite
    where a point's Jacobian is singular or a step leaves the charts.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.multihom import layered_family, layered_plan
    >>> from algnet.analyses.critical.small import small_slice
    >>> net, L, rng = network_and_loss("conv k=2,2 r=2", "generic", seed=2)
    >>> fam = layered_family(net, L, rng, 3, layered_plan(net, 3))
    >>> sol, p0 = small_slice(fam, rng, "multihomogeneous")
    >>> r = curvature_trace_test(fam, sol.homotopy, sol.solutions, p0, rng.normal(size=fam.n_params), None)
    >>> sol.solutions.shape[0], r.passed, r.paths      # the Chern-class value 14, no path
    (14, True, 0)
    """
    from algnet.homotopy.monodromy.options import MonodromyOptions, TraceTestResult

    from algnet.homotopy.monodromy.trace import accuracy_explains, column_traces

    tol = MonodromyOptions().trace_tolerance
    X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
    out = image_second_derivatives(fam, H, X, p0, v, errors=True) if X.shape[0] else None
    d2, err = out if out is not None else (None, None)
    if d2 is not None and wt is not None:
        d2, err = d2 * np.asarray(wt, dtype=np.complex128)[None, :], err * np.abs(np.asarray(wt))[None, :]
    scale = float(np.sum(np.linalg.norm(d2, axis=1))) if d2 is not None else 0.0
    if not np.isfinite(scale) or scale <= 0.0:
        return TraceTestResult(float("inf"), False, tol, 0, 0, None)
    res = float(np.linalg.norm(np.sum(d2, axis=0)) / scale)
    # the monodromy trace test's rule besides: each coordinate's trace explained by its own terms' errors
    passed = res < tol and accuracy_explains(*column_traces([d2], (1,)), None, [], None, extra=np.sum(err, axis=0))
    return TraceTestResult(res, bool(passed), tol, 0, 0, None)
