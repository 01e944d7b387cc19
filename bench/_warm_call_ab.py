"""CPU time of the warm call (:func:`algnet.analyses.critical.warm.warm_count`: the parameter homotopy from a
structure's stored points to a call's target, the checks and the Krawczyk certification) in two source trees,
interleaved A, B, A, B, ... in fresh processes.

Each process imports algnet, runs the untimed warm-up of ``bench_critical.py``'s fresh columns (every route once
on another structure: numba imported, its cached kernels loaded), then counts ``ed_degree(spec, metric="generic",
seed=s)`` with the structure store of its tree filled beforehand (the first count after the store load: its
structure comes from the store), then the same count again (seed s: the same target, so the same paths and
steps), then ``repeat`` more counts of the same structure in the same process (seeds s+1, ...). Printed per tree and
spec: the CPU of the whole first count, of its warm call, of the same count again and its warm call, and of the
in-process warm calls of the other seeds (min and median over the rounds), with the counts seen (every one must be
the generic ED degree). The first count's cold start is its difference from the same count again: the warm call's
work depends on the seed (its target: the paths' steps; 0.2-0.65 ms for linear 2-1-2 over seeds 0-302, each within
10% when repeated), so the in-process calls of other seeds are no measure of it.

Usage::

    python bench/_warm_call_ab.py ROUNDS TREE_A TREE_B [SPEC ...]

``--calls``: instead, print the number of Python function calls (``sys.setprofile`` events) of one warm call
in the current tree, first after a store load and then in process.

``--first ROUNDS TREE_A TREE_B [SPEC ...]``: instead, the very first call of a process (no warm-up: what a command line
pays after ``import algnet``), store filled, each tree's bytecode cached in its own directory (an installed
package's), interleaved A, B / B, A, seed 0 each round (the store filled by seeds 1000 and 1001); CPU of the call,
min / median, with the new modules it imported, and the per-round ratio B / A; beside it the CPU of the call with
the ``import`` of :mod:`algnet.analyses.critical` before it, and of the whole process until after the call (start-up
included): work moved from the call into the import shows there.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile

SPECS = ("linear 2-1-2", "dense 2-1-1 r=3", "conv k=2,2 r=2")
WARM_UP = "dense 2-1-1 r=2"

_CHILD = r"""
import json, sys, time
from algnet.analyses.critical import ed_degree
from algnet.analyses.critical import warm
spec, seed, repeat, warm_up, calls = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5] == "1"
if warm_up:
    for m in ("monodromy", "total degree", "multihomogeneous", "auto"):
        ed_degree(warm_up, metric="generic", seed=0, method=m)
spent, counted, tracked, untracked = [], [], [], []
import algnet.homotopy.monodromy as mono
track = mono.track_parameters
def timed_track(*a, **k):
    c0 = time.process_time()
    out = track(*a, **k)
    tracked.append(time.process_time() - c0)
    return out
mono.track_parameters = timed_track
inner = warm.warm_count
def timed(*a, **k):
    if calls:
        n = [0, 0]
        def prof(frame, event, arg):
            if event == "call":
                n[0] += 1
            elif event == "c_call":
                n[1] += 1
        sys.setprofile(prof)
        try:
            out = inner(*a, **k)
        finally:
            sys.setprofile(None)
        counted.append(n)
        return out
    c0 = time.process_time()
    n = len(tracked)
    out = inner(*a, **k)
    spent.append(time.process_time() - c0)
    untracked.append(spent[-1] - sum(tracked[n:]))
    return out
warm.warm_count = timed
c0 = time.process_time()
r = ed_degree(spec, metric="generic", seed=seed)
first = time.process_time() - c0
eds = [r.ed_degree]
loaded = "loaded from the cache" in r.critical.completeness
c0 = time.process_time()
eds.append(ed_degree(spec, metric="generic", seed=seed).ed_degree)       # the same count again: no cold start
again = time.process_time() - c0
for s in range(seed + 1, seed + 1 + repeat):
    eds.append(ed_degree(spec, metric="generic", seed=s).ed_degree)
print(json.dumps({"first": first, "again": again, "warm": spent, "untracked": untracked, "calls": counted, "eds": eds,
                  "loaded": loaded}))
