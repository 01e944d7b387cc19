"""The small-system routes of the critical-point count: which route runs, and the count by it.

:func:`choose_route` decides between monodromy (:func:`~.solve.solve_slice`) and one homotopy whose paths
end at every isolated non-singular solution with probability one: the total-degree homotopy on a random
slice (:mod:`.total_degree`) or the multihomogeneous homotopy on a slice cutting the layers separately
(:mod:`.multihom`). :func:`small_slice` runs it at a generic complex target, keeps one point per image
where d mu has full rank, and runs the trace test on the points found: a critical point whose
representative on the slice is far out ends singular and would be missed silently otherwise.
:func:`remembered_dimension` keeps dim M per network.

The trace test runs first at p0 alone, by the trace's second derivative (:mod:`.trace_curvature`: no path), and is
tracked to p0 + v only where that does not pass; it does not run where every tracked path ended at a finite
non-singular point of its own (:func:`every_path_counted`: the non-singular solutions number at most the paths),
nor where the critical images found are as many as a proven bound on the isolated ones for every target and metric of
the loss (:func:`~.image_bound.bound_reached`: the generic ED degree of a Segre-Veronese variety M is a linear
isomorph of; the points are then certified with pairwise disjoint image enclosures by the callers, as always).
The trace-test shortcuts take about a fifth off a structure's first count (in-process, ``warm.clear_cache()`` and
the structure store off). The structure-level solve and the full route cost a few tens of ms of CPU on the small
cases (linear 2-1-2, dense 2-1-1 r=3, conv k=2,2 r=2) and 100-300 ms on linear 3-1-3 and conv k=2,3 r=2.
================  =================  =================  =================
What keeps them cheap: the homotopy's paths tracked with the tracker's default ``stop_batch``
(:mod:`.total_degree`: one kernel call for all paths costs 15-30% more CPU from 16 paths on); the Krawczyk
test's enclosures and float evaluations from the compiled exact tape, recorded once per structure
(:mod:`.refine`, :mod:`.disc_tape`); the trace test's tracker aiming at a Newton contraction of 0.003 and its
keys from the residual check's program run; one program run for the endpoints' images and ranks, ranks
remembered (:func:`~.paths.remembered_ranks`); start solutions by batched solves; one network evaluation fewer
in the route choice.
choice. Same counts (seeds 0-19, five cases, both routes: Eckart-Young / Chern-class values), same checks.

Examples
--------
>>> from algnet.analyses.critical.system import example_family
>>> choose_route(example_family("conv k=2,2 r=2", "generic"))
'multihomogeneous'
"""

from __future__ import annotations

import numpy as np

from algnet.analyses.critical.paths import _distinct, _full_rank, full_trace_test
from algnet.analyses.critical.image_bound import STOP_PHRASE, bound_reached
from algnet.analyses.critical.rebalance import chart_trace_test, far_out
# imported with this module (not at a count's first trace test: a new process without cached bytecode compiled it
# inside its first count of a structure, 2-4 ms of CPU)
from algnet.analyses.critical.trace_curvature import chart_velocity, curvature_trace_test
from algnet.errors import NotApplicableError

__all__ = ["choose_route", "route_probe", "mostly_excluded", "EXCLUDED_RATIO", "small_slice", "homotopy_trace_test",
           "every_path_counted",
           "certified_only", "remembered_dimension", "remember_dimension", "known_dimension"]


_DIMENSIONS: dict = {}
_NETWORKS: dict = {}


