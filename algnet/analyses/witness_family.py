"""The witness system of a neuromanifold as a family of square systems in the offsets (c, b).

F(theta; c, b) = (R v(theta) - c, A theta - b): m = dim random combinations R of the network's values
v(theta) at sample inputs and e = n - dim affine slices A theta = b. The degree's monodromy route
(:mod:`algnet.analyses.degree_monodromy`, built by :func:`algnet.analyses.witness_system.witness_setup`)
and the fiber count (:mod:`algnet.analyses.fibers_homotopy`) track it; it is recorded for the compiled
tracker through :meth:`NetworkWitnessFamily.trace` and enclosed in ball arithmetic for certification.

Examples
--------
>>> import numpy as np
>>> from algnet import parse_spec
>>> from algnet.analyses.witness import NetworkValues
>>> net, rng = parse_spec("linear 2-1-2"), np.random.default_rng(0)
>>> fam = NetworkWitnessFamily(NetworkValues(net, rng.normal(size=(2, 2)) + 0j, rng), rng.normal(size=(3, 4)),
...                            rng.normal(size=(1, 4)))
>>> fam.n_vars, fam.n_params                 # 4 weights; 3 offsets c and one b
(4, 4)
"""

from __future__ import annotations

import numpy as np

from algnet.analyses.witness import NetworkValues as _NetworkValues
from algnet.homotopy.systems import System

__all__ = ["NetworkWitnessFamily"]


