"""Warm counts: a parameter homotopy from generic solutions computed once per network structure.

The gradient system G(phi; Q, u) = N^T J^T T^T Q (T v(c0 + N phi) - u) on a fixed slice is one family whose
parameters are the metric Q and the target u (:class:`MetricGradient`, recorded once: Q and u are registers
of its tape, not constants). Per network structure and loss kind ("generic": all Q; "frobenius": Q = I) the
first count solves it once by the small route of :mod:`.small` (a multihomogeneous or total-degree homotopy on the
slice drawn from :data:`STRUCTURE_SEED`, its trace test, Krawczyk certification of every point) at generic
parameters P* and keeps one point per critical image: E start points. P* is that count's own metric and target
with its generic complex target (:func:`_first_count`: its points are its answer, so the first count of a process
tracks no second homotopy, records no MetricGradient tape and certifies once), or random complex parameters of
the structure seed (:func:`warm_start`); any generic P* serves. Every later call
(:func:`warm_count`) draws its own Q and u from its seed, takes P*'s generic complex target p0 (a fresh one
where its metric is P*'s: :func:`~.warm_paths._call_target`) and only tracks those E points from P* to (Q, p0) (E paths,
none of them to a singular endpoint, in one kernel call below 16), certifies them, and classifies (the tracking,
checks and certification of one call: :mod:`.warm_call`).

Completeness (sound, stated in the result): a nonsingular solution of G(.; P) = 0 continues analytically to
every parameter near P (implicit function theorem), with its image, the full rank of d mu and the
transversality of the slice (open conditions); so no parameter has more nonsingular critical images than the
generic number E (Sommese and Wampler, *The numerical solution of systems of polynomials*, 2005, Thm. 7.1.1;
Morgan and Sommese 1989). E Krawczyk-certified solutions with pairwise disjoint image enclosures are
therefore all the critical images at (Q, p0), whichever paths led there (a path that jumped to another
solution does not matter): the per-call count is complete given E, and E is established once with the
guarantee of the small route (the trace test). A call that ends with fewer (a failed path, two paths on one
image, a point that fails Krawczyk's test) is answered by the full route instead.

What is cached per (network structure, loss kind): the slice, the sample inputs and coefficient map, the tape
of :class:`MetricGradient`, P* and the E start points. Drawn per call from its seed: Q (generic), the target u
(and the generic complex target p0 where Q is P*'s metric).

Across processes (:mod:`.structure_store`, like numba's kernel cache): the first solve of a structure writes E,
the points, P*, dim M, the family's arrays, the route's record, the structure seed, the date and the algnet
version to the user's cache directory (``ALGNET_CACHE_DIR``), keyed by the structure, the loss kind, the seed and a
hash of the source that determines the family and the points. A later process builds the family from the record
(checked against a recorded fingerprint), takes dim M from it (no rank computed) and the stored points as start
points (re-certified on the entry's first load, :mod:`.structure_store`): each count certifies its own endpoints,
and a loaded structure whose first count does not end with E
certified images is solved afresh at that count's parameters and rewritten (:func:`warm_count`), as a missing,
stale or unreadable entry is. The result's completeness text says where E came from ("loaded from the cache" or
"solved in this process").

Examples
--------
>>> import numpy as np
>>> from algnet.analyses.critical.loss import network_and_loss
>>> net, L, rng = network_and_loss("linear 2-1-2", "generic", seed=3)
>>> w = warm_start(net, "generic", 3)
>>> w.count                                   # the generic ED degree of 2 x 2 matrices of rank <= 1
6
>>> sol, p0, fam, cert = warm_count(net, L, 3, rng)
>>> sol.solutions.shape[0], cert.certified, cert.distinct, sol.complete
(6, 6, 6, True)
"""

from __future__ import annotations

import time

import numpy as np

import algnet.analyses.critical.structure_store as store
from algnet.analyses.critical.image_bound import STOP_PHRASE
from algnet.analyses.critical.loss import Loss, _generator, make_loss
from algnet.analyses.critical.multihom_family import layered_family
from algnet.analyses.critical.small import (choose_route, known_dimension, remember_dimension, remembered_dimension,
                                            route_probe)
