"""The compiled tracker's finish reads the kernels' status codes instead of the status strings
(algnet.homotopy.compiled.CompiledPathTracker.finish): the same endpoints, condition numbers, residuals and
statuses as PathTracker.finish (the string-based one) on the same tracker state, a second call a no-op, and
paths cut short by a Ctrl-C never refined."""

import numpy as np
import pytest

from algnet.homotopy.compiled import CompiledPathTracker
from algnet.homotopy.homotopies import ParameterHomotopy
from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
from algnet.homotopy.tracker import PathTracker


def _stepped(target):
    """A compiled tracker of x^2 = p from p = 1 to ``target``, stepped until no path is under way."""
    fam = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}]))
    tr = CompiledPathTracker(ParameterHomotopy(fam, [1.0], [target]), 1)
    tr.add(np.array([[1.0], [-1.0], [1.0 + 1e-3j]]))
    stopped = []
    while tr.active:
        stopped.extend(tr.step().tolist())
    return tr, np.array(sorted(stopped))


@pytest.mark.parametrize("target", [4.0 + 1j, 0.0, 1e-9])
def test_finish_by_codes_equals_finish_by_strings(target):
    a, sa = _stepped(target)
    b, sb = _stepped(target)
    assert sa.tolist() == sb.tolist() and a.status.tolist() == b.status.tolist()
    a.finish(sa)
    PathTracker.finish(b, sb)            # the string-based classification, on the same state
    assert a.status.tolist() == b.status.tolist()
    assert set(a.status.tolist()) <= {"success", "singular", "failed"}
    for name in ("X", "cond", "resid"):
        assert np.array_equal(getattr(a, name), getattr(b, name), equal_nan=True), name
    assert a.H.rows == b.H.rows


def test_finish_twice_leaves_finished_paths_alone():
    tr, stopped = _stepped(4.0 + 1j)
    tr.finish(stopped)
    X, st, rows = tr.X.copy(), tr.status.tolist(), tr.H.rows
    tr.finish(stopped)
    assert tr.H.rows == rows and tr.status.tolist() == st and np.array_equal(tr.X, X)
    assert st == ["success"] * 3


def test_interrupted_paths_are_not_refined():
    fam = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}]))
    tr = CompiledPathTracker(ParameterHomotopy(fam, [1.0], [4.0]), 1)
    tr.add(np.array([[1.0], [-1.0]]))
    tr.code[0] = 1          # a kernel call cut short by Ctrl-C: a code set, the status still "tracking"
    X = tr.X.copy()
    tr.interrupt()
    tr.finish(np.arange(2))
    assert tr.status.tolist() == ["interrupted", "interrupted"]
    assert np.array_equal(tr.X, X) and tr.H.rows == 0


def _classify_numpy(idx, near, Xe, hv, kappa, dn, X, cond, resid, singular, tol):
    """PathTracker.finish's classification written in numpy (the reference for classify_rows)."""
    with np.errstate(all="ignore"):
        good = np.all(np.isfinite(Xe), axis=1)
        X[idx[good]] = Xe[good]
        cond[idx] = kappa
        resid[idx] = np.max(np.abs(hv), axis=-1)
        unconverged = ~(dn <= tol * (1 + np.max(np.abs(Xe), axis=-1)))
        k = (unconverged | ~good).astype(np.int8)
        k[(kappa > singular) | near] = 2
    return k


def test_classify_rows_equals_numpy_bit_for_bit():
    from algnet.homotopy.endpoint_kernels import classify_rows

    rng = np.random.default_rng(5)
    q, n = 400, 5
    Xe = (rng.normal(size=(q, n)) + 1j * rng.normal(size=(q, n))) * 10.0 ** rng.integers(-3, 4, size=(q, 1))
    hv = (rng.normal(size=(q, n)) + 1j * rng.normal(size=(q, n))) * 1e-12
    Xe[::17, 1] = np.nan
    Xe[5::23, 2] = complex(np.inf, 1.0)
    Xe[7::29, 0] = complex(1e308, 1e308)         # finite parts, a modulus that overflows
    hv[3::19, 4] = complex(1.0, np.nan)
    hv[4::31, 0] = complex(-np.inf, 0.0)
    kappa = 10.0 ** rng.uniform(0, 12, size=q)
    kappa[::37] = np.inf
    kappa[1::41] = np.nan
    # updates around the threshold tol (1 + max |x|) so that both sides occur, and non-finite ones
    scale = 1e-6 * (1 + np.max(np.abs(np.nan_to_num(Xe, nan=0.0)), axis=1))
    dn = scale * rng.choice([0.5, 1.0, 1.0 + 1e-15, 2.0], size=q)
    dn[2::43] = np.nan
    dn[6::47] = np.inf
    near = rng.random(q) < 0.1
    idx = rng.permutation(q + 50)[:q]
    a = [np.zeros((q + 50, n), complex), np.full(q + 50, -1.0), np.full(q + 50, -1.0)]
    b = [v.copy() for v in a]
    k = np.empty(q, np.int8)
    with np.errstate(all="ignore"):
        xn, rn = np.max(np.abs(Xe), axis=-1), np.max(np.abs(hv), axis=-1)
    classify_rows(idx, near, Xe, xn, rn, kappa, dn, *a, 1e10, 1e-6, k)
    ref = _classify_numpy(idx, near, Xe, hv, kappa, dn, *b, 1e10, 1e-6)
    assert k.tolist() == ref.tolist() and set(ref.tolist()) == {0, 1, 2}
    for u, v in zip(a, b):
        assert np.array_equal(u, v, equal_nan=True) and np.array_equal(np.signbit(u.real), np.signbit(v.real))
