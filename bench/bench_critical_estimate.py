"""The size estimates of the critical-point analyses and of ``singular`` against measured CPU seconds.

For each case: the estimate (:func:`algnet.analyses.critical.estimate.critical_estimate`, count alone;
:func:`algnet.analyses.singular.estimate.strata_estimate`) and the measured CPU seconds of
``critical_points(classify=False, method="monodromy", certify=False)`` (generic metric) and of
``strata(net)``, each under a CPU cap (``time_cap(cap, cpu=True)``: a capped run's seconds are a lower
bound). The guards promise the right order of magnitude (factor 3 either way), not the seconds.
The calibration is in the module docstrings of the two estimate modules (2026-12-03, load 3.6-8.3 on 2 cores).

Usage::

    python bench/bench_critical_estimate.py [--quick]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CASES = ["linear 2-1-2", "linear 3-1-3", "linear 3-2-3", "conv k=2,2 r=2", "conv k=2,3 r=2", "dense 2-1-1 r=3",
         "linear 4-2-4", "conv k=2,2,2 r=2"]
STRATA = ["linear 3-2-3", "dense 3-2-2 r=2", "linear 6-3-6", "dense 3-3-3 r=2", "conv k=2,2,2 r=2"]


def _cpu(fn, cap):
    from algnet.guards import time_cap

    t = time.process_time()
    with time_cap(cap, cpu=True) as c:
        try:
            out = fn()
        except KeyboardInterrupt:
            out = None
    return time.process_time() - t, c.expired, out


def main(quick: bool = False) -> list[dict]:
    """One row per case: estimated and measured CPU seconds, their ratio."""
    import os

    from algnet import parse_spec
    from algnet.analyses.critical import critical_points
    from algnet.analyses.critical.estimate import critical_estimate
    from algnet.analyses.singular import strata
    from algnet.analyses.singular.estimate import strata_estimate

    critical_points("linear 2-1-2", seed=0, classify=False, method="monodromy", certify=False)     # kernels loaded
    rows = []
    cap = 20 if quick else 60
    for spec in CASES[:4] if quick else CASES:
        net = parse_spec(spec)
        est = critical_estimate(net, "generic", classify=False)
        s, capped, r = _cpu(lambda: critical_points(net, loss="generic", seed=1, classify=False, method="monodromy",
                                                    certify=False), cap)
        rows.append({"case": f"critical {spec}", "algnet_s": s, "reference": "estimate", "reference_s": est.cpu_seconds,
                     "ratio": est.cpu_seconds / max(s, 1e-9),
                     "note": f"paths {getattr(r, 'paths', '?')} (est. {est.paths}); "
                             f"{'capped; ' if capped else ''}load {os.getloadavg()[0]:.1f}"})
    for spec in STRATA[:2] if quick else STRATA:
        net = parse_spec(spec)
        est = strata_estimate(net)
        s, capped, _ = _cpu(lambda: strata(net, seed=0, force=True), cap)
        rows.append({"case": f"singular {spec}", "algnet_s": s, "reference": "estimate",
                     "reference_s": est["cpu_seconds"], "ratio": est["cpu_seconds"] / max(s, 1e-9),
                     "note": f"{est['strata']} strata; {'capped; ' if capped else ''}load {os.getloadavg()[0]:.1f}"})
    return rows


if __name__ == "__main__":
    for row in main(quick="--quick" in sys.argv):
        print(f"{row['case']:32s} measured {row['algnet_s']:8.2f} CPU s  estimate {row['reference_s']:8.2f}  "
              f"ratio {row['ratio']:6.2f}  {row['note']}")
