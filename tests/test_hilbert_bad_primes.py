"""The Hilbert function at bad primes: primes dividing no coefficient of the map, but every maximal minor.

c = 268435399 * 268435367 + 1 is 1 modulo the two largest default primes and divisible by neither, so modulo
them s + t and s + c t are the same linear form. Truth, by hand (and Macaulay2: eliminate s, t, homogenize,
hilbertFunction): both maps below parametrize a quadric surface in C^3 (z = x^2, and (c x - y)(y - x) = (c - 1)^2 z
with x = s + t, y = s + c t, z = s t), whose affine Hilbert function is C(e + 3, 3) - C(e + 1, 3) = (e + 1)^2.
Modulo the bad primes the first map is the curve x = y, z = x^2 (H = 2e + 1) and the second the plane x = y
(H = C(e + 2, 2)), a cone with a 2-dimensional torus that M does not have.
"""

import pytest

from algnet import parse_spec
from algnet.analyses.hilbert import hilbert_function
from algnet.analyses.hilbert.engine import GradedEngine
from algnet.errors import ParameterError

P1, P2 = 268435399, 268435367
C = P1 * P2 + 1
TRUTH = [(e + 1) ** 2 for e in range(5)]


@pytest.mark.parametrize("g", ["(s + t)^2", "s*t"])
def test_quadric_surfaces_at_default_primes(g):
    h = hilbert_function(f"map s + t; s + {C}*t; {g}", up_to=4, seed=0)
    assert list(h.values) == TRUTH
    assert h.stabilized and (h.dimension, h.degree) == (2, 2)


def test_brief_example_from_the_command_line(capsys):
    from algnet.cli import main

    main(["hilbert", "map s + t; s + 72057554846356434*t; s^2+2*s*t+t^2"])
    assert "H = [1, 4, 9, 16, 25]" in capsys.readouterr().out


def test_user_primes_at_which_the_map_loses_rank_are_refused():
    # modulo P1 and P2 the Jacobian of (s + t, s + C t, (s + t)^2) has rank 1 < dim M = 2
    with pytest.raises(ParameterError, match="bad primes"):
        hilbert_function(f"map s + t; s + {C}*t; (s + t)^2", up_to=3, seed=0, primes=[P1, P2])


def test_user_bad_primes_that_keep_the_rank_are_corrected_exactly():
    # (s + t, s + C t, s t) keeps Jacobian rank 2 modulo P1, P2: the grading found there (a 2-torus) is checked
    # over QQ and cut down to its part tangent to M (z = s t is a quadratic form in x, y: the weights (1, 1, 2)),
    # and the ranks below full rank are taken over QQ too
    h = hilbert_function(f"map s + t; s + {C}*t; s*t", up_to=4, seed=0, primes=[P1, P2])
    assert list(h.values) == TRUTH and not h.homogeneous
    assert "is not tangent to M over QQ" in h.grading and h.grading.startswith("torus of dimension 1")
    assert "bad prime" in h.evidence.proves


def test_a_piece_lowered_by_a_bad_prime_is_ranked_over_qq():
    from algnet.analyses.hilbert.exact import ExactRanks
    from algnet.analyses.hilbert.ranking import PieceRanks

    net = parse_spec(f"map s + t; s + {C}*t; s*t")
    eng = GradedEngine(net, seed=0, primes=[P1, P2], grading="none")
    ranks = PieceRanks(eng, ExactRanks(net, 0, 2))
    eng.set_linear(ranks.linear())                # degree 1 over QQ: x, y independent (x = y modulo P1, P2)
    assert ranks.sums[1] == 4 and ranks.suspect and eng.linear_leading == ()
    (piece,) = eng.level(2).values()             # the 10 monomials of degree <= 2 in x, y, z
    assert eng.piece_rank(piece, P1) == eng.piece_rank(piece, P2) == 6     # the plane x = y: C(4, 2)
    assert ranks.rank(piece, 2) == 9             # the quadric: 10 - 1


def test_values_below_the_dimension_floor_claim_no_probability(monkeypatch):
    # the exact ranks and the prime screening switched off: modulo P1 the first map is the curve x = y, z = x^2,
    # H(2) = 5 below C(2 + 2, 2) = 6, the least H(2) of any surface (dim M = 2 is proved): no probability claimed
    from algnet.analyses.hilbert import compute, exact

    monkeypatch.setattr(exact.ExactRanks, "rank", lambda self, piece, e: None)
    monkeypatch.setattr(GradedEngine, "_good_primes", lambda self, rank, user: self.primes)
    h = compute.hilbert_function(f"map s + t; s + {C}*t; (s + t)^2", up_to=3, seed=0, primes=[P1, P2])
    assert list(h.values) == [1, 3, 5, 7]         # the curve's 2e + 1: lower bounds only
    assert h.probability_bound == 1.0 and not h.stabilized
    assert "below" in h.exact_check and "lower bounds only" in h.evidence.proves


def test_ranks_not_checked_after_a_bad_prime_showed_claim_no_probability(monkeypatch):
    # degree 1 is ranked over QQ (x, y independent; modulo P1 x = y): P1 is a bad prime, so the higher degrees,
    # whose pieces the budget leaves unchecked here, are lower bounds only (modulo P1: the plane's C(e + 2, 2))
    from algnet.analyses.hilbert import exact

    monkeypatch.setattr(exact, "EXACT_BUDGET", 0)
    h = hilbert_function(f"map s + t; s + {C}*t; s*t", up_to=3, seed=0, primes=[P1, P2], grading="none")
    assert h.values[:2] == (1, 4) and h.values[2] <= 9          # H(1) = 4 exact; H(2) a lower bound of 9
    assert h.probability_bound == 1.0 and not h.stabilized
    assert "lower bounds only" in h.exact_check
