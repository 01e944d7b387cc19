"""``degree(method='auto')`` above its automatic monodromy limits is refused with a memory and time estimate.

Before 2026-12-05 the refusal named the counts (parameters, sample values) and the cheaper routes only; the
standard is the estimate with the cheaper route.
"""

import pytest

from algnet.analyses.degree import degree
from algnet.errors import TooLargeError


def test_auto_limit_refusal_carries_the_witness_memory_and_time():
    # dense 6-10-7 r=2: 6*10 + 10*7 = 130 parameters (> 120); outputs quadrics in 6 variables: K = C(7, 2) = 21
    # monomials, q = 21 * 7 = 147 values; dim M <= min(130, 147) = 130. The witness system's arrays by hand
    # (witness_memory's model): 16 bytes x (2 K x 6 inputs + dim q + 4 x 8 q (n + 1) + 3 K^2)
    K, q, n, dim = 21, 147, 130, 130
    by_hand = 16 * (2 * K * 6 + dim * q + 4 * 8 * q * (n + 1) + 3 * K * K)
    with pytest.raises(TooLargeError) as e:
        degree("dense 6-10-7 r=2", seed=0)
    err = e.value
    assert err.memory_bytes == by_hand and "of memory" in str(err)
    assert err.seconds_per_path > 0 and err.seconds == pytest.approx(40 * err.seconds_per_path)
    assert "ms a path" in str(err) and "at least" in str(err) and "Bezout bound" in str(err)
    assert err.params == 130 and err.values == 147 and err.degree_bound >= 2
    assert "force=True" in err.hint and "time_limit" not in err.hint      # only force lifts the size rule


def test_refusal_estimate_within_its_own_cpu_budget(monkeypatch):
    # the refusal's estimate (multihomogeneous bound, two timed paths) grows with the network: dense 10-10-10 r=3
    # spent 29 CPU s and 1 GiB on it, dense 20-20-20 r=3 more than 60 s and 3.5 GiB. Past its budget (here a
    # tiny one) the refusal gives the sizes' estimate: at most the total-degree bound D^dim, a path not timed
    from algnet.analyses import routes_estimate

    monkeypatch.setattr(routes_estimate, "REFUSAL_CPU_SECONDS", 0.01)
    with pytest.raises(TooLargeError) as e:
        degree("dense 6-10-7 r=2", seed=0)
    err = e.value
    # parameter degree 3 (W1 squared, times W2) and dim M <= min(130, 147) = 130: at most the total-degree 3^130
    assert err.seconds_per_path is None and 2 <= err.degree_bound <= 3 ** 130 and err.seconds == 0.01
    assert "too costly to time" in str(err) and "of memory" in str(err) and "force=True" in err.hint
