"""The references' runners of ``bench/bench_degree.py`` (one runner: run that file): the slicing systems
written out for PHCpack and Bertini 2, the coefficient map for NumericalImplicitization, and the calls of
the three referees (timeouts, parsing their output). Split from ``bench_degree.py`` so that
the runner and its measurements stay under the module size limit; see its docstring for what is compared.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

REF_TIMEOUT = 120
# Bertini tracks every path of its start system (total degree or multihomogeneous, see bezout_counts);
# measured with bertini2 4.0.0 (one thread): 20-100 ms a path on these systems, some paths several seconds
# (conv k=2,2,2: 384 paths, over 200 s; dense 2-2-1 r=7: 2401 paths, over 400 s)
# (an estimate, not a measurement of that case: ``BERTINI_MAX_PATHS=N`` in the environment raises it)
BERTINI_MAX_PATHS = int(os.environ.get("BERTINI_MAX_PATHS", 1000))
# where bench_degree's docstring has the separate virtualenv made (``python3 -m venv /tmp/bertini_venv``,
# ``/tmp/bertini_venv/bin/pip install bertini2``): tried after BERTINI_PYTHON and the running interpreter
BERTINI_VENV_PYTHON = "/tmp/bertini_venv/bin/python"


def _children_cpu():
    """CPU seconds (user + system) of this process's finished children so far."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def variable_groups(spec):
    """Flat parameter indices of each layer (the network's ``param_shapes`` blocks, in order)."""
    from algnet import parse_spec

    groups, k = [], 0
    for _, shape in parse_spec(spec).param_shapes:
        size = int(np.prod(shape))
        groups.append(list(range(k, k + size)))
        k += size
    return groups


def slicing_system(spec, seed=0, point=False):
    """(variable names, list of (monomial exponent tuples -> complex coefficient) dicts) of a witness system.

    With ``point=True`` also the parameter vector the slices pass through (a solution).
    """
    from algnet import parse_spec
    from algnet.analyses.network_input import kernel_coordinates, network_dimension
    from algnet.core.backends import Complex

    net = parse_spec(spec)
    rng = np.random.default_rng(seed)
    n = net.n_params
    dim = network_dimension(net, seed)
    e = n - dim
    K = net.monomial_count()
    Z = (rng.normal(size=(K,) + tuple(net.input_shape)) + 1j * rng.normal(size=(K,) + tuple(net.input_shape))) / np.sqrt(2)
    q = K * net.n_outputs
    R = (rng.normal(size=(dim, q)) + 1j * rng.normal(size=(dim, q))) / np.sqrt(2 * q)
    theta0 = (rng.normal(size=n) + 1j * rng.normal(size=n)) / np.sqrt(2)
    v0 = net.evaluate(theta0, Z, backend=Complex()).reshape(-1)
    J0 = net.jacobian(theta0, Z, backend=Complex())
    S = kernel_coordinates(J0, e)
    # v(theta) = f_theta(Z) from the exact expansion in (theta, x) (python-flint), the x-monomials
    # evaluated at the complex points: one vector over (point, output) per theta-monomial
    _, outs = net.expand()
    Zf = Z.reshape(K, -1)
    cols = {}
    for j, f in enumerate(outs):
        for exps, co in f.to_dict().items():
            m, xe = tuple(int(a) for a in exps[:n]), exps[n:]
            col = cols.setdefault(m, np.zeros((K, net.n_outputs), dtype=complex))
            col[:, j] += (int(co.p) / int(co.q)) * np.prod(Zf ** np.array(xe, dtype=float), axis=1)
    monos = list(cols)
    C = R @ np.array([cols[m].reshape(-1) for m in monos]).T  # (dim, #theta-monomials)
    c = R @ v0
    zero = tuple([0] * n)
    polys = []
    for i in range(dim):
        poly = {m: complex(C[i, a]) for a, m in enumerate(monos)}
        poly[zero] = poly.get(zero, 0j) - complex(c[i])
        polys.append(poly)
    for j in S:
        m = tuple(1 if k == j else 0 for k in range(n))
        polys.append({m: 1.0 + 0j, zero: -complex(theta0[j])})
    # fixed-width names: Bertini's parser rejects a variable that is a prefix of another (t1, t10)
    names = [f"t{k:03d}" for k in range(n)]
    return (names, polys, theta0) if point else (names, polys)


