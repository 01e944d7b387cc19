"""TrackerOptions.stop_all_below: with fewer paths under way, one call of the compiled tracker's step tracks them
all to their end (the degree route's setting, algnet.analyses.degree_monodromy.DEGREE_STOP_ALL_BELOW); the paths'
steps and endpoints are those of calls that return at ``stop_batch`` of them."""

import numpy as np

from algnet.homotopy.tracker import TrackerOptions


def _run(H, n, X, opt):
    from algnet.homotopy.compiled import CompiledPathTracker

    tr = CompiledPathTracker(H, n, opt)
    tr.add(X)
    calls = 0
    while tr.active:
        tr.finish(tr.step())
        calls += 1
    return tr, calls


def test_stop_all_below_tracks_small_rounds_to_the_end_with_the_same_endpoints():
    from test_endpoint_conditions import _system      # tests/ is on the path under pytest

    for name in ("cyclic5", "dense 3-2-2 r=2"):
        fam, H, X = _system(name, N=12)
        base = TrackerOptions(engine="compiled", threads=1, stop_batch=0.75)
        a, calls_a = _run(H, fam.n_vars, X, base)
        b, calls_b = _run(H, fam.n_vars, X, TrackerOptions(engine="compiled", threads=1, stop_batch=0.75,
                                                           stop_all_below=16))
        # 12 paths under 16: one call instead of several (at 3/4 of 12, then of the rest ...)
        assert calls_b == 1 < calls_a
        assert list(a.status) == list(b.status) and np.array_equal(a.X, b.X)
        assert np.array_equal(a.steps, b.steps) and np.array_equal(a.rejected, b.rejected)
        # 12 paths at the bound: the first call returns at stop_batch (9 of 12), the 3 left go to their end
        c, calls_c = _run(H, fam.n_vars, X, TrackerOptions(engine="compiled", threads=1, stop_batch=0.75,
                                                           stop_all_below=12))
        assert calls_c == 2 and np.array_equal(a.X, c.X) and list(a.status) == list(c.status)


def test_degree_route_sets_stop_all_below():
    from algnet.analyses.degree_monodromy import DEGREE_STOP_ALL_BELOW, degree_options

    assert TrackerOptions().stop_all_below == 0
    assert degree_options().tracker.stop_all_below == DEGREE_STOP_ALL_BELOW == 16


def test_stop_all_below_must_be_a_non_negative_integer():
    import pytest

    from algnet.errors import ParameterError

    for bad in (-1, 2.5, True, "16"):
        with pytest.raises(ParameterError, match="stop_all_below"):
            TrackerOptions(stop_all_below=bad)
