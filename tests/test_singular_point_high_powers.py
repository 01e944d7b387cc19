"""Singular-point analysis at high activation powers: exact ranks without fraction-free elimination of huge
entries, and float overflow never read as evidence.

Truths: dense 3-3-1 r=50 parametrizes the third secant variety of the 50th Veronese surface, of dimension
3 * 3 - 1 = 8 affinely 9 (Alexander-Hirschowitz: not defective), so a generic point has Jacobian rank 9 = dim M;
at dense 1-1-1 r=50 with parameters 10^7 the values are integers of hundreds of digits, beyond double precision.
"""

import warnings

import pytest

import algnet.analyses.singular.primitives as primitives
import algnet.core.linalg as linalg
from algnet import parse_spec
from algnet.analyses.singular.point import analyze_point
from algnet.errors import NumericalError


def test_exact_ranks_of_huge_jacobians_without_elimination(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("exact elimination over QQ called")
    monkeypatch.setattr(linalg, "rank_qq", refuse)
    monkeypatch.setattr(primitives, "rank_qq", refuse)
    theta = [1, 2, -1, 3, 1, 2, -2, 1, 1, 1, -1, 2]
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)      # no float overflow reaches the user
        a = analyze_point(parse_spec("dense 3-3-1 r=50"), theta, dimension=9, seed=0, starts=1)
    assert a.rank == 9 and not a.rank_drop


def test_values_beyond_double_precision_are_refused():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.raises(NumericalError, match="overflow double precision"):
            analyze_point(parse_spec("dense 1-1-1 r=50"), [10**7, 10**7], seed=0)