def remembered_network(net):
    """:func:`algnet.analyses.network_input.as_network`, with the network of a spec string parsed once per process
    and kept (networks are values: no analysis changes one), so that a repeated count of a spec does not parse and
    build its layers again (parsing and building linear 2-1-2 takes about 0.1-0.2 ms of a 2.3 ms warm
    ``ed_degree`` call).

    Examples
    --------
    >>> remembered_network("linear 2-1-2") is remembered_network("linear 2-1-2")
    True
    """
    if isinstance(net, str):
        got = _NETWORKS.get(net)
        if got is not None:         # (parsed before: no import statement run, the common case of a repeated count)
            return got
    from algnet.analyses.network_input import as_network

    if not isinstance(net, str):
        return as_network(net)          # (its own check: a class once seen to be a Network passes at once)
    got = _NETWORKS.get(net)
    if got is None:
        got = as_network(net)
        if len(_NETWORKS) > 256:
            _NETWORKS.clear()
        _NETWORKS[net] = got
    return got


def remembered_dimension(net, seed) -> int:
    """dim M of ``net`` (:func:`algnet.analyses.network_input.network_dimension` with ``seed``), remembered per network
    spec for networks on their own parameters (the dimension does not depend on the seed; a repeated count
    on the same network skips the rank computation).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> remembered_dimension(parse_spec("linear 3-1-3"), 0)
    5
    """
    own = not (hasattr(net, "basis") and hasattr(net, "parent"))
    key = _dimension_key(net)
    if own and key in _DIMENSIONS:
        return _DIMENSIONS[key]
    from algnet.analyses.network_input import network_dimension

    dim = int(network_dimension(net, seed=seed))
    if own:
        remember_dimension(net, dim)
    return dim


def _dimension_key(net):
    return (type(net).__module__, type(net).__name__, str(net.spec), int(net.n_params))


def known_dimension(net, seed=None):
    """dim M of ``net`` as the store and the warm route check it: None without a network or for one on a subspace of
    another's parameters (those have no warm route); with ``seed`` None, the dimension this process already knows
    (remembered or recorded by a loaded structure; nothing computed), else None; with a ``seed``,
    :func:`remembered_dimension` (the certified rank computed now when not known).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("linear 4-1-4")
    >>> known_dimension(net, seed=0), known_dimension(net)          # computed once, then known without a seed
    (7, 7)
    >>> known_dimension(None, seed=0) is None
    True
    """
    if net is None or (hasattr(net, "basis") and hasattr(net, "parent")):
        return None
    if seed is None:
        return _DIMENSIONS.get(_dimension_key(net))
    return int(remembered_dimension(net, int(seed)))


def remember_dimension(net, dim: int) -> None:
    """Keep dim M of ``net`` (a network on its own parameters) for :func:`remembered_dimension`: the dimension a
    stored structure recorded when it was solved (:mod:`.structure_store`), so that a process that loads it does
    not compute the rank again.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> remember_dimension(parse_spec("linear 2-1-2"), 3)
    >>> remembered_dimension(parse_spec("linear 2-1-2"), 0)
    3
    """
    if hasattr(net, "basis") and hasattr(net, "parent"):
        return
    if len(_DIMENSIONS) > 256:
        _DIMENSIONS.clear()
    _DIMENSIONS[_dimension_key(net)] = int(dim)


def route_probe(net, loss, dim: int):
    """What :func:`choose_route` reads of a gradient family (the network, the loss, the number of slice
    variables ``dim`` and whether the network is on its own parameters), without building the family: a
    small route builds its own slice, so the random slice of monodromy is built only when monodromy runs.

    Examples
    --------
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> net, L, _ = network_and_loss("conv k=2,2 r=2", "generic")
    >>> choose_route(route_probe(net, L, 3)), choose_route(route_probe(net, L, 3), "total degree")
    ('multihomogeneous', 'total degree')
    """
    from types import SimpleNamespace

    sub = hasattr(net, "basis") and hasattr(net, "parent")
    return SimpleNamespace(net=net, loss=loss, n_vars=int(dim), _E=net.basis if sub else None)


