"""Size estimates of the critical-point analyses, made before any path is tracked, and the guard that refuses.

``critical_points``, ``ed_degree`` and ``voronoi`` track paths of the gradient system of the loss on a slice
of dim M variables. Their cost is estimated in milliseconds from the network's shape alone (no evaluation,
no rank, no path):

* **points** E: the count a theorem gives (Eckart-Young for the Frobenius metric on linear networks, the
  Chern-class formula for Segre-Veronese neuromanifolds, :func:`~.ed.ed_formula` without the proofs a map needs;
  for a map of P^1 by forms of degree e the bound 3e - 2, the count when the map is an embedding, from the
  exponents alone: :func:`~.curve_ed.curve_bound`); else, for the generic
  metric, the degree of M when a theorem gives it, a *lower bound* (the generic ED degree is the sum of the
  polar degrees, one of which is deg M: Draisma, Horobet, Ottaviani, Sturmfels, Thomas, *The Euclidean
  distance degree of an algebraic variety*, 2016, Thm. 5.4); else unknown (E = 1: only the fixed paths are
  counted, the estimate is a lower bound). The total-degree Bezout number (2D - 1)^n (n = dim M, D the
  parameter degree), the ceiling of the total-degree route, is reported beside it.
  A theorem that does not apply says so with algnet's own exceptions (:class:`~algnet.errors.NotApplicableError`
  when its hypotheses fail, :class:`~algnet.errors.TooLargeError` when evaluating it would be too large, e.g. the
  monomials a Bombieri-Weyl formula checks); the estimate falls back on those only, so that a programming error
  inside a formula is raised, not taken for "no theorem" (over the spec strings of the package, tests, benches
  and docs, 497 networks, every loss kind, nothing else is raised there).
* **an upper bound** ``points_upper`` where E is only a lower bound: for the Frobenius and Bombieri-Weyl metrics the
  generic ED degree when a theorem gives it (no metric and target has more isolated critical images than generic
  ones: the count is a parameter homotopy in the metric and the target, Sommese-Wampler 2005, Thm. 7.1.1), else
  the Bezout number (2D - 1)^n of the n gradient equations of degree 2D - 1 on the slice (every critical image has
  an isolated representative there). ``cpu_seconds_upper`` is the time model at that count. A run whose time
  is not bounded by the budget this way (the lower estimate within it, the upper above) is not refused but capped:
  without a time limit and without ``force`` it stops at :data:`~algnet.guards.DEFAULT_BUDGET` (wall seconds at
  the load when it starts) and its result is partial, a lower bound, saying so (an estimate at one point could be
  far off: an ED degree of a Bombieri metric estimated at 2.6 s ran over 25 minutes).
* **dim M** (n): a family's count where a theorem proves it; a dense network's expected dimension (monomial
  activation of degree >= 2) is only an upper bound (defective secant varieties fall short of it): there the
  certified ranks mod p of a small network, which the count reuses, else the bound, saying so
  (:func:`~.estimate_bounds.shape_dimension`). The small routes and a stored structure's route need dim M exactly.
* **paths** = :data:`PATHS_PER_POINT` E + :data:`PATHS_FIXED` (monodromy; the classification tracks the
  points to the real target and searches the strata: :data:`CLASSIFY_FACTOR` times that); Voronoi adds one
  parameter homotopy per target (E paths each).
* **CPU seconds per path** = :data:`PATH_SECONDS` + :data:`PATH_SECONDS_PER_UNIT` m P n D (m function-space
  coordinates, or data values for a loss on data, P parameters: the tape of the gradient and its Jacobian grows as m P, a path's steps as n D).
  Calibrated on 2 cores with ``critical_points(classify=False, method="monodromy", certify=False)``, generic
  metric, seeds 0 and 1, CPU seconds by ``time.process_time`` over paths tracked (kernels compiled beforehand):
  linear 2-1-2 0.27 ms a path (model 0.24),
  linear 3-1-3 0.47 (0.42), linear 3-2-3 1.07-1.70 (0.89), conv k=2,2 r=2 0.23 (0.29), conv k=2,3 r=2 1.0-1.1
  (0.44), dense 2-1-1 r=3 0.21 (0.24), linear 4-2-4 2.4 (2.7), conv k=2,2,2 r=2 5.7-6.2 (2.6), linear 8-4-8
  about 150 (157; 32 paths in 8 CPU s with set-up). Paths per point in the same runs: 10-70 (linear 2-1-2
  10-18, linear 3-1-3 9-69, conv k=2,2,2 r=2 16+, linear 4-2-4 40); :data:`PATHS_PER_POINT` = 30.
* **Frobenius metric**: :data:`FROBENIUS_PATH_FACTOR` times the CPU seconds per path (measured, below), and
  :data:`SETUP_SECONDS` a call.
* **the zero-pattern search** of the spurious points (with the classification):
  :func:`~.zero_pattern_cost.zero_pattern_seconds`, its paths and points from the shape (an upper bound on its paths:
  the patterns where d mu has full rank are skipped by the search).
* **wall seconds** = CPU seconds x :func:`algnet.guards.load_factor` (load / cores: on a shared machine the
  tracker's two threads took 6-7 wall seconds per CPU second at load 7, against 2.25 from ``load_factor(2)``).
* **memory**: :data:`SETUP_MEMORY` (:data:`CLASSIFY_SETUP_MEMORY` with the classification; a count in a process
  where one has run with numba: :data:`SETUP_AGAIN_MEMORY`), the set-up measured,
  plus the Jacobians of the start points and of one batch of paths, 16 bytes x m x P x (n + 64) x 4;
  for a loss on the coefficients, the coefficient map (K x K monomial values of K = m / outputs sample inputs,
  their copies and inverse, and the m x m matrix T: 8 (4 K^2 + m^2) bytes).
* **a loss on data**: on the m coordinates of the values at the data (whatever the number of samples, see
  :mod:`.loss`); a path costs :data:`DATA_PATH_SECONDS` + :data:`DATA_SECONDS_PER_VALUE2` m^2 more, and the data
  arrays with the N x K monomial values at them and their QR factors take 8 (size X + size Y + 3 N K) bytes.

:func:`check_critical` refuses (:class:`~algnet.errors.TooLargeError`, with the estimate, the threshold, the
cheaper routes and ``force``) when the memory is above :func:`algnet.guards.memory_limit`, or the wall seconds
at the current load are above ``time_limit``; without a time limit, when the CPU seconds are above
:data:`~algnet.guards.DEFAULT_BUDGET` (the work's size, so that a busy machine never refuses a small input).

Examples
--------
>>> from algnet import parse_spec
>>> est = critical_estimate(parse_spec("linear 8-4-8"), "frobenius", classify=False)
>>> est.points, est.points_source.split(":")[0], est.paths
(70, 'a theorem', 2140)
>>> check_critical(parse_spec("linear 2-1-2"), "generic").paths < 1000       # small: never refused
True
>>> check_critical(parse_spec("linear 30-15-30"), "frobenius", what="ED degree")
Traceback (most recent call last):
...
algnet.errors.TooLargeError: linear 30-15-30: ED degree: 155117520 critical point(s) (a theorem: ...
"""

