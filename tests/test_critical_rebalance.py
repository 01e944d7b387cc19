"""The small routes' trace test and certification on representatives far out along the layer rescaling orbit
(:mod:`algnet.analyses.critical.rebalance`).

On the slice cut (1, 0) of dense 2-1-1 r=7 (forced: the default plan pins the last layer), seed 9 put critical points
at |theta| ~ 820 (w ~ 820^-7): the slice's trace test failed on the complete set (residual 1e-2), two points failed
Krawczyk's test, and the count fell to monodromy, which reported it incomplete. Expected counts: the generic ED
degree 3r - 2 of the rational normal curve (hand count; the Chern-class formula, DHOST 2016, Thm. 5.8).
"""
import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.critical import ed_degree, multihom, structure_store, warm
from algnet.analyses.critical.chern import segre_veronese_ged
from algnet.analyses.critical.paths import example_points
from algnet.analyses.critical.rebalance import chart_trace_test, rebalanced


def _force_old_cut(monkeypatch):
    plan_of = multihom.layered_plan

    def old_cut(net, dim, max_plans=200):
        p = plan_of(net, dim, max_plans)
        dims = (1, 1)
        degs = multihom._plan_degrees(dims, p.layer_degrees)
        return multihom.LayeredPlan((1, 0), dims, p.layer_degrees, degs,
                                    int(multihom.multihomogeneous_bezout(degs, dims)))

    monkeypatch.setattr(multihom, "layered_plan", old_cut)


def _count(r, seed):
    warm.clear_cache()
    try:
        with structure_store.caching(False):
            return ed_degree(f"dense 2-1-1 r={r}", metric="generic", seed=seed)
    finally:
        warm.clear_cache()


def test_rebalancing_keeps_the_image_and_evens_the_layers():
    net = parse_spec("dense 2-1-1 r=7")
    rng = np.random.default_rng(3)
    th = rng.normal(size=(5, 3)) + 1j * rng.normal(size=(5, 3))
    t = np.array([1.0, 30.0, 800.0, 1e-3, 2.0 - 1j])
    far = th * np.stack([t, t, t ** -7], axis=1)          # along the orbit (t a, t b, t^-7 w)
    tb = rebalanced(net, far)
    image = lambda T: T[:, 2] * (T[:, 0] + 0.37 * T[:, 1]) ** 7          # y(x) at x = (1, 0.37), by hand
    assert np.allclose(image(tb), image(far), rtol=1e-10)
    assert np.allclose(np.abs(tb[:, :2]).max(axis=1), np.abs(tb[:, 2]))
    assert np.allclose(rebalanced(net, tb), tb)                            # balanced points stay


def test_chart_trace_test_needs_every_point():
    fam, X, p0 = example_points("dense 2-1-1 r=3", "generic", at_target=False)
    assert X.shape[0] == 3 * 3 - 2
    rng = np.random.default_rng(4)
    v = (rng.normal(size=fam.n_params) + 1j * rng.normal(size=fam.n_params)) * np.sqrt(np.mean(np.abs(p0) ** 2))
    wt = rng.normal(size=fam.n_params) + 1j * rng.normal(size=fam.n_params)
    full, short = chart_trace_test(fam, X, p0, v, wt, rng), chart_trace_test(fam, X[1:], p0, v, wt, rng)
    assert full.passed and full.residual < 1e-6 and full.paths == X.shape[0]
    assert not short.passed and short.residual > 1e-4


def test_the_old_cut_of_dense_2_1_1_r7_seed_9_counts_19(monkeypatch):
    _force_old_cut(monkeypatch)
    res = _count(7, 9)
    assert res.critical.route == "multihomogeneous" and "slice cut (1, 0)" in res.critical.completeness
    assert (res.ed_degree, res.formula, res.complete, res.partial) == (19, 3 * 7 - 2, True, False)


@pytest.mark.slow
@pytest.mark.parametrize("r", [6, 7, 8])
def test_old_cut_seeds_0_9_match_the_chern_formula(monkeypatch, r):
    expected = 3 * r - 2
    assert segre_veronese_ged([1], [r]) == expected
    _force_old_cut(monkeypatch)
    for seed in range(10):
        res = _count(r, seed)
        assert (res.ed_degree, res.complete, res.partial) == (expected, True, False), (r, seed, res)
