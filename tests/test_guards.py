"""Resource guards: estimates first, refusals in seconds with the estimate, blocked evaluation."""

import math
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.dimension import dimension, estimate_dimension, jacobian_sketch
from algnet.errors import ParameterError, TooLargeError
from algnet.guards import available_memory, check_resources, check_time_limit, memory_limit

ROOT = Path(__file__).resolve().parent.parent


def _cli(*args, env=None):
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "algnet", *args], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, timeout=120)
    return out, time.perf_counter() - t


@pytest.mark.parametrize("spec", ["dense 100-100-100-100 r=2", "dense 200-200-200-200-200-200 r=9"])
def test_too_large_dimension_refused_in_seconds(spec):
    # 30002 x 30000 float64 sketch = 6.7 GiB (blocked elimination): refused under a 4 GiB limit;
    # 200002 x 200000 = 298 GiB: refused on any machine of today
    out, sec = _cli("dim", spec, env={"ALGNET_MEMORY_LIMIT": "4G"})
    assert out.returncode == 2 and sec < 30
    assert "Traceback" not in out.stderr and "MemoryError" not in out.stderr
    assert "Jacobian sketch" in out.stderr and "GiB" in out.stderr
    # --force is offered unless the estimate is more than the machine has in all (298 GiB: then it cannot help)
    assert ("--force" in out.stderr) != ("more than this machine has" in out.stderr)


def test_time_limit_refusal_of_the_30000_parameter_case_in_seconds():
    # the elimination of a 30002 x 30000 sketch is at least 2/3 n^3 = 1.8e13 multiply-adds: above 3 min of CPU at
    # 100 GFlop per CPU second (twice this machine's dgemm), so above 60 s at any load: refused before any row
    # is evaluated, with the CPU estimate (in minutes) and the way out named
    import re

    out, sec = _cli("dim", "dense 100-100-100-100 r=2", "--time-limit", "60")
    assert out.returncode == 2 and sec < 30, out.stderr[-2000:]
    assert "Traceback" not in out.stderr and "30002 x 30000" in out.stderr
    cpu = re.search(r"GiB, (\d+\.\d) min", out.stderr)
    assert cpu and float(cpu.group(1)) >= 3, out.stderr
    # the rank cannot stop midway: --force lifts size refusals, not this limit, so the way out is a larger limit
    assert "above the time limit of 1.0 min" in out.stderr and "a larger --time-limit" in out.stderr
    assert "--force runs it anyway" not in out.stderr


def test_time_estimate_is_cpu_seconds_times_the_load(monkeypatch):
    """The wall-clock estimate follows the machine's load: the same run passes a time limit on an idle
    machine and is refused (naming its CPU estimate and the load) when the machine is five times busier."""
    import algnet.guards as g
    from algnet.analyses import dimension_estimate as de
    from algnet.guards import format_seconds

    net = parse_spec("dense 40-40-40 r=2")
    monkeypatch.setattr(g, "load_factor", lambda threads=None: 1.0)
    idle = estimate_dimension(net)
    assert idle["seconds"] == pytest.approx(idle["cpu_seconds"]) and idle["load_factor"] == pytest.approx(1.0)
    assert idle["cpu_seconds"] == pytest.approx(sum(de.cpu_seconds(3202, 3200, 3200, 2**21 - 9)), rel=0.01)
    limit = 2 * idle["cpu_seconds"]
    assert de.check_dimension_resources(net, time_limit=limit)["rows"] == 3202
    monkeypatch.setattr(g, "load_factor", lambda threads=None: 5.0)
    with pytest.raises(TooLargeError) as e:
        de.check_dimension_resources(net, time_limit=limit)
    assert e.value.seconds == pytest.approx(5 * idle["cpu_seconds"])
    assert f"{format_seconds(idle['cpu_seconds'])} of CPU" in str(e.value) and "at this machine's load" in str(e.value)


def test_memory_limit_from_the_environment(monkeypatch):
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "1K")
    assert memory_limit() == 1024
    with pytest.raises(TooLargeError) as e:
        dimension("dense 4-4-4 r=2", seed=0)
    assert e.value.memory_bytes > 1024 and "force=True" in e.value.hint
    assert dimension("dense 4-4-4 r=2", seed=0, force=True).dimension == 28   # pyramidal: 16+16-4
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "lots")
    with pytest.raises(ParameterError):
        memory_limit()


