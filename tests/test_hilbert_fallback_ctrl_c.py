"""A Ctrl-C inside the monodromy route's Hilbert-polynomial fallback is raised on, never dropped.

hilbert_function keeps a Ctrl-C to itself (a partial result); _hilbert_fallback read a partial result as "not
cheap" and returned None, so the monodromy route went on and returned an unconfirmed count as if no Ctrl-C had
come (fixed here). Its own time limit is not an interrupt: None, as before.
"""

import os
import signal
import time

import pytest

from algnet import parse_spec
from algnet.analyses.degree_monodromy import _hilbert_fallback
from algnet.analyses.hilbert.engine import GradedEngine
from algnet.analyses.shared import dimension_result
from algnet.guards import note_sigint, seeing_interrupts, time_cap


@pytest.fixture
def net_and_dim():
    net = parse_spec("linear 4-2-3")        # 12 coordinates, dimension 10: graded pieces from degree 2 on
    return net, dimension_result(net, seed=0)


def test_ctrl_c_in_a_piece_is_raised_on(monkeypatch, net_and_dim):
    net, dres = net_and_dim
    rank, calls = GradedEngine.piece_rank, []

    def interrupted(self, *a, **k):
        calls.append(1)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGINT)     # the user's Ctrl-C, in the middle of the pieces
        return rank(self, *a, **k)

    monkeypatch.setattr(GradedEngine, "piece_rank", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _hilbert_fallback(net, 0, dres)
    assert len(calls) == 1          # it stopped at the Ctrl-C


def test_ctrl_c_under_a_counting_handler_is_raised_on(monkeypatch, net_and_dim):
    """The command line's handler counts the Ctrl-C itself (algnet.cli._common._on_sigint)."""
    net, dres = net_and_dim
    rank = GradedEngine.piece_rank

    def handler(signum, frame):
        note_sigint()
        raise KeyboardInterrupt

    def interrupted(self, *a, **k):
        os.kill(os.getpid(), signal.SIGINT)
        return rank(self, *a, **k)

    monkeypatch.setattr(GradedEngine, "piece_rank", interrupted)
    previous = signal.signal(signal.SIGINT, handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            _hilbert_fallback(net, 0, dres)
    finally:
        signal.signal(signal.SIGINT, previous)


def _slow_pieces(monkeypatch, seconds):
    rank = GradedEngine.piece_rank

    def slow(self, *a, **k):
        time.sleep(seconds)
        return rank(self, *a, **k)

    monkeypatch.setattr(GradedEngine, "piece_rank", slow)


def test_an_enclosing_cap_is_raised_on(monkeypatch, net_and_dim):
    net, dres = net_and_dim
    _slow_pieces(monkeypatch, 0.2)
    with time_cap(0.05) as cap:
        with pytest.raises(KeyboardInterrupt):
            _hilbert_fallback(net, 0, dres)
    assert cap.expired


def test_its_own_time_limit_is_not_an_interrupt(monkeypatch, net_and_dim):
    net, dres = net_and_dim
    _slow_pieces(monkeypatch, 0.05)
    assert _hilbert_fallback(net, 0, dres, time_limit=0.01) is None


def test_uninterrupted_it_returns_the_degree(net_and_dim):
    # linear 4-2-3: 3 x 4 matrices of rank <= 2, degree 6 (THEOREMS.md section 1; Harris, Ex. 19.10)
    net, dres = net_and_dim
    res = _hilbert_fallback(net, 0, dres)
    assert res is not None and res.degree == 6


def test_seeing_interrupts_leaves_the_handler_in_place():
    before = signal.getsignal(signal.SIGINT)
    with seeing_interrupts() as seen:
        pass
    assert signal.getsignal(signal.SIGINT) is before and not seen.interrupted
