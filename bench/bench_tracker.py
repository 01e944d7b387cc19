"""Path-tracking throughput: tracked paths per second on the slicing systems of the degree benchmarks.

For each network of issue 16 the witness system of ``degree(method="monodromy")``
is built as that route builds it (values at random complex sample inputs,
a random slice R of dim M rows, the gauge coordinates fixed), random
points theta_i are made solutions by their own start parameters
p_i = F(theta_i), and ``N`` paths are tracked by the parameter homotopy
from p_i to one random target parameter (t = 0 to 1, endpoint refinement
included). Rows:

* ``compiled``: ``track(..., TrackerOptions(engine="compiled", threads=1))``,
  paths per second of wall time and of process CPU time, evaluations per
  path, microseconds per evaluation (tape, Jacobian and LU solve);
* ``compiled, threads``: the same with ``threads=0`` (numba's threads when a
  round has enough work; the same paths bit for bit);
* the reference is the numpy engine (``engine="numpy"``) on the first
  ``N_NUMPY`` of the same paths: ``ratio`` = numpy seconds per path /
  compiled seconds per path;
* ``monodromy``: ``degree(spec, method="monodromy", fiber=False,
  certify=False)`` once (seed 0), with its paths and paths per witness point.

Measured (this branch, 2-core machine shared with other jobs at load 11-17,
so the wall-clock seconds are several times the CPU seconds; compare ratios
and CPU-time rates, not wall seconds). Single-thread compiled tracking, paths
per CPU second / evaluations per path / microseconds of CPU per evaluation:
see the table printed by ``python bench/bench_tracker.py`` (numbers from the
run of 2026-12-02 are in the lead's report of issue 16). The per-evaluation
cost is the tape (the values and their derivatives: 2,500-7,500 derivative
lanes on these systems) plus an n x n complex LU (n = 6-20); a path costs
85-110 evaluations (16-20 predictor-corrector steps of five evaluations).

Run with ``python bench/run.py --only tracker [--quick]`` or
``python bench/bench_tracker.py [--quick]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

CASES = ["linear 3-1-3", "conv k=2,3 s=1,1 r=2", "conv k=3,3 s=1,1 r=2", "linear 4-2-4", "dense 3-2-2 r=2",
         "conv k=2,2,2 s=1,1,1 r=2", "dense 3-2-3 r=2", "linear 6-2-4"]
QUICK = ["conv k=2,2,2 s=1,1,1 r=2", "dense 3-2-3 r=2"]
N_PATHS = 256
N_NUMPY = 48


def slicing_family(spec, seed=0):
    """The witness family of the monodromy degree route (coordinate gauge slice), and dim M."""
    from algnet import parse_spec
    from algnet.analyses.degree import NetworkWitnessFamily, _dimension, _gauge_coordinates
    from algnet.analyses.witness import NetworkValues

    net = parse_spec(spec)
    rng = np.random.default_rng(seed)
    n = net.n_params
    dim = _dimension(net, seed)
    e = n - dim
    K = net.monomial_count()
    Z = (rng.normal(size=(K,) + tuple(net.input_shape)) + 1j * rng.normal(size=(K,) + tuple(net.input_shape)))
    vals = NetworkValues(net, Z / np.sqrt(2), rng)
    q = vals.q
    R = (rng.normal(size=(dim, q)) + 1j * rng.normal(size=(dim, q))) / np.sqrt(2 * q)
    theta0 = (rng.normal(size=n) + 1j * rng.normal(size=n)) / np.sqrt(2)
    S = _gauge_coordinates(vals(theta0[None, :])[1][0], e)
    A = np.zeros((e, n), dtype=np.complex128)
    A[np.arange(e), S] = 1
    return NetworkWitnessFamily(vals, R, A), dim


def paths_and_target(fam, N, seed=1):
    rng = np.random.default_rng(seed)
    n, m = fam.n_vars, fam.n_params
    X = (rng.normal(size=(N, n)) + 1j * rng.normal(size=(N, n))) / np.sqrt(2)
    P0 = fam.start_parameters(X)
    p1 = P0[0] + (rng.normal(size=m) + 1j * rng.normal(size=m)) * np.sqrt(np.mean(np.abs(P0[0]) ** 2))
    return X, P0, np.ascontiguousarray(np.broadcast_to(p1, P0.shape))


def _timed_track(H, X, opt):
    from algnet.homotopy.tracker import track

    w, c = time.perf_counter(), time.process_time()
    res = track(H, X, opt)
    return res, time.perf_counter() - w, time.process_time() - c


def run_case(spec, N=N_PATHS, n_numpy=N_NUMPY, monodromy=True):
    from algnet.analyses.degree import degree
    from algnet.homotopy.compiled import family_tape
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.tracker import TrackerOptions

    fam, dim = slicing_family(spec)
    tape = family_tape(fam)
    X, P0, P1 = paths_and_target(fam, N)
    H = ParameterHomotopy(fam, P0, P1)
    _timed_track(ParameterHomotopy(fam, P0[:2], P1[:2]), X[:2], TrackerOptions(engine="compiled", threads=1))  # warm-up
    one, w1, c1 = _timed_track(H, X, TrackerOptions(engine="compiled", threads=1))
    par, w2, c2 = _timed_track(H, X, TrackerOptions(engine="compiled", threads=0))
    k = min(n_numpy, N)
    Hn = ParameterHomotopy(fam, P0[:k], P1[:k])
    ref, wn, cn = _timed_track(Hn, X[:k], TrackerOptions(engine="numpy"))
    same = ref.status == one.status[:k] and np.array_equal(ref.steps, one.steps[:k])
    ev = one.evaluations / N
    info = (f"n={fam.n_vars} tape {tape.size} instr, {tape.lane_work()} lanes; {N} paths, "
            f"{one.count('success')} success; {ev:.0f} evals/path, {int(one.steps.sum()) / N:.1f} steps/path; "
            f"{c1 / one.evaluations * 1e6:.1f} us CPU/eval")
    rows = [dict(case=f"{spec}: compiled", algnet_s=w1 / N, reference="numpy engine", reference_s=wn / k,
                 ratio=(wn / k) / (w1 / N),
                 note=f"{N / w1:.0f} paths/s wall, {N / c1:.0f} paths/s CPU; {info}; numpy steps "
                      f"{'equal' if same else 'DIFFER'}"),
            dict(case=f"{spec}: compiled, threads", algnet_s=w2 / N, reference="compiled, 1 thread",
                 reference_s=w1 / N, ratio=w1 / w2,
                 note=f"{N / w2:.0f} paths/s wall, CPU {c2:.2f} s; same paths: "
                      f"{bool(np.array_equal(par.x, one.x) and par.status == one.status)}")]
    if monodromy:
        w = time.perf_counter()
        r = degree(spec, method="monodromy", seed=0, fiber=False, certify=False)
        dt = time.perf_counter() - w
        rows.append(dict(case=f"{spec}: monodromy", algnet_s=dt, reference="", reference_s=None, ratio=None,
                         note=f"degree {r.degree}, {r.paths} paths ({r.paths / max(r.degree, 1):.1f} per point), "
                              f"{r.paths / dt:.0f} paths/s overall (includes the route's other steps)"))
    return rows


def main(quick: bool = False, cases=None) -> list[dict]:
    rows = []
    for spec in cases or (QUICK if quick else CASES):
        rows += run_case(spec, N=64 if quick else N_PATHS, n_numpy=16 if quick else N_NUMPY, monodromy=not quick)
    return rows


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    for r in main(quick=quick):
        ratio = "-" if r["ratio"] is None else f"{r['ratio']:.2f}"
        print(f"{r['case']:<42} {r['algnet_s']:.3g} s  ratio {ratio:>6}  {r['note']}")
