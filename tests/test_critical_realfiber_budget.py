"""The real-fiber search's slice solves run under a CPU budget, one slice at a time.

Seen: on layers Linear(2,2), Power(2), Linear(2,2), Power(3), Linear(2,1) the two real slices of the fibers were
solved (monodromy and trace test on the Python-evaluated fiber system) before the third real image was classified,
1600 of an 1800-s run: the classification never finished. A stopped slice solve must not turn into a wrong
verdict: "no real parameters" needs every complex preimage, so a search whose solve was stopped says "unknown".
"""

import numpy as np

from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.realfiber import RealFiberSearch
from algnet.architectures.polymap import parametrization


def test_a_stopped_fiber_solve_says_unknown_never_none():
    """t^2 = -2 has no real root (hand): with the whole fiber solved the search proves it (False); with the solve
    stopped at a budget too small to finish, it says unknown (None) and names the budget."""
    net, L, rng = network_and_loss(parametrization(["t^2 + t"]), target=[-2.0])
    whole = RealFiberSearch(net, L, 1, np.random.default_rng(0), budget=float("inf")).search([-2.0])
    assert whole.status is False             # t^2 + t + 2 = 0: discriminant 1 - 8 < 0
    cut = RealFiberSearch(net, L, 1, np.random.default_rng(0), budget=1e-9)
    r = cut.search([-2.0])
    assert r.status is None and "budget" in r.note
    assert cut.search([2.0]).status is True  # t = 1 (or -2): a real root is found whatever the budget


def test_the_second_slice_is_solved_only_when_the_first_finds_no_real_point():
    """linear 2-1-2 (fibers of dimension 1: W2 W1 = (W2 / s)(s W1)): a rank-one image with real factors is met on
    the first (pinned) slice; the random slice is not solved."""
    net, L, rng = network_and_loss("linear 2-1-2", loss="frobenius", target=[3.0, 0.0, 0.0, 1.0])
    s = RealFiberSearch(net, L, 3, np.random.default_rng(1), starts=0)
    y = np.array([2.0, 4.0, 1.0, 2.0])       # (1, 0.5)^T (2, 4): rank one, real
    r = s._search(y.astype(complex))         # no hint, no random start: the slices decide
    assert r.status is True and "fiber over" in r.note
    th = np.asarray(r.theta, dtype=float)
    assert np.allclose(s.full.image(th[None, :].astype(complex))[0], y, atol=1e-8)      # a real preimage of y
    assert len(s._built) == 1
