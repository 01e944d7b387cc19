"""Benchmarks of algnet's exact ReLU analyses (a script printing a table).

Cases
-----
* exact region enumeration on the 2-D input plane of ``relu 2-64-64-64-1``
  (random rational weights, seed 0) in a box, with 2 worker processes and
  with 1; the float64 path (same algorithm, rounded arithmetic, not exact)
  on the same box. Reference: SplineCAM (Humayun-Balestriero-Baraniuk, CVPR
  2023) reports ~80 000 regions in ~8 minutes (~167 regions/s, floating
  point, GPU); ``reference_s`` is the time that rate would need for the same
  number of regions.
* exact batch functional dimension of ``relu 2-30-30-1`` (D = 1051
  parameters) at |Z| = 2D random rational inputs; reference: numpy's float64
  SVD rank of the same Jacobian (computing the float Jacobian included).

``ratio`` = algnet_s / reference_s (below 1: algnet is faster).

Run: ``python3 bench/bench_relu.py [--quick]``.
"""

from __future__ import annotations

import sys
import time

SPLINECAM_RATE = 80_000 / 480.0   # regions per second reported by SplineCAM


def _regions_rows(quick: bool) -> list[dict]:
    from algnet import parse_spec
    from algnet.relu.regions import linear_regions, linear_regions_float

    net = parse_spec("relu 2-64-64-64-1")
    theta = net.random_params(seed=0)
    R = 2 if quick else 12
    box = (-R, R, -R, R)
    rows = []
    runs = [(2, "exact, 2 workers")] + ([] if quick else [(1, "exact, 1 worker")])
    count = None
    for workers, label in runs:
        t = time.perf_counter()
        part = linear_regions(net, theta, box=box, workers=workers)
        dt = time.perf_counter() - t
        count = part.count
        ref = count / SPLINECAM_RATE
        rows.append({"case": f"regions relu 2-64-64-64-1 box [-{R},{R}]^2 ({label})", "algnet_s": dt,
                     "reference": "SplineCAM reported rate (80k regions / 8 min)", "reference_s": ref,
                     "ratio": dt / ref,
                     "note": f"{count} exact regions, {count / dt * 60:.0f} regions/min"})
    t = time.perf_counter()
    fl = linear_regions_float(net, theta, box=box)
    dt = time.perf_counter() - t
    exact_s = rows[-1]["algnet_s"]
    rows.append({"case": f"regions relu 2-64-64-64-1 box [-{R},{R}]^2 (float64 path, 1 process)", "algnet_s": dt,
                 "reference": "algnet exact path (" + rows[-1]["case"].split("(")[-1], "reference_s": exact_s,
                 "ratio": dt / exact_s,
                 "note": f"{fl.count} float64 regions (exact: {count}), {fl.count / dt * 60:.0f} regions/min"})
    return rows


def _fd_rows(quick: bool) -> list[dict]:
    from algnet import parse_spec
    from algnet.core.backends import Complex
    from algnet.relu.functional import batch_functional_dimension, float_rank

    spec = "relu 2-12-12-1" if quick else "relu 2-30-30-1"
    net = parse_spec(spec)
    theta = net.random_params(seed=0)
    K = 2 * net.n_params
    t = time.perf_counter()
    r = batch_functional_dimension(net, theta, batch=K, seed=1, float_check=False)
    dt = time.perf_counter() - t
    Z = net.random_inputs(K, seed=1)
    t = time.perf_counter()
    fr, _ = float_rank(net.jacobian(theta, Z, backend=Complex()))
    ref = time.perf_counter() - t
    return [{"case": f"batch functional dimension {spec} (D={net.n_params}, |Z|=2D={K})", "algnet_s": dt,
             "reference": "numpy float64 SVD rank of the same Jacobian", "reference_s": ref, "ratio": dt / ref,
             "note": f"exact rank {r.rank} ({'certified' if r.certified else 'proved lower bound'}; "
                     f"{r.reduced_points} inputs after the exact per-pattern reduction); "
                     f"float64 rank {fr}; D'={net.dimension_bound}"}]


def main(quick: bool = False) -> list[dict]:
    """Run the ReLU benchmarks; return rows with keys case, algnet_s, reference, reference_s, ratio, note."""
    return _regions_rows(quick) + _fd_rows(quick)


def _print(rows):
    w = max(len(r["case"]) for r in rows)
    print(f"{'case':<{w}}  {'algnet_s':>9}  {'reference_s':>11}  {'ratio':>7}  reference / note")
    for r in rows:
        print(f"{r['case']:<{w}}  {r['algnet_s']:>9.2f}  {r['reference_s']:>11.2f}  {r['ratio']:>7.3f}  "
              f"{r['reference']}; {r['note']}")


if __name__ == "__main__":
    _print(main(quick="--quick" in sys.argv))
