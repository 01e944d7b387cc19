"""Points of M over GF(p) and the Jacobian of theta -> coefficients there."""

from __future__ import annotations

import numpy as np

from algnet.core.matrix import from_nmod_mat as _from_nmod
from algnet.core.matrix import to_nmod_mat as _to_nmod
from algnet.core.backends import ModP
from algnet.core.monomials import evaluate_monomials
from algnet.core.primes import check_prime
from algnet.errors import NumericalError


class _Sampler:
    """Points of M over GF(p): coefficient vectors of f_theta for random theta.

    One fixed set of unisolvent inputs per prime; the network is evaluated
    there for each theta and the values are turned into coefficients by one
    product with the inverse monomial evaluation matrix for the whole batch.
    """

    def __init__(self, net, p: int, rng):
        self.net = net
        self.p = check_prime(p)
        self.B = ModP(self.p)
        self.rng = rng
        monos = net.output_monomials()
        self.m = len(monos)
        self.n_out = net.n_outputs
        self.N = self.m * self.n_out
        for _ in range(50):
            pts = rng.integers(-10**6, 10**6 + 1, size=(self.m, net.n_inputs), dtype=np.int64)
            V = evaluate_monomials(pts, monos, self.B)
            Vm = _to_nmod(V, self.p)
            if Vm.rank() == self.m:
                break
        else:  # pragma: no cover - probability ~ m^2 deg / p
            raise NumericalError("could not find unisolvent sample inputs", hint="use a larger prime")
        self.Vinv = _from_nmod(Vm.inv())
        self.pts = pts.reshape((self.m,) + tuple(net.input_shape))
        self.pool = np.zeros((0, self.N), dtype=np.int64)
        self._J = None

    def random_theta(self):
        return self.rng.integers(0, self.p, size=self.net.n_params, dtype=np.int64)

    def sample(self, count: int) -> np.ndarray:
        if count <= 0:
            return np.zeros((0, self.N), dtype=np.int64)
        Y = np.stack([self.net.evaluate(self.random_theta(), self.pts, p=self.p) for _ in range(count)])
        Yt = Y.transpose(0, 2, 1).reshape(-1, self.m)  # (count * n_out, m)
        C = self.B.matmul(Yt, self.Vinv.T)
        return C.reshape(count, self.N)

    def points(self, count: int, offset: int = 0) -> np.ndarray:
        need = offset + count
        if self.pool.shape[0] < need:
            self.pool = np.vstack([self.pool, self.sample(need - self.pool.shape[0])])
        return self.pool[offset:need]

    def point_and_jacobian(self, theta=None):
        """(c, J): a random point of M (or the one of ``theta``) and the Jacobian of theta -> c there
        (N x params)."""
        theta = self.random_theta() if theta is None else theta
        vals = self.net.evaluate(theta, self.pts, p=self.p)
        c = self.B.matmul(self.Vinv, vals).T.reshape(-1)
        Jv = self.net.jacobian(theta, self.pts, p=self.p).reshape(self.m, self.n_out, self.net.n_params)
        J = np.concatenate([self.B.matmul(self.Vinv, Jv[:, j, :]) for j in range(self.n_out)], axis=0)
        return c, J

    @property
    def J(self):
        if self._J is None:
            self._J = self.point_and_jacobian()[1]
        return self._J


def modular_sampler(net, p: int, seed: int = 0):
    """A sampler of points of M over GF(p) (coefficient vectors of f_theta for random theta, drawn with ``seed``):
    ``.points(k)`` gives the first k of them as the rows of an array.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> modular_sampler(parse_spec("linear 2-1-2"), 268435399).points(3).shape     # 3 points of the 2x2 matrices
    (3, 4)
    """
    return _Sampler(net, p, np.random.default_rng(seed))
