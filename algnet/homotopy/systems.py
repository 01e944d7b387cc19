"""Square polynomial systems as vectorised callables.

A :class:`System` evaluates many points at once: ``evaluate(X, P)`` takes
points ``X`` of shape (N, n) (complex128) and, for a family of systems,
parameters ``P`` of shape (N, m) (or (m,), shared), and returns the values
(N, n) and the Jacobians (N, n, n) with respect to the variables. Nothing
here needs monomial coefficients: any straight-line program that returns
values and Jacobians is a system. :class:`PolynomialSystem` is the explicit
(sparse monomial) form, used for the library of named test systems and for
total-degree homotopies (it can be homogenized).

For certification a system may also implement ``evaluate_ball(x, p)``:
the same values and Jacobian in complex ball arithmetic (python-flint
``acb``), where ``x`` is a list of ``acb`` (possibly wide balls).

Examples
--------
>>> import numpy as np
>>> S = PolynomialSystem.from_terms([{(2, 0): 1, (0, 0): -1}, {(0, 1): 1, (1, 0): -1}])
>>> F, J = S.evaluate(np.array([[2.0, 3.0]]))
>>> F.real.tolist(), J.real.tolist()
([[3.0, 1.0]], [[[4.0, 0.0], [-1.0, 1.0]]])
>>> S.degrees, S.bezout_number
((2, 1), 2)
"""

from __future__ import annotations

from math import prod

import numpy as np

from algnet.core.numbers import acb, acb_mat
from algnet.errors import ParameterError

__all__ = [
    "System",
    "PolynomialSystem",
    "OffsetFamily",
    "katsura",
    "random_dense_system",
    "cyclic",
]


class System:
    """A square system F(x; p) = 0 in ``n_vars`` unknowns and ``n_params`` parameters.

    Subclasses implement :meth:`evaluate` and, when ``n_params > 0``,
    :meth:`param_derivative`. ``real`` says whether the coefficients are
    real (for counting certified real solutions).

    Examples
    --------
    A one-unknown system x^2 - 2 written by hand (values and Jacobians per point):

    >>> import numpy as np
    >>> class Sqrt2(System):
    ...     n_vars = 1
    ...     def evaluate(self, X, P=None):
    ...         X = np.asarray(X, complex)
    ...         return X ** 2 - 2, 2 * X[:, :, None]
    >>> F, J = Sqrt2().evaluate(np.array([[1.0], [2 ** 0.5]]))      # 1 - 2 = -1, slope 2 x
    >>> complex(F[0, 0]), complex(J[0, 0, 0]), bool(abs(F[1, 0]) < 1e-15)
    ((-1+0j), (2+0j), True)
    >>> Sqrt2().has_ball
    False
    """

    n_vars: int = 0
    n_params: int = 0
    real: bool = False

    def evaluate(self, X, P=None):
        """Values (N, n) and Jacobians (N, n, n) at points X (N, n)."""
        raise NotImplementedError

    def param_derivative(self, X, P, dP):
        """(dF/dp) dP per point, shape (N, n): the derivative along a parameter direction."""
        raise NotImplementedError

    def evaluate_ball(self, x, p=None):
        """Values (list of acb) and Jacobian (acb_mat) over balls ``x``."""
        raise NotImplementedError(f"{type(self).__name__} has no ball-arithmetic evaluator")

    @property
    def has_ball(self) -> bool:
        return type(self).evaluate_ball is not System.evaluate_ball


def _check_points(X, n):
    X = np.asarray(X, dtype=np.complex128)
    if X.ndim == 1:
        X = X[None, :]
    if X.ndim != 2 or X.shape[1] != n:
        raise ParameterError(f"points must have shape (N, {n}), got {X.shape}", hint="one point per row")
    return X


