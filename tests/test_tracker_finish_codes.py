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
