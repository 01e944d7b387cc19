"""Critical points of a generic quadratic loss: algnet against Macaulay2 (Groebner bases).

Both sides count the critical points of L = (c(theta) - u)^T Q (c(theta) - u) on the
same gauge chart (the coordinates algnet pins by the known symmetries, here pinned
to 1) at which d mu has full rank:

* Macaulay2 (``M2``, where installed): the coefficient map c(theta) expanded by
  python-flint (not timed), Q = A A^T + I and u with small random integers; timed inside
  M2 (``cpuTime`` and ``elapsedTiming``): the critical ideal (the partial derivatives of
  L in the free coordinates), the ideal of the maximal minors of the Jacobian of c (the
  rank-drop locus), the saturation of the first by the second, and ``degree``; given
  ``REF_TIMEOUT`` seconds (a time-out is not repeated);
* algnet: ``ed_degree(spec, metric="generic", method=...)`` from the network spec, on each route -- the
  dimension, the loss, the gradient system, then (monodromy) monodromy in the target with its trace test, or
  (total degree) one total-degree homotopy with the gamma trick on a random slice, or (multihomogeneous) one
  linear-product homotopy on a slice cutting the layers separately (:mod:`algnet.analyses.critical.multihom`),
  each small route followed by a trace test on the points found; Krawczyk certification of every point (the
  count is the number of distinct images of the critical points with full rank, the same quantity); "count
  only" is ``certify=False``; after a warm-up call of each route (imports, numba's cached kernels).
  ``auto_route`` is the route ``method="auto"`` takes.

Each side: the fastest of ``REPEATS`` runs; ``auto_cpu_s_median_seeds``: the median CPU time of one certified
``ed_degree`` call (``method="auto"``) over seeds 0 .. ``SEEDS`` - 1 (one seed's slice and target can be lucky or
not; ``auto_median_cpu_ratio`` = Macaulay2 CPU / that median), ``auto_counts`` and ``auto_routes`` over those seeds;
``auto_cpu_s_median_seeds_best3`` the same median with each seed the best of ``REPEATS`` calls;
``auto_cold_cpu_s``: the first call of the structure (after ``warm.clear_cache()``, with the structure store off:
the structure-level solve of :mod:`algnet.analyses.critical.warm` and the call; numba's kernels already loaded).
The first count in a fresh process (:func:`fresh_columns`; a new Python process per run, ``import algnet`` not
timed, like Macaulay2's start-up; the CPU of the ``ed_degree`` call alone, best of ``REPEATS`` rounds run
interleaved cached / empty / first): ``auto_fresh_cached_cpu_s`` with the structure store
(:mod:`algnet.analyses.critical.structure_store`) holding the case (loaded; the count certifies its points) and
``auto_fresh_empty_cpu_s`` with an empty store (solved), both after untimed calls of another structure on every
route (numba imported, its cached kernels loaded); ``auto_fresh_first_cpu_s`` the very first call of the process,
store filled (what a command line pays after its imports: numba's import and kernel loading while a stored
structure's count loaded numba's kernels; now it runs without numba, :mod:`algnet.homotopy.tape_numpy`);
``auto_fresh_first_bytecode_cpu_s`` the same with the modules' bytecode cached (an installed algnet's; the measuring
environment sets ``PYTHONDONTWRITEBYTECODE``, so the other fresh columns compile the modules a call imports), and
beside it what that call leaves out, least over the same processes: ``auto_fresh_first_bytecode_import_cpu_s`` the
``import`` of :mod:`algnet.analyses.critical` (which loads the modules every stored structure's count runs, as
Macaulay2's ``needsPackage`` loads a package, untimed on its side) and ``auto_fresh_first_bytecode_process_cpu_s``
the whole process until after the call (start-up, import, call);
``auto_fresh_*_cpu_ratio`` = Macaulay2 CPU / those. The run's store is a temporary directory, filled by seed 1
(the timed calls are seed 0: a structure's first count is solved at its own parameters).
``<route>_cpu_ratio`` = Macaulay2 CPU seconds / algnet CPU seconds
(``time.process_time``) with certification, ``<route>_count_cpu_ratio`` without (routes: ``mono``, ``td``,
``mh``). ``--quick``: the first three cases; ``--skip-slow``: without conv k=2,2,2; ``--no-m2``: algnet only;
``--no-fresh``: without the fresh-process columns.

Measurements and what they decided, by date: ``bench/HISTORY.md``, section ``bench/bench_critical.py``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

REF_TIMEOUT = 120
SEEDS = 10           # auto route: the median CPU time of one certified call over seeds 0 .. SEEDS - 1
REPEATS = 3          # each side: the fastest of 3 runs (CPU time), a loaded machine disturbs single runs
CASES = ["linear 2-1-2", "dense 2-1-1 r=3", "conv k=2,2 r=2", "linear 3-1-3", "conv k=2,3 r=2",
         "conv k=3,2 r=2", "conv k=2,2,2 r=2"]
QUICK = CASES[:3]
ALGNET_ONLY = {"conv k=2,2,2 r=2"}     # Macaulay2 did not finish conv k=3,2 in REF_TIMEOUT
TD_MAX_PATHS = 700                     # a small-system route is timed where its Bezout number is at most this
ROUTES = ("monodromy", "total degree", "multihomogeneous")
KEYS = {"monodromy": "mono", "total degree": "td", "multihomogeneous": "mh"}


def coefficient_polynomials(net, pinned=()):
    """The coefficients of the outputs as polynomials in the parameters (strings, M2 syntax),
    with the ``pinned`` parameters set to 1."""
    ctx, polys = net.expand()
    n = net.n_params
    names = [f"t{i}" for i in range(n)]
    out = []
    for f in polys:
        groups: dict = {}
        for exps, coeff in f.to_dict().items():
            groups.setdefault(tuple(exps[n:]), []).append((exps[:n], coeff))
        for key in sorted(groups):
            terms = []
            for e, c in groups[key]:
                mono = "*".join(f"{names[i]}^{k}" for i, k in enumerate(e) if k and i not in pinned)
                terms.append(f"({c})" + (f"*{mono}" if mono else ""))
            out.append(" + ".join(terms))
    return names, out


def m2_script(net, gauge, seed):
    rng = np.random.default_rng(seed)
    names, cs = coefficient_polynomials(net, set(gauge))
    m = len(cs)
    A = rng.integers(-3, 4, size=(m, m))
    Q = A @ A.T + np.eye(m, dtype=int)
    u = rng.integers(-5, 6, size=m)
    free = [names[i] for i in range(net.n_params) if i not in gauge]
    lines = [f"R = QQ[{', '.join(free)}];", "c = {" + ", ".join(cs) + "};"]
    lines.append(f"Q = matrix {{{', '.join('{' + ', '.join(map(str, r)) + '}' for r in Q)}}};")
    lines.append(f"u = matrix {{{', '.join('{' + str(x) + '}' for x in u)}}};")
    lines.append("v = transpose(matrix {c}) - u; L = (transpose(v) * Q * v)_(0,0);")
    # timed: the critical ideal and the rank-drop minors from the coefficients (algnet's side also starts
    # from the network), the saturation and the degree
    lines.append("c0 = cpuTime(); t = elapsedTiming (I = ideal jacobian ideal L; "
                 f"D = minors({len(free)}, jacobian matrix {{c}}); Isat = saturate(I, D); d = degree Isat); c1 = cpuTime();")
    lines.append('print("RESULT " | toString d | " " | toString(t#0) | " " | toString(dim Isat) | " " | toString(c1 - c0));')
    lines.append("exit 0;")
    return "\n".join(lines)


def run_m2(net, gauge, seed=0):
    if shutil.which("M2") is None:
        return None, None, "M2 not installed", None
    script = m2_script(net, gauge, seed)
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "crit.m2"
        f.write_text(script)
        try:
            p = subprocess.run(["M2", "--script", str(f)], capture_output=True, text=True, timeout=REF_TIMEOUT)
        except subprocess.TimeoutExpired:
            return None, None, f"Macaulay2 did not finish in {REF_TIMEOUT} s", None
    for line in p.stdout.splitlines():
        if line.startswith("RESULT"):
            _, deg, secs, dim, cpu = line.split()
            return int(deg), float(secs), f"dim {dim}", float(cpu)
    return None, None, "M2 failed: " + (p.stderr.strip().splitlines() or ["?"])[-1], None


def _timed(f, *args, **kw):
    """(result, wall seconds, CPU seconds) of one call."""
    t0, c0 = time.perf_counter(), time.process_time()
    out = f(*args, **kw)
    return out, time.perf_counter() - t0, time.process_time() - c0


# a fresh process: import algnet (not timed, like Macaulay2's start-up), the untimed warm-up calls (numba imports
# and loads its cached kernels), then the first count of the case, timed like Macaulay2's cpuTime
FRESH_WARM_UP = "dense 2-1-1 r=2"      # not a case: its own structure, every route once
_FRESH = """
import json, sys, time
i0 = time.process_time()
from algnet.analyses.critical import ed_degree
i1 = time.process_time()
spec, warm_up, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
if warm_up:
    for m in ("monodromy", "total degree", "multihomogeneous", "auto"):
        ed_degree(warm_up, metric="generic", seed=0, method=m)