class PolynomialSystem(System):
    """A system of polynomials in sparse form (exponent matrices and coefficients).

    Parameters
    ----------
    terms : list of (exponents, coefficients)
        For each equation an integer array (T, n) of exponents and T coefficients.

    Examples
    --------
    >>> S = PolynomialSystem.from_terms([{(1, 1): 1, (0, 0): -2}, {(1, 0): 1, (0, 1): -1}])
    >>> S.n_vars, S.degrees, S.real
    (2, (2, 1), True)
    """

    def __init__(self, terms, names=None):
        eqs = []
        n = None
        for E, c in terms:
            E = np.asarray(E, dtype=np.int64)
            c = np.asarray(c, dtype=np.complex128)
            if E.ndim != 2 or E.shape[0] != c.shape[0]:
                raise ParameterError("each equation needs exponents (T, n) and T coefficients",
                                     hint="use PolynomialSystem.from_terms([{(e1,..,en): c, ...}, ...])")
            if (E < 0).any():
                raise ParameterError("negative exponent", hint="polynomials only")
            if n is None:
                n = E.shape[1]
            elif E.shape[1] != n:
                raise ParameterError("equations in different numbers of variables", hint="pad exponents")
            eqs.append((E, c))
        if not eqs:
            raise ParameterError("empty system", hint="give at least one equation")
        if len(eqs) != n:
            raise ParameterError(f"{len(eqs)} equations in {n} unknowns: not square",
                                 hint="add random linear equations or drop equations")
        self.eqs = tuple(eqs)
        self.n_vars = n
        self.names = tuple(names) if names else tuple(f"x{i}" for i in range(n))
        self.real = all(np.all(c.imag == 0) for _, c in eqs)

    @classmethod
    def from_terms(cls, polys, names=None):
        """Build from a list of dicts ``{exponent tuple: coefficient}``."""
        terms = []
        for d in polys:
            if not d:
                raise ParameterError("zero polynomial in the system", hint="every equation needs a term")
            E = np.array([list(k) for k in d], dtype=np.int64)
            c = np.array([complex(v) for v in d.values()], dtype=np.complex128)
            terms.append((E, c))
        return cls(terms, names)

    @property
    def degrees(self) -> tuple[int, ...]:
        return tuple(int(E.sum(axis=1).max()) for E, _ in self.eqs)

    @property
    def bezout_number(self) -> int:
        """Product of the degrees: the number of paths of a total-degree homotopy."""
        return prod(self.degrees)

    def evaluate(self, X, P=None):
        X = _check_points(X, self.n_vars)
        return eval_terms(self.eqs, X)

    def trace(self, x, p=()):
        """The equations over :class:`~algnet.homotopy.tape.Tracer` values (compiled evaluation)."""
        return trace_terms(self.eqs, x)

    def evaluate_ball(self, x, p=None):
        n = self.n_vars
        F, grads = eval_terms_ball(self.eqs, x)
        J = acb_mat(n, n)
        for i, grad in enumerate(grads):
            for j in range(n):
                J[i, j] = grad[j]
        return F, J

    def homogenize(self) -> "PolynomialSystem":
        """Each equation times x0^deg with x -> x/x0: a homogeneous system in
        n+1 variables (x0 first). Not square; used with a projective chart."""
        out = []
        for E, c in self.eqs:
            d = E.sum(axis=1)
            D = d.max()
            out.append((np.concatenate([(D - d)[:, None], E], axis=1), c))
        h = object.__new__(PolynomialSystem)
        h.eqs = tuple(out)
        h.n_vars = self.n_vars + 1
        h.names = ("x_h",) + self.names
        h.real = self.real
        return h

    def __repr__(self):
        return f"PolynomialSystem(n={self.n_vars}, degrees={self.degrees})"


class OffsetFamily(System):
    """The family F(x; p) = G(x) - p of a square system G (m = n parameters).

    Every point x0 solves the member with p = G(x0): the start pair of a
    monodromy solve comes for free.

    Examples
    --------
    >>> import numpy as np
    >>> G = PolynomialSystem.from_terms([{(2, 0): 1}, {(0, 2): 1}])
    >>> fam = OffsetFamily(G)
    >>> x0 = np.array([[1.0, 2.0]])
    >>> fam.evaluate(x0, fam.start_parameters(x0))[0].tolist()
    [[0j, 0j]]
    """

    def __init__(self, G: System):
        self.G = G
        self.n_vars = G.n_vars
        self.n_params = G.n_vars
        self.real = G.real

    def start_parameters(self, x0):
        return self.G.evaluate(_check_points(x0, self.n_vars))[0]

    def evaluate(self, X, P=None):
        F, J = self.G.evaluate(X)
        if P is not None:
            F = F - np.asarray(P, dtype=np.complex128)
        return F, J

    def param_derivative(self, X, P, dP):
        dP = np.asarray(dP, dtype=np.complex128)
        return -np.broadcast_to(dP, (np.shape(X)[0], self.n_vars))

    def trace(self, x, p):
        """G(x) - p over :class:`~algnet.homotopy.tape.Tracer` values, when G can be traced."""
        if not callable(getattr(self.G, "trace", None)):
            from algnet.errors import NotApplicableError

            raise NotApplicableError(f"{type(self.G).__name__} cannot be recorded", hint="use engine='numpy'")
        return [g - q for g, q in zip(self.G.trace(x, ()), p)]

    @property
    def traceable(self):
        return callable(getattr(self.G, "trace", None))

    def evaluate_ball(self, x, p=None):
        F, J = self.G.evaluate_ball(x)
        if p is not None:
            F = [f - acb(complex(q).real, complex(q).imag) if not isinstance(q, acb) else f - q
                 for f, q in zip(F, p)]
        return F, J


