"""The monodromy solver's scheduling: when an early return of the tracker could send nothing, the tracker runs on
and the endpoints of its calls come back together (``MonodromyOptions.run_out``, ``MonodromyGraph.returns_idle``),
and the edges of a generator added at a saturation join the random restarts sent there in one call. The same
solutions and paths, fewer returns to the solver."""

import numpy as np
import pytest

from algnet.homotopy.monodromy import MonodromyOptions, MonodromySolver, MonodromyStatistics, example_family
from algnet.homotopy.monodromy.graph import MonodromyGraph
from algnet.homotopy.monodromy.scheduler import Scheduler
from algnet.homotopy.systems import OffsetFamily, katsura
from algnet.homotopy.tracker import TrackerOptions


def _graph(nodes):
    g = MonodromyGraph(1, 1e-8, np.ones(1, dtype=complex))
    for p, k in enumerate(nodes):
        i = g.add_node(np.array([p + 1], dtype=complex))
        for j in range(k):
            g.nodes[i].find_or_add(np.array([j + 1j]), np.array([j + 1j]))
    return g


def test_returns_idle_hand_counts():
    """By hand: a new node 2 joined to nodes 0 and 1 (three points each) gets 6 transports, every edge of node 2
    carries paths toward it: idle. One more path under way (a start) or one edge done: not idle."""
    g = _graph([3, 3, 0])
    e02, e12 = g.join(0, 2), g.join(1, 2)
    jobs = g.pending()
    assert len(jobs) == 6 and {j[3] for j in jobs} == {2}
    assert g.returns_idle(6)
    assert not g.returns_idle(7)                 # a path that is no transport of the graph (a random start)
    for i in range(3):                           # edge 0-2 done: node 2's points could go back along it
        g.nodes[2].find_or_add(np.array([i + 5j]), np.array([i + 5j]))
        g.edges[e02].record(0, i, i, g.nodes)
    assert g.edges[e12].inflight.tolist() == [3, 0] and not g.returns_idle(3)
    assert not _graph([1, 1]).returns_idle(0)     # nothing under way


def test_returns_idle_trace_pair_and_base():
    """The trace pair at the start (p0 -> p0 + v, p0 -> p0 - v): idle. Paths toward p0 on one edge while p0 sends
    on another: p0 could send a new point along the second edge's other way only after it, but the first edge's
    destination p0 has an edge (0-2) without paths toward p0: not idle."""
    g = _graph([4, 0, 0])
    g.exclude(1, 2)
    g.join(0, 1), g.join(0, 2)
    assert len(g.pending()) == 8 and g.returns_idle(8)
    h = _graph([2, 3, 0])
    h.join(0, 1), h.join(0, 2)
    jobs = h.pending()
    assert sorted((j[0], j[1]) for j in jobs) == [(0, 1)] * 3 + [(1, 0)] * 2   # 1 -> 0 (more points) and 0 -> 2
    assert not h.returns_idle(5)


def _scheduler(run_k=40, seed=3):
    fam = OffsetFamily(katsura(4))
    rng = np.random.default_rng(seed)
    n, m = fam.n_vars, fam.n_params
    X = (rng.normal(size=(run_k, n)) + 1j * rng.normal(size=(run_k, n))) / np.sqrt(2)
    P0 = fam.start_parameters(X)
    P1 = np.broadcast_to(P0[0] + rng.normal(size=m) + 1j * rng.normal(size=m), P0.shape).copy()
    sc = Scheduler(fam, TrackerOptions(engine="compiled", threads=1, stop_batch=0.5), MonodromyStatistics())
    sc.submit(X, P0, P1, [(-1, 0, -1, 0)] * run_k)
    return sc


def test_step_run_out_returns_every_path_from_the_same_calls():
    """40 paths, ``stop_batch`` 0.5: a plain call returns after 20 to 39 stops; a run-out step returns all 40,
    from the same kernel calls (the same stops, endpoints bit for bit) as plain steps repeated."""
    a, b = _scheduler(), _scheduler()
    if type(a.tracker).__name__ != "CompiledPathTracker":
        pytest.skip("the compiled tracker is not available")
    parts = [a.step()]
    assert 20 <= parts[0].size < 40 and a.tracker.active == 40 - parts[0].size
    while a.tracker.active:
        parts.append(a.step())
    every = b.step(run_out=True)
    assert every.size == 40 and b.tracker.active == 0
    assert np.array_equal(np.concatenate(parts), every)
    a.tracker.finish(every)
    b.tracker.finish(every)
    assert np.array_equal(a.tracker.X, b.tracker.X) and list(a.tracker.status) == list(b.tracker.status)
    assert sum(s == "success" for s in b.tracker.status) >= 30


def _count_calls(monkeypatch):
    calls = []
    init = Scheduler.__init__

    def counting_init(self, *args, **kw):
        init(self, *args, **kw)
        step = self.step

        def counted(run_out=False):
            calls.append((self.tracker.active, run_out))
            return step(run_out)
        self.step = counted
    monkeypatch.setattr(Scheduler, "__init__", counting_init)
    return calls


