"""Upper bounds on dim M from vector fields in the kernel of the Jacobian.

If polynomial vector fields v_1, ..., v_k on parameter space satisfy
J_mu(theta) v_i(theta) = 0 identically (every output's derivative along v_i
vanishes as a polynomial), then at a generic theta the kernel of J_mu has
dimension at least the rank of (v_1(theta), ..., v_k(theta)), which is at
least their rank at any one point. Hence

    dim M = generic rank of J_mu <= N - rank(v_1(theta*), ..., v_k(theta*))

for any integer point theta* (a rank modulo p is a lower bound of the rank
over QQ, so using it keeps the bound proved).

The fields are found, not assumed: the network's outputs are graded by the
diagonal torus of parameter rescalings under which each output coefficient
is an eigenvector (:meth:`Expansion.characters`); that torus maps kernel
fields to kernel fields, so their weight components are kernel fields too.
For each weight, the fields whose components are polynomials of degree <= e
in theta with that weight solve a small linear system (their values at
random points mod p must lie in the Jacobian's kernel); its solutions in
canonical (reduced) form are lifted to QQ by rational reconstruction, and
each lifted field is **proved** to be a kernel field by exact expansion
(sum_j v_j d f_o / d theta_j = 0 in QQ[theta, x], flint). The known
symmetries of the architecture are rediscovered this way (degree-1 fields);
fields that are not in their span at theta* are reported as *hidden
symmetries*, with their formulas.

Examples
--------
>>> from algnet import parse_spec
>>> res = kernel_fields(parse_spec("dense 3-2-1 r=2"), target=3, seed=0)
>>> res.rank, len(res.hidden)            # two rescalings and one hidden rotation
(3, 1)
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations_with_replacement

import numpy as np

from algnet.analyses.bounds.symbolic import Expansion
from algnet.core.crt import crt_vector, rational_reconstruction
from algnet.core.linalg import rank_mod_p
from algnet.analyses.shared import network_primes
from algnet.errors import ReconstructionError

__all__ = ["KernelFields", "kernel_fields"]

#: Largest number of (component, monomial) unknowns enumerated per degree.
MAX_UNKNOWNS = 400_000
#: The same without a grading (no expansion to read the characters from: one linear system for all
#: unknowns of a degree, so kept small).
MAX_UNGRADED_UNKNOWNS = 1_200


@dataclass(frozen=True)
class KernelFields:
    """Polynomial vector fields proved to lie in the kernel of the Jacobian of mu.

    Attributes
    ----------
    fields : tuple of dict
        Each field maps a parameter index j to its component, a dict
        ``{monomial (tuple of parameter indices): Fraction}``.
    rank : int
        Rank modulo ``prime`` of the fields at the integer point ``point``:
        dim M <= n_params - rank is proved.
    hidden : tuple of int
        Indices (into ``fields``) of the fields outside the span of the known
        symmetry tangents at ``point``.
    formulas : tuple of str
        The hidden fields written out (``d W1[0,1] = ...``), when short.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> res = kernel_fields(parse_spec("linear 1-1-1"), target=1)       # f = w2 w1 x: the rescaling w1 d/dw1 - w2 d/dw2
    >>> isinstance(res, KernelFields), res.rank, res.hidden
    (True, 1, ())
    """

    spec: str
    n_params: int
    fields: tuple
    rank: int
    hidden: tuple
    formulas: tuple
    prime: int
    point: tuple = field(repr=False, default=())
    max_degree: int = 2

    @property
    def upper_bound(self) -> int:
        return self.n_params - self.rank


def _monomials(N, e, variables=None):
    """Monomials of degree <= e (tuples of parameter indices) in ``variables`` (default all N parameters)."""
    out = [()]
    for d in range(1, e + 1):
        out += list(combinations_with_replacement(range(N) if variables is None else variables, d))
    return out


def _mvals(theta, monos, p):
    """Values mod p of the monomials at points theta (T, N) -> (T, M)."""
    T = theta.shape[0]
    out = np.ones((T, len(monos)), dtype=np.int64)
    for i, m in enumerate(monos):
        v = np.ones(T, dtype=np.int64)
        for k in m:
            v = v * theta[:, k] % p
        out[:, i] = v
    return out


class _Pool:
    """Random points mod p with their Jacobian sketches and monomial values."""

    def __init__(self, net, monos, p, rng, rows, restricted=False):
        self.net, self.monos, self.p, self.rng, self.rows = net, monos, p, rng, rows
        self.restricted = restricted
        self.theta = np.zeros((0, net.n_params), dtype=np.int64)
        self.J = np.zeros((0, rows, net.n_params), dtype=np.int64)
        self.mv = np.zeros((0, len(monos)), dtype=np.int64)

    def ensure(self, T):
        from algnet.analyses.dimension import jacobian_sketch

        if T <= self.theta.shape[0]:
            return
        k = T - self.theta.shape[0]
        th = self.rng.integers(0, self.p, size=(k, self.net.n_params), dtype=np.int64)
        Js = np.stack([jacobian_sketch(self.net, t, self.rows, self.p, self.rng) % self.p for t in th])
        self.theta = np.concatenate([self.theta, th])
        self.J = np.concatenate([self.J, Js])
        self.mv = np.concatenate([self.mv, _mvals(th, self.monos, self.p)])

    def kernel(self, js, ms, per_point):
        key = (js.tobytes(), ms.tobytes(), per_point)
        memo = self.__dict__.setdefault("_memo", {})
        if key not in memo:        # _prove_row asks again for each row it lifts with this prime
            memo[key] = self._kernel(js, ms, per_point)
        return memo[key]

    def _kernel(self, js, ms, per_point):
        U = len(js)
        eff = max(1, min(per_point, len(set(js.tolist()))))  # equations per point: at most the distinct components
        if self.restricted:
            # fields moving some parameters only: a point gives at most the rank of the Jacobian's columns
            # of those parameters (fewer than per_point: too few points would leave spurious kernel rows)
            self.ensure(1)
            eff = max(1, min(eff, rank_mod_p(self.J[0][:, np.unique(js)], self.p)))
        T = -(-(U + 8) // eff) + 1
        S = self._system(T, js, ms)
        if self.restricted:
            # the points' equations are not independent enough there: add points until the rank stops growing
            # (attention d=3,3,2 a=1,2 t=2, degree 1 on the last layer: kernel 49 at 60 points, 7 from 90 on)
            r = rank_mod_p(S, self.p)
            while True:
                T += max(4, T // 2)
                S = self._system(T, js, ms)
                r, prev = rank_mod_p(S, self.p), r
                if r == prev or r == U:
                    break
        return _kernel(S, self.p)

    def _system(self, T, js, ms):
        self.ensure(T)
        S = self.J[:T][:, :, js] * self.mv[:T][:, None, ms] % self.p
        return S.reshape(T * self.rows, len(js))


def _kernel(S, p):
    """Canonical kernel basis mod p (rows) and the free column of each row."""
    from algnet.core.linalg import rref_mod_p

    R, r = rref_mod_p(S, p)
    piv = [int(np.flatnonzero(R[i])[0]) for i in range(r)]
    free = [j for j in range(S.shape[1]) if j not in set(piv)]
    K = np.zeros((len(free), S.shape[1]), dtype=np.int64)
    for t, f in enumerate(free):
        K[t, f] = 1
        for i, pc in enumerate(piv):
            K[t, pc] = (-R[i, f]) % p
    return K, free


def _lift(rows, primes):
    """Rational reconstruction of kernel rows computed modulo several primes."""
    if len(rows) == 1:
        return [rational_reconstruction(int(v), primes[0]) for v in rows[0]]
    lifted, M = crt_vector(rows, primes)
    return [rational_reconstruction(int(v), M) for v in lifted]


def _verify(ex: Expansion, fld: dict) -> bool:
    """Exact: sum_j v_j d f_o / d theta_j == 0 for every output o."""
    comps = {j: ex.poly(t) for j, t in fld.items()}
    for o in range(len(ex.polys)):
        total = None
        for j, vj in comps.items():
            t = vj * ex.derivative(o, j)
            total = t if total is None else total + t
        if total is not None and not total.is_zero():
            return False
    return True


def _value(fld: dict, theta, N, p):
    v = np.zeros(N, dtype=np.int64)
    for j, terms in fld.items():
        s = 0
        for m, c in terms.items():
            t = c.numerator * pow(c.denominator, -1, p)
            for k in m:
                t = t * int(theta[k]) % p
            s += t
        v[j] = s % p
    return v


def _formula(fld, names, max_terms=12):
    parts = []
    nterms = sum(len(t) for t in fld.values())
    if nterms > max_terms:
        return f"{len(fld)} components, {nterms} terms"
    for j, terms in sorted(fld.items()):
        s = " + ".join({1: "", -1: "-"}.get(c, f"{c}*") + ("*".join(names[k] for k in m) or "1")
                       for m, c in sorted(terms.items()))
        parts.append(f"d {names[j]} = {s.replace('+ -', '- ')}")
    return "; ".join(parts)


def kernel_fields(net, target: int, seed=0, max_degree: int = 2, expansion: Expansion | None = None,
                  primes=None, deadline: float | None = None, verify=None, columns=None,
                  start_known: bool = False, start_rows=None, moved_only: bool = False) -> KernelFields:
    """Find and prove polynomial kernel fields of J_mu until their rank reaches ``target``.

    Parameters
    ----------
    net : Network
    target : int
        Stop when the proved fields have this rank at the check point
        (``n_params - lower bound on dim M``).
    seed : int
    max_degree : int
        Largest degree in theta of the field components.
    expansion : Expansion, optional
        A precomputed symbolic expansion of ``net``.
    deadline : float, optional
        ``time.process_time()`` value (CPU seconds, so that the fields found do not depend on the
        machine's load) after which the search stops (the
        fields proved so far still give a proved, weaker bound).
    verify : callable, optional
        ``verify(field) -> bool``, an exact proof that a field lies in the kernel (default: the exact
        expansion of ``expansion``). With ``verify`` and no ``expansion`` the unknowns are not graded
        (at most :data:`MAX_UNGRADED_UNKNOWNS` per degree).
    columns : sequence of int, optional
        The parameters the fields may move (default all); their components are still polynomials in all
        parameters.
    start_known : bool
        Count the known symmetry tangents at the check point first: ``rank`` is then the rank of the known
        tangents and the fields together, and only fields outside their span are kept (fields moving only
        ``columns`` cannot rediscover a symmetry that moves other parameters).
    start_rows : array, optional
        Values modulo the first prime, at the check point, of fields proved before (with ``start_known``):
        counted in ``rank`` first, like the known tangents (a second search after a cheaper one).
    moved_only : bool
        Components that are polynomials in the moved parameters (``columns``) only: far fewer unknowns
        without a grading (the fields of a layer on its input's image: attention d=3,3,3,2 a=1,2,2 t=2's
        last layer, degree 1: 342 unknowns, not 1,044).

    Returns
    -------
    KernelFields

    Examples
    --------
    >>> from algnet import parse_spec
    >>> kernel_fields(parse_spec("linear 2-1-2"), target=1).rank     # GL(1) at the hidden layer
    1
    """
    from algnet.architectures.spec import parse_spec

    net = parse_spec(net)
    ex = expansion if expansion is not None or verify is not None else Expansion.of(net)
    verify = verify or (lambda fld: _verify(ex, fld))
    N = net.n_params
    cols = np.arange(N) if columns is None else np.asarray(sorted(set(int(c) for c in columns)), dtype=np.int64)
    plist = list(primes or network_primes(net, 3))
    p = plist[0]
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 31]))
    point = rng.integers(0, p, size=N, dtype=np.int64)
    A = ex.characters().T if ex is not None else np.zeros((N, 1), dtype=np.int64)  # (N, q)
    limit = MAX_UNKNOWNS if ex is not None else MAX_UNGRADED_UNKNOWNS
    rows = min(N, net.ambient_dimension) + 2
    names = net.param_names()
    known = net.symmetry_tangents(point, p=p) % p if target else np.zeros((0, N), dtype=np.int64)
    selected, values = [], np.zeros((0, N), dtype=np.int64)
    rank = 0
    if start_known and known.shape[0]:
        values = known % p
    if start_rows is not None and len(start_rows):
        values = np.vstack([values, np.asarray(start_rows, dtype=np.int64) % p])
    skip = values.shape[0]
    rank = rank_mod_p(values, p) if skip else 0
    per_point = max(1, N - target)
    found = _Found(selected, values, rank)
    variables = [int(c) for c in cols] if moved_only else None
    for e in range(0, max_degree + 1):
        if found.rank >= target or (deadline is not None and time.process_time() > deadline):
            break
        monos = _monomials(N, e, variables)
        if len(cols) * len(monos) > limit:
            break
        pools = {q: _Pool(net, monos, q, _rng(seed, e, q, int(moved_only)), rows, restricted=columns is not None)
                 for q in plist}
        _search(found, e, monos, cols, A, pools, plist, point, verify, per_point, target, deadline)
    selected, values, rank = found.selected, found.values, found.rank
    hidden, formulas, span = [], [], known
    base = rank_mod_p(known, p) if known.shape[0] else 0
    values = values[skip:]
    for i, v in enumerate(values):
        stacked = np.vstack([span, v]) if span.shape[0] else v[None, :]
        r = rank_mod_p(stacked, p)
        if r > base:
            hidden.append(i)
            formulas.append(_formula(selected[i], names))
            span, base = stacked, r
    return KernelFields(net.spec, N, tuple(selected), rank, tuple(hidden), tuple(formulas), p,
                        tuple(int(t) for t in point), max_degree)


def _rng(seed, e, q, tag):
    """The random points' generator of a search (tag 1: components in the moved parameters only)."""
    return np.random.default_rng(np.random.SeedSequence([int(seed), e, q] + [1] * tag))


