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
    from algnet.architectures.interpolation import unisolvent_points
    from algnet.core.backends import Exact, ModP
    from algnet.core.crt import crt_vector, reconstruct_vector
    from algnet.core.linalg import kernel_mod_p
    from algnet.errors import ReconstructionError

    net = parse_spec(net)
    theta = _rational_vector(net, theta)
    monos = net.output_monomials()
    plist = _primes_for(net, theta, primes)
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


def _rational_vector(net, theta) -> list:
    """``theta`` as a flat list of exact rationals (ints and Fractions), or ParameterError: a nested or wrongly
    sized vector, or an entry that is not a finite real rational (NaN, inf, complex, text that is no number)."""
    from fractions import Fraction

    from algnet.errors import ParameterError

    hint = ("pass a flat vector of net.n_params real numbers (ints, Fractions or floats) in the order of "
            "net.param_shapes")
    arr = np.asarray(theta, dtype=object)
    if arr.ndim != 1 or len(arr) != net.n_params:
        got = f"shape {arr.shape}" if arr.ndim != 1 else f"{len(arr)}"
        raise ParameterError(f"{net.spec}: expected {net.n_params} parameters, got {got}", hint=hint)
    out = []
    for i, t in enumerate(arr.tolist()):
        if isinstance(t, (int, np.integer)) and not isinstance(t, (bool, np.bool_)):
            out.append(int(t))
            continue
        try:
            if isinstance(t, (bool, np.bool_, complex, np.complexfloating)):
                raise TypeError
            out.append(Fraction(t))
        except (TypeError, ValueError, OverflowError):
            raise ParameterError(f"{net.spec}: parameter {i} is {t!r}, not a finite real rational number",
                                 hint=hint) from None
    return out


def _primes_for(net, theta: list, primes) -> list:
    """The primes to rank at: the user's, or four default ones dividing no constant of ``net``; in both cases none
    dividing a denominator of ``theta`` (theta has no value modulo such a prime). ParameterError when none is left.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from algnet import parse_spec
    >>> ps = _primes_for(parse_spec("linear 2-1-2"), [Fraction(1, 268435399), 1, 1, 1], None)
    >>> len(ps), 268435399 in ps
    (4, False)
    """
    from math import lcm

    from algnet.errors import ParameterError

    den = lcm(*(getattr(t, "denominator", 1) for t in theta)) if theta else 1
    user = check_primes(primes)
    if user:
        plist = [p for p in user if den % p]
        if not plist:
            raise ParameterError(f"{net.spec}: every prime given divides a denominator of theta (theta has no value "
                                 f"modulo them)", hint="give other primes, or none for the default list")
        return plist
    # none divides a constant of net; more drawn while some divide a denominator of theta
    for count in (4, 8, 16, 32):
        plist = [p for p in network_primes(net, count) if den % p]
        if len(plist) >= 4:
            return plist[:4]
    return plist