from algnet.analyses.critical.structure_load import DeferredDraws
from algnet.analyses.critical.system import gradient_family
from algnet.analyses.critical.warm_call import warm_call as _warm_call
from algnet.analyses.critical.warm_paths import WarmSolution
from algnet.analyses.critical.warm_views import structure_copy
from algnet.homotopy.systems import System

__all__ = ["MetricGradient", "WarmStart", "warm_start", "known_structure", "warm_count", "warm_coefficients",
           "family_arrays", "checked_dimension", "STRUCTURE_SEED", "KINDS", "ROUTE"]

#: the random choices of the structure-level solve (slice, P*, its homotopy) are drawn from this seed
STRUCTURE_SEED = 20261203

#: loss kinds with a warm route: the generic metric (Q ranges over all symmetric matrices) and Q = I
KINDS = ("generic", "frobenius")

#: the ``route`` of a result counted by this module
ROUTE = "parameter homotopy"

_WARM: dict = {}


class MetricGradient(System):
    """G(phi; Q, u) of a :class:`~.system.GradientFamily` ``fam`` (its slice, sample inputs and coefficient
    map) with the metric Q (m x m, row-major) and the target u as parameters: p = (vec Q, u).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> from algnet.homotopy.tape import record
    >>> fam = example_family("linear 2-1-2", "generic")
    >>> MG = MetricGradient(fam)
    >>> phi = np.array([0.3, -0.2, 0.5]) + 0j
    >>> p = MG.parameters(fam.Q, fam.loss.u)
    >>> F = record(MG).evaluate(phi, p, np.zeros(MG.n_params))[0]
    >>> bool(np.allclose(F, fam.gradient(phi[None, :], fam.loss.u[None, :])[0]))
    True
    """

    def __init__(self, fam):
        self.fam = fam
        self.n_vars = int(fam.n_vars)
        self.m = int(fam.n_params)
        self.n_params = self.m * self.m + self.m

    def parameters(self, Q, u) -> np.ndarray:
        """The parameter vector (vec Q, u).

        Examples
        --------
        >>> from algnet.analyses.critical.system import example_family
        >>> MetricGradient(example_family("linear 2-1-2")).parameters(np.eye(4), np.arange(4.0)).shape
        (20,)
        """
        return np.concatenate([np.asarray(Q, dtype=np.complex128).reshape(-1),
                               np.asarray(u, dtype=np.complex128).reshape(-1)])

    def trace(self, x, p):
        from algnet.analyses.critical.system import _obj_matvec
        from algnet.homotopy.tape import TracerBackend

        fam, m = self.fam, self.m
        x = list(x)
        B = TracerBackend(x[0].b)
        X = np.empty(len(x), dtype=object)
        X[:] = x
        th = fam.c0.astype(object) + _obj_matvec(fam.N, X)
        E = getattr(fam, "_E", None)       # a network on a subspace of its parent's parameters: theta_parent = E theta
        if E is not None:
            th = _obj_matvec(E, th)
        net = fam.values.net
        Zt = np.empty(fam.values.Z.shape, dtype=object)
        Zt.reshape(-1)[:] = [B.const(complex(z)) for z in np.asarray(fam.values.Z).reshape(-1)]
        V = np.asarray(net.evaluate(th, Zt, backend=B), dtype=object).reshape(-1)
        y = _obj_matvec(fam.T, V)
        r = [y[a] - p[m * m + a] for a in range(m)]
        w = np.empty(m, dtype=object)
        for a in range(m):
            acc = 0
            for b in range(m):
                acc = acc + p[a * m + b] * r[b]
            w[a] = acc
        c = _obj_matvec(fam.T.T, w)                       # the cotangent of the values
        K, O = Zt.shape[0], net.n_outputs
        rows = np.asarray(net.jacobian(th, Zt, C=c.reshape(K, O), backend=B), dtype=object)
        g = np.array([sum(rows[:, i], 0) for i in range(rows.shape[1])], dtype=object)
        return list(_obj_matvec((fam.N if E is None else E @ fam.N).T, g))


