"""The compiled tracker's endpoint pass in one kernel call (algnet.homotopy.endpoint_finish.finish_rows): numpy's
complex moduli computed bit for bit, and the same endpoints, condition numbers, residuals, statuses, codes and
evaluations as the route it replaces (endpoint_rows, numpy's moduli, classify_rows), on one and two threads, and
in whole degree runs."""

import numpy as np
import pytest

from algnet.homotopy import endpoint_finish
from algnet.homotopy.compiled import CompiledPathTracker
from algnet.homotopy.endpoint_finish import _abs_all, numpy_abs_matches
from algnet.homotopy.homotopies import ParameterHomotopy
from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
from algnet.homotopy.tracker import TrackerOptions

needs_match = pytest.mark.skipif(not numpy_abs_matches(), reason="this numpy's complex abs is not the SIMD formula")


@needs_match
def test_abs_like_numpy_is_numpys_abs():
    rng = np.random.default_rng(5)
    z = (rng.normal(size=50_000) * 10.0 ** rng.uniform(-300, 300, size=50_000)
         + 1j * rng.normal(size=50_000) * 10.0 ** rng.uniform(-300, 300, size=50_000))
    w = rng.normal(size=50_000) + 1j * rng.normal(size=50_000)
    for v in (z, w, w * 1e-160, w * 1e160, w.real + 0j, 1j * w.imag):
        got = np.empty(v.size)
        _abs_all(v, got)
        assert np.array_equal(got, np.abs(v))
    # hypot (numba's abs) is not it: the formula is what makes the difference
    assert not np.array_equal(np.abs(w), np.hypot(w.real, w.imag))


def _stepped(threads, route, at_once):
    """40 paths of x^3 + y/2 = p, y^3 + x/2 = q tracked to p1 (every seventh to p1 = 0) and finished after each
    kernel call or all at once (40 endpoints: parts on two threads when ``threads`` is 2), by the one-call kernel
    or by the numpy route."""
    fam = OffsetFamily(PolynomialSystem.from_terms([{(3, 0): 1, (0, 1): 0.5}, {(0, 3): 1, (1, 0): 0.5}]))
    rng = np.random.default_rng(7)
    X0 = rng.normal(size=(40, 2)) + 1j * rng.normal(size=(40, 2))
    P0 = np.stack([X0[:, 0] ** 3 + 0.5 * X0[:, 1], X0[:, 1] ** 3 + 0.5 * X0[:, 0]], axis=1)
    P1 = np.tile([1.0 + 0.5j, -0.3 + 2j], (40, 1))
    P1[::7] = 0.0
    tr = CompiledPathTracker(ParameterHomotopy(fam, P0, P1), 2, TrackerOptions(threads=threads))
    tr.add(X0)

    def finish(s):
        if route == "numpy":
            with pytest.MonkeyPatch.context() as mp:
                mp.setattr(endpoint_finish, "numpy_abs_matches", lambda: False)
                tr.finish(s)
        else:
            tr.finish(s)

    stopped = []
    while tr.active:
        stopped.append(tr.step())
        if not at_once:
            finish(stopped[-1])
    stopped = np.concatenate(stopped)
    if at_once:
        finish(stopped)
    return tr, stopped


@needs_match
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("at_once", [False, True])
def test_one_call_equals_the_numpy_route(threads, at_once):
    a, sa = _stepped(threads, "kernel", at_once)
    b, sb = _stepped(1, "numpy", at_once)
    assert sa.tolist() == sb.tolist() and sa.size == 40
    assert a.status.tolist() == b.status.tolist() and a.code.tolist() == b.code.tolist()
    assert "success" in a.status.tolist() and set(a.code.tolist()) == {-1}
    for name in ("X", "cond", "resid"):
        assert np.array_equal(getattr(a, name), getattr(b, name), equal_nan=True), name
    assert a.H.rows == b.H.rows > 0


@needs_match
@pytest.mark.parametrize("spec", ["linear 3-1-3", "dense 3-2-2 r=2", "linear 4-2-4"])
def test_degree_runs_unchanged(spec, monkeypatch):
    from algnet.analyses.degree import degree

    def run():
        return degree(spec, seed=1, method="monodromy", fiber=False, certify=False, confirm=False)

    a = run()
    monkeypatch.setattr(endpoint_finish, "numpy_abs_matches", lambda: False)
    b = run()
    assert (a.degree, a.paths) == (b.degree, b.paths)
    assert np.array_equal(np.asarray(a.witness_parameters), np.asarray(b.witness_parameters))
