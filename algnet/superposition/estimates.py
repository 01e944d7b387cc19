"""Estimates of the superposition commands' heavy work (training, spherical codes), made before it starts.

Above the memory limit or the budget of CPU seconds (:data:`~algnet.guards.DEFAULT_BUDGET`) the work is refused
(:class:`~algnet.errors.TooLargeError`, with the estimate and a cheaper route) unless ``force=True``.

* Training the toy model: each Adam step draws ``batch`` samples of n features and multiplies them by
  W^T W (m hidden dimensions): about steps x batch x n x (m + 1) units of work, and the products of the n x n
  matrix W^T W and its gradient, 2 (m + batch) n^2 multiply-adds a step, which hold a few n x n arrays at once
  (:data:`TRAIN_BYTES_PER_PAIR` bytes per entry of an n x n matrix) besides a few arrays of a batch (or of the
  final evaluation's 4096 samples) of n values; reading the geometry of the trained weights
  afterwards (``algnet superposition``: cosines, the decomposition, the loss terms) costs about n^2 m more
  (:data:`GEOMETRY_SECONDS_PER_UNIT`) in the same memory.
* Spherical codes: each descent step of n points on S^(m-1) forms the n x n pairwise differences in R^m
  (Coulomb and Riesz energies: about (m + 5) arrays of n^2 floats at once; the ReLU energy about 4), and a start
  takes at most ``iters`` steps (Tammes: ``iters`` per power, and for codes small enough to polish two SLSQP
  runs of about (m n)^2 x n (n - 1) / 2 units each).

Examples
--------
>>> training_estimate(5, 2, 3000, 1024)["cpu_seconds"] < 60
True
>>> format_bytes(thomson_estimate(5000, 3, 20, 3000)["memory"])
'1.5 GiB'
"""

from __future__ import annotations

from algnet.guards import DEFAULT_BUDGET, format_bytes  # DEFAULT_BUDGET: the one default (CPU seconds here)

__all__ = ["DEFAULT_BUDGET", "TRAIN_SECONDS_PER_UNIT", "TRAIN_SECONDS_PER_MAC", "TRAIN_BYTES_PER_PAIR",
           "GEOMETRY_SECONDS_PER_UNIT", "DESCENT_SECONDS_PER_UNIT", "POLISH_SECONDS_PER_UNIT",
           "POLISH_SECONDS_FIXED",
           "training_estimate",
           "check_training", "thomson_estimate", "check_thomson"]

#: CPU seconds per unit steps x batch x n x (m + 1) of training, measured on 2 cores:
#: n=5 m=2 2000 steps of 1024 samples 0.99 s (3.2e-8), n=200 m=20 100 steps 9.6 s (2.2e-8), n=50 m=10 300 steps of
#: 4096 samples 27.7 s (4.1e-8).
TRAIN_SECONDS_PER_UNIT = 2.5e-8
#: CPU seconds per multiply-add of the n x n products of a training step (W^T W, X (W^T W), X^T dZ, W (M + M^T):
#: 2 (m + batch) n^2 a step), measured on 2 cores: n=1000 m=50 8.1e-10, n=2000 m=100 2.4e-10 (batch 4) and 7.9e-11
#: (batch 256), n=3000 m=100 2.5e-10.
TRAIN_SECONDS_PER_MAC = 5e-10
#: Peak bytes per entry of an n x n matrix while training (W^T W, the gradient's X^T dZ and its symmetrisation)
#: or reading the trained geometry (cosines, loss terms): measured (tracemalloc) 34 training n=3000 m=150,
#: 17-24 reading it.
TRAIN_BYTES_PER_PAIR = 40
#: CPU seconds per unit n^2 m of reading the geometry of trained weights (``algnet superposition``), measured
#: n=3000 m=150: 2.3 s for the configuration (1.7e-9), 0.8 s for the rest.
GEOMETRY_SECONDS_PER_UNIT = 2.5e-9
#: CPU seconds per descent step and unit n^2 (m + 5) of a spherical code, measured:
#: n=100 m=3 100 steps 0.19 s (2.4e-8), n=400 1.7e-8.
DESCENT_SECONDS_PER_UNIT = 1.7e-8
#: CPU seconds per SLSQP polish of a Tammes start and unit (m n)^2 x n (n - 1) / 2 (coordinates squared times the
#: pairs: its dense least-squares steps), measured on 2 cores on every pair from
#: a random start: n = 13 on S^2 0.10 s (8.7e-7), n = 24 2.4 s (1.7e-6), n = 18 on S^3 1.6 s (2.0e-6).
POLISH_SECONDS_PER_UNIT = 2e-6
#: CPU seconds of one polish however small the code (its four SLSQP rounds of up to 500 iterations): 0.32 s for
#: n = 4 on S^2, 0.42 s for n = 13 (the same measurement).
POLISH_SECONDS_FIXED = 0.5


