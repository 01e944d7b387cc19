"""dimension reports what it used: a blocked sketch (rows evaluated in blocks sized by the bytes per input row) is the
same sketch, certified on the same terms; an interrupted second prime keeps the first prime's rank with its prime."""

import pytest

import algnet.analyses.dimension as D
from algnet import parse_spec
from algnet.core.fastla import PartialRank

_KEYS = ("dimension", "certified", "primes", "seed", "method", "probability_bound", "pivots", "rows", "upper_bound",
         "reason", "symmetry_dimension")


@pytest.mark.parametrize("spec", ["dense 3-2-1 r=2", "linear 4-2-3", "dense 6-6-6 r=3"])
def test_blocked_sketch_reports_the_same_run(spec, monkeypatch):
    # dense 3-2-1 r=2: sums of two squares of ternary forms, dim 5 (defective; two primes and a proved bound);
    # linear 4-2-3: rank <= 2 4 x 3 matrices, dim 2 (4 + 3 - 2) = 10
    net = parse_spec(spec)
    whole = D.dimension(net, seed=5)
    monkeypatch.setattr(D, "sketch_block_rows", lambda net: 2)           # two rows a block
    blocked = D.dimension(net, seed=5)
    assert {k: getattr(blocked, k) for k in _KEYS} == {k: getattr(whole, k) for k in _KEYS}
    assert whole.dimension == {"dense 3-2-1 r=2": 5, "linear 4-2-3": 10}.get(spec, whole.dimension)


def test_interrupted_second_prime_keeps_the_first_primes_rank(monkeypatch):
    net = parse_spec("dense 3-2-1 r=2")          # the first prime's rank 5 does not meet the bound 6: a second prime
    calls = []
    real = D._sketch_rank

    def sketch_rank(net, theta, nrows, p, rng, pivots, show_progress):
        calls.append(p)
        if len(calls) == 2:
            raise PartialRank((0,), 1)          # Ctrl-C after one column of the second prime
        return real(net, theta, nrows, p, rng, pivots, show_progress)

    monkeypatch.setattr(D, "_sketch_rank", sketch_rank)
    r = D.dimension(net, seed=0)
    p1, p2 = calls
    assert r.partial and r.dimension == 5 and r.primes == (p1, p2) and len(r.pivots) == 5
    assert f"complete rank 5 modulo {p1}" in r.reason and "1 parameter directions proved independent" in r.reason
