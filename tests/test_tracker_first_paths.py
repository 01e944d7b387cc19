"""A tracker's fixed costs: its first paths held as one array each (buffers with room made at a later add), the
tape's cost model replaced by a bound from its sizes where the bound decides, and ``track``'s result holding the
tracker's own rows. The paths must not notice: the same endpoints whether they came in one add or several, the
bound never below the exact cost, the rounds of a call those of the exact cost."""

import numpy as np
import pytest

from algnet.homotopy.tracker import TrackerOptions


def _tracked(H, n, parts, opt):
    from algnet.homotopy.compiled import CompiledPathTracker

    tr = CompiledPathTracker(H, n, opt)
    for X in parts:
        tr.add(X)
    while tr.active:
        tr.finish(tr.step())
    return tr


@pytest.mark.parametrize("name", ["katsura4", "dense 3-2-2 r=2"])
def test_paths_added_at_once_or_in_parts_end_alike(name):
    # each path is stepped by its own data (path-by-path kernel below 16 paths under way): the rows of one add and
    # those of three adds (the second and third move the first rows to buffers with room) end bit for bit alike
    from test_endpoint_conditions import _system      # tests/ is on the path under pytest

    fam, H, X = _system(name, N=12)
    opt = TrackerOptions(engine="compiled", threads=1, stop_batch=1.0)
    a = _tracked(H, fam.n_vars, [X], opt)
    b = _tracked(H, fam.n_vars, [X[:5], X[5:6], X[6:]], opt)
    assert list(a.status) == list(b.status) and a.status.tolist().count("success") >= 10
    for f in ("X", "T", "steps", "rejected", "cond", "resid", "code"):
        assert np.array_equal(getattr(a, f), getattr(b, f), equal_nan=f in ("cond", "resid")), f


def test_first_rows_then_growth_keep_earlier_views():
    from algnet.homotopy.rows import GrowingRows

    first = np.arange(6.0).reshape(3, 2)
    g = GrowingRows.holding(first)
    grown = g.append(np.ones((2, 2)))
    assert grown.shape == (5, 2) and np.array_equal(grown[:3], first) and g.buf.shape[0] >= 64
    assert first.tolist() == np.arange(6.0).reshape(3, 2).tolist()       # the held array was not written
    again = g.append_filled(1, 7.0)
    assert np.shares_memory(again, grown) and again[-1].tolist() == [7.0, 7.0]


def test_cost_bound_is_never_below_the_exact_cost_and_gives_the_same_rounds():
    from test_tracker_compiled import NAMED      # tests/ is on the path under pytest
    from algnet.homotopy.compiled import _ROUNDS_PER_CALL, _SECONDS_PER_CALL
    from algnet.homotopy.compiled_homotopy import family_tape
    from algnet.homotopy.monodromy import example_family

    fams = [NAMED[k]() for k in ("katsura4", "cyclic5", "dense 3-2-2 r=2", "conv k=2,3 r=2")]
    fams += [example_family(k).family for k in ("quintic", "bezout 3,2")]
    for fam in fams:
        for mapped in (False, True):
            t = family_tape(fam, map_parameters=mapped)
            exact = t.seconds_per_evaluation()
            assert t.seconds_bound() >= exact > 0
    # the rounds of a call by the tracker (bound first) against the exact cost's formula, across the threshold
    from test_endpoint_conditions import _system

    fam, H, X = _system("dense 3-2-2 r=2", N=4)
    from algnet.homotopy.compiled import CompiledPathTracker

    tr = CompiledPathTracker(H, fam.n_vars, TrackerOptions(engine="compiled", threads=1))
    exact = tr.CH.tape.seconds_per_evaluation()
    for active in (1, 4, 100, 10 ** 3, 10 ** 4, 10 ** 5, 10 ** 6):
        want = int(min(_ROUNDS_PER_CALL, max(1, _SECONDS_PER_CALL / (5 * exact * active))))
        assert tr._rounds(active) == want, active


def test_track_result_holds_values_of_its_own():
    # track's result is the tracker's rows (no copies): two tracks of the same paths give equal, unshared arrays
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
    from algnet.homotopy.tracker import track

    H = ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(3,): 1}])), [1.0], [8.0 + 1j])
    X0 = np.exp(2j * np.pi * np.arange(3) / 3)[:, None]
    a = track(H, X0, TrackerOptions(engine="compiled", threads=1))
    b = track(H, X0, TrackerOptions(engine="compiled", threads=1))
    assert np.array_equal(a.x, b.x) and not np.shares_memory(a.x, b.x) and not np.shares_memory(a.x, X0)
    assert np.allclose(a.x ** 3, 8 + 1j) and a.status == ("success",) * 3
    a.x[:] = 0
    assert np.allclose(b.x ** 3, 8 + 1j)
