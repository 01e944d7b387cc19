"""track_few against the compiled tracker it stands for: the same endpoints, statuses, condition numbers, residuals,
steps and evaluations, bit for bit; None where it does not apply."""

import numpy as np
import pytest

from algnet.homotopy.few_paths import track_few
from algnet.homotopy.homotopies import ParameterHomotopy
from algnet.homotopy.monodromy import track_parameters
from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
from algnet.homotopy.tracker import TrackerOptions, track

ONE = TrackerOptions(threads=1, stop_batch=1.0)
WARM = TrackerOptions(target_contraction=0.003, threads=1, initial_step=0.5, stop_batch=1.0)


def _same(a, b):
    assert a.status == b.status
    for f in ("x", "t", "steps", "rejected", "condition", "residual"):
        assert np.array_equal(getattr(a, f), getattr(b, f), equal_nan=True), f
    assert (a.evaluations, a.light_evaluations, a.partial) == (b.evaluations, b.light_evaluations, b.partial)


def _by_tracker(family, X, p0, p1, opt):
    return track(ParameterHomotopy(family, p0, p1), X, opt)


def _bezout():
    # x^2 + y = a, y^2 + x = b: four solutions
    G = PolynomialSystem.from_terms([{(2, 0): 1, (0, 1): 1}, {(0, 2): 1, (1, 0): 1}])
    return OffsetFamily(G)


@pytest.mark.parametrize("opt", [ONE, WARM, TrackerOptions(threads=1, stop_all_below=8)])
def test_polynomial_paths_as_the_tracker(opt):
    fam = _bezout()
    rng = np.random.default_rng(3)
    X = rng.normal(size=(5, 2)) + 1j * rng.normal(size=(5, 2))
    p0 = fam.start_parameters(X)
    # one path per start point, each from its own parameters: tracked one at a time with shared ends
    for i in range(X.shape[0]):
        p1 = rng.normal(size=2) + 1j * rng.normal(size=2)
        a = track_few(fam, X[i:i + 1], p0[i], p1, opt)
        b = _by_tracker(fam, X[i:i + 1], p0[i], p1, opt)
        _same(a, b)
        assert a.status == ("success",)
        F = fam.evaluate(a.x, p1)[0]
        assert np.abs(F).max() < 1e-10           # the endpoint solves the target system


def test_warm_paths_as_the_tracker():
    from algnet.analyses.critical.loss import network_and_loss
    from algnet.analyses.critical.warm import warm_start

    for spec, seed, dim in (("linear 2-1-2", 4, 3), ("dense 2-1-1 r=3", 1, 2), ("conv k=2,2 r=2", 2, 3)):
        net, L, rng = network_and_loss(spec, "generic", seed=seed)
        w = warm_start(net, "generic", dim)          # (dim M: 3 = 4 - 1, the binary cubic cone 2, 3)
        target = w.family.parameters(L.Q, w.P[L.m * L.m:])
        b = _by_tracker(w.family, w.X, w.P, target, WARM)
        a = track_few(w.family, w.X, w.P, target, WARM)
        _same(a, b)
        assert a.count("success") == w.count
        # the same through track_parameters, whose route this is
        _same(track_parameters(w.family, w.X, w.P, target, WARM), b)


def test_not_applicable():
    fam = _bezout()
    X = np.ones((1, 2), dtype=complex)
    p0 = fam.start_parameters(X)[0]
    assert track_few(fam, np.ones((16, 2)), p0, p0, ONE) is None           # 16 paths: blocks
    assert track_few(fam, X, p0, p0, TrackerOptions(threads=2, stop_batch=1.0)) is None
    assert track_few(fam, X, p0, p0, TrackerOptions(threads=1)) is None    # returns after a quarter stopped
    assert track_few(fam, X, p0, p0, TrackerOptions(threads=1, stop_batch=1.0, engine="numpy")) is None
    assert track_few(fam, X, np.ones((1, 2)), p0, ONE) is None             # per-path parameters
    assert track_few(fam, np.ones((1, 3)), p0, p0, ONE) is None            # rows of another length


@pytest.mark.parametrize("after", [False, True])
def test_ctrl_c_as_the_tracker(monkeypatch, after):
    # Ctrl-C in the kernel call (before it ran, or as its results come back): every path under way interrupted,
    # none refined, the result partial -- as the tracker's
    import algnet.homotopy.path_threads as pt

    kernel = pt.advance_nogil

    def interrupted(*args):
        if after:
            kernel(*args)
        raise KeyboardInterrupt

    fam = _bezout()
    X = np.array([[1.0 + 0.5j, -0.3j], [0.2, 1.1 + 0j]])
    p0 = fam.start_parameters(X)[0]
    X = X[:1]
    p1 = np.array([2.0 + 1j, -1.0])
    _by_tracker(fam, X, p0, p1, ONE)          # (the kernels imported before one is replaced)
    monkeypatch.setattr(pt, "advance_nogil", interrupted)
    b = _by_tracker(fam, X, p0, p1, ONE)
    a = track_few(fam, X, p0, p1, ONE)
    _same(a, b)
    assert a.partial and a.status == ("interrupted",)


def test_family_that_fails_to_record():
    # a family whose trace raises: not this route (the tracker's auto engine then tracks it by numpy)
    class Broken(OffsetFamily):
        def trace(self, x, p):
            raise RuntimeError("not recordable")

    fam = Broken(PolynomialSystem.from_terms([{(2,): 1}]))
    assert track_few(fam, np.ones((1, 1)), [1.0], [4.0], ONE) is None
    r = track_parameters(fam, np.ones((1, 1)), [1.0], [4.0 + 1j], ONE)
    assert r.status == ("success",) and abs(r.x[0, 0] ** 2 - (4 + 1j)) < 1e-10
