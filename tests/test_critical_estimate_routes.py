"""The critical-point estimate counts the paths the route actually tracks (before the fix the route tracked one
path per orbit of the equivariant start system, critical/equivariant.py, while the estimate still said 30 per point
+ 40) and knows the Bombieri closed form (Friedland-Ottaviani) for dense n-1-m r=d."""

from algnet import parse_spec
from algnet.analyses.critical.estimate import PATHS_FIXED, PATHS_PER_POINT, critical_estimate


def test_equivariant_route_paths_by_hand(structure_store_dir):
    # an empty store and no structure known to this process: the small route's plan
    # dense 2-1-1 r=3, generic metric, dim M = 2 (Veronese curve): the multihomogeneous start system has 25 paths
    # (multihom.py's module example); the cube roots of unity act freely on 25 - (3 - 1)^2 = 21 of them: 7 orbits,
    # one path each, and the trace test tracks them again: 7 + 7 = 14
    e = critical_estimate(parse_spec("dense 2-1-1 r=3"), "generic", classify=False)
    assert (e.route, e.paths, e.points) == ("multihomogeneous", 14, 7)
    assert "14 (the multihomogeneous route and its trace test) paths" in e.describe()
    # r=4: 49 start paths, (49 - 3^2) / 4 = 10 orbits: 20 paths (as a run tracks them: 10 + 10)
    assert critical_estimate(parse_spec("dense 2-1-1 r=4"), "generic", classify=False).paths == 20
    # linear 2-1-2: no root of unity acts on a linear layer: all 9 multihomogeneous paths, twice
    assert critical_estimate(parse_spec("linear 2-1-2"), "frobenius", classify=False).paths == 18


def test_monodromy_model_where_no_small_route_runs(structure_store_dir):
    # the classification runs monodromy, and linear 8-4-8's small routes are far above their caps
    e = critical_estimate(parse_spec("dense 2-1-1 r=3"), "generic", classify=True)
    assert e.route == "monodromy" and e.paths == 2 * (PATHS_PER_POINT * 7 + PATHS_FIXED)
    e = critical_estimate(parse_spec("linear 8-4-8"), "frobenius", classify=False)
    assert e.route == "monodromy" and e.paths == PATHS_PER_POINT * 70 + PATHS_FIXED        # binom(8, 4) = 70


def test_bombieri_closed_form_by_hand():
    # c (w . x)^3 in 2 variables: eigenvectors of a generic binary cubic, ((d - 1)^N - 1) / (d - 2) = (4 - 1) / 1 = 3
    e = critical_estimate(parse_spec("dense 2-1-1 r=3"), "bombieri", classify=False)
    assert (e.points, e.lower_bound) == (3, False) and "Friedland-Ottaviani" in e.points_source
    # before: no closed form, 1 point "at least"
    assert e.paths == PATHS_PER_POINT * 3 + PATHS_FIXED


def test_a_known_structure_is_estimated_as_its_parameter_homotopy(structure_store_dir):
    # once a count has solved dense 2-1-1 r=3's structure (7 points, Chern-class formula), a count takes the warm
    # route: one parameter homotopy of the 7 stored points, not the small route's 7 + 7 paths; in a new process the
    # same from the store (the memo of this process forgotten, the entry loaded by the estimate and kept for the count)
    from algnet.analyses.critical import ed_degree, warm

    net = parse_spec("dense 2-1-1 r=3")
    assert critical_estimate(net, "generic", classify=False).route == "multihomogeneous"
    assert ed_degree(net, metric="generic", seed=3).ed_degree == 7
    e = critical_estimate(net, "generic", classify=False)
    assert (e.route, e.paths, e.points) == ("parameter homotopy", 7, 7)
    assert "7 (one parameter homotopy of a known structure's points) paths" in e.describe()
    warm.clear_cache()
    e = critical_estimate(net, "generic", classify=False)
    assert (e.route, e.paths) == ("parameter homotopy", 7)
    w = warm._WARM[warm._key(net, "generic")]
    assert isinstance(w, warm.WarmStart) and w.source == "cache"
    r = ed_degree(net, metric="generic", seed=4)
    assert (r.ed_degree, r.critical.route) == (7, "parameter homotopy") and "loaded from the cache" in r.critical.completeness
    # classification and the Bombieri metric keep their own models
    assert critical_estimate(net, "generic", classify=True).route == "monodromy"


def test_the_estimate_reads_no_store_a_call_switched_off(structure_store_dir, monkeypatch):
    # ed_degree(cache=False): neither read nor written, the estimate before the count included
    from algnet.analyses.critical import ed_degree, structure_store, warm

    net = parse_spec("linear 2-1-2")
    assert ed_degree(net, metric="generic", seed=1).ed_degree == 6           # solved and stored
    warm.clear_cache()
    reads = []
    real = structure_store.read
    monkeypatch.setattr(structure_store, "read", lambda *a, **k: reads.append(a) or real(*a, **k))
    r = ed_degree(net, metric="generic", seed=2, cache=False)
    assert r.ed_degree == 6 and "loaded from the cache" not in r.critical.completeness
    assert not reads
    warm.clear_cache()          # (the call kept the structure it solved: forgotten, as in a new process)
    r = ed_degree(net, metric="generic", seed=2)
    assert r.ed_degree == 6 and "loaded from the cache" in r.critical.completeness
    assert len(reads) == 1          # the estimate's read; the count takes what it loaded
