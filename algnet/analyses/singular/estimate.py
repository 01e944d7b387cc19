"""Size estimate of :func:`~algnet.analyses.singular.strata`, made before any rank is computed.

Per stratum the analysis computes the stratum's dimension (an exact rank of its Jacobian and the search of
a proved upper bound) and, below the top dimension, tests its generic point (exact ranks of the full
Jacobian at fiber points found by a numerical search in the parameter spaces of the other strata). The model:

    CPU seconds = k (:data:`STRATUM_SECONDS` + :data:`RANK_SECONDS_PER_UNIT` m P min(m, P)) + :data:`PAIR_SECONDS` k^2

for k strata (listed by :func:`~algnet.analyses.singular.stratum_networks`, milliseconds up to thousands of
parameters), m coordinates and P parameters (the exact rank of an m x P Jacobian), and the searches of each
stratum's point in every other stratum's space (k^2). Wall seconds: CPU seconds x
:func:`algnet.guards.load_factor`. Memory: :func:`~algnet.analyses.dimension_estimate.estimate_dimension`'s peak
for the full network (every stratum's sketch is at most as large) and the N x N parameter maps.

Calibrated on 2 cores with ``strata(net, seed=0)``, CPU seconds of the process
(``time.process_time``): linear 3-2-3 0.18 s for 2 strata (model 0.33), linear 4-2-4 0.04 (0.34),
dense 3-2-2 r=2 0.40 (0.89), conv k=2,2,2 r=2 11.1 for 19 (12.7), linear 8-4-8 1.98 for 3 (2.55), dense 4-2-4
r=2 0.75 (0.98), linear 6-3-6 0.93 (0.94), dense 3-3-3 r=2 1.6 for 5 (1.3). Wall clock can be 5-10 times the CPU
seconds on a loaded machine. Not modelled: the symbolic expansion of the dimension's
upper-bound search (``algnet.analyses.bounds``), which ran out of memory (4 GB ulimit) after 106 s on dense
10-10-10 r=2, whose estimate here is several minutes.

Examples
--------
>>> from algnet import parse_spec
>>> est = strata_estimate(parse_spec("linear 3-2-3"))
>>> est["strata"], est["seconds"] < 60
(2, True)
>>> check_strata(parse_spec("dense 30-30-30 r=2"), time_limit=60)
Traceback (most recent call last):
...
algnet.errors.TooLargeError: dense 30-30-30 r=2: the strata at depth 2: 5 strata, ...
"""

from __future__ import annotations

from algnet.guards import DEFAULT_BUDGET  # the one default budget (re-exported; wall seconds here)

__all__ = ["strata_estimate", "check_strata", "STRATUM_SECONDS", "RANK_SECONDS_PER_UNIT", "PAIR_SECONDS",
           "DEFAULT_BUDGET"]

#: CPU seconds of a stratum of the smallest networks.
STRATUM_SECONDS = 0.1
#: CPU seconds per unit of m P min(m, P) (an exact m x P rank) per stratum.
RANK_SECONDS_PER_UNIT = 2.5e-6
#: CPU seconds per pair of strata (the fiber search of one stratum's point in another's space).
PAIR_SECONDS = 0.03


def strata_estimate(net, depth: int = 2, pairs=None) -> dict:
    """``strata`` (count), ``cpu_seconds``, ``seconds`` (wall, at the current load) and ``memory`` (bytes) of
    :func:`~algnet.analyses.singular.strata` at ``depth`` (``pairs``: the listed strata, when known).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> e = strata_estimate(parse_spec("linear 8-4-8"))
    >>> e["strata"], 1 < e["cpu_seconds"] < 10
    (3, True)
    """
    from algnet.analyses.dimension_estimate import estimate_dimension
    from algnet.guards import load_factor

    if pairs is None:       # counted, not built (each stratum holds a P x P parameter map)
        from algnet.analyses.singular.lattice import stratum_count

        k = stratum_count(net, depth)
    else:
        k = len(pairs)
    m, P = int(net.ambient_dimension), int(net.n_params)
    cpu = k * (STRATUM_SECONDS + RANK_SECONDS_PER_UNIT * m * P * min(m, P)) + PAIR_SECONDS * k * k
    # the strata's parameter maps (P x at most P int64 each) are held together
    mem = max(int(estimate_dimension(net)["memory"]), 16 * P * P, 8 * k * P * P)
    return {"strata": k, "cpu_seconds": float(cpu), "seconds": float(cpu * load_factor()), "memory": mem}


def check_strata(net, depth: int = 2, pairs=None, force: bool = False, time_limit=None) -> dict:
    """Refuse (TooLargeError with the estimate, the threshold and the cheaper routes) strata estimated above the
    memory limit or ``time_limit`` (wall seconds at the current load; without one, CPU seconds against
    :data:`~algnet.guards.DEFAULT_BUDGET`, so that a busy machine never refuses a small input), unless ``force``.
    Returns the
    estimate.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> check_strata(parse_spec("linear 2-1-2"))["strata"]
    1
    """
    from algnet.analyses.routes_estimate import strata_routes
    from algnet.guards import check_resources, check_time_limit, format_bytes, format_seconds

    limit = check_time_limit(time_limit)
    est = strata_estimate(net, depth, pairs)
    budget = DEFAULT_BUDGET if limit is None else limit
    which = ("" if limit is not None
             else f" (without a time limit: the default budget of {format_seconds(budget)} of CPU)")
    check_resources(
        f"{net.spec}: the strata at depth {depth}: {est['strata']} strata, each an exact rank of the "
        f"{net.ambient_dimension} x {net.n_params} Jacobian and a fiber search; estimated "
        f"{format_seconds(est['cpu_seconds'])} CPU, {format_seconds(est['seconds'])} at the current load, memory "
        f"{format_bytes(est['memory'])}{which}:",
        memory=est["memory"], seconds=est["seconds"] if limit is not None else est["cpu_seconds"],
        time_limit=budget, force=force,
        hint=lambda: strata_routes(net, depth, memory=est["memory"], seconds=est["cpu_seconds"], budget=budget),
        strata=est["strata"], cpu_seconds=est["cpu_seconds"])
    return est