def bezout_counts(polys, groups):
    """(total-degree Bezout number, multihomogeneous Bezout number for these variable groups).

    The m-homogeneous number is the coefficient of prod_g a_g^{|g|} in prod_i sum_g deg_g(f_i) a_g:
    the number of paths of a multihomogeneous start system (Bertini's ``mhom``) on these groups.
    """
    import math

    total = math.prod(max(sum(m) for m in p) for p in polys)
    sizes = [len(g) for g in groups]
    state = {tuple([0] * len(groups)): 1}
    for p in polys:
        degs = [max(sum(m[k] for k in g) for m in p) for g in groups]
        new = {}
        for ex, count in state.items():
            for g, d in enumerate(degs):
                if d and ex[g] < sizes[g]:
                    ex2 = ex[:g] + (ex[g] + 1,) + ex[g + 1:]
                    new[ex2] = new.get(ex2, 0) + count * d
        state = new
    return total, state.get(tuple(sizes), 0)


def _term(m, names):
    return "*".join(f"{names[k]}^{p}" if p > 1 else names[k] for k, p in enumerate(m) if p)


def _poly_string(poly, names, imag="i"):
    parts = []
    for m, co in poly.items():
        coef = f"({co.real:.17e}{co.imag:+.17e}*{imag})"
        mon = _term(m, names)
        parts.append(coef + ("*" + mon if mon else ""))
    return " + ".join(parts) if parts else "0"


def coefficient_map(spec):
    """(number of parameters, list of {parameter exponent tuple: Fraction}): the coefficients of the
    network's outputs (one polynomial per output and input monomial), exact, from python-flint."""
    from fractions import Fraction

    from algnet import parse_spec

    net = parse_spec(spec)
    n = net.n_params
    _, outs = net.expand()
    comps = []
    for f in outs:
        by_x: dict = {}
        for exps, co in f.to_dict().items():
            th, xe = tuple(int(a) for a in exps[:n]), tuple(int(a) for a in exps[n:])
            by_x.setdefault(xe, {})[th] = Fraction(int(co.p), int(co.q))
        comps.extend(by_x[k] for k in sorted(by_x))
    return n, comps


def run_ni(spec, seed=0):
    """NumericalImplicitization's numericalImageDegree on the coefficient map: (seconds, note)."""
    wall, _, note = run_ni_timed(spec, seed)
    return wall, note


def run_ni_timed(spec, seed=0):
    """(wall seconds, CPU seconds, note) of numericalImageDegree on the coefficient map, both timed inside M2
    (``elapsedTiming``, ``cpuTime()``); (None, None, why) when it cannot run."""
    if shutil.which("M2") is None:
        return None, None, "M2 not installed"
    n, comps = coefficient_map(spec)

    def poly(d):
        parts = []
        for m, c in d.items():
            mon = "*".join(f"t_{k}^{p}" if p > 1 else f"t_{k}" for k, p in enumerate(m) if p)
            parts.append(f"({c.numerator}/{c.denominator})" + ("*" + mon if mon else ""))
        return " + ".join(parts) or "0"

    script = (f'needsPackage "NumericalImplicitization";\nsetRandomSeed {int(seed)};\n'
              f"R = CC[t_0..t_{n - 1}];\nF = {{{', '.join(poly(d) for d in comps)}}};\n"
              "c0 = cpuTime();\n"
              "r = elapsedTiming numericalImageDegree(F, ideal 0_R, Verbose => false);\n"
              'print("CPU " | toString(cpuTime() - c0));\n'
              'W = r#1;\nprint("SECONDS " | toString(r#0));\n'
              'print("DEGREE " | toString(if instance(W, ZZ) then W else W.degree));\nexit 0\n')
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "ni.m2"
        src.write_text(script)
        try:
            r = subprocess.run(["M2", "--script", str(src)], capture_output=True, text=True, timeout=REF_TIMEOUT,
                               cwd=d)
        except subprocess.TimeoutExpired:
            return None, None, f"NumericalImplicitization timed out after {REF_TIMEOUT} s"
    out = dict(line.split(" ", 1) for line in r.stdout.splitlines() if line.startswith(("SECONDS ", "DEGREE ", "CPU ")))
    if "SECONDS" not in out:
        return None, None, f"M2 failed: {(r.stderr.strip().splitlines() or ['?'])[-1]}"
    cpu = float(out["CPU"]) if "CPU" in out else None
    return float(out["SECONDS"]), cpu, f"numericalImageDegree: degree {out.get('DEGREE', '?')}"


