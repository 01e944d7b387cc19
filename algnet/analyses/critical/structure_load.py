"""Loading a stored structure (:mod:`.structure_store`): the family rebuilt from the record and checked.

:func:`rebuild` turns a record read from the store into a :class:`~.warm.WarmStart` only when every check
passes: the recorded route, cut and dim M, the rebuilt family's :func:`fingerprint` equal to the recorded one, the
arrays' shapes, P*'s metric one of the loss kind, the tapes' checks (:mod:`.tape_store`); on an entry's first load
(no tapes that passed) the stored points are certified again (:func:`_recertify`) before anything else is taken from
it. The store's module doc says what is taken from a record without a new proof and what guards it.
"""

from __future__ import annotations

import hashlib
import time as _time

import numpy as np

from algnet.analyses.critical.tape_store import restore

__all__ = ["DeferredDraws", "fingerprint", "rebuild", "recorded_degree"]


class DeferredDraws:
    """The normal draws of the generator of ``seed`` (:func:`~.loss._generator`) in the order they are taken, each
    computed at the first read of any (then all those taken so far, in that order: the numbers a generator passed
    along would have given). A stored structure's family is built from the record's slice; the draws its
    constructors take -- the batched program's check point (:class:`~algnet.analyses.witness.NetworkValues`), the
    direction of :meth:`~.system.GradientFamily.start_parameters` -- are read only where those run, which a loaded
    structure's count does not: no generator is made and nothing drawn (0.06-0.08 ms of a new process's first count).

    Examples
    --------
    >>> d = DeferredDraws(3)
    >>> a = d.deferred_normal(((2,), (2,)), lambda x, y: x + y)
    >>> b = d.deferred_normal(((3,),), lambda x: x)
    >>> g = np.random.default_rng(3)
    >>> x, y, z = g.normal(size=2), g.normal(size=2), g.normal(size=3)
    >>> bool((b() == z).all()), bool((a() == x + y).all())      # read in either order: the same numbers
    (True, True)
    """

    def __init__(self, seed: int):
        self.seed, self._sizes, self._drawn, self._gen = seed, [], [], None

    def deferred_normal(self, sizes, combine):
        """Take ``rng.normal(size=s)`` for each ``s`` of ``sizes`` now; a function of no arguments that returns
        ``combine`` of them (computed at its first call; its ``draws``: this object)."""
        start = len(self._sizes)
        self._sizes.extend(sizes)
        stop = len(self._sizes)

        def later():
            if len(self._drawn) < stop:
                if self._gen is None:
                    from algnet.analyses.critical.loss import _generator

                    self._gen = _generator(self.seed)
                self._drawn.extend(self._gen.normal(size=s) for s in self._sizes[len(self._drawn):])
            return combine(*self._drawn[start:stop])

        later.draws = self
        return later


def fingerprint(fam) -> str:
    """A hash of what a structure's family is drawn as (slice, sample inputs, coefficient map, Q, u): 32 hex digits.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> from algnet.analyses.critical.loss import make_loss
    >>> from algnet.analyses.critical.system import gradient_family
    >>> net = parse_spec("linear 2-1-2")
    >>> fams = [gradient_family(net, make_loss(net, "generic", rng=np.random.default_rng(s)), np.random.default_rng(s))
    ...         for s in (0, 0, 1)]
    >>> [len(fingerprint(f)) for f in fams], fingerprint(fams[0]) == fingerprint(fams[1]) != fingerprint(fams[2])
    ([32, 32, 32], True)
    """

    h = hashlib.sha256()
    L = fam.loss
    for a in (fam.c0, fam.N, L.Z, L.T, fam.Q, L.u):
        a = np.asarray(a, dtype=np.complex128)
        h.update(repr(a.shape).encode() + a.tobytes())        # (tobytes: C order, whatever the array's layout)
    return h.hexdigest()[:32]




def _every(a) -> bool:
    """``a.all()`` by the ufunc reduction."""
    return bool(np.logical_and.reduce(a, axis=None))