class NetworkWitnessFamily(System):
    """The slicing system of a neuromanifold as a family in the offsets (c, b):

        F(theta; c, b) = ( R v(theta) - c ,  A theta - b ),

    v(theta) = (f_theta(z_k))_k. ``start_parameters(theta)`` gives the
    offsets for which theta is a solution.

    Examples
    --------
    linear 2-1-2 has 4 weights and a neuromanifold of dimension 3: 3 equations R v = c and one
    affine slice A theta = b make a square system in the 4 weights, with 3 + 1 offsets.

    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> from algnet.analyses.witness import NetworkValues
    >>> net = parse_spec("linear 2-1-2")
    >>> rng = np.random.default_rng(0)
    >>> vals = NetworkValues(net, rng.normal(size=(net.monomial_count(),) + tuple(net.input_shape)), rng)
    >>> R, A = rng.normal(size=(3, vals.q)), rng.normal(size=(1, 4))
    >>> fam = NetworkWitnessFamily(vals, R, A)
    >>> fam.n_vars, fam.n_params
    (4, 4)
    >>> theta = rng.normal(size=(1, 4))
    >>> F, J = fam.evaluate(theta, fam.start_parameters(theta))
    >>> bool(np.abs(F).max() < 1e-12), J.shape
    (True, (1, 4, 4))
    >>> bool(np.allclose(F[0, 3], 0)) and bool(np.allclose(J[0, 3], A[0]))   # the slice row is A itself
    True
    """

    def __init__(self, values: _NetworkValues, R, A):
        self.values = values
        self.R = np.asarray(R, dtype=np.complex128)
        self.A = np.asarray(A, dtype=np.complex128)
        self.m = self.R.shape[0]
        self.e = self.A.shape[0]
        self.n_vars = values.net.n_params
        self.n_params = self.m + self.e
        self.real = False

    def G(self, T):
        V, J = self.values(T)
        F = np.concatenate([V @ self.R.T, T @ self.A.T], axis=1)
        Jx = np.concatenate([np.matmul(self.R, J),
                             np.broadcast_to(self.A, (T.shape[0],) + self.A.shape)], axis=1)
        return F, Jx

    def start_parameters(self, T):
        T = np.atleast_2d(np.asarray(T, dtype=np.complex128))
        return self.offsets(T, self.values.values(T))

    def offsets(self, T, V):
        """The offsets (c, b) = (R v, A theta) for which the rows of T solve the system, from their values V
        (``start_parameters`` without evaluating them again; the values alone: no Jacobian).

        Examples
        --------
        >>> import numpy as np
        >>> from algnet import parse_spec
        >>> from algnet.analyses.witness import NetworkValues
        >>> net, rng = parse_spec("linear 2-1-2"), np.random.default_rng(0)
        >>> fam = NetworkWitnessFamily(NetworkValues(net, rng.normal(size=(2, 2)) + 0j, rng), rng.normal(size=(3, 4)),
        ...                            rng.normal(size=(1, 4)))
        >>> T = rng.normal(size=(2, 4)) + 0j
        >>> bool(np.allclose(fam.offsets(T, fam.values.values(T)), fam.start_parameters(T)))
        True
        """
        return np.concatenate([V @ self.R.T, T @ self.A.T], axis=1)

    def pins_are_slices(self, pins) -> bool:
        """Whether each pin (i, j, k) names an equation ``theta_j - p_k`` of this system (equation i = k a row of
        the slice A theta - b with A's row the unit vector e_j), read off A exactly
        (:class:`~algnet.homotopy.pinned.PinnedFamily` asks before checking numerically).

        Examples
        --------
        >>> import numpy as np
        >>> from algnet import parse_spec
        >>> from algnet.analyses.witness import NetworkValues
        >>> net, rng = parse_spec("linear 2-1-2"), np.random.default_rng(0)
        >>> fam = NetworkWitnessFamily(NetworkValues(net, rng.normal(size=(2, 2)) + 0j, rng), rng.normal(size=(3, 4)),
        ...                            np.array([[0.0, 0.0, 1.0, 0.0]]))
        >>> fam.pins_are_slices([(3, 2, 3)]), fam.pins_are_slices([(3, 1, 3)]), fam.pins_are_slices([(2, 2, 2)])
        (True, False, False)
        """
        for i, j, k in pins:
            if i != k or not self.m <= i < self.n_params or not 0 <= j < self.n_vars:
                return False
            row = self.A[i - self.m]
            if row[j] != 1 or np.count_nonzero(row) != 1:
                return False
        return True

    def evaluate(self, X, P=None):
        X = np.asarray(X, dtype=np.complex128)
        F, J = self.G(X)
        if P is not None:
            F = F - np.asarray(P, dtype=np.complex128)
        return F, J

    def param_derivative(self, X, P, dP):
        return -np.broadcast_to(np.asarray(dP, dtype=np.complex128), (np.shape(X)[0], self.n_params))

    def evaluate_ball(self, x, p=None):
        from algnet.core.numbers import acb, acb_mat

        V, J = self.values.ball(x)
        n, q = self.n_vars, len(V)
        Rb = [[acb(float(v.real), float(v.imag)) for v in row] for row in self.R]
        Ab = [[acb(float(v.real), float(v.imag)) for v in row] for row in self.A]
        F = []
        JJ = acb_mat(n, n)
        for i in range(self.m):
            F.append(sum((Rb[i][k] * V[k] for k in range(q)), acb(0)))
            for j in range(n):
                JJ[i, j] = sum((Rb[i][k] * J[k, j] for k in range(q)), acb(0))
        for i in range(self.e):
            F.append(sum((Ab[i][j] * x[j] for j in range(n)), acb(0)))
            for j in range(n):
                JJ[self.m + i, j] = Ab[i][j]
        if p is not None:
            F = [f - q_ for f, q_ in zip(F, p)]
        return F, JJ

    def trace(self, x, p):
        """F over :class:`~algnet.homotopy.tape.Tracer` values (recorded for the compiled tracker)."""
        return self.trace_rows(x, p, range(self.m + self.e))

    def trace_rows(self, x, p, rows):
        """The equations ``rows`` (indices, increasing) of :meth:`trace`: a pinned family drops the slice rows it
        solves by substitution, which are then not formed (affine forms only: the tape is the same).

        Examples
        --------
        >>> import numpy as np
        >>> from algnet import parse_spec
        >>> from algnet.analyses.witness import NetworkValues
        >>> from algnet.homotopy.tape import TapeBuilder
        >>> net, rng = parse_spec("linear 2-1-2"), np.random.default_rng(0)
        >>> fam = NetworkWitnessFamily(NetworkValues(net, rng.normal(size=(2, 2)) + 0j, rng), rng.normal(size=(3, 4)),
        ...                            rng.normal(size=(1, 4)))
        >>> b = TapeBuilder(4, 4)
        >>> len(fam.trace_rows(b.x, b.p, [0, 1, 2])), len(fam.trace(b.x, b.p))
        (3, 4)
        """
        rows = list(rows)
        out = []
        if any(i < self.m for i in rows):
            RV = self.values.trace_combined(x, self.R)      # the random slice R v, numerically
            out = [RV[i] - p[i] for i in rows if i < self.m]
        sl = [i - self.m for i in rows if i >= self.m]
        if sl:
            X = np.empty(len(x), dtype=object)
            X[:] = list(x)
            out += list(self.A[sl] @ X - np.asarray([p[self.m + i] for i in sl], dtype=object))
        return out

    def image_ball(self, x):
        """The values v over a box (for certified distinctness of images)."""
        return self.values.ball(x)[0]