class WarmStart:
    """The structure-level solve of :func:`warm_start`: ``fam`` (the slice family at P*), ``family`` (its
    :class:`MetricGradient`), ``X`` (E start points, one per critical image), ``P`` (P*), ``count`` (E),
    ``paths`` (paths the structure-level solve tracked), ``how`` (its route and completeness check, and where
    the points came from), ``seconds`` (its wall time, or the rebuild's), ``source`` ("solved": in this
    process; "cache": loaded from :mod:`.structure_store`), ``seed`` (the structure seed), ``checked`` (False for a
    loaded structure until a count has certified E images from its points), ``recorded_degree`` (the parameter
    degree of the network a loaded structure's record holds, None when none is recorded or it was solved here: the
    size estimate's, :mod:`~algnet.analyses.critical.estimate`, not computed again by a loading process).

    A plain class, not a dataclass: the class is made at the import of this module, which a new process's first count
    pays (a dataclass's generated methods: 0.5-0.7 ms).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> w = warm_start(parse_spec("dense 2-1-1 r=2"), "generic", 2)
    >>> w.count, w.X.shape[0], w.P.shape          # the conic's 3 d - 2 = 4
    (4, 4, (12,))
    >>> WarmStart(None, None, None, None, 2, 3, "how", 0.5, seed=7).seed
    7
    """

    def __init__(self, fam, family, X, P, count: int, paths: int, how: str, seconds: float, source: str = "solved",
                 seed: int = STRUCTURE_SEED, checked: bool = True, recorded_degree: int | None = None):
        self.fam, self.family, self.X, self.P, self.count, self.paths = fam, family, X, P, count, paths
        self.how, self.seconds, self.source, self.seed, self.checked = how, seconds, source, seed, checked
        self.recorded_degree = recorded_degree

    def __repr__(self):
        return (f"WarmStart(count={self.count!r}, paths={self.paths!r}, source={self.source!r}, seed={self.seed!r}, "
                f"checked={self.checked!r})")


def _key(net, kind):
    return (type(net).__module__, type(net).__name__, str(net.spec), int(net.n_params), kind)


def checked_dimension(net, dim, compute: bool = True):
    """``dim`` (dim M as a caller passes it to the warm route) as an int, after checking it against the network's
    own dimension: :func:`~.small.remembered_dimension` (the certified rank of
    :func:`algnet.analyses.network_input.network_dimension`, computed once per process and network, or recorded by
    a structure loaded from the store), computed here only with ``compute`` (else compared only when this process
    knows it). A structure solved on a slice of the wrong dimension has no finite set of generic critical points
    to count (or the wrong one), and its record would be read by every later count of the structure: a wrong
    ``dim`` is refused (:class:`~algnet.errors.ParameterError`), never solved or stored. A network on a subspace of
    another's parameters (no warm route) is not checked.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> checked_dimension(parse_spec("linear 3-1-3"), 5)
    5
    >>> checked_dimension(parse_spec("linear 3-1-3"), 4)
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: linear 3-1-3: dim M = 4 was given, but the neuromanifold has dimension 5 ...
    """
    from algnet.errors import ParameterError

    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)) or int(dim) < 0:
        raise ParameterError(f"{net.spec}: dim M must be a nonnegative integer, not {dim!r}",
                             hint="pass algnet.analyses.dimension.dimension(net).dimension")
    dim = int(dim)
    true = known_dimension(net, STRUCTURE_SEED if compute else None)
    if true is not None and true != dim:
        raise ParameterError(f"{net.spec}: dim M = {dim} was given, but the neuromanifold has dimension {true} "
                             "(the certified rank of its Jacobian)",
                             hint=f"pass dim={true}, as algnet.analyses.dimension.dimension(net) gives it; "
                                  "critical_points and ed_degree compute it themselves")
    return dim


_MISSING = object()
#: the store's "no entry" for the structure seed that :func:`known_structure` met, taken by the count that follows
#: (:func:`_from_store`): the file is not looked for twice (0.1 ms of a new structure's first count)
_MISS: dict = {}


class _Pending:
    """A structure drawn from ``seed`` (``built``: :func:`_structure_family`'s family, route and generator) and not
    yet solved: the first count solves it at its own metric and target (:func:`warm_count`). ``key`` and ``why``:
    its entry in :mod:`.structure_store` (None when the store is off) and why it was not read. (A plain class, as
    :class:`WarmStart`.)"""

    def __init__(self, built: tuple, seed: int, key, why: str):
        self.built, self.seed, self.key, self.why = built, seed, key, why

    @property
    def fam(self):
        return self.built[0]


