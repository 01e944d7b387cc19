"""The span's exact rank is proved by a rank modulo p and, below full rank, an exact check over QQ; never by a
fraction-free elimination of a large matrix with huge entries (which ran for minutes on dense 3-3-1 r=50).

Truths: the 50th powers of linear forms in 3 variables span all ternary forms of degree 50 (C(52, 2) = 1326 of
them; the powers of linear forms span every space of forms); matrices built with an identity block and a known
rank by construction.
"""

import random

import pytest

import algnet.core.linalg as linalg
from algnet import parse_spec
from algnet.analyses.span import exact_rank, span_dimension
from algnet.errors import TooLargeError


def test_span_of_high_powers_without_exact_elimination(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("exact elimination over QQ called")
    monkeypatch.setattr(linalg, "rank_qq", refuse)
    assert span_dimension(parse_spec("dense 3-3-1 r=50")) == 1326


def _product(m, k, n, bits, seed):
    """U V with U = [I; U2] (m x k), V = [I V2] (k x n): rank exactly k (an identity k x k block, k columns)."""
    rnd = random.Random(seed)
    U = [[int(i == j) for j in range(k)] for i in range(k)] + \
        [[rnd.getrandbits(bits) for _ in range(k)] for _ in range(m - k)]
    V = [[int(i == j) for j in range(k)] + [rnd.getrandbits(bits) for _ in range(n - k)] for i in range(k)]
    return [[sum(U[i][t] * V[t][j] for t in range(k)) for j in range(n)] for i in range(m)]


def test_rank_below_full_is_checked_exactly():
    A = _product(12, 5, 9, 200, 1)
    rnd = random.Random(2)
    rows = list(range(12))
    rnd.shuffle(rows)
    assert exact_rank([A[i] for i in rows]) == 5


def test_unlucky_prime_is_caught():
    p = 268435399
    # modulo p the second row vanishes: rank 1 modulo p, 2 over QQ; the check over QQ fails and the next prime
    # (or, with none left, the exact elimination) gives 2
    A = [[1, 0, 0], [0, p, 0], [1, p, 0]]
    assert exact_rank(A, primes=[p]) == 2
    assert exact_rank(A, primes=[p, 268435367]) == 2


def test_expensive_check_is_refused_with_the_estimate():
    A = _product(30, 10, 30, 64, 3)
    with pytest.raises(TooLargeError) as e:
        exact_rank(A, max_cost=1000)
    assert e.value.lower_bound == 10 and e.value.rows == 30 and e.value.cost > 1000
    assert exact_rank(A, max_cost=1000, force=True) == 10
