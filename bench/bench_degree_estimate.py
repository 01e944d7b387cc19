"""Degree without a theorem: the monodromy estimate against the measured run.

:func:`algnet.analyses.degree_estimate.estimate_monodromy` bounds the degree
(multihomogeneous Bézout number of the witness system), multiplies by the
paths per point and a pilot's seconds per path; ``degree`` refuses monodromy
whose estimate is above the time budget. The estimate is meant to err high
(the bound is an upper bound, the pilot's seconds per path are multiplied by
the largest overhead measured); when the bound puts the work above the budget,
``degree`` re-estimates from a cheap Hilbert polynomial's degree (the note
gives that estimate too: closer, and it can err low). This benchmark prints, for a few networks without a theorem, the bound
against the degree found and the estimated seconds against the measured ones
(ratio = estimate / measured: >= 1 means the estimate erred high, as meant; the measured time also
includes what the estimate does not cover: the dimension, retries after a failed trace test and the
Hilbert polynomial's confirmation, up to 5 s).

Usage: ``python bench/bench_degree_estimate.py [--quick]`` (or through bench/run.py).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASES = ["dense 2-2-1 r=4", "dense 3-2-1 r=2", "dense 4-2-1 r=2", "conv k=2,3 act=0,1,1", "dense 3-2-2-1 r=2"]


def main(quick: bool = False) -> list:
    from algnet import parse_spec
    from algnet.analyses.degree import degree
    from algnet.analyses.degree_estimate import _hilbert_estimate, estimate_monodromy
    from algnet.analyses.dimension import dimension

    degree("dense 2-2-1 r=4", seed=0, certify=False)  # warm-up: imports, the compiled tracker
    rows = []
    for spec in CASES[:3] if quick else CASES:
        net = parse_spec(spec)
        dim = dimension(net, seed=0).dimension
        t = time.perf_counter()
        est = estimate_monodromy(net, dim, seed=0)
        t_est = time.perf_counter() - t
        t = time.perf_counter()
        res = degree(net, method="monodromy", seed=0, certify=False, force=True)
        sec = time.perf_counter() - t
        h = _hilbert_estimate(net, 0, 5.0)
        closer = est.with_degree(h, "Hilbert") if h is not None else None
        rows.append({"case": spec, "algnet_s": sec, "reference": "estimate (upper)", "reference_s": est.seconds,
                     "ratio": est.seconds / sec if sec else None,
                     "note": f"degree {res.degree} <= bound {est.bound.value}; {res.paths} paths tracked, "
                             f"{est.paths} estimated; estimate took {t_est:.2f} s"
                             + (f"; from the Hilbert degree {h}: {closer.seconds:.3g} s (ratio "
                                f"{closer.seconds / sec:.2g})" if closer else "")})
    return rows


if __name__ == "__main__":
    for r in main(quick="--quick" in sys.argv):
        print(r)
