"""Fibers and identifiability against the theorems of THEOREMS.md and hand counts.

Truths: generic fibers are the known symmetries (dense pyramidal/equi-width
architectures: rescalings and the d_1! ... permutations of hidden neurons;
convolutional networks: filter rescalings only; lightning attention: GL(a),
one rescaling, GL(d) between layers; linear networks: GL(d_l)).
Over-parametrized architectures (dim M < N - symmetries) are not
identifiable: dense 2-2-1 r=2 fills its 3-dim ambient space with 6 - 2 = 4
effective parameters.
"""

import json

import pytest

from algnet import parse_spec
from algnet.analyses.fibers import fiber_equations, gauge_coordinates, identifiability
from algnet.cli import main
from algnet.errors import NotApplicableError, TooLargeError


@pytest.mark.parametrize("spec,count", [
    ("dense 2-2-2 r=2", 2),          # 2! permutations of the hidden neurons
    ("dense 3-2-2 r=3", 2),
    ("conv k=2,2 r=2", 1),           # Shahverdi-Marchetti-Kohn: only rescalings
    ("conv k=2,2,2 r=2", 1),
    ("attention d=2 a=2 dout=1 t=2", 1),   # Henry-Marchetti-Kohn: only the obvious symmetries
    ("linear 2-2-2", 1),
])
def test_generic_fiber_is_the_known_symmetries(spec, count):
    r = identifiability(parse_spec(spec), seed=3)
    assert r.identifiable_up_to_dimension and r.dimension_certified
    assert r.fiber_count == count and r.count_certified
    assert r.only_known_symmetries is True
    assert r.finite_symmetry_order == count


def test_not_identifiable():
    r = identifiability(parse_spec("dense 2-2-1 r=2"), seed=0)
    assert r.fiber_dimension == 3 and r.symmetry_dimension == 2
    assert not r.identifiable_up_to_dimension and r.fiber_count is None


def test_newton_lower_bound_verified_points():
    r = identifiability(parse_spec("dense 2-2-2 r=2"), seed=0, method="newton", max_seconds=20)
    assert not r.count_certified
    assert 1 <= r.fiber_count <= 2 and len(r.points) >= 1
    net = parse_spec("dense 2-2-2 r=2")
    f0 = net.coefficients(list(r.points[0]))
    for p in r.points:  # every reported point is an exact fiber point
        assert net.coefficients(list(p)) == f0


def test_gauge_and_equations():
    net = parse_spec("dense 2-2-2 r=2")
    th = [1, 2, -1, 1, 2, -1, 1, 3]
    G = gauge_coordinates(net, th)
    assert G == (0, 2)       # the first incoming weight of each hidden neuron
    ctx, eqs, free = fiber_equations(net, th, G)
    assert len(eqs) == 6 and free == (1, 3, 4, 5, 6, 7)


def test_refusals():
    with pytest.raises(NotApplicableError):
        identifiability("dense 2-2-2 r=2", method="magic")
    with pytest.raises(TooLargeError):
        identifiability("dense 3-3-3 r=2", method="groebner", seed=0)


