"""The path-by-path kernel on several threads: :func:`algnet.homotopy.kernels.advance` without the GIL.

Below 16 paths under way the compiled tracker steps path by path (blocks of 8 on two threads were
0.76-1.15x the path-by-path kernel on one thread: ``bench/bench_tracker.py``), and in monodromy those calls
hold 6-28% of the tracking kernel's CPU. :func:`advance_nogil` is that kernel compiled with ``nogil=True``
(a wrapper: the same steps, compiled into it), so :func:`advance_paths_threads` can give each thread a
contiguous share of the paths, as :func:`algnet.homotopy.batched.advance_threads` does with blocks. Each
path is stepped by its own data only, so the endpoints are those of one thread, bit for bit.

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

__all__ = ["advance_nogil", "advance_paths_threads"]


@kernel_njit(nogil=True)
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


def advance_paths_threads(args: tuple, threads: int, cpu=None) -> tuple:
    """:func:`advance_nogil` on ``threads`` threads: the active paths (``args[0]``) cut into contiguous
    groups, each stopping after its share of ``min_stopped`` (``args[-1]``). Returns (rounds: the most of
    any group, evaluations, light evaluations); ``cpu``: see :func:`algnet.homotopy.threads.run_parallel`.

    Examples
    --------
    Eight paths of x^2 = p from p = 1 to 4, on two threads of four (``min_stopped`` 8: to the end); the
    tracker does this below 16 paths under way when two threads are allowed (see the module doc):

    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> from algnet.homotopy.homotopies import ParameterHomotopy
    >>> from algnet.homotopy.compiled import CompiledPathTracker
    >>> H = ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}])), [1.0], [4.0])
    >>> tr = CompiledPathTracker(H, 1)
    >>> _ = tr.add(np.array([[1.0], [-1.0]] * 4))
    >>> P0, P1 = tr.CH.parameters(8)
    >>> args = (np.arange(8), *tr.CH.tape.args, 1, tr.X, tr.T, tr.h, tr.code, tr.steps, tr.rejected, tr.V, tr.vok,
    ...         P0, P1, tr._opt, 200, 8)
    >>> rounds, ev, light = advance_paths_threads(args, 2)
    >>> tr.code.tolist(), np.round(tr.X[:, 0].real, 6).tolist()
    ([1, 1, 1, 1, 1, 1, 1, 1], [2.0, -2.0, 2.0, -2.0, 2.0, -2.0, 2.0, -2.0])
    """
    from algnet.homotopy.threads import run_parallel, split_rows

    active, min_stopped = args[0], args[-1]

    def job(a, b):
        g = active[a:b]
        share = max(1, -(-min_stopped * len(g) // len(active)))
        return lambda: advance_nogil(g, *args[1:-1], share)

    out = run_parallel([job(a, b) for a, b in split_rows(len(active), threads)], cpu)
    return max(int(o[0]) for o in out), sum(int(o[1]) for o in out), sum(int(o[2]) for o in out)