def choose_route(fam, method: str = "auto") -> str:
    """"monodromy", "total degree" or "multihomogeneous" for the gradient family ``fam`` and ``method``.

    "auto" takes the multihomogeneous homotopy (coefficients homogeneous in each layer's weights, a slice
    cutting the layers separately, a loss on the coefficients) when it tracks at most
    :data:`~.multihom.MULTIHOM_PATHS` paths (:func:`~.equivariant.tracked_paths`), else the total-degree homotopy when it has at most
    :data:`~.total_degree.SMALL_PATHS`, else monodromy; monodromy as well when the small route's paths are
    more than :data:`EXCLUDED_RATIO` times the count a closed form predicts (:func:`mostly_excluded`).

    Examples
    --------
    >>> from algnet.analyses.critical.system import example_family
    >>> choose_route(example_family("linear 2-1-2", "generic")), choose_route(example_family("linear 3-2-3"))
    ('multihomogeneous', 'monodromy')
    >>> choose_route(example_family("conv k=2,3 r=2"), "total degree")
    'total degree'
    """
    from algnet.analyses.critical.equivariant import tracked_paths
    from algnet.analyses.critical.multihom import MULTIHOM_PATHS, layered_plan
    from algnet.analyses.critical.total_degree import SMALL_PATHS, bezout_paths

    if method == "monodromy":
        return method
    on_coefficients = getattr(fam.loss, "coordinates", "coefficients") == "coefficients"
    own = getattr(fam, "_E", None) is None
    plan = layered_plan(fam.net, fam.n_vars) if on_coefficients and own else None     # first: its layer degrees
    td = bezout_paths(fam) if on_coefficients else None                               # give the total degree
    mh = None if plan is None else tracked_paths(plan)    # one per orbit where a layer's roots of unity act
    if method in ("total degree", "multihomogeneous"):
        if (td if method == "total degree" else mh) is None:
            raise NotApplicableError(f"{fam.net.spec}: the {method} route needs coefficients homogeneous in the "
                                     "parameters" + (" of each layer" if method == "multihomogeneous" else "")
                                     + " and a loss on the coefficients", hint="method='monodromy'")
        return method
    if mh is not None and mh <= MULTIHOM_PATHS:
        small, paths = "multihomogeneous", mh
    elif td is not None and td <= SMALL_PATHS:
        small, paths = "total degree", td
    else:
        return "monodromy"
    return "monodromy" if mostly_excluded(fam, paths) else small


# "auto": a small route whose path count is more than this many times the count a closed form predicts spends
# nearly all its paths on excluded endpoints near positive-dimensional solution sets, where paths fail and the
# route ends incomplete (then monodromy runs as well). Measured, Frobenius metric, 8 seeds each (CPU median
# multihomogeneous / monodromy, complete runs of the multihomogeneous route): linear 3-1-3 73 paths for
# Eckart-Young's 3: 115 / 25 ms, 0 of 8; linear 3-1-4 129 for 3: 275 / 39 ms, 0 of 8; linear 4-1-2 17 for 2:
# 21 / 19 ms, 8 of 8; linear 2-1-2 9 for 2; conv k=3,2 r=2 169 for 71: 284 / 535 ms, 8 of 8
EXCLUDED_RATIO = 10


def mostly_excluded(fam, paths) -> bool:
    """True when a small route with ``paths`` paths would spend more than :data:`EXCLUDED_RATIO` paths per
    critical point a closed form predicts for this network and loss (Eckart-Young, the Chern-class formula;
    :func:`~.solve.expected_count`): the route choice only, never the count.

    Examples
    --------
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> net, L, _ = network_and_loss("linear 3-1-3", "frobenius")
    >>> mostly_excluded(route_probe(net, L, 5), 73), mostly_excluded(route_probe(net, L, 5), 17)
    (True, False)
    """
    if not paths:
        return False
    from algnet.analyses.critical.solve import expected_count

    expected = expected_count(fam.net, getattr(fam.loss, "kind", None))
    return expected is not None and paths > EXCLUDED_RATIO * max(int(expected), 1)


