"""Size of a batch functional dimension before it runs: the cost model and the guards that refuse.

The exact forward pass over the inputs and the rank of the Jacobian modulo p are estimated from the layer sizes
alone (:func:`estimate_batch_fd`), and the work is refused above the memory limit or a time limit
(:func:`algnet.guards.check_resources`) unless forced. :func:`~algnet.relu.functional.batch_functional_dimension`
and the piecewise-linear models' :func:`~algnet.relu.model_fd.model_batch_fd` ask it first.

Examples
--------
>>> estimate_batch_fd(26, (2, 3, 1), 13)["rows"]
26
"""

from __future__ import annotations

__all__ = ["estimate_batch_fd", "relu_batch_fd_memory"]

# Cost model of the batch functional dimension: fixed constants, measured once on a 2-core machine (AMD EPYC,
# OpenBLAS, Python 3.11; CPU seconds of the process): the phases of relu 2-400-1,
# 2-800-1, 2-1200-1, 3-60-60-1, 20-60-5 and 5-30-30-30-1 took, per unit of the model, forward pass 1.7e-8 to
# 1.05e-7 s per exact multiply-add (with the affine reduction of the inputs: up to 1.3e-7), Jacobian mod p 1.1e-8
# to 6.2e-8 s per entry, rank mod p 1.1e-10 to 4.4e-10 s per (rows x columns x least of rows, columns, D'). With
# the constants below the whole estimate is 0.8x (20-60-5: 2.7 s estimated, 3.3 s measured) to 2.2x (2-1200-1:
# 58 s estimated, 26 s measured) of the CPU time measured; rates of 2e6 exact operations per second and 1e9 rank
# operations per second without a bound D' on the rank would estimate 3-10x the time measured.
OBJECT_BYTES = 100          # an exact entry (Fraction or Python int with its array slot) during the forward pass
OBJECT_OPS_PER_SECOND = 6.7e6    # exact multiply-adds per CPU second in the object-array forward pass
JACOBIAN_ENTRIES_PER_SECOND = 1.4e7  # entries per CPU second of the Jacobian modulo p
RANK_OPS_PER_SECOND = 3.3e9  # rows x columns x rank per CPU second of a rank mod p (BLAS / flint nmod_mat)


def estimate_batch_fd(n_points: int, widths, n_params: int, n_out: int = 1, float_check: bool = False,
                      rank_bound: int | None = None) -> dict:
    """Peak memory (bytes) and seconds of a batch functional dimension of a model given by its layer (node) sizes.

    Used for general piecewise-linear models (:func:`~algnet.relu.model_fd.estimate_model_fd`); ReLU networks
    are estimated by :func:`algnet.guards_fd.estimate_fd`.

    The exact forward pass holds, per layer, an array of ``n_points x width`` exact
    numbers (about ``OBJECT_BYTES`` each) and does ``n_points x w_l x w_(l+1)``
    exact multiply-adds; the Jacobian modulo p has up to ``n_points x n_out`` rows
    and ``n_params`` columns of int64 (float64 too with ``float_check``), and its
    rank costs rows x columns x r operations, r the least of rows, columns and
    ``rank_bound`` (a bound on the rank known beforehand, e.g. D'; the elimination
    stops at the rank). ``seconds`` are CPU seconds (the module's measured rates).

    Parameters
    ----------
    n_points : number of inputs Z
    widths : layer widths (n_0, ..., n_L), or the sizes of the model's nodes
    n_params : number of parameters (Jacobian columns)
    n_out : outputs per input (Jacobian rows per input)
    float_check : whether the float64 Jacobian is built too
    rank_bound : an upper bound of the rank (None: none known)

    Returns
    -------
    dict with ``memory`` (bytes), ``seconds``, ``rows``, ``columns``

    Examples
    --------
    >>> e = estimate_batch_fd(800002, (2, 100000, 1), 400001)     # algnet fd "relu 2-100000-1"
    >>> e["memory"] > 10**12, e["rows"]
    (True, 800002)
    >>> estimate_batch_fd(26, (2, 3, 1), 13)["memory"] < 10**6
    True
    """
    K, P = int(n_points), int(n_params)
    w = [int(v) for v in widths]
    rows = K * int(n_out)
    forward_mem = K * (w[0] + 2 * max(w)) * OBJECT_BYTES
    jac_mem = rows * P * 8 * (2 if float_check else 1)
    forward_ops = K * sum(a * b for a, b in zip(w, w[1:]))
    r = min(rows, P) if rank_bound is None else min(rows, P, int(rank_bound))
    rank_ops = rows * P * r
    seconds = (forward_ops / OBJECT_OPS_PER_SECOND + rows * P / JACOBIAN_ENTRIES_PER_SECOND
               + rank_ops / RANK_OPS_PER_SECOND * (2 if float_check else 1))
    return {"memory": forward_mem + jac_mem, "seconds": seconds, "rows": rows, "columns": P}


#: Peak memory of the ReLU networks' exact route (:func:`~algnet.relu.functional.batch_functional_dimension`),
#: measured as the peak RSS beyond the imports and the weights (resource.getrusage, one
#: process per network, seed 0, no float64 check): relu 2-400-1 165 MB, 2-800-1 659 MB, 3-60-60-1 652 MB,
#: 5-30-30-30-1 285 MB, 20-60-5 151 MB. The Jacobian is held about three times (its layer blocks, the whole,
#: the copy the elimination works on), the exact forward pass about 20 bytes per entry (100 bytes would put
#: relu 2-800-1 at 1.19 GB), and the libraries loaded for the rank some 80 MB; with the constants below the
#: estimate is 1.0-1.6x of those peaks (an upper estimate on them, not a proved bound).
RELU_JACOBIAN_COPIES = 3
RELU_FORWARD_BYTES = 20
RELU_FIXED_BYTES = 80 * 10**6


def relu_batch_fd_memory(n_points: int, widths, n_params: int, n_out: int = 1, float_check: bool = False) -> int:
    """Peak bytes of a ReLU network's exact batch functional dimension (the constants above, measured).

    Examples
    --------
    >>> relu_batch_fd_memory(6402, (2, 800, 1), 3201) // 10**6           # measured: 659 MB
    776
    """
    K, w = int(n_points), [int(v) for v in widths]
    rows = K * int(n_out)
    jac = rows * int(n_params) * 8 * (RELU_JACOBIAN_COPIES + (1 if float_check else 0))
    return jac + K * (w[0] + 2 * max(w)) * RELU_FORWARD_BYTES + RELU_FIXED_BYTES


def _check_size(net, K: int, force: bool, time_limit=None):
    """The guards' refusal of a ReLU network's batch FD at K inputs (:func:`algnet.guards_fd.check_fd`: the memory
    limit, and the time limit or the default CPU budget)."""
    from algnet.guards_fd import check_fd

    check_fd(net, K, force=force, time_limit=time_limit)


def _guard(what: str, est: dict, force: bool, time_limit=None,
           hint: str = "use fewer inputs (batch=...) or a smaller network"):
    from algnet.guards import check_resources, format_seconds

    check_resources(f"{what} ({est['rows']} Jacobian rows x {est['columns']} parameters, about "
                    f"{format_seconds(est['seconds'])})", memory=est["memory"], seconds=est["seconds"],
                    time_limit=time_limit, force=force,
                    hint=hint, rows=est["rows"], columns=est["columns"])