from __future__ import annotations

import math
import os
import sys
from fractions import Fraction
from dataclasses import dataclass

from algnet.analyses.critical.curve_ed import curve_bound
from algnet.analyses.critical.estimate_bounds import dimension_exact, shape_dimension, upper_points
from algnet.analyses.critical.guarded_run import guarded
from algnet.errors import AlgnetError, ParameterError
from algnet.guards import DEFAULT_BUDGET  # the one default budget (re-exported; wall seconds here)
from algnet import guards  # (its functions read as attributes at each call: what a test replaces there is used)
from algnet.homotopy.kernel_cache import gc_paused  # one copy, beside the kernels' loading (documented there)

_REEXPORTED = (guarded,)      # (the entry points import the guard from here)
__all__ = ["CriticalEstimate", "critical_estimate", "check_critical", "DEFAULT_BUDGET", "PATHS_PER_POINT",
           "PATHS_FIXED", "PATH_SECONDS", "PATH_SECONDS_PER_UNIT", "CLASSIFY_FACTOR", "DATA_PATH_SECONDS",
           "FROBENIUS_PATH_FACTOR", "SETUP_SECONDS", "SETUP_MEMORY", "SETUP_AGAIN_MEMORY", "CLASSIFY_SETUP_MEMORY",
           "DATA_SECONDS_PER_VALUE2", "NO_GC_SECONDS", "dimension_exact"]

