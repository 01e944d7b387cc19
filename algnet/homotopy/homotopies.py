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
* :class:`SegmentHomotopy` ``H(x, t0 + s (t1 - t0))`` and
  :class:`CircleHomotopy` ``H(x, c - r exp(i theta(s)))``: reparametrisations
  by a real s in [0, 1], so that :func:`~algnet.homotopy.tracker.track` (which
  runs from 0 to 1) follows a path of H along a segment or an arc of complex
  t (used by the Cauchy endgame, :mod:`algnet.homotopy.endgame`).

The times T may be complex (``evaluate`` then computes in complex
arithmetic); real T are handled exactly as before (as float64).

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

from algnet.core.numbers import acb, acb_mat
from algnet.errors import ParameterError
from algnet.homotopy.rows import GrowingRows
from algnet.homotopy.systems import System

__all__ = ["Homotopy", "StraightLineHomotopy", "ParameterHomotopy", "ChartedSystem", "SegmentHomotopy",
           "CircleHomotopy", "random_gamma"]


def _times(T):
    """T as float64, or as complex128 when it is complex (real times stay bit-identical)."""
    T = np.asarray(T)
    if np.iscomplexobj(T):
        return T.astype(np.complex128)
    return np.asarray(T, dtype=float)


def random_gamma(rng) -> complex:
    """A random unit complex number (the gamma of the gamma trick).

    Examples
    --------
    >>> import numpy as np
    >>> g = random_gamma(np.random.default_rng(0))
    >>> bool(abs(abs(g) - 1) < 1e-15)
    True
    """
    return complex(np.exp(2j * np.pi * rng.random()))


class Homotopy:
    """H(x, t); subclasses implement :meth:`evaluate`.

    Examples
    --------
    >>> import numpy as np
    >>> class Shift(Homotopy):                   # H(x, t) = x - t: its path from x = 0 ends at x = 1
    ...     n_vars = 1
    ...     def evaluate(self, X, T, idx=None):
    ...         X, T = np.asarray(X, complex), np.asarray(T, float)
    ...         return X - T[:, None], np.ones((len(X), 1, 1), complex), -np.ones((len(X), 1), complex)
    >>> from algnet.homotopy.tracker import track
    >>> r = track(Shift(), np.zeros((1, 1)))
    >>> r.status, bool(abs(r.x[0, 0] - 1) < 1e-10)
    (('success',), True)
    """

    n_vars: int = 0

    def evaluate(self, X, T, idx=None):
        """Values, x-Jacobians and t-derivatives; ``idx`` names the paths (for per-path data)."""
        raise NotImplementedError


class StraightLineHomotopy(Homotopy):
    """H = (1 - t) gamma G + t F between two systems without parameters.

    Examples
    --------
    From the roots of x^2 - 1 to those of x^2 - 4 (which are +-2):

    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem
    >>> from algnet.homotopy.tracker import track
    >>> G = PolynomialSystem.from_terms([{(2,): 1, (0,): -1}])
    >>> F = PolynomialSystem.from_terms([{(2,): 1, (0,): -4}])
    >>> H = StraightLineHomotopy(G, F, gamma=np.exp(0.7j))
    >>> r = track(H, np.array([[1.0], [-1.0]]))
    >>> sorted(round(float(z.real), 8) for z in r.x[:, 0])
    [-2.0, 2.0]
    """

    def __init__(self, start: System, target: System, gamma: complex):
        if start.n_vars != target.n_vars:
            raise ParameterError("start and target systems have different sizes", hint="same unknowns")
        self.start, self.target, self.gamma = start, target, complex(gamma)
        self.n_vars = target.n_vars

    def evaluate(self, X, T, idx=None):
        G, JG = self.start.evaluate(X)
        F, JF = self.target.evaluate(X)
        T = _times(T)
        a = ((1 - T) * self.gamma)[:, None]
        b = T[:, None]
        H = a * G + b * F
        Hx = a[:, :, None] * JG + b[:, :, None] * JF
        Ht = F - self.gamma * G
        return H, Hx, Ht


