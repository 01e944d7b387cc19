"""Derived networks of the strata: a network restricted to a linear subspace of its
parameters (:class:`SlicedNetwork`: zero patterns and ties) and a network with one
weight matrix of bounded rank (:class:`FactoredNetwork`: W = U V) and a convolution chain
whose two filters share a root (:class:`SharedRootNetwork`: w_a = g * a', w_b = g * b')."""

from __future__ import annotations

from math import prod

import numpy as np
from networkx.utils import UnionFind

from algnet.architectures.base import DerivedNetwork, Network, as_backend
from algnet.core.backends import Exact, ModP
from algnet.core.linalg import kernel_mod_p, kernel_qq
from algnet.errors import ParameterError

__all__ = ["SlicedNetwork", "FactoredNetwork", "SharedRootNetwork", "StridedFactorNetwork"]


class SlicedNetwork(DerivedNetwork):
    """A network restricted to a linear subspace of its parameters, theta = B u.

    Zero patterns (a removed neuron, a shortened filter) and ties (two
    parameters set equal) are linear subspaces; ``B`` is an integer N x k
    matrix whose columns span the subspace.

    Parameters
    ----------
    parent : Network
    basis : array of int, shape (N, k)
    label : str
    zero : tuple of int
        Flat parameters fixed to zero (for display).
    ties : tuple of (int, int)
        Pairs of parameters set equal (for display).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("linear 1-1-1")
    >>> s = SlicedNetwork.from_constraints(net, zero=(), ties=((0, 1),), label="w1 = w2")
    >>> s.n_params, s.evaluate([3], [[1]]).tolist()     # f = w^2 x
    (1, [[9]])
    """

    def __init__(self, parent: Network, basis, label: str, zero=(), ties=()):
        self.basis = np.asarray(basis, dtype=np.int64).reshape(parent.n_params, -1)
        self.zero = tuple(zero)
        self.ties = tuple(ties)
        self._init_from_parent(parent, label, (("u", (self.basis.shape[1],)),))

    @classmethod
    def from_constraints(cls, parent: Network, zero=(), ties=(), label: str = "") -> "SlicedNetwork":
        """Subspace {theta_i = 0 for i in zero, theta_i = theta_j for (i, j) in ties}."""
        N = parent.n_params
        sets = UnionFind(range(N))
        for i, j in ties:
            sets.union(i, j)
        rep = {i: min(block) for block in sets.to_sets() for i in block}      # each class named by its least index
        dead = {rep[i] for i in zero}
        col = {g: c for c, g in enumerate(sorted(set(rep.values()) - dead))}
        B = np.zeros((N, len(col)), dtype=np.int64)
        for i in range(N):
            if rep[i] in col:
                B[i, col[rep[i]]] = 1
        return cls(parent, B, label or f"zero{sorted(zero)}", tuple(sorted(zero)), tuple(ties))

    def parameter_terms(self):
        """Each parent parameter is a combination of the columns of B its row involves."""
        return np.maximum(np.count_nonzero(self.basis, axis=1), 1).astype(np.float64)

    def embed(self, u):
        """The parent's parameter vector B u."""
        u = np.asarray(u, dtype=object) if _objects(u) else np.asarray(u)
        if u.shape != (self.basis.shape[1],):
            raise ParameterError(f"expected {self.basis.shape[1]} parameters, got shape {u.shape}",
                                 hint="pass the stratum's own parameters")
        if u.dtype == object:
            out = np.empty(self.parent.n_params, dtype=object)
            for i in range(self.parent.n_params):
                acc = 0
                for j in np.nonzero(self.basis[i])[0]:
                    acc = acc + int(self.basis[i, j]) * u[j]
                out[i] = acc
            return out
        return self.basis.astype(u.dtype) @ u

    def evaluate(self, theta, X, backend=None, p=None):
        return self.parent.evaluate(self.embed(theta), X, backend=backend, p=p)

    def jacobian(self, theta, X, C=None, backend=None, p=None):
        B = as_backend(backend, p)
        J = self.parent.jacobian(self.embed(theta), X, C=C, backend=backend, p=p)
        if isinstance(B, ModP):
            return B.matmul(J, np.mod(self.basis, B.p))
        if isinstance(B, Exact):
            return (np.asarray(J, dtype=object) @ self.basis.astype(object))
        return J @ self.basis

    def symmetry_tangents(self, theta, backend=None, p=None):
        """Tangents of the parent's symmetry orbit that lie in the subspace."""
        B = as_backend(backend, p)
        T = self.parent.symmetry_tangents(self.embed(theta), backend=backend, p=p)
        k = self.basis.shape[1]
        if T.shape[0] == 0:
            return B.zeros((0, k))
        s = T.shape[0]
        if isinstance(B, ModP):
            M = np.concatenate([np.asarray(T).T, np.mod(-self.basis, B.p)], axis=1)
            K = kernel_mod_p(M, B.p)
            return K[:, s:] if K.shape[0] else B.zeros((0, k))
        if isinstance(B, Exact):
            M = np.concatenate([np.asarray(T, dtype=object).T, -self.basis.astype(object)], axis=1)
            K = kernel_qq(M)
            return np.array([v[s:] for v in K], dtype=object).reshape(len(K), k)
        M = np.concatenate([np.asarray(T).T, -self.basis], axis=1)
        _, sv, vh = np.linalg.svd(M)
        null = vh[int(np.sum(sv > 1e-9 * max(1.0, sv[0] if sv.size else 1.0))):]
        return null[:, s:]