#: Monodromy paths per critical point (measured 10-70, see the module docstring).
PATHS_PER_POINT = 30
#: Paths before the first points are known (start pairs, the trace test).
PATHS_FIXED = 40
#: CPU seconds of a path of the smallest systems.
PATH_SECONDS = 2e-4
#: CPU seconds of a path per unit of m P n D (coefficients x parameters x slice variables x parameter degree).
PATH_SECONDS_PER_UNIT = 4e-7
#: A loss on data: CPU seconds per path added, and per m^2 (measured on the values at the data, q = samples x
#: outputs of them in place of m: linear 3-1-3, monodromy count, 18 ms a path at 20 samples, 38 ms at 200; an
#: upper bound since the loss lives on m coordinates)
DATA_PATH_SECONDS = 0.016
DATA_SECONDS_PER_VALUE2 = 5.6e-8
#: The Frobenius metric (a special, not a generic, form): paths that pass near the degenerate solution sets take
#: more steps. Measured (ed_degree): linear 4-2-4 75 paths, 1.5 CPU s (20 ms a path
#: against 2.7 for the generic model); linear 5-2-5 132 paths, 4.1 s (31 ms against 6.6); linear 6-3-6 4 of
#: Eckart-Young's 20 points after 194 paths and 39 CPU s (200 ms a path against 28)
FROBENIUS_PATH_FACTOR = 5.0
#: CPU seconds of a call's set-up (dim M, the family's tape, the certification of the points)
SETUP_SECONDS = 1.0
#: Bytes of a call's set-up beyond the model's arrays: resident memory (VmHWM above the process before the call,
#: OPENBLAS_NUM_THREADS=1, store off): in a new process (numba, scipy and the
#: compiled kernels loaded by the call) a count took 134 MB (linear 2-1-2, dense 2-1-1 r=3), 156 (conv k=2,2 r=2),
#: 161 (linear 3-2-3); in a process that had counted before, 0-4 MB. The model alone said 50 KB - 0.5 MB.
SETUP_MEMORY = 192 * 2**20
#: A count's set-up in a process where a guarded count has run with numba imported (:func:`note_set_up`): numba,
#: scipy and the compiled kernels are resident already. Measured (VmHWM above the process, store off, after counts
#: of dense 2-1-1 r=2 on every route): linear 2-1-2 0 MB, dense 2-1-1 r=3 0, conv k=2,2 r=2 1.0, linear 3-1-3 1.4,
#: linear 3-2-3 6.9 (its model 0.5 MB)
SETUP_AGAIN_MEMORY = 16 * 2**20
#: The same with the classification (tracking to the real target, strata, certificates): 176-184 MB (linear 2-1-2,
#: dense 2-1-1 r=3, linear 3-2-3) and 291 MB (conv k=2,2 r=2) in a new process; 0.3-9 MB and 112 MB (conv k=2,2
#: r=2) in a process that had counted before.
CLASSIFY_SETUP_MEMORY = 320 * 2**20
#: The classification (tracking to the real target, strata, certification) against the count alone.
CLASSIFY_FACTOR = 2.0
_BATCH = 64
#: Largest dim M at which the estimate reads the small routes' plan (:func:`_small_route`): reading it takes
#: 0.1-0.16 CPU s at dim M = 64-120 (linear 10-4-10, dense 8-8-8 r=2) and hangs at dense
#: 100-100-100 r=2; the small routes take at most 200 (multihomogeneous) or 32 (total degree) paths, and every case
#: measured where one ran had dim M <= 5 (the routes' module docs).
SMALL_ROUTE_DIM = 12


