"""Hilbert functions of polynomial convolutional networks against Macaulay2 and the Shahverdi-Marchetti-Kohn degree
formula, and what a Hilbert result says about its linear pieces and its grading.

Truths:

* Macaulay2 (``kernel map(P, S, cs)`` of the coefficients of the network written from the definition: valid
  convolution, stride one, x^2 between the layers, filters from the input side), ``hilbertFunction(e, S/I)``:
  conv k=3,3: 1, 12, 75, 252, 630 (dim 5, degree 24); conv k=2,2,2: 1, 19, 120, 342, 736 (dim 4, degree 48);
  conv k=3,2: 1, 9, 40, 105, 216, 385, 624 (degree 12); conv k=2,3: 1, 7, 27, 66, 130, 225, 357 (degree 6).
* THEOREMS.md section 3: deg = (|k| - L)! prod_j r^((L-j)(k_j-1)) / (k_j-1)!, filters from the input side:
  k = (3, 2), r = 2: 3! 2^2 / 2! = 12; k = (2, 3): 3! 2^1 / 2! = 6 (the formula is not symmetric in the filters).
* By hand: (s^41, s^41, t) is the plane y0 = y1 through 0 (H(e) = e + 1); (s, t, s t + c s^3) is the hypersurface
  z = x y + c x^3, of degree 3 (H(e) = C(e + 3, 3) - C(e, 3)), homogeneous for the weights (1, 2, 3) only (not a
  cone when c != 0).
"""

from math import comb

import pytest

from algnet import hilbert_function, parse_spec
from algnet.analyses.hilbert.engine import GradedEngine
from algnet.analyses.hilbert.exact import ExactRanks, checked_grading

P, Q = 268435399, 268435367


@pytest.mark.parametrize("spec, up_to, values", [
    ("conv k=3,3 r=2", 4, (1, 12, 75, 252, 630)),
    ("conv k=2,2,2 r=2", 3, (1, 19, 120, 342)),
])
def test_conv_hilbert_values_match_macaulay2(spec, up_to, values):
    assert hilbert_function(spec, up_to=up_to, seed=0).values == values


@pytest.mark.parametrize("spec, values, degree", [
    ("conv k=3,2 r=2", (1, 9, 40, 105, 216, 385, 624), 12),
    ("conv k=2,3 r=2", (1, 7, 27, 66, 130, 225, 357), 6),
])
def test_conv_degree_depends_on_the_filter_order(spec, values, degree):
    h = hilbert_function(spec, up_to=12, seed=0, until_stable=True)
    assert h.values[:len(values)] == values[:len(h.values)]
    assert (h.dimension, h.degree) == (4, degree)


def test_linear_piece_ranked_at_two_primes_is_said():
    # the piece {y0, y1} (one weight) has the equation y0 = y1; its entries have degree 41 in theta, too large to
    # rank over QQ, so it is accepted on equal ranks at the two primes: the result must say that, naming both
    h = hilbert_function("map s^41; s^41; t", up_to=3, seed=0)
    assert h.values == tuple(e + 1 for e in range(4))
    assert (h.dimension, h.degree) == (2, 1)
    text = h.exact_check
    assert "linear graded pieces" in text and str(h.primes[0]) in text and str(h.primes[1]) in text
    assert "not ranked over QQ" not in text         # nothing else was left unranked over QQ


def test_grading_keeps_the_part_of_a_bad_primes_torus_that_is_tangent():
    # c = P Q: modulo P and Q the map is (s, t, s t), with a 2-torus; over QQ only (1, 2, 3) is a grading
    c = P * Q
    net = parse_spec(f"map s; t; s*t + {c}*s^3")
    eng = GradedEngine(net, seed=0, primes=[P, Q], rank=2)
    assert eng.grading.weights.shape[0] == 2        # what the two bad primes show: (1, 0, 1), (0, 1, 1)
    g, note = checked_grading(eng, ExactRanks(net, seed=0, pdeg=3))
    assert [sorted(abs(int(v)) for v in row) for row in g.weights.tolist()] == [[1, 2, 3]]
    assert abs(int(g.weights[0, 2])) == 3 * abs(int(g.weights[0, 0])) and not g.homogeneous
    assert "bad primes" in note
    h = hilbert_function(net, up_to=4, seed=0, primes=[P, Q])
    assert h.values == tuple(comb(e + 3, 3) - comb(e, 3) for e in range(5))
    assert (h.dimension, h.degree) == (2, 3)
    assert h.grading.startswith("torus of dimension 1")
