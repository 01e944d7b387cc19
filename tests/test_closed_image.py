"""Closedness of the real image (algnet.analyses.critical.closed_image), against hand proofs.

Not closed (by hand): (s, t) -> (s^2, s t) has (e^2, 1) = mu(e, 1/e) for every e > 0, and the limit (0, 1) is no
image (s = 0 forces s t = 0). dense 2-1-1 act=0,1,0,1, mu(w, a) = a (w.x) + a (w.x)^3: the image is {(l, (l.x)^3 / a^2)},
so mu(l / k, k) -> (l, 0) as k -> oo, and (l, 0) with l != 0 is no image (its cubic part would be (l.x)^3 / a^2 != 0).
Closed (theorems / by hand): linear networks (real matrices of rank <= r, a closed set, all reached); dense 2-1-1 r=2,
image {a (w.x)^2} = {+-(v.x)^2} (bounded +-v_k v_k^T have bounded v_k: limits are of the same form); t -> t^2, [0, oo).
"""

import dataclasses
import importlib

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.critical.closed_image import closedness, top_form, with_closedness
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.realfiber import full_family
from algnet.architectures.polymap import parametrization


def test_s2_st_may_fail_to_be_closed():
    net = parametrization(["s^2", "s*t"])
    c = closedness(net)
    assert c.closed is False and "may fail to be closed" in c.note
    assert abs(c.direction[0]) < 1e-6 and abs(abs(c.direction[1]) - 1) < 1e-6    # s^2 = s t = 0 on the sphere: s = 0
    full = full_family(*network_and_loss(net))
    for e in (1e-1, 1e-2, 1e-3):                                      # the hand sequence: images -> (0, 1)
        y = full.image(np.array([[e, 1 / e]], dtype=complex))[0]
        assert abs(y[0]) <= e * e * 1.0000001 and abs(y[1] - 1) < 1e-12


def test_dense_cubic_may_fail_to_be_closed():
    net = parse_spec("dense 2-1-1 act=0,1,0,1")
    c = closedness(net)
    assert c.closed is False
    w, a = c.direction[:2], c.direction[2]
    assert min(abs(a), np.linalg.norm(w)) < 1e-6                      # the top form a (w.x)^3 vanishes there
    full = full_family(*network_and_loss(net))
    _, F, _ = top_form(full, c.direction[None, :])
    assert np.max(np.abs(F)) < 1e-6
    l = np.array([0.7, -1.3])                                         # the hand sequence mu(l / k, k) -> (l, 0)
    for k in (10.0, 100.0, 1000.0):
        y = full.image(np.array([[*(l / k), k]], dtype=complex))[0].real
        assert np.allclose(y[1:3], l) and np.max(np.abs(y[6:])) <= 10 / k ** 2   # cubic part (l.x)^3 / k^2


@pytest.mark.parametrize("spec", ["linear 2-1-2", "linear 2-2-2", "dense 2-1-1 r=2"])
def test_closed_images_are_not_flagged(spec):
    c = closedness(parse_spec(spec))
    assert c.closed is True, c.note


def test_square_is_closed():
    assert closedness(parametrization(["t^2"])).closed is True


def _voronoi(spec, samples, hooked):
    """voronoi as the hook lines make it: the finite-fiber decision first in RealFiberSearch._search, and
    with_closedness applied to (method, partial, why) before the result is built (here: to the result)."""
    vmod = importlib.import_module("algnet.analyses.critical.voronoi")
    r = vmod.voronoi(parse_spec(spec), samples=samples, seed=1)
    if hooked:
        m, p, w = with_closedness(parse_spec(spec), r.seed, r.method, r.partial, r.partial_reason,
                                  r.samples - r.dropped)
        r = dataclasses.replace(r, method=m, partial=p, partial_reason=w)
    return r


def test_voronoi_end_to_end(monkeypatch):
    """Fails on the base: a target is dropped there for "real parameters unknown" (a fiber {theta, -theta} of
    non-real points), and nothing says the image may not be closed."""
    from algnet.analyses.critical import realfiber
    from algnet.analyses.critical.finite_fiber import finite_fiber_decision

    orig = realfiber.RealFiberSearch._search

    def _search(self, y, hint=None):
        y = np.asarray(y, dtype=np.complex128).real.astype(np.complex128)
        decided = finite_fiber_decision(self, y, hint)
        return decided if decided is not None else orig(self, y, hint)

    monkeypatch.setattr(realfiber.RealFiberSearch, "_search", _search)
    r = _voronoi("dense 2-1-1 act=0,1,0,1", 12, True)
    assert not any(k.startswith("real parameters unknown") for k in r.dropped_reasons), r.dropped_reasons
    assert r.partial and "may fail to be closed" in r.method
    r = _voronoi("dense 2-1-1 r=2", 6, True)                         # closed: not flagged
    assert "may fail to be closed" not in r.method and not r.partial, r.partial_reason
