"""Fiber points found by the monodromy count of ``identifiability(method="homotopy")`` and its CPU seconds.

For each network and seed: the count reported, the fiber points certified by Krawczyk's test (those monodromy
itself found; the count can come from a Groebner basis over a prime field, status "exact mod p"), the status and
the process CPU seconds of the call (a warm-up call compiles the kernels first). Truths: Sylvester's theorem gives
k! points for dense 2-k-1 r=2k-1 (24 for binary septics, 6 for quintics).

A/B: run the script with ``PYTHONPATH`` set to each tree in turn (it imports only algnet), several rounds.

Measurements and what they decided, by date: ``bench/HISTORY.md``, section ``bench/bench_fibers.py``.

Usage: ``PYTHONPATH=. python bench/bench_fibers.py [SPEC SEEDS]`` (SEEDS comma-separated, default 0-7).
"""

from __future__ import annotations

import json
import sys
import time

CASES = (("dense 2-4-1 r=7", 24), ("dense 2-3-1 r=5", 6))


def run(spec: str, seeds, truth=None) -> list:
    """One row per seed: count, certified points, status, CPU seconds."""
    from algnet.analyses.fibers import identifiability

    rows = []
    for s in seeds:
        t = time.process_time()
        r = identifiability(spec, seed=s, method="homotopy", force=True)
        rows.append(dict(spec=spec, seed=s, truth=truth, count=r.fiber_count, certified=r.certified_points,
                         status=r.count_status, cpu=round(time.process_time() - t, 2)))
        print(json.dumps(rows[-1]), flush=True)
    return rows


def main() -> None:
    from algnet.analyses.fibers import identifiability

    identifiability("dense 2-2-1 r=3", seed=0, method="homotopy")       # compiles the kernels
    if len(sys.argv) > 2:
        run(sys.argv[1], [int(s) for s in sys.argv[2].split(",")])
        return
    for spec, truth in CASES:
        run(spec, range(8), truth)


if __name__ == "__main__":
    main()
