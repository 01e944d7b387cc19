"""The proven bound on critical images (algnet.analyses.critical.image_bound) and the small route's stop at it.

Truth: the generic ED degrees of Segre-Veronese varieties from THEOREMS.md section 8 by hand (P1 x P1: 6, the twisted
cubic: 3 d - 2 = 7), Eckart-Young (Frobenius, 2 x 2 rank one: 2), and the linear span of M by hand (2 x 2 rank-one
matrices span all 4 entries; conv k=2,2 r=2 computes w2_0 (a0 x0 + a1 x1)^2 + w2_1 (a0 x1 + a1 x2)^2, whose x0 x2
coefficient is always 0: a span of 5 of the 6 quadratic monomials, so the Segre-Veronese variety's 6 coordinates do
not map injectively and no bound is claimed). The stop changes no count: the same counts and certified images with
the trace test forced (the stop switched off), and where the bound is not met (the Frobenius metric: 2 < 6) the
trace test runs as before.
"""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.critical import ed_degree, image_bound, small, warm


@pytest.mark.parametrize("spec, dim, truth", [("linear 2-1-2", 3, 6), ("dense 2-1-1 r=3", 2, 7)])
def test_bound_is_the_generic_ed_degree_of_the_segre_veronese_variety(spec, dim, truth):
    B, source = image_bound.proven_image_bound(parse_spec(spec), "generic", dim)
    assert B == truth and "Thm. 5.8" in source and "7.1.1" in source


def test_span_of_rank_one_matrices_and_of_a_convolution_by_hand():
    assert image_bound.span_rank(parse_spec("linear 2-1-2"), 4) == 4
    assert image_bound.span_rank(parse_spec("conv k=2,2 r=2"), 6) == 5       # x0 x2 never appears


@pytest.mark.parametrize("spec, kind, dim", [("conv k=2,2 r=2", "generic", 3),     # span 5 < 6 monomials
                                             ("conv k=3,2 r=2", "generic", 4),     # 12 monomials, 10 coefficients
                                             ("linear 2-1-2", "data", 3),          # a data metric can be singular
                                             ("linear 2-1-2", "generic", 2),       # not the cone's dimension
                                             ("dense 2-2-1 r=2", "generic", 3)])   # no Segre-Veronese theorem
def test_no_bound_where_none_is_proven(spec, kind, dim):
    assert image_bound.proven_image_bound(parse_spec(spec), kind, dim) is None


def _count(spec, kind, seed, store=None):
    """One count; with ``store`` (a monkeypatch and a directory) as a structure's first count (an empty store)."""
    if store is not None:
        store[0].setenv("ALGNET_CACHE_DIR", str(store[1] / f"store{seed}"))
    warm.clear_cache()
    r = ed_degree(spec, metric=kind, seed=seed)
    c = r.critical
    return r.ed_degree, c.certified, c.certified_distinct, c.partial, c.completeness


@pytest.mark.parametrize("spec, truth", [("linear 2-1-2", 6), ("dense 2-1-1 r=3", 7)])
def test_stop_at_the_bound_gives_the_count_of_the_trace_test_route(structure_store_dir, monkeypatch, tmp_path, spec,
                                                                   truth):
    stopped = [_count(spec, "generic", seed, (monkeypatch, tmp_path / "stopped")) for seed in range(4)]
    monkeypatch.setattr(small, "bound_reached", lambda fam, sol, images=None: None)
    traced = [_count(spec, "generic", seed, (monkeypatch, tmp_path / "traced")) for seed in range(4)]
    assert [s[:4] for s in stopped] == [t[:4] for t in traced] == [(truth, truth, truth, False)] * 4
    if spec == "linear 2-1-2":       # 9 paths for 6 images: the stop replaces the trace test
        assert all("proven by a bound" in s[4] and "trace test on a line" not in s[4] for s in stopped)
        assert all("trace test on a line" in t[4] for t in traced)


def test_bound_not_met_runs_the_trace_test(structure_store_dir):
    n, certified, distinct, partial, note = _count("linear 2-1-2", "frobenius", 0)
    assert (n, certified, distinct, partial) == (2, 2, 2, False)       # Eckart-Young
    assert "proven by a bound" not in note


def test_the_answer_is_the_points_found_not_the_bound(structure_store_dir, monkeypatch):
    """A bound the points do not meet (one more than found, one fewer) never stops the search or sets the count."""
    for wrong in (7, 5):
        monkeypatch.setattr(image_bound, "_BOUNDS", {})
        monkeypatch.setattr(image_bound, "_bound", lambda net, dim, B=wrong: (B, 4, "a wrong bound"))
        n, certified, _, partial, note = _count("linear 2-1-2", "generic", 1)
        assert (n, certified, partial) == (6, 6, False) and "a wrong bound" not in note


def test_stop_needs_the_full_count_on_the_slice():
    from algnet.analyses.critical.loss import make_loss
    from algnet.analyses.critical.multihom import layered_family, layered_plan
    from algnet.analyses.critical.total_degree import TotalDegreeSolution

    net, rng = parse_spec("linear 2-1-2"), np.random.default_rng(0)
    fam = layered_family(net, make_loss(net, "generic", rng=rng), rng, 3, layered_plan(net, 3))
    sol, _ = small.small_slice(fam, rng, "multihomogeneous")
    assert image_bound.bound_reached(fam, sol)[0] == 6 == sol.solutions.shape[0]
    assert image_bound.bound_reached(fam, TotalDegreeSolution(sol.solutions[1:], 9)) is None
    assert image_bound.bound_reached(fam, TotalDegreeSolution(np.vstack([sol.solutions[:5]] * 2)[:6], 9)) is None


def test_named_small_route_stops_at_the_bound_and_needs_distinct_certified_images(structure_store_dir, monkeypatch):
    from dataclasses import replace

    from algnet.analyses.critical import refine

    r = ed_degree("linear 2-1-2", metric="generic", seed=2, method="multihomogeneous").critical
    assert (r.function_space_points, r.certified_distinct, r.partial) == (6, 6, False)
    assert "proven by a bound" in r.completeness
    real = refine.certify_points

    def overlapping(*args, **kw):         # as if two image enclosures had overlapped
        c = real(*args, **kw)
        return replace(c, distinct=c.distinct - 1)

    monkeypatch.setattr(refine, "certify_points", overlapping)
    r = ed_degree("linear 2-1-2", metric="generic", seed=2, method="multihomogeneous").critical
    assert r.partial and r.completeness.startswith("NOT complete: the stop at the bound 6")


def test_a_count_equal_to_the_formula_is_no_proof_where_m_is_not_isomorphic_to_the_cone(structure_store_dir):
    """conv k=2,2 r=2: 14 critical images, the Chern value of P1 x P1 in O(2, 1), but M spans 5 of the 6 dimensions:
    the trace test decides."""
    n, certified, _, partial, note = _count("conv k=2,2 r=2", "generic", 0)
    assert (n, certified, partial) == (14, 14, False)
    assert "proven by a bound" not in note and "trace test on a line" in note
