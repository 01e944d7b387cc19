"""The compiled tracker's whole endpoint pass in one kernel call: :func:`finish_rows`.

:meth:`CompiledPathTracker.finish <algnet.homotopy.compiled_endpoints.CompiledEndpoints.finish>` refined the
stopped paths' endpoints with :func:`~algnet.homotopy.endpoint_kernels.endpoint_rows`, took the rows' largest
moduli of the refined points and of the values with numpy, classified them with
:func:`~algnet.homotopy.endpoint_kernels.classify_rows` and selected the paths and updated their codes with numpy
around these: about 20 numpy calls and two kernel dispatches per return, 60-80 us of Python a return against
100-150 us of refinement on the small degree systems (linear 4-2-4: 15 endpoints a return). :func:`finish_rows`
does all of it in one GIL-free call, row by row, with the same arithmetic in the same order: the paths' codes
read and set, the refinement of :func:`~algnet.homotopy.endpoint_kernels._refine_checked`, the largest moduli and
the classification of ``classify_rows``.

The largest moduli were numpy's (``np.max(np.abs(v), axis=-1)``), and numpy's vectorized complex ``abs`` is not
``hypot``: numpy 2's SIMD loop computes ``larger * sqrt(fma(r, r, 1))``, r = smaller / larger, which differs from
``hypot`` (numba's ``abs``) in the last bit on about a fifth of the values (of 22 million values of all
magnitudes, 4.9 million differ from ``hypot``, none from :func:`abs_like_numpy`). The residuals are these moduli and
the convergence test reads them, so :func:`abs_like_numpy` computes numpy's formula (its special cases of inf and
nan included). Where this process's numpy computes otherwise (another build, a CPU without its SIMD loop),
:func:`numpy_abs_matches` is False and the tracker keeps the numpy route.

Examples
--------
>>> import numpy as np
>>> z = np.array([3 + 4j, 1e-3 + 7e-4j, complex(np.inf, 1.0), 0j])
>>> [abs_like_numpy(v) for v in z] == np.abs(z).tolist()
True
"""

from __future__ import annotations

import functools

import numpy as np

from algnet.homotopy.endpoint_kernels import _refine_checked
from algnet.homotopy.kernel_cache import kernel_njit
from algnet.homotopy.kernels import _scratch

__all__ = ["abs_like_numpy", "numpy_abs_matches", "finish_rows"]


def _fma_intrinsic():
    from llvmlite import ir
    from numba import types
    from numba.extending import intrinsic

    @intrinsic
    def fma(typingctx, a, b, c):
        sig = types.float64(types.float64, types.float64, types.float64)

        def codegen(context, builder, signature, args):
            d = ir.DoubleType()
            fn = builder.module.declare_intrinsic("llvm.fma", [d], ir.FunctionType(d, [d, d, d]))
            return builder.call(fn, args)

        return sig, codegen

    return fma


_fma = _fma_intrinsic()


@kernel_njit(error_model="numpy", _nrt=False)
def abs_like_numpy(z):
    """|z| as numpy 2's vectorized complex ``absolute`` computes it: inf if either part is infinite, else nan if
    either is nan, else ``larger * sqrt(fma(r, r, 1))`` with r = smaller / larger (0 where larger is 0).

    Examples
    --------
    >>> import numpy as np
    >>> z = np.array([187.0 + 3.1j, 1e300 + 1e300j, 5e-324 + 0j, complex(-np.inf, 2.0)])
    >>> [abs_like_numpy(v) for v in z] == np.abs(z).tolist()
    True
    """
    re = abs(z.real)
    im = abs(z.imag)
    if re == np.inf or im == np.inf:
        return np.inf
    if re != re or im != im:
        return np.nan
    larger = max(re, im)
    smaller = min(re, im)
    ratio = 0.0 if larger == 0.0 else smaller / larger
    return np.sqrt(_fma(ratio, ratio, 1.0)) * larger


@kernel_njit(error_model="numpy", _nrt=False)
def _abs_all(z, out):
    for j in range(z.shape[0]):
        out[j] = abs_like_numpy(z[j])


@kernel_njit(error_model="numpy", _nrt=False)
def _max_abs(v):
    """``np.max(np.abs(v))`` of a 1-d complex array (nan if a modulus is nan)."""
    m = 0.0
    for j in range(v.shape[0]):
        a = abs_like_numpy(v[j])
        if a != a:
            return a
        if a > m:
            m = a
    return m


