"""The monodromy solver against independent truth: Bezout's theorem, the degree theorems, two seeds, the trace test.

Every count asserted here comes from a theorem, never from an earlier run of the solver:

* G(x) = p for G with random dense coefficients of full total degrees d_1..d_n has exactly
  prod d_i solutions for generic p (Bezout; random top-degree forms leave no solution at infinity);
* the degrees of linear networks (determinantal varieties, Harris Ex. 19.10) and of stride-1
  convolutional networks (Shahverdi-Marchetti-Kohn, Thm. 2.8), through ``algnet.theorems.formulas``.
"""

from dataclasses import replace
from itertools import product

import numpy as np
import pytest

from algnet.errors import ParameterError
from algnet.homotopy.monodromy import (MonodromyGraph, MonodromyOptions, MonodromySolver, MonodromyStatistics,
                                       monodromy_solve)
from algnet.homotopy.systems import OffsetFamily, PolynomialSystem


def _dense_family(degrees, seed):
    """G(x) - p with G dense of the given total degrees, random complex coefficients."""
    rng = np.random.default_rng(seed)
    n = len(degrees)
    polys = []
    for d in degrees:
        terms = {e: complex(rng.normal(), rng.normal()) / np.sqrt(2)
                 for e in product(range(d + 1), repeat=n) if 0 < sum(e) <= d}
        polys.append(terms)
    return OffsetFamily(PolynomialSystem.from_terms(polys))


def _solve(fam, seed, **kw):
    rng = np.random.default_rng(1000 + seed)
    n = fam.n_vars
    x0 = (rng.normal(size=n) + 1j * rng.normal(size=n)) / np.sqrt(2)
    p0 = fam.start_parameters(x0)[0]
    w = rng.normal(size=n) + 1j * rng.normal(size=n)
    v = (rng.normal(size=n) + 1j * rng.normal(size=n)) * np.sqrt(np.mean(np.abs(p0) ** 2))
    res = monodromy_solve(fam, x0, p0, seed=seed, trace_direction=v, trace_functional=lambda X: X @ w, **kw)
    return res, p0


def _same_sets(A, B, tol=1e-7):
    if A.shape != B.shape:
        return False
    D = np.max(np.abs(A[:, None, :] - B[None, :, :]), axis=2)
    return bool(np.all(D.min(axis=1) < tol * (1 + np.abs(A).max())) and np.all(D.min(axis=0) < tol * (1 + np.abs(A).max())))


@pytest.mark.parametrize("degrees", [(3, 2), (2, 2, 2), (3, 3), (4, 2)])
def test_bezout_counts_two_seeds_and_the_trace_test(degrees):
    fam = _dense_family(degrees, seed=sum(degrees))
    bezout = int(np.prod(degrees))
    runs = []
    for seed in (0, 1):
        res, p0 = _solve(fam, seed)
        assert len(res.solutions) == bezout, res
        assert res.trace is not None and res.trace.passed and res.stop_reason == "trace test passed"
        F, _ = fam.evaluate(res.solutions, np.broadcast_to(p0, (bezout, fam.n_params)))
        assert np.max(np.abs(F)) < 1e-8 * (1 + np.max(np.abs(p0)))
        assert res.paths >= bezout - 1 and res.paths_per_solution == res.paths / bezout
        runs.append((res, p0))
    # the two seeds start from different points over different p0: compare after moving one set to the other's p0
    from algnet.homotopy.monodromy import track_parameters

    (a, pa), (b, pb) = runs
    moved = track_parameters(fam, b.solutions, pb, pa)
    assert all(s == "success" for s in moved.status)
    assert _same_sets(moved.x, a.solutions, tol=1e-6)


