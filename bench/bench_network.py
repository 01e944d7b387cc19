"""Cost of ``Network.n_params`` (cached per ``param_shapes``) and of ``Network.unflatten``, which reads it.

For each network, microseconds of process CPU per call (best of 5 repeats of ``CALLS`` calls):
``n_params`` as cached now, the sum over ``param_shapes`` it replaced (computed inline here, the
same formula), and ``unflatten`` of a flat integer theta.

Measurements and what they decided, by date: ``bench/HISTORY.md``, section ``bench/bench_network.py``.

Usage: ``PYTHONPATH=. python bench/bench_network.py``
"""

from __future__ import annotations

import time
from math import prod

import numpy as np

from algnet import parse_spec

SPECS = ("linear 2-1-2", "dense 3-3-3 r=2", "dense 4-4-4-4-4-4-4-4-4 r=2", "conv k=3,3,3 r=2")
CALLS = 20_000


def _per_call(fn) -> float:
    best = float("inf")
    for _ in range(5):
        t = time.process_time()
        for _ in range(CALLS):
            fn()
        best = min(best, (time.process_time() - t) / CALLS)
    return best * 1e6


def main() -> None:
    print(f"{'network':28s} {'layers':>6s} {'n_params cached':>15s} {'sum formula':>11s} {'unflatten':>9s}")
    for spec in SPECS:
        net = parse_spec(spec)
        theta = np.arange(net.n_params)
        cached = _per_call(lambda: net.n_params)
        formula = _per_call(lambda: sum(prod(s) for _, s in net.param_shapes))
        unflat = _per_call(lambda: net.unflatten(theta))
        print(f"{spec:28s} {len(net.param_shapes):6d} {cached:15.2f} {formula:11.2f} {unflat:9.2f}")


if __name__ == "__main__":
    main()
