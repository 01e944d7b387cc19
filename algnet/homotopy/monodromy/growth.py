"""How the monodromy graph grows: the next generator is an edge between two existing nodes or a new node.

``MonodromyOptions.growth``: ``"node"`` (always a new random node joined to ``new_node_edges`` others),
``"edge"`` (an edge between two nodes not yet joined while there is one), ``"mixed"`` (the two in turn), or
``"found"`` (the degree route's default): an edge (one path per known point) instead of a new node (two) when
the round that just ended found at least ``edge_after`` new points at p0 -- several points were still missing,
and then a loop of either kind finds some; a round that found fewer hints at the last few points, which a new
node reaches more often (bench/bench_degree.py measures the two). Its edges are drawn from
a generator of their own, so the random nodes are those of ``growth="node"``.

Examples
--------
>>> import numpy as np
>>> rng, edge_rng = np.random.default_rng(0), np.random.default_rng(1)
>>> next_edge([(0, 2), (1, 2)], "found", grown=3, found=5, edge_after=4, rng=rng, edge_rng=edge_rng) in [(0, 2), (1, 2)]
True
>>> next_edge([(0, 2)], "found", grown=3, found=1, edge_after=4, rng=rng, edge_rng=edge_rng) is None   # a new node
True
"""

from __future__ import annotations

import numpy as np

__all__ = ["next_edge", "LazyGenerator"]


class LazyGenerator:
    """``numpy.random.default_rng(seed)``, made at its first draw: the edges' generator of ``growth="found"`` is
    drawn from in some runs only, and making one costs 20-40 us (``SeedSequence``), about
    1% of the solver's own Python in a small degree run. The draws are those of the generator made up front.

    Examples
    --------
    >>> g, h = LazyGenerator([2, 7]), np.random.default_rng([2, 7])
    >>> g.generator is None, [int(g.integers(10)) for _ in range(4)] == [int(h.integers(10)) for _ in range(4)]
    (True, True)
    """

    def __init__(self, seed):
        self.seed = seed
        self.generator = None

    def integers(self, *args, **kwargs):
        if self.generator is None:
            self.generator = np.random.default_rng(self.seed)
        return self.generator.integers(*args, **kwargs)


def next_edge(free_pairs, growth: str, grown: int, found: int, edge_after: int, rng, edge_rng):
    """The pair of nodes to join next, or None for a new node (see the module's text).

    ``free_pairs``: the pairs of nodes not yet joined; ``grown``: generators added so far, this one included;
    ``found``: new points at p0 in the round that just ended; ``rng``: the solver's generator (``"edge"``,
    ``"mixed"``), ``edge_rng``: the edges' own (``"found"``).

    Examples
    --------
    >>> import numpy as np
    >>> next_edge([(0, 1)], "node", 1, 9, 4, np.random.default_rng(0), None) is None
    True
    """
    if not free_pairs:
        return None
    if growth == "found":
        return free_pairs[int(edge_rng.integers(len(free_pairs)))] if found >= edge_after else None
    if growth == "edge" or (growth == "mixed" and grown % 2 == 0):
        return free_pairs[int(rng.integers(len(free_pairs)))]
    return None