def small_slice(fam, rng, route: str = "total degree"):
    """The small-system route at a generic complex target: ``(solution, p0)``, the solution a
    :class:`~.total_degree.TotalDegreeSolution` (non-singular finite solutions of the gradient system at
    p0, complete with probability one when ``solution.complete``); sets ``fam.completeness_note``.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("dense 2-1-1 r=2", "generic")
    >>> sol, p0 = small_slice(fam, np.random.default_rng(0))
    >>> sol.complete, np.iscomplexobj(p0)
    (True, True)
    >>> sol.solutions.shape[0]     # the conic's 3 d - 2 = 4, and 3 where the slice is tangent to a fiber
    7
    """
    m = fam.n_params
    scale = float(np.sqrt(np.mean(np.abs(fam.loss.u) ** 2))) or 1.0
    p0 = (rng.normal(size=m) + 1j * rng.normal(size=m)) * (scale / np.sqrt(2))
    if route == "multihomogeneous":
        from algnet.analyses.critical.multihom import layered_plan, multihomogeneous_solve

        sol = _filtered(fam, multihomogeneous_solve(fam, layered_plan(fam.net, fam.n_vars), rng, p0), p0)
    else:
        from algnet.analyses.critical.total_degree import total_degree_solve

        sol = _filtered(fam, total_degree_solve(fam, rng, p0), p0)
    # the trace test as well: the representative of a critical point on the slice can be far out and numerically
    # singular (layered slice of dense 2-1-1 r=3, seed 15: phi ~ 40, Hessian condition 2e17; excluded as a
    # singular endpoint by two independent runs), which the homotopy's completeness does not see; not where every
    # tracked path ended at a point of its own (no endpoint excluded: :func:`every_path_counted`)
    if sol.solutions.shape[0] and not sol.partial:
        wt = rng.normal(size=m) + 1j * rng.normal(size=m)      # drawn either way: the generator's later draws stay
        v = (rng.normal(size=m) + 1j * rng.normal(size=m)) * scale
    bound = None if every_path_counted(sol) else bound_reached(fam, sol, getattr(sol, "kept_images", None))
    if every_path_counted(sol):
        sol.how += (f"; no trace test: each of the {sol.tracked} tracked paths ended at its own finite non-singular "
                    "point with d mu of full rank and an image of its own, and no more non-singular solutions "
                    "exist than paths (" + _COUNTED_WHY + ")")
    elif bound is not None:
        # as many critical images as a proven bound for every target and metric of the loss kind: no trace test
        sol.bound = bound
        sol.how += (f"; no trace test, {STOP_PHRASE}: {bound[0]} critical images found with d mu of full rank, the "
                    f"slice transversal to the fibre, as many as the bound ({bound[1]}); complete when all {bound[0]} "
                    "are certified with pairwise disjoint image enclosures")
    elif sol.solutions.shape[0] and not sol.partial:
        H = getattr(sol, "homotopy", None)
        if H is not None:    # on the homotopy's own tape (u is one of its parameters): no gradient tape recorded
            # first at p0 alone (the trace's second derivative, no path: :mod:`.trace_curvature`), then tracked
            tr = curvature_trace_test(fam, H, sol.solutions, p0, v, wt)
            if not tr.passed:
                tr = homotopy_trace_test(fam, H, sol.solutions, p0, v, wt, rng)
        else:
            tr, _ = full_trace_test(fam, sol.solutions, p0, v, lambda X: fam.image(X) @ wt, rng, one_sided=True)
        sol.paths += tr.paths
        if not tr.passed and getattr(sol, "suspects", None) is not None and sol.suspects.shape[0]:
            tr = _with_suspects(fam, sol, H, p0, v, wt, rng, tr)
        if not tr.passed and far_out(fam, sol.solutions).any():
            # far-out representatives: the trace again, each point on its own balanced chart
            tr2 = chart_trace_test(fam, sol.solutions, p0, v, wt, rng)
            sol.paths += tr2.paths
            sol.how += (f"; trace test on the slice NOT passed (residual {tr.residual:.1e}), again with each point "
                        "rebalanced along the layer rescaling orbit on its own random chart")
            tr = tr2
        sol.trace = tr
        if not tr.passed:
            sol.complete = False
        line = ("its second derivative at s = 0 from the points alone, no path" if tr.passed and not tr.paths else
                "s = 1 against the value and slope at s = 0")
        sol.how += (f"; trace test on a line u0 + s v ({line}) {'passed' if tr.passed else 'NOT passed'} "
                    f"(residual {tr.residual:.1e}, {tr.paths} paths)")
    fails = sum(sol.path_failures.values())
    head = ("complete (numerically): every isolated non-singular solution ends one path of " if bound is None else
            f"complete (proven by a bound once the points are certified: {bound[0]} critical images, at most that many "
            "isolated ones on the smooth part of M for every target and metric of this loss): found by ")
    fam.completeness_note = (
        (head if sol.complete else
         f"NOT complete ({fails} path(s) failed, or the trace test failed; the counts are lower bounds): ")
        + sol.how + "; excluded endpoints: "
        + (", ".join(f"{v} {k}" for k, v in sol.excluded.items()) or "none"))
    return sol, p0