@dataclass(frozen=True)
class CriticalEstimate:
    """What a critical-point analysis of a network is estimated to cost (:func:`critical_estimate`).

    ``points`` and its ``points_source``; ``lower_bound`` (True when the points, hence the time, are a lower
    bound); ``bezout`` (the total-degree ceiling (2D - 1)^n, a float, inf when it overflows); ``paths``;
    ``cpu_seconds``, ``seconds`` (wall, at the current load); ``memory`` (bytes); ``dim`` (n, the slice
    variables; ``dim_source``); where the points are a lower bound, ``points_upper`` (an upper bound, from
    ``upper_source``) and ``cpu_seconds_upper`` (the time model at that count), else None.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> e = critical_estimate(parse_spec("linear 3-1-3"), "frobenius")
    >>> e.points, e.dim, e.lower_bound
    (3, 5, False)
    >>> "paths" in e.describe()
    True
    """

    spec: str
    points: int
    points_source: str
    lower_bound: bool
    bezout: float
    dim: int
    dim_source: str
    paths: int
    per_path: float
    cpu_seconds: float
    seconds: float
    memory: int
    route: str = "monodromy"
    points_upper: int | None = None
    upper_source: str = ""
    cpu_seconds_upper: float | None = None

    def describe(self) -> str:
        """The estimate in words (for messages and announcements).

        Examples
        --------
        >>> from algnet import parse_spec
        >>> critical_estimate(parse_spec("linear 2-1-2"), "frobenius").describe().split(";")[0]
        '2 critical point(s) (a theorem: Eckart-Young: binom(min(2, 2), 1))'
        """
        from algnet.guards import format_bytes, format_seconds

        pts = f"{'at least ' if self.lower_bound else ''}{_count(self.points)} critical point(s) ({self.points_source})"
        bz = f"{self.bezout:.3g}" if math.isfinite(self.bezout) else "above 1e308"
        how = ("about " if not self.lower_bound else "at least ") if self.route == "monodromy" else ""
        way = ("" if self.route == "monodromy" else " (one parameter homotopy of a known structure's points)"
               if self.route == "parameter homotopy" else f" (the {self.route} route and its trace test)")
        if self.points_upper is not None and self.lower_bound:
            up = (format_seconds(self.cpu_seconds_upper) if self.cpu_seconds_upper < 1e300 else "more than 1e300 s")
            pts += f", at most {_count(self.points_upper)} ({self.upper_source}; up to {up} CPU)"
        return (f"{pts}; total-degree ceiling {bz}; {how}{_count(self.paths)}{way} "
                f"paths at {_ms(self.per_path)} of CPU each (dim M = {self.dim}, {self.dim_source}): "
                f"{format_seconds(self.cpu_seconds)} CPU, {format_seconds(self.seconds)} at the current load; "
                f"memory {format_bytes(self.memory)}")


def _ms(seconds: float) -> str:
    return f"{1e3 * seconds:.3g} ms" if seconds < 1e300 else "more than 1e300 s"


def _count(n: int) -> str:
    """An integer for a message: in full up to 15 digits, else as its leading digits and power of ten.

    Examples
    --------
    >>> _count(155117520), _count(10**400 * 27), _count(5 ** 20000)
    ('155117520', '2.7e401', '2.51e13979')
    """
    if n.bit_length() > 3000:       # beyond str()'s default limit of digits: from its logarithm
        e = math.log10(n)
        return f"{10 ** (e - math.floor(e)):.3g}e{math.floor(e)}"
    digits = str(n)
    if len(digits) <= 15:
        return digits
    return f"{digits[0]}.{digits[1:3].rstrip('0') or '0'}e{len(digits) - 1}".replace(".0e", "e")


def _dimension(net):
    """(dim M, source) of the estimate, remembered per network structure (:func:`~.estimate_bounds.shape_dimension`)."""
    key = _own_key(net)
    got = _DIMS.get(key) if key is not None else None
    if got is None:
        got = shape_dimension(net)
        if key is not None:
            if len(_DIMS) > 256:
                _DIMS.clear()
            _DIMS[key] = got
    return got


#: :func:`_dimension` per network structure
_DIMS: dict = {}
def _points(net, kind):
    """(E, source, lower_bound)."""
    if kind in ("frobenius", "generic", "bombieri"):       # bombieri: Friedland-Ottaviani's eigenvector count
        from algnet.analyses.critical.ed import ed_formula

        try:
            value, src = ed_formula(net, kind)
        except AlgnetError:     # no closed form that applies (module doc: which)
            value, src = None, ""
        if value is not None:
            return int(value), f"a theorem: {src}", False
        bound = curve_bound(net)        # a map of P^1: 3e - 2 (no Groebner basis inside the estimate)
        if bound is not None:
            return bound[0], f"a theorem: {bound[1]}", False
    if kind == "generic":
        try:
            deg = net.expected_degree()
        except AlgnetError:     # the family's degree theorem does not apply (NotApplicableError, its reason)
            deg = None
        if deg is not None and deg[0] is not None:
            return int(deg[0]), "the degree of M by a theorem; the generic ED degree is at least the degree", True
    return 1, "no theorem gives the count", True


