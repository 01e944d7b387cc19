"""Degree without a theorem: the guard's monodromy estimate against the measured run.

When no theorem gives the degree, :func:`algnet.analyses.degree.degree`
estimates the monodromy before running it
(:func:`algnet.analyses.degree_estimate.estimate_monodromy`): a pilot runs
the real search for a few seconds (:mod:`algnet.analyses.degree_pilot`),
estimates the number of witness points by capture-recapture on fresh loops
(Lincoln-Petersen in Chapman's form), and multiplies by the pilot's paths per
point (times its tail factor) and its seconds per path. The Bézout bound
stays the proved ceiling next to it. This benchmark runs a ladder of networks
without a theorem, from a fraction of a second to about a minute, and prints
estimate / measured for the time of the monodromy search and trace test
(``monodromy_attempt``, what the estimate is for; the target is a factor of 3
either way), the estimated against the found degree, and the Bézout bound.
With ``--whole`` the whole ``degree`` call is timed too (it also computes the
dimension and a Hilbert polynomial confirmation, up to 5 s, and retries after
a failed trace test: dense 3-2-2-2 r=2 took 1,360 s), not part of the estimate.

Measurements and what they decided, by date: ``bench/HISTORY.md``, section ``bench/bench_degree_estimate.py``.

Usage: ``python bench/bench_degree_estimate.py [--quick] [--seeds 0,1] [--whole]`` (or through bench/run.py).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASES = ["dense 3-2-1 r=2", "dense 4-2-1 r=2", "conv k=2,3 act=0,1,1", "dense 3-2-2-1 r=2", "dense 3-2-3 r=2",
         "dense 2-2-2-1 r=3", "dense 4-2-3 r=2", "dense 3-2-2-2 r=2"]


def measure(spec: str, seed: int = 0, whole: bool = False) -> dict:
    """Estimate, then the monodromy attempt the estimate is for (and with ``whole`` the whole degree call)."""
    from algnet import parse_spec
    from algnet.analyses.degree import degree
    from algnet.analyses.degree_estimate import estimate_monodromy
    from algnet.analyses.degree_monodromy import monodromy_attempt
    from algnet.analyses.shared import dimension_result
    from algnet.analyses.degree_monodromy import degree_options

    net = parse_spec(spec)
    dim = int(dimension_result(net, seed=seed).dimension)
    t = time.perf_counter()
    est = estimate_monodromy(net, dim, seed=seed)
    t_est = time.perf_counter() - t
    t, c = time.perf_counter(), time.process_time()
    out = monodromy_attempt(net, dim, seed, degree_options(), certify=False)
    sec, cpu = time.perf_counter() - t, time.process_time() - c
    t = time.perf_counter()
    res = degree(net, method="monodromy", seed=seed, certify=False, force=True) if whole else None
    whole = time.perf_counter() - t if whole else None
    return {"spec": spec, "seed": seed, "degree": out["degree"], "trace": out["trace_test_passed"],
            "paths": out["paths"], "seconds": sec, "cpu": cpu, "est_cpu": est.cpu_seconds,
            "est_degree": est.degree, "est_paths": est.paths,
            "est_seconds": est.seconds, "bound": est.bound.value, "bound_seconds": est.bound_seconds,
            "pilot_finished": est.pilot.finished if est.pilot is not None else None, "estimate_took": t_est,
            "pilot": None if est.pilot is None else est.pilot.describe(),
            "degree_call": whole, "degree_call_result": None if res is None else res.degree}


def _row(m: dict) -> dict:
    ratio = m["est_seconds"] / m["seconds"] if m["seconds"] else None
    return {"case": f"{m['spec']} (seed {m['seed']})", "algnet_s": m["seconds"], "reference": "estimate",
            "reference_s": m["est_seconds"], "ratio": ratio,
            "note": f"degree {m['degree']} (trace test {'passed' if m['trace'] else 'FAILED'}), "
                    f"estimated {m['est_degree']}, bound {m['bound']}; paths {m['paths']}, estimated "
                    f"{m['est_paths']}; time ratio {ratio:.2f}; CPU: estimated {m['est_cpu']:.3g} s, measured "
                    f"{m['cpu']:.3g} s (ratio {m['est_cpu'] / max(m['cpu'], 1e-9):.2f})"
                    + (" (the pilot finished)" if m["pilot_finished"] else "")
                    + f"; the bound's time {m['bound_seconds']:.3g} s (ratio "
                    f"{m['bound_seconds'] / m['seconds']:.3g}); estimate took {m['estimate_took']:.1f} s"
                    + ("" if m["degree_call"] is None else f"; whole degree call {m['degree_call']:.1f} s")
                    + f"; pilot: {m['pilot']}"}


def main(quick: bool = False, seeds=(0,), show=None, whole: bool = False) -> list:
    from algnet import parse_spec
    from algnet.analyses.degree_monodromy import monodromy_attempt
    from algnet.analyses.degree_monodromy import degree_options

    monodromy_attempt(parse_spec("dense 2-2-1 r=4"), 3, 0, degree_options(),
                      certify=False)                      # warm-up: imports, the compiled tracker
    rows = []
    for spec in CASES[:4] if quick else CASES:
        for seed in seeds:
            rows.append(_row(measure(spec, seed, whole)))
            if show is not None:
                show(rows[-1])
    return rows


if __name__ == "__main__":
    seeds = (0,)
    if "--seeds" in sys.argv:
        seeds = tuple(int(s) for s in sys.argv[sys.argv.index("--seeds") + 1].split(","))
    main(quick="--quick" in sys.argv, seeds=seeds, whole="--whole" in sys.argv,
         show=lambda r: print(f"{r['case']:32s} measured {r['algnet_s']:7.2f} s  estimated {r['reference_s']:7.2f} s"
                              f"  {r['note']}", flush=True))