def test_expected_count_is_a_hint_the_trace_test_checks():
    fam = _dense_family((3, 2), seed=5)
    for expected in (6, 4, 9):          # right, too small, too large: the trace test decides, the count is found
        res, _ = _solve(fam, 0, options=MonodromyOptions(expected=expected))
        assert len(res.solutions) == 6 and res.trace.passed, (expected, res)
    right, _ = _solve(fam, 0, options=MonodromyOptions(expected=6))
    blind, _ = _solve(fam, 0, options=MonodromyOptions(expected=6, stop_at_expected=False))
    assert right.paths <= blind.paths
    with pytest.raises(ParameterError):
        MonodromySolver(fam, MonodromyOptions(expected=0))
    with pytest.raises(ParameterError):
        MonodromySolver(fam, MonodromyOptions(expected=2.5))


@pytest.mark.parametrize("nodes", ["line", "mixed"])
def test_nodes_on_a_line_through_p0(nodes):
    fam = _dense_family((3, 2), seed=5)
    res, _ = _solve(fam, 1, options=MonodromyOptions(nodes=nodes))
    assert len(res.solutions) == 6 and res.trace.passed
    with pytest.raises(ParameterError):
        MonodromySolver(fam, MonodromyOptions(nodes="plane"))


def test_progress_bar_shows_the_expected_total(capsys):
    fam = _dense_family((3, 2), seed=5)
    res, _ = _solve(fam, 0, options=MonodromyOptions(expected=6), show_progress=True)
    err = capsys.readouterr().err
    assert len(res.solutions) == 6 and "6/6" in err and "point" in err


def test_ctrl_c_keeps_the_solutions_found():
    fam = _dense_family((3, 3), seed=2)
    calls = {"n": 0}

    def key(X):                          # a Ctrl-C arriving during the search
        calls["n"] += 1
        if calls["n"] == 3:              # the first call keys x0, the next ones the paths that stopped
            raise KeyboardInterrupt
        return X

    res, p0 = _solve(fam, 0, key=key)
    assert res.partial and res.stop_reason == "interrupted"
    k = len(res.solutions)
    assert 1 <= k < 9
    F, _ = fam.evaluate(res.solutions, np.broadcast_to(p0, (k, fam.n_params)))
    assert np.max(np.abs(F)) < 1e-8 * (1 + np.max(np.abs(p0)))


def _theorem_degree(spec):
    from algnet import parse_spec

    return parse_spec(spec).expected_degree()[0]


@pytest.mark.parametrize("spec,truth", [("linear 3-1-3", 6), ("linear 4-2-4", 20),
                                        ("conv k=3,3 s=1,1 r=2", None), ("conv k=2,2,2 s=1,1,1 r=2", None)])
def test_network_degrees_equal_the_theorems(spec, truth):
    from algnet.analyses.degree import degree
    from algnet.theorems import formulas

    if truth is None:
        ks = [int(k) for k in spec.split()[1][2:].split(",")]
        truth = formulas.conv_degree(ks, 2)
    else:
        assert truth == formulas.determinantal_degree(*{6: (3, 3, 1), 20: (4, 4, 2)}[truth])
    runs = [degree(spec, method="monodromy", seed=s, certify=False, attempts=1) for s in (0, 1)]
    for r in runs:
        assert r.degree == truth and r.trace_test_passed and not r.partial, r
        assert r.paths / r.degree < 40          # paths per witness point (today about 5 to 20)
    # the theorem's count was only a stopping hint: without it the search finds the same count
    blind = degree(spec, method="monodromy", seed=2, certify=False, attempts=1,
                   options=MonodromyOptions(max_loops_no_progress=3, stop_at_expected=False))
    assert blind.degree == truth and blind.trace_test_passed