def _structure(net, kind, dim):
    """What this process knows of the structure: a :class:`WarmStart` (solved, or loaded from the store), a
    :class:`_Pending` (not solved yet), or None (no warm route); kept in memory. ``dim``: dim M, or a function of
    no arguments that computes it, called only when the store has no entry (a stored structure records its
    dimension; a loaded one gives it to :func:`~.small.remembered_dimension`)."""
    if kind not in KINDS or (hasattr(net, "basis") and hasattr(net, "parent")):
        return None
    key = _key(net, kind)
    w = _WARM.get(key, _MISSING)
    if w is _MISSING or (isinstance(w, WarmStart) and w.source == "cache" and not store.enabled()):
        if len(_WARM) > 64:
            _WARM.clear()
        w = _WARM[key] = _from_store(net, kind, dim, STRUCTURE_SEED)
    return w


def known_structure(net, kind, dim):
    """The :class:`WarmStart` of ``net`` and the loss kind when this process holds it or the store has it for the
    structure seed (loaded, checked and kept as :func:`_structure` keeps it: the count that follows does not read
    it again), else None; nothing is drawn or solved. What the size estimate
    (:mod:`algnet.analyses.critical.estimate`) asks: a known structure's count is a parameter homotopy of its E
    points, not its small route (whose plan, at a new process's first count, costs the layer degrees and imports of
    the plan's modules).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> warm_start(parse_spec("linear 2-1-2"), "frobenius", 3).count
    2
    >>> net = parse_spec("linear 2-1-2")
    >>> known_structure(net, "frobenius", 3).count, known_structure(net, "data", 3)
    (2, None)
    """
    if kind not in KINDS or (hasattr(net, "basis") and hasattr(net, "parent")):
        return None
    # (compared with dim M when this process knows it; else with the stored record's, which is not used when it
    # differs: no rank computed for a structure the store has)
    dim = checked_dimension(net, dim, compute=False)
    key = _key(net, kind)
    w = _WARM.get(key, _MISSING)
    if isinstance(w, WarmStart) and not (w.source == "cache" and not store.enabled()):
        return w if w.fam.dimension == dim else None
    if w is not _MISSING and not isinstance(w, WarmStart):
        return None         # pending or without a warm route: the count decides
    _MISS.clear()
    state, w, skey, why = store.stored(net, kind, dim, STRUCTURE_SEED)
    if state != "loaded":
        if state == "missing" and why in ("no entry", "cache off"):      # (found nothing to read: whatever dim M)
            _MISS[_miss_key(net, kind, STRUCTURE_SEED, store)] = (skey, why)
        return None
    remember_dimension(net, w.fam.dimension)
    if len(_WARM) > 64:
        _WARM.clear()
    _WARM[key] = w
    return w


def _from_store(net, kind, dim, seed):
    """The structure from the store (loaded: :func:`.structure_store.stored`), else pending for ``seed``; the next
    structure seed after a failure recorded for this one (a far-out point lost on its slice, say); None after two,
    or where the small route does not apply (monodromy would run). ``dim``: as for :func:`_structure`."""
    known = None if callable(dim) else int(dim)
    for s in range(int(seed), STRUCTURE_SEED + 2):
        miss = _MISS.pop(_miss_key(net, kind, s, store), None) if _MISS else None
        state, w, skey, why = ("missing", None) + miss if miss is not None else store.stored(net, kind, known, s)
        if state == "loaded":
            remember_dimension(net, w.fam.dimension)
            return w
        if state == "missing":
            if known is None:
                known = int(dim())
            built = _structure_family(net, kind, known, s)
            return None if built is None else _Pending(built, s, skey, why)
    return None


def _miss_key(net, kind, seed, store):
    return _key(net, kind), int(seed), store.enabled(), store.cache_dir()


def _solve_pending(net, kind, dim, pend, call=None):
    """Solve a pending structure (:func:`_establish`; at the call's parameters given ``call`` = (loss, generator)),
    record it in the store and keep it in memory: returns :func:`_establish`'s result (None when not complete and
    certified). After a failure the next structure seed is pending; an interrupted solve records nothing."""
    from algnet.guards import sigint_count

    key, ctrl_c = _key(net, kind), sigint_count()
    out = _establish(net, kind, dim, pend.seed, pend.built, call)
    w = out[0] if isinstance(out, tuple) else out
    if w is None and (sigint_count() != ctrl_c or getattr(pend.fam, "establish_interrupted", False)):
        _WARM.pop(key, None)           # Ctrl-C: not a failure of this seed, solved again by a later call
        return None
    store.remember(pend.key, pend.why, pend.built, w, dim, pend.seed)
    _WARM[key] = w if w is not None else (_from_store(net, kind, dim, pend.seed + 1)
                                          if pend.seed < STRUCTURE_SEED + 1 else None)
    return out


