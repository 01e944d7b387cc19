"""The linear trace test (Sommese–Verschelde–Wampler 2002; Leykin–Rodriguez–Sottile 2018).

The parameters move along a line p0 + s v; for a complete witness set the
sum of a linear function of the (keyed) points is affine-linear in s, so
``T(1) - 2 T(0) + T(-1) = 0``; an incomplete set fails it generically. The
residual is reported relative to the sum of the magnitudes; the test also asks it to be explained by the
endpoints' own accuracy (a few very large points would otherwise hide a missing small one). A missing point whose
whole share of the traces is within the other points' own errors stays invisible to any rule on these endpoints
(:class:`~algnet.homotopy.monodromy.options.TraceTestResult`): a longer line, or more precision, shows it.

Examples
--------
>>> import numpy as np
>>> from algnet.homotopy.monodromy.examples import example_family
>>> fam = example_family("square").family          # x^2 = p
>>> trace_test(fam, np.array([[1.0], [-1.0]]), np.array([1.0]), seed=0).passed
True
>>> trace_test(fam, np.array([[1.0]]), np.array([1.0]), seed=0).passed       # one root of two
False
>>> trace_test(fam, np.zeros((0, 1)), np.array([1.0]), seed=0).passed         # no points: proves nothing
False
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from algnet.homotopy.homotopies import ParameterHomotopy
from algnet.homotopy.monodromy.options import MonodromyOptions, TraceTestResult
from algnet.homotopy.pinned import free_unknowns, full_points, point_vars
from algnet.homotopy.systems import System
from algnet.homotopy.tracker import track
from algnet.homotopy.tracker_rescue import rescue_singular
from algnet.interrupts import ctrl_c_safe

__all__ = ["trace_test", "trace_residual", "newton_error", "accuracy_explains", "column_traces"]

#: a trace test passes only when |T(1) - 2 T(0) + T(-1)| is at most this many times the error of the traces that the
#: endpoints' own accuracy explains (:func:`newton_error`), plus :data:`ROUNDING`; complete sets of the test families
#: stay below 2 times that error (25 times with the one-sided test's difference-quotient slopes), the sets missing one
#: point or one image class that the relative residual alone passed above 1,300 times it
ACCURACY_FACTOR = 1e3
#: the rounding of the traces themselves, relative to the sum of the moduli of the terms (about 45 units in the last
#: place of a sum of doubles)
ROUNDING = 1e-14


def trace_residual(fa, f0, fb) -> float:
    """|sum fa - 2 sum f0 + sum fb| relative to the sum of all magnitudes.

    Examples
    --------
    >>> import numpy as np
    >>> trace_residual(np.array([2.0]), np.array([1.0]), np.array([0.0]))
    0.0
    """
    mags = float(np.sum(np.abs(fa)) + np.sum(np.abs(f0)) + np.sum(np.abs(fb)))
    return float(abs(np.sum(fa) - 2 * np.sum(f0) + np.sum(fb)) / max(mags, 1e-300))


def newton_error(family, Y, p, functional, full=None) -> np.ndarray:
    """|functional(y + dy) - functional(y)| per point y (rows of Y) of ``family`` at p, dy its Newton step (least
    squares): the error of each term of the trace that the point's own accuracy explains. ``full(Y, p)``: the points
    ``functional`` reads (default: Y itself).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.monodromy.examples import example_family
    >>> fam = example_family("square").family                  # x^2 = p at p = 4: the Newton step from 2.001
    >>> e = newton_error(fam, np.array([[2.001], [-2.0]]), np.array([4.0]), lambda Y: Y[:, 0])
    >>> round(float(e[0]), 6), float(e[1])
    (0.001, 0.0)
    """
    Y = np.asarray(Y, dtype=np.complex128)
    if not Y.shape[0]:
        return np.zeros(0)
    if full is None:
        def full(Z, _):
            return Z
    with np.errstate(invalid="ignore", over="ignore"):     # a point that overflows: its error is inf (unknown)
        R, J = _residual_and_jacobian(family, Y, np.asarray(p, dtype=np.complex128))
        dy = -(np.linalg.pinv(J) @ R[..., None])[..., 0]
        e = np.abs(np.asarray(functional(full(Y + dy, p))) - np.asarray(functional(full(Y, p))))
    return np.where(np.isfinite(e), e, np.inf)


def _residual_and_jacobian(family, Y, p):
    """F(Y; p) and its Jacobian in the unknowns: the family's own evaluation, or the tape the tracker evaluates for
    a family given by its trace alone."""
    try:
        return family.evaluate(Y, np.broadcast_to(p, (Y.shape[0], len(p))))
    except NotImplementedError:
        from algnet.homotopy.compiled_homotopy import compile_homotopy

        R, J, _ = compile_homotopy(ParameterHomotopy(family, p, p)).evaluate(Y, np.zeros(Y.shape[0]))
        return R, J


def accuracy_explains(d, total, family, sets, functional, full=None, extra=0.0) -> bool:
    """Whether the residual ``d`` of a trace test (|T(1) - 2 T(0) + T(-1)|, or another affine combination of the
    traces) is explained by the accuracy of its points: at most :data:`ACCURACY_FACTOR` times the sum of their
    :func:`newton_error` over ``sets`` ((points, parameters) pairs of ``family``) and ``extra`` (the error of any
    other term of the combination), plus :data:`ROUNDING` of ``total`` (the sum of the moduli of the terms: the
    rounding of the sums themselves, a bound, not an estimate to take a safety factor of). The Newton steps are
    taken only when rounding alone does not explain ``d``. Every trace test asks this besides a
    small relative residual: relative to ``total`` alone, a few very large points hide a missing small one. An error
    that is not finite (a Newton step that overflowed or met a singular Jacobian: :func:`newton_error` gives inf)
    explains nothing: the answer is then False unless rounding alone explains ``d``. ``family`` and ``functional``
    are not used when ``sets`` is empty (a test whose terms' errors are all in ``extra``).

    A ``functional`` with q values a point (rows (N, q)) gives q traces: ``d``, ``total`` (and ``extra``) are then
    arrays (q,), and each trace must be explained by its own column's errors (:func:`column_traces`).

    Examples
    --------
    x^2 - (1e7 + 1) x = p at p = -1e7 (roots 1 and 1e7): the root 1 alone moves almost linearly along p0 + s 1e6, its
    second difference about 2e-9 (relative 7e-10), far more than its own Newton error (rounding: about 1e-16).

    >>> import numpy as np
    >>> from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
    >>> fam = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1, (1,): -(1e7 + 1)}]))
    >>> p = [np.array([-1e7 + s * 1e6]) for s in (1, 0, -1)]          # the small root -2p / (b + sqrt(b^2 + 4p))
    >>> small = [np.array([[-2 * q[0] / (1e7 + 1 + np.sqrt((1e7 + 1) ** 2 + 4 * q[0]))]]) for q in p]
    >>> t = [float(Y[0, 0]) for Y in small]
    >>> d, total = abs(t[0] - 2 * t[1] + t[2]), sum(map(abs, t))
    >>> bool(d < 1e-6 * total), accuracy_explains(d, total, fam, list(zip(small, p)), lambda Y: Y[:, 0])
    (True, False)

    An unknown error is no evidence (a residual of 1 against terms of size 2):

    >>> accuracy_explains(1.0, 2.0, None, [], None, extra=np.inf)
    False
    >>> accuracy_explains(1.0, 2.0, None, [], None, extra=0.01)
    True
    """
    d, total = np.asarray(d, dtype=float), np.asarray(total, dtype=float)
    if np.all(d <= ROUNDING * total):
        return True
    err = sum(np.sum(newton_error(family, Y, p, functional, full), axis=0) for Y, p in sets) + np.asarray(
        extra, dtype=float)
    if not np.all(np.isfinite(err)) or not np.all(np.isfinite(d)):
        return False        # an error not known (a Newton step that overflowed, a singular point) explains nothing
    return bool(np.all(d <= ACCURACY_FACTOR * err + ROUNDING * total))


def column_traces(values, coefficients):
    """(d, total) of the traces of each column of the values (one array (N_k, q) a set, the terms of a functional
    summed over its columns): d = |sum_k c_k sum_i V_k[i]|, total = sum_k sum_i |V_k[i]|, arrays (q,) for
    :func:`accuracy_explains`.

    Examples
    --------
    >>> import numpy as np
    >>> d, total = column_traces([np.array([[2.0, 1.0]]), np.array([[1.0, 1.0]]), np.array([[0.0, 2.0]])], (1, -2, 1))
    >>> d.tolist(), total.tolist()
    ([0.0, 1.0], [3.0, 4.0])
    """
    sums = sum(c * np.sum(V, axis=0) for c, V in zip(coefficients, values))
    return np.abs(sums), sum(np.sum(np.abs(V), axis=0) for V in values)


@ctrl_c_safe
def trace_test(family: System, X, p0, direction=None, functional: Callable | None = None, seed=None,
               options: MonodromyOptions | None = None, step: float = 1.0,
               columns: Callable | None = None) -> TraceTestResult:
    """The linear trace test for the solutions X of F(.; p0).

    Tracks X to p0 + step v and to p0 - step v and compares the traces of
    ``functional`` (X (N, n) -> (N,), must be linear in the coordinates in
    which the witness set lives; default: a random linear form of X). For a
    :class:`~algnet.homotopy.pinned.PinnedFamily`, X may be given as full
    points, and ``functional`` sees full points (``family.full``).

    Parameters
    ----------
    family : System
    X : array (k, n)
    p0 : array (m,)
    direction : array (m,), optional
        The direction v (default: random complex, of the size of p0).
    functional : callable, optional
    seed : int, optional
    options : MonodromyOptions, optional
    step : float
    columns : callable, optional
        With ``functional`` given: its terms, (N, q) a point set, the functional their row sums (e.g. the
        images times the weights of a random form); each column's trace is then held to its own errors too,
        as the default functional's coordinates are. Without it a given functional gets the whole-functional check
        only.

    Returns
    -------
    TraceTestResult
        ``passed`` needs every path to succeed, the relative residual
        to be below ``options.trace_tolerance``, and |T(1) - 2 T(0) + T(-1)|
        to be at most :data:`ACCURACY_FACTOR` times the error the endpoints'
        accuracy explains (:func:`newton_error` summed over the three sets),
        plus :data:`ROUNDING` of the sum of moduli: relative to the sum of
        moduli alone, a few very large points hide a missing small one. With the default functional
        (a random linear form) each coordinate's trace is also held to its own coordinates' errors: a
        coordinate much larger than the others would otherwise hide the others' traces. An endpoint the tracker called
        singular that is only badly scaled succeeds: Newton converges there and
        the Jacobian with rows and columns equilibrated has a condition number
        below the tracker's ``singular_condition``
        (:func:`~algnet.homotopy.tracker_rescue.rescue_scaled`; the tracker
        equilibrates the rows only, and a regular point with coordinates of
        very different sizes looked singular to it).

    Examples
    --------
    x^2 = p: both roots sum to 0 for every p (a linear trace), one root alone does not (sqrt is not affine).

    >>> import numpy as np
    >>> from algnet.homotopy.monodromy.examples import example_family
    >>> fam = example_family("square").family
    >>> p0 = np.array([4.0 + 1j])
    >>> roots = np.array([[1.0], [-1.0]]) * np.sqrt(p0[0])
    >>> trace_test(fam, roots, p0, seed=0).passed, trace_test(fam, roots[:1], p0, seed=0).passed
    (True, False)
    """
    opt = options or MonodromyOptions()
    rng = np.random.default_rng(seed)
    X = np.asarray(X, dtype=np.complex128)
    p0 = np.asarray(p0, dtype=np.complex128)
    nf = point_vars(family)
    if X.shape[1] != family.n_vars and X.shape[1] == nf:
        X = free_unknowns(family, X, p0)            # full points of a pinned family: its unknowns

    def full(Y, p):
        return full_points(family, Y, p)
    m = p0.shape[0]
    scale = float(np.sqrt(np.mean(np.abs(p0) ** 2)) or 1.0)
    if direction is None:
        direction = (rng.normal(size=m) + 1j * rng.normal(size=m)) * scale
    v = np.asarray(direction, dtype=np.complex128)
    if functional is None:
        w = rng.normal(size=nf) + 1j * rng.normal(size=nf)

        def functional(Y):
            return Y @ w

        def terms(Y):           # its terms: each coordinate's trace explained by that coordinate's own errors
            return Y * w
        columns = terms
    traces = []
    failed = 0
    f0 = functional(full(X, p0))
    mags = np.abs(f0)
    sets = [(X, p0)]
    for s in (step, -step):
        tr = track(ParameterHomotopy(family, p0, p0 + s * v), X, opt.tracker)
        if tr.partial:      # Ctrl-C: not a failed trace test (whose caller would search on), an interrupt
            raise KeyboardInterrupt
        # "singular" endpoints only badly scaled: the tracker's own limit, with the columns equilibrated too
        Y, ok, _, _ = rescue_singular(family, tr.x, tr.success, tr.status, p0 + s * v, opt.tracker.singular_condition)
        failed += int((~ok).sum())
        vals = functional(full(Y, p0 + s * v))
        sets.append((Y, p0 + s * v))
        traces.append(np.sum(vals))
        mags = mags + np.abs(vals)
    t0 = np.sum(f0)
    d, total = abs(traces[0] - 2 * t0 + traces[1]), float(np.sum(mags))
    res = d / max(total, 1e-300)
    # the Newton steps only when rounding alone does not explain the residual (most complete sets: 1e-15 to 1e-12)
    passed = failed == 0 and res < opt.trace_tolerance and X.shape[0] > 0 and (   # no points: vacuous
        accuracy_explains(d, total, family, sets, functional, full)) and (columns is None or accuracy_explains(
            *column_traces([columns(full(Y, p)) for Y, p in sets], (-2, 1, 1)), family, sets, columns, full))
    return TraceTestResult(float(res), bool(passed), opt.trace_tolerance, 2 * X.shape[0], failed, seed)