def training_estimate(n: int, m: int, steps: int, batch: int, geometry: bool = False) -> dict:
    """CPU seconds and peak memory (bytes) of training the toy model (see the module doc); ``geometry``: with the
    reading of the trained weights' geometry after it (the command line's).

    Examples
    --------
    >>> training_estimate(5, 2, 10**9, 1024)["cpu_seconds"] > DEFAULT_BUDGET
    True
    >>> format_bytes(training_estimate(8000, 400, 1, 4)["memory"])          # several 8000 x 8000 arrays
    '4.0 GiB'
    """
    n, m, steps, batch = float(n), float(m), float(steps), float(batch)
    cpu = steps * (TRAIN_SECONDS_PER_UNIT * batch * n * (m + 1) + TRAIN_SECONDS_PER_MAC * 2 * (m + batch) * n * n)
    if geometry:
        cpu += GEOMETRY_SECONDS_PER_UNIT * n * n * m
    # the n x n arrays, a batch's (or the final evaluation's 4096 samples') few arrays of n values, W and Adam's
    # moments
    memory = TRAIN_BYTES_PER_PAIR * n * n + 8 * 6 * max(batch, 4096.0) * n + 8 * 8 * m * n
    return {"steps": int(steps), "cpu_seconds": cpu, "memory": memory}


def check_training(n: int, m: int, steps: int, batch: int, force: bool = False, budget: float | None = None,
                   geometry: bool = False) -> dict:
    """Refuse (TooLargeError) training (``geometry``: and reading the trained geometry) estimated above the CPU
    budget or the memory limit, unless ``force``; returns the estimate.

    Examples
    --------
    >>> check_training(5, 2, 10**9, 1024)
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: training the toy model n=5, m=2 for 1000000000 steps of 1024 samples ...
    """
    from algnet.guards import check_resources, format_seconds

    est = training_estimate(n, m, steps, batch, geometry)
    limit = DEFAULT_BUDGET if budget is None else float(budget)
    reading = " and reading its geometry" if geometry else ""
    check_resources(f"training the toy model n={n}, m={m} for {steps} steps of {batch} samples{reading} (peak "
                    f"{format_bytes(est['memory'])}: {n} x {n} matrices; CPU time, against a budget of "
                    f"{format_seconds(limit)} of CPU)", seconds=est["cpu_seconds"], time_limit=limit,
                    memory=est["memory"], force=force,
                    hint="fewer steps= (Ctrl-C keeps the steps finished), a smaller batch_size= (CLI: --batch), "
                         "a smaller n (CLI: --n; the memory grows like n^2)",
                    cpu_seconds=est["cpu_seconds"])
    return est


def thomson_estimate(n: int, m: int, starts: int, iters: int, kernel: str = "coulomb", polish: bool = False) -> dict:
    """Peak memory (bytes) and CPU seconds at most (every start takes all ``iters`` steps) of a spherical code;
    ``polish``: with the two SLSQP polishes of every Tammes start (:data:`POLISH_SECONDS_PER_UNIT`).

    Examples
    --------
    >>> est = thomson_estimate(100, 3, 20, 3000)
    >>> est["memory"] < 2**20, est["cpu_seconds"] < DEFAULT_BUDGET
    (True, True)
    >>> thomson_estimate(25, 3, 20, 10000, "riesz", polish=True)["polish_seconds"] > 100
    True
    """
    arrays = 4 if kernel == "relu2" else int(m) + 5
    memory = 8.0 * arrays * float(n) ** 2
    cpu = DESCENT_SECONDS_PER_UNIT * float(starts) * float(iters) * float(n) ** 2 * (int(m) + 5)
    slsqp = 0.0
    if polish:
        mn = float(m) * float(n)
        slsqp = 2 * float(starts) * (POLISH_SECONDS_FIXED
                                     + POLISH_SECONDS_PER_UNIT * mn * mn * float(n) * (float(n) - 1) / 2)
        memory = max(memory, 8.0 * (mn + 1) * (float(n) * (float(n) - 1) / 2 + 3 * (mn + 1)))
    return {"memory": memory, "cpu_seconds": cpu + slsqp, "polish_seconds": slsqp}


def check_thomson(n: int, m: int, starts: int, iters: int, kernel: str = "coulomb", force: bool = False,
                  budget: float | None = None, what: str = "Thomson", polish: bool = False) -> dict:
    """Refuse (TooLargeError) a spherical code estimated above the memory limit or the CPU budget, unless
    ``force``; returns the estimate.

    Examples
    --------
    >>> check_thomson(5000, 3, 20, 3000)
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: Thomson: 5000 points on S^2, 20 starts of up to 3000 descent steps ...
    """
    from algnet.guards import check_resources, format_seconds

    est = thomson_estimate(n, m, starts, iters, kernel, polish)
    limit = DEFAULT_BUDGET if budget is None else float(budget)
    slsqp = " and two SLSQP polishes" if polish else ""
    check_resources(f"{what}: {n} points on S^{m - 1}, {starts} starts of up to {iters} descent steps{slsqp} (peak "
                    f"{format_bytes(est['memory'])}; CPU time at most, against a budget of {format_seconds(limit)} of "
                    "CPU)", memory=est["memory"], seconds=est["cpu_seconds"], time_limit=limit, force=force,
                    hint="fewer starts= (Ctrl-C keeps the starts finished), a smaller n=",
                    cpu_seconds=est["cpu_seconds"])
    return est
