"""The cost of the zero-pattern search (:mod:`.zero_patterns`) from a network's shape alone, for the size estimate
(:mod:`algnet.analyses.critical.estimate`) and the search's progress bar.

Examples
--------
>>> from algnet import parse_spec
>>> zero_pattern_plan(parse_spec("conv k=2,2 r=2"))     # two filters: two patterns, slices of 1 + 5 paths each
(2, 12)
"""

from __future__ import annotations

import itertools

import numpy as np

from algnet.analyses.critical.zero_patterns import MAX_BLOCKS, ZERO_PATTERN_PATHS, ZERO_PATTERN_POINTS, \
    ZERO_PATTERN_TOTAL_PATHS

__all__ = ["zero_pattern_plan", "zero_pattern_seconds", "ZERO_PATTERN_PATH_SECONDS", "ZERO_PATTERN_POINT_SECONDS",
           "PLAN_PARAMETERS"]

#: CPU seconds of one path of the search (the python tracker: 17-22 ms a path measured on dense 2-2-1 r=2, dense 3-2-1
#: r=2, conv k=2,2 r=2, slices of 1-3 variables) and of the local-dimension test of one point found (0.02-0.08 s)
ZERO_PATTERN_PATH_SECONDS = 0.022
ZERO_PATTERN_POINT_SECONDS = 0.08
#: Most parameters whose blocks :func:`zero_pattern_plan` reads (the symmetry tangents at a point: 0.05 s at 900;
#: their memory grows like tangents x parameters: attention d=20,20,20 a=10,10 t=6, 1600 parameters, 74 MB)
PLAN_PARAMETERS = 1000


def zero_pattern_plan(net, max_paths: int = ZERO_PATTERN_PATHS) -> tuple:
    """(patterns, paths): an upper bound on the work of :func:`zero_pattern_points` from the network's shape alone,
    every zero pattern of its blocks counted as searched (those where d mu has full rank and the image is not one
    point are skipped by the search: less), each with its slices of (2 D - 1)^m paths within ``max_paths`` and the
    whole within :data:`ZERO_PATTERN_TOTAL_PATHS`; (0, 0) where the search does nothing (no continuous symmetries,
    more than :data:`MAX_BLOCKS` blocks, or more than :data:`PLAN_PARAMETERS` parameters, where it is not read).

    Examples
    --------
    dense 2-2-1 r=2: blocks w1, w2, a1, a2 (14 patterns), D = 3 (paths 5^m): on w1 = 0 (w2, a1, a2 left, orbits of
    dimension 2) slices m = 0, 1, 2 (1 + 5 + 25 paths), on a1 = 0 m = 0, ..., 3 (156; skipped by the search: d mu has
    full rank there), ... (the search tracked 170 of the 494):

    >>> from algnet import parse_spec
    >>> zero_pattern_plan(parse_spec("dense 2-2-1 r=2"))
    (14, 494)
    >>> zero_pattern_plan(parse_spec("dense 2-3-1 r=2"))[0], zero_pattern_plan(parse_spec("linear 2-1-2"))
    (62, (2, 8))
    """
    from algnet.analyses.critical.symmetry_class import torus_weights
    from algnet.analyses.critical.zero_patterns import _array_blocks, parameter_blocks

    if int(net.n_params) > PLAN_PARAMETERS:
        return 0, 0
    W = torus_weights(net)
    blocks = parameter_blocks(W) if W is not None else _array_blocks(net)
    if not blocks or len(blocks) > MAX_BLOCKS:
        return 0, 0
    degree = max(1, 2 * int(net.parameter_degree()) - 1)
    patterns = tracked = 0
    for k in range(1, len(blocks)):
        for zero in itertools.combinations(range(len(blocks)), k):
            patterns += 1
            support = [j for i, b in enumerate(blocks) if i not in zero for j in b]
            o = int(np.linalg.matrix_rank(np.asarray(W, dtype=float)[:, support])) if W is not None and W.shape[0] \
                else 0
            for m in range(len(support) - o + 1):
                if degree ** m > max_paths or tracked + degree ** m > ZERO_PATTERN_TOTAL_PATHS:
                    break
                tracked += degree ** m
    return patterns, tracked


def zero_pattern_seconds(net) -> float:
    """CPU seconds of :func:`zero_pattern_points` estimated from :func:`zero_pattern_plan`: its paths at
    :data:`ZERO_PATTERN_PATH_SECONDS` and two points a pattern (at most :data:`ZERO_PATTERN_POINTS`) at
    :data:`ZERO_PATTERN_POINT_SECONDS`. Measured (CPU s of the search, this estimate): dense 2-2-1 r=2 3.7-4.6 (13.1:
    two patterns skipped at full rank), conv k=2,2 r=2 1.0 (0.6), dense 3-2-1 r=2 29.5 (29.1).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> zero_pattern_seconds(parse_spec("dense 2-3-1 r=2")) > zero_pattern_seconds(parse_spec("dense 2-2-1 r=2")) > 0
    True
    """
    patterns, paths = zero_pattern_plan(net)
    return ZERO_PATTERN_PATH_SECONDS * paths + ZERO_PATTERN_POINT_SECONDS * min(2 * patterns, ZERO_PATTERN_POINTS)
