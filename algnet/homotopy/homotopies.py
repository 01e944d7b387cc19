"""Homotopies H(x, t), t from 0 to 1, built from systems.

Every homotopy implements ``evaluate(X, T) -> (H, Hx, Ht)`` for points X
(N, n) at times T (N,): values, Jacobians in x, and derivatives in t.

* :class:`StraightLineHomotopy` ``(1 - t) gamma G(x) + t F(x)``: the gamma
  trick (a random complex ``gamma`` keeps every path regular for t < 1 with
  probability one; Sommese–Wampler, *The Numerical Solution of Systems of
  Polynomials*, 2005, Lemma 7.1.3).
* :class:`ParameterHomotopy` ``F(x; (1 - t) p0 + t p1)``: between two
  parameter values of a family. With generic complex p0, p1 the segment
  avoids the discriminant with probability one (it meets the complex line
  through p0, p1 in finitely many points).
* :class:`ChartedSystem`: a homogeneous system on the affine chart
  a . X = 1 of projective space, so paths that go to infinity in affine
  coordinates stay bounded.

Examples
--------
>>> import numpy as np
>>> from algnet.homotopy.systems import PolynomialSystem
>>> F = PolynomialSystem.from_terms([{(2,): 1, (0,): -4}])
>>> G = PolynomialSystem.from_terms([{(2,): 1, (0,): -1}])
>>> H = StraightLineHomotopy(G, F, gamma=1.0)
>>> h, hx, ht = H.evaluate(np.array([[1.0]]), np.array([0.0]))
>>> h.real.tolist(), ht.real.tolist()
([[0.0]], [[-3.0]])
"""

from __future__ import annotations

import numpy as np

from algnet.errors import ParameterError
from algnet.homotopy.systems import System

__all__ = ["Homotopy", "StraightLineHomotopy", "ParameterHomotopy", "ChartedSystem", "random_gamma"]


def random_gamma(rng) -> complex:
    """A random unit complex number (the gamma of the gamma trick)."""
    return complex(np.exp(2j * np.pi * rng.random()))


class Homotopy:
    """H(x, t); subclasses implement :meth:`evaluate`."""

    n_vars: int = 0

    def evaluate(self, X, T, idx=None):
        """Values, x-Jacobians and t-derivatives; ``idx`` names the paths (for per-path data)."""
        raise NotImplementedError


class StraightLineHomotopy(Homotopy):
    """H = (1 - t) gamma G + t F between two systems without parameters."""

    def __init__(self, start: System, target: System, gamma: complex):
        if start.n_vars != target.n_vars:
            raise ParameterError("start and target systems have different sizes", hint="same unknowns")
        self.start, self.target, self.gamma = start, target, complex(gamma)
        self.n_vars = target.n_vars

    def evaluate(self, X, T, idx=None):
        G, JG = self.start.evaluate(X)
        F, JF = self.target.evaluate(X)
        T = np.asarray(T, dtype=float)
        a = ((1 - T) * self.gamma)[:, None]
        b = T[:, None]
        H = a * G + b * F
        Hx = a[:, :, None] * JG + b[:, :, None] * JF
        Ht = F - self.gamma * G
        return H, Hx, Ht


class ParameterHomotopy(Homotopy):
    """H(x, t) = F(x; (1 - t) p0 + t p1); p0, p1 shape (m,) or (N, m) per path."""

    def __init__(self, family: System, p0, p1):
        self.family = family
        self.p0 = np.asarray(p0, dtype=np.complex128)
        self.p1 = np.asarray(p1, dtype=np.complex128)
        if self.p0.shape[-1] != family.n_params or self.p1.shape[-1] != family.n_params:
            raise ParameterError(f"parameters must have length {family.n_params}",
                                 hint="p0 and p1 are points of the family's parameter space")
        self.n_vars = family.n_vars

    def subset(self, idx):
        """The homotopy restricted to some paths (per-path parameters are sliced)."""
        p0 = self.p0[idx] if self.p0.ndim == 2 else self.p0
        p1 = self.p1[idx] if self.p1.ndim == 2 else self.p1
        return ParameterHomotopy(self.family, p0, p1)

    def evaluate(self, X, T, idx=None):
        T = np.asarray(T, dtype=float)[:, None]
        p0 = self.p0 if (self.p0.ndim == 1 or idx is None) else self.p0[idx]
        p1 = self.p1 if (self.p1.ndim == 1 or idx is None) else self.p1[idx]
        P = (1 - T) * p0 + T * p1
        H, Hx = self.family.evaluate(X, P)
        Ht = self.family.param_derivative(X, P, p1 - p0)
        return H, Hx, Ht


class ChartedSystem(System):
    """A system of n homogeneous equations in n+1 unknowns plus the chart
    equation a . X - 1 = 0 (square again)."""

    def __init__(self, homogeneous: System, chart):
        self.h = homogeneous
        self.a = np.asarray(chart, dtype=np.complex128)
        self.n_vars = homogeneous.n_vars
        if self.a.shape != (self.n_vars,):
            raise ParameterError("chart vector of the wrong length", hint=f"length {self.n_vars}")
        self.real = False

    def evaluate(self, X, P=None):
        X = np.asarray(X, dtype=np.complex128)
        # the homogeneous system has one equation fewer than unknowns
        F, J = _rect_evaluate(self.h, X)
        c = X @ self.a - 1
        F = np.concatenate([F, c[:, None]], axis=1)
        J = np.concatenate([J, np.broadcast_to(self.a, (X.shape[0], 1, self.n_vars))], axis=1)
        return F, J

    def evaluate_ball(self, x, p=None):
        import flint

        F, J = _rect_evaluate_ball(self.h, x)
        n = self.n_vars
        c = flint.acb(-1)
        for j in range(n):
            c += flint.acb(self.a[j].real, self.a[j].imag) * x[j]
        JJ = flint.acb_mat(n, n)
        for i in range(n - 1):
            for j in range(n):
                JJ[i, j] = J[i][j]
        for j in range(n):
            JJ[n - 1, j] = flint.acb(self.a[j].real, self.a[j].imag)
        return F + [c], JJ


def _rect_evaluate(h, X):
    """Evaluate a (non-square) PolynomialSystem-like object: values and Jacobian rows."""
    from algnet.homotopy.systems import eval_terms

    return eval_terms(h.eqs, X)


def _rect_evaluate_ball(h, x):
    from algnet.homotopy.systems import eval_terms_ball

    return eval_terms_ball(h.eqs, x)
