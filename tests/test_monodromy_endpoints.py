"""The monodromy solver's endpoint bookkeeping on plain Python values: the same numbers and decisions as numpy's.

The endpoint loop reads each key's slack from :func:`key_slacks` (a list) instead of :func:`key_slack` (an array),
a solution set keeps its points' own tolerances as a list, and ``send_graph`` copies a side's consecutive start
points as one slice. Checked against numpy's values, hand-made sets and a second way of forming the transports.
"""

import numpy as np
import pytest

from algnet.homotopy.monodromy import MonodromyStatistics
from algnet.homotopy.monodromy.examples import example_family
from algnet.homotopy.monodromy.graph import MonodromyGraph, SolutionSet, key_slack, key_slacks
from algnet.homotopy.monodromy.scheduler import Scheduler
from algnet.homotopy.tracker import TrackerOptions


def test_key_slacks_bit_for_bit_with_key_slack():
    cond = [0.0, 1.0, -3.0, 1e6, 2.8e6, 3e6, 1e10, 1e300, 1e308, np.inf, -np.inf, np.nan, 5e-324, 7.25e13]
    got = key_slacks(cond)
    with np.errstate(over="ignore"):        # 32 x 1e308 is inf in both
        want = key_slack(np.array(cond)).tolist()
    assert [g.hex() for g in got] == [w.hex() for w in want]
    assert all(type(g) is float for g in got)


def test_solution_set_two_candidates_and_sorted_projections():
    # u = (1, 0): keys (1, 0) and (1, 5) have the same projection, so they are each other's only candidate
    S = SolutionSet(np.zeros(1), 2, 1e-8, np.array([1.0, 0.0], dtype=complex))
    x = np.zeros(2, dtype=complex)
    assert S.find_or_add(x, np.array([1.0, 0.0], dtype=complex)) == (0, True)
    assert S.find_or_add(x, np.array([1.0, 5.0], dtype=complex)) == (1, True)        # one candidate, too far
    # two candidates now: the nearer one within the tolerance is the point
    assert S.find_or_add(x, np.array([1.0, 5.0 + 1e-12], dtype=complex)) == (1, False)
    assert S.find_or_add(x, np.array([1.0 + 1e-12, 0.0], dtype=complex)) == (0, False)
    # a point whose projection is below, between and above the others keeps the projections sorted
    for re in (0.5, 1.5, 1.0 + 1e-3):
        S.find_or_add(x, np.array([re, 0.0], dtype=complex))
    assert S.count == 5 and S.proj == sorted(S.proj)
    assert sorted(S.order) == list(range(5))
    assert [S.keys[i][0].real for i in S.order] == sorted(S.keys[:, 0].real)


def test_solution_set_slack_and_growth():
    S = SolutionSet(np.zeros(1), 1, 1e-8, np.ones(1, dtype=complex))
    for i in range(70):                    # past two doublings of the arrays
        k = np.array([i + 0.5j])
        assert S.find_or_add(k, k, slack=1e-5 if i % 7 == 0 else 0.0) == (i, True)
    assert S.X.shape[0] >= 70 and np.array_equal(S.sols[:, 0], np.arange(70) + 0.5j)
    assert S.slack.tolist() == [1e-5 if i % 7 == 0 else 1e-8 for i in range(70)]
    assert S.max_slack == 1e-5
    # within 1e-5 * (1 + |key|) of point 14, whose own tolerance is 1e-5; 1e-4 away from point 15 (tolerance 1e-8)
    assert S.find_or_add(np.array([0j]), np.array([14 + 0.5j + 1e-4])) == (14, False)
    assert S.find_or_add(np.array([0j]), np.array([15 + 0.5j + 1e-4]))[1]


@pytest.mark.parametrize("unsent", [[0, 1, 2, 3], [0, 2, 3], [1, 3]])
def test_send_graph_rows_and_parameters(unsent):
    # node 0 with four points, node 1 with two, node 2 with none; edges 0-2 and 1-2: points of both nodes go to 2
    fam = example_family("square").family
    g = MonodromyGraph(1, 1e-8, np.ones(1, dtype=complex))
    for p in (1.0, 2.0, 3.0):
        g.add_node(np.array([p], dtype=complex))
    for i in range(4):
        g.nodes[0].find_or_add(np.array([10.0 + i + 0j]), np.array([10.0 + i + 0j]))
    for i in range(2):
        g.nodes[1].find_or_add(np.array([20.0 + i + 0j]), np.array([20.0 + i + 0j]))
    e0, _ = g.join(0, 2), g.join(1, 2)
    g.edges[e0].sync(g.nodes)
    for i in set(range(4)) - set(unsent):  # matched already: not sent
        g.edges[e0].done[0][i] = True
    sc = Scheduler(fam, TrackerOptions(), MonodromyStatistics())
    assert sc.send_graph(g) == len(unsent) + 2
    # the transports formed one by one from the jobs
    want_x = [g.nodes[g.edges[ei].ends[s]].X[i, 0] for ei, s, i, b in sc.meta]
    want_p0 = [g.nodes[g.edges[ei].ends[s]].p[0] for ei, s, i, b in sc.meta]
    want_p1 = [g.nodes[b].p[0] for ei, s, i, b in sc.meta]
    assert [j[2] for j in sc.meta] == unsent + [0, 1]
    assert sc.tracker.X[:, 0].tolist() == want_x == [10.0 + i for i in unsent] + [20.0, 21.0]
    assert sc.H.p0[:, 0].tolist() == want_p0 and sc.H.p1[:, 0].tolist() == want_p1 == [3.0] * (len(unsent) + 2)
