"""One warm call (:func:`.warm.warm_count` of a known structure): the parameter homotopy of the structure's E start
points to the call's metric and complex target, the checks of its endpoints (the rank of d mu along the slice,
distinct images), Krawczyk certification, and the per-call result. Split from :mod:`.warm` (the structure-level
solve, its store and its cache) when that module reached 600 lines.

Where the certification's enclosures are compiled (numba loaded: :mod:`.disc_tape`), the endpoints are certified
first: the one run of the exact tape that encloses G at the centres and G' over the Krawczyk boxes also evaluates
the images and their Jacobian along the slice at the centres (midpoint arithmetic: the float values at the
centres), so the rank rule of :func:`~.warm_views._pure_on_slice` reads those and needs no run of the image tape,
and E certified points with pairwise disjoint image enclosures need no test for shared images. A call whose
certification falls short of E takes the checks of the numpy route: the rank and a test for shared images (to
1e-6 relative) on the image tape, and where images are shared the detour through a random intermediate target and
certification again; else the call goes to the full route, as before. (The one difference from checking before
certifying: E certified points with disjoint image enclosures of which two lie within 1e-6 of each other are
accepted as they are, the count they prove being complete, where the paths were tracked again before.)

With numba loaded and certification asked, those steps are first taken in one compiled call
(:func:`.warm_kernel.fused_count`: the same kernels on the same arrays); it answers where every path ends a success and
every point is certified, its image apart from the others', of full rank along the slice, and otherwise the call
takes the steps above from the start.
"""

from __future__ import annotations

import numpy as np

from algnet.analyses.critical.disc_tape import exact_tape
from algnet.analyses.critical.loss import Loss
from algnet.analyses.critical.warm_paths import WarmSolution, _call_target, _detour, _options
from algnet.analyses.critical.warm_views import (TapeCenters, _pure_on_slice, _shared_images, slice_rank_ok,
                                                 structure_copy)

__all__ = ["warm_call"]


def warm_call(w, L, dim, rng, certify):
    """The tracking, checks and certification of :func:`.warm.warm_count` from the structure ``w`` (a
    :class:`~.warm.WarmStart`): ``(solution, p0, family, certification)`` (certification None without
    ``certify``, or for an interrupted tracking), or None when the call did not end with E distinct
    (certified) critical images of full rank (the caller takes the full route).

    Examples
    --------
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.warm import warm_start
    >>> net, L, rng = network_and_loss("linear 2-1-2", "generic", seed=4)
    >>> w = warm_start(net, "generic", 3)
    >>> sol, p0, fam, cert = warm_call(w, L, 3, rng, True)
    >>> sol.paths, sol.distinct, cert.certified, cert.distinct     # the generic ED degree of 2 x 2 rank-1 matrices
    (6, 6, 6, 6)
    """
    from algnet.homotopy.tape_numpy import compiled_loaded, track_numpy

    p0 = _call_target(w, L, rng)
    target = w.family.parameters(L.Q, p0)
    # numba not imported yet in this process (a command line's first count): its start-up costs 0.5-0.7 s of CPU,
    # the E paths by the numpy tracker on the same tape a few ms (algnet.homotopy.tape_numpy; None: too large)
    numpy_route = not compiled_loaded()
    tr = track_numpy(w.family, w.X, w.P, target, _options(w.count)) if numpy_route else None
    if tr is None:
        numpy_route = False
        if certify:         # the whole call in one compiled call where that decides every point (.warm_kernel)
            done = _kernel().fused_count(w, L, p0, target, dim)
            if done is not None:
                return done
        from algnet.homotopy.monodromy import track_parameters

        tr = track_parameters(w.family, w.X, w.P, target, _options(w.count))
    fam = structure_copy(w.fam, Loss(L.kind, w.fam.loss.Z, w.fam.loss.T, L.Q, L.u))
    if tr.partial:        # Ctrl-C: no point is claimed
        sol = WarmSolution(tr.x[:0], tr.x.shape[0], "interrupted")
        sol.partial, sol.complete = True, False
        return sol, p0, fam, None
    X, paths = tr.x, tr.x.shape[0]
    every = tr.status.count("success") == paths
    good = None if every else tr.success          # (read only where a path failed)
    E = None if numpy_route or not certify else _exact_enclosure(w.fam, L.Q)
    first = None          # the certification of the tracked endpoints, when it came first
    if every and E is not None:
        cert = first = _certify(w, fam, E, target, X, p0)
        if cert.certified == w.count and cert.distinct == w.count:
            rows = E.center_rows(X)          # the images and the slice Jacobian at X, from the certification's run
            if rows is not None:
                images, J = rows
                if not np.logical_and.reduce(slice_rank_ok(w.fam, X, J, dim, compiled=True)):
                    return None      # a certified point where d mu drops rank along the slice: not counted here
                return _answer(w, fam, X, paths, images, cert, certify), p0, fam, cert
    out = _checked(w, X, good, every, target, dim, rng)
    if out is None:
        return None
    X, images, detour = out
    cert = None
    if first is not None and not detour:      # the same endpoints, certified above
        if first.certified != w.count or first.distinct != w.count:
            return None
        return _answer(w, fam, X, paths, images, first, certify), p0, fam, first
    if certify:
        if E is None and not numpy_route:
            E = _exact_enclosure(w.fam, L.Q)
        cert = _certify(w, fam, E, target, X, p0)
        if cert.certified != w.count or cert.distinct != w.count:
            return None
    return _answer(w, fam, X, paths + detour, images, cert, certify), p0, fam, cert


