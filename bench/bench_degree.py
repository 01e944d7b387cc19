"""Degree by homotopy continuation: algnet against PHCpack and Bertini 2.

For each network the same kind of slicing system is written out: the
values f_theta(z_k) at random complex points, combined by a random matrix
R into dim M equations R v(theta) = c through a random point, plus the
fiber slice (theta_S = const on the gauge coordinates algnet chooses).
PHCpack (Debian package ``phcpack``, ``phc -b``: blackbox solver, polyhedral
homotopy) and Bertini 2 (``pip install bertini``, total-degree homotopy with
the Cauchy endgame, double precision) solve that system from scratch;
algnet runs ``degree(spec, method="monodromy")`` (monodromy, trace test; no
certification, no fiber count). The references need the system expanded
into monomials (sympy, not timed); algnet evaluates the network's
straight-line program. Each reference is skipped when not installed and is
given ``REF_TIMEOUT`` seconds.

``ratio`` = reference seconds / algnet seconds (> 1: algnet faster).
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

QUICK = ["linear 4-2-3", "dense 2-2-1 r=7"]
FULL = QUICK + ["linear 4-2-4", "conv k=2,2,2 s=1,1,1 r=2", "conv k=3,3 s=1,1 r=2", "linear 6-2-4"]


def slicing_system(spec, seed=0):
    """(variable names, list of (monomial exponent tuples -> complex coefficient) dicts) of a witness system."""
    import sympy

    from algnet import parse_spec
    from algnet.analyses.degree import _dimension, _gauge_coordinates
    from algnet.core.backends import Complex, Exact

    net = parse_spec(spec)
    rng = np.random.default_rng(seed)
    n = net.n_params
    dim = _dimension(net, seed)
    e = n - dim
    K = net.monomial_count()
    Z = (rng.normal(size=(K,) + tuple(net.input_shape)) + 1j * rng.normal(size=(K,) + tuple(net.input_shape))) / np.sqrt(2)
    q = K * net.n_outputs
    R = (rng.normal(size=(dim, q)) + 1j * rng.normal(size=(dim, q))) / np.sqrt(2 * q)
    theta0 = (rng.normal(size=n) + 1j * rng.normal(size=n)) / np.sqrt(2)
    v0 = net.evaluate(theta0, Z, backend=Complex()).reshape(-1)
    J0 = net.jacobian(theta0, Z, backend=Complex())
    S = _gauge_coordinates(J0, e)
    syms = sympy.symbols(f"t0:{n}")
    th = np.empty(n, dtype=object)
    th[:] = list(syms)
    Zs = np.empty(Z.shape, dtype=object)
    Zs.reshape(-1)[:] = [sympy.Float(z.real, 17) + sympy.I * sympy.Float(z.imag, 17) for z in Z.reshape(-1)]
    vals = net.evaluate(th, Zs, backend=Exact()).reshape(-1)
    polys = []
    c = R @ v0
    for i in range(dim):
        expr = sum(complex(R[i, k]) * vals[k] for k in range(q)) - complex(c[i])
        P = sympy.Poly(sympy.expand(expr), *syms)
        polys.append({m: complex(co) for m, co in P.terms()})
    for j in S:
        m = tuple(1 if k == j else 0 for k in range(n))
        polys.append({m: 1.0 + 0j, tuple([0] * n): -complex(theta0[j])})
    # fixed-width names: Bertini's parser rejects a variable that is a prefix of another (t1, t10)
    return [f"t{k:03d}" for k in range(n)], polys


def _term(m, names):
    return "*".join(f"{names[k]}^{p}" if p > 1 else names[k] for k, p in enumerate(m) if p)


def _poly_string(poly, names, imag="i"):
    parts = []
    for m, co in poly.items():
        coef = f"({co.real:.17e}{co.imag:+.17e}*{imag})"
        mon = _term(m, names)
        parts.append(coef + ("*" + mon if mon else ""))
    return " + ".join(parts) if parts else "0"


def run_phc(names, polys):
    if shutil.which("phc") is None:
        return None, "phc not installed"
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "sys.txt"
        out = Path(d) / "out.txt"
        body = f"{len(polys)}\n" + "\n".join(_poly_string(p, names).replace("e+", "E+").replace("e-", "E-") + ";"
                                                for p in polys) + "\n"
        src.write_text(body)
        t0 = time.perf_counter()
        try:
            subprocess.run(["phc", "-b", str(src), str(out)], capture_output=True, timeout=REF_TIMEOUT, cwd=d)
        except subprocess.TimeoutExpired:
            return None, f"phc timed out after {REF_TIMEOUT} s"
        dt = time.perf_counter() - t0
        text = out.read_text() if out.exists() else ""
        reg = [line for line in text.splitlines() if "Number of regular solutions" in line]
        count = reg[-1].split(":")[-1].strip(" .") if reg else "?"
        return dt, f"{count} regular solutions"


_BERTINI_RUNNER = r"""
import sys, time
import bertini as b
src = open(sys.argv[1]).read()
s = b.parse.system(src)
t0 = time.perf_counter()
alg = b.nag_algorithm.ZeroDimCauchyDoublePrecisionTotalDegree(s)
alg.solve()
sols = alg.solutions()
dt = time.perf_counter() - t0
print(dt, len(sols), flush=True)
"""


def run_bertini(names, polys):
    import importlib.util

    if importlib.util.find_spec("bertini") is None:
        return None, "bertini not installed"
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "sys.txt"
        fn = ",".join(f"f{i:03d}" for i in range(len(polys)))
        body = f"variable_group {','.join(names)};\nfunction {fn};\n"
        # Bertini's parser takes 1.5e-3 and 1.5e3 but not 1.5e+03
        body += "\n".join(f"f{i:03d} = {_poly_string(p, names, imag='I').replace('e+', 'e')};"
                           for i, p in enumerate(polys))
        src.write_text(body)
        runner = Path(d) / "run.py"
        runner.write_text(_BERTINI_RUNNER)
        t0 = time.perf_counter()
        try:
            r = subprocess.run([sys.executable, str(runner), str(src)], capture_output=True, text=True,
                               timeout=REF_TIMEOUT)
        except subprocess.TimeoutExpired:
            return None, f"bertini timed out after {REF_TIMEOUT} s"
        wall = time.perf_counter() - t0
        try:
            dt, npaths = r.stdout.strip().splitlines()[-1].split()[:2]
        except ValueError:
            return None, f"bertini failed: {r.stderr.strip().splitlines()[-1:] or r.returncode}"
        return float(dt), f"{npaths} endpoints of a total-degree homotopy (wall {wall:.1f} s incl. start-up)"


def main(quick: bool = False) -> list[dict]:
    from algnet.analyses.degree import degree

    rows = []
    for spec in (QUICK if quick else FULL):
        t0 = time.perf_counter()
        r = degree(spec, method="monodromy", seed=0, fiber=False, certify=False)
        ta = time.perf_counter() - t0
        note = (f"degree {r.degree}, {r.paths} paths, trace residual {r.trace_test_residual:.1e}"
                f"{'' if r.trace_test_passed else ' (trace test NOT passed)'}")
        big = r.degree >= 50
        names, polys = slicing_system(spec, seed=0)
        refs = [("PHCpack phc -b", run_phc), ("Bertini 2 (double, total degree)", run_bertini)]
        for ref, fn in refs:
            if big and ref.startswith("Bertini"):
                rows.append({"case": spec, "algnet_s": round(ta, 3), "reference": ref, "reference_s": None,
                             "ratio": None, "note": note + "; reference skipped (total-degree count too large)"})
                continue
            dt, msg = fn(names, polys)
            if dt is None and "timed out" in msg:
                msg += f" (ratio > {REF_TIMEOUT / ta:.1f})"
            rows.append({"case": spec, "algnet_s": round(ta, 3), "reference": ref,
                         "reference_s": None if dt is None else round(dt, 3),
                         "ratio": None if dt is None else round(dt / ta, 3), "note": f"{note}; {ref}: {msg}"})
    return rows


if __name__ == "__main__":
    import json

    print(json.dumps(main(quick="--quick" in sys.argv), indent=1))
