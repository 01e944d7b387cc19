"""Implicitization: algnet (sampling mod p, graded pieces) against elimination.

Referees (only when installed, each with a timeout): Singular ``eliminate``
of the parameters from the graph ideal, and Macaulay2 ``ker`` of the ring
map; both compute the whole ideal. algnet computes the equations degree by
degree: on cases the referees finish it runs up to the largest
generator degree (the referee then checks that both ideals are
equal; its time includes that comparison); on the hard cases it runs
with a time limit and reports the degree up to which its answer is
complete. ``ratio`` = reference time / algnet time (> 1: algnet faster).

Run: ``python3 bench/run.py --only implicit`` or ``python3 bench/bench_implicit.py [--quick]``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# (spec, max_degree for algnet or None for "as far as the time limit allows")
CASES = [
    ("dense 3-2-3 r=2", 3),
    ("linear 5-3-4", 4),
    ("dense 3-2-2 r=2", 3),
    ("conv k=2,3 r=2", 3),
    ("conv k=3,3 r=2", 3),
    ("dense 2-2-2-2 r=2", None),
    ("dense 3-3-3 r=2", None),
    ("dense 2-3-4 r=2", None),
    ("conv k=4,4 r=2", None),
]
QUICK = [("dense 3-2-3 r=2", 3), ("linear 5-3-4", 4), ("dense 2-2-2-2 r=2", None)]


def _run_referee(system: str, script: str, timeout: float):
    exe = {"singular": "Singular", "m2": "M2"}[system]
    if shutil.which(exe) is None:
        return None, "not installed"
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / ("job.sing" if system == "singular" else "job.m2")
        path.write_text(script + ("\nquit;\n" if system == "singular" else "\nexit 0\n"))
        cmd = [exe, "-q", str(path)] if system == "singular" else [exe, "--script", str(path)]
        t0 = time.perf_counter()
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None, f"> {timeout:.0f} s (timeout)"
        dt = time.perf_counter() - t0
        if proc.returncode != 0 and system == "singular" and "error" in proc.stdout + proc.stderr:
            return None, "error: " + (proc.stdout + proc.stderr)[-200:]
        if system == "m2" and proc.returncode != 0:
            return None, "error: " + proc.stderr[-200:]
        return dt, proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""


def main(quick: bool = False) -> list[dict]:
    from algnet.analyses.export import elimination_script
    from algnet.analyses.implicit import implicitize
    from algnet.architectures.spec import parse_spec

    timeout = 20.0 if quick else 100.0
    limit = 10.0 if quick else 55.0
    rows = []
    for spec, D in (QUICK if quick else CASES):
        net = parse_spec(spec)
        t0 = time.perf_counter()
        if D is None:
            res = implicitize(net, max_degree=30, seed=0, time_limit=limit)
        else:
            res = implicitize(net, max_degree=D, seed=0)
        a_s = time.perf_counter() - t0
        degs = sorted(set(res.generator_degrees))
        note = (f"{len(res.generators)} equations, degrees {degs}, complete up to degree {res.complete_up_to_degree}"
                f"{' (time limit)' if res.partial else ''}, cuts out M: {res.cuts_out}")
        for system, what in (("singular", "Singular eliminate"), ("m2", "Macaulay2 ker")):
            script = elimination_script(net, system, compare_with=res if D is not None else None)
            if D is None:  # only the elimination itself, no printing of a large ideal
                script = "\n".join(ln for ln in script.splitlines() if "print" not in ln)
            r_s, msg = _run_referee(system, script, timeout)
            agree = ""
            if D is not None and r_s is not None:
                agree = "; same ideal" if "EQUAL" in msg else f"; referee says {msg!r}"
            rows.append({
                "case": spec, "algnet_s": round(a_s, 3), "reference": what,
                "reference_s": None if r_s is None else round(r_s, 3),
                "ratio": None if r_s is None else round(r_s / a_s, 2),
                "note": note + agree + ("" if r_s is not None else f"; {what}: {msg}"),
            })
    return rows


if __name__ == "__main__":  # pragma: no cover
    for row in main(quick="--quick" in sys.argv):
        print(row)