def _kind(loss) -> str:
    # data only as make_loss reads it, a pair (X, Y); any other tuple is a form Q there (refused by its checks)
    return loss if isinstance(loss, str) else ("data" if isinstance(loss, tuple) and len(loss) == 2 else "metric")


def _own_key(net):
    """The network's key for the per-process memos below (None for a network on a subspace of another's parameters,
    whose spec need not say which subspace)."""
    if hasattr(net, "basis") and hasattr(net, "parent"):
        return None
    return (type(net).__module__, type(net).__name__, str(net.spec), int(net.n_params))


def remembered_parameter_degree(net) -> int:
    """``net.parameter_degree()`` (a bound on the outputs' total degree in the parameters), remembered per network
    structure in this process: the estimate and the gradient family both read it (0.1-0.15 ms each).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> remembered_parameter_degree(parse_spec("dense 3-2-2-1 r=2"))      # 1 + 2 + 4
    7
    """
    key = _own_key(net)
    got = _DEGREES.get(key) if key is not None else None
    if got is None:
        got = int(net.parameter_degree())
        if key is not None:
            if len(_DEGREES) > 256:
                _DEGREES.clear()
            _DEGREES[key] = got
    return got


_DEGREES: dict = {}
#: the shape part of an estimate (dim M, the parameter degree, the points) per network structure and loss kind
_SHAPES: dict = {}


def _shape(net, kind, degree=None, dimension=None):
    """(dim, dim_source, D, (E, source, lower_bound)) of :func:`critical_estimate`, remembered per network
    structure and loss kind (a loss on data: not remembered). ``degree``: the parameter degree when the caller
    has it (a loaded structure's record, :func:`~.structure_load.recorded_degree`), else computed; ``dimension``:
    :func:`_dimension` of ``net`` when the caller has it, else computed."""
    key = _own_key(net)
    key = None if key is None or kind == "data" else key + (kind,)
    got = _SHAPES.get(key) if key is not None else None
    if got is None:
        dim, dim_source = _dimension(net) if dimension is None else dimension
        try:
            D = max(1, int(degree) if degree is not None else remembered_parameter_degree(net))
        except AlgnetError:     # no degree bound for this family: degree 2 (the smallest non-linear map)
            D = 2
        got = (dim, dim_source, D, _points(net, kind))
        if key is not None:
            if len(_SHAPES) > 256:
                _SHAPES.clear()
            _SHAPES[key] = got
    return got