def test_graph_pieces():
    g = MonodromyGraph(1, 1e-8, np.ones(1, dtype=complex))
    a, b, c = (g.add_node(np.array([complex(i)])) for i in range(3))
    g.exclude(a, c)
    g.join_all()
    assert sorted(g.joined) == [(0, 1), (1, 2)] and g.generators() == 0
    g.join(a, b)                 # a second edge between a and b: one loop
    assert g.generators() == 1
    g.nodes[a].find_or_add(np.array([1.0 + 0j]), np.array([1.0 + 0j]))
    assert g.pending(edges=[1]) == []                                # edge 1 joins b and c: nothing known there
    jobs = g.pending()
    assert {j[0] for j in jobs} == {0, 2} and g.pending() == []      # sent once only
    g.nodes[b].find_or_add(np.array([2.0 + 0j]), np.array([2.0 + 0j]))
    g.edges[0].record(0, 0, 0, g.nodes)
    assert g.edges[0].bijective(g.nodes)


def test_an_edge_sends_one_way_at_a_time():
    # x at a and its partner y at b both unsent: tracking x matches y, so y must not be tracked too
    g = MonodromyGraph(1, 1e-8, np.ones(1, dtype=complex))
    a, b = g.add_node(np.array([1.0 + 0j])), g.add_node(np.array([2.0 + 0j]))
    g.join(a, b)
    g.nodes[a].find_or_add(np.array([1.0 + 0j]), np.array([1.0 + 0j]))
    g.nodes[b].find_or_add(np.array([2.0 + 0j]), np.array([2.0 + 0j]))
    g.nodes[b].find_or_add(np.array([3.0 + 0j]), np.array([3.0 + 0j]))
    jobs = g.pending()
    assert jobs == [(0, 1, 0, a), (0, 1, 1, a)]            # the side with more unsent points goes first
    g.nodes[a].find_or_add(np.array([4.0 + 0j]), np.array([4.0 + 0j]))
    assert g.pending() == []                                # a's new point waits: paths from b are under way
    g.edges[0].record(1, 0, 0, g.nodes)                     # b's point 0 arrived at a's point 0
    g.edges[0].lost(1)                                      # b's point 1 failed
    assert g.pending() == [(0, 0, 1, b)]                    # now a's unmatched point; a's point 0 is matched
    g.edges[0].record(0, 1, 1, g.nodes)
    assert g.edges[0].saturated(g.nodes) and g.edges[0].inflight.tolist() == [0, 0]


def test_statistics_and_solver_state():
    G = PolynomialSystem.from_terms([{(3, 0): 1, (0, 1): 1}, {(0, 2): 1, (1, 0): 1}])
    fam = OffsetFamily(G)        # x^3 + y = a, y^2 + x = b: eliminant x^6 + ... of degree 6
    x0 = np.array([0.3 + 0.1j, -0.7 + 0.2j])
    solver = MonodromySolver(fam, MonodromyOptions())
    res = solver.solve(x0, fam.start_parameters(x0)[0], seed=1, target_count=6)
    assert isinstance(solver.stats, MonodromyStatistics)
    assert solver.stats.paths == res.paths and res.paths_per_solution == res.paths / 6
    assert res.nodes == len(solver.graph.nodes) and res.edges == len(solver.graph.edges)
    # history rows: solutions known at p0 increase, paths are cumulative
    known = [h[1] for h in res.history]
    assert known == sorted(known) and known[-1] == 6
    assert [h[3] for h in res.history] == sorted(h[3] for h in res.history)


def test_numpy_and_compiled_trackers_find_the_same_solutions():
    from algnet.homotopy.tracker import TrackerOptions

    fam = _dense_family((2, 2, 2), seed=3)
    out = []
    for engine in ("numpy", "compiled"):
        opt = MonodromyOptions(tracker=TrackerOptions(engine=engine))
        res, p0 = _solve(fam, 4, options=replace(opt, expected=8))
        assert len(res.solutions) == 8 and res.trace.passed
        out.append(res.solutions)
    assert _same_sets(*out)


def test_adaptive_random_starts_keep_the_bezout_count():
    fam = _dense_family((3, 3), seed=6)          # 9 solutions (Bezout)

    def sampler(rng, k):
        return (rng.normal(size=(k, 2)) + 1j * rng.normal(size=(k, 2))) / np.sqrt(2)

    for seed in (0, 1):
        opt = MonodromyOptions(adaptive_starts=True, random_starts=2, start_batch=0.5)
        res, _ = _solve(fam, seed, options=opt, sampler=sampler)
        assert len(res.solutions) == 9 and res.trace.passed, res


