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

__all__ = ["estimate_batch_fd"]

# Cost model of the batch functional dimension (upper estimates, measured on 2 loaded cores, Python 3.12):
OBJECT_BYTES = 100          # an exact entry (Fraction or Python int with its array slot) during the forward pass
OBJECT_OPS_PER_SECOND = 2e6  # exact multiply-adds per second in the object-array forward pass
RANK_OPS_PER_SECOND = 1e9    # multiply-adds per second of a rank mod p (BLAS / flint nmod_mat)


def estimate_batch_fd(n_points: int, widths, n_params: int, n_out: int = 1, float_check: bool = False) -> dict:
    """Peak memory (bytes) and seconds of a batch functional dimension of a model given by its layer (node) sizes.

    Used for general piecewise-linear models (:func:`~algnet.relu.model_fd.estimate_model_fd`); ReLU networks
    are estimated by :func:`algnet.guards.estimate_fd`.

    The exact forward pass holds, per layer, an array of ``n_points x width`` exact
    numbers (about ``OBJECT_BYTES`` each) and does ``n_points x w_l x w_(l+1)``
    exact multiply-adds; the Jacobian modulo p has up to ``n_points x n_out`` rows
    and ``n_params`` columns of int64 (float64 too with ``float_check``), and its
    rank costs rows x columns x min(rows, columns) operations.

    Parameters
    ----------
    n_points : number of inputs Z
    widths : layer widths (n_0, ..., n_L), or the sizes of the model's nodes
    n_params : number of parameters (Jacobian columns)
    n_out : outputs per input (Jacobian rows per input)
    float_check : whether the float64 Jacobian is built too

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
    rank_ops = rows * P * min(rows, P)
    return {"memory": forward_mem + jac_mem, "seconds": forward_ops / OBJECT_OPS_PER_SECOND + rank_ops / RANK_OPS_PER_SECOND
            + (rank_ops / RANK_OPS_PER_SECOND if float_check else 0.0), "rows": rows, "columns": P}


def _check_size(net, K: int, force: bool, time_limit=None):
    """The guards' estimate of a ReLU network's batch FD at K inputs (:func:`algnet.guards.check_fd`), and the
    time limit when one is given."""
    from algnet.guards import check_fd, check_resources, format_seconds

    est = check_fd(net, K, force=force)
    if time_limit is not None:
        check_resources(f"{net.spec}: the batch functional dimension at {K} inputs (about "
                        f"{format_seconds(est['seconds'])})", seconds=est["seconds"], time_limit=time_limit,
                        force=force, hint="use fewer inputs (batch=...) or a smaller network")


def _guard(what: str, est: dict, force: bool, time_limit=None,
           hint: str = "use fewer inputs (batch=...) or a smaller network"):
    from algnet.guards import check_resources, format_seconds

    check_resources(f"{what} ({est['rows']} Jacobian rows x {est['columns']} parameters, about "
                    f"{format_seconds(est['seconds'])})", memory=est["memory"], seconds=est["seconds"],
                    time_limit=time_limit, force=force,
                    hint=hint, rows=est["rows"], columns=est["columns"])
