"""Two statements of the Hilbert function's graded ranks.

* A piece below its proved floor (the ranks of degree e - 1 times a coordinate nonzero on M: multiplication by a
  non-zero-divisor of the domain's coordinate ring embeds them) whose matrix is too large over QQ keeps at least
  that floor: the ranks modulo two primes can both be low at bad primes, the floor is proved.
* When no graded piece is below full rank, the result says so as proved (a rank modulo p equal to the piece's
  size is a proved lower bound meeting the upper one).
"""

from math import comb

from algnet import parse_spec
from algnet.analyses.hilbert import hilbert_function
from algnet.analyses.hilbert.engine import GradedEngine
from algnet.analyses.hilbert.exact import ExactRanks
from algnet.analyses.hilbert.ranking import PieceRanks


def test_piece_too_large_over_qq_keeps_its_proved_floor(monkeypatch):
    net = parse_spec("linear 3-1-3")          # 3x3 matrices of rank <= 1: no linear equation, quadrics in degree 2
    eng = GradedEngine(net, seed=0)
    exact = ExactRanks(net, seed=0, pdeg=2)
    pr = PieceRanks(eng, exact)
    eng.set_linear(pr.linear())
    assert pr.sums[1] == 9                    # the 9 coordinates are independent on M
    pieces = list(eng.level(2).values())
    floors = [pr.floor(pc, 2) for pc in pieces]
    assert max(floors) >= 1                   # a coordinate nonzero on M times a linear piece
    # both primes bad for every degree-2 piece (rank 0 at each) and every piece too large over QQ
    real = eng.piece_rank
    monkeypatch.setattr(eng, "piece_rank", lambda pc, p, **kw: 0 if pc in pieces else real(pc, p, **kw))
    monkeypatch.setattr(exact, "rank", lambda pc, e: None)
    got = [pr.rank(pc, 2) for pc in pieces]
    assert all(r >= f for r, f in zip(got, floors)), (got, floors)
    assert pr.suspect                         # the rank below the floor showed a bad prime


def test_no_piece_below_full_rank_is_said_proved():
    # an affine surface in 3-space whose equation has degree above 4: every piece of degree <= 4 has full rank,
    # H(e) = C(e + 3, 3), the monomials of degree <= e in 3 coordinates
    r = hilbert_function(parse_spec("map s^2; s*t; t^2 + 3*s^3"), up_to=4, seed=0)
    assert list(r.values) == [comb(e + 3, 3) for e in range(5)]
    assert "every graded piece has full rank or independent coordinates (proved)" in r.exact_check
