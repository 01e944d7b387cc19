"""The warm count in one compiled call (algnet.analyses.critical.warm_kernel) and its fallbacks to the general route
of warm_call. Truth: the general route (the tracker, certify's batched Krawczyk test, the rank rule: the same
kernels called from Python, a second method) and the generic ED degree of 2 x 2 matrices of rank <= 1 (6, Chern
classes: chern.segre_veronese_ged)."""

import copy

import numpy as np
import pytest

from algnet.analyses.critical import warm_call as wc
from algnet.analyses.critical import warm_kernel as wk
from algnet.analyses.critical.chern import segre_veronese_ged
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.warm import warm_start

SPEC = "linear 2-1-2"


@pytest.fixture(scope="module")
def structure():
    net, L, rng = network_and_loss(SPEC, "generic", seed=4)
    return warm_start(net, "generic", 3)


def _call(w, seed, monkeypatch=None, fused=True):
    net, L, rng = network_and_loss(SPEC, "generic", seed=seed)
    if not fused:
        monkeypatch.setattr(wk, "fused_count", lambda *a: None)
    return wc.warm_call(w, L, 3, rng, True)


def _spy_general(monkeypatch):
    """Count the general route's trackings (monodromy.track_parameters, as warm_call imports it)."""
    from algnet.homotopy import monodromy

    seen = []
    real = monodromy.track_parameters

    def spy(*a, **k):
        seen.append(1)
        return real(*a, **k)

    monkeypatch.setattr(monodromy, "track_parameters", spy)
    return seen


def test_the_generic_ed_degree_is_the_structure_s():
    ged = segre_veronese_ged([1, 1], [1, 1])
    assert ged == 6


@pytest.mark.parametrize("seed", [0, 1, 2, 5, 13])
def test_one_call_gives_the_general_route_s_answer(structure, seed, monkeypatch):
    seen = _spy_general(monkeypatch)
    a = _call(structure, seed)
    assert not seen                                  # decided in the one call
    with monkeypatch.context() as m:
        b = _call(structure, seed, m, fused=False)
    sa, pa, _, ca = a
    sb, pb, _, cb = b
    assert sa.distinct == sb.distinct == ca.certified == ca.distinct == cb.certified == cb.distinct == 6
    assert np.array_equal(pa, pb)
    assert np.array_equal(sa.solutions, sb.solutions)          # the same tracking, bit for bit
    assert np.array_equal(sa.images, sb.images)
    assert np.array_equal(ca.mask, cb.mask)
    # the radii are guessed from the Newton step of the float values, whose output transform is summed in a loop
    # here and by numpy's matmul there: equal up to the last bits
    assert np.allclose(ca.radii, cb.radii, rtol=1e-12, atol=0)


@pytest.mark.parametrize("status", [1, 2, 3, 4, 5])
def test_a_call_not_decided_in_the_kernel_takes_the_general_route(structure, status, monkeypatch):
    real = wk.warm_pass

    def undecided(*a):
        out = real(*a)
        return (status,) + tuple(out[1:])

    monkeypatch.setattr(wk, "warm_pass", undecided)
    seen = _spy_general(monkeypatch)
    sol, p0, fam, cert = _call(structure, 3)
    assert seen == [1]                                # tracked again by the general route, from the start
    assert sol.distinct == cert.certified == cert.distinct == segre_veronese_ged([1, 1], [1, 1])


def test_paths_not_ended_within_the_round_budget_take_the_general_route(structure, monkeypatch):
    from algnet.homotopy import compiled

    statuses = []
    real = wk.warm_pass

    def spy(*a):
        out = real(*a)
        statuses.append(int(out[0]))
        return out

    monkeypatch.setattr(wk, "warm_pass", spy)
    monkeypatch.setattr(compiled, "rounds_per_call", lambda *a: 1)      # one round: no path ends in it
    sol, p0, fam, cert = _call(structure, 0)
    assert statuses == [1]
    assert sol.distinct == cert.certified == 6


def test_a_ctrl_c_in_the_call_claims_no_point(structure, monkeypatch):
    def interrupted(*a):
        raise KeyboardInterrupt

    monkeypatch.setattr(wk, "warm_pass", interrupted)
    sol, p0, fam, cert = _call(structure, 0)
    assert cert is None and sol.partial and not sol.complete and sol.solutions.shape[0] == 0


def test_where_the_route_does_not_apply_nothing_is_compiled(structure, monkeypatch):
    called = []
    monkeypatch.setattr(wk, "warm_pass", lambda *a: called.append(1))
    net, L, rng = network_and_loss(SPEC, "generic", seed=0)
    w = copy.copy(structure)
    # 16 paths or more: the tracker's batched kernel, not the path-by-path one this call runs
    w.X = np.repeat(structure.X, 3, axis=0)
    assert wk.fused_count(w, L, structure.P, structure.P, 3) is None
    # no certification asked: the general route's checks
    sol, *_ = wc.warm_call(structure, L, 3, rng, False)
    assert not called and sol.distinct == 6


def test_start_points_other_than_the_count_are_not_claimed(structure):
    # one start point short (5 of 6): the 5 could be certified apart, but they do not prove a count of 6
    net, L, rng = network_and_loss(SPEC, "generic", seed=0)
    short = copy.copy(structure)
    short.X = structure.X[1:]
    assert wk.fused_count(short, L, structure.P, structure.P, 3) is None
