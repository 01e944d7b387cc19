"""A Ctrl-C inside the tracker, as a caller in algnet/analyses/critical/* receives it (the tracker keeps it and
returns a partial result, its unfinished paths 'interrupted'), must stop the analysis (KeyboardInterrupt) or
make its result partial. Called from Python (no command-line handler counting the Ctrl-C), these callers ignore
``.partial``: the interrupted paths are taken as failed ones, tracked again by the retry routes (the work goes
on: 4 -> 8-20 tracker calls) and the result comes back complete-looking (partial False).

The fix: each call's result goes through :func:`algnet.homotopy.tracker.whole`, which
raises the KeyboardInterrupt on (as degree_pilot / trace.py do), at rankdrop.py:225 (a partial
total-degree solve, total_degree.py:344, counted as one failed path: the voronoi case k=1) and 229,
nearest.py:184/228/249/271-272, paths.py:124/129-130/239/250-251/267, realfiber.py:307, special.py:53/75-76,
voronoi_cell.py:72, warm_paths.py:81-82; total_degree.py:355 (the retry's partial is dropped: or it into the
partial returned).
"""

import dataclasses
import traceback

import pytest

import algnet.homotopy.monodromy as monodromy
import algnet.homotopy.tracker as tracker


def _cut_call(monkeypatch, k, site=None):
    """The k-th call (1-based) of track / track_parameters (made from the module ``site`` when given) returns its
    result as a Ctrl-C leaves it: every path 'interrupted', partial. Returns where that call was made (file:line),
    filled in when it happens."""
    real_track, real_tp = tracker.track, monodromy.track_parameters
    state = {"n": 0, "where": None}

    def cut(res):
        frame = traceback.extract_stack()[-3]
        if site is not None and not frame.filename.endswith(site):
            return res
        state["n"] += 1
        if state["n"] != k:
            return res
        state["where"] = f"{frame.filename.rsplit('algnet/', 1)[-1]}:{frame.lineno}"
        return dataclasses.replace(res, status=("interrupted",) * len(res.status), partial=True)

    monkeypatch.setattr(tracker, "track", lambda *a, **kw: cut(real_track(*a, **kw)))
    monkeypatch.setattr(monodromy, "track_parameters", lambda *a, **kw: cut(real_tp(*a, **kw)))
    return state


def _stopped_or_partial(run):
    """True when ``run()`` raised KeyboardInterrupt or returned a partial result; the structure store is off (a
    stored structure would skip the tracking, and which call comes k-th would depend on the machine's store)."""
    from algnet.analyses.critical.structure_store import caching

    try:
        with caching(False):
            return run().partial
    except KeyboardInterrupt:
        return True


@pytest.mark.parametrize("k, site", [(1, "total_degree.py"), (1, "nearest.py")])
def test_voronoi_stops_or_is_partial(monkeypatch, k, site):
    """The first call from each site cut (the boundary search's repeated total-degree runs come before the
    per-target homotopies of nearest.py)."""
    from algnet.analyses.critical.voronoi import voronoi

    state = _cut_call(monkeypatch, k, site)
    # without the strata: with them a linear network needs no boundary search (its total-degree solve, k = 1)
    ok = _stopped_or_partial(lambda: voronoi("linear 2-1-2", samples=40, seed=0, strata=False))
    assert site in (state["where"] or ""), state      # the call cut is the one named
    assert ok, f"Ctrl-C at {state['where']} swallowed"


# seed 0: the second tracking call is a stalled path to the real target, re-charted (rechart.py, since 2026-12-05)
@pytest.mark.parametrize("k, site", [(1, "paths.py"), (2, "rechart.py"), (3, "rechart.py")])
def test_critical_points_stop_or_are_partial(monkeypatch, k, site):
    from algnet.analyses.critical import critical_points

    state = _cut_call(monkeypatch, k)
    ok = _stopped_or_partial(lambda: critical_points("linear 3-2-3", seed=0))
    assert site in (state["where"] or ""), state      # the call cut is the one named
    assert ok, f"Ctrl-C at {state['where']} swallowed"
