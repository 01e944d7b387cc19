"""The rank of the Jacobian of mu at one given parameter, with a proved lower bound and a certified upper bound.

Examples
--------
>>> local_rank("linear 2-1-2", [1, 0, 1, 0])       # generic point of a rank-3 neuromanifold
LocalRankResult('linear 2-1-2': rank 3 of 4 params; certified; primes [...])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from algnet.architectures.spec import parse_spec
from algnet.core.linalg import rank_mod_p
from algnet.analyses.shared import network_primes
from algnet.core.primes import check_primes

__all__ = ["LocalRankResult", "local_rank"]


@dataclass(frozen=True)
class LocalRankResult:
    """Rank of the Jacobian of mu at a given parameter.

    ``lower`` is proved (a modular rank of an exact matrix); ``upper`` is
    proved when ``certified`` (exact kernel vectors verified over QQ).

    Examples
    --------
    >>> r = local_rank("linear 2-1-2", [1, 0, 1, 0])
    >>> int(r), (r.lower, r.upper), r.certified, r.evidence.proves
    (3, (3, 3), True, 'rank = 3')
    """

    spec: str
    rank: int
    lower: int
    upper: int
    parameters: int
    certified: bool
    reason: str
    primes: tuple
    seed: int

    def __int__(self):
        return self.rank

    @property
    def evidence(self):
        """The :class:`algnet.evidence.Evidence` record of this result."""
        from algnet.evidence import Evidence

        proves = (f"rank = {self.rank}" if self.certified else f"{self.lower} <= rank <= {self.upper}")
        return Evidence(method="Jacobian rank at the point (modular rank; exact kernel check)",
                        certified=self.certified, proves=proves, primes=self.primes, seed=self.seed)

    def __repr__(self):
        c = "certified" if self.certified else f"lower bound (upper {self.upper})"
        return (f"LocalRankResult({self.spec!r}: rank {self.rank} of {self.parameters} params; {c}; "
                f"primes {list(self.primes)})")


def local_rank(net, theta, seed=0, primes=None, certify: bool = True) -> LocalRankResult:
    """Rank of the Jacobian of mu at a given rational parameter ``theta``.

    The full Jacobian of theta -> (f_theta(z_1), ..., f_theta(z_K)) at
    unisolvent points z (rank equal to that of the coefficient Jacobian) is
    reduced modulo primes (a proved lower bound); with ``certify`` the
    kernel is lifted to QQ by rational reconstruction and verified exactly,
    which proves the upper bound.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("linear 2-1-2")
    >>> local_rank(net, [1, 0, 1, 0]).rank     # generic point: rank 3
    3
    >>> local_rank(net, [0, 0, 0, 0]).rank     # the origin: rank 0
    0
    """
    from fractions import Fraction

    from algnet.architectures.interpolation import unisolvent_points
    from algnet.core.backends import Exact, ModP
    from algnet.core.crt import crt_vector, reconstruct_vector
    from algnet.core.linalg import kernel_mod_p
    from algnet.errors import ParameterError, ReconstructionError

    net = parse_spec(net)
    theta = [Fraction(t) if not isinstance(t, (int, np.integer)) else int(t)
             for t in np.asarray(theta, dtype=object).ravel()]
    if len(theta) != net.n_params:
        raise ParameterError(f"{net.spec}: expected {net.n_params} parameters, got {len(theta)}",
                             hint="pass a flat vector in the order of net.param_shapes")
    monos = net.output_monomials()
    plist = check_primes(primes) or network_primes(net, 4)      # none divides a constant of net
    _, pts = unisolvent_points(net.n_inputs, monos, ModP(plist[0]), seed)
    X = pts.reshape((len(monos),) + tuple(net.input_shape))
    N = net.n_params
    ranks, kernels = [], []
    for p in plist:
        B = ModP(p)
        th = B.asarray(np.array(theta, dtype=object))
        J = net.jacobian(th, X, p=p)
        ranks.append(rank_mod_p(J, p))
        if certify:
            kernels.append(kernel_mod_p(J, p))
    lower = max(ranks)
    if not certify:
        return LocalRankResult(net.spec, lower, lower, N, N, False, "modular rank (lower bound) only",
                               tuple(plist), seed)
    # exact certificate of the upper bound: kernel vectors verified over QQ
    good = [K for K, r in zip(kernels, ranks) if r == lower]
    good_primes = [p for p, r in zip(plist, ranks) if r == lower]
    Jq = net.jacobian(np.array(theta, dtype=object), X, backend=Exact())
    upper = N
    reason = "modular rank (lower bound); kernel certificate failed"
    try:
        if len(good) >= 2 and all(K.shape == good[0].shape for K in good):
            vecs = []
            for row in range(good[0].shape[0]):
                lifted, M = crt_vector([K[row] for K in good], good_primes)
                vecs.append(reconstruct_vector(lifted, M))
            if vecs:
                prod = Jq.astype(object) @ np.array(vecs, dtype=object).T
                ok = all(v == 0 for v in prod.ravel())
            else:
                ok = True
            if ok:
                upper = N - len(vecs)
                reason = ("modular rank is a proved lower bound; the kernel lifted to QQ by rational "
                          "reconstruction and verified exactly proves the upper bound")
    except ReconstructionError:
        pass
    return LocalRankResult(net.spec, lower, lower, upper, N, upper == lower, reason, tuple(plist), seed)
