"""The cost model of :func:`algnet.analyses.dimension.dimension`: which prime, how much memory and time.

The heavy step of the dimension is the rank of a random Jacobian sketch modulo
a prime. :func:`estimate_dimension` predicts its peak memory and seconds from
the sketch's shape (the constants below were measured in
``bench/bench_guards.py``); :func:`check_dimension_resources` refuses, before
anything is evaluated, a computation the machine or the caller's time limit
cannot afford.

Examples
--------
>>> from algnet import parse_spec
>>> est = estimate_dimension(parse_spec("linear 4-2-3"))
>>> est["rows"], est["columns"], est["route"]      # min(N, ambient) + 2 = min(14, 12) + 2 rows
(14, 14, 'flint')
"""

from __future__ import annotations

import numpy as np

from algnet.core.matrix import gf_method
from algnet.core.primes import default_primes

__all__ = ["estimate_dimension", "check_dimension_resources", "LARGE_SKETCH", "FAST_PRIME_BOUND",
           "SKIP_TANGENTS_ABOVE", "BLOCK_BYTES", "BYTES_PER_ENTRY", "FLINT_BYTES_PER_ENTRY", "ELIMINATION_RATE",
           "EVALUATION_RATE"]

#: Sketches with min(rows, parameters) >= LARGE_SKETCH are computed modulo primes
#: below FAST_PRIME_BOUND by default: algnet.core.fastla multiplies residues below
#: 2^21 exactly with one float64 product (inner blocks of 4096), while primes
#: near 2^28 need two (measured: 62 s against 113 s CPU for a 9749 x 9747 rank).
LARGE_SKETCH = 2000
FAST_PRIME_BOUND = 2**21
#: Above this many parameters the known symmetries' tangents are not computed when the rank
#: already meets the ambient dimension (``symmetry_dimension`` is then None).
SKIP_TANGENTS_ABOVE = 2000
#: Intermediate gradients per block of sketch rows (bytes): bounds the evaluation's extra memory.
BLOCK_BYTES = 64 * 2**20
#: Peak bytes per sketch entry on the BLAS route (min(rows, N) >= 200): the float64 sketch, built
#: in place and eliminated in place (algnet.core.fastla, overwrite=True); the rest is blocks.
BYTES_PER_ENTRY = 8
#: Peak bytes per sketch entry on the flint route (short sketches): the int64 sketch, its residues
#: as a Python list and flint's fmpz_mat/nmod_mat copies (algnet.core.matrix.to_nmod_mat).
FLINT_BYTES_PER_ENTRY = 72
#: Sketch entries eliminated per second (rows x columns x rank / seconds), measured in bench/bench_guards.py.
ELIMINATION_RATE = 1.0e10
#: Sketch entries evaluated per second (reverse mode, int64 modulo p), measured in bench/bench_guards.py.
EVALUATION_RATE = 1.0e6


def estimate_dimension(net, margin: int = 2, prime: int | None = None) -> dict:
    """Estimated peak memory (bytes) and seconds of :func:`dimension`'s heavy step.

    The heavy step is the rank of a rows x N sketch with rows = min(N, ambient) + margin.
    On the BLAS route the peak is the float64 sketch (8 bytes per entry) plus
    the larger of one evaluation block (:data:`BLOCK_BYTES` of gradients and
    its conversion) and the elimination's blocks (two or four buffers of
    :data:`algnet.core.fastla.WORK_ENTRIES` entries, and a leaf panel of 32
    columns); short sketches go to flint at :data:`FLINT_BYTES_PER_ENTRY`.
    ``prime`` is the prime ``dimension`` would use (default: its default
    for this size; primes above 2^22 need two extra digit buffers).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> est = estimate_dimension(parse_spec("dense 100-100-100-100 r=2"))
    >>> est["rows"], est["columns"], 6.7 * 2**30 < est["memory"] < 7 * 2**30, est["route"]
    (30002, 30000, True, 'fastla')
    """
    from algnet.core.fastla import WORK_ENTRIES, product_plan

    N = net.n_params
    rows = min(N, net.ambient_dimension) + margin
    entries = rows * N
    r = min(rows, N)
    if prime is None:
        prime = int((default_primes(1, bound=FAST_PRIME_BOUND) if r >= LARGE_SKETCH else default_primes(1))[0])
    route = gf_method((rows, N), prime)
    block_rows = max(1, BLOCK_BYTES // (8 * max(N, 1) * 3))
    evaluation = 8 * min(block_rows, rows) * N * 5      # 3 gradient copies + residues + floats, per block
    if route == "fastla":
        buffers = 4 if product_plan(prime).split else 2
        elimination = 8 * (buffers * min(WORK_ENTRIES, entries // 4 + 1) + 3 * 32 * rows)
        memory = BYTES_PER_ENTRY * entries + max(evaluation, elimination)
    else:
        memory = FLINT_BYTES_PER_ENTRY * entries + evaluation
    seconds = 0.3 + entries * r / ELIMINATION_RATE + entries / EVALUATION_RATE
    return {"rows": rows, "columns": N, "memory": memory, "seconds": seconds, "route": route}


def check_dimension_resources(net, margin: int = 2, force: bool = False, time_limit: float | None = None,
                              prime: int | None = None) -> dict:
    """Refuse (before computing) a dimension whose sketch the machine or ``time_limit`` cannot afford.

    Parameters
    ----------
    net : Network
    margin, prime
        As in :func:`estimate_dimension`.
    force : bool
        Skip the checks (only its type is checked).
    time_limit : float, optional
        Seconds; the estimate must not be longer.

    Returns
    -------
    dict
        The estimate (:func:`estimate_dimension`).

    Raises
    ------
    TooLargeError
        With the estimate in the message and a cheaper route in the hint.
    ParameterError
        For a ``force`` that is not a bool or a bad ``time_limit``.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> check_dimension_resources(parse_spec("linear 4-2-3"), time_limit=10)["route"]
    'flint'
    >>> check_dimension_resources(parse_spec("dense 100-100-100-100 r=2"), time_limit=1)
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: dense 100-100-100-100 r=2: the Jacobian sketch has 30002 x 30000 entries; ...
    """
    from algnet.guards import check_resources, check_time_limit, format_bytes, format_seconds

    if not isinstance(force, (bool, np.bool_)):
        from algnet.errors import ParameterError

        raise ParameterError(f"force={force!r} must be True or False", hint="e.g. force=True")
    time_limit = check_time_limit(time_limit)
    est = estimate_dimension(net, margin, prime)
    check_resources(
        f"{net.spec}: the Jacobian sketch has {est['rows']} x {est['columns']} entries; its rank "
        f"(estimated {format_bytes(est['memory'])}, {format_seconds(est['seconds'])})",
        memory=est["memory"], seconds=est["seconds"], time_limit=time_limit, force=force,
        hint="a smaller network (fewer layers or narrower widths), or a machine with more free memory",
        rows=est["rows"], columns=est["columns"])
    return est
