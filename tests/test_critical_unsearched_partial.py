"""A count of critical points is complete only when every part of the search ran. The zero-pattern search of
:mod:`algnet.analyses.critical.zero_patterns` leaves out slices above its path limit, networks of many blocks and, on
networks with two GL hidden layers or more, the weight matrices of lower rank that are not zero; each makes the result
partial (counts as lower bounds), with the reason said.

linear 2-2-2-2, Frobenius, U = [[3, -2], [1, 5]] (by hand): grad L = ((W3 W2)^T R, W3^T R W1^T, R (W2 W1)^T) with
R = W3 W2 W1 - U (times 2). On W2 = 0, W1 = x p^T, W3 = q y^T: R = -U, the first and last terms vanish and the middle
one is -y (q^T U p) x^T: zero when q^T U p = 0. The set has dimension 3 + 3 - 1 = 5; GL(2) x GL(2) moves x and y only
(W2 = 0): orbits of dimension 4, so a critical set of dimension 1 modulo the symmetries, with rank pattern (1, 0, 1) --
no zero pattern of the three matrices. Before, the result said complete with positive_dimensional () (critical_points, seed 0).
It lies on the closure of the set of ranks (1, 1, 1), which the rank-pattern search looks for.
"""

import numpy as np

from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.system import GradientFamily
from algnet.analyses.critical.zero_patterns import zero_pattern_points

U = np.array([[3.0, -2.0], [1.0, 5.0]])


def _hand_gradient(W1, W2, W3):
    R = W3 @ W2 @ W1 - U
    return 2 * (W3 @ W2).T @ R, 2 * W3.T @ R @ W1.T, 2 * R @ (W2 @ W1).T


def test_linear_2222_rank_pattern_set_is_critical_and_search_not_complete(monkeypatch):
    rng = np.random.default_rng(5)
    x, p, y = rng.normal(size=(3, 2))
    q = np.array([-(U @ p)[1], (U @ p)[0]])                 # q^T U p = 0
    W1, W2, W3 = np.outer(x, p), np.zeros((2, 2)), np.outer(q, y)
    assert max(np.abs(g).max() for g in _hand_gradient(W1, W2, W3)) < 1e-12       # critical, by hand
    # the library's gradient agrees at that point (parameters: W1, W2, W3 row by row, as linear_chain reads them)
    from algnet.analyses.critical.symmetry_class import linear_chain

    net, L, rng2 = network_and_loss("linear 2-2-2-2", target=U.ravel().tolist(), loss="frobenius", seed=0)
    theta = np.concatenate([W1.ravel(), W2.ravel(), W3.ravel()]).astype(complex)
    assert all(np.allclose(A, B) for A, B in zip(linear_chain(net, theta), (W1, W2, W3)))
    G = GradientFamily(net, L, (), [], rng2).evaluate(theta[None, :], L.u)[0]
    assert np.abs(G).max() < 1e-9
    # the point lies on the closure of the set of weight ranks (1, 1, 1) (W3 W2 = W2 W1 = 0, Macaulay2's component in
    # tests/test_critical_rank_patterns.py): the zero-pattern search leaves those ranks to the rank-pattern search,
    # a local search whose report entry keeps the counts lower bounds (its solves left out here: only what the
    # searches report is checked)
    import algnet.analyses.critical.rank_patterns as R
    import algnet.analyses.critical.zero_patterns as Z
    from algnet.analyses.critical.solve_notes import _strata_completeness

    monkeypatch.setattr(Z, "_solve_slice", lambda *a, **k: ([], 0))
    monkeypatch.setattr(R, "_search", lambda *a, **k: [])
    report = {}
    full = GradientFamily(net, L, (), [], rng2)
    Z.zero_pattern_points(full, L.u, rng2, report)
    assert "rank patterns" not in str(report.get("zero patterns", {}))
    assert R.searches(net) and R.spurious_hook(full, L.u, rng2, [], report) == []
    assert "local search" in report["rank patterns"]["uncovered"]
    assert "lower bounds" in _strata_completeness(report)


def test_skipped_slices_make_the_search_uncovered():
    """linear 2-1-1-2 (Y = b c a^T, slices' degree 5): on b = 0 the critical set {c^T U a = 0} has dimension 1 modulo
    the rescalings and is found on slices of dimension 1 (5 paths). With a path limit of 4 those slices are not
    searched; the report's entry makes the counts lower bounds (before: only a "skipped" note, counts complete)."""
    from algnet.analyses.critical.solve_notes import _strata_completeness

    net, L, rng = network_and_loss("linear 2-1-1-2", target=U.ravel(order="F").tolist(), loss="frobenius", seed=0)
    report = {}
    zero_pattern_points(GradientFamily(net, L, (), [], rng), L.u, rng, report, max_paths=4)
    assert "not searched" in report["zero patterns"]["uncovered"]
    assert "lower bounds" in _strata_completeness(report)


def test_too_many_blocks_make_the_search_uncovered(monkeypatch):
    """More blocks than the search takes: nothing searched there, and said as uncovered (before: "skipped" only)."""
    import algnet.analyses.critical.zero_patterns as Z

    monkeypatch.setattr(Z, "MAX_BLOCKS", 2)
    net, L, rng = network_and_loss("linear 1-1-1-1", target=[2.0], loss="frobenius", seed=0)
    report = {}
    assert Z.zero_pattern_points(GradientFamily(net, L, (), [], rng), L.u, rng, report) == []
    assert "3 parameter blocks" in report["zero patterns"]["uncovered"]


def test_the_search_total_is_bounded_and_said(monkeypatch):
    """The zero patterns' slices together track at most ZERO_PATTERN_TOTAL_PATHS paths (2^blocks - 2 subspaces of up
    to 256 paths each had no total: minutes without a word); past it the slices left are uncovered, counts lower
    bounds. linear 2-1-1-2: its slices of dimension 1 need 5 paths each, so a total of 3 leaves all of them out."""
    import algnet.analyses.critical.zero_patterns as Z
    from algnet.analyses.critical.solve_notes import _strata_completeness

    monkeypatch.setattr(Z, "ZERO_PATTERN_TOTAL_PATHS", 3)
    net, L, rng = network_and_loss("linear 2-1-1-2", target=U.ravel(order="F").tolist(), loss="frobenius", seed=0)
    report = {}
    Z.zero_pattern_points(GradientFamily(net, L, (), [], rng), L.u, rng, report)
    assert "total of 3 paths was reached" in report["zero patterns"]["uncovered"]
    assert "lower bounds" in _strata_completeness(report)