# why :func:`every_path_counted` is a complete check (the text the small route's completeness note cites)
_COUNTED_WHY = ("an isolated non-singular solution ends exactly one path, one orbit a tracked path where a layer's "
                "roots of unity act: Morgan and Sommese 1987, Sommese and Wampler 2005 Thm. 8.4.7; the trace test "
                "guards against a solution lost among excluded endpoints, and none was excluded")


def every_path_counted(sol) -> bool:
    """Whether the small route's homotopy ``sol`` (a :class:`~.total_degree.TotalDegreeSolution` after
    :func:`_filtered`) is complete without a trace test: not interrupted, no path failed, no endpoint excluded
    (singular, at infinity, or where d mu drops rank) and as many points, with pairwise distinct images, as tracked
    paths (``sol.tracked``). The rule: the isolated non-singular solutions number at most the tracked paths (each
    ends exactly one path for the homotopy's generic gamma, Morgan and Sommese 1987, Sommese and Wampler 2005,
    Thm. 8.4.7; one orbit per tracked path where a layer's roots of unity act, :mod:`.equivariant`; without the
    symmetry the paths are the multihomogeneous or total Bezout number, a bound for every gamma), and the paths'
    distinct endpoints are that many of them, whichever curves the numerical paths followed. What the trace test
    guards against in floating point -- a far-out solution that ends numerically singular and is excluded, paths
    that jump onto one solution or one image -- leaves an excluded endpoint or fewer points than paths; then the
    trace test runs. The points are certified afterwards by the callers (a point that fails Krawczyk's test makes
    the count incomplete: :func:`certified_only`, :func:`~.warm._establish`).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.total_degree import TotalDegreeSolution
    >>> sol = TotalDegreeSolution(np.zeros((7, 2)), 7, tracked=7)
    >>> every_path_counted(sol)
    True
    >>> sol.excluded["singular endpoint"] = 1                  # a far-out point could hide there
    >>> every_path_counted(sol), every_path_counted(TotalDegreeSolution(np.zeros((6, 2)), 7, tracked=7))
    (False, False)
    """
    n = int(sol.solutions.shape[0])
    return bool(n and n == int(getattr(sol, "tracked", 0) or 0) and sol.complete and not sol.partial
                and not sol.path_failures and not any(sol.excluded.values()))


