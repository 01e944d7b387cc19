"""When the Hilbert function ranks a graded piece over QQ: only when that can change the answer.

A piece below full rank is ranked over QQ when it is small enough (no prime can lower that rank), else modulo two
primes; equal ranks are accepted (wrong only if both primes are bad for the piece), and the piece is ranked over QQ
when the two differ or when the rank is below the proved floor
from degree e - 1 (multiplication by a coordinate nonzero on M is injective: the coordinate ring is a domain).

Truths, by hand: the 2 x 2 matrices of rank <= 1 are the cone over P^1 x P^1 (Segre), H(e) = (e + 1)^2, degree 2;
the 3 x 3 ones the cone over P^2 x P^2, H(e) = C(e + 2, 2)^2; the quadric surface (s + t, s + c t, s t) has affine
H(e) = (e + 1)^2 (tests/test_hilbert_bad_primes.py), and modulo a prime where c = 1 it is the plane x = y (H(2) = 6).
"""

from math import comb

from algnet import parse_spec
from algnet.analyses.hilbert import hilbert_function
from algnet.analyses.hilbert.engine import GradedEngine
from algnet.analyses.hilbert.exact import ExactRanks
from algnet.analyses.hilbert.ranking import PieceRanks

P1, P2 = 268435399, 268435367


def test_primes_that_disagree_send_the_piece_over_qq():
    # c = 1 modulo P1 only: the degree-2 piece has rank 6 (the plane) modulo P1, 9 (the quadric) modulo P2
    net = parse_spec(f"map s + t; s + {P1 + 1}*t; s*t")
    eng = GradedEngine(net, seed=0, primes=[P1, P2], grading="none")
    ranks = PieceRanks(eng, ExactRanks(net, 0, 2))
    (piece,) = eng.level(2).values()
    assert (eng.piece_rank(piece, P1), eng.piece_rank(piece, P2)) == (6, 9)
    assert ranks.rank(piece, 2) == 9 and ranks.bad and ranks.exact.checked == 1


def test_a_rank_below_the_floor_from_the_degree_below_shows_a_bad_prime(monkeypatch):
    # both primes made bad at degree 3 (every rank one lower there), whose pieces are too large to rank over QQ
    # (entries of degree 6 > 5 in the parameters; degree 2's, of degree 4, are ranked over QQ): the two primes
    # agree, but each piece's rank is below that of a piece of degree 2 times a coordinate, a proved floor, so a
    # bad prime has shown and the values from degree 3 on are lower bounds with no probability
    from algnet.analyses.hilbert import exact

    real = GradedEngine.piece_rank

    def lowered(self, piece, p, *a, **k):
        r = real(self, piece, p, *a, **k)
        return r - 1 if piece.idx.shape[1] == 3 and r > 0 else r

    monkeypatch.setattr(GradedEngine, "piece_rank", lowered)
    monkeypatch.setattr(exact, "EXACT_PIECE_DEGREE", 5)
    h = hilbert_function("linear 2-1-2", up_to=4, seed=0)
    truth = [(e + 1) ** 2 for e in range(5)]
    assert list(h.values[:3]) == truth[:3] and all(v <= t for v, t in zip(h.values, truth))
    assert "below a proved lower bound" in h.exact_check and "lower bounds only" in h.exact_check
    assert h.probability_bound == 1.0 and not h.stabilized


def test_pieces_too_large_over_qq_rest_on_two_primes_when_nothing_can_change(monkeypatch):
    from algnet.analyses.hilbert import exact

    monkeypatch.setattr(exact, "EXACT_PIECE_ENTRIES", 0)
    h = hilbert_function("linear 3-1-3", up_to=4, seed=0)
    assert list(h.values) == [comb(e + 2, 2) ** 2 for e in range(5)]
    assert "also ranked over QQ" not in h.exact_check
    assert "with equal ranks" in h.exact_check and "no probability covers" in h.evidence.proves


def test_small_pieces_are_ranked_over_qq_when_both_primes_are_bad():
    # c = 1 modulo both default primes: modulo either, (s + c t)^2 is (s + t)^2 and every piece below full rank has
    # the same, too low, rank at both (the Jacobian keeps its rank, no floor is violated). Truth (Macaulay2: the
    # kernel of the map, its Groebner basis homogenized): H = 1, 5, 15, 35, 68. Accepting the two primes' equal
    # ranks gave 1, 5, 14, 30, 55 with a probability bound of 1e-5.
    C = P1 * P2 + 1
    h = hilbert_function(f"map s + t; (s + {C}*t)^2; s^3; t^3", up_to=4, seed=0)
    assert list(h.values) == [1, 5, 15, 35, 68]
    assert "ranked over QQ" in h.exact_check


def test_pieces_too_large_over_qq_are_ranked_at_the_second_prime(monkeypatch):
    # every piece too large to rank over QQ; c = 1 modulo P1 only. The linear piece has rank 3 modulo P1 (x = y)
    # and 4 modulo P2: x - y is no equation of M. The base took it from P1 alone and returned the plane's
    # H = [1, 3, 6, 10] with a probability bound of 3e-7 and a Hilbert polynomial (truth (e + 1)^2).
    from algnet.analyses.hilbert import exact

    monkeypatch.setattr(exact, "EXACT_PIECE_ENTRIES", 0)
    h = hilbert_function(f"map s + t; s + {P1 + 1}*t; s*t", up_to=3, seed=0, primes=[P1, P2], grading="none")
    assert list(h.values) == [(e + 1) ** 2 for e in range(4)]
    assert "lower bounds only" in h.exact_check and h.probability_bound == 1.0     # a bad prime showed
