"""The Hilbert function's size estimates count the graded pieces without listing a monomial, and its
probability bound says what it covers."""

from collections import Counter

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.hilbert import engine as engine_mod
from algnet.analyses.hilbert.engine import GradedEngine, _level_pieces
from algnet.analyses.hilbert.grading import _Grading

RESIDUAL = "layers Linear(3,2), Power(2), Linear(2,1), Residual([Linear(1,1), Power(2)])"


def test_counted_sizes_equal_listed_pieces_on_random_gradings():
    # second method: list the monomials and group them by weight (the engine's own listing), on random tori,
    # cones and affine gradings, subsets of active coordinates
    from algnet.analyses.hilbert.piece_counts import piece_sizes

    rng = np.random.default_rng(5)
    for _ in range(120):
        N, k = int(rng.integers(1, 7)), int(rng.integers(0, 4))
        W = (rng.integers(-2, 3, size=(k, N)) * (rng.random((k, N)) < 0.5)).astype(np.int64)
        for hom in (True, False):
            g = _Grading(W, hom, "test")
            for e in range(5):
                active = sorted(rng.choice(N, size=int(rng.integers(1, N + 1)), replace=False).tolist())
                for a in (None, active):
                    listed = Counter(pc.size for pc in _level_pieces(N, e, g, a).values())
                    assert piece_sizes(W, e, hom, a) == dict(listed)


def test_hand_count_one_dimensional_torus():
    # x0, x1 of weight 1, x2 of weight 0, degree <= 2 (affine): weight 0: 1, x2, x2^2; weight 1: x0, x1, x0x2,
    # x1x2; weight 2: x0^2, x0x1, x1^2
    from algnet.analyses.hilbert.piece_counts import piece_sizes

    assert piece_sizes(np.array([[1, 1, 0]]), 2, False) == {3: 2, 4: 1}


def test_estimate_lists_no_monomial(monkeypatch):
    # the estimate of degree 6 in 35 coordinates (3.8 million monomials) formerly listed them all (38 CPU s,
    # gigabytes) before deciding whether to refuse
    eng = GradedEngine(parse_spec(RESIDUAL), seed=0)

    def listing(*args, **kwargs):
        raise AssertionError("an estimate listed monomials")

    monkeypatch.setattr(engine_mod, "_level_pieces", listing)
    est = eng.estimate(6)
    # the sizes counted by hand: the level of degree 6 has C(40, 6) monomials in all
    assert sum(n * c for n, c in eng.level_sizes(6).items()) == 3838380
    assert est["largest_piece"] == max(eng.level_sizes(6))
    eng.check_size(2, 10**9, 10**6, False, "Hilbert function")


def test_estimate_agrees_with_listed_pieces():
    eng = GradedEngine(parse_spec("dense 3-3-1 r=3"), seed=0)
    est = eng.estimate(3)
    pieces = [pc for e in range(4) for pc in _level_pieces(eng.N, e, eng.grading).values()]
    # a piece in algebraically independent coordinates is not ranked (no matrix): the estimate charges its lookup
    p = eng.primes[0]
    listed = [pc.size for pc in pieces if not eng.dominant(pc.vars, p)]
    skipped = sum(eng.dominant(pc.vars, p) for pc in pieces)
    assert est["largest_piece"] == max(listed)
    secs = sum(engine_mod.PIECE_SECONDS + (n + 4) * n * engine_mod.PIECE_ENTRY_SECONDS
               + (n + 4) * n * n / engine_mod.PIECE_RREF_RATE for n in listed)
    assert est["seconds"] == pytest.approx(secs + skipped * engine_mod.SKIPPED_PIECE_SECONDS, rel=1e-9)


def test_probability_bound_says_bad_primes_are_not_covered():
    from algnet.analyses.hilbert.compute import hilbert_function

    h = hilbert_function("linear 2-1-2", up_to=2, seed=0)
    assert h.probability_bound > 0
    for text in (h.evidence.proves, repr(h)):
        assert "bad" in text and "random points" in text