class _ChainRule:
    """``evaluate`` and ``jacobian`` of a network that maps its parameters u into its parent's by ``embed``,
    whose Jacobian is ``_dphi(u, backend)``: the parent's at embed(u), times it (the chain rule)."""

    def evaluate(self, theta, X, backend=None, p=None):
        B = as_backend(backend, p)
        return self.parent.evaluate(self.embed(theta, backend=B), X, backend=backend, p=p)

    def jacobian(self, theta, X, C=None, backend=None, p=None):
        B = as_backend(backend, p)
        J = self.parent.jacobian(self.embed(theta, backend=B), X, C=C, backend=backend, p=p)
        D = self._dphi(theta, B)
        if isinstance(B, Exact):
            return np.asarray(J, dtype=object) @ np.asarray(D, dtype=object)
        return B.matmul(J, D)


class FactoredNetwork(_ChainRule, DerivedNetwork):
    """A network whose weight matrix ``name`` is constrained to rank <= k: W = U Vf.

    Parameters are the parent's, with ``name`` replaced by ``U`` (rows x k)
    and ``Vf`` (k x cols); evaluation and Jacobians go through the parent
    (chain rule with the derivative of (U, Vf) -> U Vf).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("dense 2-2-1 r=2")
    >>> s = FactoredNetwork(net, "W1", 1)            # f = w2 . (u (v.x))^2 = (w2 . u^2) (v.x)^2
    >>> s.n_params
    6
    >>> from algnet.analyses.dimension import dimension
    >>> dimension(s, seed=0).dimension               # multiples of squares of linear forms
    2
    """

    def __init__(self, parent: Network, name: str, k: int, label: str | None = None):
        shapes = dict(parent.param_shapes)
        if name not in shapes or len(shapes[name]) != 2:
            raise ParameterError(f"{parent.spec} has no weight matrix {name!r}", hint=f"one of {list(shapes)}")
        rows, cols = shapes[name]
        self.name, self.k = name, int(k)
        new = []
        for nm, sh in parent.param_shapes:
            if nm == name:
                new += [(f"{name}.U", (rows, k)), (f"{name}.V", (k, cols))]
            else:
                new.append((nm, tuple(sh)))
        self._init_from_parent(parent, label or f"rank {name} <= {k}", new)
        self.zero, self.ties = (), ()

    def _parts(self, u):
        return self.unflatten(u)

    def embed(self, u, backend=None, p=None):
        """The parent's parameters, with W = U Vf."""
        B = as_backend(backend, p) if (backend is not None or p is not None) else None
        parts = self._parts(u)
        out = {}
        for nm, _ in self.parent.param_shapes:
            if nm == self.name:
                U, V = parts[f"{nm}.U"], parts[f"{nm}.V"]
                out[nm] = B.matmul(B.asarray(U), B.asarray(V)) if B is not None else np.asarray(U) @ np.asarray(V)
            else:
                out[nm] = parts[nm] if B is None else B.asarray(parts[nm])
        return self.parent.flatten(out)

    def parameter_terms(self):
        """The entries of W = U Vf have k terms; the other parameters one."""
        return self.parent.flatten({nm: np.full(sh, self.k if nm == self.name else 1, dtype=np.float64)
                                    for nm, sh in self.parent.param_shapes})

    def _dphi(self, u, B):
        """Derivative of u -> theta, shape (parent N, own N), in the backend."""
        parts = self._parts(u)
        U, V = B.asarray(parts[f"{self.name}.U"]), B.asarray(parts[f"{self.name}.V"])
        rows, cols = U.shape[0], V.shape[1]
        D = B.zeros((self.parent.n_params, self.n_params))
        po, so = 0, 0
        pmap = {}
        for nm, sh in self.parent.param_shapes:
            pmap[nm] = po
            po += prod(sh)
        for nm, sh in self.param_shapes:
            if nm == f"{self.name}.U":
                base = pmap[self.name]
                for i in range(rows):
                    for t in range(self.k):
                        for j in range(cols):
                            D[base + i * cols + j, so + i * self.k + t] = V[t, j]
            elif nm == f"{self.name}.V":
                base = pmap[self.name]
                for t in range(self.k):
                    for j in range(cols):
                        for i in range(rows):
                            D[base + i * cols + j, so + t * cols + j] = U[i, t]
            else:
                for a in range(prod(sh)):
                    D[pmap[nm] + a, so + a] = B.const(1)
            so += prod(sh)
        return D

    def symmetry_tangents(self, theta, backend=None, p=None):
        """GL(k) acting on the factorization: U -> U A, Vf -> A^-1 Vf."""
        B = as_backend(backend, p)
        parts = self._parts(theta)
        U, V = B.asarray(parts[f"{self.name}.U"]), B.asarray(parts[f"{self.name}.V"])
        offs, o = {}, 0
        for nm, sh in self.param_shapes:
            offs[nm] = o
            o += prod(sh)
        rows = []
        for a in range(self.k):
            for b in range(self.k):
                row = B.zeros(self.n_params)
                dU = B.zeros(U.shape)
                dU[:, b] = U[:, a]          # U E_ab
                dV = B.zeros(V.shape)
                dV[a, :] = B.neg(V[b, :])   # -E_ab V
                row[offs[f"{self.name}.U"]:offs[f"{self.name}.U"] + dU.size] = dU.reshape(-1)
                row[offs[f"{self.name}.V"]:offs[f"{self.name}.V"] + dV.size] = dV.reshape(-1)
                rows.append(row)
        return np.stack(rows) if rows else B.zeros((0, self.n_params))

    def parameter_degree(self):
        return 2 * self.parent.parameter_degree()