def warm_start(net, kind: str, dim: int):
    """The :class:`WarmStart` of ``net`` and the loss kind (on the first call of the process read from the
    on-disk store, or computed at random complex parameters of the structure seed and stored;
    then kept in memory), or None when there is none: a loss kind outside :data:`KINDS`, a network on a subspace
    of another's parameters, a structure whose small route does not apply (monodromy would run), or a
    structure-level solve that was not complete and fully certified (for two structure seeds). With the store
    switched off (:func:`.structure_store.caching`) a structure kept from the store is solved afresh.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> warm_start(parse_spec("linear 2-1-2"), "frobenius", 3).count       # Eckart-Young: 2
    2
    >>> warm_start(parse_spec("linear 2-1-2"), "data", 3) is None
    True

    ``dim`` must be the network's dimension (:func:`checked_dimension`: another one is refused, never solved or
    stored).
    """
    if kind not in KINDS or (hasattr(net, "basis") and hasattr(net, "parent")):
        return None
    dim = checked_dimension(net, dim)
    w = _structure(net, kind, dim)
    while isinstance(w, _Pending):
        _solve_pending(net, kind, int(dim), w)
        w = _WARM.get(_key(net, kind))
    return w


def warm_coefficients(net, kind, seed):
    """The sample inputs and coefficient map (Z, T) of the warm structure of ``net`` and the loss kind, or None
    (no warm route for them): a call that will take the warm route draws only Q and u (Z and T are not part of
    the problem: the loss lives on the coefficients).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> Z, T = warm_coefficients(parse_spec("linear 2-1-2"), "generic", 0)
    >>> T.shape, warm_coefficients(parse_spec("linear 2-1-2"), "euclid", 0)
    ((4, 4), None)
    """
    if kind not in KINDS or (hasattr(net, "basis") and hasattr(net, "parent")) or not getattr(net, "polynomial", True):
        return None
    def dim():
        d = remembered_dimension(net, seed)
        if d == 0:
            raise _NoWarmRoute
        return d

    try:        # dim M computed only when the store has no entry (a stored structure records it)
        w = _structure(net, kind, dim)        # a pending structure is solved by the call (:func:`warm_count`)
    except Exception:       # the caller reports it (e.g. not applicable, a point)
        return None
    return None if w is None else (w.fam.loss.Z, w.fam.loss.T)


class _NoWarmRoute(Exception):
    """dim M is 0: no warm route (the caller reports it)."""


