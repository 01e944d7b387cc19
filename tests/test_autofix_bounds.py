"""The equations route of the dimension bounds is capped in CPU seconds, not wall-clock seconds."""

import time

import algnet.analyses.implicit as implicit_mod
from algnet import parse_spec
from algnet.analyses.bounds.equations import WALL_BACKSTOP_MIN, equations_bound


def test_cpu_cap_stops_a_busy_implicitization(monkeypatch):
    seen = {}

    def busy(net, max_degree, seed, time_limit, certify):      # burns CPU for 5 s unless interrupted
        seen["time_limit"] = time_limit
        c = time.process_time()
        while time.process_time() - c < 5.0:
            pass
        raise AssertionError("not interrupted by the CPU cap")

    monkeypatch.setattr(implicit_mod, "implicitize", busy)
    c = time.process_time()
    assert equations_bound(parse_spec("linear 2-1-2"), seed=0, time_limit=0.5) is None
    assert time.process_time() - c < 3.0
    assert seen["time_limit"] >= WALL_BACKSTOP_MIN       # the wall clock is only a backstop


def test_bound_found_under_the_cpu_cap():
    got = equations_bound(parse_spec("linear 2-1-2"), seed=0, time_limit=5.0)
    assert got is not None and got[0] == 3            # det = 0 on 2 x 2 matrices: dim <= 4 - 1 (by hand)