@pytest.mark.parametrize("name", ["bezout 2,2", "bezout 3,2"])
def test_run_out_same_solutions_and_paths_fewer_calls(monkeypatch, name):
    """The named systems' Bezout counts (4, 6), found with and without ``run_out``: the same paths (an early
    return that could send nothing changes no decision), no more returns to the solver with it."""
    fam, x0, p0, count = example_family(name)
    runs = {}
    for run_out in (False, True):
        calls = _count_calls(monkeypatch)
        opt = MonodromyOptions(run_out=run_out, tracker=TrackerOptions(stop_batch=0.5))
        res = MonodromySolver(fam, opt).solve(x0, p0, seed=2, target_count=count)
        runs[run_out] = (len(res.solutions), res.paths, len(calls))
        monkeypatch.undo()
    assert runs[True][0] == runs[False][0] == count
    assert runs[True][1] == runs[False][1]
    assert runs[True][2] <= runs[False][2]


def test_degree_linear_4_2_4_fewer_returns_same_count(monkeypatch):
    """linear 4-2-4: the 4 x 4 matrices of rank <= 2, degree C(4,2) C(5,2) / (C(2,2) C(3,2)) = 20 (determinantal
    formula, by hand). The degree route with and without ``run_out``, seeds 0-2: 20 with a passing trace test,
    the same paths, fewer returns to the solver with it (some of them run out)."""
    from algnet.analyses.degree import degree
    from algnet.analyses.degree_monodromy import degree_options
    from algnet import parse_spec

    spec = "linear 4-2-4"
    total = {}
    for run_out in (False, True):
        calls = _count_calls(monkeypatch)
        opt = degree_options(parse_spec(spec), stop_at_expected=False, run_out=run_out)
        paths = []
        for seed in (0, 1, 2):
            r = degree(spec, seed=seed, options=opt, method="monodromy", fiber=False, certify=False,
                       confirm=False, force=True)
            assert r.degree == 20 and r.trace_test_passed
            paths.append(r.paths)
        total[run_out] = (paths, len(calls), sum(ro for _, ro in calls))
        monkeypatch.undo()
    assert total[True][0] == total[False][0]
    assert total[True][1] < total[False][1] and total[True][2] > 0 and total[False][2] == 0


def test_growth_edges_join_the_restarts(monkeypatch):
    """A saturation that adds a generator and sends random restarts: the generator's transports are submitted
    before the next tracker call (one call for both), never a call of the restarts alone."""
    from algnet.analyses.degree import degree
    from algnet.analyses.degree_monodromy import degree_options
    from algnet import parse_spec
    from algnet.homotopy.monodromy import solver as solver_module

    events = []
    submit, saturated = Scheduler.submit, solver_module.MonodromySolver._saturated
    init = Scheduler.__init__

    def spy_init(self, *args, **kw):
        init(self, *args, **kw)
        step = self.step

        def spy_step(run_out=False):
            events.append("call")
            return step(run_out)
        self.step = spy_step
    monkeypatch.setattr(Scheduler, "__init__", spy_init)
    monkeypatch.setattr(Scheduler, "submit", lambda self, X, P0, P1, jobs: (
        events.append("start" if jobs[0][0] < 0 else "edge"), submit(self, X, P0, P1, jobs))[1])
    monkeypatch.setattr(solver_module.MonodromySolver, "_saturated",
                        lambda self, state: (events.append("saturated"), saturated(self, state))[1])
    spec = "linear 4-2-4"
    r = degree(spec, seed=0, options=degree_options(parse_spec(spec), stop_at_expected=False), method="monodromy",
               fiber=False, certify=False, confirm=False, force=True)
    assert r.degree == 20
    s = " ".join(events)
    assert "saturated start edge call" in s               # seed 0 restarts at its second saturation
    assert "saturated start call" not in s


def test_ctrl_c_inside_run_out_keeps_the_calls_that_ended(monkeypatch):
    """A Ctrl-C in the second kernel call of a ``run_out`` step: the paths that stopped in the first call are
    processed (handed to the solver's endpoint processing) and the result is partial, as without ``run_out``
    (where only the interrupted call's paths are lost)."""
    fam, x0, p0, count = example_family("bezout 3,2")
    seen, first = [], {}
    process = MonodromySolver.process

    def spy(self, stopped):
        seen.append(np.asarray(stopped).copy())
        return process(self, stopped)

    step = Scheduler.step

    def interrupted(self, run_out=False):
        PT = self.tracker
        if first or PT.active < 2:
            return step(self, run_out)
        real = PT.step

        def once():
            if "stopped" in first:
                raise KeyboardInterrupt
            first["stopped"] = real()
            assert PT.active > 0          # the first call leaves paths under way (stop_batch)
            return first["stopped"]
        PT.step = once
        return step(self, run_out=True)

    monkeypatch.setattr(MonodromySolver, "process", spy)
    monkeypatch.setattr(Scheduler, "step", interrupted)
    opt = MonodromyOptions(tracker=TrackerOptions(stop_batch=0.5))
    res = MonodromySolver(fam, opt).solve(x0, p0, seed=2, target_count=count)
    assert res.partial and res.stop_reason == "interrupted"
    assert first["stopped"].size > 0
    assert any(np.array_equal(s, first["stopped"]) for s in seen)