@kernel_njit(nogil=True, error_model="numpy")
def finish_rows(idx, code, didx, didx2, dcoef, lo, hi, values, outs, n, X, P1, iterations, tol, T, exact_from,
                singular, ctol, pcode, cond, resid, out):
    """The endpoint pass of the paths ``idx`` (codes ``pcode``: 1 reached, 2 near the end, 0 under way, -1
    finished, others stopped otherwise): a path of code 1 or 2 is refined (Newton at t = 1 with the checks, as
    :func:`~algnet.homotopy.endpoint_kernels.endpoint_rows`) and classified (as
    :func:`~algnet.homotopy.endpoint_kernels.classify_rows` with numpy's largest moduli): its refined point into X
    (if finite), ``cond``, ``resid``, and ``out[q]`` 0 success, 1 failed, 2 singular; the codes 0, 1 and 2 become
    -1; ``out[q]`` is -1 for the paths not classified here. Returns (evaluations, paths classified).

    Examples
    --------
    x^2 = p at p = 4: a path that reached t = 1 at x = 2.1, one under way, one that diverged (code 3):

    >>> import numpy as np
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(1, 1)
    >>> t = b.finish([b.x[0] * b.x[0] - b.p[0]])
    >>> X, pc = np.array([[2.1 + 0j], [1j], [5.0 + 0j]]), np.array([1, 0, 3], np.int8)
    >>> cond, resid, out = np.zeros(3), np.zeros(3), np.empty(3, np.int8)
    >>> ev, k = finish_rows(np.arange(3), *t.args, 1, X, np.full((3, 1), 4 + 0j), 3, 1e-12,
    ...                     np.zeros((0, 0), complex), 0.0, 1e10, 1e-8, pc, cond, resid, out)
    >>> int(k), out.tolist(), pc.tolist(), round(float(X[0, 0].real), 9), float(cond[0])
    (1, [0, -1, -1], [-1, -1, 3], 2.0, 1.0)
    """
    m = P1.shape[1]
    reg, dreg = _scratch(values, n)
    DP = np.zeros(m, np.complex128)
    F = np.empty(n, np.complex128)
    J = np.empty((n, n), np.complex128)
    Ht = np.empty(n, np.complex128)
    A = np.empty((n, n), np.complex128)
    dx = np.empty(n, np.complex128)
    piv = np.empty(n, np.int64)
    rs = np.empty(n)
    Jr = np.empty((n, n))
    Ji = np.empty((n, n))
    x = np.empty(n, np.complex128)
    hv = np.empty(n, np.complex128)
    kappa = np.empty(1)
    dn = np.empty(1)
    ev = 0
    done = 0
    for q in range(idx.shape[0]):
        i = idx[q]
        c = pcode[i]
        out[q] = -1
        if c > 2:
            continue
        pcode[i] = -1
        if c <= 0:
            continue
        for j in range(n):
            x[j] = X[i, j]
        ev += _refine_checked(code, didx, didx2, dcoef, lo, hi, reg, dreg, outs, n, x, P1[i], DP, iterations, tol,
                              T, exact_from, F, J, Ht, A, dx, piv, rs, Jr, Ji, hv, kappa, dn)
        good = True
        for j in range(n):
            if not (np.isfinite(x[j].real) and np.isfinite(x[j].imag)):
                good = False
        if good:
            for j in range(n):
                X[i, j] = x[j]
        cond[i] = kappa[0]
        resid[i] = _max_abs(hv)
        k = 0
        if not good or not (dn[0] <= ctol * (1 + _max_abs(x))):
            k = 1
        if kappa[0] > singular or c == 2:
            k = 2
        out[q] = k
        done += 1
    return ev, done


@functools.lru_cache(maxsize=1)
def numpy_abs_matches() -> bool:
    """Whether :func:`abs_like_numpy` gives this process's ``np.abs`` bit for bit on 4,096 complex numbers of all
    magnitudes and the special values (checked once a process).

    Examples
    --------
    >>> numpy_abs_matches() in (True, False)
    True
    """
    rng = np.random.default_rng(20261205)
    z = (rng.normal(size=4000) * 10.0 ** rng.uniform(-300, 300, size=4000)
         + 1j * rng.normal(size=4000) * 10.0 ** rng.uniform(-300, 300, size=4000))
    z[:2000] = rng.normal(size=2000) + 1j * rng.normal(size=2000)
    s = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 5e-324, 1.7e308, 1.0])
    z = np.concatenate([z, np.array([complex(a, b) for a in s for b in s])])
    got = np.empty(z.size)
    _abs_all(z, got)
    return bool(np.array_equal(np.abs(z), got, equal_nan=True))