"""


def _run(tree, store, spec, seed, repeat, warm_up=WARM_UP, calls=False):
    env = dict(os.environ, ALGNET_CACHE_DIR=store, PYTHONPATH=tree)
    # (run in the tree: ``python -c`` puts the working directory first on sys.path, before PYTHONPATH, so a child
    # started elsewhere -- in another checkout -- would import that checkout's algnet)
    p = subprocess.run([sys.executable, "-c", _CHILD, spec, str(seed), str(repeat), warm_up, "1" if calls else "0"],
                       env=env, capture_output=True, text=True, timeout=900, cwd=tree)
    if p.returncode:
        raise RuntimeError(p.stderr[-2000:])
    return json.loads(p.stdout.strip().splitlines()[-1])


def _ms(xs):
    return f"{1e3 * min(xs):6.2f} / {1e3 * statistics.median(xs):6.2f}"


def ab(rounds, trees, specs=SPECS, repeat=20):
    stores = [tempfile.mkdtemp(prefix="warm_ab_") for _ in trees]
    for tree, store in zip(trees, stores):
        for spec in specs:
            _run(tree, store, spec, 1000, 0, warm_up="")          # fills the store (another seed)
    runs = {(t, s): [] for t in trees for s in specs}
    for r in range(rounds):
        for spec in specs:
            for tree, store in zip(trees, stores):
                runs[tree, spec].append(_run(tree, store, spec, 100 * r, repeat))
    for spec in specs:
        print(spec)
        for tree in trees:
            x = runs[tree, spec]
            ok = all(e["loaded"] for e in x)
            eds = sorted({d for e in x for d in e["eds"]})
            print(f"  {tree:28s} first count {_ms([e['first'] for e in x])}  its warm call "
                  f"{_ms([e['warm'][0] for e in x])} (without its tracking {_ms([e['untracked'][0] for e in x])})"
                  f"  the same count again {_ms([e['again'] for e in x])} (its warm call "
                  f"{_ms([e['warm'][1] for e in x])})"
                  f"  in-process warm, other seeds {_ms([w for e in x for w in e['warm'][2:]])} (without tracking "
                  f"{_ms([w for e in x for w in e['untracked'][2:]])})  ms CPU (min / median); loaded {ok}; "
                  f"counts {eds}")
        a, b = (runs[t, spec] for t in trees)
        for key, label in (("first", "first count"), ("warm", "its warm call"), ("untracked", "without tracking")):
            pair = [(y[key] if key == "first" else y[key][0]) / (x[key] if key == "first" else x[key][0])
                    for x, y in zip(a, b)]
            print(f"  B / A, same seed, per round ({label}): median {statistics.median(pair):.3f}, "
                  f"quartiles {statistics.quantiles(pair, n=4)[0]:.3f} - {statistics.quantiles(pair, n=4)[2]:.3f}")
    return runs


_FIRST = r"""
import json, sys, time
i0 = time.process_time()
from algnet.analyses.critical import ed_degree
before = set(sys.modules)
c0 = time.process_time()
r = ed_degree(sys.argv[1], metric="generic", seed=int(sys.argv[2]))
cpu = time.process_time() - c0
print(json.dumps({"cpu": cpu, "ed": r.ed_degree, "loaded": "loaded from the cache" in r.critical.completeness,
                  "import": c0 - i0, "process": time.process_time(),
                  "file": sys.modules["algnet"].__file__,
                  "imported": len(set(sys.modules) - before)}))
"""


def first_calls(rounds, trees, specs=SPECS[:2]):
    """The very first call of a process in each tree (module doc, ``--first``), printed per spec."""
    dirs = {t: (tempfile.mkdtemp(prefix="first_ab_"), tempfile.mkdtemp(prefix="first_pyc_")) for t in trees}

    def run(tree, spec, seed):
        env = dict(os.environ, ALGNET_CACHE_DIR=dirs[tree][0], PYTHONPATH=tree, PYTHONPYCACHEPREFIX=dirs[tree][1])
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        p = subprocess.run([sys.executable, "-c", _FIRST, spec, str(seed)], env=env, capture_output=True, text=True,
                           timeout=900, cwd=tree)      # (in the tree: see _run)
        if p.returncode:
            raise RuntimeError(p.stderr[-2000:])
        out = json.loads(p.stdout.strip().splitlines()[-1])
        if not os.path.realpath(out["file"]).startswith(os.path.realpath(tree) + os.sep):
            raise RuntimeError(f"the child imported {out['file']}, not the tree {tree}")
        return out

    for spec in specs:
        for tree in trees:
            for seed in (1000, 1001, 0):       # solved and stored, its tapes written, stamped; bytecode compiled
                run(tree, spec, seed)
        got = {t: [] for t in trees}
        for r in range(rounds):         # seed 0 every round: the same paths (their steps depend on the target)
            for tree in (trees if r % 2 == 0 else trees[::-1]):
                got[tree].append(run(tree, spec, 0))
        print(spec)
        for tree in trees:
            x = got[tree]
            print(f"  {tree:28s} very first call {_ms([e['cpu'] for e in x])} ms CPU (min / median); with the "
                  f"import before it {_ms([e['cpu'] + e['import'] for e in x])}; the process until after the call "
                  f"{_ms([e['process'] for e in x])}; loaded "
                  f"{all(e['loaded'] for e in x)}; modules imported by it {sorted({e['imported'] for e in x})}; "
                  f"counts {sorted({e['ed'] for e in x})}")
        pair = [y["cpu"] / x["cpu"] for x, y in zip(*(got[t] for t in trees))]
        print(f"  B / A per round: median {statistics.median(pair):.3f}, quartiles "
              f"{statistics.quantiles(pair, n=4)[0]:.3f} - {statistics.quantiles(pair, n=4)[2]:.3f}")


if __name__ == "__main__":
    if sys.argv[1] == "--first":
        first_calls(int(sys.argv[2]), sys.argv[3:5], tuple(sys.argv[5:]) or SPECS[:2])
    elif sys.argv[1] == "--calls":
        store = tempfile.mkdtemp(prefix="warm_calls_")
        tree = os.environ.get("PYTHONPATH", ".")
        for spec in sys.argv[2:] or SPECS:
            _run(tree, store, spec, 1000, 0, warm_up="")
            out = _run(tree, store, spec, 0, 3, calls=True)
            print(spec, "Python calls / C calls per warm call (first after the load, then in process):", out["calls"])
    else:
        runs = ab(int(sys.argv[1]), sys.argv[2:4], tuple(sys.argv[4:]) or SPECS)
        if os.environ.get("WARM_AB_JSON"):          # the raw rounds, for other statistics
            with open(os.environ["WARM_AB_JSON"], "w") as f:
                json.dump({f"{t} | {s}": v for (t, s), v in runs.items()}, f)