# ------------------------------------------------------------------ named systems
def katsura(n: int) -> PolynomialSystem:
    """The Katsura-n system (n+1 unknowns u_0..u_n): 2^n isolated solutions,
    all finite and nonsingular (Katsura 1990; a standard benchmark, see the
    PoSSo test suite).

    u_m = u_{-m}, u_m = 0 for |m| > n;  sum_{l=-n}^{n} u_l u_{m-l} = u_m
    (m = 0..n-1);  sum_{l=-n}^{n} u_l = 1.

    Examples
    --------
    >>> katsura(2).degrees
    (2, 2, 1)
    """
    if n < 1:
        raise ParameterError("katsura(n) needs n >= 1", hint="e.g. katsura(3)")
    nv = n + 1

    def var(i):
        i = abs(i)
        return i if i <= n else None

    polys = []
    for m in range(n):
        d: dict = {}
        for l in range(-n, n + 1):
            a, b = var(l), var(m - l)
            if a is None or b is None:
                continue
            e = [0] * nv
            e[a] += 1
            e[b] += 1
            d[tuple(e)] = d.get(tuple(e), 0) + 1
        e = [0] * nv
        e[m] = 1
        d[tuple(e)] = d.get(tuple(e), 0) - 1
        polys.append({k: v for k, v in d.items() if v != 0})
    d = {}
    for l in range(-n, n + 1):
        e = [0] * nv
        e[var(l)] = 1
        d[tuple(e)] = d.get(tuple(e), 0) + 1
    d[tuple([0] * nv)] = -1
    polys.append(d)
    return PolynomialSystem.from_terms(polys, names=[f"u{i}" for i in range(nv)])


def random_dense_system(degrees, seed=None) -> PolynomialSystem:
    """Dense polynomials of the given degrees with random complex
    coefficients: exactly prod(degrees) nonsingular finite solutions
    (Bezout's theorem, generic case).

    Examples
    --------
    >>> random_dense_system((2, 3), seed=0).bezout_number
    6
    """
    from algnet.core.monomials import monomials_up_to

    rng = np.random.default_rng(seed)
    n = len(degrees)
    polys = []
    for d in degrees:
        ms = monomials_up_to(n, int(d))
        cs = rng.normal(size=len(ms)) + 1j * rng.normal(size=len(ms))
        polys.append({tuple(m): c for m, c in zip(ms, cs)})
    return PolynomialSystem.from_terms(polys)


def cyclic(n: int) -> PolynomialSystem:
    """The cyclic-n roots system; cyclic-4 has positive-dimensional
    components, cyclic-5 has 70 isolated solutions (Björck–Fröberg 1991).

    Examples
    --------
    >>> cyclic(5).bezout_number
    120
    """
    polys = []
    for k in range(1, n):
        d: dict = {}
        for i in range(n):
            e = [0] * n
            for j in range(k):
                e[(i + j) % n] += 1
            d[tuple(e)] = d.get(tuple(e), 0) + 1
        polys.append(d)
    polys.append({tuple([1] * n): 1, tuple([0] * n): -1})
    return PolynomialSystem.from_terms(polys)


def eval_terms_ball(eqs, x):
    """Values and gradients in ball arithmetic of sparse polynomials.

    ``eqs`` is a list of (E, c): exponent matrix (terms x variables) and complex
    coefficients; ``x`` a list of flint ``acb``. Returns (values, list of gradients).
    """
    n = len(x)
    F, G = [], []
    for E, c in eqs:
        val = acb(0)
        grad = [acb(0)] * n
        for t in range(E.shape[0]):
            ct = acb(c[t].real, c[t].imag)
            mon = ct
            for j in range(n):
                if E[t, j]:
                    mon = mon * x[j] ** int(E[t, j])
            val += mon
            for j in range(n):
                e = int(E[t, j])
                if e:
                    term = ct * e
                    for k in range(n):
                        ek = int(E[t, k]) - (1 if k == j else 0)
                        if ek:
                            term = term * x[k] ** ek
                    grad[j] = grad[j] + term
        F.append(val)
        G.append(grad)
    return F, G


def trace_terms(eqs, x):
    """Sparse polynomials over :class:`~algnet.homotopy.tape.Tracer` values (one recorded expression each)."""
    out = []
    for E, c in eqs:
        acc = 0
        for t in range(E.shape[0]):
            term = complex(c[t])
            for j in range(E.shape[1]):
                if E[t, j]:
                    term = term * x[j] ** int(E[t, j])
            acc = acc + term
        out.append(acc)
    return out


def eval_terms(eqs, X):
    """Values (N, m) and Jacobians (N, m, n) in complex128 of sparse polynomials
    at N points X (N, n); ``eqs`` as in :func:`eval_terms_ball`."""
    N, n = X.shape
    m = len(eqs)
    F = np.empty((N, m), dtype=np.complex128)
    J = np.empty((N, m, n), dtype=np.complex128)
    for i, (E, c) in enumerate(eqs):
        # pw[k, t, j] = X[k, j] ** E[t, j]
        pw = X[:, None, :] ** E[None, :, :]
        F[:, i] = np.prod(pw, axis=2) @ c
        for j in range(n):
            e = E[:, j]
            if not e.any():
                J[:, i, j] = 0
                continue
            pj = pw.copy()
            pj[:, :, j] = X[:, None, j] ** np.maximum(e - 1, 0)[None, :]
            J[:, i, j] = np.prod(pj, axis=2) @ (c * e)
    return F, J
