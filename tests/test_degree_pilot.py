"""The degree pilot: its CPU cap, and the capture-recapture estimate against populations of known size."""

import time

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.degree_pilot import (MIN_RECAPTURES, PilotRun, chapman_estimate, monodromy_pilot,
                                          schnabel_estimate)
from algnet.errors import ParameterError
from algnet.theorems.formulas import conv_degree


def _occasions(N, k, loops, caught, rng):
    """Capture-recapture on a population of N (a known truth): k marked first, then each occasion catches
    ``caught`` uniformly at random, counts the marked among them and marks the rest."""
    marked = np.zeros(N, dtype=bool)
    marked[rng.choice(N, size=k, replace=False)] = True
    M, C, R = [], [], []
    for _ in range(loops):
        catch = rng.choice(N, size=caught, replace=False)
        M.append(int(marked.sum()))
        C.append(caught)
        R.append(int(marked[catch].sum()))
        marked[catch] = True
    return M, C, R


@pytest.mark.parametrize("N,k,caught", [(1536, 300, 300), (384, 100, 100), (1000, 60, 60)])
def test_schnabel_interval_covers_the_true_size(N, k, caught):
    rng = np.random.default_rng(N)
    trials, covered, rel = 200, 0, []
    for _ in range(trials):
        n, lo, hi = schnabel_estimate(*_occasions(N, k, 4, caught, rng))
        covered += lo <= N <= hi
        rel.append(n / N)
    assert covered >= 0.9 * trials                   # a 95% interval (conservative: Poisson for R)
    assert 0.9 < np.median(rel) < 1.1


def test_schnabel_by_hand_and_bad_counts():
    # one occasion: S = 50 * 40 = 2000, R = 20: N = 2000 / 21
    n, lo, hi = schnabel_estimate([50], [40], [20])
    assert n == pytest.approx(2000 / 21) and lo < n < hi
    assert chapman_estimate(50, 40, 20) == pytest.approx(51 * 41 / 21 - 1)
    assert schnabel_estimate([10], [10], [0])[2] == float("inf")
    with pytest.raises(ParameterError):
        schnabel_estimate([10, 12], [5, 5], [6, 1])          # more recaptured than caught


def test_describe_says_when_the_estimate_is_rough():
    rough = PilotRun(40, 400, 4.0, False, 40, 4, 20, MIN_RECAPTURES - 1, 800.0, 4.0, 480, interval=(300.0, 4000.0))
    assert not rough.reliable and "rough value" in rough.describe() and "95% interval 300 to 4000" in rough.describe()
    good = PilotRun(400, 4000, 4.0, False, 400, 4, 900, 600, 600.0, 4.0, 4800, interval=(560.0, 650.0))
    assert good.reliable and "rough" not in good.describe()


def test_pilot_respects_its_cpu_cap():
    """conv k=3,2,2 r=2 has degree 384 (Shahverdi-Marchetti-Kohn, Thm. 2.8); its whole search takes about 0.6
    CPU seconds (7,456 paths; 2026-12-05, idle), so a 0.2 CPU-second pilot stops early (0.5 did not always: a
    clean-clone CI run finished the search in 0.59 s): the search and the loops each stop near the cap (a kernel
    call and the bookkeeping after it are the granularity), the warm-up is outside it."""
    from algnet.analyses.shared import dimension_result

    net = parse_spec("conv k=3,2,2 r=2")
    dim = int(dimension_result(net, seed=0).dimension)
    cap = 0.2
    c = time.process_time()
    p = monodromy_pilot(net, dim, seed=0, seconds=cap)
    total = time.process_time() - c
    assert not p.finished and 0 < p.points < conv_degree([3, 2, 2], 2)
    assert p.search_cpu <= cap + 0.6 and p.loop_cpu <= cap + 0.6
    assert p.cpu_seconds == pytest.approx(p.search_cpu + p.loop_cpu)
    assert total >= p.warm_up_cpu + p.cpu_seconds - 1e-6
    assert p.interval[0] <= p.estimate <= p.interval[1]
