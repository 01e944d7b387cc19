"""The cost model of :func:`algnet.analyses.dimension.dimension`: which prime, how much memory and time.

The heavy step of the dimension is the rank of a random Jacobian sketch modulo
a prime. :func:`estimate_dimension` predicts its peak memory and its CPU
seconds from the sketch's shape (the constants below were measured in
``bench/bench_guards.py``), and the wall clock from the CPU seconds and the
machine's load (:func:`algnet.guards.load_factor`);
:func:`check_dimension_resources` refuses, before anything is evaluated, a
computation the machine or the caller's time limit cannot afford.

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

__all__ = ["estimate_dimension", "check_dimension_resources", "sketch_block_rows", "LARGE_SKETCH", "FAST_PRIME_BOUND",
           "SKIP_TANGENTS_ABOVE", "BLOCK_BYTES", "BYTES_PER_ENTRY", "FLINT_BYTES_PER_ENTRY", "ELIMINATION_RATE",
           "EVALUATION_RATE", "cpu_seconds", "EVALUATION_CPU_RATE", "PRODUCT_CPU_RATE", "ELIMINATION_ENTRY_SECONDS",
           "COLUMN_SECONDS", "FIXED_CPU_SECONDS", "SAMPLE_ENTRY_CPU_SECONDS", "blas_threads"]

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
#: Sketch entries evaluated per CPU second (reverse mode, int64 modulo p, then centred into the float64
#: sketch): measured 2.4-3.5e7 on the ladder of bench/bench_guards.py --phases (340 to 12802 rows).
EVALUATION_CPU_RATE = 2.7e7
#: CPU seconds per entry one sample's evaluation creates (rows x ``evaluation_entries``: the windows of a
#: convolution and their gradients, gathered and multiplied modulo p), on top of the sketch's entries; measured
#: by bench/_estimate_costs.py --sketch: gconv n=400 layers=2 r=2 9.7 s for 802 rows of 641,600 entries (1.9e-8),
#: gconv n=200 1.3e-8, conv k=100,100,100 r=2 1.1e-8. Without this term the estimate of gconv n=400 would be 0.3 s
#: of CPU.
SAMPLE_ENTRY_CPU_SECONDS = 1.6e-8
#: Exact products of the elimination: rows x columns x rank per CPU second. The column-recursive LU
#: does about 2/3 m n r multiply-adds in ``dgemm`` (measured: 53 GFlop per CPU second, 2 OpenBLAS
#: threads or one); primes above 2^22 split each product in two (:func:`algnet.core.fastla.product_plan`),
#: as ``dimension`` uses below LARGE_SKETCH.
PRODUCT_CPU_RATE = 8e10
#: CPU seconds per sketch entry of the elimination besides its products (the reductions modulo p after
#: each product, the int64 leaves of 32 columns, row exchanges): 0.8-1.4e-7 measured above 8000 columns;
#: twice that for primes above 2^22 (two reductions per product).
ELIMINATION_ENTRY_SECONDS = 1.2e-7
#: CPU seconds per column of the elimination's recursion (numpy calls per leaf and per split).
COLUMN_SECONDS = 1.5e-4
#: CPU seconds of everything else in one ``dimension`` call (the symmetry tangents, checks, the result).
FIXED_CPU_SECONDS = 0.01
#: Old names, kept for callers: the CPU rates above.
ELIMINATION_RATE = PRODUCT_CPU_RATE
EVALUATION_RATE = EVALUATION_CPU_RATE


def cpu_seconds(rows: int, columns: int, rank: int, prime: int, sample_entries: int = 0) -> tuple[float, float]:
    """Estimated CPU seconds of the evaluation and of the rank (a pair) of a ``rows`` x ``columns`` sketch
    modulo ``prime`` whose rank is about ``rank`` (the constants of this module, measured in
    ``bench/bench_guards.py``); the evaluation runs in one thread, the rank's products in the BLAS threads.
    ``sample_entries``: the entries one sample's evaluation creates (``net.evaluation_entries()``), at
    :data:`SAMPLE_ENTRY_CPU_SECONDS` each per row.

    Examples
    --------
    >>> measured = 48.0           # dense 80-80-80 r=2 (bench_guards --phases): 5.8 s evaluation + 42.2 s rank
    >>> 1 / 1.5 < sum(cpu_seconds(12802, 12800, 12720, 2**21 - 9)) / measured < 1.5
    True
    >>> big, half = sum(cpu_seconds(30002, 30000, 29700, 2**21 - 9)), sum(cpu_seconds(15002, 15000, 14850, 2**21 - 9))
    >>> 4 < big / half < 8                  # twice the size: four times the entries, eight times the products
    True
    """
    from algnet.core.fastla import BLAS_MAX_PRIME, product_plan

    entries = float(rows) * columns
    split = 2 if prime >= BLAS_MAX_PRIME or product_plan(prime).split else 1
    elimination = split * (entries * rank / PRODUCT_CPU_RATE + entries * ELIMINATION_ENTRY_SECONDS) \
        + columns * COLUMN_SECONDS
    evaluation = FIXED_CPU_SECONDS + entries / EVALUATION_CPU_RATE + float(rows) * sample_entries \
        * SAMPLE_ENTRY_CPU_SECONDS
    return evaluation, elimination


def sketch_block_rows(net) -> int:
    """Rows of the Jacobian sketch evaluated together: about :data:`BLOCK_BYTES` of intermediate values per
    block, counting per row the larger of the N gradient entries and the entries one sample's forward and
    reverse pass create (:meth:`~algnet.architectures.sequential.Sequential.evaluation_entries`: convolution
    windows, t x t attention matrices), three int64 copies of each.

    A block of rows sized by N alone let a group convolution over Z/400 (800 parameters, 641,600 entries per
    sample) evaluate all its 802 rows at once: 12 GB estimated, an allocation of 979 MiB of windows failing
    under a 4 GB ceiling; its blocks now have 4 rows (about 64 MiB).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> sketch_block_rows(parse_spec("dense 100-100-100-100 r=2"))        # 30,000 gradient entries a row
    93
    >>> sketch_block_rows(parse_spec("gconv n=400 layers=2 r=2"))         # the windows of two convolutions
    4
    """
    per_row = max(int(net.n_params), 1)
    per_sample = getattr(net, "evaluation_entries", None)
    if per_sample is not None:
        per_row = max(per_row, int(per_sample()))
    return max(1, BLOCK_BYTES // (8 * 3 * per_row))


def blas_threads() -> int:
    """Threads the BLAS products will use: ``OPENBLAS_NUM_THREADS`` (or ``OMP_NUM_THREADS``) when set,
    else one per available core (OpenBLAS's default).

    Examples
    --------
    >>> blas_threads() >= 1
    True
    """
    import os

    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        value = os.environ.get(name, "")
        if value.strip().isdigit() and int(value) > 0:
            return int(value)
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - platforms without affinity
        return os.cpu_count() or 1


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

    Time: ``cpu_seconds`` (:func:`cpu_seconds`: the evaluation and the
    elimination modulo one prime, plus, for a polynomial map, its program's ``row_seconds`` per sketch row;
    a second prime, needed only when the first
    rank falls short of the known bound, doubles it) and ``seconds``, the
    wall clock to expect now: each part's CPU seconds times
    :func:`algnet.guards.load_factor` for its threads (one for the
    evaluation, :func:`blas_threads` for the elimination's products), since on
    a shared machine each CPU second takes longer; ``load_factor`` in the
    result is the ratio of the two.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> est = estimate_dimension(parse_spec("dense 100-100-100-100 r=2"))
    >>> est["rows"], est["columns"], 6.7 * 2**30 < est["memory"] < 7 * 2**30, est["route"]
    (30002, 30000, True, 'fastla')
    >>> 400 < est["cpu_seconds"] < 700, est["seconds"] >= est["cpu_seconds"] / 2    # at most 2 CPU s per second
    (True, True)
    """
    from algnet.core.fastla import WORK_ENTRIES, product_plan

    N = net.n_params
    rows = min(N, net.ambient_dimension) + margin
    entries = rows * N
    r = min(rows, N)
    if prime is None:
        prime = int((default_primes(1, bound=FAST_PRIME_BOUND) if r >= LARGE_SKETCH else default_primes(1))[0])
    route = gf_method((rows, N), prime)
    block_rows = sketch_block_rows(net)            # the rows jacobian_sketch evaluates together
    evaluation = 8 * min(block_rows, rows) * N * 5      # 3 gradient copies + residues + floats, per block
    # the random inputs and covectors of all rows (int64), and one block's forward pass with its reverse
    # pass (values, gradients, temporaries): convolution windows, t x t attention matrices, wide inputs
    io = 8 * rows * (int(np.prod(net.input_shape, dtype=object)) + int(np.prod(net.output_shape, dtype=object)))
    per_sample = getattr(net, "evaluation_entries", None)
    if per_sample is not None:
        evaluation = max(evaluation, 8 * 3 * min(block_rows, rows) * int(per_sample()))
    evaluation += io
    if route == "fastla":
        buffers = 4 if product_plan(prime).split else 2
        elimination = 8 * (buffers * min(WORK_ENTRIES, entries // 4 + 1) + 3 * 32 * rows)
        memory = BYTES_PER_ENTRY * entries + max(evaluation, elimination)
    else:
        memory = FLINT_BYTES_PER_ENTRY * entries + evaluation
    from algnet.guards import load_factor

    evaluation_cpu, rank_cpu = cpu_seconds(rows, N, r, prime, int(per_sample()) if per_sample is not None else 0)
    # a polynomial map evaluates its own straight-line program per row (architectures/polymap_size.py): with
    # thousands of distinct exponents that is most of the time, and without it a --time-limit of 1 s let a
    # dimension estimated at 0.01 s run for minutes
    evaluation_cpu += rows * float(getattr(net, "row_seconds", 0.0) or 0.0)
    wall = evaluation_cpu * load_factor(1) + rank_cpu * load_factor(blas_threads() if route == "fastla" else 1)
    cpu = evaluation_cpu + rank_cpu
    return {"rows": rows, "columns": N, "memory": memory, "seconds": wall, "cpu_seconds": cpu,
            "load_factor": wall / cpu, "route": route, "evaluation_memory": evaluation}


def check_dimension_resources(net, margin: int = 2, force: bool = False, time_limit: float | None = None,
                              prime: int | None = None) -> dict:
    """Refuse (before computing) a dimension whose sketch the machine or ``time_limit`` cannot afford.

    Parameters
    ----------
    net : Network
    margin, prime
        As in :func:`estimate_dimension`.
    force : bool
        Skip the memory check (only its type is checked).
    time_limit : float, optional
        Seconds; the estimate must not be longer (also under ``force``).

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

    ``force`` lifts the memory refusal only: an explicit ``time_limit`` still refuses a longer estimate (the
    rank cannot stop midway with a partial answer).

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
    busy = f" of CPU, {format_seconds(est['seconds'])} at this machine's load" if est["load_factor"] > 1.5 else ""
    check_resources(
        f"{net.spec}: the Jacobian sketch has {est['rows']} x {est['columns']} entries; its evaluation and rank "
        f"(estimated {format_bytes(est['memory'])}, {format_seconds(est['cpu_seconds'])}{busy})",
        memory=est["memory"], seconds=est["seconds"], time_limit=time_limit, force=force,
        stops_at_time_limit=False,     # the rank cannot stop midway: an explicit time limit holds under force
        hint=("fewer distinct exponents or fewer polynomials (each distinct exponent adds a block to every matrix of "
              "the map's evaluation program)" if getattr(net, "row_seconds", 0) else
              "a smaller network (fewer layers or narrower widths)") + ", or a machine with more free memory",
        rows=est["rows"], columns=est["columns"])
    return est