def critical_estimate(net, loss="generic", *, classify: bool = True, samples: int = 0) -> CriticalEstimate:
    """The cost of the critical points of ``loss`` on ``net`` (``classify``: with the classification at the real
    target; ``samples``: Voronoi targets, each a parameter homotopy of every critical point), from the shape.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> a = critical_estimate(parse_spec("conv k=2,2,2 r=2"), "generic", classify=False)
    >>> a.points, a.lower_bound
    (404, False)
    >>> b = critical_estimate(parse_spec("conv k=2,2,2 r=2"), "generic", samples=100)
    >>> b.paths > a.paths + 100 * 404
    True
    """
    kind = _kind(loss)
    m, P = int(net.ambient_dimension), int(net.n_params)
    small = degree = dimension = None
    if not (classify or samples or kind == "data"):
        # the route first: a structure loaded from the store (the route's question reads it) brings its network's
        # parameter degree in its record (computing it costs 0.1-0.15 ms of a new process's first count)
        dimension = _dimension(net)         # (read by the route's question and the shape: computed once here)
        small = _remembered_route(net, kind, dimension[0], dimension[1])
        if small is not None and small[0] == _warm_route_name():
            from algnet.analyses.critical.structure_load import recorded_degree

            degree = recorded_degree(net, kind)
    dim, dim_source, D, (E, src, lower) = _shape(net, kind, degree, dimension)       # from the shape: remembered
    try:
        bezout = float((2 * D - 1) ** dim) if dim * math.log10(2 * D - 1) < 300 else math.inf
    except OverflowError:
        bezout = math.inf
    route, paths = small if small is not None else ("monodromy", PATHS_PER_POINT * E + PATHS_FIXED)
    if classify or samples:    # exact for counts beyond floats (a formula's E can have hundreds of digits)
        paths = int(Fraction(CLASSIFY_FACTOR) * paths)
    paths += int(samples) * E
    # m P dim D is beyond floats for networks whose coefficient count has hundreds of digits: then no finite cost
    per_path = PATH_SECONDS + PATH_SECONDS_PER_UNIT * m * P * dim * D if m * P * dim * D < 10**300 else math.inf
    if kind == "frobenius":
        per_path *= FROBENIUS_PATH_FACTOR
    memory = 16 * m * P * (dim + _BATCH) * 4
    # the coefficient map c = T v (loss.coefficient_map): K x K monomial values, their copies and inverse (4 K^2),
    # and T (m^2), float64
    K = m // max(int(net.n_outputs), 1)
    memory += 8 * (4 * K * K + m * m)
    if kind == "data":          # the loss on m coordinates of the values (loss._data_loss); the data's arrays, the
        import numpy as np      # N x K monomial values at them and their QR factors, float64

        per_path += DATA_PATH_SECONDS + DATA_SECONDS_PER_VALUE2 * m * m
        memory += 8 * (int(np.size(loss[0])) + int(np.size(loss[1])) + 3 * int(np.shape(loss[0])[0]) * K)
    memory += CLASSIFY_SETUP_MEMORY if classify or samples else SETUP_AGAIN_MEMORY if _SET_UP else SETUP_MEMORY
    cpu = cpu_main = SETUP_SECONDS + (paths * per_path if paths < 10**300 else math.inf)
    if classify or samples:     # the spurious search's zero patterns (python-tracked slices, from the shape)
        from algnet.analyses.critical.zero_pattern_cost import zero_pattern_seconds

        cpu += zero_pattern_seconds(net)
    upper = upper_src = cpu_up = None
    if lower:
        upper, upper_src = upper_points(net, kind, dim, D)
        if upper is None:       # a bound of more than MAX_UPPER_BITS bits: no finite time at it
            cpu_up = math.inf
        else:
            paths_up = PATHS_PER_POINT * upper + PATHS_FIXED       # the monodromy model at the upper count
            if classify or samples:
                paths_up = int(Fraction(CLASSIFY_FACTOR) * paths_up)
            paths_up += int(samples) * upper
            cpu_up = SETUP_SECONDS + (paths_up * per_path if paths_up < 10**300 else math.inf) + (cpu - cpu_main)
    return CriticalEstimate(str(net.spec), int(E), src, bool(lower), bezout, int(dim), dim_source, int(paths),
                            float(per_path), float(cpu), float(cpu * guards.load_factor()), int(memory), route,
                            upper, upper_src or "", None if cpu_up is None else float(cpu_up))


#: the small route of a count per network structure, loss kind and dim (:func:`_small_route`; the estimate runs before
#: every count)
_ROUTES: dict = {}


def _remembered_route(net, kind, dim, source=None):
    """:func:`_known_route`, else :func:`_small_route` remembered per network structure, kind and dim (``source``:
    the :func:`_dimension` source of ``dim``, when the caller has it)."""
    if source is None:
        source = _dimension(net)[1]
    known = _known_route(net, kind, dim, source)
    if known is not None:
        return known
    key = _own_key(net)
    if key is None:
        return _small_route(net, kind, dim, source)
    key += (kind, int(dim))
    if key not in _ROUTES:
        if len(_ROUTES) > 256:
            _ROUTES.clear()
        _ROUTES[key] = _small_route(net, kind, dim, source)
    return _ROUTES[key]


def _warm_route_name():
    return _warm().ROUTE


def _warm():
    """The module :mod:`.warm` (imported on the first estimate that asks for a route, not with this module; its
    functions read as its attributes at each call)."""
    got = _LATE.get("warm")
    if got is None:
        from algnet.analyses.critical import warm as got

        _LATE["warm"] = got
    return got


#: modules imported by the first call that needs them (:func:`_warm`)
_LATE: dict = {}


def _known_route(net, kind, dim, source=None):
    """(:data:`~.warm.ROUTE`, E) when the structure of ``net`` is known to this process or its store
    (:func:`~.warm.known_structure`): its count tracks the E stored points by one parameter homotopy; else None.
    Asked before the small route's plan, which a new process's first count of a stored structure does not need
    (the plan takes 0.3-0.5 ms of a loaded count). ``source``: the
    :func:`_dimension` source of ``dim`` (computed when None)."""
    if kind not in ("frobenius", "generic") or dim > SMALL_ROUTE_DIM or not dimension_exact(
            source if source is not None else _dimension(net)[1]):
        return None
    warm = _warm()
    try:
        # bounded work (an entry of a structure under the small routes' caps), done here instead of inside the
        # count's own pause of the collector (:func:`~.guarded_run.guarded`): a collection would traverse every
        # live object
        with gc_paused():
            w = warm.known_structure(net, kind, dim)
    except (AlgnetError, OSError):      # a structure the store cannot key, or a disk that fails: the small route's
        return None                     # model (the store's reads never raise: structure_store.read)
    return None if w is None else (warm.ROUTE, int(w.count))


