"""What several analyses share: the dimension of M, computed once and reused.

Degree, equations, Hilbert function, strata and fibers all need dim M. They
ask :func:`dimension_result` instead of calling
:func:`algnet.analyses.dimension.dimension` themselves: inside a
:func:`sharing` block (opened by :class:`algnet.Neuromanifold`) the
dimension computed once for that network is returned; outside, it is
computed as before. :func:`records_dimension` makes an analysis keep the
evidence of the dimension it used in its result (``depends_on``), so a
probabilistic dimension stays visible in a degree computed from it.

Examples
--------
>>> from algnet import parse_spec
>>> net = parse_spec("linear 2-1-2")
>>> with sharing(net) as cache:
...     a = dimension_result(net, seed=0)
...     b = dimension_result(net, seed=5)         # the same object: computed once
>>> a is b, a.dimension, cache.computed
(True, 3, 1)
"""

from __future__ import annotations

import functools
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import fields, replace

from algnet.interrupts import safe_ctrl_c

__all__ = ["DimensionCache", "sharing", "current_cache", "dimension_result", "records_dimension", "check_seed",
           "network_primes"]


def check_seed(seed, bits: int = 32) -> int:
    """The seed to use: ``seed`` itself when it is a non-negative integer, a fresh one when it is None.

    Raises
    ------
    ParameterError
        For a negative, non-integer or boolean seed (numpy would raise a raw error or
        silently reinterpret it).

    Examples
    --------
    >>> check_seed(7)
    7
    >>> 0 <= check_seed(None) < 2**32
    True
    >>> check_seed(-1)
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: seed=-1 must be a non-negative integer
      hint: e.g. seed=0, or seed=None to draw one (it is recorded in the result)
    """
    if type(seed) is int and 0 <= seed < 2**63:         # the common case, before any other check
        return seed
    import numbers
    import secrets

    if seed is None:
        return secrets.randbits(bits)
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0 or seed >= 2**63:
        from algnet.errors import ParameterError

        raise ParameterError(f"seed={seed!r} must be a non-negative integer",
                             hint="e.g. seed=0, or seed=None to draw one (it is recorded in the result)")
    return int(seed)


def network_primes(net, count: int, bound: int | None = None) -> list[int]:
    """The ``count`` largest primes below ``bound`` (default 2^28) that divide no constant of ``net``.

    Modulo a prime dividing a coefficient of the network (a coefficient of a polynomial map, of a polynomial
    activation, or a denominator of one), the map is another map: ``map 268435399*s; t`` is ``(0, t)`` modulo
    268435399, whose image is a line, not the plane. Every constant of a network is written in its spec (the
    spec parses back to an equal network), so the primes are checked against the integers of the spec.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> network_primes(parse_spec("linear 2-1-2"), 2)
    [268435399, 268435367]
    >>> network_primes(parse_spec("map 268435399*s^2; s*t; t^2"), 2)     # the largest prime divides a coefficient
    [268435367, 268435361]
    """
    import re

    from algnet.core.primes import MAX_PRIME, default_primes
    from algnet.numtext import str_int

    bound = MAX_PRIME if bound is None else bound
    spec = getattr(net, "spec", "") or ""
    big = {str_int(x) for x in re.findall(r"\d+", spec) if len(x) >= 5}   # a prime above 2^16 divides no smaller number
    want = count
    while True:
        cand = default_primes(want, bound=bound)
        out = [p for p in cand if not any(n % p == 0 for n in big if n >= p)]
        if len(out) >= count:
            return out[:count]
        want += count - len(out)


class DimensionCache:
    """Dimension results by network (identity), with a count of the computations made.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net, cache = parse_spec("linear 2-1-2"), DimensionCache()
    >>> with sharing(net, cache=cache):
    ...     d = dimension_result(net, seed=0)
    >>> cache.get(net) is d, cache.get(parse_spec("linear 2-1-2")), cache.computed
    (True, None, 1)
    """

    def __init__(self):
        self._by_id = {}
        self.computed = 0

    def get(self, net):
        hit = self._by_id.get(id(net))
        return hit[1] if hit is not None and hit[0] is net else None

    def put(self, net, result) -> None:
        self._by_id[id(net)] = (net, result)


_CACHE: ContextVar[DimensionCache | None] = ContextVar("algnet_dimension_cache", default=None)
_USED: ContextVar[list | None] = ContextVar("algnet_dimension_used", default=None)


@contextmanager
def sharing(net=None, dimension=None, cache: DimensionCache | None = None):
    """Within the block, :func:`dimension_result` reuses one dimension per network.

    ``dimension`` (a DimensionResult of ``net``) seeds the cache; ``cache``
    continues an existing one (a Neuromanifold keeps its own).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.dimension import dimension
    >>> net = parse_spec("linear 2-1-2")
    >>> d = dimension(net, seed=1)
    >>> with sharing(net, dimension=d) as cache:
    ...     reused = dimension_result(net, seed=2) is d
    >>> reused, cache.computed
    (True, 0)
    """
    cache = cache if cache is not None else DimensionCache()
    if net is not None and dimension is not None:
        cache.put(net, dimension)
    token = _CACHE.set(cache)
    try:
        yield cache
    finally:
        _CACHE.reset(token)


def current_cache() -> DimensionCache | None:
    """The cache of the innermost open :func:`sharing` block (None outside any): pass it as
    ``sharing(cache=current_cache())`` to continue it in a nested block.

    Examples
    --------
    >>> current_cache() is None
    True
    >>> with sharing() as outer:
    ...     with sharing(cache=current_cache()) as inner:
    ...         same = inner is outer
    >>> same
    True
    """
    return _CACHE.get()


def dimension_result(net, seed=None):
    """The DimensionResult of ``net``: shared within a :func:`sharing` block, else computed.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> dimension_result(parse_spec("linear 3-1-3"), seed=0).dimension
    5
    """
    cache = _CACHE.get()
    res = cache.get(net) if cache is not None else None
    if res is None:
        from algnet.analyses.dimension import dimension

        res = dimension(net, seed=seed)
        if cache is not None:
            cache.put(net, res)
            cache.computed += 1
    used = _USED.get()
    if used is not None and all(r is not res for r in used):
        used.append(res)
    return res


def records_dimension(function):
    """Decorator: the result keeps the evidence of every dimension it used in ``depends_on``.

    The result type needs a ``depends_on`` field; the evidence is that of the
    DimensionResult objects obtained through :func:`dimension_result` during the call.
    The call runs under :class:`algnet.interrupts.safe_ctrl_c` (the analyses it decorates are public entry points:
    under Python's own SIGINT handler, a script's or a Jupyter kernel's, a Ctrl-C cannot crash the interpreter).

    Examples
    --------
    >>> from algnet.analyses.hilbert import hilbert_function     # decorated
    >>> h = hilbert_function("linear 2-1-2", up_to=2, seed=0)
    >>> [e.proves for e in h.depends_on]
    ['dim M = 3']
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        outer = _USED.get()
        token = _USED.set([])
        try:
            with safe_ctrl_c():
                res = function(*args, **kwargs)
            used = _USED.get()
        finally:
            _USED.reset(token)
        if outer is not None:  # an analysis calling another one used what the inner one used
            outer.extend(r for r in used if all(r is not o for o in outer))
        if used and any(f.name == "depends_on" for f in fields(res)) and not res.depends_on:
            res = replace(res, depends_on=tuple(r.evidence for r in used))
        return res

    return wrapper
