"""The critical estimate's dim M: a family's expected dimension is a theorem only where its source proves it.

dense 3-2-1 r=2 parametrizes the quadratic forms c_1 (w_1 . x)^2 + c_2 (w_2 . x)^2 in 3 variables, the symmetric
3 x 3 matrices of rank <= 2: the hypersurface det = 0 of the 6-dimensional space of quadrics, of dimension 5
(by hand), while the Kileel-Trager-Bruna count says min(3*2 + 2*1 - 2, 6) = 6 (a defective secant variety,
Alexander-Hirschowitz: r = 2 and 2 <= d_1 < d_0). The estimate must use 5, and so must the routes' gate and the
boundary search's plan, (2D - 1)^5 = 5^5 paths for D = 2, which is what the run searches.
"""

import numpy as np

from algnet import parse_spec
from algnet.analyses.critical.boundary_estimate import boundary_search_estimate
from algnet.analyses.critical.estimate import critical_estimate


def _quadric_jacobian_rank(seed=0):
    """A second method, independent of algnet: the rank of the Jacobian of (c, W) -> sum_i c_i w_i w_i^T
    (upper triangle) at a random point, by finite differences of the explicit map, checked by its singular values."""
    rng = np.random.default_rng(seed)
    theta = rng.normal(size=8)

    def f(t):
        W, c = t[:6].reshape(2, 3), t[6:]
        S = sum(c[i] * np.outer(W[i], W[i]) for i in range(2))
        return S[np.triu_indices(3)]

    h = 1e-6
    J = np.array([(f(theta + h * e) - f(theta - h * e)) / (2 * h) for e in np.eye(8)]).T
    sv = np.linalg.svd(J, compute_uv=False)
    return int(np.sum(sv > 1e-6 * sv[0]))


def test_defective_dense_network_is_not_a_theorem():
    assert _quadric_jacobian_rank() == 5            # the hand count, by a second method
    net = parse_spec("dense 3-2-1 r=2")
    assert net.expected_dimension()[0] == 6         # the family's count: an upper bound only
    est = critical_estimate(net, "generic", classify=False)
    assert est.dim == 5
    assert "a theorem" not in est.dim_source and "upper bound" in est.dim_source
    assert "dim M = 5" in est.describe()


def test_boundary_plan_counts_the_paths_the_run_searches():
    est = boundary_search_estimate(parse_spec("dense 3-2-1 r=2"))
    assert est.exact
    assert est.homotopy_paths == 5 ** 5 and est.total_degree == 5.0 ** 5
    # 5^5 = 3125 is between the affine route's 256 and the compiled route's 4096: searched on the compiled route
    assert est.searched is None and est.paths == 5 * 5 ** 5


def test_large_network_keeps_the_bound_without_computing(monkeypatch):
    """Above the cap the estimate computes no rank (it stays cheap) and says the count is a bound."""
    import algnet.analyses.shared as shared

    def refuse(*args, **kwargs):
        raise AssertionError("the estimate of a large network must not compute dim M")

    monkeypatch.setattr(shared, "dimension_result", refuse)
    est = critical_estimate(parse_spec("dense 30-29-1 r=2"), "generic", classify=False)
    assert est.dim == 465 and "a theorem" not in est.dim_source     # min(30*29 + 29 - 29, binom(31, 2) = 465)
    assert "upper bound" in est.dim_source
    b = boundary_search_estimate(parse_spec("dense 30-29-1 r=2"))
    assert not b.exact and "only bounded" in b.note


def test_proved_counts_keep_their_theorem_and_route(structure_store_dir, monkeypatch):
    # dim M by hand: the cone over the twisted cubic (2), 2 x 2 matrices of rank <= 1 (3), conv 2 + 2 - 2 + 1 (3);
    # the routes and paths are those the estimate planned before this change (a regression check), with an empty
    # store of solved structures (a stored one takes the warm route) and the estimate's memos cleared
    from algnet.analyses.critical import estimate

    for memo in ("_DIMS", "_SHAPES", "_ROUTES"):
        monkeypatch.setattr(estimate, memo, {})
    for spec, dim, plan in (("dense 2-1-1 r=3", 2, ("multihomogeneous", 14)),
                            ("linear 2-1-2", 3, ("multihomogeneous", 18)),
                            ("conv k=2,2 r=2", 3, ("multihomogeneous", 38)),
                            ("dense 3-1-2 r=2", 4, None)):      # Segre-Veronese P^2 x P^1 cone: 3 + 2 - 1
        est = critical_estimate(parse_spec(spec), "generic", classify=False)
        assert (est.dim, est.dim_source) == (dim, "a theorem"), spec
        if plan is not None:
            assert (est.route, est.paths) == plan, spec


def test_uncertified_rank_leaves_the_bound(monkeypatch):
    """A rank mod p that does not certify dim M (a lower bound only) leaves the count's upper bound, not exact."""
    from types import SimpleNamespace

    import algnet.analyses.shared as shared
    from algnet.analyses.critical import estimate
    from algnet.analyses.critical.estimate import dimension_exact

    for memo in ("_DIMS", "_SHAPES", "_ROUTES"):        # (the fake answer is not kept for later tests)
        monkeypatch.setattr(estimate, memo, {})
    fake = SimpleNamespace(dimension=7, evidence=SimpleNamespace(certified=False, probability_bound=1e-9))
    monkeypatch.setattr(shared, "dimension_result", lambda net, seed=None: fake)
    net = parse_spec("dense 4-2-1 r=2")         # the count: min(4*2 + 2 - 2, binom(5, 2)) = 8
    est = critical_estimate(net, "generic", classify=False)
    assert est.dim == 8 and not dimension_exact(est.dim_source) and "lower bound" in est.dim_source
    assert est.route == "monodromy"
