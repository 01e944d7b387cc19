"""More random starts after the first batch while they still land on points no start has hit.

``MonodromyOptions.first_starts_more`` (0: off): after the first ``random_starts`` sampled starts (sent whole),
up to this many more are queued and sent ``start_chunk`` at a time (8 when ``start_chunk`` is 0) while
Good–Turing's estimate of the share of starts that would land on a point no start has hit
(:meth:`~algnet.homotopy.monodromy.solver.MonodromySolver.unseen_share`) is at least
``first_starts_unseen``. A random start costs one path per point it finds while most points are unseen, a loop
about one or two paths per known point whatever it finds. The extra starts are drawn from a generator of their
own (seeded by the solve's seed), so the random nodes and the loops' other draws are those of a solve without
them, and the chunks run beside the graph's transports (no round of their own).

Examples
--------
>>> from algnet.homotopy.monodromy import MonodromyOptions, example_family
>>> more_starts_pool(MonodromyOptions(), example_family("bezout 3,2").family, None, seed=0) is None   # off
True
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.pinned import point_vars, start_pairs

__all__ = ["more_starts_pool", "queue_more_starts", "FIRST_STARTS_STREAM"]

#: First word of the seed of the extra starts' generator (``np.random.default_rng([FIRST_STARTS_STREAM, seed])``),
#: apart from the solver's own and from ``growth="found"``'s edges (2).
FIRST_STARTS_STREAM = 3


def more_starts_pool(opt, family, sampler, seed):
    """The queued extra starts (unknowns, parameters) of ``opt.first_starts_more``, or None (off, no sampler).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.monodromy import MonodromyOptions
    >>> from algnet.homotopy.pinned import point_vars
    >>> from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
    >>> fam = OffsetFamily(PolynomialSystem.from_terms([{(2, 0): 1}, {(0, 1): 1, (1, 0): 1}]))  # x^2, y + x
    >>> sampler = lambda rng, k: rng.normal(size=(k, point_vars(fam))) + 0j
    >>> Z, P = more_starts_pool(MonodromyOptions(first_starts_more=5), fam, sampler, seed=1)
    >>> Z.shape[0], P.shape[0]
    (5, 5)
    >>> np.allclose(more_starts_pool(MonodromyOptions(first_starts_more=5), fam, sampler, seed=1)[0], Z)
    True
    """
    k = int(getattr(opt, "first_starts_more", 0) or 0)
    if k <= 0 or sampler is None:
        return None
    rng = np.random.default_rng([FIRST_STARTS_STREAM, 0 if seed is None else int(seed)])
    n = point_vars(family)
    return start_pairs(family, np.asarray(sampler(rng, k), dtype=np.complex128).reshape(-1, n))


def queue_more_starts(solver, seed):
    """Queue the extra starts of ``solver.opt.first_starts_more`` after its first batch was sent whole: the solver's
    ``_next_chunk`` sends them when that batch has ended, a chunk at a time, while Good–Turing's share is at
    least ``first_starts_unseen``.

    Examples
    --------
    >>> from algnet.homotopy.monodromy import MonodromySolver, example_family
    >>> ex = example_family("bezout 3,2")
    >>> s = MonodromySolver(ex.family)
    >>> res = s.solve(ex.x0, ex.p0, seed=1, target_count=ex.count)
    >>> queue_more_starts(s, 1) is None and s._first_pool     # no sampler: nothing queued
    False
    """
    pool = more_starts_pool(solver.opt, solver.family, solver.sampler, seed)
    if pool is not None:
        solver._queue, solver._chunk_sent, solver._first_pool = pool, True, True