def _structure_family(net, kind, dim, seed, route=None, cut=None, stored=None, degree=None):
    """``(fam, route, rng)``: the slice family of the structure-level solve drawn from ``seed`` (the loss, then
    the slice: deterministic, so a later process rebuilds the same family) and the generator after those draws
    (with ``stored``: the :class:`~.structure_load.DeferredDraws` of the family's own draws), or None where the
    small route does not apply. ``route``: a stored structure's recorded route, not chosen
    again (its family's fingerprint, checked by :mod:`.structure_store`, differs for another route's slice);
    ``cut``: its recorded layered cut (:func:`~.multihom.layered_family`), the plan not chosen again (1 ms of a
    loaded linear 2-1-2's first count; its transversality is the full rank that every count checks at its
    points); ``stored``: with them, the family's arrays as :func:`family_arrays` gives them (a stored structure's,
    multihomogeneous route): not drawn again; ``degree``: the parameter degree the record holds (the bound its
    circle sizes are held to; None: the network's, computed)."""
    if stored is not None and route == "multihomogeneous" and cut is not None:
        # the slice is the record's: the family's own draws (the batched program's check point, the start direction)
        # are taken in order and computed only where read (no generator made for a loaded structure's count)
        rng = DeferredDraws(seed)

        # (the record's arrays themselves, of the family's dtypes: views of the one private copy the record was read
        # into, which nothing writes; a copy only of an array of another dtype)
        L = Loss(kind, *[np.asarray(stored[k], dtype=float) for k in ("fam.Z", "fam.T", "fam.Q", "fam.u")])
        # the recorded circle sizes of the Hessians (coordinate degrees: 0.2-0.4 ms of a new process's first count),
        # used only once the structure's tapes pass their identity check (:func:`.structure_store._rebuild`)
        # (never above the total degree; the record's when it holds one: what makes the circles this program's is
        # the tapes' identity check, the bound only refuses a record that contradicts itself)
        if degree is None:
            from algnet.analyses.critical.estimate import remembered_parameter_degree

            degree = remembered_parameter_degree(net)
        M = stored.get("fam.M")
        ok = M is not None and M.dtype == np.int64 and M.shape == (int(dim),)
        if ok:          # (a few ints: compared as Python ints, no numpy reductions)
            sizes = M.tolist()
            ok = min(sizes) >= 2 and max(sizes) <= max(2, int(degree))
        fam = layered_family(net, L, rng, dim, tuple(cut), slice=(np.asarray(stored["fam.N"], dtype=np.complex128),
                                                                  np.asarray(stored["fam.c0"], dtype=np.complex128)),
                             circles=M if ok else None)
        fam.circles_recorded = ok
        return fam, route, rng
    rng = _generator(seed)      # (its seeding state kept per process and seed: the same draws)
    L = make_loss(net, kind, None, rng)
    if route not in ("multihomogeneous", "total degree"):
        route = choose_route(route_probe(net, L, dim))
    if route == "monodromy":
        return None
    if route == "multihomogeneous":
        from algnet.analyses.critical.multihom import layered_plan

        fam = layered_family(net, L, rng, dim, layered_plan(net, dim) if cut is None else tuple(cut))
    else:
        fam = gradient_family(net, L, rng, dim)
    return fam, route, rng




def family_arrays(fam) -> dict:
    """The arrays a structure's family is drawn as (slice, sample inputs, coefficient map, metric, target), for its
    record in :mod:`.structure_store` (a later process builds the family from them, :func:`_structure_family`).

    Examples
    --------
    >>> from algnet.analyses.critical.system import example_family
    >>> sorted(family_arrays(example_family("linear 2-1-2", "generic")))
    ['fam.M', 'fam.N', 'fam.Q', 'fam.T', 'fam.Z', 'fam.c0', 'fam.u']
    """
    L = fam.loss
    return {"fam.N": fam.N, "fam.c0": fam.c0, "fam.Z": np.asarray(L.Z, dtype=float),
            "fam.T": np.asarray(L.T, dtype=float), "fam.Q": np.asarray(L.Q, dtype=float),
            "fam.u": np.asarray(L.u, dtype=float), "fam.M": np.asarray(fam.M, dtype=np.int64)}


def _establish(net, kind, dim, seed=STRUCTURE_SEED, built=None, call=None):
    """The structure-level solve (module doc) with the random choices of ``seed``; None when it is not complete
    and fully certified. ``built``: the result of :func:`_structure_family` for ``seed``, if already drawn.
    ``call`` = (loss, generator) of a count: solved at that loss's metric and target and a complex target drawn
    from the generator as :func:`warm_count` draws it, instead of the structure's own random parameters (any
    generic parameters serve as P*); then ``(WarmStart, (solution, p0, family, certification))``, the second the
    call's own answer."""
    from algnet.analyses.critical.paths import _full_rank
    from algnet.analyses.critical.refine import certify_points
    from algnet.analyses.critical.small import small_slice

    t0 = time.perf_counter()
    built = built or _structure_family(net, kind, dim, seed)
    if built is None:
        return None
    sfam, route, rng = built
    fam = sfam
    if call is not None:
        L, rng = call
        fam = structure_copy(sfam, Loss(kind, sfam.loss.Z, sfam.loss.T, L.Q, L.u))
    sol, p0 = small_slice(fam, rng, route)
    if sol.partial:     # Ctrl-C: not a failure of this seed (:mod:`.structure_store` records none)
        sfam.establish_interrupted = True
        return None
    if not sol.complete or not sol.solutions.shape[0]:
        return None
    X = sol.solutions
    full, crit = _full_rank(fam, X, dim)
    X = X[full & crit]
    cert = certify_points(fam, X, p0, key_ball=fam.image_ball, key_interval=fam.image_interval, refine=False)
    if not X.shape[0] or cert.certified != X.shape[0] or cert.distinct != X.shape[0]:
        return None
    family = MetricGradient(sfam)
    where = "a count's metric and complex target" if call is not None else "random complex parameters"
    if getattr(sol, "bound", None):     # the small route stopped at the proven bound on its critical images
        check = f"no trace test, {STOP_PHRASE} {sol.bound[0]}"
    elif sol.trace is None:
        check = "every tracked path ended at a point of its own, no trace test"
    else:
        check = f"trace test residual {sol.trace.residual:.1e}"
    how = f"{route} homotopy at {where} (seed {seed}; {sol.paths} paths, {check}), all {X.shape[0]} points certified"
    w = WarmStart(sfam, family, cert.centers, family.parameters(fam.Q, p0), int(X.shape[0]), int(sol.paths), how,
                  time.perf_counter() - t0, "solved", int(seed))
    return w if call is None else (w, (sol, p0, fam, cert))


