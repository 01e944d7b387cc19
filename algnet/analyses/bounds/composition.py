"""Upper bounds on dim M from a factorization through a smaller network.

A network composed of layers, f = tail(head(x)), factors as
mu = Phi o psi with psi(theta_h, theta_t) = (theta_h, mu_tail(theta_t)) onto
C^{N_head} x M_tail and Phi(theta_h, F) = F o head_{theta_h}. Hence

    dim M = rank d mu <= rank d psi - dim d psi(K)
          <= N_head + dim M_tail - rank(projection of K on the head's parameters),

where K is spanned by the known symmetries' tangents (they lie in the kernel
of d mu, and d psi is the identity on the head's coordinates). dim M_tail is
replaced by a *proved* upper bound (computed by
:func:`algnet.analyses.dimension.dimension` on the tail network, whose
inputs are the head's outputs: ambient, symmetries, flattenings, kernel
fields, or this bound again), and the projected rank by its value modulo p
at a random point (a lower bound of the generic rank). This is how a defect
of a late layer (an Alexander–Hirschowitz exception in the variables of the
previous layer's outputs, e.g. ``dense 3-3-5-1 r=2,4``) is certified.

Examples
--------
>>> from algnet import parse_spec
>>> b = composition_bound(parse_spec("dense 3-3-5-1 r=2,4"), seed=0)
>>> b[0]
20
"""

from __future__ import annotations

import time

import numpy as np

__all__ = ["composition_bound", "tail_bound_evidence"]


def composition_bound(net, seed=0, time_limit: float = 30.0, target: int | None = None):
    """(upper bound, description, evidence of the tail's bound) from the best split of a layered network, or
    None. The evidence (:class:`algnet.evidence.Evidence`, naming the tail in ``subject``) states what the
    bound uses: the tail's proved upper bound, ``dim M <= b`` (:func:`tail_bound_evidence`), never its
    computed rank.

    Splits are tried after each parameter-free layer (an activation), the
    smallest tail first; each tail's dimension is bounded cheaply first
    (ambient, symmetries) and with the proved routes only when that is not
    enough; the search stops at ``target``.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("dense 2-2-2-1 r=2")               # binary quartics: ambient dimension 5
    >>> composition_bound(net, seed=0)[0] <= net.ambient_dimension
    True
    """
    from algnet.analyses.dimension import dimension
    from algnet.architectures.sequential import Sequential
    from algnet.core.linalg import rank_mod_p
    from algnet.analyses.shared import network_primes
    from algnet.errors import AlgnetError

    seq = getattr(net, "sequence", None)
    if not isinstance(net, Sequential) or seq is None or len(seq) < 3:
        return None
    t0 = time.process_time()
    p = network_primes(net, 1)[0]
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 91]))
    point = rng.integers(0, p, size=net.n_params, dtype=np.int64)
    T = net.symmetry_tangents(point, p=p) % p
    best = None
    splits = [k for k in range(1, len(seq)) if not seq[k - 1].param_shapes() and seq[k].param_shapes()]
    for k in reversed(splits):
        if time.process_time() - t0 > time_limit or (best is not None and target is not None and best[0] <= target):
            break
        try:
            head = Sequential(*seq[:k], input_shape=net.input_shape)
            tail = Sequential(*seq[k:], input_shape=head.output_shape)
        except AlgnetError:
            continue
        nh = head.n_params
        if nh == 0 or tail.n_params == 0 or nh + tail.n_params != net.n_params:
            continue
        s = rank_mod_p(T[:, :nh], p) if T.shape[0] else 0
        left = max(1.0, time_limit - (time.process_time() - t0))
        try:
            td = dimension(tail, seed=seed, certify=False)
            if not td.certified and (target is None or nh + td.upper_bound - s > target):
                td = dimension(tail, seed=seed, bound_time=left / 2)
        except AlgnetError:
            continue
        ub = nh + td.upper_bound - s
        if best is None or ub < best[0]:
            best = (ub, f"split after layer {k} ({', '.join(map(repr, seq[:k]))}): {nh} head parameters + "
                        f"dim of the tail network <= {td.upper_bound} ({td.upper_bound_source.split(':')[0]}) - "
                        f"{s} known symmetry directions moving the head = {ub}",
                    tail_bound_evidence(td, tail.spec))
    return best


def tail_bound_evidence(td, subject: str):
    """The evidence of what the factorization route uses from a tail network's DimensionResult ``td``: its
    proved upper bound ``dim M <= td.upper_bound`` (by ``td.upper_bound_source``), certified when the smaller
    networks that bound rests on (``td.depends_on``) are; the rank of ``td`` (a lower bound) is not used.

    Examples
    --------
    >>> from algnet.analyses.dimension import dimension
    >>> td = dimension("linear 2-1-2", seed=0)        # 2 x 2 matrices of rank <= 1: 4 - 1 rescaling = 3
    >>> ev = tail_bound_evidence(td, "linear 2-1-2")
    >>> ev.proves, ev.certified, ev.subject
    ('dim M <= 3', True, 'linear 2-1-2')
    """
    from algnet.evidence import Evidence

    source = td.upper_bound_source.split(":")[0]
    return Evidence.combine(f"proved upper bound ({source})", td.depends_on, certified=True,
                            proves=f"dim M <= {td.upper_bound}", seed=td.seed, seconds=td.seconds,
                            subject=subject)