def _small_route(net, kind, dim, source=None):
    """("multihomogeneous" or "total degree", paths) when a count (no classification) of ``kind`` on ``net``
    takes a small route (:func:`~.small.choose_route`, as the solve decides it for ``method="auto"``), with the
    paths it tracks: its start system's (one per orbit where a layer's roots of unity act,
    :func:`~.equivariant.tracked_paths`) twice, the route and its trace test (as measured with
    ``critical_points(classify=False)`` on an empty structure store: dense 2-1-1 r=4 10 + 10, dense 3-1-1 r=4
    79 + 79); None when monodromy runs (or ``dim`` is only a bound, its :func:`_dimension` ``source``, computed when
    None, not exact, :func:`~.estimate_bounds.dimension_exact`: the route needs dim M). Not for the Bombieri
    metric: its small route ended incomplete and gave way to monodromy in the runs measured (dense 3-1-2 r=2: 980
    paths, dense 2-1-1 r=3: 81), so the monodromy model stands there."""
    from types import SimpleNamespace

    from algnet.analyses.critical.small import choose_route, route_probe

    if kind not in ("frobenius", "generic") or dim > SMALL_ROUTE_DIM or not dimension_exact(
            source if source is not None else _dimension(net)[1]):
        return None
    probe = route_probe(net, SimpleNamespace(kind=kind, coordinates="coefficients"), dim)
    try:
        route = choose_route(probe)
    except AlgnetError:     # a family the plan cannot read (NotApplicableError): the monodromy model
        return None
    if route == "multihomogeneous":
        from algnet.analyses.critical.equivariant import tracked_paths
        from algnet.analyses.critical.multihom import layered_plan

        return route, 2 * tracked_paths(layered_plan(net, dim))
    if route == "total degree":
        from algnet.analyses.critical.total_degree import bezout_paths

        return route, 2 * bezout_paths(probe)
    return None


def check_critical(net, loss="generic", *, what: str = "critical points", classify: bool = True, samples: int = 0,
                   force: bool = False, time_limit=None) -> CriticalEstimate:
    """Refuse (TooLargeError with the estimate, the threshold and the cheaper routes) a critical-point analysis
    estimated above the memory limit or ``time_limit`` (:data:`~algnet.guards.DEFAULT_BUDGET` seconds when None), unless
    ``force``; runs estimated longer than :data:`algnet.guards.ANNOUNCE_SECONDS` are announced (a log warning).
    Returns the estimate. ``force`` must be a bool and ``time_limit`` None or positive (ParameterError).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> check_critical(parse_spec("linear 3-1-3"), "frobenius", time_limit=60).points
    3
    >>> try:
    ...     check_critical(parse_spec("linear 12-6-12"), "frobenius", time_limit=60)
    ... except Exception as e:
    ...     print(type(e).__name__, e.paths, "force=True" in str(e))
    TooLargeError 55520 True
    >>> check_critical(parse_spec("linear 12-6-12"), "frobenius", force=True).paths     # insisting: no refusal
    55520
    """
    if not isinstance(force, bool):
        raise ParameterError(f"force={force!r} must be True or False", hint="force=True runs above the estimate")
    limit = guards.check_time_limit(time_limit)
    est = critical_estimate(net, loss, classify=classify, samples=samples)
    budget = DEFAULT_BUDGET if limit is None else limit
    # the default budget is on CPU seconds (the size of the work: a busy machine never refuses a small input);
    # a time limit the user gives is on wall seconds at the current load (when the run would be cut short)
    seconds = est.seconds if limit is not None else est.cpu_seconds
    # the refusal's message (the estimate in words, the cheaper routes) is built only when it is needed: the check
    # runs before every count, and the formatting takes 40-50 us)
    # forced: only a memory estimate above the whole machine refuses (check_resources; conv k=20,20,20 r=2 --force
    # would allocate its 521,855^2 coefficient map, 3.96 TiB)
    if force and est.memory > SMALL_MEMORY:
        guards.check_resources(f"{est.spec}: {what}: {est.describe()}:", memory=est.memory, force=True,
                               hint="'algnet dimension' of the network, a narrower or shallower network")
    if not force and (_above_memory_limit(est.memory) or seconds > budget):
        which = ("" if limit is not None
                 else f" (without a time limit: the default budget of {guards.format_seconds(budget)} of CPU)")
        from algnet.analyses.routes_estimate import critical_routes

        # the routes whose own estimates pass, built only on a refusal
        cheaper = (lambda: critical_routes(net, loss, classify=classify, samples=samples, memory=est.memory,
                                           seconds=seconds, budget=budget))
        guards.check_resources(f"{est.spec}: {what}: {est.describe()}{which}:", memory=est.memory,
                               seconds=seconds, time_limit=budget, force=force, hint=cheaper, paths=est.paths,
                               points=est.points, points_lower_bound=est.lower_bound, cpu_seconds=est.cpu_seconds)
    if not force and est.seconds > guards.ANNOUNCE_SECONDS:
        import logging

        logging.getLogger("algnet").warning("algnet: starting a long computation: %s: %s: %s; interrupting "
                                            "keeps what is finished (a lower bound)", est.spec, what, est.describe())
    return est


