"""The path-by-path kernel on several threads: :func:`algnet.homotopy.kernels.advance` without the GIL.

Below 16 paths under way the compiled tracker steps path by path (blocks of 8 on two threads were
0.76-1.15x the path-by-path kernel on one thread: ``bench/bench_tracker.py``), and in monodromy those calls
hold 6-28% of the tracking kernel's CPU. :func:`advance_nogil` is that kernel compiled with ``nogil=True``
(a wrapper: the same steps, compiled into it), so the groups of paths of
:func:`algnet.homotopy.path_groups.advance_groups` can run on several threads. Each path is stepped by its
own data only, so the endpoints are those of one thread, bit for bit.

Examples
--------
>>> import numpy as np
>>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
>>> from algnet.homotopy.homotopies import ParameterHomotopy
>>> from algnet.homotopy.tracker import track, TrackerOptions
>>> H = ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}])), [1.0], [4.0 + 1j])
>>> X0 = np.array([[1.0], [-1.0]] * 4)      # 8 paths: path by path, two threads of 4
>>> a = track(H, X0, TrackerOptions(engine="compiled", threads=2))
>>> b = track(H, X0, TrackerOptions(engine="compiled", threads=1))
>>> bool(np.array_equal(a.x, b.x)), bool(np.allclose(a.x ** 2, 4 + 1j))
(True, True)
"""

from __future__ import annotations

from algnet.homotopy.kernel_cache import kernel_njit
from algnet.homotopy.kernels import advance

__all__ = ["advance_nogil"]


@kernel_njit(nogil=True, error_model="numpy")
def advance_nogil(active, code, didx, didx2, dcoef, lo, hi, values, outs, n, X, T, h, status, steps, rejected, V,
                  vok, P0, P1, opt, max_rounds, min_stopped):
    """:func:`algnet.homotopy.kernels.advance` (the same arguments and results), releasing the GIL.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> from algnet.homotopy.homotopies import ParameterHomotopy
    >>> from algnet.homotopy.compiled import CompiledPathTracker
    >>> H = ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}])), [1.0], [4.0])
    >>> tr = CompiledPathTracker(H, 1)
    >>> _ = tr.add(np.array([[1.0]]))
    >>> t = tr.CH.tape
    >>> P0, P1 = tr.CH.parameters(1)
    >>> r = advance_nogil(np.array([0]), *t.args, 1, tr.X, tr.T, tr.h, tr.code, tr.steps, tr.rejected, tr.V,
    ...                   tr.vok, P0, P1, tr._opt, 200, 1)
    >>> int(tr.code[0]), round(float(tr.X[0, 0].real), 6)          # reached t = 1 at x = 2
    (1, 2.0)
    """
    return advance(active, code, didx, didx2, dcoef, lo, hi, values, outs, n, X, T, h, status, steps, rejected, V,
                   vok, P0, P1, opt, max_rounds, min_stopped)
