"""Dimension by exact Jacobian rank: algnet against Macaulay2 (forward mode).

Macaulay2 (Debian package ``macaulay2``), when installed, runs the same
computation: a forward-mode Jacobian of the network at a random parameter
and random inputs over ZZ/32003, then its rank. Its time limit is 120 s per
case. The table also says how close algnet's whole run is to the floor set
by the modular rank alone, and the peak memory (resident set size).
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

M2_TIMEOUT = 120

M2_SCRIPT = r"""
kk = ZZ/32003;
w = {WIDTHS}; r = RVALUE;
L = #w - 1;
setRandomSeed 1;
Ws = for l from 1 to L list random(kk^(w#l), kk^(w#(l-1)));
N = sum(for l from 1 to L list w#l * w#(l-1));
K = ceiling(N / w#L) + 1;
rowsList = for s from 1 to K list (
    h := random(kk^(w#0), kk^1);
    dh := map(kk^(w#0), kk^N, 0);
    off := 0;
    for l from 1 to L do (
        W := Ws#(l-1);
        nl := w#l; nprev := w#(l-1);
        blk := map(kk^nl, kk^N, (i, j) -> if j >= off and j < off + nl*nprev and (j - off) // nprev == i then h_(((j - off) % nprev), 0) else 0);
        dh = W * dh + blk;
        h = W * h;
        off = off + nl*nprev;
        if l < L then (
            dh = diagonalMatrix(kk, flatten entries(r * (matrix apply(entries h, row -> apply(row, v -> v^(r-1)))))) * dh;
            h = matrix apply(entries h, row -> apply(row, v -> v^r));
        );
    );
    dh
);
J = fold((a, b) -> a || b, rowsList);
print rank J;
exit 0;
"""


def run_m2(widths, r):
    if not shutil.which("M2"):
        return None, "Macaulay2 not installed"
    with tempfile.TemporaryDirectory() as td:
        f = Path(td) / "jac.m2"
        f.write_text(M2_SCRIPT.replace("WIDTHS", ",".join(map(str, widths))).replace("RVALUE", str(r)))
        t0 = time.perf_counter()
        try:
            out = subprocess.run(["M2", "--script", str(f)], capture_output=True, text=True, timeout=M2_TIMEOUT)
        except subprocess.TimeoutExpired:
            return None, f"Macaulay2 > {M2_TIMEOUT} s"
        dt = time.perf_counter() - t0
        if out.returncode != 0:
            return None, "Macaulay2 failed: " + out.stderr.strip()[-120:]
        return (dt, int(out.stdout.strip().split()[-1])), ""


def main(quick: bool = False):
    from algnet.analyses.dimension import _rank_and_pivots, dimension, jacobian_sketch
    from algnet import parse_spec
    import numpy as np

    cases = [("dense 10-10-10-10 r=2", True), ("dense 12-12-12-12 r=2", True), ("dense 4-4-4-4-4-4-4 r=2", True),
             ("dense 32-32-32 r=2", True)]
    if not quick:
        cases += [("dense 40-40-40-40 r=2", False), ("dense 57-57-57-57 r=2", False)]
    else:
        cases = cases[:3]
    rows = []
    for spec, with_ref in cases:
        net = parse_spec(spec)
        t0 = time.perf_counter()
        res = dimension(net, seed=0, pivots=False)
        t_alg = time.perf_counter() - t0
        # the floor: the modular rank of an already-built sketch
        p = res.primes[0]
        rng = np.random.default_rng(0)
        J = jacobian_sketch(net, rng.integers(0, p, size=net.n_params), res.rows, p, rng)
        t1 = time.perf_counter()
        _rank_and_pivots(J, p, False)
        t_floor = time.perf_counter() - t1
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        ref, note = (None, "") if not with_ref else run_m2(net.widths, net.r)
        ref_s = ref[0] if ref else None
        if ref and ref[1] != res.dimension:
            note = f"Macaulay2 rank {ref[1]} differs from algnet {res.dimension}"
        rows.append({
            "case": spec, "algnet_s": round(t_alg, 3), "reference": "Macaulay2 forward mode" if with_ref else "",
            "reference_s": round(ref_s, 3) if ref_s else None,
            "ratio": round(ref_s / t_alg, 1) if ref_s else None,
            "note": (note + "; " if note else "") + f"N={net.n_params}, dim={res.dimension}, certified={res.certified}, "
                    f"rank floor {t_floor:.2f} s ({100 * t_floor / t_alg:.0f}% of run), peak RSS {peak:.0f} MiB",
        })
    return rows


if __name__ == "__main__":
    for r in main(quick="--quick" in sys.argv):
        print(r)