class ParameterHomotopy(Homotopy):
    """H(x, t) = F(x; (1 - t) p0 + t p1); p0, p1 shape (m,) or (N, m) per path.

    Examples
    --------
    The family x^2 = p from p = 1 to p = -1 + 0.1i: the paths end at the two square roots of the target.

    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> from algnet.homotopy.tracker import track
    >>> fam = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}]))
    >>> H = ParameterHomotopy(fam, [1.0], [-1.0 + 0.1j])
    >>> r = track(H, np.array([[1.0], [-1.0]]))
    >>> bool(np.allclose(r.x[:, 0] ** 2, -1.0 + 0.1j)), bool(abs(r.x[0, 0] + r.x[1, 0]) < 1e-10)
    (True, True)
    """

    def __init__(self, family: System, p0, p1):
        self.family = family
        self.p0 = np.asarray(p0, dtype=np.complex128)
        self.p1 = np.asarray(p1, dtype=np.complex128)
        if self.p0.shape[-1] != family.n_params or self.p1.shape[-1] != family.n_params:
            raise ParameterError(f"parameters must have length {family.n_params}",
                                 hint="p0 and p1 are points of the family's parameter space")
        self.n_vars = family.n_vars

    def extend(self, p0, p1):
        """Append per-path parameters (rows of ``p0``, ``p1``) for paths added later.

        Examples
        --------
        >>> import numpy as np
        >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
        >>> fam = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}]))
        >>> H = ParameterHomotopy(fam, np.zeros((0, 1)), np.zeros((0, 1)))
        >>> H.extend([[1.0]], [[4.0]]).p0.shape
        (1, 1)
        """
        p0 = np.asarray(p0, dtype=np.complex128).reshape(-1, self.family.n_params)
        p1 = np.asarray(p1, dtype=np.complex128).reshape(-1, self.family.n_params)
        if self.p0.ndim != 2 or self.p1.ndim != 2 or p0.shape != p1.shape:
            raise ParameterError("extend needs per-path parameters (N, m) on both ends",
                                 hint="build the homotopy with (0, m) arrays to grow it path by path")
        old0, old1 = self.p0, self.p1
        # rows appended into buffers with room (algnet.homotopy.rows: no copy of the rows so far)
        rows = getattr(self, "_rows", None)
        if rows is None or rows[0].view is not old0 or rows[1].view is not old1:
            rows = self._rows = (GrowingRows((self.family.n_params,), np.complex128),
                                 GrowingRows((self.family.n_params,), np.complex128))
            rows[0].append(old0)
            rows[1].append(old1)
        self.p0 = rows[0].append(p0)
        self.p1 = rows[1].append(p1)
        # (old, new) per end: new is old with rows appended (a reader that mapped old maps only the new rows)
        self.extended = {"p0": (old0, self.p0), "p1": (old1, self.p1)}
        return self

    def subset(self, idx):
        """The homotopy restricted to some paths (per-path parameters are sliced)."""
        p0 = self.p0[idx] if self.p0.ndim == 2 else self.p0
        p1 = self.p1[idx] if self.p1.ndim == 2 else self.p1
        return ParameterHomotopy(self.family, p0, p1)

    def evaluate(self, X, T, idx=None):
        T = _times(T)[:, None]
        p0 = self.p0 if (self.p0.ndim == 1 or idx is None) else self.p0[idx]
        p1 = self.p1 if (self.p1.ndim == 1 or idx is None) else self.p1[idx]
        P = (1 - T) * p0 + T * p1
        H, Hx = self.family.evaluate(X, P)
        Ht = self.family.param_derivative(X, P, p1 - p0)
        return H, Hx, Ht


def _inner_paths(paths, idx):
    """Path names for the wrapped homotopy: ``paths[idx]`` (``paths`` maps rows of
    the reparametrised batch to paths of the wrapped homotopy)."""
    if paths is None:
        return idx
    return paths if idx is None else paths[np.asarray(idx)]


class SegmentHomotopy(Homotopy):
    """H~(x, s) = H(x, t0 + s (t1 - t0)) for real s in [0, 1]; t0, t1 may be complex.

    ``dH~/ds = dH/dt (t1 - t0)``. ``paths`` (optional, integer array) names,
    for every row tracked through the wrapper, the path of ``H`` it belongs
    to (for homotopies with per-path data such as :class:`ParameterHomotopy`
    with parameters of shape (N, m)).

    Examples
    --------
    Track x^2 = 4 t from t = 1 back to t = 1/4 (x = 2 to x = 1):

    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem
    >>> from algnet.homotopy.tracker import track
    >>> F = PolynomialSystem.from_terms([{(2,): 1, (0,): -4}])
    >>> G = PolynomialSystem.from_terms([{(2,): 1}])
    >>> H = StraightLineHomotopy(G, F, gamma=1.0)        # x^2 - 4 t
    >>> res = track(SegmentHomotopy(H, 1.0, 0.25), np.array([[2.0]]))
    >>> round(float(res.x[0, 0].real), 10), res.status
    (1.0, ('success',))
    """

    def __init__(self, H: Homotopy, t0, t1, paths=None):
        self.H, self.t0, self.t1 = H, complex(t0), complex(t1)
        self.paths = None if paths is None else np.asarray(paths, dtype=np.int64)
        self.n_vars = H.n_vars
        self._real = self.t0.imag == 0 and self.t1.imag == 0

    def time(self, S):
        """The time t of H at the wrapper's times s."""
        S = np.asarray(S, dtype=float)
        if self._real:
            return self.t0.real + S * (self.t1.real - self.t0.real)
        return self.t0 + S * (self.t1 - self.t0)

    def evaluate(self, X, S, idx=None):
        h, hx, ht = self.H.evaluate(X, self.time(S), _inner_paths(self.paths, idx))
        d = self.t1 - self.t0
        return h, hx, ht * (d.real if self._real else d)