#: below this many bytes planned an estimate is never above the memory limit unless ``ALGNET_MEMORY_LIMIT`` says so:
#: refusing it would need less than 46 MiB of available memory (the limit is 70% of it), less than the resident
#: set of this Python process, which has numba and the kernels loaded to plan so little (a count's estimate in a
#: new process plans :data:`SETUP_MEMORY`: checked). Not reading /proc/meminfo and the cgroup limit (40-80 us,
#: at most once a second) for such an estimate: linear 2-1-2 plans 16 MiB + 67 KiB in a process that has counted
SMALL_MEMORY = 32 * 2**20

#: whether a guarded count has ended in this process with numba imported (:func:`note_set_up`)
_SET_UP: list = []


def note_set_up() -> None:
    """Record that a guarded count (no classification) has ended in this process with numba imported: the set-up of
    :data:`SETUP_MEMORY` (numba, scipy, the compiled kernels) is resident, and a later count's estimate plans
    :data:`SETUP_AGAIN_MEMORY` for it (:mod:`.guarded_run` calls this; without numba, a count by the numpy
    tracker, nothing is recorded: a later count may still load numba).

    Examples
    --------
    >>> import sys
    >>> note_set_up()
    >>> bool(_SET_UP) == ("numba" in sys.modules)
    True
    """
    if not _SET_UP and "numba" in sys.modules:
        _SET_UP.append(True)


def _above_memory_limit(memory: int) -> bool:
    """Whether ``memory`` bytes are above :func:`algnet.guards.memory_limit` (not read below :data:`SMALL_MEMORY`
    without ``ALGNET_MEMORY_LIMIT``).

    Examples
    --------
    >>> _above_memory_limit(1000), _above_memory_limit(2**80)
    (False, True)
    """
    if memory <= SMALL_MEMORY and not os.environ.get("ALGNET_MEMORY_LIMIT"):
        return False
    return memory > guards.memory_limit()


#: A guarded run whose paths are estimated below this many CPU seconds (:func:`critical_estimate`: ``paths`` x
#: ``per_path``, the set-up apart; the model overestimates small counts 10-100x) runs with Python's automatic cyclic
#: garbage collection paused (:func:`~algnet.homotopy.kernel_cache.gc_paused`). Its collections there traverse
#: live objects, not garbage: the tracer's affine forms while two tapes are recorded; after numba's and scipy's
#: imports (about 125,000 tracked objects) one generation-1 collection takes 1.1-1.9 ms of a 13-16 ms first count
#: with an empty store (linear 2-1-2, dense 2-1-1 r=3).
#: The cycles a run leaves (a tape builder and its tracers) are collected by the next collection after it.
NO_GC_SECONDS = 0.5


def _small(est) -> bool:
    """Whether the estimate ``est`` (None: not estimated) is of a run below :data:`NO_GC_SECONDS` of paths, from
    a count a theorem gives (not a lower bound: dense 3-2-3 r=2's estimate counts 1 point for its 12,332 paths)."""
    return est is not None and not est.lower_bound and est.paths * est.per_path < NO_GC_SECONDS
