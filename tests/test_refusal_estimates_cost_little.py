"""The estimates before a refusal cost little whatever the network's size (2026-12-05).

The Bombieri-Weyl branch of ``ed_formula`` listed every output monomial only to read their largest degree: for
dense 100-100-100-100 r=2 (4,421,275 monomials) the estimate of ``algnet critical --loss bombieri`` took 10.5 s CPU
and 3.7 GB before it refused. ``Network.output_degree`` reads the degree from the architecture.
"""

import tracemalloc

import pytest

from algnet import parse_spec
from algnet.analyses.critical import ed, estimate
from algnet.analyses.critical.ed import ed_formula
from algnet.analyses.critical.estimate import critical_estimate

MAP = "map s^2; s*t; t^2"
SMALL = ["linear 4-2-3", "dense 3-2-2 r=2", "dense 2-2-2-1 r=3", "conv k=2,2,2 r=2", "dense 3-2-1 r=2 bias",
         "attention d=2 a=2 t=2 layers=2",
        "gconv n=4 layers=2 r=2",
        "layers Linear(2, 1, bias=True), Power(2), Linear(1, 1, bias=True), Power(2), Linear(1, 1)", MAP]


def _listed_degree(net):
    return max((sum(a) for a in net.output_monomials()), default=0)


@pytest.mark.parametrize("spec", SMALL)
def test_output_degree_is_the_listed_monomials_largest_degree(spec):
    net = parse_spec(spec)
    assert net.output_degree() == _listed_degree(net)
    for sub in net.subnetworks()[:3]:       # derived networks read their parent's architecture
        assert sub.network.output_degree() == _listed_degree(sub.network)


def test_a_network_with_its_own_monomials_is_read_from_its_list():
    import copy

    net = copy.copy(parse_spec("dense 3-2-1 r=2"))
    net.output_monomials = lambda: [(1, 0, 0)]        # a support view's list: degree 1, not the architecture's 2
    assert net.output_degree() == 1 and parse_spec("dense 3-2-1 r=2").degree == 2


@pytest.mark.parametrize("loss", ["bombieri"])
def test_the_bombieri_estimate_of_a_huge_network_lists_no_monomials(monkeypatch, loss):
    monkeypatch.setattr(estimate, "_SHAPES", {})
    monkeypatch.setattr(ed, "_FORMULAS", {})
    net = parse_spec("dense 100-100-100-100 r=2")     # 4,421,275 monomials per output: GBs as a list of tuples
    assert net.monomial_count() == 4_421_275
    tracemalloc.start()
    try:
        est = critical_estimate(net, loss)
        value, _ = ed_formula(net, loss)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 2**20, f"{peak / 2**20:.1f} MB"
    assert value is None and est.lower_bound      # no closed form: the estimate's bound, as before


# --- the estimate's remaining catches take algnet's own exceptions only (2026-12-05: the repo's 197 parseable spec
# strings raised nothing else from parameter_degree, known_structure or choose_route)

@pytest.fixture
def fresh_memos(monkeypatch):
    for memo in ("_SHAPES", "_DEGREES", "_ROUTES"):
        monkeypatch.setattr(estimate, memo, {})
    monkeypatch.setattr(ed, "_FORMULAS", {})


def _bug(*args, **kwargs):
    raise TypeError("a bug")


def test_a_programming_error_in_the_parameter_degree_is_not_swallowed(monkeypatch, fresh_memos):
    net = parse_spec("dense 2-2-1 r=2")
    monkeypatch.setattr(type(net), "parameter_degree", _bug)
    with pytest.raises(TypeError, match="a bug"):
        critical_estimate(net, "generic")


def test_no_degree_bound_still_takes_degree_two(monkeypatch, fresh_memos):
    from algnet.errors import NotApplicableError

    net = parse_spec("dense 2-2-1 r=2")

    def not_applicable(self):
        raise NotApplicableError("no degree bound here")

    monkeypatch.setattr(type(net), "parameter_degree", not_applicable)
    assert estimate._shape(net, "generic")[2] == 2