class SharedRootNetwork(_ChainRule, DerivedNetwork):
    """A linear convolution chain whose filters ``a`` and ``b`` share a root: w_a = g * a', w_b = g * b'
    (``*`` the product of the filters as polynomials, g of length 2).

    Parameters are the parent's, with ``a`` replaced by ``a.root`` (g) and ``a.rest`` (a') and ``b`` by
    ``b.rest`` (b'); evaluation and Jacobians go through the parent (chain rule).

    In a strided chain a filter is a polynomial in its own variable y = x^S (S the product of the strides
    before it); ``spacing=(t_a, t_b)`` spreads g's two taps t apart in each filter, w = (g0 + g1 y^t) * w',
    and ``b=None`` puts the factor into ``a`` alone (:class:`StridedFactorNetwork`).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> s = SharedRootNetwork(parse_spec("conv k=3,2 r=1"), "w1", "w2")   # (g0 + g1 t)^2 (a0 + a1 t) b0
    >>> s.param_shapes, s.embed([1, 2, 3, 4, 5]).tolist()               # w1 = (1 + 2t)(3 + 4t), w2 = 5 (1 + 2t)
    ((('w1.root', (2,)), ('w1.rest', (2,)), ('w2.rest', (1,))), [3, 10, 8, 5, 10])
    >>> from algnet.analyses.dimension import dimension
    >>> dimension(s, seed=0).dimension              # binary cubics with a double root
    3
    """

    def __init__(self, parent: Network, a: str, b: str | None, label: str | None = None, spacing=(1, 1)):
        shapes = dict(parent.param_shapes)
        names = [a] if b is None else [a, b]
        self.spaced = {nm: int(t) for nm, t in zip(names, spacing)}
        if any(nm not in shapes or len(shapes[nm]) != 1 or shapes[nm][0] < self.spaced[nm] + 1 for nm in names) \
                or a == b or min(self.spaced.values()) < 1:
            raise ParameterError(f"{parent.spec}: {names} are not distinct 1-D filters longer than the spacings "
                                 f"{tuple(self.spaced.values())}", hint=f"filters among {list(shapes)}")
        self.a, self.b = a, b
        self.ka = shapes[a][0]
        self.kb = shapes[b][0] if b is not None else None
        self.lengths = {nm: shapes[nm][0] for nm in names}
        new = []
        for nm, sh in parent.param_shapes:
            if nm == a:
                new += [(f"{a}.root", (2,)), (f"{a}.rest", (self.ka - self.spaced[a],))]
            elif nm == b:
                new.append((f"{b}.rest", (self.kb - self.spaced[b],)))
            else:
                new.append((nm, tuple(sh)))
        self._init_from_parent(parent, label or f"{a}, {b} share a root", new)
        self.zero, self.ties = (), ()
        self.signs = {nm: 1 for nm in names}     # -1: the filter holds g0 - g1 y^t (SplitFactorNetwork)

    def _g1(self, g, nm, B):
        """The second tap of the factor in filter ``nm``: g1, or -g1 where its sign is -1."""
        if self.signs.get(nm, 1) > 0:
            return g[1]
        return -g[1] if B is None else B.neg(g[1])

    def _toeplitz(self, g, nm, B):
        """The k x (k - t) matrix of multiplication by g0 + g1 y^t (k the filter's length, t its spacing)."""
        k, t = self.lengths[nm], self.spaced[nm]
        T = B.zeros((k, k - t)) if B is not None else np.zeros((k, k - t), dtype=np.asarray(g).dtype)
        for m in range(k - t):
            T[m, m], T[m + t, m] = g[0], self._g1(g, nm, B)
        return T

    def embed(self, u, backend=None, p=None):
        """The parent's parameters, with w_a = g * a' and w_b = g * b'."""
        B = as_backend(backend, p) if (backend is not None or p is not None) else None
        parts = self.unflatten(u)
        g = parts[f"{self.a}.root"] if B is None else B.asarray(parts[f"{self.a}.root"])
        out = {}
        for nm, _ in self.parent.param_shapes:
            if nm in self.spaced:
                rest = parts[f"{nm}.rest"] if B is None else B.asarray(parts[f"{nm}.rest"])
                T = self._toeplitz(g, nm, B)
                col = np.asarray(rest).reshape(-1, 1)
                out[nm] = (np.asarray(T) @ col if B is None else B.matmul(T, col)).reshape(-1)
            else:
                out[nm] = parts[nm] if B is None else B.asarray(parts[nm])
        return self.parent.flatten(out)

    def parameter_terms(self):
        """The coefficients of g * a' and g * b' have at most 2 terms; the other parameters one."""
        return self.parent.flatten({nm: np.full(sh, 2 if nm in self.spaced else 1, dtype=np.float64)
                                    for nm, sh in self.parent.param_shapes})

    def _dphi(self, u, B):
        """Derivative of u -> theta, shape (parent N, own N), in the backend."""
        parts = self.unflatten(u)
        g = B.asarray(parts[f"{self.a}.root"])
        pmap, po = {}, 0
        for nm, sh in self.parent.param_shapes:
            pmap[nm] = po
            po += prod(sh)
        own, so = {}, 0
        for nm, sh in self.param_shapes:
            own[nm] = so
            so += prod(sh)
        D = B.zeros((self.parent.n_params, self.n_params))
        for nm, sh in self.parent.param_shapes:
            if nm not in self.spaced:
                for i in range(prod(sh)):
                    D[pmap[nm] + i, own[nm] + i] = B.const(1)
                continue
            k, t, rest = self.lengths[nm], self.spaced[nm], B.asarray(parts[f"{nm}.rest"])
            g1 = self._g1(g, nm, B)
            for m in range(k - t):              # w[i] = g[0] rest[i] + g[1] rest[i - t] (g[1] negated: sign -1)
                D[pmap[nm] + m, own[f"{self.a}.root"]] = rest[m]
                D[pmap[nm] + m + t, own[f"{self.a}.root"] + 1] = rest[m] if self.signs[nm] > 0 else B.neg(rest[m])
                D[pmap[nm] + m, own[f"{nm}.rest"] + m] = g[0]
                D[pmap[nm] + m + t, own[f"{nm}.rest"] + m] = g1
        return D

    def symmetry_tangents(self, theta, backend=None, p=None):
        """The rescaling g -> s g, a' -> a'/s, b' -> b'/s."""
        B = as_backend(backend, p)
        parts = self.unflatten(theta)
        row, o = B.zeros(self.n_params), 0
        rests = {f"{nm}.rest" for nm in self.spaced}
        for nm, sh in self.param_shapes:
            v = B.asarray(parts[nm])
            if nm == f"{self.a}.root":
                row[o:o + 2] = v
            elif nm in rests:
                for i in range(prod(sh)):
                    row[o + i] = B.neg(v[i])
            o += prod(sh)
        return np.stack([row])

    def parameter_degree(self):
        return 2 * self.parent.parameter_degree()