def homotopy_trace_test(fam, H, X, p0, v, wt, rng):
    """The trace test (:func:`~.paths.full_trace_test`, one-sided: the points X at the target p0 tracked to p0 + v,
    the trace of the linear function ``wt`` of their images there equal to its value plus its slope at p0, the slope
    by the implicit function theorem at X: the trace is affine in s) tracked on the multihomogeneous
    homotopy ``H`` of the call (:class:`~.multihom.LayeredGradient`, start system switched off, the target u
    one of its parameters), so that no second tape is recorded. Returns the trace test's result.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.multihom import layered_family, layered_plan
    >>> net, L, rng = network_and_loss("linear 2-1-2", "generic")
    >>> fam = layered_family(net, L, rng, 3, layered_plan(net, 3))
    >>> sol, p0 = small_slice(fam, rng, "multihomogeneous")
    >>> v, wt = np.ones(4) + 0.5j, np.arange(1.0, 5.0)
    >>> homotopy_trace_test(fam, sol.homotopy, sol.solutions, p0, v, wt, rng).passed       # the 6 points
    True
    >>> homotopy_trace_test(fam, sol.homotopy, sol.solutions[1:], p0, v, wt, rng).passed   # one dropped
    False
    """
    m = fam.n_params
    seen: dict = {}       # endpoint row -> its image, from the residual check's run of the program (the key reuses it)

    def residual(Y, p):
        Xa = H.affine(Y)
        out = np.full(Y.shape[0], np.inf)
        fin = np.all(np.isfinite(Xa), axis=1)
        if fin.any():
            y, Jf = fam.first_order(Xa[fin])          # posdim.residuals, with the images kept
            W = (y - np.asarray(p[2:2 + m], dtype=np.complex128)) @ fam.Q
            G = np.einsum("nai,na->ni", Jf, W)
            den = np.max(np.abs(Jf), axis=(1, 2)) * (1 + np.max(np.abs(W), axis=1)) + 1e-300
            out[fin] = np.max(np.abs(G), axis=1) / den
            for row, img in zip(Y[fin], y):
                seen[row.tobytes()] = img
        return out

    def key(Y):
        out = np.full((Y.shape[0], m), np.inf, dtype=np.complex128)
        hits = [seen.get(row.tobytes()) for row in Y]
        todo = np.array([h is None for h in hits], dtype=bool)
        for i in np.flatnonzero(~todo):
            out[i] = hits[i]
        if todo.any():
            Xa = H.affine(Y[todo])
            fin = np.all(np.isfinite(Xa), axis=1)
            if fin.any():
                sub = out[todo]
                sub[fin] = fam.image(Xa[fin])
                out[todo] = sub
        return out

    def start(Xh, ph, vh):   # the values and exact slopes at s = 0: one run of the program with its Jacobian
        from algnet.analyses.critical.full_trace import image_trace_slope

        Xa = np.asarray(X, dtype=np.complex128)
        # the images and their Jacobians at the points: from the rank test of the same points (:func:`_filtered`,
        # :func:`~.paths.remembered_ranks`), else one run of the program
        got = [getattr(fam, "_last_first_order", {}).get(row.tobytes()) for row in Xa]
        if all(g is not None for g in got) and got:
            y, Jf = np.array([g[0] for g in got]), np.array([g[1] for g in got])
        else:
            y, Jf = fam.first_order(Xa)
        # x'(0) on the homotopy at its own unknowns, mapped to the slice's affine coordinates
        return y @ wt, image_trace_slope(fam, Xa, ph, vh, wt, first_order=(y, Jf), system=H, at=Xh,
                                         to_slice=lambda Yd: chart_velocity(H, Xh, Xa, Yd))

    vh = np.concatenate([[0.0, 0.0], np.asarray(v, dtype=np.complex128)])
    tr, _ = full_trace_test(H, H.homogeneous(X), H.parameters(0.0, 1.0, p0), vh, lambda Y: key(Y) @ wt, rng,
                            residual=residual, key=key, options=_trace_options(), one_sided=True, start=start)
    return tr


# the trace test's tracker: step control aiming at a Newton contraction of 0.003 (default 0.001). A path that jumps
# ends on another path's point, which the test sees and tracks again along another route (:func:`~.paths.full_trace_test`).
# With 0.003 the structure solve's trace test takes 5-10% less CPU than with the default, with the same paths and
# verdicts. The E paths run to their ends in one kernel call (``stop_all_below``: the same steps, one call instead
# of about five a test; see bench/bench_critical.py)
_TRACE_OPTIONS = None


