"""One warm call (algnet.analyses.critical.warm_call) with compiled enclosures: the endpoints are certified first, and
the rank rule and the images are read from the certification's run of the exact tape. Truth: the full-rank rule of
paths._full_rank (ranks of d mu and of its slice restriction, numpy SVDs), the images by the family's numpy route,
the certification by the object-array disc enclosures of the family (a second enclosure of the same system), the
generic ED degree of 2 x 2 matrices of rank <= 1 (6, Chern classes) and the full route (multihomogeneous homotopy
with its trace test) where the warm call declines."""

import numpy as np

from algnet import parse_spec
from algnet.analyses.critical import ed_degree, warm
from algnet.analyses.critical.chern import segre_veronese_ged
from algnet.analyses.critical.disc_tape import exact_tape
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.refine import certify_points
from algnet.analyses.critical.warm_call import warm_call
from algnet.analyses.critical.warm_views import TapeCenters, slice_rank_ok
from algnet.homotopy.compiled_homotopy import family_tape


def test_the_certification_s_run_gives_the_rank_rule_of_full_rank():
    """Points of a slice where d mu drops rank (theta = (a, b, 0, 0) in linear 2-1-2) and generic ones: the rank rule
    on the slice Jacobian that the Krawczyk test's first pass evaluates says what paths._full_rank says, and the
    images of that run are the family's (numpy)."""
    from algnet.analyses.critical.paths import _full_rank
    from algnet.analyses.critical.system import example_family

    fam = example_family("linear 2-1-2", "generic", seed=3)
    rng = np.random.default_rng(1)
    X = rng.normal(size=(6, 3)) + 1j * rng.normal(size=(6, 3))
    for i in range(3):
        X[i, :2] = np.linalg.solve(fam.N[2:, :2], -(fam.c0[2:] + fam.N[2:, 2] * X[i, 2]))
    assert np.abs(fam.theta(X[:3])[:, 2:]).max() < 1e-12
    E = exact_tape(fam)
    k = X.shape[0]
    E.evaluate_interval(np.concatenate([X, X]), np.concatenate([np.zeros(k), np.full(k, 1e-9)]), fam.loss.u,
                        hessian=np.arange(2 * k) >= k)
    images, J = E.center_rows(X)
    full, crit = _full_rank(fam, X, 3)
    assert slice_rank_ok(fam, X, J, 3).tolist() == (full & crit).tolist() == [False] * 3 + [True] * 3
    assert np.allclose(images, fam._image_numpy(X), rtol=1e-12, atol=1e-12)


def test_certified_first_agrees_with_the_object_array_enclosures():
    """Ten calls on linear 2-1-2: 6 certified distinct images (the generic ED degree), of full rank by
    paths._full_rank, images equal to the family's, and the same points certified with the same radii by the
    object-array enclosures of the family (another program for the same discs' system)."""
    from algnet.analyses.critical.paths import _full_rank

    net = parse_spec("linear 2-1-2")
    truth = segre_veronese_ged([1, 1], [1, 1])
    w = warm.warm_start(net, "generic", 3)
    for seed in range(10):
        _, L, rng = network_and_loss(net, "generic", seed=seed)
        sol, p0, fam, cert = warm_call(w, L, 3, rng, True)
        X = sol.solutions
        assert sol.paths == cert.certified == cert.distinct == sol.distinct == truth == 6
        full, crit = _full_rank(w.fam, X, 3)
        assert (full & crit).all()
        assert np.allclose(sol.images, w.fam._image_numpy(X), rtol=1e-10, atol=1e-12)
        view = TapeCenters(fam, family_tape(w.family, map_parameters=True), w.family.parameters(L.Q, p0))
        other = certify_points(view, X, p0, key_ball=fam.image_ball, key_interval=view.image_interval, refine=False)
        assert other.certified == other.distinct == 6
        assert np.allclose(other.radii, cert.radii, rtol=1e-6) and np.array_equal(other.centers, cert.centers)


def test_paths_on_one_image_are_not_counted_twice(monkeypatch):
    """A start set with one point twice (and one missing): two paths end on one image, whose certified boxes
    overlap, so the call does not claim 6; the detour from the same starts cannot make them 6 either, and the full
    route answers with the generic ED degree 6."""
    net = parse_spec("linear 2-1-2")
    w = warm.warm_start(net, "generic", 3)
    X = w.X.copy()
    X[0] = X[1]
    twice = warm.WarmStart(w.fam, w.family, X, w.P, w.count, w.paths, w.how, w.seconds)
    _, L, rng = network_and_loss(net, "generic", seed=5)
    assert warm_call(twice, L, 3, rng, True) is None
    monkeypatch.setitem(warm._WARM, warm._key(net, "generic"), twice)
    c = ed_degree(net, metric="generic", seed=5).critical
    assert c.route == "multihomogeneous" and c.generic_pure_images == 6
    assert c.trace_test_passed or "proven by a bound" in c.completeness     # (6: the proven bound, image_bound)