t0, c0 = time.perf_counter(), time.process_time()
r = ed_degree(spec, metric="generic", seed=seed)
c1, t1 = time.process_time(), time.perf_counter()
print(json.dumps({"cpu": c1 - c0, "wall": t1 - t0, "ed": r.ed_degree, "route": r.critical.route,
                  "loaded": "loaded from the cache" in r.critical.completeness, "import_cpu": i1 - i0,
                  "process_cpu": time.process_time()}))
"""


def fresh_first_call(spec: str, cache_dir: str, warm_up: bool = True, seed: int = 0, pycache=None) -> dict:
    """The first ``ed_degree(spec, metric="generic", seed=seed)`` in a new Python process whose structure store is
    ``cache_dir`` (a dict: ``cpu``, ``wall`` seconds of the call alone, ``ed``, ``route``, ``loaded``: the
    structure came from the store); ``warm_up``: after the untimed calls of :data:`FRESH_WARM_UP` (numba and its
    kernels loaded), else the very first call of the process (what a command line pays after its imports).
    ``pycache``: a directory for the modules' bytecode (``PYTHONPYCACHEPREFIX``, ``PYTHONDONTWRITEBYTECODE``
    unset: compiled once, then read, as an installed package's), else the environment's setting (the measuring environment
    sets ``PYTHONDONTWRITEBYTECODE``: every new process compiles the algnet modules it imports lazily)."""
    import json
    import os

    env = dict(os.environ, ALGNET_CACHE_DIR=str(cache_dir),
               PYTHONPATH=os.pathsep.join([str(Path(__file__).resolve().parent.parent)]
                                          + [p for p in [os.environ.get("PYTHONPATH")] if p]))
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    p = subprocess.run([sys.executable, "-c", _FRESH, spec, FRESH_WARM_UP if warm_up else "", str(seed)], env=env,
                       capture_output=True, text=True, timeout=600)
    if p.returncode:
        raise RuntimeError(f"fresh process for {spec!r} failed: {p.stderr[-2000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def fresh_columns(specs, reps: int = REPEATS) -> dict:
    """Per spec, the least CPU over ``reps`` interleaved rounds (cached, empty, cached, empty, ...) of the first
    count in a fresh process (:func:`fresh_first_call`) with the structure store filled (``auto_fresh_cached_*``;
    filled once before, untimed) and with an empty one (``auto_fresh_empty_*``), and the very first call of a
    process with the store filled (``auto_fresh_first_cpu_s``: numba's import and kernel loading included; numba is
    not imported by a loaded structure's count) and the same with the modules' bytecode cached
    (``auto_fresh_first_bytecode_cpu_s``: :func:`fresh_first_call`'s ``pycache``, what an installed algnet pays)."""
    out = {}
    with tempfile.TemporaryDirectory() as filled, tempfile.TemporaryDirectory() as pycache:
        for spec in specs:
            # fills the store (untimed) with another seed: a structure's first count is solved at its own
            # parameters, which a timed call of the same seed would reach by a homotopy of length zero
            fresh_first_call(spec, filled, seed=1, pycache=pycache)     # (and compiles the bytecode)
        runs: dict = {spec: {"cached": [], "empty": [], "first": [], "first_bytecode": []} for spec in specs}
        for _ in range(reps):
            for spec in specs:
                runs[spec]["cached"].append(fresh_first_call(spec, filled))
                with tempfile.TemporaryDirectory() as empty:
                    runs[spec]["empty"].append(fresh_first_call(spec, empty))
                runs[spec]["first"].append(fresh_first_call(spec, filled, warm_up=False))
                runs[spec]["first_bytecode"].append(fresh_first_call(spec, filled, warm_up=False, pycache=pycache))
        for spec in specs:
            r = runs[spec]
            out[spec] = {
                "auto_fresh_cached_cpu_s": min(x["cpu"] for x in r["cached"]),
                "auto_fresh_cached_wall_s": min(x["wall"] for x in r["cached"]),
                "auto_fresh_empty_cpu_s": min(x["cpu"] for x in r["empty"]),
                "auto_fresh_empty_wall_s": min(x["wall"] for x in r["empty"]),
                "auto_fresh_first_cpu_s": min(x["cpu"] for x in r["first"]),
                "auto_fresh_first_bytecode_cpu_s": min(x["cpu"] for x in r["first_bytecode"]),
                # what the column leaves out, from the same processes: the package's import, and the whole process
                # until after the call (the interpreter's start-up, the import, the call)
                "auto_fresh_first_bytecode_import_cpu_s": min(x["import_cpu"] for x in r["first_bytecode"]),
                "auto_fresh_first_bytecode_process_cpu_s": min(x["process_cpu"] for x in r["first_bytecode"]),
                "auto_fresh_loaded": [x["loaded"] for x in r["cached"]] + [x["loaded"] for x in r["empty"]],
                "auto_fresh_counts": sorted({x["ed"] for k in r for x in r[k]}),
            }
    return out


def _best(reps, *args, **kw):
    """(result, wall, CPU) of the run with the least CPU time among ``reps`` runs."""
    return min((_timed(*args, **kw) for _ in range(reps)), key=lambda t: t[2])


def main(quick: bool = False, skip_slow: bool = False, m2: bool = True, fresh: bool = True) -> list[dict]:
    import os

    # the structure store of this run: a temporary directory (the user's cache is neither read nor written)
    old = os.environ.get("ALGNET_CACHE_DIR")
    with tempfile.TemporaryDirectory() as d:
        os.environ["ALGNET_CACHE_DIR"] = d
        try:
            return _main(quick, skip_slow, m2, fresh)
        finally:
            if old is None:
                os.environ.pop("ALGNET_CACHE_DIR", None)
            else:
                os.environ["ALGNET_CACHE_DIR"] = old


def _main(quick, skip_slow, m2, fresh) -> list[dict]:
    from algnet import parse_spec
    from algnet.analyses.critical import ed_degree
    from algnet.analyses.critical.system import gradient_family
    from algnet.analyses.critical.loss import make_loss
    from algnet.analyses.critical.multihom import layered_plan
    from algnet.analyses.critical.equivariant import tracked_paths
    from algnet.analyses.critical.total_degree import bezout_paths

    from algnet.analyses.critical import warm
    from algnet.analyses.critical.structure_store import caching

    for method in ROUTES + ("auto",):   # warm-up (imports, first calls, numba's cached kernels)
        ed_degree("linear 2-1-2", metric="generic", seed=0, method=method)
    rows = []
    specs = QUICK if quick else [c for c in CASES if not (skip_slow and c in ALGNET_ONLY)]
    fresh_rows = fresh_columns([s for s in specs if s not in ALGNET_ONLY]) if fresh else {}
    for spec in specs:
        net = parse_spec(spec)
        reps = 1 if spec in ALGNET_ONLY else REPEATS
        rng = np.random.default_rng(0)
        fam = gradient_family(net, make_loss(net, "generic", rng=rng), rng)
        paths = bezout_paths(fam)
        plan = layered_plan(net, fam.n_vars)
        row = {"case": spec, "bezout_paths": paths, "multihomogeneous_paths": None if plan is None else plan.paths,
               # tracked: one per orbit where a layer's roots of unity act (algnet.analyses.critical.equivariant)
               "multihomogeneous_tracked": None if plan is None else tracked_paths(plan)}
        routes = (["monodromy"] + (["total degree"] if paths is not None and paths <= TD_MAX_PATHS else [])
                  + (["multihomogeneous"] if plan is not None and plan.paths <= TD_MAX_PATHS else []))
        for method in routes:
            r, a, acpu = _best(reps, ed_degree, net, metric="generic", seed=0, method=method)
            c = r.critical
            key = KEYS[method]
            row[f"{key}_cpu_s"], row[f"{key}_s"] = acpu, a
            row[f"{key}_count_cpu_s"] = None if spec in ALGNET_ONLY else _best(
                reps, ed_degree, net, metric="generic", seed=0, certify=False, method=method)[2]
            row[f"{key}_note"] = (f"{r.ed_degree} images (formula {r.formula}), {c.certified_distinct} certified, "
                                  f"{c.paths} paths, complete {c.complete}")
        # auto, cold: the first call of this structure (the structure-level solve of critical/warm.py, then the call)
        warm.clear_cache()
        with caching(False):        # solved in this process (not loaded from the structure store)
            r, _, row["auto_cold_cpu_s"] = _timed(ed_degree, net, metric="generic", seed=0)
        row.update(fresh_rows.get(spec, {}))
        row["auto_route"] = r.critical.route
        if spec not in ALGNET_ONLY:     # one seed's slice can be lucky or not: the median over SEEDS seeds, certified
            runs = [_timed(ed_degree, net, metric="generic", seed=s) for s in range(SEEDS)]
            per_seed = sorted(t[2] for t in runs)
            row["auto_cpu_s_median_seeds"] = per_seed[len(per_seed) // 2]
            row["auto_counts"] = sorted({t[0].ed_degree for t in runs})
            row["auto_routes"] = sorted({t[0].critical.route for t in runs})
            # the same, each seed the best of REPEATS calls (a burst of load during one ~3 ms call skews a median)
            best = sorted(_best(REPEATS, ed_degree, net, metric="generic", seed=s)[2] for s in range(SEEDS))
            row["auto_cpu_s_median_seeds_best3"] = best[len(best) // 2]
        if spec in ALGNET_ONLY or not m2:
            row["reference"] = "Macaulay2 not run"
            rows.append(row)
            continue
        gauge = gradient_family(net, make_loss(net, "generic", rng=rng), rng, slice="pinned").gauge
        runs = [run_m2(net, gauge)]
        if runs[0][3] is not None:     # finished: the fastest of REPEATS runs (a time-out is not repeated)
            runs += [run_m2(net, gauge) for _ in range(REPEATS - 1)]
        deg, secs, why, cpu = min(runs, key=lambda t: float("inf") if t[3] is None else t[3])
        row.update({"reference": "Macaulay2", "reference_s": secs, "reference_cpu_s": cpu,
                    "reference_note": f"M2 degree {deg} ({why})" if deg is not None else why})
        if cpu is not None and "auto_cpu_s_median_seeds" in row:
            row["auto_median_cpu_ratio"] = cpu / max(row["auto_cpu_s_median_seeds"], 1e-9)
            row["auto_median_best3_cpu_ratio"] = cpu / max(row["auto_cpu_s_median_seeds_best3"], 1e-9)
        for col in ("auto_fresh_cached_cpu_s", "auto_fresh_empty_cpu_s", "auto_fresh_first_cpu_s",
                    "auto_fresh_first_bytecode_cpu_s"):
            if cpu is not None and col in row:
                row[col.replace("_cpu_s", "_cpu_ratio")] = cpu / max(row[col], 1e-9)
        for key in KEYS.values():
            if cpu is not None and f"{key}_cpu_s" in row:
                row[f"{key}_cpu_ratio"] = cpu / max(row[f"{key}_cpu_s"], 1e-9)
                row[f"{key}_count_cpu_ratio"] = cpu / max(row[f"{key}_count_cpu_s"], 1e-9)
        rows.append(row)
    return rows


if __name__ == "__main__":
    import json

    print(json.dumps(main(quick="--quick" in sys.argv, skip_slow="--skip-slow" in sys.argv, m2="--no-m2" not in sys.argv,
                          fresh="--no-fresh" not in sys.argv),
                     indent=1, default=str))
