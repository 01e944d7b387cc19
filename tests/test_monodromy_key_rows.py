"""The numbers the monodromy lookup reads from a return's keys in one kernel call (algnet.homotopy.monodromy.key_rows)
against the numpy expressions they replace: numpy's own moduli, reduction and einsum, and graph.key_slacks."""

import numpy as np

from algnet.homotopy.monodromy.graph import key_slacks
from algnet.homotopy.monodromy.key_rows import key_rows


def test_key_rows_are_numpy_s_numbers_bit_for_bit():
    rng = np.random.default_rng(20261205)
    for t in range(400):
        r, q = int(rng.integers(1, 50)), int(rng.integers(1, 30))
        K = rng.normal(size=(r, q)) * 10.0 ** rng.uniform(-12, 12, size=(r, q)) \
            + 1j * rng.normal(size=(r, q)) * 10.0 ** rng.uniform(-12, 12, size=(r, q))
        if t % 4 == 0:                           # non-finite keys: a nan, an infinity, an overflowing modulus
            K[rng.integers(r), rng.integers(q)] = (complex(np.nan, 1.0), complex(0.0, -np.inf),
                                                   complex(1.5e308, 1.5e308), complex(np.inf, np.nan))[t // 4 % 4]
        u = rng.normal(size=q) + 1j * rng.normal(size=q)
        u /= np.sum(np.abs(u))
        cond = 10.0 ** rng.uniform(0, 14, size=r)
        cond[rng.random(r) < 0.15] = (np.nan, np.inf)[t % 2]
        top, proj, slack = key_rows(K, u, cond)
        with np.errstate(invalid="ignore", over="ignore"):
            assert np.array_equal(top, np.maximum.reduce(np.abs(K), axis=1), equal_nan=True)
            assert np.array_equal(proj, np.einsum("ij,j->i", K, u).real, equal_nan=True)
        assert slack.tolist() == key_slacks(cond.tolist())
