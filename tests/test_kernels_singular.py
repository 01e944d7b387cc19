"""Singular Jacobians inside the compiled step: the path is reported failed, no exception leaves the kernel.

Independent truth: the system (x0 - p0, x0 - p1) has the Jacobian [[1, 0], [1, 0]] at every point (x1 appears
nowhere: rank 1 < 2), so no path of it can be tracked; every engine and kernel must report each path as not
successful. Before the fix the path-by-path kernel (``block=1``, and ``block=0`` below 16 paths) raised
ZeroDivisionError: its light solve applied the second RK4 stage's factorization, which had stopped at the
zero pivot, and numba raises on a complex division by zero under any error model.
"""

import numpy as np
import pytest

from algnet.homotopy.homotopies import ParameterHomotopy
from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
from algnet.homotopy.tracker import TrackerOptions, track


def _singular_homotopy():
    S = PolynomialSystem.from_terms([{(1, 0): 1}, {(1, 0): 1}])
    return ParameterHomotopy(OffsetFamily(S), [1.0, 1.0], [2.0, 2.0])


@pytest.mark.parametrize("block,paths", [(0, 3), (1, 3), (2, 4), (8, 8), (32, 40)])
def test_singular_jacobian_fails_the_path(block, paths):
    X0 = np.array([[-1.0, 0.5]] * paths)
    r = track(_singular_homotopy(), X0, TrackerOptions(engine="compiled", block=block))
    assert len(r.status) == paths
    assert all(s == "failed" for s in r.status), r.status


def test_singular_jacobian_threads_agree():
    X0 = np.array([[-1.0, 0.5]] * 6)
    a = track(_singular_homotopy(), X0, TrackerOptions(engine="compiled", threads=1))
    b = track(_singular_homotopy(), X0, TrackerOptions(engine="compiled", threads=2))
    assert list(a.status) == list(b.status) == ["failed"] * 6


def test_solve_after_zero_pivot_gives_nan():
    # the factorization stops at the zero pivot of column 1 (returns False); solving with it anyway gives nan
    from algnet.homotopy.kernels import _lu_apply, _lu_factor

    A = np.array([[1.0, 0.0], [1.0, 0.0]], complex)
    piv = np.zeros(2, np.int64)
    assert not _lu_factor(A, piv)
    b = np.array([1.0, 2.0], complex)
    _lu_apply(A, piv, b)
    assert np.isnan(b[1].real) and np.isnan(b[1].imag)