@pytest.mark.parametrize("starts", [64, 2])
def test_trace_first_keeps_the_bezout_count(starts):
    """trace_first: the starting graph's random node joins only when p0 and the trace points are saturated
    without a passing test. Many starts find every point first (the graph stays p0 and the two trace
    points: no loop); two starts cannot, and the random node, then loops, complete the count (Bezout: 6)."""
    fam = _dense_family((3, 2), seed=5)

    def sampler(rng, k):
        return (rng.normal(size=(k, 2)) + 1j * rng.normal(size=(k, 2))) / np.sqrt(2)

    for seed in (0, 1):
        opt = MonodromyOptions(trace_first=True, random_starts=starts)
        res, _ = _solve(fam, seed, options=opt, sampler=sampler)
        assert len(res.solutions) == 6 and res.trace.passed, res
        if starts == 2:
            assert res.nodes >= 4 and res.loops >= 2, res       # the random node joined: the starts missed points


def test_trace_weights_sum_the_keys():
    """A trace functional given as weights on the keys (key = the point itself here) is the functional X @ w:
    the same test, passing on the complete set (Bezout: 4), with the same residual up to rounding."""
    fam = _dense_family((2, 2), seed=3)
    rng = np.random.default_rng(1000)
    x0 = (rng.normal(size=2) + 1j * rng.normal(size=2)) / np.sqrt(2)
    p0 = fam.start_parameters(x0)[0]
    w = rng.normal(size=2) + 1j * rng.normal(size=2)
    v = (rng.normal(size=2) + 1j * rng.normal(size=2)) * np.sqrt(np.mean(np.abs(p0) ** 2))
    a = monodromy_solve(fam, x0, p0, seed=0, trace_direction=v, trace_functional=lambda X: X @ w)
    b = monodromy_solve(fam, x0, p0, seed=0, trace_direction=v, trace_weights=w)
    assert len(a.solutions) == len(b.solutions) == 4 and a.trace.passed and b.trace.passed
    assert a.paths == b.paths and abs(a.trace.residual - b.trace.residual) < 1e-12


def _track_one_edge(s, sols, p0, p1):
    """Start solver ``s`` at (sols, p0), join a node at p1 and run the tracker until every path has ended:
    (graph, the new node)."""
    s._start(sols, p0, 0, None, None)
    g = s.graph
    b = g.add_node(p1)
    g.join(0, b)
    s.scheduler.send_graph(g)
    tracker = s.scheduler.tracker
    while tracker.active:
        stopped = tracker.step()
        if stopped.size:
            s.process(stopped)
    return g, b


@pytest.mark.parametrize("detours", [0, 2])
def test_a_transport_through_a_branch_point_is_tracked_around_it(detours):
    """x^2 = p from p = 1 to p = -1 along the real segment passes through the double root at p = 0: both
    paths fail. With detours they go around it and reach the two square roots of -1, +-i (by hand)."""
    fam = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}]))
    s = MonodromySolver(fam, MonodromyOptions(detours=detours))
    g, b = _track_one_edge(s, np.array([[1.0], [-1.0]]), np.array([1.0]), np.array([-1.0 + 0j]))
    assert s.stats.failures.get("failed", 0) + s.stats.failures.get("singular", 0) >= 2   # the straight paths
    found = sorted(np.round(g.nodes[b].sols[:, 0], 8).tolist(), key=lambda z: z.imag)
    if detours:
        assert found == [-1j, 1j] and s.stats.detours_found == 2
        assert s.stats.paths == 2 + 2 * s.stats.detours                     # two legs per detour
    else:
        assert found == [] and s.stats.detours == 0
    assert g.edges[0].inflight.tolist() == [0, 0]                                    # nothing left under way