# run in a child: the process's own address-space limit (ulimit -v) set to what it maps already plus 1 GiB, then the
# guards read; the child allocates nothing
_RLIMIT_CHILD = """
import resource, re
import algnet.guards as g
from algnet.errors import TooLargeError
size = int(re.search(r"VmSize:\\s*(\\d+)", open("/proc/self/status").read()).group(1)) * 1024
resource.setrlimit(resource.RLIMIT_AS, (size + 2**30, resource.getrlimit(resource.RLIMIT_AS)[1]))
g._LAST["snap"] = None
print(g.memory_limit() <= 2**30, g.machine_memory() <= 2**30)
try:
    g.check_resources("a 2 GiB step", memory=2 * 2**30, force=True)
except TooLargeError as e:
    print("refused", "ulimit" in str(e))
"""


def test_memory_limit_within_the_process_address_space_limit():
    # under `ulimit -v` / `prlimit --as` a step that fits the machine's free memory but not the process's limit
    # would end in a MemoryError (dense 130-130-130-1 r=3: an 8.7 GiB sketch under a 4 GB limit, with 20 GiB free):
    # the limit bounds the memory a guard allows, and a step above it is impossible, forced or not
    out = subprocess.run([sys.executable, "-c", _RLIMIT_CHILD], capture_output=True, text=True, cwd="/",
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True", "refused", "True"]


def test_time_limit_refuses_before_computing():
    t = time.process_time()     # CPU time: the machine's load does not stretch it
    with pytest.raises(TooLargeError) as e:
        dimension("dense 40-40-40 r=2", seed=0, time_limit=0.01)
    assert time.process_time() - t < 5 and e.value.seconds > 0.01
    for bad in (math.nan, -1, 0, True, "x"):
        with pytest.raises(ParameterError):
            dimension("linear 2-1-2", seed=0, time_limit=bad)


def test_load_factor_counts_the_threads(monkeypatch):
    """On C = 2 cores at load L: one thread waits max(1, (L + 1) / 2) wall seconds per CPU second, two threads
    max(1, (L + 2) / 2) / 2 (hand-computed), the load average alone L / 2."""
    import algnet.guards as g

    monkeypatch.setattr(g.os, "sched_getaffinity", lambda pid: {0, 1})
    for L, one, two, plain in ((0.0, 1.0, 0.5, 1.0), (2.0, 1.5, 1.0, 1.0), (16.0, 8.5, 4.5, 8.0)):
        monkeypatch.setattr(g.os, "getloadavg", lambda L=L: (L, L, L))
        assert (g.load_factor(1), g.load_factor(2), g.load_factor(8), g.load_factor()) == (one, two, two, plain)


def test_check_helpers():
    assert available_memory() > 2**20
    assert check_time_limit(None) is None and check_time_limit(3) == 3.0
    with pytest.raises(ParameterError):
        check_time_limit(math.inf)
    assert check_resources("x", memory=2**30, force=True) > 0
    with pytest.raises(TooLargeError, match="more than this machine has"):     # force cannot make memory
        check_resources("x", memory=2**60, force=True)


def test_blocked_sketch_equals_one_block():
    net = parse_spec("dense 3-3-2 r=2")
    theta = np.arange(net.n_params) + 5
    a = jacobian_sketch(net, theta, 17, 268435399, np.random.default_rng(4))
    b = jacobian_sketch(net, theta, 17, 268435399, np.random.default_rng(4), block=3)
    assert a.shape == (17, net.n_params) and np.array_equal(a % 268435399, b % 268435399)


def test_estimate_grows_with_the_sketch():
    small, big = (estimate_dimension(parse_spec(s)) for s in ("dense 5-5-5 r=2", "dense 20-20-20 r=2"))
    assert small["rows"] == small["columns"] + 2 == 52
    assert big["memory"] > 10 * small["memory"] and big["seconds"] > small["seconds"]


def _low_rank(rng, m, n, r, p):
    """A random m x n matrix of rank <= r modulo p with zero and repeated columns (pivots not consecutive)."""
    X = rng.integers(0, p, size=(m, r)).astype(object)
    Y = rng.integers(0, p, size=(r, n)).astype(object)
    A = np.array((X @ Y) % p, dtype=np.int64)
    A[:, rng.integers(0, n, size=n // 4)] = 0
    dup = rng.integers(0, n, size=n // 8)
    A[:, dup] = A[:, rng.integers(0, n, size=dup.size)]
    return A


@pytest.mark.parametrize("p", [7, 2**21 - 9, 2**28 - 57])
def test_blocked_elimination_matches_flint(monkeypatch, p):
    """Tiny blocks force every blocked code path (row/column panels, digit panels, compacted L columns)."""
    from algnet.core import fastla, fastla_kernels
    from algnet.core.matrix import Matrix

    monkeypatch.setattr(fastla_kernels, "WORK_ENTRIES", 40)
    monkeypatch.setattr(fastla_kernels, "MIN_BLOCK", 3)
    rng = np.random.default_rng(p % 1000)
    for m, n, r in [(230, 170, 90), (120, 260, 119), (300, 300, 300)]:
        A = _low_rank(rng, m, n, r, p)
        ref = Matrix(A, p).rank_profile("flint")
        assert fastla.rank_profile_blas(A, p) == ref
        W = fastla.centred_buffer(m, n)
        fastla.store_rows(W, 0, A, p)
        assert fastla.rank_profile_blas(W, p, overwrite=True) == ref


def test_dimension_blocked_path_equals_unblocked_rank(monkeypatch):
    """A mid-sized sketch (359 x 357) evaluated in blocks of 5 rows and eliminated in place with tiny product
    blocks: its rank and pivots equal flint's on the same (int64, one block) sketch."""
    from algnet.analyses import dimension as dim_mod
    from algnet.core import fastla, fastla_kernels
    from algnet.core.matrix import Matrix, gf_method

    net = parse_spec("dense 19-17-2 r=2")
    est = estimate_dimension(net)
    assert est["route"] == "fastla" and (est["rows"], est["columns"]) == (359, 357)
    p = 2**28 - 57
    theta = np.random.default_rng(1).integers(0, p, size=net.n_params)
    J = jacobian_sketch(net, theta, est["rows"], p, np.random.default_rng(2), block=10**6)
    ref = Matrix(J, p).rank_profile("flint")
    monkeypatch.setattr(fastla_kernels, "WORK_ENTRIES", 1000)
    monkeypatch.setattr(fastla_kernels, "MIN_BLOCK", 16)
    W = jacobian_sketch(net, theta, est["rows"], p, np.random.default_rng(2), block=5, centred=True)
    assert W.dtype == np.float64 and gf_method(W.shape, p) == "fastla"
    assert fastla.rank_profile_blas(W, p, overwrite=True) == ref
    monkeypatch.setattr(dim_mod, "sketch_block_rows", lambda net: max(1, 2**16 // (24 * net.n_params)))
    res = dimension(net, seed=3, primes=[p], certify=False)
    assert res.dimension == ref[0] > 200


def test_estimate_covers_the_float_sketch():
    """The estimate is the float64 sketch plus blocks: 8 bytes per entry at size, not four copies."""
    est = estimate_dimension(parse_spec("dense 100-100-100-100 r=2"))
    entries = est["rows"] * est["columns"]
    assert 8 * entries < est["memory"] < 8 * entries + 2**30


@pytest.mark.parametrize("argv", [["hilbert", "dense 30-30-30 r=2", "--up-to", "2"],
                                  ["implicit", "dense 30-30-30 r=2", "-d", "2"]])
def test_too_large_graded_computation_refused_in_seconds(argv):
    # 13950 coordinates: the grading's Jacobians alone are 13950 x 1800 at 6+ points (minutes, GiBs)
    out, sec = _cli(*argv)
    assert out.returncode == 2 and sec < 30, out.stderr[-2000:]
    assert "Traceback" not in out.stderr and "13950 coordinates" in out.stderr
    assert "GiB" in out.stderr
    # --force is offered unless the set-up's 49.6 GiB are more than the machine has in all
    assert ("--force" in out.stderr) != ("more than this machine has" in out.stderr)
    # a larger --time-limit only where the set-up's memory is within the limit (else it is refused all the same)
    over = "above the limit of" in out.stderr or "more than this machine has" in out.stderr
    assert ("--time-limit" in out.stderr.split("hint:")[1]) != over


def test_graded_pieces_checked_against_the_memory_limit(monkeypatch):
    """Beyond the counts (max_monomials, max_piece), the largest evaluation matrix and the listing of each
    degree's monomials by weight are compared with the machine: a 50 KiB limit refuses linear 4-2-4 up to
    degree 3 (~70 KiB of pieces and indices; listing its 816 cubic monomials with their weights under a
    7-dimensional torus, by hand 816 x (8*3*7 + 24*7 + 16*3) bytes = 306 KiB), with the cheaper route; degree 2
    (~9 KiB of pieces, 136 x 312 bytes = 41 KiB of listing) and the set-up (~28 KiB) fit."""
    from algnet.analyses.hilbert import hilbert_function
    from algnet.analyses.implicit import implicitize

    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "50K")
    for call in (lambda: hilbert_function("linear 4-2-4", up_to=3, seed=0),
                 lambda: implicitize("linear 4-2-4", max_degree=3, seed=0)):
        t = time.process_time()     # CPU time: the machine's load does not stretch it
        with pytest.raises(TooLargeError) as e:
            call()
        assert time.process_time() - t < 20 and e.value.memory_bytes > 50 * 2**10
        assert "listing the 816 monomials of degree 3" in str(e.value) and e.value.memory_bytes == 816 * 384
        assert "up_to=2" in e.value.hint or "max_degree=2" in e.value.hint
    monkeypatch.delenv("ALGNET_MEMORY_LIMIT")
    # forced or within the limit it runs: the 3x3 minors of a 4x4 matrix of rank 2 are the 16 cubics
    assert implicitize("linear 4-2-4", max_degree=3, seed=0, force=True).generator_degrees == (3,) * 16


def test_long_runs_are_announced_with_their_estimate(caplog):
    """A run allowed by the guards but estimated above ANNOUNCE_SECONDS is announced before it starts;
    a short one or one that stops at the caller's time limit (run_time_limit) is not."""
    import logging

    from algnet.guards import ANNOUNCE_SECONDS, check_resources

    with caplog.at_level(logging.WARNING, logger="algnet"):
        check_resources("toy step (estimated 2 h)", memory=1.0, seconds=ANNOUNCE_SECONDS * 60)
    assert "toy step (estimated 2 h)" in caplog.text and "--time-limit" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="algnet"):
        check_resources("short step", memory=1.0, seconds=1.0)
        check_resources("long but bounded", memory=1.0, seconds=ANNOUNCE_SECONDS * 2,
                        time_limit=ANNOUNCE_SECONDS * 3, run_time_limit=ANNOUNCE_SECONDS * 3)
    assert caplog.text == ""


# ---------------------------------------------------------------- degree estimate: capture-recapture pilot
def _synthetic_loops(N, k, loops, fixed_share, rng):
    """Counts of `loops` random monodromy-like permutations of N points (a share left in place, the others
    permuted at random among themselves) applied to k marked points (labels 0..k-1)."""
    from algnet.analyses.degree_pilot import recapture_counts

    moved = recaptured = fixed_as_recaught = 0
    for _ in range(loops):
        stay = rng.random(N) < fixed_share
        perm = np.arange(N)
        movers = np.flatnonzero(~stay)
        perm[movers] = rng.permutation(movers)
        marked = np.arange(k)
        end = np.where(perm[marked] < k, perm[marked], -1)
        mv, rc = recapture_counts(marked, end)
        moved, recaptured = moved + mv, recaptured + rc
        fixed_as_recaught += rc + int(np.sum(perm[marked] == marked))
    return moved, recaptured, fixed_as_recaught


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_chapman_estimate_on_synthetic_loops_with_a_known_total(seed):
    """Lincoln-Petersen (Chapman) on loop endpoints recovers a known number of points; counting the points a
    loop leaves in place as recaptures (what the pilot avoids) would bias it far low."""
    from algnet.analyses.degree_pilot import chapman_estimate

    rng = np.random.default_rng(seed)
    N, k, loops = 2000, 400, 4
    moved, recaptured, with_fixed = _synthetic_loops(N, k, loops, fixed_share=0.25, rng=rng)
    est = chapman_estimate(k, moved, recaptured)
    assert 0.8 * N < est < 1.2 * N
    naive = chapman_estimate(k, k * loops, with_fixed)
    assert naive < 0.6 * N


def test_chapman_estimate_exact_cases_and_bad_counts():
    from algnet.analyses.degree_pilot import chapman_estimate

    # hand computation: (9 + 1)(9 + 1)/(9 + 1) - 1 = 9 when every caught one was marked
    assert chapman_estimate(9, 9, 9) == 9
    assert chapman_estimate(1, 1, 0) == 3.0          # (2)(2)/(1) - 1
    with pytest.raises(ParameterError):
        chapman_estimate(5, 3, 4)


def test_pilot_that_finishes_counts_the_theorems_degree():
    """linear 2-1-2: rank <= 1 2x2 matrices, a determinantal hypersurface of degree 2 (THEOREMS.md)."""
    from algnet.analyses.degree_estimate import estimate_monodromy
    from algnet.analyses.degree_pilot import monodromy_pilot

    p = monodromy_pilot(parse_spec("linear 2-1-2"), dim=3, seed=0, seconds=30)
    assert p.finished and p.points == 2 and p.paths > 0
    est = estimate_monodromy(parse_spec("linear 2-1-2"), dim=3, seed=0, pilot_seconds=30)
    assert est.degree == 2 and est.bound.value >= 2 and est.pilot.finished and est.seconds > 0
    with pytest.raises(ParameterError):
        estimate_monodromy(parse_spec("linear 2-1-2"), dim=7, seed=0)


def test_capped_pilot_estimate_is_between_what_it_saw_and_the_bound():
    from algnet.analyses.degree_estimate import estimate_monodromy

    net = parse_spec("dense 3-2-3 r=2")
    est = estimate_monodromy(net, dim=dimension(net, seed=0).dimension, seed=0, pilot_seconds=0.3)
    p = est.pilot
    if p is not None and not p.finished:
        assert p.points <= p.estimate and est.degree <= est.bound.value
        assert est.seconds == pytest.approx(est.paths * est.seconds_per_path)
        assert est.cpu_seconds == pytest.approx(est.paths * p.cpu_seconds_per_path)
        assert "bound:" in est.describe() and "used by the guard" in est.describe()


def test_degree_refusal_names_estimate_and_bound():
    from algnet.analyses.degree import degree

    with pytest.raises(TooLargeError) as e:
        # r=3: dense 3-3-3-1 r=2's seed-0 pilot can finish inside the 1 CPU s (tests/test_certify_degree.py)
        degree("dense 3-3-3-1 r=3", seed=0, time_limit=1.0)
    msg = str(e.value)
    assert "estimate (used by the guard)" in msg and "bound: the degree is at most" in msg
    assert e.value.info["degree_estimate"] <= e.value.info["degree_bound"]


def test_time_cap_interrupts_and_restores_the_previous_handler():
    import signal

    from algnet.guards import time_cap

    before = signal.getsignal(signal.SIGALRM)
    with time_cap(0.05) as cap:
        with pytest.raises(KeyboardInterrupt):
            time.sleep(5)
    assert cap.expired and signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


@pytest.mark.parametrize("cpu", [False, True])
def test_time_cap_ignores_a_signal_before_its_deadline(cpu):
    """The kernel's profiling timer can fire a little before the process's CPU clock reaches the cap (1 in ~40
    one-second caps around a sympy Groebner basis): a timer signal when no cap is due must neither interrupt nor
    mark the cap expired (it used to raise a KeyboardInterrupt no cap claimed, which reached the user)."""
    import os
    import signal

    from algnet.guards import time_cap

    with time_cap(60.0, cpu=cpu) as cap:
        os.kill(os.getpid(), signal.SIGPROF if cpu else signal.SIGALRM)
        time.sleep(0.01)                       # the handler runs here
    assert not cap.expired
    assert signal.getitimer(signal.ITIMER_PROF if cpu else signal.ITIMER_REAL)[0] == 0


def test_pilot_is_the_beginning_of_the_real_run():
    """The pilot draws the degree route's own system and search: finished, it took the same paths and found
    the same points as the route's first attempt with that seed (dense 3-2-1 r=2: degree 3)."""
    from algnet.analyses.degree_monodromy import monodromy_attempt
    from algnet.analyses.degree_pilot import monodromy_pilot
    from algnet.analyses.degree_monodromy import degree_options

    net = parse_spec("dense 3-2-1 r=2")
    dim = dimension(net, seed=0).dimension
    for seed in (0, 1):
        p = monodromy_pilot(net, dim, seed=seed, seconds=60)
        # the degree route's own options for this network (degree_monodromy: ``options or degree_options(net)``)
        out = monodromy_attempt(net, dim, seed, degree_options(net), certify=False)
        assert p.finished and out["trace_test_passed"]
        assert (p.points, p.paths) == (out["degree"], out["paths"])


@pytest.mark.parametrize("seed", [0, 1])
def test_paths_ratio_on_a_synthetic_coupon_collector(seed):
    """Paths that each land on a uniformly random point of N (a known total): the pilot's paths for a fifth
    of the points times paths_ratio predict the paths to find them all (coupon collector: N ln N + 0.58 N)."""
    from algnet.analyses.degree_pilot import paths_ratio

    rng = np.random.default_rng(seed)
    N = 500
    seen, k, P, P_pilot, k_pilot = np.zeros(N, dtype=bool), 0, 0, None, None
    while k < N:
        j = rng.integers(N)
        P += 1
        if not seen[j]:
            seen[j], k = True, k + 1
        if P_pilot is None and k == N // 5:
            P_pilot, k_pilot = P, k
    predicted = P_pilot * paths_ratio(k_pilot, N)
    assert 0.7 < predicted / P < 1.4
