"""The Voronoi boundary search in the size estimate (before the run) against what the solver then does."""

from algnet import parse_spec
from algnet.analyses.critical import voronoi
from algnet.analyses.critical.boundary_estimate import boundary_search_estimate
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.nearest import NearestPointSolver
from algnet.analyses.critical.rankdrop import BOUNDARY_PATHS, UNION_RUNS
from algnet.analyses.critical.realfiber import towards_real  # public API (voronoi_cell uses it)


def test_estimate_matches_the_search_that_runs():
    # linear 2-1-2: D = 2, dim M = 3 (rank <= 1 2 x 2 matrices): (2 D - 1)^3 = 27 paths (hand count); searched
    # when the strata are not candidates (with them the strata cover the rank-drop locus: no search)
    est = boundary_search_estimate(parse_spec("linear 2-1-2"), strata=False)
    assert est.searched is True and est.homotopy_paths == 27 == 3 ** 3 and est.paths == (UNION_RUNS + 1) * 27
    net, L, rng = network_and_loss("linear 2-1-2")
    solver = NearestPointSolver(net, L, rng, strata=False)
    # homotopies of 27 paths until one adds no point, one at a second target: at least two, at most the estimate's
    assert solver.boundary.paths % 27 == 0 and 2 * 27 <= solver.boundary.paths <= est.paths
    # dense 2-1-1 r=2 (the conic w (a x + b y)^2): D = 3, dim M = 2: 5^2 = 25 paths, searched with the strata too
    est = boundary_search_estimate(parse_spec("dense 2-1-1 r=2"))
    assert est.searched is True and est.homotopy_paths == 25
    net, L, rng = network_and_loss("dense 2-1-1 r=2")
    got = NearestPointSolver(net, L, rng).boundary.paths
    assert got % 25 == 0 and 2 * 25 <= got <= est.paths


def test_estimate_says_skipped_when_the_search_is_skipped():
    spec = "dense 3-3-1 r=2"              # D = 3, dim M = 6: 5^6 = 15625 > 4096
    est = boundary_search_estimate(parse_spec(spec))
    assert est.total_degree == 5.0 ** 6 > BOUNDARY_PATHS and est.searched is False and est.paths == 0
    net, L, rng = network_and_loss(spec)
    solver = NearestPointSolver(net, L, rng)
    assert solver.boundary.paths == 0 and "not searched" in solver.boundary.note and not solver.complete


def test_voronoi_method_states_the_plan():
    r = voronoi("dense 2-1-1 r=2", samples=2, seed=0)
    assert "estimated before the run: boundary points searched" in r.method
    r = voronoi("linear 2-1-2", samples=2, seed=0)
    assert "estimated before the run: boundary points covered by the strata" in r.method and not r.partial


def test_towards_real_is_public():
    assert callable(towards_real) and towards_real.__doc__ and ">>>" in towards_real.__doc__
