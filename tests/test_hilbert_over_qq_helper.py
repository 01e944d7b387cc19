"""PieceRanks.over_qq, the one step "a rank over QQ higher than modulo p: count it, mark the run suspect, take the
larger" of the Hilbert function's piece ranking, against a hand case: the matrix [[1, 1], [1, 1 + p]] has
determinant p, so rank 2 over QQ and rank 1 modulo p (its ranks are computed here by flint, over QQ and modulo p).
"""

import flint
import pytest

from algnet import parse_spec
from algnet.analyses.hilbert.engine import GradedEngine
from algnet.analyses.hilbert.exact import ExactRanks
from algnet.analyses.hilbert.ranking import PieceRanks


def _ranks():
    net = parse_spec("linear 2-1-2")
    pr = PieceRanks(GradedEngine(net, seed=0), ExactRanks(net, seed=0, pdeg=2))
    p = pr.p
    rows = [[1, 1], [1, 1 + p]]
    r_p = flint.nmod_mat(rows, p).rank()
    r_qq = flint.fmpq_mat(rows).rank()
    assert (r_p, r_qq) == (1, 2)                    # the hand case: det = p
    return pr, r_p, r_qq


@pytest.mark.parametrize("what", ["a linear piece", "a graded piece of degree 3"])
def test_a_rank_dropping_mod_p_is_counted_and_makes_the_run_suspect(what):
    pr, r_p, r_qq = _ranks()
    assert (pr.exact.raised, pr.bad, pr.suspect) == (0, False, "")
    assert pr.over_qq(r_p, r_qq, what) == r_qq
    assert pr.exact.raised == 1 and pr.bad
    assert pr.suspect == f"{what} has a higher rank over QQ than modulo {pr.p}"
    assert pr.over_qq(r_p, r_qq, "another piece") == r_qq           # counted again; the first reason stays
    assert pr.exact.raised == 2 and pr.suspect.startswith(what)


def test_equal_ranks_change_nothing():
    pr, r_p, _ = _ranks()
    assert pr.over_qq(r_p, r_p, "a linear piece") == r_p
    assert (pr.exact.raised, pr.bad, pr.suspect) == (0, False, "")