class StridedFactorNetwork(SharedRootNetwork):
    """A strided linear convolution chain whose filter ``a`` (a polynomial in y = x^S) has a factor g0 + g1 y^t
    that is a polynomial in the variable of a later filter (y^t = x^(S t)): that factor can move into the later
    filter, so the product has two parametrizations (a double point); with ``b`` the later filter shares it
    (both parametrizations meet: a rank drop).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> s = StridedFactorNetwork(parse_spec("conv k=3,2 s=2,1 r=1"), "w1", 2)     # w1 = r (g0 + g1 x^2)
    >>> s.param_shapes, s.embed([2, 3, 5, 7, 11]).tolist()
    ((('w1.root', (2,)), ('w1.rest', (1,)), ('w2', (2,))), [10, 0, 15, 7, 11])
    >>> StridedFactorNetwork(parse_spec("conv k=4,2 s=2,1 r=1"), "w1", 2, "w2").embed([1, 2, 3, 4, 5]).tolist()
    [3, 4, 6, 8, 5, 10]
    """

    def __init__(self, parent: Network, a: str, t: int, b: str | None = None, label: str | None = None,
                 receiver: str | None = None):
        super().__init__(parent, a, b, label or (f"{a} has a factor in y^{t}" if b is None else
                                                 f"{a}, {b} share a factor"), spacing=(t, 1))
        self.t, self.receiver = int(t), receiver if b is None else None

    def rational_sample(self, u):
        """``u`` with the receiving filter (the later one, length >= 2) replaced by a product with a rational root,
        (u0 + u1 z) * (u1, ..., u_(k-1)): the factor moving to it and its own are then both rational."""
        if self.receiver is None:
            return list(u)
        from fractions import Fraction

        parts = self.unflatten(np.asarray(u, dtype=object))
        w = [int(x) for x in parts[self.receiver]]
        g = [int(x) for x in parts[f"{self.a}.root"]]
        h = w[:2]
        # the new factor h must be none of the receiver's others (a square: the second preimage would be a rank
        # drop, not a smooth branch) nor the moving factor g (the two preimages would be one): shift h0
        while h[1] != 0 and (h[0] == 0 or h[0] * g[1] == h[1] * g[0]
                             or sum(Fraction(c) * Fraction(-h[0], h[1]) ** i for i, c in enumerate(w[1:])) == 0):
            h[0] += 1
        prod_ = np.convolve(np.array(h, dtype=object), np.array(w[1:], dtype=object))
        parts[self.receiver] = np.array(prod_, dtype=object)
        return [int(x) for x in self.flatten(parts)]

    def partner_spaces(self, u) -> list:
        """The second parametrization of the point embed(u) (its factor g(y^t) traded for the receiver's linear
        factor, from :meth:`rational_sample`): a :class:`SlicedNetwork` of the parent holding it (the two traded
        filters up to scale, the other parameters free), for the fiber search."""
        if self.receiver is None:
            return []
        parts = self.unflatten(np.asarray(u, dtype=object))
        g, rest = [int(x) for x in parts[f"{self.a}.root"]], [int(x) for x in parts[f"{self.a}.rest"]]
        w = [int(x) for x in parts[self.receiver]]          # (h0 + h1 z) * w', from rational_sample
        h = _linear_factor(w)          # not w[:2]: for a receiver of length >= 3 that is not a factor of w
        if h is None:
            return []
        quot, rem = _divide(w, h)
        if rem:
            return []
        t = self.t
        new_a = np.convolve(np.array([h[0]] + [0] * (t - 1) + [h[1]], dtype=object), np.array(rest, dtype=object))
        new_b = np.convolve(np.array(g, dtype=object), np.array(quot, dtype=object))
        own = {self.a: new_a, self.receiver: new_b}
        return [SlicedNetwork(self.parent, slice_columns(self.parent, own), f"{self.label}: the factor traded")]


