"""The primes the implicitization lifts equations from, drawn as they are needed: most pieces need two or three
primes, while ``max_primes`` may allow up to 1000 (drawing them all before any work took 7-30 ms)."""

from __future__ import annotations

from algnet.analyses.shared import network_primes

__all__ = ["PrimePool"]


class PrimePool:
    """Primes in order, at most ``limit`` of them, drawn as they are needed.

    ``first`` come first (the engine's good primes); then, with ``given`` (the user's primes), the others of those
    in their order, else the next largest primes below 2^28 that divide no constant of ``net``
    (:func:`~algnet.analyses.shared.network_primes`); never one in ``skip`` (primes at which the map is another
    map). ``drawn`` counts the primes asked of :func:`~algnet.analyses.shared.network_primes` so far.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> pool = PrimePool(parse_spec("linear 3-1-2"), first=[268435399, 268435367], limit=1000)
    >>> pool.drawn, pool.get(2), pool.drawn          # the third prime drawn when it is asked for
    (0, 268435361, 8)
    >>> list(PrimePool(None, first=[7, 5], limit=3, given=[7, 11, 5, 13]))
    [7, 5, 11]
    >>> first = [268435399, 268435367, 268435361]                    # the first 8 minus one skipped, then more
    >>> pool = PrimePool(parse_spec("linear 3-1-2"), first=first, limit=10, skip=[268435337])
    >>> pool.get(7), pool.drawn, len(list(pool))
    (268435243, 14, 10)
    """

    def __init__(self, net, first, limit: int, skip=(), given=None):
        self.net, self.limit = net, int(limit)
        self.primes = list(first)[:self.limit]
        self._skip = set(skip) | set(first)
        self._given = None if given is None else [q for q in given if q not in self._skip]
        self.drawn = 0

    def get(self, i: int):
        """The ``i``-th prime (from 0), drawn when needed; None past ``limit`` or the primes there are."""
        while i >= len(self.primes) and len(self.primes) < self.limit and self._more():
            pass
        return self.primes[i] if i < len(self.primes) else None

    def __iter__(self):
        i = 0
        while (q := self.get(i)) is not None:
            yield q
            i += 1

    def _more(self) -> bool:
        """Append the next prime(s): False when there are none."""
        if self._given is not None:
            if not self._given:
                return False
            self.primes.append(self._given.pop(0))
            return True
        # twice as many as before (at least 8): the count asked grows with the primes used, not with ``limit``;
        # the first limit + len(skip) of them hold limit primes not skipped
        have, cap = set(self.primes), self.limit + len(self._skip)
        while self.drawn < cap:
            self.drawn = min(max(8, 2 * self.drawn), cap)
            new = [q for q in network_primes(self.net, self.drawn) if q not in self._skip and q not in have]
            if new:
                self.primes += new[:self.limit - len(self.primes)]
                return True
        return False
