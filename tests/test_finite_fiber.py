"""Real points of finite fibers decided from the orbit of one point (algnet.analyses.critical.finite_fiber).

Truth by hand for dense 2-1-1 act=0,1,0,1: mu(a, w) = a (w.x) + a (w.x)^3 has linear part l = a w and cubic part
a (w.x)^3 = (l.x)^3 / a^2, so a^2 = l_1^3 / c_30 is fixed by the image (c_30 the coefficient of x_1^3) and the
fiber over an image with l != 0 is {theta, -theta}: it has real points iff a^2 > 0.
"""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.critical.finite_fiber import decide_finite_fiber, fiber_orbit, finite_fiber_decision
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.realfiber import RealFiberSearch, full_family

SPEC = "dense 2-1-1 act=0,1,0,1"


def _hand_a2(y):
    """a^2 from the image (monomials (0,0), (1,0), (0,1), (2,0), (1,1), (0,2), (3,0), ...): l_1^3 / c_30."""
    y = np.asarray(y).real
    return y[1] ** 3 / y[6]


@pytest.fixture(scope="module")
def fam():
    net, L, rng = network_and_loss(parse_spec(SPEC))
    return net, full_family(net, L, rng)


def test_orbit_is_the_sign_change(fam):
    net, _ = fam
    th = np.array([1.0 + 2j, 3.0, -0.5j])
    assert np.allclose(sorted(fiber_orbit(net, th).tolist(), key=lambda v: v[1].real), [-th, th])


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_decision_matches_hand_truth(fam, seed):
    net, full = fam
    rng = np.random.default_rng(seed)
    for imaginary in (True, False):
        th = rng.normal(size=3) * (1j if imaginary else 1.0)
        y = full.image(th[None, :])[0]
        assert np.max(np.abs(y.imag)) < 1e-10                   # a real image either way
        hint = th if imaginary else -th                          # the other orbit point as the hint
        r = decide_finite_fiber(net, full, y, hint)
        assert r is not None
        assert r.status is bool(_hand_a2(y) > 0)                   # real fiber points iff a^2 > 0
        assert r.status is (not imaginary)
        if r.status:
            assert np.allclose(full.image(r.theta[None, :].astype(complex))[0], y, atol=1e-9)
            assert np.isrealobj(r.theta)


def test_not_decided_without_a_proof():
    # continuous symmetries (the fiber of linear 1-1-1 is a curve): no decision
    net, L, rng = network_and_loss("linear 1-1-1", target=[-3.0])
    s = RealFiberSearch(net, L, 1, rng)
    assert finite_fiber_decision(s, np.array([-3.0]), np.array([1j * np.sqrt(3), 1j * np.sqrt(3)])) is None
    # t -> t^3 - t: three fiber points, no symmetry relates them (orbit 1 < 3): no decision from one point
    from algnet.architectures.polymap import parametrization

    net, L, rng = network_and_loss(parametrization(["t^3 - t"]))
    full = full_family(net, L, rng)
    t = np.roots([1, 0, -1, -5.0])
    t = t[np.abs(t.imag) > 0.1][0]                       # a non-real root of t^3 - t = 5 (one real root exists)
    assert decide_finite_fiber(net, full, np.array([5.0]), np.array([t])) is None


def test_complex_symmetry_orbit_reaches_the_real_root():
    """t -> t^3 has the known symmetry t -> e^(2 pi i / 3) t: from a non-real cube root of 8 the orbit reaches t = 2."""
    from algnet.architectures.polymap import parametrization

    net, L, rng = network_and_loss(parametrization(["t^3"]))
    full = full_family(net, L, rng)
    r = decide_finite_fiber(net, full, np.array([8.0]), np.array([2 * np.exp(2j * np.pi / 3)]))
    assert r is not None and r.status is True and abs(float(r.theta[0]) - 2.0) < 1e-12
    # not a smooth image: no decision
    net, L, rng = network_and_loss(parse_spec(SPEC))
    full = full_family(net, L, rng)
    th = np.array([0.5j, 0.3j, -2.0j])
    assert decide_finite_fiber(net, full, full.image(th[None, :])[0], th, smooth_image=False) is None


def _hooked(monkeypatch):
    """The hook lines of the report, applied by monkeypatching: RealFiberSearch._search asks
    finite_fiber_decision first (after making y real, as the base does)."""
    from algnet.analyses.critical import realfiber

    orig = realfiber.RealFiberSearch._search

    def _search(self, y, hint=None):
        y = np.asarray(y, dtype=np.complex128).real.astype(np.complex128)
        decided = finite_fiber_decision(self, y, hint)
        if decided is not None:
            return decided
        return orig(self, y, hint)

    monkeypatch.setattr(realfiber.RealFiberSearch, "_search", _search)


def test_critical_points_end_to_end(monkeypatch):
    """The review's case: two real pure images whose fibers are purely imaginary were "real parameters unknown"
    (fails on the base: real_parameters None); every real pure image is now decided, as the hand truth says."""
    from algnet.analyses.critical.solve import critical_points

    _hooked(monkeypatch)
    r = critical_points(parse_spec(SPEC), loss="frobenius", target=list(np.random.default_rng(11).normal(size=10)),
                        seed=11)
    pure_real = [p for p in r.points if p.real and p.pure and abs(np.asarray(p.image)[6]) > 1e-9]
    assert len(pure_real) >= 3
    assert sum(_hand_a2(p.image) < 0 for p in pure_real) >= 2          # the review's two non-real fibers
    for p in pure_real:
        assert p.real_parameters is bool(_hand_a2(p.image) > 0), (p.image, p.real_note)
