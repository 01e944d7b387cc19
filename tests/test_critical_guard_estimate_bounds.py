"""The critical-point guard's estimate: an upper bound where the count is unknown, and the set-up's memory.

Before 2026-12-05 a count no theorem gives was estimated at one critical point (the Frobenius and Bombieri metrics
without a formula: an ED degree estimated at 2.6 s ran over 25 minutes) and the memory had no floor (50 KB for
linear 2-1-2, whose count takes 134 MB in a new process). Now the estimate carries an upper bound on the count
(the generic ED degree, which no metric exceeds, else the Bezout number of the slice's gradient system), a run
that bound does not keep within the budget stops at the default budget, and the memory includes the set-up
measured.
"""

import json
import os
import subprocess
import sys

import pytest

from algnet import parse_spec
from algnet.analyses.critical import critical_points, ed_degree
from algnet.analyses.critical import estimate_bounds
from algnet.analyses.critical.estimate import DEFAULT_BUDGET, critical_estimate
from algnet.errors import TooLargeError


def test_special_metric_without_formula_is_bounded_by_the_generic_ed_degree():
    # the twisted cubic (dense 2-1-1 r=3: c (a x + b y)^3): no Frobenius formula on its coefficients; its generic ED
    # degree is 3 d - 2 = 7 (rational normal curve of degree 3, DHOST 2016; THEOREMS 8)
    est = critical_estimate(parse_spec("dense 2-1-1 r=3"), "frobenius")
    assert est.lower_bound and est.points == 1
    assert est.points_upper == 3 * 3 - 2 and "generic ED degree" in est.upper_source
    assert est.cpu_seconds_upper > est.cpu_seconds and "at most 7" in est.describe()
    r = ed_degree("dense 2-1-1 r=3", metric="frobenius", seed=0)
    assert est.points <= r.ed_degree <= est.points_upper


def test_no_formula_at_all_is_bounded_by_bezout():
    # dense 3-2-3 r=2: dim M = 3*2 + 2*3 - 2 = 10 (expected dimension, pyramid-free but no defect), outputs of degree
    # 1 + 2 = 3 in the parameters: gradient equations of degree 5 on a slice of 10 variables, at most 5^10 solutions
    est = critical_estimate(parse_spec("dense 3-2-3 r=2"), "bombieri")
    assert est.lower_bound and est.dim == 10 and est.points_upper == 5 ** 10
    assert est.cpu_seconds_upper > DEFAULT_BUDGET       # not bounded within the budget: capped, not run unasked
    assert estimate_bounds.default_cap(est) >= DEFAULT_BUDGET
    assert estimate_bounds.default_cap(est, time_limit=30.0) is None       # the caller's limit caps it instead
    assert estimate_bounds.default_cap(est, force=True) is None
    known = critical_estimate(parse_spec("linear 3-1-3"), "frobenius")       # Eckart-Young: an exact count
    assert not known.lower_bound and known.points_upper is None and estimate_bounds.default_cap(known) is None


def test_a_run_no_theorem_bounds_stops_at_the_default_budget(monkeypatch):
    monkeypatch.setattr(estimate_bounds, "DEFAULT_BUDGET", 0.05)     # the cap (wall seconds x load) made tiny
    try:
        r = critical_points("dense 3-2-3 r=2", loss="bombieri", seed=0, classify=False)
    except TooLargeError as e:                            # stopped during the set-up: nothing finished
        assert "the default budget" in str(e) and "force=True" in e.hint
        return
    assert r.partial and r.partial_reason.startswith("default budget reached")
    assert "at most 9765625 critical points" in r.partial_reason


_PEAK_CHILD = r"""
import json, sys
import algnet.analyses.critical as C
from algnet import parse_spec
from algnet.analyses.critical.estimate import critical_estimate
from algnet.analyses.critical.structure_store import caching

def status(key):
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) * 1024 for line in fh if line.startswith(key + ":"))

net = parse_spec(sys.argv[1])
est = critical_estimate(net, "generic", classify=False)
with open("/proc/self/clear_refs", "w") as fh:
    fh.write("5")                                                    # the peak (VmHWM) restarts from here
base = status("VmRSS")
with caching(False):                                                 # the structure solved, not loaded
    C.critical_points(net, loss="generic", seed=0, classify=False)
print(json.dumps({"estimate": est.memory, "peak": status("VmHWM") - base}))
"""


@pytest.mark.skipif(not os.access("/proc/self/clear_refs", os.W_OK), reason="needs Linux's /proc/self/clear_refs")
def test_memory_estimate_bounds_a_new_process_count():
    # a count in a new process loads numba, scipy and the kernels: 134 MB measured for linear 2-1-2 (2026-12-05)
    # the kernels compiled and cached first (a process that compiles them from source peaks at ~400 MB in LLVM: a
    # one-time cost of an installation, not the count's; measured in a clean CI install and a tree whose kernel
    # sources had changed, 2026-12-05)
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    subprocess.run([sys.executable, "-c", _PEAK_CHILD, "linear 2-1-2"], capture_output=True, text=True, env=env,
                   timeout=1200)
    out = subprocess.run([sys.executable, "-c", _PEAK_CHILD, "linear 2-1-2"], capture_output=True, text=True,
                         env=env, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert 0 < got["peak"] <= got["estimate"] <= 4 * got["peak"], got