def _exact_enclosure(sfam, Q):
    """The compiled disc enclosures of the structure family's exact tape for the metric Q, or None."""
    E = exact_tape(sfam)
    return None if E is None else E.with_metric(Q)


def _certify(w, fam, E, target, X, p0):
    """Krawczyk certification of the endpoints X: the float evaluations from the structure's recorded tape, the
    enclosures from ``E`` (compiled) or, with None, the family's own (object arrays of discs, rigorous as well:
    the numpy route, whose certification then imports no numba either)."""
    from algnet.homotopy.certify import certify
    from algnet.homotopy.compiled_homotopy import family_tape

    view = TapeCenters(fam, family_tape(w.family, map_parameters=True), target, E)
    # the endpoints are Newton-refined by the tracker at t = 1: the batched test starts from them; the second chance
    # of certify_points (Newton at more bits) only for points it left undecided
    cert = certify(view, X, p0, key_ball=fam.image_ball, key_interval=view.image_interval, refine=False)
    if cert.certified == X.shape[0]:
        return cert
    from algnet.analyses.critical.refine import certify_points

    return certify_points(view, X, p0, key_ball=fam.image_ball, key_interval=view.image_interval, refine=False,
                          first=cert)


def _checked(w, X, good, every, target, dim, rng):
    """The checks of the endpoints before certification: ``(X, images, extra paths)``, X tracked once more
    through a random intermediate target when a path failed or two ended on one image, or None (a point where d mu
    drops rank along the slice, or a detour that did not give E distinct images of full rank)."""
    from algnet.analyses.critical.paths import _distinct

    ok, images = _pure_on_slice(w.fam, X, dim) if every else (good, None)   # the structure's image tape
    pure = bool(ok.all())
    if not every or (pure and _shared_images(images).any()):
        # a failed path, or paths that jumped onto one image: every start once more through a random intermediate
        # target (not the failed ones alone: the detour is a loop around the discriminant relative to the straight
        # segment, so it can permute the solutions -- conv k=2,2 r=2 seed 6 with the structure solved at another
        # call's parameters: a path tracked again alone ended on another path's image, twice)
        X, okd = _detour(w.family, w.X, w.P, target, rng)
        if not okd.all():
            return None
        ok, images = _pure_on_slice(w.fam, X, dim)
        if not ok.all() or _distinct(images) != w.count:
            return None
        return X, images, 2 * int(okd.size)
    if not pure:      # (else the E images are pairwise apart: _shared_images found none, _distinct's tolerance)
        return None
    return X, images, 0


def _answer(w, fam, X, paths, images, cert, certify):
    """The :class:`~.warm_paths.WarmSolution` of a call that ended with E distinct images (``fam`` gets its
    completeness note)."""
    claim = ("complete: " if certify else "complete (numerically; not certified): ")
    fam.completeness_note = (
        claim + f"{w.count} {'certified ' if certify else ''}critical images with pairwise disjoint enclosures, "
        f"the generic number for this network structure and loss kind, and no target has more nonsingular "
        f"critical images than a generic one (solutions continue analytically: Sommese-Wampler 2005, Thm. 7.1.1); "
        f"reached by a parameter homotopy in (Q, u) from {w.count} generic solutions computed once per structure "
        f"({w.how})")
    how = (f"a parameter homotopy in the metric and the target ({w.count} paths) from generic solutions computed "
           f"once per network structure and loss kind ({w.how}); Q and u drawn per call, the complex target P*'s")
    sol = WarmSolution(X, paths, how)
    sol.images, sol.distinct = images, w.count        # E distinct images (checked)
    return sol


def _kernel():
    """The module :mod:`.warm_kernel` (imported by the first call that takes it, with numba loaded; its functions read
    as its attributes at each call)."""
    got = _LATE.get("kernel")
    if got is None:
        import algnet.analyses.critical.warm_kernel as got

        _LATE["kernel"] = got
    return got


#: modules imported by the first call that needs them (:func:`_kernel`)
_LATE: dict = {}