def slice_columns(parent, own) -> np.ndarray:
    """The columns (an N x k integer matrix) of the linear slice of ``parent``'s N parameters in which each
    parameter named in ``own`` is its given values up to scale (one column) and every other coordinate is free
    (one unit column each), in the parent's order.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> slice_columns(parse_spec("conv k=2,2 r=1"), {"w1": [2, 3]}).tolist()    # w1 = s (2, 3), w2 free
    [[2, 0, 0], [3, 0, 0], [0, 1, 0], [0, 0, 1]]
    """
    N, cols, o = parent.n_params, [], 0
    for nm, sh in parent.param_shapes:
        size = prod(sh)
        if nm in own:
            col = np.zeros(N, dtype=np.int64)
            col[o:o + size] = [int(x) for x in own[nm]]
            cols.append(col)
        else:
            for i in range(size):
                col = np.zeros(N, dtype=np.int64)
                col[o + i] = 1
                cols.append(col)
        o += size
    return np.stack(cols, axis=1)


def _linear_factor(w):
    """A factor h0 + h1 z (integers, h0 h1 != 0) of the ascending integer polynomial w over QQ, or None."""
    import sympy as sp

    if len(w) < 2:
        return None
    z = sp.Symbol("z")
    for fac, _ in sp.factor_list(sum(int(c) * z ** i for i, c in enumerate(w)), z)[1]:
        if sp.degree(fac, z) == 1 and fac.coeff(z, 0) != 0:
            return [int(fac.coeff(z, 0)), int(fac.coeff(z, 1))]
    return None


def _divide(w, h):
    """(quotient, remainder is nonzero) of the ascending integer polynomial w by h = (h0, h1), h0 != 0, exactly
    over QQ; the quotient as ints when the division is exact."""
    from fractions import Fraction

    w = [Fraction(x) for x in w]
    q = []
    for i in range(len(w) - 1):
        c = w[i] / h[0]
        q.append(c)
        w[i + 1] -= c * h[1]
    exact = w[-1] == 0 and all(c.denominator == 1 for c in q)
    return ([int(c) for c in q] if exact else []), not exact


def _objects(a) -> bool:
    if isinstance(a, np.ndarray):
        return a.dtype == object
    plain = (int, np.integer, float, complex, np.floating)
    return any(not isinstance(v, plain) for v in np.asarray(a, dtype=object).ravel())
