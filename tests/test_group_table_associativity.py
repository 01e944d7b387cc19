"""Group(table): associativity decided by Light's test on generators, checked against every triple."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from algnet.architectures.layers import Group
from algnet.errors import SpecError


def _brute(T) -> bool:
    n = len(T)
    return all(T[T[a, b], c] == T[a, T[b, c]] for a in range(n) for b in range(n) for c in range(n))


def _latin_squares(rng, n, count):
    """Random Latin squares of order n: isotopes of Z/n (rows, columns, symbols permuted: mostly not groups) and
    relabelled groups (isomorphic copies: groups)."""
    Z = np.add.outer(np.arange(n), np.arange(n)) % n
    tables = []
    for _ in range(count):
        r, c, s = rng.permutation(n), rng.permutation(n), rng.permutation(n)
        tables.append(s[Z[np.ix_(r, c)]])                    # isotope
        inv = np.argsort(s)
        tables.append(s[Z[np.ix_(inv, inv)]])                # the same group, elements renamed by s
    return tables


def _product_group(P, Q):
    p, q = len(P), len(Q)
    return np.array([[P[a // q, b // q] * q + Q[a % q, b % q] for b in range(p * q)] for a in range(p * q)])


def _s3():
    perms = list(itertools.permutations(range(3)))
    idx = {p: i for i, p in enumerate(perms)}
    return np.array([[idx[tuple(a[b[k]] for k in range(3))] for b in perms] for a in perms])


@pytest.mark.parametrize("n", [3, 4, 5, 6, 7])
def test_associativity_agrees_with_every_triple(n):
    from algnet.architectures.layers.groupconv import _associative

    rng = np.random.default_rng(n)
    tables = _latin_squares(rng, n, 12)
    if n == 6:
        tables.append(_s3())
    if n == 4:
        Z2 = np.array([[0, 1], [1, 0]])
        tables.append(_product_group(Z2, Z2))
    kinds = set()
    for T in tables:
        truth = _brute(T)
        kinds.add(truth)
        assert _associative(T) == truth, T.tolist()
        try:
            Group(T)
            accepted = True
        except SpecError as e:
            accepted = False
            assert "not associative" in e.message or "identity" in e.message
        assert accepted == (truth and any(np.array_equal(T[e], np.arange(n)) for e in range(n)))
    assert kinds == {True, False} or n <= 3          # both kinds were tried


def test_the_loop_of_order_five_is_refused():
    L = [[0, 1, 2, 3, 4], [1, 0, 3, 4, 2], [2, 4, 0, 1, 3], [3, 2, 4, 0, 1], [4, 3, 1, 2, 0]]
    with pytest.raises(SpecError, match="not associative"):
        Group(L)


@pytest.mark.slow
def test_a_large_table_is_checked_in_seconds_of_cpu():
    """Z/2500 with its elements renamed: the n^3 check (every a: two n x n products) took minutes of CPU."""
    code = ("import numpy as np, resource\n"
            "resource.setrlimit(resource.RLIMIT_CPU, (12, 12))\n"
            "from algnet.architectures.layers import Group\n"
            "n = 2500; s = np.random.default_rng(0).permutation(n); inv = np.argsort(s)\n"
            "Z = np.add.outer(np.arange(n), np.arange(n)) % n\n"
            "print(Group(s[Z[np.ix_(inv, inv)]]).order)\n")
    root = Path(__file__).resolve().parents[1]
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600,
                       env=dict(os.environ, PYTHONPATH=str(root)), cwd="/")
    assert r.returncode == 0 and r.stdout.strip() == "2500", r.stderr[-500:]
