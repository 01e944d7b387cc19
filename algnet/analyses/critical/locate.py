"""Which stratum of M a critical image lies on, from the singular-strata analysis.

The strata are those of :func:`algnet.analyses.singular.strata` (the
subnetwork strata with the dimension of their images and the nature of
their generic points: smooth, singular, boundary). A point y of M lies on
the stratum S when y is in the image of S's parametrization mu_S; this is
decided numerically by Gauss-Newton on mu_S(theta_S) = y (complex
parameters, minimum-norm steps) from a few random starts: a residual at the
rounding level is a preimage (y is on S, up to that tolerance), none found is
evidence that y is not on S (a local search can miss a preimage). Each
point gets the stratum of least dimension that contains it; the vertex mu(0)
of the cone (the image of the zero parameters, below every stratum) is
called "origin".

Examples
--------
>>> import numpy as np
>>> from algnet import parse_spec
>>> from algnet.analyses.critical.loss import make_loss
>>> net = parse_spec("linear 2-2-2"); L = make_loss(net, "frobenius", rng=np.random.default_rng(0))
>>> loc = StratumLocator(net, L, seed=0)
>>> loc.locate(np.array([1.0, 2.0, 2.0, 4.0]))     # a rank-one matrix (M = all 2 x 2 matrices: smooth)
'widths 2-1-2 (smooth)'
>>> loc.locate(np.array([1.0, 0.0, 0.0, 1.0]))     # the identity: rank two
'widths 2-2-2 (smooth)'
"""

from __future__ import annotations

import numpy as np

__all__ = ["StratumLocator"]


class StratumLocator:
    """Membership of points of M (loss coordinates) in the strata of ``algnet singular``.

    Parameters
    ----------
    net : Network
    loss : Loss
        Its sample inputs Z and coordinates T define the loss coordinates.
    seed : int
        Seeds the strata analysis and the random starts.
    starts : int
        Gauss-Newton starts per stratum.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> net, L, _ = network_and_loss("linear 2-2-2")
    >>> StratumLocator(net, L).locate(np.array([1.0, 2.0, 2.0, 4.0]))     # rank one
    'widths 2-1-2 (smooth)'

    With output biases the constant functions (every weight 0) are the lowest stratum, singular where M is
    not a linear space (:mod:`algnet.analyses.singular.constants`):

    >>> net, L, _ = network_and_loss("linear 2-1-2 bias")
    >>> theta = np.array([0, 0, 0, 0, 0, 3.0, -1.0])               # weights 0, output biases 3 and -1
    >>> y = L.T @ np.asarray(net.evaluate(theta, L.Z), dtype=complex).reshape(-1)
    >>> StratumLocator(net, L).locate(y)
    'constant functions (weights 0) (singular)'
    """

    def __init__(self, net, loss, seed: int = 0, starts: int = 6):
        from algnet.analyses.singular import strata
        from algnet.analyses.singular.lattice import stratum_networks

        self.net, self.loss, self.starts = net, loss, starts
        self.rng = np.random.default_rng(seed)
        self.result = strata(net, seed=seed)
        nets = {sp.name: S for sp, S in stratum_networks(net, self.result.depth)}
        # from the lowest stratum up; the top stratum (dense in M) last
        order = sorted(self.result.strata, key=lambda s: s.dimension)
        self.strata = [(s, nets.get(s.name)) for s in order]
        v = self.result.vertex
        if v is not None and v.kind == "constant functions":     # weights 0, output biases free: the lowest stratum
            from algnet.analyses.singular.derived import SlicedNetwork

            self.strata.insert(0, (v, SlicedNetwork.from_constraints(net, zero=v.zero, label=v.name)))
        from algnet.core.backends import Complex

        self.B = Complex()
        v0 = np.asarray(net.evaluate(np.zeros(net.n_params), loss.Z, backend=self.B), dtype=np.complex128)
        self.origin = np.asarray(loss.T, dtype=np.complex128) @ v0.reshape(-1)

    def _image(self, S, th):
        v = np.asarray(S.evaluate(th, self.loss.Z, backend=self.B), dtype=np.complex128).reshape(-1)
        return self.loss.T @ v

    def contains(self, S, y, iterations: int = 60, tol: float = 1e-9) -> bool:
        """Whether Gauss-Newton finds theta_S with mu_S(theta_S) = y (relative residual below ``tol``)."""
        if S is None or S.n_params == 0:
            return False
        y = np.asarray(y, dtype=np.complex128)
        scale = 1.0 + float(np.max(np.abs(y)))
        size = max(1.0, scale ** (1.0 / max(1, int(getattr(S, "parameter_degree", lambda: 1)()))))
        for _ in range(self.starts):
            th = size * (self.rng.normal(size=S.n_params) + 1j * self.rng.normal(size=S.n_params)) / np.sqrt(2)
            for _ in range(iterations):
                r = self._image(S, th) - y
                if np.max(np.abs(r)) <= tol * scale:
                    return True
                J = self.loss.T @ np.asarray(S.jacobian(th, self.loss.Z, backend=self.B), dtype=np.complex128)
                step = np.linalg.lstsq(J, r, rcond=1e-12)[0]
                th = th - step
                if not np.all(np.isfinite(th)):
                    break
            if np.all(np.isfinite(th)) and np.max(np.abs(self._image(S, th) - y)) <= tol * scale:
                return True
        return False

    def locate(self, y) -> str:
        """Name (and status) of the stratum of least dimension containing y, or "origin"."""
        y = np.asarray(y, dtype=np.complex128)
        scale = 1.0 + float(np.max(np.abs(y)))
        if np.max(np.abs(y - self.origin)) <= 1e-9 * scale:
            return "origin"
        top = self.strata[-1][0] if self.strata else None
        for s, S in self.strata:
            if s.dimension >= self.result.dimension:
                break
            if self.contains(S, y):
                return f"{s.name} ({s.status})"
        tops = [s for s, _ in self.strata if s.dimension == self.result.dimension]
        top = tops[0] if tops else top
        return "smooth (top stratum)" if top is None else f"{top.name} ({top.status})"
