"""Decisive sets of a ReLU network's input partition: n_0 + 1 affinely independent interior points of every
activation region (Grigsby-Lindsey-Meyerhoff-Wu, arXiv:2209.04036, Lemma 3.10), whose batch functional dimension
is the functional dimension (:mod:`algnet.relu.functional`), and the same from a partition a time limit cut short
(a lower bound, and what the result then says).

Examples
--------
>>> from algnet import parse_spec
>>> from algnet.relu.regions import linear_regions
>>> part = linear_regions(parse_spec("relu 1-2-1"), [1, -1, 0, 1, 1, 1, 0], plane=True)
>>> len(decisive_set(part, 1))
6
"""

from __future__ import annotations

from algnet.errors import NotApplicableError, NumericalError

__all__ = ["decisive_set", "partial_decisive_set", "partial_scope"]


def decisive_set(partition, n0: int) -> list:
    """n_0 + 1 affinely independent interior points of every region (inputs
    in R^(n_0), exact), for a partition of the whole input space (n_0 <= 2)
    or, on a slice, 3 points of every region of the slice.

    Examples
    --------
    The breakpoints 0 and 1 cut the line into three pieces; two points are chosen inside each:

    >>> from algnet import parse_spec
    >>> from algnet.relu.regions import linear_regions
    >>> part = linear_regions(parse_spec("relu 1-2-1"), [1, -1, 0, 1, 1, 1, 0], plane=True)
    >>> [str(z[0]) for z in decisive_set(part, 1)]
    ['1/4', '1/8', '5/4', '9/8', '-1/4', '-1/8']

    The axes cut the plane into quadrants; three points are chosen in each:

    >>> part = linear_regions(parse_spec("relu 2-2-1"), [1, 0, 0, 1, 0, 0, 1, 1, 0], plane=True)
    >>> Z = decisive_set(part, 2)
    >>> len(Z), sorted({(x > 0, y > 0) for x, y in Z})
    (12, [(False, False), (False, True), (True, False), (True, True)])
    """
    from algnet.core.linalg import rank_qq

    sl = partition.slice
    need = min(n0, 2) + 1
    Z = []
    for r in partition.regions:
        cand = r.interior_points(8)
        chosen = []
        for u, v in cand:
            z = sl.point(u, v)
            trial = chosen + [z]
            if len(trial) == 1 or rank_qq([[a - b for a, b in zip(t, trial[0])] for t in trial[1:]]) == len(trial) - 1:
                chosen = trial
            if len(chosen) == need:
                break
        if len(chosen) < need:
            raise NotApplicableError(f"could not find {need} affinely independent points in region {r.pattern}",
                                     hint="the slice may be degenerate")
        Z.extend(chosen)
    return Z


def partial_decisive_set(spec: str, part, n0: int) -> list:
    """The decisive set of the regions of ``part``: of all of them, or of those finished before the time limit
    stopped the enumeration (their rank is a lower bound of the functional dimension: the rows of a subset of the
    regions span a subspace). Ctrl-C (partial, no time limit) stops here as the user asked (KeyboardInterrupt);
    a time limit reached before the first region is finished is a TooLargeError naming it.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.relu.regions import linear_regions
    >>> part = linear_regions(parse_spec("relu 1-2-1"), [1, -1, 0, 1, 1, 1, 0], plane=True)
    >>> len(partial_decisive_set("relu 1-2-1", part, 1))           # not cut short: every region's points
    6
    """
    from algnet.errors import TooLargeError

    if part.partial and not part.stopped:
        raise KeyboardInterrupt
    Z = decisive_set(part, n0)
    if not Z and part.partial:
        raise TooLargeError(f"{spec}: no region was finished before {part.stopped}",
                            hint="a longer --time-limit / time_limit, or the batch functional dimension at "
                                 "random inputs (a proved lower bound)")
    if not Z:       # a partition of the plane has at least one region; none means an enumeration cut short
        raise NumericalError(f"{spec}: the region enumeration returned no region",
                             hint="this is a bug in the region enumeration; please report it")
    return Z


def partial_scope(part, scope: str, certified: bool, reaches_bound: bool) -> tuple:
    """(scope, certified) of a functional dimension from the regions of ``part``: when the time limit cut them
    short, the scope says so and the value is a lower bound, exact only when its certified rank reaches D'
    (``reaches_bound``; FD <= D' always).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> cut = SimpleNamespace(partial=True, count=12, stopped="the time limit of 1 s")
    >>> scope, certified = partial_scope(cut, "every region", True, False)
    >>> certified, scope.split(";")[1].strip()[:39]
    (False, 'PARTIAL: the 12 regions finished before')
    """
    if not part.partial:
        return scope, certified
    return (f"{scope}; PARTIAL: the {part.count} regions finished before {part.stopped} only, a lower bound of the "
            "functional dimension" + (" that reaches D', so exact" if reaches_bound else "")), reaches_bound