def _trace_options():
    global _TRACE_OPTIONS
    if _TRACE_OPTIONS is None:
        from algnet.homotopy.tracker import TrackerOptions

        _TRACE_OPTIONS = TrackerOptions(target_contraction=0.003, stop_all_below=16)
    return _TRACE_OPTIONS


def _with_suspects(fam, sol, H, p0, v, wt, rng, tr):
    """After a failed trace test: the endpoints called singular that are regular critical points
    (:func:`~.refine.recovered_suspects`) added, and the trace test again; kept (and its result returned) when it
    passes, else ``tr``."""
    from algnet.analyses.critical.refine import recovered_suspects

    more = recovered_suspects(fam, sol.solutions, sol.suspects, p0)
    if not more.shape[0]:
        return tr
    X = np.concatenate([sol.solutions, more])
    tr2 = (homotopy_trace_test(fam, H, X, p0, v, wt, rng) if H is not None else
           full_trace_test(fam, X, p0, v, lambda Y: fam.image(Y) @ wt, rng, one_sided=True)[0])
    sol.paths += tr2.paths
    if not tr2.passed:
        return tr
    sol.solutions = X
    left = sol.excluded.get("singular endpoint", 0) - more.shape[0]
    sol.excluded.pop("singular endpoint", None)
    if left > 0:
        sol.excluded["singular endpoint"] = left
    sol.how += (f"; {more.shape[0]} endpoint(s) called singular refined by Newton to regular critical points "
                f"(the trace test without them NOT passed, residual {tr.residual:.1e})")
    return tr2


def _filtered(fam, sol, p0):
    """The solution with one point per image and only points where d mu has full rank."""
    from algnet.analyses.critical.total_degree import one_per_image

    from algnet.analyses.critical.paths import remembered_ranks

    X = sol.solutions
    if X.shape[0]:
        # one point per image (as monodromy keeps), and only points where d mu has full rank: the others
        # are spurious, left to the search on the subnetwork strata as on the monodromy route. One run of the
        # network's program for the images and the ranks of all points (the ranks are remembered: the caller asks
        # again for the points kept)
        images: dict = {}
        r_all, _ = remembered_ranks(fam, X, images=images)
        Y = np.array([images[row.tobytes()] if row.tobytes() in images else fam.image(row)[0] for row in X])
        keep = one_per_image(Y)
        X = X[keep]
        full = r_all[keep] == fam.dimension
        if (~full).any():
            sol.excluded["rank of d mu below dim M (left to the spurious search)"] = int((~full).sum())
        X = X[full]
        sol.kept_images = Y[keep][full]        # the kept points' images (the stop at a proven bound reads them)
    sol.solutions = X
    return sol


def certified_only(fam, res, X0, cert0, dim):
    """Small routes: candidates that fail Krawczyk's test are left out (a point on a positive-dimensional
    solution set can look non-singular in floating point), and the count is then a lower bound
    (``res.complete`` False). Returns (the certified candidates, their number of distinct full-rank images).

    Examples
    --------
    >>> import numpy as np
    >>> from types import SimpleNamespace
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("dense 2-1-1 r=2", "generic")
    >>> sol, p0 = small_slice(fam, np.random.default_rng(0))
    >>> cert = SimpleNamespace(mask=np.arange(sol.solutions.shape[0]) > 0)     # as if the first had failed
    >>> X, n = certified_only(fam, sol, sol.solutions, cert, 2)
    >>> X.shape[0], n, sol.complete
    (6, 6, False)
    """
    bad = int((~cert0.mask).sum())
    X0 = X0[cert0.mask]
    res.complete = False
    fam.completeness_note = (f"NOT complete: {bad} candidate point(s) failed Krawczyk's test and were left out "
                             "(the counts are lower bounds); " + getattr(fam, "completeness_note", ""))
    full, _ = _full_rank(fam, X0, dim)
    return X0, (_distinct(fam.image(X0[full])) if full.any() else 0)