def warm_count(net, L, dim: int, rng, certify: bool = True):
    """The critical points of the loss ``L`` at a generic complex target by the warm route (module doc):
    ``(solution, p0, family, certification)``, or None when the route does not apply or the call did not end
    with E distinct (certified, with ``certify``) critical images -- the caller then takes the full route.

    The generic complex target p0 is P*'s where the metric differs (:func:`~.warm_paths._call_target`). ``family``
    is the slice family with the metric of ``L``; its ``completeness_note`` states the completeness argument.

    Examples
    --------
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> net, L, rng = network_and_loss("conv k=2,2 r=2", "generic", seed=5)
    >>> w = warm_start(net, "generic", 3)         # the structure solved (else this call would solve it)
    >>> sol, p0, fam, cert = warm_count(net, L, 3, rng)
    >>> sol.solutions.shape[0], cert.distinct     # the Chern-class value 14
    (14, 14)
    >>> sol.paths        # one path a point
    14
    """
    if L.kind not in KINDS or (hasattr(net, "basis") and hasattr(net, "parent")):
        return None
    dim = checked_dimension(net, dim)
    w = _structure(net, L.kind, dim)
    if w is None or L.m != w.fam.n_params:
        return None
    if isinstance(w, _Pending):     # the structure's first count: solved here, at this call's parameters
        return _first_count(net, L, dim, rng, w)
    out = _warm_call(w, L, dim, rng, certify)
    if not w.checked:       # loaded from the store: its first count in this process
        if out is not None and out[3] is not None:
            w.checked = True
        elif out is None and w.fam.dimension == dim:
            # the stored points did not give E certified images here: solved afresh at this call's parameters
            # (and the entry rewritten), as a damaged entry is
        
            built = _structure_family(net, L.kind, dim, w.seed)      # drawn again: nothing of the entry is kept
            if built is None:
                return None
            pend = _Pending(built, w.seed, store.key_of(net, L.kind, w.seed),
                            "its points did not give this count's certified images")
            _WARM[_key(net, L.kind)] = pend
            return _first_count(net, L, dim, rng, pend)
    return out


def _first_count(net, L, dim, rng, pend):
    """The first count of a structure not solved yet: the structure-level solve at the call's own metric, target
    and complex target (:func:`_establish`), whose points are the call's answer and then the structure's start
    points (no second homotopy, tape or certification); None when it is not complete and certified (the full
    route answers; the next call solves the next structure seed).

    The costs of a first count against the structure solved at its own parameters and then the warm call: see
    bench/bench_critical.py."""
    out = _solve_pending(net, L.kind, dim, pend, (L, rng))
    if not isinstance(out, tuple):
        return None
    w, (res, p0, fam, cert) = out
    route = pend.built[1]
    fam.completeness_note = (                  # the small route's statement (its trace test), then the structure's
        f"{fam.completeness_note}; all {w.count} critical images certified with pairwise disjoint enclosures; "
        f"solved at this call's parameters as the structure's generic solutions ({w.how})")
    sol = WarmSolution(w.X, res.paths, res.how)
    sol.route, sol.trace = route, res.trace
    return sol, p0, fam, cert


def clear_cache():
    """Forget every structure-level solve (the next call of each structure computes its own again).

    Examples
    --------
    >>> clear_cache()
    """
    _WARM.clear()
    _MISS.clear()
