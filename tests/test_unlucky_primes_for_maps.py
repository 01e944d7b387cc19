"""Maps whose coefficients are divisible by the default primes, or too large for a fixed number of primes.

Modulo a prime p dividing a coefficient the map is another map: ``map 268435399*s^2; s*t; t^2`` is (0, st, t^2)
modulo 268435399, whose image is the plane y0 = 0 (degree 1), not the quadric y0 y2 = 268435399 y1^2 (degree 2).
The truths are by hand: a Jacobian with a nonzero determinant has full rank; the equation of a monomial surface
from its parametrization.
"""

import shutil
import subprocess

import pytest
import sympy

from algnet import parse_spec
from algnet.analyses.degree import degree
from algnet.analyses.dimension import dimension
from algnet.analyses.implicit import implicitize
from algnet.analyses.shared import network_primes
from algnet.core.primes import default_primes

P, Q = default_primes(2)          # 268435399, 268435367: the two default primes of the dimension


def test_default_primes_skip_the_primes_dividing_a_coefficient():
    net = parse_spec(f"map {P * Q}*s; t")
    assert P not in network_primes(net, 4) and Q not in network_primes(net, 4)
    assert network_primes(parse_spec("linear 2-1-2"), 3) == list(default_primes(3))
    assert P not in network_primes(parse_spec(f"map s/{P}; t"), 2)          # a denominator too


def test_dimension_of_a_map_with_a_coefficient_divisible_by_both_default_primes():
    # Jacobian diag(P Q, 1): rank 2 over QQ (was: dimension 1, "probability >= 1 - 1.4e-17")
    res = dimension(parse_spec(f"map {P * Q}*s; t"), seed=0)
    assert res.dimension == 2 and res.certified


def test_dimension_when_both_primes_divide_the_jacobian_determinant():
    # (s + t, s + (PQ + 1) t): determinant PQ != 0, so rank 2; modulo P and Q the two rows are equal. No coefficient
    # is divisible by a default prime: the exact rank over QQ at an integer point finds the rank
    res = dimension(parse_spec(f"map s + t; s + {P * Q + 1}*t"), seed=0, primes=[P, Q])
    assert res.dimension == 2 and res.certified
    assert "exact rank over QQ" in res.reason


def test_an_uncertified_modular_rank_names_the_unlucky_prime_assumption():
    # a 40-parameter sketch is too large for the exact check: the reason says what the probability assumes
    from algnet.analyses import dimension as dmod

    res = dmod.dimension(parse_spec(f"map s + t; s + {P * Q + 1}*t"), seed=0, primes=[P, Q], certify=False)
    assert res.dimension == 2            # the exact check ran (a 4 x 2 sketch)
    old = dmod.EXACT_SKETCH_ENTRIES
    try:
        dmod.EXACT_SKETCH_ENTRIES = 0
        res = dmod.dimension(parse_spec(f"map s + t; s + {P * Q + 1}*t"), seed=0, primes=[P, Q])
    finally:
        dmod.EXACT_SKETCH_ENTRIES = old
    assert res.dimension == 1 and not res.certified       # only modular ranks: a lower bound
    assert "unlucky prime" in res.reason


def _same_up_to_constant(found, truth):
    return len(found) == 1 and sympy.simplify(found[0] / truth).is_number


def test_equation_of_a_quadric_whose_coefficients_are_the_default_primes():
    # y0 = P s^2, y1 = Q s t, y2 = t^2: P y1^2 = Q^2 y0 y2 (was: "could not be lifted to QQ")
    res = implicitize(parse_spec(f"map {P}*s^2; {Q}*s*t; t^2"), max_degree=2, seed=0)
    y0, y1, y2 = (sympy.Symbol(n) for n in res.coordinate_names)
    assert _same_up_to_constant(res.to_sympy(), P * y1**2 - Q**2 * y0 * y2)


def test_equation_with_a_coefficient_beyond_eight_primes():
    # y0 = s^2, y1 = s t, y2 = 10^80 t^2: y0 y2 = 10^80 y1^2; 10^80 needs more than 8 primes of 28 bits
    c = 10**80
    res = implicitize(parse_spec(f"map s^2; s*t; {c}*t^2"), max_degree=2, seed=0)
    y0, y1, y2 = (sympy.Symbol(n) for n in res.coordinate_names)
    assert _same_up_to_constant(res.to_sympy(), y0 * y2 - c * y1**2)


def test_degree_of_the_quadric_with_a_prime_coefficient():
    # y0 y2 = P y1^2 is an irreducible quadric: degree 2 (was: 1, the plane y0 = 0 modulo P)
    assert degree(parse_spec(f"map {P}*s^2; s*t; t^2"), seed=0, method="hilbert").degree == 2


@pytest.mark.skipif(shutil.which("M2") is None, reason="Macaulay2 not installed")
def test_against_macaulay2(tmp_path):
    polys = [f"{P}*s^2", f"{Q}*s*t", "t^2"]
    f = tmp_path / "k.m2"
    f.write_text(f"R = QQ[s,t]; S = QQ[y0,y1,y2]; I = ker map(R, S, {{{', '.join(polys)}}});\n"
                 "print toString (dim I, degree I)\nexit 0\n")
    out = subprocess.run(["M2", "--script", str(f)], capture_output=True, text=True, timeout=300).stdout
    dim_m2, deg_m2 = eval(out.strip())
    net = parse_spec("map " + "; ".join(polys))
    assert dimension(net, seed=1).dimension == dim_m2
    assert degree(net, seed=1, method="hilbert").degree == deg_m2


@pytest.mark.parametrize("c", [P, 10**12])
def test_monodromy_sees_every_coordinate_of_a_badly_scaled_map(c):
    # y0 y2 = c y1^2: degree 2. The slices and the trace functional were dominated by the coordinate c s^2: the
    # trace test failed on every attempt and the degree came from the Hilbert function alone (1 at c = P)
    res = degree(parse_spec(f"map {c}*s^2; s*t; t^2"), seed=0, method="monodromy")
    assert res.degree == 2 and res.method == "monodromy"


def test_a_denominator_divisible_by_the_default_primes():
    # (s/P, t, s t): the surface y2 = P y0 y1 (by hand), Jacobian of (s/P, t) diag(1/P, 1): rank 2 everywhere. Modulo
    # P the map is not defined: the rank at a point and the strata raised "denominator of 1/P vanishes modulo P"
    from algnet.analyses.local_rank import local_rank
    from algnet.analyses.singular import strata

    net = parse_spec(f"map s/{P}; t; s*t")
    r = local_rank(net, [1, 1])
    assert r.rank == 2 and r.certified
    res = implicitize(net, max_degree=2, seed=0)
    y0, y1, y2 = (sympy.Symbol(n) for n in res.coordinate_names)
    assert _same_up_to_constant(res.to_sympy(), y2 - P * y0 * y1)
    assert strata(net, seed=0).dimension == 2


def test_hilbert_function_of_the_quadric_through_the_registry():
    # the quadric y0 y2 = P y1^2 (hand): H(e) = binom(e + 2, 2) - binom(e, 2) = 2 e + 1 (was 1, 2, 3, 4, 5: the plane
    # y0 = 0 modulo P). The command line and Neuromanifold run the analysis through the registry
    from algnet import Neuromanifold

    M = Neuromanifold(f"map {P}*s^2; s*t; t^2", seed=0)
    assert tuple(M.hilbert_function(4).values) == (1, 3, 5, 7, 9)
