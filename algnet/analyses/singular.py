"""Singular locus, boundary points and subnetwork strata of a neuromanifold.

Definitions (what the words mean here)
--------------------------------------
Let M = mu(R^N) be the real neuromanifold, V its Zariski closure (over C),
n = dim M, p = mu(theta_0) a point of M.

* p is **singular** if the Zariski tangent space T_p V has dimension > n
  (equivalently p lies in Sing(V)). A rank drop of the Jacobian of mu at
  theta_0 does **not** make p singular (t -> t^3 parametrizes a smooth line).
* p is **nodal** if M is, near p, a union of k >= 2 smooth n-dimensional
  branches, each the image of a neighbourhood of a fiber point where mu has
  rank n, whose tangent spaces pairwise meet exactly in the tangent space of
  the stratum through p (transversal self-intersection).
* p is a **boundary point** of the semialgebraic set M if real points of V
  that are not in M accumulate at p (p lies in the closure of V_R \\ M).

Tests (each result states which one decided and what it proves)
--------------------------------------------------------------
1. *Equations* (when implicit equations g_1..g_s are available): if the rank
   over QQ of their Jacobian at p equals the codimension c, p is smooth (the
   Jacobian criterion, valid for any equations vanishing on V); if it is < c
   and the equations generate the ideal of V, p is singular.
2. *Fiber tangent spaces* (equation free, exact): mu maps into V, so
   d mu_theta(R^N) lies in T_p V for every theta in the fiber over p. If the
   column spaces of the exact Jacobians at several exact fiber points span
   more than n dimensions, p is singular (a proof). Fiber points are
   constructed from the subnetwork structure (parameters that no longer
   influence the output: the incoming weights of a removed neuron, ...),
   and searched numerically (Levenberg-Marquardt from random starts in the
   parameter spaces of the strata), then snapped to exact rationals and
   verified exactly.
3. *Limits of tangent planes* (equation free, exact): along a curve
   theta_0 + s delta the tangent planes d mu(R^N) converge (as s -> 0) to a
   plane computed exactly by a valuation reduction over QQ[s]. At a smooth
   point of V every such limit is T_p V; two different limits prove p
   singular. This decides rank-drop points whose fiber tangent spaces are
   too small (cusps, pinch points).
4. *Boundary witness* (exact realness, numerical non-membership): at a rank
   drop, for a kernel direction e with mu(theta_0 + s e) even in s (checked
   exactly), q(s) = mu(theta_0 + i s e) is a real point of V tending to p;
   if no real preimage of q(s) is found (numerical search) p is reported as
   a boundary point (numerical evidence, not a proof).

Examples
--------
>>> from algnet import parse_spec
>>> res = strata(parse_spec("linear 3-2-3"), seed=0)
>>> [(s.name, s.dimension, s.status) for s in res.strata]
[('widths 3-2-3', 8, 'smooth'), ('widths 3-1-3', 5, 'singular')]
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from fractions import Fraction
from math import prod

import numpy as np

from algnet.architectures.base import DerivedNetwork, Network, _unisolvent, as_backend
from algnet.architectures.spec import parse_spec
from algnet.core.backends import Complex, Exact, ModP
from algnet.core.linalg import kernel_mod_p, kernel_qq, rank_qq, to_fmpq_mat
from algnet.errors import NotApplicableError, NumericalError, ParameterError, TooLargeError

__all__ = [
    "SlicedNetwork",
    "FactoredNetwork",
    "PointAnalysis",
    "Stratum",
    "StrataResult",
    "SingularityResult",
    "analyze_point",
    "strata",
    "is_singular",
    "limit_tangent_plane",
    "rank_drop_locus",
    "stratum_networks",
]

STATUSES = ("smooth", "singular", "boundary")


# ============================================================ sliced network
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
        root = list(range(N))

        def find(i):
            while root[i] != i:
                root[i] = root[root[i]]
                i = root[i]
            return i

        for i, j in ties:
            a, b = find(i), find(j)
            if a != b:
                root[max(a, b)] = min(a, b)
        dead = {find(i) for i in zero}
        groups = sorted({find(i) for i in range(N)} - dead)
        B = np.zeros((N, len(groups)), dtype=np.int64)
        col = {g: c for c, g in enumerate(groups)}
        for i in range(N):
            g = find(i)
            if g in col:
                B[i, col[g]] = 1
        return cls(parent, B, label or f"zero{sorted(zero)}", tuple(sorted(zero)), tuple(ties))

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



class FactoredNetwork(DerivedNetwork):
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

    def evaluate(self, theta, X, backend=None, p=None):
        B = as_backend(backend, p)
        th = self.embed(theta, backend=B)
        return self.parent.evaluate(th, X, backend=backend, p=p)

    def jacobian(self, theta, X, C=None, backend=None, p=None):
        B = as_backend(backend, p)
        th = self.embed(theta, backend=B)
        J = self.parent.jacobian(th, X, C=C, backend=backend, p=p)
        D = self._dphi(theta, B)
        if isinstance(B, Exact):
            return np.asarray(J, dtype=object) @ np.asarray(D, dtype=object)
        return B.matmul(J, D)

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


def _objects(a) -> bool:
    if isinstance(a, np.ndarray):
        return a.dtype == object
    return any(not isinstance(v, (int, np.integer, float, complex, np.floating)) for v in np.asarray(a, dtype=object).ravel())


# ======================================================= strata generation
@dataclass(frozen=True)
class _StratumSpec:
    key: tuple
    name: str
    kind: str
    zero: tuple
    ties: tuple
    parents: tuple  # keys


def _offsets(net):
    out, i = {}, 0
    for name, shape in net.param_shapes:
        out[name] = (i, tuple(shape))
        i += prod(shape)
    return out


def _lattice(root, children, describe, depth_of, depth):
    """Breadth-first walk of a degeneration lattice.

    ``children(c)`` lists the keys one elementary degeneration below ``c``;
    ``describe(c)`` gives (name, kind, zeros); ``depth_of(c)`` counts the
    degenerations in ``c``; keys deeper than ``depth`` are not expanded.
    Each key is listed once, with every parent that reaches it.
    """
    out, frontier, seen, parents = [], [root], set(), {root: []}
    while frontier:
        nxt = []
        for c in frontier:
            if c in seen:
                continue
            seen.add(c)
            name, kind, zeros = describe(c)
            out.append(_StratumSpec(c, name, kind, zeros, (), tuple(parents[c])))
            if depth_of(c) >= depth:
                continue
            for d in children(c):
                parents.setdefault(d, []).append(c)
                nxt.append(d)
        frontier = nxt
    return out


def _dense_specs(net, depth):
    off = _offsets(net)
    hidden = list(range(1, net.L))
    w = net.widths

    def zeros(c):
        z = []
        for l, cl in zip(hidden, c):
            for i in range(w[l] - cl, w[l]):
                s, (r, cc) = off[f"W{l}"]
                z += [s + i * cc + j for j in range(cc)]
                if net.bias:
                    z.append(off[f"b{l}"][0] + i)
                s, (r2, c2) = off[f"W{l + 1}"]
                z += [s + k * c2 + i for k in range(r2)]
        return tuple(sorted(set(z)))

    def name(c):
        ws = list(w)
        for l, cl in zip(hidden, c):
            ws[l] -= cl
        return "widths " + "-".join(map(str, ws))

    def children(c):
        return [c[:t] + (c[t] + 1,) + c[t + 1:] for t, l in enumerate(hidden) if c[t] + 1 <= w[l] - 1]

    def describe(c):
        return name(c), ("network" if not any(c) else "neurons removed"), zeros(c)

    return _lattice(tuple([0] * len(hidden)), children, describe, sum, depth)


def _conv_specs(net, depth):
    ks = net.kernel_sizes
    offs = np.cumsum([0] + list(ks))

    def zeros(c):
        z = []
        for l, (a, b) in enumerate(c):
            z += [int(offs[l]) + j for j in range(a)]
            z += [int(offs[l]) + j for j in range(ks[l] - b, ks[l])]
        return tuple(sorted(z))

    def name(c):
        parts = []
        for l, (a, b) in enumerate(c):
            taps = ["0"] * a + ["*"] * (ks[l] - a - b) + ["0"] * b
            parts.append(f"w{l + 1}=({','.join(taps)})")
        return " ".join(parts)

    root = tuple((0, 0) for _ in ks)

    def children(c):
        out = []
        for l, (a, b) in enumerate(c):
            if a + b + 1 <= ks[l] - 1:
                out += [c[:l] + (d_ab,) + c[l + 1:] for d_ab in ((a + 1, b), (a, b + 1))]
        return out

    def describe(c):
        return name(c), ("network" if c == root else "filters shortened"), zeros(c)

    return _lattice(root, children, describe, lambda c: sum(a + b for a, b in c), depth)


def _attention_specs(net, depth):
    off = _offsets(net)
    a, Lyr = net.a, net.layers

    def zeros(c):
        z = []
        for i, ai in enumerate(c, start=1):
            for nm in (f"Q{i}", f"K{i}"):
                s, (ra, cd) = off[nm]
                for row in range(ai, a):
                    z += [s + row * cd + j for j in range(cd)]
        return tuple(sorted(z))

    root = tuple([a] * Lyr)

    def children(c):
        return [c[:i] + (c[i] - 1,) + c[i + 1:] for i in range(Lyr) if c[i] - 1 >= 1]

    def describe(c):
        kind = "network" if c == root else "attention rank dropped"
        return "attention ranks " + ",".join(map(str, c)), kind, zeros(c)

    out = _lattice(root, children, describe, lambda c: sum(a - x for x in c), depth)
    # rank-one network of the last layer with a single output row: V_L = K_L[0] (tie)
    if net.dout == 1:
        extra = []
        for s in out:
            if s.key[-1] == 1:
                sK, (_, cd) = off[f"K{Lyr}"]
                sV, _ = off[f"V{Lyr}"]
                ties = tuple((sV + j, sK + j) for j in range(cd))
                key = s.key + ("V=K",)
                nm = s.name + f", V{Lyr} = K{Lyr}[0] (rank-one network)"
                extra.append(_StratumSpec(key, nm, "rank-one network", s.zero, ties, (s.key,)))
        out += extra
    return out


def _generic_specs(net, depth):
    subs = [s for s in net.subnetworks() if hasattr(s.network, "zero")]
    root = _StratumSpec((), "network", "network", (), (), ())
    out, seen = [root], {(): root}
    frontier = [()]
    for _ in range(depth):
        nxt = []
        for key in frontier:
            base = set(seen[key].zero)
            for t, s in enumerate(subs):
                if t in key:
                    continue
                nk = tuple(sorted(key + (t,)))
                z = tuple(sorted(base | set(s.network.zero)))
                if nk in seen:
                    seen[nk] = _StratumSpec(nk, seen[nk].name, seen[nk].kind, seen[nk].zero, (), seen[nk].parents + (key,))
                    continue
                nm = "; ".join(subs[i].label for i in nk)
                seen[nk] = _StratumSpec(nk, nm, subs[nk[0]].kind, z, (), (key,))
                nxt.append(nk)
        frontier = nxt
    return list(seen.values())


def stratum_networks(net, depth: int = 2) -> list:
    """The structured degenerations of ``net`` as (spec, SlicedNetwork) pairs.

    Dense and linear networks: hidden neurons removed (by the permutation
    symmetry, which neurons does not matter); for polynomial activations
    also each weight matrix of rank one less (a :class:`FactoredNetwork`).
    Convolutional networks:
    filters shortened (leading or trailing taps set to zero). Attention:
    attention rank lowered (last rows of Q and K zero) and, for a single
    output row, the rank-one network V = K[0]. Other families: unions of the
    zero patterns of ``net.subnetworks()``. ``depth`` bounds the number of
    elementary degenerations.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> [s.name for s, _ in stratum_networks(parse_spec("conv k=2,2 r=2"), depth=1)]
    ['w1=(*,*) w2=(*,*)', 'w1=(0,*) w2=(*,*)', 'w1=(*,0) w2=(*,*)', 'w1=(*,*) w2=(0,*)', 'w1=(*,*) w2=(*,0)']
    """
    from algnet.architectures.attention import AttentionNetwork
    from algnet.architectures.conv import ConvNetwork
    from algnet.architectures.dense import DenseNetwork

    extra = []
    if isinstance(net, DenseNetwork) and not net.bias and net.act is None:
        specs = _dense_specs(net, depth)
        if net.r >= 2 and depth >= 1:  # a weight matrix of lower rank (not a zero pattern: factorized W = U V)
            root = specs[0].key
            for l in range(1, net.L + 1):
                rows, cols = net.widths[l], net.widths[l - 1]
                k = min(rows, cols) - 1
                if k >= 1:
                    sp = _StratumSpec(("rank", l, k), f"rank W{l} <= {k}", "layer rank dropped", (), (), (root,))
                    extra.append((sp, FactoredNetwork(net, f"W{l}", k, sp.name)))
    elif isinstance(net, ConvNetwork):
        specs = _conv_specs(net, depth)
    elif isinstance(net, AttentionNetwork):
        specs = _attention_specs(net, depth)
    else:
        specs = _generic_specs(net, depth)
    return [(s, SlicedNetwork.from_constraints(net, s.zero, s.ties, s.name)) for s in specs] + extra


# ======================================================== exact primitives
def _sample_points(net, seed):
    """Unisolvent integer inputs (exact) and well-scaled float inputs (numerical)."""
    monos = net.output_monomials()
    _, pts = _unisolvent(net.n_inputs, monos, ModP(2**27 - 39), seed)
    X = pts.reshape((len(monos),) + tuple(net.input_shape))
    rng = np.random.default_rng(seed + 7)
    Xn = rng.standard_normal((len(monos) + 4,) + tuple(net.input_shape))
    return X, Xn


def _exact_values(net, theta, X):
    th = np.array([_q(t) for t in np.asarray(theta, dtype=object).ravel()], dtype=object)
    return net.evaluate(th, X, backend=Exact()).ravel()


def _exact_jac(net, theta, X):
    th = np.array([_q(t) for t in np.asarray(theta, dtype=object).ravel()], dtype=object)
    return np.asarray(net.jacobian(th, X, backend=Exact()), dtype=object)


def _q(t):
    if isinstance(t, (int, np.integer)):
        return int(t)
    if isinstance(t, Fraction):
        return t if t.denominator != 1 else int(t.numerator)
    return Fraction(t)


def _rank(A) -> int:
    A = np.asarray(A, dtype=object)
    if A.size == 0:
        return 0
    return rank_qq(A)


def _num_rank(A, tol=1e-7) -> int:
    if A.size == 0:
        return 0
    sv = np.linalg.svd(A, compute_uv=False)
    return int(np.sum(sv > tol * max(sv[0], 1e-300)))


def _clear_rank(A, gap=1e-4, tol=1e-9):
    """Numerical rank when the singular values show a clear gap, else None."""
    sv = np.linalg.svd(A, compute_uv=False)
    if sv.size == 0 or sv[0] == 0:
        return 0
    rel = sv / sv[0]
    r = int(np.sum(rel > tol))
    if r and rel[r - 1] < gap:
        return None
    return r


def _colspace(A, r):
    U, _, _ = np.linalg.svd(A, full_matrices=False)
    return U[:, :r]


# ------------------------------------------------------------- numerics
def _num_values(net, theta, Xn):
    return net.evaluate(np.asarray(theta, dtype=np.complex128), Xn, backend=Complex()).ravel()


def _num_jac(net, theta, Xn):
    return np.asarray(net.jacobian(np.asarray(theta, dtype=np.complex128), Xn, backend=Complex()))


def _lm(net, target, Xn, x0, fixed=None, iters=150, tol=1e-12, real=True):
    """Levenberg-Marquardt for net(theta) = target at Xn; returns (theta, relative residual)."""
    x = np.array(x0, dtype=np.float64 if real else np.complex128)
    scale = max(np.linalg.norm(target), 1e-300)
    free = np.ones(len(x), dtype=bool)
    if fixed is not None:
        free[list(fixed)] = False

    def resid(x):
        v = _num_values(net, x, Xn) - target
        return v.real if real else v

    r = resid(x)
    cost = np.linalg.norm(r)
    lam = 1e-3
    for _ in range(iters):
        if cost / scale < tol or not np.isfinite(cost):
            break
        J = _num_jac(net, x, Xn)[:, free]
        if real:
            J = J.real
        g = J.conj().T @ r
        A = J.conj().T @ J
        improved = False
        for _ in range(8):
            try:
                step = np.linalg.solve(A + lam * (np.diag(np.diag(A)) + 1e-12 * np.eye(len(A))), -g)
            except np.linalg.LinAlgError:
                lam *= 10
                continue
            xn = x.copy()
            xn[free] = x[free] + step
            rn = resid(xn)
            cn = np.linalg.norm(rn)
            if np.isfinite(cn) and cn < cost:
                x, r, cost = xn, rn, cn
                lam = max(lam / 5, 1e-12)
                improved = True
                break
            lam *= 8
        if not improved:
            break
    return x, cost / scale


def _pivot_columns(T, count, avoid=()):
    """Greedy well-conditioned column choice (QR with column pivoting)."""
    T = np.array(T, dtype=np.float64)
    cols = []
    for _ in range(count):
        norms = np.linalg.norm(T, axis=0)
        for j in avoid:
            norms[j] = -1
        for j in cols:
            norms[j] = -1
        j = int(np.argmax(norms))
        if norms[j] < 1e-9:
            break
        cols.append(j)
        v = T[:, j] / norms[j]
        T = T - np.outer(v, v @ T)
    return cols


def _snap(net, theta, target, Xn, X, exact_target, max_den=2000):
    """Move a numerical fiber point along the symmetry orbit to a point with
    small rational gauge coordinates, rationalize, and verify exactly."""
    T = np.asarray(net.symmetry_tangents(np.asarray(theta, dtype=np.complex128), backend=Complex())).real
    s = _num_rank(T) if T.size else 0
    cands = [np.asarray(theta, dtype=np.float64)]
    if s:
        G = _pivot_columns(T, s, avoid=[j for j in range(len(theta)) if abs(theta[j]) < 1e-6])
        x = np.array(theta, dtype=np.float64)
        for j in G:
            x[j] = np.sign(x[j]) * max(1.0, round(abs(x[j])))
        x2, res = _lm(net, target, Xn, x, fixed=G, iters=100)
        if res < 1e-10:
            cands.insert(0, x2)
    for c in cands:
        q = [Fraction(float(v)).limit_denominator(max_den) for v in c]
        q = [0 if abs(float(v)) < 1e-9 else v for v in q]
        try:
            if all(a == b for a, b in zip(_exact_values(net, q, X), exact_target)):
                return [_q(v) for v in q]
        except (ZeroDivisionError, OverflowError):
            continue
    return None


# ====================================================== limits of planes
def limit_tangent_plane(net, theta, direction, X=None, seed: int = 0):
    """Exact limit, as s -> 0, of the tangent plane d mu(R^N) at theta + s*direction.

    The Jacobian J(s) (values at unisolvent inputs) is a polynomial matrix in
    s; n columns independent for generic s are reduced over QQ[s] (replace a
    column by (sum c_i col_i)/s whenever the constant terms are dependent)
    until their constant terms are independent; those span the limit.

    Returns
    -------
    numpy object array of Fractions, shape (values, n): a basis of the limit plane.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("linear 2-1-2")          # rank <= 1 matrices; rank 0 at the origin
    >>> L = limit_tangent_plane(net, [0, 0, 0, 0], [1, 2, 3, 4])
    >>> L.shape                                    # a 3-plane in the 4 values of f at 2 inputs x 2 outputs
    (4, 3)
    """
    import flint

    if X is None:
        X, _ = _sample_points(net, seed)
    s = flint.fmpq_poly([0, 1])
    th = _obj_array([_fq(t) + _fq(d) * s for t, d in zip(np.asarray(theta, dtype=object).ravel(),
                                                         np.asarray(direction, dtype=object).ravel())])
    J = np.asarray(net.jacobian(th, X, backend=Exact()), dtype=object)
    m, N = J.shape
    Jp = [[J[i, j] if isinstance(J[i, j], flint.fmpq_poly) else flint.fmpq_poly([J[i, j]]) for j in range(N)]
          for i in range(m)]
    # pivot columns at a random s0
    s0 = flint.fmpq(7919, 104729)
    M0 = flint.fmpq_mat(m, N, [Jp[i][j](s0) for i in range(m) for j in range(N)])
    R, r = M0.rref()
    piv, row = [], 0
    for j in range(N):
        if row < r and R[row, j] != 0:
            piv.append(j)
            row += 1
    cols = [[Jp[i][j] for i in range(m)] for j in piv]
    n = len(cols)
    for _ in range(200 * max(n, 1)):
        B0 = [[c[i][0] if c[i].degree() >= 0 else flint.fmpq(0) for c in cols] for i in range(m)]
        K = kernel_qq(np.array([[Fraction(int(x.p), int(x.q)) for x in row] for row in B0], dtype=object)) if n else []
        if not K:
            return np.array([[Fraction(int(x.p), int(x.q)) for x in row] for row in B0], dtype=object).reshape(m, n)
        c = K[0]
        j = max(range(n), key=lambda t: (c[t] != 0, t))
        new = []
        for i in range(m):
            acc = flint.fmpq_poly(0)
            for t in range(n):
                if c[t] != 0:
                    acc += cols[t][i] * flint.fmpq(c[t].numerator, c[t].denominator)
            coeffs = acc.coeffs()
            new.append(flint.fmpq_poly(coeffs[1:]) if len(coeffs) > 1 else flint.fmpq_poly(0))
        cols[j] = new
    raise NumericalError("limit of tangent planes did not stabilise", hint="report this case")


def _obj_array(values):
    """1-D object array (numpy must not unpack polynomial entries)."""
    out = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        out[i] = v
    return out


def _fq(t):
    import flint

    t = _q(t)
    if isinstance(t, Fraction):
        return flint.fmpq(t.numerator, t.denominator)
    return flint.fmpq(int(t))


def _even_curve(net, theta, e, X):
    """True if mu(theta + s e) is an even polynomial in s with a nonzero s^2 term."""
    import flint

    s = flint.fmpq_poly([0, 1])
    th = _obj_array([_fq(t) + _fq(d) * s for t, d in zip(theta, e)])
    vals = net.evaluate(th, X, backend=Exact()).ravel()
    nonzero2 = False
    for v in vals:
        if not isinstance(v, flint.fmpq_poly):
            continue
        cs = v.coeffs()
        if any(cs[k] != 0 for k in range(1, len(cs), 2)):
            return False
        if len(cs) > 2 and cs[2] != 0:
            nonzero2 = True
    return nonzero2


# ===================================================== point analysis
@dataclass(frozen=True)
class PointAnalysis:
    """What the equation-free tests found at p = mu(theta).

    Attributes
    ----------
    rank : int
        Rank of the Jacobian of mu at theta (exact).
    dimension : int
        dim M.
    rank_drop : bool
        rank < dimension.
    fiber_exact, fiber_numerical : int
        Fiber points used: verified exactly over QQ / only numerically.
    branch_planes : int
        Distinct tangent planes of dimension n among the fiber points.
    span_dimension : int
        Dimension of the sum of the tangent planes d mu(R^N) over the fiber points.
    span_certified : bool
        The span dimension comes from exact fiber points and exact ranks.
    intersections : tuple of int
        dim(T_i cap T_j) for pairs of branch planes.
    limit_planes_differ : bool or None
        Result of the tangent-plane-limit test (None when not run).
    singular, nodal, boundary : bool or None
        None = not decided.
    status : str
        'smooth', 'singular' or 'boundary' (boundary takes precedence).
    decided_by : str
    proves : str
    certified : bool
        The singular/smooth verdict is a proof (exact).
    seed : int
    """

    rank: int
    dimension: int
    rank_drop: bool
    fiber_exact: int
    fiber_numerical: int
    branch_planes: int
    span_dimension: int
    span_certified: bool
    intersections: tuple
    limit_planes_differ: bool | None
    singular: bool | None
    nodal: bool | None
    boundary: bool | None
    status: str
    decided_by: str
    proves: str
    certified: bool
    seed: int

    def __repr__(self):
        nod = "" if self.nodal is None else (", nodal" if self.nodal else ", not nodal")
        return (f"PointAnalysis({self.status}{nod}; rank {self.rank}/{self.dimension}, "
                f"{self.branch_planes} branch plane(s), span {self.span_dimension}; decided by {self.decided_by}; "
                f"{'certified' if self.certified else 'not certified'})")


def _dead_sets(net, theta, X, p_exact, rng):
    """Maximal sets of zero parameters that can be changed freely without changing f (greedy, two orders)."""
    zero_idx = [i for i, t in enumerate(theta) if t == 0]
    found = []
    for order in (zero_idx, zero_idx[::-1]):
        D = []
        for i in order:
            trial = list(theta)
            for j in D + [i]:
                trial[j] = int(rng.integers(1, 6)) * int(rng.choice([-1, 1]))
            if all(a == b for a, b in zip(_exact_values(net, trial, X), p_exact)):
                D.append(i)
        if D and sorted(D) not in found:
            found.append(sorted(D))
    return found


def _planes_distinct_exact(J1, J2, n):
    return _rank(np.concatenate([J1, J2], axis=1)) > n


def analyze_point(net, theta, dimension: int | None = None, stratum_dimension: int | None = None,
                  search_spaces=None, starts: int = 6, seed: int = 0, boundary_test: bool = True,
                  X=None, Xn=None) -> PointAnalysis:
    """Equation-free singularity, node and boundary tests at p = mu(theta).

    Parameters
    ----------
    net : Network
    theta : sequence of int or Fraction
        An exact preimage of the point.
    dimension : int, optional
        dim M (computed when omitted).
    stratum_dimension : int, optional
        Dimension of the stratum through p. Nodes are called nodal only when
        every rank drop found lies on a full-rank branch, there are >= 2
        branch planes, and (when this is given) the planes meet pairwise
        exactly in a space of this dimension.
    search_spaces : list of Network, optional
        Parameter spaces (SlicedNetworks of ``net``) in which to search for
        further fiber points; the full parameter space is always searched.
    starts : int
        Random starts per search space.
    seed : int

    Returns
    -------
    PointAnalysis

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("linear 2-1-2")          # rank <= 1 matrices; the origin is singular
    >>> a = analyze_point(net, [0, 0, 0, 0], dimension=3, seed=0)
    >>> a.singular, a.certified, a.nodal
    (True, True, False)
    """
    net = parse_spec(net)
    rng = np.random.default_rng(seed)
    theta = [_q(t) for t in np.asarray(theta, dtype=object).ravel()]
    if len(theta) != net.n_params:
        raise ParameterError(f"{net.spec}: expected {net.n_params} parameters, got {len(theta)}",
                             hint="pass a flat vector in the order of net.param_shapes")
    if dimension is None:
        from algnet.analyses.dimension import dimension as _dim

        dimension = _dim(net, seed=seed).dimension
    n = dimension
    if X is None or Xn is None:
        X, Xn = _sample_points(net, seed)
    p_exact = _exact_values(net, theta, X)
    target = _num_values(net, [float(t) for t in theta], Xn)

    # ---- exact fiber points: theta and the dead-parameter families
    exact_pts = [theta]
    for D in _dead_sets(net, theta, X, p_exact, rng):
        for _ in range(3):
            t2 = list(theta)
            for j in D:
                t2[j] = int(rng.integers(1, 9)) * int(rng.choice([-1, 1]))
            exact_pts.append(t2)
    # ---- numerical fiber search (and snapping to exact points)
    num_pts = []
    spaces = [net] + list(search_spaces or [])
    scale = max(1.0, float(np.sqrt(np.mean([float(t) ** 2 for t in theta]))))
    for sp in spaces:
        for _ in range(starts):
            u0 = rng.standard_normal(sp.n_params) * scale
            u, res = _lm(sp, target, Xn, u0)
            if res > 1e-9:
                continue
            full = sp.embed(u) if hasattr(sp, "embed") else u
            full = np.asarray(full, dtype=np.float64)
            ex = _snap(net, full, target, Xn, X, p_exact)
            if ex is not None:
                exact_pts.append(ex)
            else:
                num_pts.append(full)

    # ---- tangent planes
    ex_J = [_exact_jac(net, t, X) for t in exact_pts]
    ex_rank = [_rank(J) for J in ex_J]
    rank0 = ex_rank[0]
    nu_J, nu_rank = [], []
    for t in num_pts:  # same exact sample points, float; keep only points with a clear numerical rank
        J = _num_jac(net, t, X)
        r = _clear_rank(J)
        if r is not None:
            nu_J.append(J)
            nu_rank.append(r)
    num_pts = [None] * len(nu_J)
    span_ex = _rank(np.concatenate(ex_J, axis=1))
    span_num = _num_rank(np.concatenate([J.astype(complex) for J in ex_J] + nu_J, axis=1)) if nu_J else span_ex
    # distinct full-rank planes
    full_ex = [J for J, r in zip(ex_J, ex_rank) if r == n]
    planes = []
    for J in full_ex:
        if all(_planes_distinct_exact(J, P, n) for P in planes):
            planes.append(J)
    planes_num = []
    for J, r in zip(nu_J, nu_rank):
        if r != n:
            continue
        Jf = J
        same = any(_num_rank(np.concatenate([Jf, P.astype(complex)], axis=1)) == n for P in planes) or \
            any(_num_rank(np.concatenate([Jf, P], axis=1)) == n for P in planes_num)
        if not same:
            planes_num.append(Jf)
    n_planes = len(planes) + len(planes_num)
    inter = []
    allp = [P.astype(complex) for P in planes] + planes_num
    for i in range(len(allp)):
        for j in range(i + 1, len(allp)):
            if i < len(planes) and j < len(planes):
                inter.append(2 * n - _rank(np.concatenate([planes[i], planes[j]], axis=1)))
            else:
                inter.append(2 * n - _num_rank(np.concatenate([allp[i], allp[j]], axis=1)))
    # rank-deficient planes not contained in a full-rank plane: unresolved rank drops
    unresolved = False
    for J, r in zip(ex_J, ex_rank):
        if r < n and not any(_rank(np.concatenate([J, P], axis=1)) == n for P in planes):
            if not any(_num_rank(np.concatenate([J.astype(complex), P], axis=1)) == n for P in planes_num):
                unresolved = True

    singular = None
    nodal = None
    decided, proves, certified = "none", "", False
    limit_differ = None
    if span_ex > n:
        singular, decided, certified = True, "fiber tangent spaces (exact)", True
        proves = (f"exact fiber points whose tangent planes span {span_ex} > {n} dimensions: the Zariski "
                  f"tangent space of the closure at p has dimension >= {span_ex}, so p is singular")
    elif span_num > n:
        singular, decided = True, "fiber tangent spaces (numerical)"
        proves = (f"fiber points (some only numerical) whose tangent planes span {span_num} > {n} dimensions; "
                  "numerical evidence that p is singular")
    if singular is None and rank0 < n:
        # limits of tangent planes along random curves
        # limits along random lines through several exact fiber points (theta and its dead-parameter family)
        lims = []
        bases = [t for t, r in zip(exact_pts, ex_rank) if r < n][:4]
        for b in bases:
            for _ in range(2):
                d = [int(v) for v in rng.integers(-5, 6, size=net.n_params)]
                lims.append(limit_tangent_plane(net, b, d, X=X))
        limit_differ = any(_rank(np.concatenate([lims[0], L], axis=1)) > n for L in lims[1:])
        if limit_differ:
            singular, decided, certified = True, "limits of tangent planes (exact)", True
            proves = ("two exact limits of tangent planes along curves into p differ; at a smooth point of the "
                      "closure all limits equal its tangent space, so p is singular")
    if singular is True:
        if not unresolved and n_planes >= 2:
            # transversality (pairwise intersections = tangent space of the stratum) checked when its dimension is known
            nodal = stratum_dimension is None or all(d == stratum_dimension for d in inter)
        else:
            nodal = False
    if singular is None:
        if rank0 == n and n_planes == 1:
            singular, decided = False, "fiber tangent spaces"
            proves = ("mu has full rank at the fiber points found and they share one tangent plane: p is a "
                      "smooth point of the image of a neighbourhood of them (no other branch was found by the "
                      "numerical fiber search; not a proof that none exists)")
        elif not unresolved and n_planes == 1:
            singular, decided = False, "fiber tangent spaces"
            proves = ("the rank drops at p's preimage only inside a fiber family that also contains full-rank "
                      "points with one common tangent plane (smooth point reached through a degenerate "
                      "parametrization; no other branch found numerically)")
        else:
            singular, decided = False, "limits of tangent planes"
            proves = ("rank drop, but the exact limits of tangent planes along random curves agree: no "
                      "singularity detected (a smooth point reached through a degenerate parametrization, "
                      "or a singularity these tests do not see)")

    # ---- boundary witness at unresolved rank drops
    boundary = None
    if boundary_test and rank0 < n and unresolved:
        boundary = _boundary_witness(net, theta, ex_J[0], X, Xn, rng)
        if boundary:
            proves += ("; boundary: real points q(s) = mu(theta + i s e) of the Zariski closure tend to p "
                       "(exact realness) and the numerical search found no real preimage of them")
    status = "boundary" if boundary else ("singular" if singular else "smooth")
    return PointAnalysis(
        rank=rank0, dimension=n, rank_drop=rank0 < n, fiber_exact=len(exact_pts), fiber_numerical=len(num_pts),
        branch_planes=n_planes, span_dimension=max(span_ex, span_num), span_certified=span_ex >= span_num,
        intersections=tuple(inter), limit_planes_differ=limit_differ, singular=singular, nodal=nodal,
        boundary=boundary, status=status, decided_by=decided, proves=proves, certified=certified, seed=seed)


def _boundary_witness(net, theta, J0, X, Xn, rng, trials: int = 10) -> bool:
    """Look for a kernel direction e with mu(theta + s e) even in s whose
    imaginary curve q(s) = mu(theta + i s e) (real) has no real preimage."""
    N = net.n_params
    K = kernel_qq(J0)
    if not K:
        return False
    T = net.symmetry_tangents(theta, backend=Exact())
    T = np.asarray(T, dtype=object).reshape(-1, N)
    off = _offsets(net)
    names = list(off)
    cands = []
    # kernel vectors supported on pairs of parameter arrays, then random combinations
    groups = [(a, b) for i, a in enumerate(names) for b in names[i + 1:]] + [(a,) for a in names]
    for g in groups:
        cols = [j for nm in g for j in range(off[nm][0], off[nm][0] + prod(off[nm][1]))]
        Kg = kernel_qq(J0[:, cols])
        if not Kg:
            continue
        for kv in Kg:
            e = [Fraction(0)] * N
            for t, j in enumerate(cols):
                e[j] = kv[t]
            cands.append(e)
        for _ in range(2):
            c = [int(v) for v in rng.integers(-3, 4, size=len(Kg))]
            e = [Fraction(0)] * N
            for ci, kv in zip(c, Kg):
                for t, j in enumerate(cols):
                    e[j] += ci * kv[t]
            cands.append(e)
    for _ in range(2):
        c = [int(v) for v in rng.integers(-3, 4, size=len(K))]
        cands.append([sum(ci * kv[j] for ci, kv in zip(c, K)) for j in range(N)])
    rT = _rank(T) if T.size else 0
    tried = 0
    for e in cands:
        if all(v == 0 for v in e):
            continue
        if T.size and _rank(np.concatenate([T, np.array([e], dtype=object)], axis=0)) == rT:
            continue  # a symmetry direction
        if not _even_curve(net, theta, e, X):
            continue
        tried += 1
        ok = True
        for sval in (0.5, 0.25):
            th = np.array([float(t) + 1j * sval * float(d) for t, d in zip(theta, e)])
            q = _num_values(net, th, Xn)
            if np.max(np.abs(q.imag)) > 1e-8 * max(1.0, np.max(np.abs(q))):
                ok = False
                break
            q = q.real.astype(complex)
            best = np.inf
            scale = max(1.0, float(np.sqrt(np.mean([float(t) ** 2 for t in theta]))))
            for st in range(trials):
                x0 = (np.array([float(t) + sval * float(d) for t, d in zip(theta, e)]) if st == 0
                      else rng.standard_normal(N) * scale)
                _, res = _lm(net, q, Xn, x0, iters=200)
                best = min(best, res)
                if best < 1e-8:
                    break
            if best < 1e-6:
                ok = False
                break
        if ok:
            return True
        if tried >= 12:
            break
    return False


# ============================================================ strata
@dataclass(frozen=True)
class Stratum:
    """One subnetwork stratum and the nature of its generic image point.

    Attributes
    ----------
    name, kind : str
    key : tuple
        Canonical key (family-specific).
    parameters : int
        Free parameters of the stratum.
    dimension : int
        Dimension of its image (exact Jacobian rank via ``dimension``).
    dimension_certified : bool
    rank : int
        Rank of the parent's Jacobian at a generic point of the stratum.
    rank_drop : bool
        rank < dim M.
    status : str
        smooth / singular / boundary (of its generic image point in M).
    singular, nodal, boundary : bool or None
    decided_by, proves : str
    certified : bool
        The singular / smooth verdict is a proof (boundary verdicts are numerical
        evidence; ``as_dict()['status_certified']`` combines both).
    zero, ties : tuple
        The linear constraints on the parent's parameters.
    point : tuple
        The generic point used (parent parameters).
    """

    name: str
    kind: str
    key: tuple
    parameters: int
    dimension: int
    dimension_certified: bool
    rank: int
    rank_drop: bool
    status: str
    singular: bool | None
    nodal: bool | None
    boundary: bool | None
    branches: int
    decided_by: str
    proves: str
    certified: bool
    zero: tuple
    ties: tuple
    point: tuple

    def as_dict(self) -> dict:
        return {
            "name": self.name, "kind": self.kind, "parameters": self.parameters,
            "dimension": self.dimension, "dimension_certified": self.dimension_certified,
            "rank": self.rank, "rank_drop": self.rank_drop, "status": self.status,
            "singular": self.singular, "nodal": self.nodal, "boundary": self.boundary,
            "branches": self.branches, "decided_by": self.decided_by, "proves": self.proves,
            "certified": self.certified,
            "status_certified": self.certified and self.status != "boundary",
            "zero": list(self.zero), "ties": [list(t) for t in self.ties],
            "point": [str(v) for v in self.point],
        }


@dataclass(frozen=True)
class StrataResult:
    """The strata lattice of a network (a networkx DiGraph ordered by inclusion).

    ``graph`` has one node per stratum name with the attributes of
    :class:`Stratum`; an edge A -> B means B is a degeneration of A (its
    image lies in the closure of A's image).
    """

    spec: str
    dimension: int
    ambient: int
    strata: tuple
    graph: object = field(compare=False, repr=False)
    depth: int = 2
    seed: int = 0
    seconds: float = field(default=0.0, compare=False)

    def __repr__(self):
        sing = sum(1 for s in self.strata if s.status != "smooth")
        return (f"StrataResult({self.spec!r}: dim {self.dimension}, {len(self.strata)} strata, "
                f"{sing} singular or boundary; depth {self.depth}, seed {self.seed})")

    def as_dict(self) -> dict:
        edges = [[a, b] for a, b in self.graph.edges()]
        return {"spec": self.spec, "dimension": self.dimension, "ambient": self.ambient, "depth": self.depth,
                "seed": self.seed, "strata": [s.as_dict() for s in self.strata], "edges": edges}

    def table(self) -> str:
        """A plain-text table."""
        head = f"{'stratum':48s} {'params':>6s} {'dim':>4s} {'rank':>4s}  status"
        lines = [f"{self.spec}: dim M = {self.dimension}, ambient {self.ambient}", head, "-" * len(head)]
        for s in self.strata:
            nod = "" if s.nodal is None else (" (nodal)" if s.nodal else " (not nodal)")
            if s.status == "boundary":
                st = "boundary [numerical]" + ("; singular" + nod if s.singular else "")
            elif s.status == "singular":
                st = "singular" + nod
            else:
                st = "smooth"
            if s.rank_drop and s.status == "smooth" and s.dimension < self.dimension:
                st += " [rank drop]"
            cert = "" if s.certified else " ?"
            lines.append(f"{s.name[:48]:48s} {s.parameters:6d} {s.dimension:4d} {s.rank:4d}  {st}{cert}")
        lines.append("('?': not certified; see 'decided_by' and 'proves' in --json)")
        return "\n".join(lines)

    def plot(self, path=None, ax=None):
        """Draw the lattice (networkx + matplotlib), colored by status."""
        import matplotlib

        if path is not None and ax is None:
            matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
        import networkx as nx

        G = self.graph
        if ax is None:
            fig, ax = plt.subplots(figsize=(max(6, 1.8 * len(self.strata) ** 0.8), 5))
        else:
            fig = ax.figure
        pos = {}
        bydim = {}
        for s in self.strata:
            bydim.setdefault(s.dimension, []).append(s.name)
        for d, names in bydim.items():
            for i, nm in enumerate(names):
                pos[nm] = (i - (len(names) - 1) / 2, d)
        colors = {"smooth": "#8fbf8f", "singular": "#f0a040", "boundary": "#d04040"}
        st = {s.name: s for s in self.strata}
        nx.draw_networkx_edges(G, pos, ax=ax, arrows=True, edge_color="#999999")
        nx.draw_networkx_nodes(G, pos, ax=ax, node_color=[colors[st[v].status] for v in G.nodes],
                               node_size=500, edgecolors=["k" if st[v].nodal else "none" for v in G.nodes])
        labels = {v: f"{v}\n{st[v].status}" + (" nodal" if st[v].nodal else "") for v in G.nodes}
        nx.draw_networkx_labels(G, {k: (x, y - 0.28) for k, (x, y) in pos.items()}, labels, ax=ax, font_size=7)
        ax.set_ylabel("dimension of the image")
        ax.set_title(f"strata of {self.spec}\n(green smooth, orange singular, red boundary; ringed = nodal)",
                     fontsize=9)
        from matplotlib.ticker import MaxNLocator

        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(left=True, labelleft=True)
        ax.margins(0.2)
        if path is not None:
            fig.tight_layout()
            fig.savefig(path, dpi=120)
        return fig


def strata(net, depth: int = 2, seed=None, starts: int = 4, max_strata: int = 40, force: bool = False,
           show_progress: bool = False) -> StrataResult:
    """Subnetwork strata, their image dimensions, Jacobian ranks and the
    nature (smooth / singular / boundary) of their generic image points.

    Parameters
    ----------
    net : Network or str
    depth : int
        Maximal number of elementary degenerations combined.
    seed : int, optional
    starts : int
        Random starts of the numerical fiber search per parameter space.
    max_strata : int
        Refuse (TooLargeError) above this many strata unless ``force``.
    show_progress : bool

    Returns
    -------
    StrataResult

    Examples
    --------
    >>> from algnet import parse_spec
    >>> res = strata(parse_spec("linear 2-1-2"), seed=0)
    >>> [(s.name, s.dimension, s.rank) for s in res.strata]
    [('widths 2-1-2', 3, 3)]
    """
    import networkx as nx

    t0 = time.perf_counter()
    net = parse_spec(net)
    if not getattr(net, "polynomial", True):
        raise NotApplicableError(f"{net.spec} is not a polynomial network",
                                 hint="strata and singularities are defined here for polynomial networks")
    if seed is None:
        seed = secrets.randbits(20)
    from algnet.analyses.dimension import dimension as _dim

    pairs = stratum_networks(net, depth)
    if len(pairs) > max_strata and not force:
        raise TooLargeError(f"{net.spec}: {len(pairs)} strata at depth {depth} (limit {max_strata})",
                            strata=len(pairs), hint="lower depth=, or pass force=True")
    dimM = _dim(net, seed=seed)
    n = dimM.dimension
    X, Xn = _sample_points(net, seed)
    rng = np.random.default_rng(seed)
    dims = {}
    for sp, snet in pairs:
        dims[sp.key] = _dim(snet, seed=seed) if snet.n_params else None
    # search spaces: strata whose images have dimension at least the stratum's
    it = pairs
    if show_progress:
        from tqdm import tqdm

        it = tqdm(pairs, desc="strata")
    out = []
    G = nx.DiGraph()
    for sp, snet in it:
        dr = dims[sp.key]
        d = dr.dimension if dr is not None else 0
        u = [int(v) * int(s) for v, s in zip(rng.integers(1, 10, size=snet.n_params),
                                                rng.choice([-1, 1], size=snet.n_params))]
        theta = [int(v) for v in snet.embed(np.array(u, dtype=np.int64))] if snet.n_params else [0] * net.n_params
        if d == n:
            from algnet.analyses.dimension import local_rank

            rk = local_rank(net, theta, seed=seed).rank
            st = Stratum(sp.name, sp.kind, sp.key, snet.n_params, d, dr.certified, rk, rk < n, "smooth",
                         False, None, False, 1, "generic point",
                         "the stratum's image is dense in M, so its generic point is a generic point of M, "
                         "which is smooth (Sing is a proper closed subset); probabilistic in the choice of point"
                         + ("; the Jacobian drops rank there: a smooth point reached through a degenerate "
                            "parametrization" if rk < n else ""),
                         False, sp.zero, sp.ties, tuple(theta))
        else:
            spaces = [s2 for sp2, s2 in pairs if sp2.key != sp.key and dims[sp2.key] is not None
                      and dims[sp2.key].dimension >= d and sp2.key != pairs[0][0].key]
            a = analyze_point(net, theta, dimension=n, stratum_dimension=d, search_spaces=spaces,
                              starts=starts, seed=seed, X=X, Xn=Xn)
            st = Stratum(sp.name, sp.kind, sp.key, snet.n_params, d, dr.certified if dr else True, a.rank,
                         a.rank_drop, a.status, a.singular, a.nodal, a.boundary, a.branch_planes, a.decided_by,
                         a.proves, a.certified, sp.zero, sp.ties, tuple(theta))
        out.append(st)
        G.add_node(st.name, **{k: v for k, v in st.as_dict().items() if k in ("dimension", "status", "rank")})
    byk = {sp.key: sp.name for sp, _ in pairs}
    for sp, _ in pairs:
        for pk in sp.parents:
            if pk in byk:
                G.add_edge(byk[pk], sp.name)
    return StrataResult(net.spec, n, net.ambient_dimension, tuple(out), G, depth, int(seed),
                        time.perf_counter() - t0)


def rank_drop_locus(res: StrataResult) -> list[dict]:
    """The strata on which the Jacobian of mu drops rank, and what their image points are.

    Each entry: name, rank, dimension of M, and ``nature``: 'singular point',
    'boundary point' or 'smooth point through a degenerate parametrization'
    (the source of spurious critical points of the loss).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> [d["nature"] for d in rank_drop_locus(strata(parse_spec("linear 3-2-3"), seed=0))]
    ['singular point']
    """
    out = []
    for s in res.strata:
        if not s.rank_drop:
            continue
        nature = {"boundary": "boundary point", "singular": "singular point"}.get(
            s.status, "smooth point through a degenerate parametrization")
        out.append({"name": s.name, "rank": s.rank, "dimension": res.dimension, "nature": nature,
                    "certified": s.certified and s.status != "boundary"})
    return out


# ============================================================ is_singular
@dataclass(frozen=True)
class SingularityResult:
    """Verdict of :func:`is_singular` at one point of function space.

    ``decided_by`` names the test ('equations (Jacobian criterion)',
    'fiber tangent spaces (exact)', 'limits of tangent planes (exact)', ...)
    and ``proves`` says what it proves.
    """

    spec: str
    singular: bool | None
    status: str
    nodal: bool | None
    boundary: bool | None
    decided_by: str
    proves: str
    certified: bool
    equation_rank: int | None
    codimension: int
    analysis: PointAnalysis | None
    seed: int

    def __repr__(self):
        verdict = {True: "singular", False: "smooth", None: "undecided"}[self.singular]
        nod = "" if self.nodal is None else (", nodal" if self.nodal else ", not nodal")
        return (f"SingularityResult({self.spec!r}: {verdict}{nod}; status {self.status}; by {self.decided_by}; "
                f"{'certified' if self.certified else 'not certified'}; seed {self.seed})")


def _equation_rank(equations, variables, point):
    """Rank over QQ of the Jacobian of sympy equations at an exact point."""
    import sympy

    subs = {v: sympy.Rational(x.numerator, x.denominator) if isinstance(x, Fraction) else sympy.Integer(int(x))
            for v, x in zip(variables, point)}
    rows = []
    for g in equations:
        val = sympy.sympify(g).subs(subs)
        if val != 0:
            raise ParameterError("an equation does not vanish at the point", hint="the point is not on the variety")
        rows.append([_to_frac(sympy.diff(g, v).subs(subs)) for v in variables])
    return _rank(np.array(rows, dtype=object)) if rows else 0


def _to_frac(x):
    import sympy

    x = sympy.Rational(x)
    return Fraction(int(x.p), int(x.q))


def _implicit_equations(net, max_degree, seed):
    """Equations from :func:`algnet.analyses.implicit.implicitize` (imported lazily):
    (sympy expressions, coordinate symbols, complete_up_to_degree), or None when the
    module is absent or refuses the network."""
    try:
        from algnet.analyses.implicit import implicitize
    except ImportError:
        return None
    import sympy

    from algnet.errors import AlgnetError

    try:
        res = implicitize(net, max_degree=max_degree, seed=seed)
    except AlgnetError:
        return None
    syms = [sympy.Symbol(n) for n in res.coordinate_names]
    return res.to_sympy(), syms, res.complete_up_to_degree


def is_singular(net, f=None, theta=None, equations=None, variables=None, complete: bool = False,
                use_implicit: bool = True, max_degree: int = 4, seed: int = 0, starts: int = 8) -> SingularityResult:
    """Decide whether a point f of the neuromanifold is singular.

    Parameters
    ----------
    net : Network or str
    f : list, optional
        Function-space coordinates (as returned by ``net.coefficients``; one
        list per output, or flat).
    theta : sequence, optional
        An exact preimage (recommended; otherwise one is searched numerically
        and snapped to rationals).
    equations, variables : optional
        Implicit equations (sympy expressions in ``variables``, ordered like
        the flattened coordinates). With ``complete=True`` they generate the
        ideal of the closure, so a rank deficit proves singularity.
    use_implicit : bool
        Ask :mod:`algnet.analyses.implicit` for the equations up to
        ``max_degree`` (when no ``equations`` are given). Their Jacobian
        having rank = codim proves smoothness; a smaller rank proves
        singularity only if the ideal is generated in degree <= max_degree,
        which is not known, so it is then reported together with the
        equation-free tests.
    seed, starts : int

    Returns
    -------
    SingularityResult

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("linear 3-2-3")               # rank <= 2 matrices
    >>> r = is_singular(net, theta=[1, 0, 0, 0, 0, 0,  1, 0, 0, 1, 0, 0])   # a rank-one matrix
    >>> r.singular, r.certified
    (True, True)
    """
    net = parse_spec(net)
    from algnet.analyses.dimension import dimension as _dim

    n = _dim(net, seed=seed).dimension
    c = net.ambient_dimension - n
    X, Xn = _sample_points(net, seed)
    if theta is None:
        if f is None:
            raise ParameterError("give a point: f= (coefficients) or theta= (a preimage)",
                                 hint="theta= is faster and exact")
        theta = _find_preimage(net, f, X, Xn, seed, starts)
    theta = [_q(t) for t in np.asarray(theta, dtype=object).ravel()]
    coords = [_q(v) for row in net.coefficients(theta) for v in row]
    eq_rank, eq_source = None, "given equations"
    if equations is None and use_implicit:
        got = _implicit_equations(net, max_degree, seed)
        if got is not None:
            equations, variables, upto = got
            eq_source = f"implicitize equations (complete up to degree {upto})"
            complete = False
    if equations is not None:
        if variables is None:
            raise ParameterError("equations need their variables", hint="pass variables=[symbols...]")
        eq_rank = _equation_rank(equations, variables, coords)
        if eq_rank == c:
            return SingularityResult(net.spec, False, "smooth", None, None,
                                     f"equations (Jacobian criterion; {eq_source})",
                                     f"the Jacobian of equations vanishing on M has rank {c} = codim at f: "
                                     "f is a smooth point of the closure", True, eq_rank, c, None, seed)
    a = analyze_point(net, theta, dimension=n, seed=seed, X=X, Xn=Xn, starts=starts)
    if eq_rank is not None and complete:
        return SingularityResult(net.spec, True, "boundary" if a.boundary else "singular", a.nodal, a.boundary,
                                 "equations (Jacobian criterion)",
                                 f"the Jacobian of generators of the ideal has rank {eq_rank} < codim {c}: "
                                 "f is singular", True, eq_rank, c, a, seed)
    if eq_rank is not None and not a.certified:
        return SingularityResult(net.spec, True, "boundary" if a.boundary else "singular", a.nodal, a.boundary,
                                 f"equations (Jacobian criterion; {eq_source})",
                                 f"the Jacobian of the known equations has rank {eq_rank} < codim {c}: f is "
                                 "singular if the ideal is generated by them (not proved); equation-free tests: "
                                 + a.proves, False, eq_rank, c, a, seed)
    proves = a.proves
    if eq_rank is not None:
        proves += f"; the known equations agree (Jacobian rank {eq_rank} < codim {c})"
    return SingularityResult(net.spec, a.singular, a.status, a.nodal, a.boundary, a.decided_by, proves,
                             a.certified, eq_rank, c, a, seed)


def _find_preimage(net, f, X, Xn, seed, starts):
    from algnet.core.monomials import evaluate_monomials

    flat = [_q(v) for v in np.asarray(f, dtype=object).ravel()]
    monos = net.output_monomials()
    if len(flat) != net.ambient_dimension:
        raise ParameterError(f"expected {net.ambient_dimension} coordinates, got {len(flat)}",
                             hint="use the order of net.coordinate_names()")
    C = np.array(flat, dtype=object).reshape(net.n_outputs, len(monos))
    Vx = evaluate_monomials(X.reshape(len(X), -1), monos, Exact())
    p_exact = (np.asarray(Vx, dtype=object) @ C.T).ravel()
    Vn = np.array([[np.prod(np.asarray(x, dtype=float) ** np.array(m)) for m in monos]
                   for x in Xn.reshape(len(Xn), -1)])
    target = (Vn @ C.astype(float).T).ravel().astype(complex)
    rng = np.random.default_rng(seed)
    for _ in range(starts * 4):
        u, res = _lm(net, target, Xn, rng.standard_normal(net.n_params))
        if res < 1e-10:
            ex = _snap(net, u, target, Xn, X, p_exact)
            if ex is not None:
                return ex
    raise NumericalError("no exact preimage of f was found", hint="pass theta= (a preimage) explicitly")