def run_phc(names, polys):
    """PHCpack's blackbox solver (``phc -b``) on the system: (wall seconds, CPU seconds, note), or
    (None, CPU seconds so far or None, why). Both include phc's process start; the CPU seconds are the
    child's user + system time (``getrusage(RUSAGE_CHILDREN)``), the figure that a loaded machine leaves
    comparable."""
    if shutil.which("phc") is None:
        return None, None, "phc not installed"
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "sys.txt"
        out = Path(d) / "out.txt"
        body = f"{len(polys)}\n" + "\n".join(_poly_string(p, names).replace("e+", "E+").replace("e-", "E-") + ";"
                                                for p in polys) + "\n"
        src.write_text(body)
        t0, c0 = time.perf_counter(), _children_cpu()
        try:
            subprocess.run(["phc", "-b", str(src), str(out)], capture_output=True, timeout=REF_TIMEOUT, cwd=d)
        except subprocess.TimeoutExpired:
            cpu = _children_cpu() - c0
            return None, cpu, f"phc timed out after {REF_TIMEOUT} s ({cpu:.1f} CPU-s)"
        dt, cpu = time.perf_counter() - t0, _children_cpu() - c0
        text = out.read_text() if out.exists() else ""
        reg = [line for line in text.splitlines() if "Number of regular solutions" in line]
        count = reg[-1].split(":")[-1].strip(" .") if reg else "?"
        return dt, cpu, f"{count} regular solutions"


_BERTINI_RUNNER = r"""
import importlib.metadata, json, sys, time
import bertini as b
src, seed, nthreads = open(sys.argv[1]).read(), int(sys.argv[2]), int(sys.argv[3])
na = b.nag_algorithm
out = {"version": "?"}
for dist in ("bertini2", "bertini"):  # bertini 2.0.0 says __version__ 1.0.0
    try:
        out["version"] = f"{dist} {importlib.metadata.version(dist)}"
        break
    except importlib.metadata.PackageNotFoundError:
        pass
if hasattr(na, "ZeroDimSolver"):
    # PyPI 'bertini2' (4.x): multihomogeneous start system on the variable groups of the input
    b.recording(False)  # recording is on by default: ./bertini_output, and paths recalled from it
    b.random.set_random_seed(seed)
    s = b.parse.system(src)
    t0, c0 = time.perf_counter(), time.process_time()
    alg = na.ZeroDimSolver(s, mptype="double", endgame="cauchy", startsystem="infer", num_threads=nthreads)
    alg.solve(show_progress=False)
    out["seconds"], out["cpu"] = time.perf_counter() - t0, time.process_time() - c0
    out["start"] = "mhom" if src.count("variable_group") > 1 else "total degree"
    out["paths"] = int(alg.num_paths())
    finite = alg.finite_solutions()
    out["finite"] = len(finite)
    out["points"] = [[[float(z.real), float(z.imag)] for z in x] for x in finite]
    out["nonsingular"] = len(alg.nonsingular_solutions())
    codes = [str(m.endgame_success_code).split(".")[-1] for m in alg.solution_metadata()]
    out["failed"] = sum(c not in ("Success", "GoingToInfinity", "SecurityMaxNormReached") for c in codes)
else:
    # PyPI 'bertini' (2.0.0): total-degree start system only, one affine variable group
    lines = src.splitlines()
    groups = [ln[len("variable_group "):].rstrip(";") for ln in lines if ln.startswith("variable_group ")]
    rest = [ln for ln in lines if not ln.startswith("variable_group ")]
    s = b.parse.system("\n".join([f"variable_group {','.join(groups)};"] + rest))
    t0, c0 = time.perf_counter(), time.process_time()
    alg = na.ZeroDimCauchyDoublePrecisionTotalDegree(s)
    alg.solve()
    out["seconds"], out["cpu"] = time.perf_counter() - t0, time.process_time() - c0
    out["start"] = "total degree"
    out["paths"] = len(alg.solutions())
print(json.dumps(out), flush=True)
"""