def test_a_programming_error_in_the_route_plan_is_not_swallowed(monkeypatch, fresh_memos):
    from algnet.analyses.critical import small, warm

    monkeypatch.setattr(warm, "known_structure", lambda net, kind, dim: None)     # not known: the plan is asked
    monkeypatch.setattr(small, "choose_route", _bug)
    with pytest.raises(TypeError, match="a bug"):
        critical_estimate(parse_spec("linear 2-1-2"), "generic", classify=False)


def test_a_programming_error_in_the_structure_lookup_is_not_swallowed(monkeypatch, fresh_memos):
    from algnet.analyses.critical import warm

    monkeypatch.setattr(warm, "known_structure", _bug)
    with pytest.raises(TypeError, match="a bug"):
        critical_estimate(parse_spec("linear 2-1-2"), "generic", classify=False)
    monkeypatch.setattr(warm, "known_structure", lambda *a: (_ for _ in ()).throw(OSError("disk")))
    assert critical_estimate(parse_spec("linear 2-1-2"), "generic", classify=False).route != warm.ROUTE


# --- the strata's estimate counts them before any is built (each SlicedNetwork holds a P x P int64 map)

def test_the_strata_of_a_huge_network_are_refused_before_any_is_built(monkeypatch):
    from algnet.analyses.singular import lattice, stratify
    from algnet.errors import TooLargeError

    def never(*args, **kwargs):
        raise AssertionError("a stratum network was built before the refusal")

    monkeypatch.setattr(stratify, "stratum_networks", never)
    monkeypatch.setattr(lattice, "stratum_networks", never)
    net = parse_spec("linear 60-60-60-60")       # P = 10,800: 933 MB a stratum's map, 6 strata
    tracemalloc.start()
    try:
        with pytest.raises(TooLargeError) as info:
            stratify.strata(net)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 2**20, f"{peak / 2**20:.1f} MB"
    assert "6 strata" in str(info.value) and info.value.hint      # the estimate and a cheaper route


@pytest.mark.parametrize("spec", ["conv k=2,2 r=2", "linear 3-2-3", "dense 2-2-1 r=2", "conv k=2,3,2 r=1",
                                  "attention d=2 a=2 t=2 layers=2"])
def test_the_stratum_count_is_the_number_built(spec):
    from algnet.analyses.singular.lattice import stratum_count, stratum_networks

    net = parse_spec(spec)
    for depth in (1, 2):
        assert stratum_count(net, depth) == len(stratum_networks(net, depth))


# --- every family's estimates on networks far too large to run stay small (bench/_estimate_costs.py's sweep)

LARGE = ["dense 100-100-100-100 r=2", "dense 20-20-20-20-20-20 r=3", "linear 60-60-60-60", "conv k=8,8,8,8 r=3",
         "attention d=20,20,20 a=10,10 t=6", "gconv n=40 layers=3 r=2",
         "layers Linear(60, 60), Power(3), Linear(60, 60), Power(2), Linear(60, 3)"]


@pytest.mark.parametrize("spec", LARGE)
def test_the_estimates_of_a_large_network_take_little_memory(monkeypatch, spec):
    from algnet.analyses.singular.estimate import strata_estimate

    monkeypatch.setattr(estimate, "_SHAPES", {})
    monkeypatch.setattr(ed, "_FORMULAS", {})
    net = parse_spec(spec)
    tracemalloc.start()
    try:
        for loss in ("generic", "bombieri", "frobenius"):
            critical_estimate(net, loss)
        strata_estimate(net)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 2**20, f"{spec}: {peak / 2**20:.1f} MB"


def test_fibers_refuses_the_monomial_list_before_computing_the_dimension(monkeypatch):
    from algnet.analyses import fibers
    from algnet.errors import TooLargeError

    def never(*args, **kwargs):
        raise AssertionError("dim M computed before the refusal")

    monkeypatch.setattr(fibers, "dimension_result", never)
    with pytest.raises(TooLargeError, match="listing 19062702032000 monomials"):
        fibers.identifiability(parse_spec("attention d=20,20,20 a=10,10 t=6"))
