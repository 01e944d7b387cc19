"""What a :func:`~algnet.analyses.degree.degree` call proved about the network of a spec string, for later calls.

A spec string parses to the same network every time, and a certified dimension (the Jacobian's rank mod p met
its upper bound) is a property of that network, not of the seed that drew the rank's point; so is the
linear-space theorem's verdict (:func:`algnet.analyses.span.linear_space_theorem`: exact ranks over QQ, decided
from that dimension). :data:`SPEC_REUSE` keeps both for the specs ``degree`` was called on in this process.

Examples
--------
>>> from algnet.analyses.degree import degree
>>> r = degree("linear 3-1-4", method="monodromy", seed=7, certify=False, confirm=False)
>>> SPEC_REUSE.dimension("linear 3-1-4").seed
7
"""

from __future__ import annotations

import threading

from algnet.analyses.shared import current_cache
from algnet.analyses.span import linear_space_theorem

__all__ = ["SpecReuse", "SPEC_REUSE"]


class SpecReuse:
    """What a :func:`~algnet.analyses.degree.degree` call on a spec string proved about its network, for later
    calls on the same string.

    A spec string parses to the same network every time, and a certified dimension (the Jacobian's rank mod p
    met its upper bound) is a property of that network, not of the seed that drew the rank's point; so is the
    linear-space theorem's verdict (:func:`algnet.analyses.span.linear_space_theorem`: exact ranks over QQ,
    decided from that dimension). ``degree`` keeps both here (at most ``limit`` specs) and a later call on the
    same string reuses them: its ``depends_on`` then holds the earlier call's dimension evidence (with the seed
    and prime it was computed with) and its ``reason`` says so, unless that seed was the call's own (the
    dimension is then the one the call would compute: the same seed reproduces the same record). A dimension
    that is not certified is never kept (another seed could find a larger rank); Network objects are not keyed
    (their ``spec`` need not determine them); a :class:`~algnet.Neuromanifold`'s own cache takes precedence.

    Saves the dimension (1.0-1.8 ms a call) and the linear-space test (a further 0.6-1.0 ms where no
    closed form applies) of every call after the first (``process_time``, 50 calls, with the spec's parsing):
    linear 4-2-4 1.79 ms, dense 3-2-2 r=2 1.26 + 1.13 ms, linear 6-2-4 1.37 ms.

    Examples
    --------
    >>> reuse = SpecReuse()
    >>> from algnet.analyses.dimension import dimension
    >>> d = dimension("linear 3-1-3", seed=4)
    >>> reuse.keep("linear 3-1-3", d); reuse.dimension("linear 3-1-3").evidence.seed
    4
    >>> reuse.dimension("linear 3-1-2") is None
    True
    """

    def __init__(self, limit: int = 64):
        self.limit = int(limit)
        self._dims: dict = {}
        self._linear: dict = {}
        self._lock = threading.Lock()       # degree calls in threads share one process's SPEC_REUSE
        self.reused = 0

    def dimension(self, spec):
        """The certified DimensionResult kept for ``spec`` (None when there is none)."""
        return self._dims.get(spec)

    def keep(self, spec, dim) -> None:
        """Keep ``dim`` for ``spec`` when it is certified (the oldest spec goes beyond ``limit``)."""
        if dim is None or not dim.certified:
            return
        with self._lock:
            if spec in self._dims:
                return
            if len(self._dims) >= self.limit:
                old = next(iter(self._dims))
                self._dims.pop(old)
                self._linear.pop(old, None)
            self._dims[spec] = dim

    def linear_space(self, spec, net, seed, max_params: int, max_values: int):
        """:func:`~algnet.analyses.span.linear_space_theorem`'s verdict for ``net`` (with its size limits),
        reused for ``spec`` once decided from a certified dimension (``spec`` None: computed)."""
        if spec is not None and spec in self._linear:
            return self._linear[spec]
        verdict = linear_space_theorem(net, seed, max_params, max_values)
        cache = current_cache()
        dim = cache.get(net) if cache is not None else None
        if spec is not None and dim is not None and dim.certified:
            self.keep(spec, dim)
            if spec in self._dims:
                self._linear[spec] = verdict
        return verdict

    def clear(self) -> None:
        """Forget every spec."""
        with self._lock:
            self._dims.clear()
            self._linear.clear()


#: The :class:`SpecReuse` of :func:`~algnet.analyses.degree.degree` (one per process).
SPEC_REUSE = SpecReuse()