_bertini_checked: dict = {}


def bertini_python():
    """(interpreter, None) of a Python that imports ``bertini``, or (None, reason).

    The first of: ``BERTINI_PYTHON`` (e.g. a separate virtualenv holding ``bertini2``), the interpreter
    running the bench, :data:`BERTINI_VENV_PYTHON`, that imports it.
    """
    candidates = [os.environ.get("BERTINI_PYTHON"), sys.executable, BERTINI_VENV_PYTHON]
    candidates = [c for c in dict.fromkeys(candidates) if c]
    probe = "import bertini.nag_algorithm as n; print(hasattr(n, 'ZeroDimSolver'))"
    for exe in candidates:
        if exe not in _bertini_checked:
            try:
                r = subprocess.run([exe, "-c", probe], capture_output=True, text=True, timeout=120)
                _bertini_checked[exe] = r.stdout.strip() == "True" if r.returncode == 0 else None
            except (OSError, subprocess.TimeoutExpired):
                _bertini_checked[exe] = None
        if _bertini_checked[exe] is not None:
            return exe, None
    return None, f"bertini not importable by {' or '.join(candidates)}"


def bertini_has_mhom():
    """Whether the installed Bertini offers multihomogeneous start systems (bertini2 4.x; 2.0.0 does not)."""
    exe, _ = bertini_python()
    return bool(exe) and _bertini_checked[exe]


def bertini_input(names, polys, groups=None):
    """Bertini's classic input: one ``variable_group`` line per group (several: a multihomogeneous start)."""
    groups = groups or [list(range(len(names)))]
    fn = ",".join(f"f{i:03d}" for i in range(len(polys)))
    body = "".join(f"variable_group {','.join(names[k] for k in g)};\n" for g in groups)
    body += f"function {fn};\n"
    # Bertini's parser takes 1.5e-3 and 1.5e3 but not 1.5e+03
    body += "\n".join(f"f{i:03d} = {_poly_string(p, names, imag='I').replace('e+', 'e')};"
                       for i, p in enumerate(polys))
    return body + "\n"


def bertini_solve(names, polys, groups=None, seed=0):
    """Bertini's record of one solve: a dict with ``version``, ``start``, ``paths``, ``seconds`` and ``cpu``
    (of the solve, after the parse), ``wall`` (with the interpreter's start-up) and, for bertini2 4.x,
    ``finite``, ``nonsingular``, ``failed`` and ``points`` (the finite endpoints, [re, im] per coordinate); then
    None; or (None, why) when it did not run."""
    import json

    exe, why = bertini_python()
    if exe is None:
        return None, why
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "sys.txt"
        src.write_text(bertini_input(names, polys, groups))
        runner = Path(d) / "run.py"
        runner.write_text(_BERTINI_RUNNER)
        t0, c0 = time.perf_counter(), _children_cpu()
        try:  # cwd: a temporary folder, whatever the package writes next to it
            r = subprocess.run([exe, str(runner), str(src), str(seed), "1"], capture_output=True, text=True,
                               timeout=REF_TIMEOUT, cwd=d)
        except subprocess.TimeoutExpired:
            return None, f"bertini timed out after {REF_TIMEOUT} s ({_children_cpu() - c0:.1f} CPU-s)"
        wall = time.perf_counter() - t0
        try:
            out = json.loads(r.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            return None, f"bertini failed: {r.stderr.strip().splitlines()[-1:] or r.returncode}"
    out["wall"] = wall
    return out, None


def run_bertini(names, polys, groups=None, seed=0):
    """Bertini 2 on the system: (seconds, CPU seconds, note) of its solve, or (None, CPU seconds until the
    timeout or None, why)."""
    c0 = _children_cpu()
    out, why = bertini_solve(names, polys, groups, seed)
    if out is None:
        return None, _children_cpu() - c0 if "timed out" in why else None, why
    wall = out["wall"]
    msg = f"{out['version']}, {out['start']} start system, {out['paths']} paths"
    if "finite" in out:
        msg += f", {out['finite']} finite endpoints ({out['nonsingular']} nonsingular), {out['failed']} failed paths"
    else:
        msg += " (this version reports no finite/infinite split)"
    return float(out["seconds"]), float(out["cpu"]), msg + f" (wall {wall:.1f} s incl. start-up)"