def test_cli_fibers_and_singular(capsys, tmp_path):
    assert main(["fibers", "conv k=2,2 r=2", "--json", "--seed", "1"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["identifiable_up_to_dimension"] and d["fiber_count"] == 1
    out = tmp_path / "lattice.png"
    assert main(["singular", "attention d=2 a=2 dout=1 t=2", "--json", "--seed", "0", "--plot", str(out)]) == 0
    d = json.loads(capsys.readouterr().out)
    statuses = {s["name"]: (s["status"], s["nodal"]) for s in d["strata"]}
    assert statuses["attention ranks 1"] == ("singular", True)
    assert all(s["status"] in ("smooth", "singular", "boundary") and "dimension" in s for s in d["strata"])
    assert out.exists()
    assert main(["singular", "linear 3-2-3", "--seed", "0"]) == 0
    assert "singular (not nodal)" in capsys.readouterr().out
    assert main(["singular", "nonsense 2"]) == 2


def test_homotopy_count_dense():
    # monodromy with algnet.homotopy on the gauge-fixed witness system: the 2! permutations of the hidden
    # neurons (the known finite symmetries' orbit), found without being told about them
    # dense 2-2-2 r=2 fills its ambient space (pairs of binary quadrics): one image point in the slice, so the trace
    # test of the images is not informative; a Groebner basis over a prime field counts the fiber instead (exact
    # unless the prime is unlucky: not a proof)
    r = identifiability(parse_spec("dense 2-2-2 r=2"), seed=0, method="homotopy")
    assert r.fiber_count == 2 == r.finite_symmetry_order == r.modular_count
    assert not r.count_certified and r.count_status == "exact mod p" and "monodromy" in r.count_method
    assert "not informative" in r.count_method and r.certified_points == 2 and r.only_known_symmetries is True
    assert "unlucky" in r.evidence.proves and not r.evidence.certified


@pytest.mark.parametrize("coords,truth,status", [
    (["s^3", "s^2*t", "s*t^2", "t^3"], 3, "numerical"),   # twisted cubic: (w s, w t) with w^3 = 1
    (["s^2", "s*t", "t^2"], 2, "numerical"),              # the conic: (s, t) and (-s, -t)
    (["t^2"], 2, "exact mod p"),     # t -> t^2: +-t; onto the line, one image point: counted over a prime field
])
def test_finite_fibers_of_maps_counted_by_monodromy(coords, truth, status):
    from algnet.architectures.polymap import parametrization

    net = parametrization(coords)
    r = identifiability(net, seed=1, method="homotopy")
    # the fiber is one orbit of the roots of unity fixing every monomial, which the map declares
    assert r.fiber_dimension == 0 and r.finite_symmetry_order == truth and r.only_known_symmetries is not False
    assert r.fiber_count == truth and r.count_status == status and r.certified_points == truth
    # a second route: the exact Groebner count of the same fiber equations
    g = identifiability(net, seed=1, method="groebner")
    assert g.fiber_count == truth and g.count_status == "exact"


def test_degree_counts_a_finite_fiber_by_monodromy():
    from algnet.analyses.degree import degree
    from algnet.architectures.polymap import parametrization

    r = degree(parametrization(["s^3", "s^2*t", "s*t^2", "t^3"]), seed=0, fiber=True)
    assert r.degree == 3 and r.fiber_dimension == 0
    assert r.fiber_points == 3 and "numerically complete" in r.fiber_note and "lower bound" not in r.fiber_note


@pytest.mark.slow
def test_homotopy_count_attention_and_dense():
    assert identifiability("attention d=2 a=2 dout=1 t=2", seed=0, method="homotopy").fiber_count == 1
    assert identifiability("dense 3-2-2 r=2", seed=0, method="homotopy").fiber_count == 2


def test_homotopy_count_refused_above_its_bound():
    with pytest.raises(TooLargeError) as e:
        identifiability("dense 3-3-3 r=2", seed=0, method="homotopy")   # identifiable; Bezout bound 320320
    assert e.value.degree_bound > 20_000 and "newton" in e.value.hint


def test_homotopy_count_time_capped_is_a_lower_bound():
    # a cap far below the search: dense 4-2-2 r=2's takes about 1 s of CPU, ten times the cap's floor of 0.1 s
    # (dense 3-2-2 r=2's search, about 0.1 s, sometimes finished under the floor once the tracker got faster)
    r = identifiability("dense 4-2-2 r=2", seed=0, method="homotopy", max_seconds=0.01)
    assert r.partial and r.count_status == "lower bound" and r.evidence.partial
    assert 1 <= r.fiber_count <= 2


def test_auto_counts_by_monodromy_where_groebner_is_too_large():
    # dense 3-3-2 r=2 fills its ambient space (deg M = 1): the 3! permutations of the hidden neurons, which
    # Newton's method from random starts mostly misses
    r = identifiability("dense 3-3-2 r=2", seed=0)
    assert "monodromy" in r.count_method and r.fiber_count == 6 == r.finite_symmetry_order
    # one image point: the trace test of the images is not informative; the check mod p (about 50 CPU s) is cut by
    # its own cap, so the count is complete by the stopping rule only: numerical, not partial, and says so
    assert (r.count_status, r.partial, r.rule_complete, r.only_known_symmetries) == ("numerical", False, True, True)
    assert "did not finish" in r.count_method and "not checked" in r.evidence.proves
