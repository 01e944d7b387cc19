"""Upper bounds on dim M from a smaller network with the same neuromanifold.

Some architectures know that a smaller network has exactly the same image
of mu (``net.same_neuromanifold()`` returns its spec and the reason, proved
in that method's docstring): for instance a lightning attention network
whose hidden layer is wider than the layer before it (the extra width only
embeds the outputs in a fixed subspace, col V_i); a ``layers`` network made
only of ``LightningAttention`` layers gets the same reduction
(:func:`algnet.architectures.attention.layers_same_neuromanifold`, which also
lowers a hidden width to heads times the width before it). Equal sets have equal
dimensions, so the smaller network's *proved* upper bound (computed by
:func:`algnet.analyses.bounds.piece_dimension`: ambient, symmetries,
flattenings, kernel fields, ...) bounds dim M; the modular rank of the
network itself stays the lower bound. Cheap (the smaller network has fewer
parameters and no hidden fields to search for), so it is tried first.

Examples
--------
>>> from algnet import parse_spec
>>> b = reduction_bound(parse_spec("attention d=2,3,1 a=2,2 t=2"), seed=0)
>>> b[0], b[2].subject
(8, 'attention d=2 a=2 dout=1 t=2 layers=2')
"""

from __future__ import annotations

__all__ = ["reduction_bound", "REDUCTION_ROUTE"]

#: The route name of this bound in :class:`~algnet.analyses.bounds.ProvedUpperBound`.
REDUCTION_ROUTE = "same neuromanifold as a smaller network"


def reduction_bound(net, seed=0, time_limit: float = 30.0):
    """(upper bound, description, evidence of the smaller network's bound), or None when the network declares
    no smaller network with its image (or that network's dimension fails).

    The evidence (:func:`~algnet.analyses.bounds.composition.tail_bound_evidence`, naming the smaller
    network in ``subject``) states the proved upper bound used, never its modular rank.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> reduction_bound(parse_spec("attention d=2,3,2 a=1,2 t=2"), seed=0)[0]
    8
    >>> reduction_bound(parse_spec("dense 3-2-1 r=2")) is None
    True
    """
    from algnet.analyses.bounds import piece_dimension
    from algnet.analyses.bounds.composition import tail_bound_evidence
    from algnet.errors import AlgnetError

    from algnet.architectures.attention import layers_same_neuromanifold

    fn = getattr(net, "same_neuromanifold", None)
    got = fn() if fn is not None else layers_same_neuromanifold(net)
    where = f"{type(net).__name__}.same_neuromanifold" if fn is not None else "layers_same_neuromanifold"
    if got is None:
        return None
    spec, reason = got
    try:
        r = piece_dimension(spec, seed, bound_time=time_limit)
    except AlgnetError:
        return None
    source = r.upper_bound_source.split(":")[0]
    detail = (f"M equals the neuromanifold of {spec} ({reason}; proved in {where}), "
              f"whose dimension is <= {r.upper_bound} ({source}): dim M <= {r.upper_bound}")
    return r.upper_bound, detail, tail_bound_evidence(r, spec)
