"""Time limits that stop the work between small units and inside a long one (implicit, singular), with the
partial result labelled as a bound; no assertion on measured seconds (the machine is shared)."""

import time

import pytest

from algnet.analyses.implicit import compute
from algnet.analyses.implicit import implicitize


def test_implicit_time_limit_stops_inside_a_long_piece(monkeypatch):
    # one piece that would take a minute (a stand-in for a huge kernel): the limit interrupts it, the
    # degrees finished before it are kept and the result is partial
    real = compute._solve_piece
    state = {"slow": 0, "finished": 0}

    def piece(engine, piece, e, *args):
        if e == 2:
            state["slow"] += 1
            time.sleep(60)
            state["finished"] += 1
        return real(engine, piece, e, *args)

    monkeypatch.setattr(compute, "_solve_piece", piece)
    res = implicitize("linear 3-1-3", max_degree=3, seed=0, time_limit=1.0)
    assert state["slow"] == 1 and state["finished"] == 0            # interrupted inside the piece
    assert res.partial and res.complete_up_to_degree == 1         # degree 1 (no linear equations) was finished


def test_implicit_certification_within_the_time_left(monkeypatch):
    # the symbolic proof after the last degree runs in the time left; past the limit it is not attempted
    state = {"proof": 0}

    def slow_proof(*args):
        state["proof"] += 1
        time.sleep(60)
        return True, "never"

    monkeypatch.setattr(compute, "_certify", slow_proof)
    res = implicitize("linear 3-1-3", max_degree=2, seed=0, time_limit=2.0)
    assert state["proof"] <= 1 and not res.certified
    assert "time limit" in res.claims


def test_singular_time_limit_marks_partial():
    from algnet.analyses.singular import strata

    res = strata("conv k=2,2,2 r=2", seed=0, time_limit=0.5, force=True)    # 19 strata: about 10 CPU s
    assert res.partial and len(res.strata) < 19


def test_singular_refusal_names_the_estimate():
    from algnet.analyses.singular import strata
    from algnet.errors import TooLargeError

    with pytest.raises(TooLargeError) as e:
        strata("linear 20-10-20", seed=0, time_limit=60)
    assert "3 strata" in str(e.value) and "force=True" in str(e.value) and e.value.seconds > 60