class CircleHomotopy(Homotopy):
    """H~(x, s) = H(x, center - radius exp(i theta(s))), theta(s) = a0 + s (a1 - a0), s in [0, 1].

    One call of :func:`~algnet.homotopy.tracker.track` follows the paths of
    ``H`` along the arc from angle ``a0`` to ``a1`` (one turn around
    ``center`` for the defaults 0, 2 pi); chain calls for several turns.
    ``dH~/ds = dH/dt dt/ds`` with ``dt/ds = -i (a1 - a0) radius exp(i theta)``.
    ``paths`` as in :class:`SegmentHomotopy`.

    Examples
    --------
    x^2 = 1 - t: one turn around t = 1 swaps the two branches x = +-sqrt(r):

    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem
    >>> from algnet.homotopy.tracker import track
    >>> F = PolynomialSystem.from_terms([{(2,): 1}])
    >>> G = PolynomialSystem.from_terms([{(2,): 1, (0,): -1}])
    >>> H = StraightLineHomotopy(G, F, gamma=1.0)        # x^2 - (1 - t)
    >>> res = track(CircleHomotopy(H, 0.25), np.array([[0.5]]))
    >>> complex(np.round(res.x[0, 0], 10)), res.status
    ((-0.5+0j), ('success',))
    """

    def __init__(self, H: Homotopy, radius: float, a0: float = 0.0, a1: float = 2 * np.pi,
                 center: complex = 1.0, paths=None):
        self.H, self.radius, self.a0, self.a1 = H, float(radius), float(a0), float(a1)
        self.center = complex(center)
        self.paths = None if paths is None else np.asarray(paths, dtype=np.int64)
        self.n_vars = H.n_vars

    def time(self, S):
        """The (complex) time t of H at the wrapper's times s."""
        theta = self.a0 + np.asarray(S, dtype=float) * (self.a1 - self.a0)
        return self.center - self.radius * np.exp(1j * theta)

    def evaluate(self, X, S, idx=None):
        theta = self.a0 + np.asarray(S, dtype=float) * (self.a1 - self.a0)
        e = np.exp(1j * theta)
        h, hx, ht = self.H.evaluate(X, self.center - self.radius * e, _inner_paths(self.paths, idx))
        dt = -1j * (self.a1 - self.a0) * self.radius * e
        return h, hx, ht * dt[:, None]


class ChartedSystem(System):
    """A system of n homogeneous equations in n+1 unknowns plus the chart
    equation a . X - 1 = 0 (square again).

    Examples
    --------
    x^2 - 1 homogenized (x^2 - x0^2) in the chart x0 = 1: at (1, 1) both equations vanish.

    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem
    >>> h = PolynomialSystem.from_terms([{(2,): 1, (0,): -1}]).homogenize()
    >>> F, J = ChartedSystem(h, [1.0, 0.0]).evaluate(np.array([[1.0, 1.0]]))
    >>> F.tolist(), J.shape
    ([[0j, 0j]], (1, 2, 2))
    """

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
        F, J = _rect_evaluate_ball(self.h, x)
        n = self.n_vars
        c = acb(-1)
        for j in range(n):
            c += acb(self.a[j].real, self.a[j].imag) * x[j]
        JJ = acb_mat(n, n)
        for i in range(n - 1):
            for j in range(n):
                JJ[i, j] = J[i][j]
        for j in range(n):
            JJ[n - 1, j] = acb(self.a[j].real, self.a[j].imag)
        return F + [c], JJ


def _rect_evaluate(h, X):
    """Evaluate a (non-square) PolynomialSystem-like object: values and Jacobian rows."""
    from algnet.homotopy.systems import eval_terms

    return eval_terms(h.eqs, X)


def _rect_evaluate_ball(h, x):
    from algnet.homotopy.systems import eval_terms_ball

    return eval_terms_ball(h.eqs, x)