@dataclass
class _Found:
    """The proved fields so far, their values at the check point and their rank (with the known tangents)."""

    selected: list
    values: np.ndarray
    rank: int


def _search(found: _Found, e, monos, cols, A, pools, plist, point, verify, per_point, target, deadline):
    """The fields with components in ``monos`` (degree e), weight by weight: kernel rows modulo p lifted and
    proved (:func:`_prove_row`), kept when they raise ``found.rank``; stops at ``target`` or ``deadline``."""
    p, N = plist[0], len(point)
    mw = np.zeros((len(monos), A.shape[1]), dtype=np.int64)
    for i, m in enumerate(monos):
        for k in m:
            mw[i] += A[k]
    W = (mw[None, :, :] - A[cols][:, None, :]).reshape(len(cols) * len(monos), -1)
    _, inv = np.unique(W, axis=0, return_inverse=True)
    inv = inv.ravel()
    order = np.argsort(inv, kind="stable")
    groups = np.split(order, np.flatnonzero(np.diff(inv[order])) + 1)
    groups.sort(key=len)
    for g in groups:
        if found.rank >= target or (deadline is not None and time.process_time() > deadline):
            return
        js, ms = cols[g // len(monos)], g % len(monos)
        if e > 0 and max(len(monos[m]) for m in ms) < e:
            continue  # found at a lower degree already
        K, free = pools[p].kernel(js, ms, per_point)
        for row, fc in zip(K, free):
            fld = {}
            for u in np.flatnonzero(row):
                fld.setdefault(int(js[u]), {})[monos[int(ms[u])]] = Fraction(int(row[u]))
            if rank_mod_p(np.vstack([found.values, _value(fld, point, N, p)]), p) <= found.rank:
                continue
            proved = _prove_row(verify, pools, plist, js, ms, row, fc, monos, per_point)
            if proved is None:
                continue
            v = _value(proved, point, N, p)
            if rank_mod_p(np.vstack([found.values, v]), p) > found.rank:
                found.selected.append(proved)
                found.values = np.vstack([found.values, v])
                found.rank += 1
            if found.rank >= target:
                return


def _prove_row(verify, pools, plist, js, ms, row, fc, monos, per_point):
    """Lift one canonical kernel row (mod plist[0], free column ``fc``) to QQ and
    prove it exactly (``verify``); more primes (the same canonical row mod q) when needed."""
    residues = [row]
    for k in range(len(plist)):
        nz = sorted(set().union(*(set(np.flatnonzero(r)) for r in residues)))
        try:
            coefs = _lift([r[nz] for r in residues], plist[:k + 1])
        except ReconstructionError:
            coefs = None
        if coefs is not None:
            fld = {}
            for u, c in zip(nz, coefs):
                if c:
                    fld.setdefault(int(js[u]), {})[monos[int(ms[u])]] = c
            if fld and verify(fld):
                return fld
        if k + 1 >= len(plist):
            return None
        Kq, free_q = pools[plist[k + 1]].kernel(js, ms, per_point)
        if fc not in free_q:
            return None
        residues.append(Kq[free_q.index(fc)])
    return None