def test_a_badly_scaled_endpoint_is_kept():
    """x y = a, x = b from (a, b) = (1, 1) to (1e-11, 1e-11): the endpoint (1e-11, 1) (by hand) has the
    Jacobian [[1, 1e-11], [1, 0]], condition 1e11 with its rows equilibrated (the tracker calls it singular)
    and about 2.6 with its columns equilibrated too: the solver keeps it."""
    fam = OffsetFamily(PolynomialSystem.from_terms([{(1, 1): 1}, {(1, 0): 1}]))
    s = MonodromySolver(fam)
    g, b = _track_one_edge(s, np.array([[1.0, 1.0]]), np.array([1.0, 1.0]),
                           np.array([1e-11, 1e-11], dtype=complex))
    assert s.stats.rescued == 1 and not s.stats.failures
    assert np.allclose(g.nodes[b].sols, [[1e-11, 1.0]], rtol=1e-9, atol=1e-20)


def _uniform_sampler(n):
    def sampler(rng, k):
        return (rng.normal(size=(k, n)) + 1j * rng.normal(size=(k, n))) / np.sqrt(2)
    return sampler


@pytest.mark.parametrize("unseen", [0.0, 2.0])
def test_restarts_go_in_chunks_and_stop_by_the_unseen_share(unseen):
    """start_chunk: the first batch of random starts goes whole; a restart batch goes whole while the Good-Turing
    share is at least START_WHOLE_SHARE, else a chunk at a time, the next chunk only while the share is at least
    start_unseen. With 0 every drawn start is sent; above 1 (a share never reached) a restart that begins below
    START_WHOLE_SHARE sends one chunk. The count stays Bezout's (9)."""
    from algnet.homotopy.monodromy.solver import START_WHOLE_SHARE

    fam = _dense_family((3, 3), seed=6)
    for seed in (0, 1):
        opt = MonodromyOptions(random_starts=6, start_chunk=2, start_unseen=unseen, trace_first=True)
        res, _ = _solve(fam, seed, options=opt, sampler=_uniform_sampler(2))
        assert len(res.solutions) == 9 and res.trace.passed, res
    rng = np.random.default_rng(1000)
    x0 = (rng.normal(size=2) + 1j * rng.normal(size=2)) / np.sqrt(2)
    p0 = fam.start_parameters(x0)[0]
    s = MonodromySolver(fam, MonodromyOptions(random_starts=6, start_chunk=2, start_unseen=unseen, max_loops=6),
                        sampler=_uniform_sampler(2))
    calls = []          # (share, starts sent so far) when each batch begins
    draw = s.random_starts

    def counted(k, whole=False):
        assert k == 6
        calls.append((s.unseen_share() if s.stats is not None else 1.0, s.stats.start_paths if s.stats else 0))
        draw(k, whole)
    s.random_starts = counted
    s.solve(x0, p0, seed=0)
    sent = [b[1] for b in calls[1:]] + [s.stats.start_paths]
    sizes = [after - before for (_, before), after in zip(calls, sent)]
    assert len(sizes) >= 2 and sizes[0] == 6, sizes
    for (share, _), size in zip(calls[1:], sizes[1:]):
        assert size == (6 if unseen == 0.0 or share >= START_WHOLE_SHARE else 2), (calls, sizes)
    if unseen > 0:
        assert any(share < START_WHOLE_SHARE for share, _ in calls[1:]), calls     # a cut batch was seen


def test_unseen_share_by_hand():
    """Good-Turing: points hit once (2) over all hits (1 + 3 + 1 = 5); 1.0 before any start has ended."""
    s = MonodromySolver(_dense_family((2, 2), seed=1))
    s._hits = {}
    assert s.unseen_share() == 1.0
    s._hits = {0: 1, 1: 3, 2: 1}
    assert s.unseen_share() == pytest.approx(0.4)
