"""A degree run takes the search of a monodromy pilot that finished it, and only when it is provably the same
computation (before, `algnet degree "dense 3-2-3 r=2" --method monodromy` tracked the pilot's 2,089 paths twice,
and with --time-limit it could refuse after the pilot already had the answer)."""

from dataclasses import replace

import numpy as np
import pytest

from algnet import degree, dimension, parse_spec
from algnet.analyses import degree_estimate as E
from algnet.analyses.degree_monodromy import degree_options, monodromy_attempt
from algnet.analyses.degree_pilot import monodromy_pilot
from algnet.homotopy.monodromy import MonodromySolver

FIELDS = ("degree", "paths", "loops", "trace_test_residual", "trace_test_passed", "certified", "certified_distinct",
          "real", "stop_reason", "partial", "path_failures")


@pytest.fixture
def searches(monkeypatch):
    """The paths of every monodromy search (warm-ups, ``max_loops=0``, left out)."""
    out = []
    real = MonodromySolver.solve

    def solve(self, *a, **k):
        r = real(self, *a, **k)
        if self.opt.max_loops:
            out.append(r.paths)
        return r

    monkeypatch.setattr(MonodromySolver, "solve", solve)
    return out


def _same(a, b):
    for f in FIELDS:
        assert getattr(a, f) == getattr(b, f), f
    assert np.array_equal(a.witness_parameters, b.witness_parameters)
    assert np.array_equal(a.witness_function, b.witness_function)


def test_a_finished_pilot_search_is_taken_not_run_again(monkeypatch, searches):
    """dense 3-2-2 r=2 (degree 15, issue 16's table by NumericalImplicitization): the guard's search pilot
    (forced by a slow per-path timing) finishes; the run then tracks no second search, and its result is the
    one of a run without a pilot (force=True: no guard), field by field."""
    net = parse_spec("dense 3-2-2 r=2")
    fresh = degree(net, method="monodromy", seed=0, force=True, confirm=False)
    assert len(searches) == 1 and fresh.degree == 15 and "pilot" not in fresh.reason
    searches.clear()
    monkeypatch.setattr(E, "_pilot", lambda *a, **k: 1.0)     # the Bezout worst case: hours, so the pilot runs
    piloted = degree(net, method="monodromy", seed=0, confirm=False)
    assert searches == [fresh.paths]                # the pilot's search only (before: [paths, paths])
    _same(piloted, fresh)
    # the result's text does not say whether the guard's pilot finished (that depends on the machine's speed):
    # a run whose guard ran no search pilot (a quick worst case) has the same reason, word for word
    assert "pilot" not in piloted.reason
    monkeypatch.setattr(E, "_pilot", lambda *a, **k: 1e-9)
    searches.clear()
    quick = degree(net, method="monodromy", seed=0, confirm=False)
    assert searches == [fresh.paths] and quick.reason == piloted.reason
    _same(quick, piloted)
    monkeypatch.setattr(E, "_pilot", lambda *a, **k: 1.0)
    # the steps after the search draw from the same generator: the fiber count too is the run's own
    searches.clear()
    fibered = degree(net, method="monodromy", seed=0, confirm=False, fiber=True)
    monkeypatch.undo()
    unpiloted = degree(net, method="monodromy", seed=0, force=True, confirm=False, fiber=True)
    assert fibered.fiber_points == unpiloted.fiber_points and fibered.fiber_note == unpiloted.fiber_note
    _same(fibered, unpiloted)


def test_a_finished_pilot_is_not_refused_by_the_time_limit(monkeypatch, searches, caplog):
    """Its search is done: a time limit the estimate (here inflated by the load factor) exceeds does not refuse
    the run that takes it (dense 3-2-1 r=2, degree 3)."""
    import algnet.guards as G

    monkeypatch.setattr(E, "_pilot", lambda *a, **k: 1.0)
    monkeypatch.setattr(G, "load_factor", lambda *a, **k: 1e6)
    with caplog.at_level("INFO", logger="algnet"):
        r = degree(parse_spec("dense 3-2-1 r=2"), method="monodromy", seed=0, time_limit=2.0, confirm=False)
    assert r.degree == 3 and r.trace_test_passed and len(searches) == 1
    assert "pilot" not in r.reason and "the guard's pilot's" in caplog.text     # said in the log, not the result


def test_only_the_same_finished_search_is_taken(searches):
    """An unfinished pilot, another seed, other options or another scale search again."""
    net = parse_spec("dense 3-2-1 r=2")
    dim = dimension(net, seed=0).dimension
    opt = degree_options(net)
    p = monodromy_pilot(net, dim, seed=0, seconds=60)
    assert p.finished and p.search is not None and p.fingerprint
    searches.clear()
    own = monodromy_attempt(net, dim, 0, opt, certify=False, pilot=p)
    assert own["search_from_pilot"] and searches == []
    fresh = monodromy_attempt(net, dim, 0, opt, certify=False)
    assert not fresh["search_from_pilot"] and len(searches) == 1
    for f in ("degree", "paths", "loops", "trace_test_residual"):
        assert own[f] == fresh[f], f
    assert np.array_equal(own["witness_parameters"], fresh["witness_parameters"])
    others = [((1, opt), {}), ((0, degree_options(net, max_loops_no_progress=4)), {}), ((0, opt), {"scale": 1e3}),
              ((0, opt), {"fiber_slice": "random"})]
    for (seed, o), kw in others:
        assert not monodromy_attempt(net, dim, seed, o, certify=False, pilot=p, **kw)["search_from_pilot"]
    unfinished = replace(p, finished=False)
    assert not monodromy_attempt(net, dim, 0, opt, certify=False, pilot=unfinished)["search_from_pilot"]


def test_an_unfinished_pilot_keeps_no_search():
    """A pilot stopped by its cap (dense 3-2-3 r=2, degree 81, 0.05 CPU s) keeps nothing to be taken."""
    net = parse_spec("dense 3-2-3 r=2")
    p = monodromy_pilot(net, dimension(net, seed=0).dimension, seed=0, seconds=0.05)
    assert not p.finished and p.search is None and not p.fingerprint


def test_a_taken_pilot_search_shows_its_progress_bar(monkeypatch, searches, capsys):
    """show_progress: the search runs inside the guard's pilot (then taken), so its bar is shown there: one
    search, one "monodromy" bar counting the 15 witness points of dense 3-2-2 r=2 (before: none)."""
    monkeypatch.setattr(E, "_pilot", lambda *a, **k: 1.0)     # the Bezout worst case: hours, so the pilot runs
    r = degree(parse_spec("dense 3-2-2 r=2"), method="monodromy", seed=0, confirm=False, certify=False,
               show_progress=True)
    err = capsys.readouterr().err
    assert r.degree == 15 and len(searches) == 1
    assert "monodromy:" in err and "15point" in err.replace(" ", "")          # the bar's last count: 15 points