def rebuild(net, kind, dim, seed, rec):
    """``(WarmStart, "found")`` from a stored record: the family rebuilt from ``seed`` on the recorded route, cut
    and dim M (``dim``, when given, must be the recorded one), its fingerprint equal to the recorded one, the
    arrays of the right shapes, P*'s metric one of the loss kind, the tapes checked (:mod:`.tape_store`);
    ``(None, why)`` when anything fails.

    The points are certified here only when the entry has no checked tapes (its first load): they are the start points
    of the warm calls, each of which certifies its own endpoints at its own parameters (Krawczyk, disjoint image
    enclosures, full rank) whatever it started from, so a damaged point can only make that count fail, never wrong;
    the first count of a loaded structure that fails is solved afresh and the entry rewritten
    (:func:`.warm.warm_count`). Re-certifying the stored points at P* would cost 1.2 ms and their rank check 0.3 ms
    of a 10 ms first count (linear 2-1-2), which then certifies its own points again.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.critical.structure_store import Record
    >>> rebuild(parse_spec("linear 2-1-2"), "generic", 3, 0, Record({"count": 6, "dim": 4}, {}))
    (None, 'the recorded dim M differs')
    """
    warm = _warm()
    t0 = _time.perf_counter()
    try:
        meta = rec.meta
        E, rdim = int(meta["count"]), int(meta["dim"])
        if dim is not None and rdim != int(dim):
            return None, "the recorded dim M differs"
        X = np.ascontiguousarray(rec.arrays["X"], dtype=np.complex128)
        P = np.ascontiguousarray(rec.arrays["P"], dtype=np.complex128)
        cut = meta.get("cut") or None
        degree = meta.get("degree")
        degree = degree if isinstance(degree, int) and not isinstance(degree, bool) and degree >= 1 else None
        built = warm._structure_family(net, kind, rdim, seed, route=str(meta["route"]), cut=cut,
                                  stored=rec.arrays if "fam.N" in rec.arrays else None, degree=degree)
        if built is None or built[1] != meta["route"]:
            return None, "the route differs"
        fam = built[0]
        if fingerprint(fam) != meta["fingerprint"]:
            return None, "the rebuilt family differs"
        family = warm.MetricGradient(fam)
        m = fam.n_params
        if X.shape != (E, fam.n_vars) or P.shape != (family.n_params,) or not _every(np.isfinite(X)) or E < 1:
            return None, "the stored arrays have the wrong shape"
        Q = P[:m * m].reshape(m, m)      # P* may be the first count's metric (:func:`.warm._establish`)
        # (ufunc reductions: numpy's function and method forms cost a Python layer each in a new process)
        if not (_every(np.isfinite(P)) and not np.logical_or.reduce(Q.imag, axis=None) and _every(Q == Q.T)
                and (kind != "frobenius" or _every(Q == np.eye(m)))):
            return None, "the stored metric is not one of this loss kind"
        stamp: dict = {}      # a new stamp of the tapes' identity check, when it ran (:mod:`.tape_stamp`)
        tapes = restore(meta, rec.arrays, fam, family, stamp=stamp, digest=getattr(rec, "digest", None))
        if not tapes and getattr(fam, "circles_recorded", False):
            # the recorded circle sizes are taken only with tapes that passed their identity check (the gradient
            # and image of this program at a random point: the same polynomials as when they were recorded, so the
            # same degree bounds hold); else computed from this program
            fam.M = fam.circle_sizes()
        if not tapes:
            # no tapes of this program that passed their checks (the entry's first load, or tapes that failed): the
            # points are certified here with this process's program before anything else is taken from the entry
            # (a program edited where the source hash does not look is caught so); the tapes then written with
            # them carry that check to later loads (:mod:`.tape_store`'s identity check of the exact tape)
            from algnet.analyses.critical.paths import _distinct
            from algnet.analyses.critical.warm_views import _pure_on_slice

            ok, images = _pure_on_slice(fam, X, rdim)
            if not ok.all() or _distinct(images) != E:
                return None, "the stored points are not E distinct points of full rank"
            cert = _recertify(fam, family, X, P)
            if cert.certified != E or cert.distinct != E:
                return None, f"re-certification failed ({cert.certified} of {E} certified, {cert.distinct} distinct)"
    except Exception as e:      # a record of the right key with unusable contents: solved afresh
        return None, f"unusable record ({type(e).__name__})"
    how = (f"structure solved {meta.get('date', '?')} by algnet {meta.get('algnet', '?')}: {meta['how']}; "
           f"loaded from the cache ({E} start points, dim M = {rdim} as recorded"
           + ("; its tapes loaded and checked" if tapes else "; its points re-certified here")
           + "; each count certifies its own points)")
    w = warm.WarmStart(fam, family, X, P, E, int(meta.get("paths", 0)), how, _time.perf_counter() - t0, "cache",
                       int(seed), checked=False)
    w.tapes_loaded = tapes
    w.recorded_degree = degree
    w.tape_stamp = stamp.get("checked")
    return w, "found"


def _recertify(fam, family, X, P):
    """Krawczyk's test of the points X of the gradient system of ``fam`` at the parameters P = (vec Q, p0), with
    the float evaluations and disc enclosures of the warm calls (:class:`TapeCenters`), the metric Q."""
    from algnet.analyses.critical.disc_tape import exact_tape
    from algnet.analyses.critical.loss import Loss
    from algnet.analyses.critical.warm_views import TapeCenters, structure_copy
    from algnet.homotopy.certify import certify
    from algnet.homotopy.compiled_homotopy import family_tape

    from algnet.homotopy.tape_numpy import compiled_loaded

    m = fam.n_params
    p0, Q = P[m * m:], P[:m * m].reshape(m, m).real
    E = exact_tape(fam) if compiled_loaded() else None     # before numba's import: the family's own enclosures
    fam = structure_copy(fam, Loss(fam.loss.kind, fam.loss.Z, fam.loss.T, Q, fam.loss.u))
    view = TapeCenters(fam, family_tape(family, map_parameters=True), P,
                       None if E is None else E.with_metric(Q))
    # the stored points are the centres certified when they were written: no Newton step, no second chance
    return certify(view, X, p0, key_ball=fam.image_ball, key_interval=view.image_interval, refine=False)


def recorded_degree(net, kind):
    """The parameter degree that the record of a structure loaded from the store holds
    (:attr:`~.warm.WarmStart.recorded_degree`), for the size estimate; None when none is known to this process.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> recorded_degree(parse_spec("linear 9-1-9"), "generic") is None          # not loaded from the store
    True
    """
    warm = _warm()
    w = warm._WARM.get(warm._key(net, kind)) if kind in warm.KINDS else None
    return getattr(w, "recorded_degree", None) if isinstance(w, warm.WarmStart) else None


def _warm():
    """The module :mod:`.warm` (imported by the first load that needs it, not with this module, which the store
    imports; an attribute read per call instead of an import statement: 1-2 us each in a new process's first count)."""
    got = _LATE.get("warm")
    if got is None:
        import algnet.analyses.critical.warm as got

        _LATE["warm"] = got
    return got


#: modules imported by the first call that needs them (:func:`_warm`)
_LATE: dict = {}
