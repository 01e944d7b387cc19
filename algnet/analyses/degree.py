"""Degree of a neuromanifold by random linear slicing and homotopy root counting.

The degree of M (the affine cone of dimension m in the function space C^A)
is the number of points of M cut by a generic affine-linear space L of
codimension m. Linear equations in the function-space coordinates are
generic linear combinations of the values f_theta(z_1..z_K) at fixed
unisolvent points z_k (the values determine the coefficients by an
invertible linear map), so no monomial coefficients are needed:

    R . (f_theta(z_k))_k = c          (m equations, R random)
    A . theta            = b          (e = n_params - m equations, A random)

is a square system in theta; its solutions lie over the points of M ∩ L,
each generic fiber (dimension e) cut by the e affine equations A theta = b
into finitely many points. Starting from theta_0 (with c, b chosen so that
theta_0 solves it), monodromy in the offsets (c, b) collects one
representative per image point (points of one fiber are identified by their
images, compared in function space); the trace test in the direction of c
checks completeness; Krawczyk's test in ball arithmetic certifies the
representatives and the distinctness of their images. The number of points
per fiber is counted separately (monodromy in b alone, seeded by the known
finite symmetries where the family provides them).

Examples
--------
>>> r = degree("linear 3-1-3", method="monodromy", seed=1)     # 3x3 matrices of rank <= 1
>>> r.degree, r.trace_test_passed, r.certified_distinct
(6, True, 6)
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

import numpy as np

from algnet.analyses import degree_reuse, routes_estimate
from algnet.analyses.shared import _USED, DimensionCache, current_cache, records_dimension, sharing
from algnet.analyses.degree_estimate import DEFAULT_TIME_BUDGET, check_witness_memory
from algnet.analyses.network_input import as_network, network_dimension
from algnet.display import RichReprMixin
from algnet.errors import NotApplicableError, ParameterError, TooLargeError

__all__ = ["DegreeResult", "degree", "NetworkWitnessFamily", "METHODS", "MAX_PATHS", "DEFAULT_TIME_BUDGET",
           "theorem_dimension"]

#: A known degree (from a theorem) above this many points is refused for monodromy unless forced
#: (monodromy tracks about three paths per point; linear 8-4-8 has degree 232,848).
MAX_PATHS = 20_000

METHODS = ("auto", "monodromy", "hilbert", "formula")

# auto: the witness system has n_params unknowns and every path evaluates the
# network at K = (number of output monomials) points; above these sizes auto
# refuses rather than run for hours (measured on this 2-core machine: linear
# 6-2-4, 20 unknowns, degree 105: about 30 s with certification; the time
# grows roughly like degree x (number of loops) x (path cost)).
from algnet.guards import DEGREE_AUTO_MAX_PARAMS as _AUTO_MAX_PARAMS, DEGREE_AUTO_MAX_VALUES as _AUTO_MAX_VALUES


@dataclass(frozen=True, eq=False)
class DegreeResult(RichReprMixin):
    """Degree of a neuromanifold, with its witnesses and what they prove.

    Attributes
    ----------
    spec : str
    degree : int
        Number of distinct image points of M ∩ L (monodromy), or the value
        of the exact/closed-form route named in ``method``.
    dimension, ambient, n_params, fiber_dimension : int
    fiber_points : int or None
        Points of one generic fiber cut by ``fiber_dimension`` random affine
        equations (found by monodromy in the fiber slices, seeded by the
        known finite symmetries listed in ``fiber_note``).
    witness_function : ndarray (degree, ambient)
        The witness points in function-space coordinates (coefficients in
        ``net.coordinate_names()`` order).
    witness_parameters : ndarray (degree, n_params)
        One parameter vector over each witness point.
    paths, loops : int
        Paths tracked in total (monodromy, trace test, fiber count), loops.
    path_failures : dict
        Paths that did not end well, by status (reported, never dropped silently).
    trace_test_residual : float or None
    trace_test_passed : bool or None
    certified : int or None
        Representatives certified by Krawczyk's test (a unique solution of
        the square system in a box).
    certified_distinct : int or None
        Certified representatives whose image balls are pairwise disjoint:
        a proof that M ∩ L has at least this many points.
    real : int or None
        Certified real solutions (0 for the complex random slices used here).
    method : str
    reason : str
        Why this method (and, for ``auto``, why it was chosen).
    seed, seconds, partial
    evaluator : str
        "batched" (all paths through one straight-line program) or "per-path".
    confirmation : str
        Why the count is exact, when it is: "theorem: ..." (a closed form
        whose hypotheses hold, equal to the count: certified), or the Hilbert
        polynomial agreeing (two independent routes; not a proof). Empty when
        completeness rests on the trace test alone (numerical).

    Examples
    --------
    2x2 matrices of rank <= 1 are the hypersurface det = 0, of degree 2: two witness points, each a
    singular matrix (coordinates a[0,0], a[0,1], a[1,0], a[1,1]).

    >>> import numpy as np
    >>> r = degree("linear 2-1-2", method="monodromy", seed=0)
    >>> r.degree, r.dimension, r.fiber_dimension, r.certified_distinct, r.witness_function.shape
    (2, 3, 1, 2, (2, 4))
    >>> W = r.witness_function
    >>> bool(np.abs(W[:, 0] * W[:, 3] - W[:, 1] * W[:, 2]).max() < 1e-10)
    True
    >>> d = r.as_dict(); d["degree"], d["seed"], d["certified"] == r.certified
    (2, 0, True)
    """

    spec: str
    degree: int
    dimension: int
    ambient: int
    n_params: int
    fiber_dimension: int
    method: str
    reason: str
    seed: int | None
    seconds: float
    fiber_points: int | None = None
    fiber_note: str = ""
    witness_function: np.ndarray | None = field(default=None, repr=False)
    witness_parameters: np.ndarray | None = field(default=None, repr=False)
    paths: int = 0
    loops: int = 0
    path_failures: dict = field(default_factory=dict)
    trace_test_residual: float | None = None
    trace_test_passed: bool | None = None
    certified: int | None = None
    certified_distinct: int | None = None
    real: int | None = None
    stop_reason: str = ""
    evaluator: str = ""
    partial: bool = False
    depends_on: tuple = field(default=(), repr=False)
    confirmation: str = ""

    @property
    def evidence(self):
        """The :class:`algnet.evidence.Evidence` record (with the dimension's evidence in ``depends_on``)."""
        from algnet.evidence import Evidence

        if (self.partial or self.trace_test_passed is False) and self.certified_distinct is not None:
            unproved = self.degree - self.lower_bound
            proves = (f"deg M >= {self.lower_bound} (Krawczyk: distinct certified points of M cut by a random affine "
                      f"space; {self.degree} points found" + (f", {unproved} of them not certified distinct" if unproved
                                                              else "") + "; witness set possibly incomplete)")
        elif self.partial or self.trace_test_passed is False:
            proves = f"deg M >= {self.degree} (witness set possibly incomplete: a lower bound)"
        elif self.method == "formula":
            proves = f"deg M = {self.degree} (closed form of a theorem: {self.reason})"
        elif self.is_certified_lower_bound:
            proves = (f"deg M >= {self.certified_distinct} (Krawczyk: distinct certified points of M cut by a "
                      "random affine space); completeness by the trace test (numerical)")
        else:
            proves = f"deg M = {self.degree} with numerical evidence ({self.method}), not proved"
        # a theorem that applies makes the count exact: its closed form, or a count (Hilbert polynomial, or
        # monodromy whose trace test passed) equal to it; a count without one stays numerical evidence
        theorem = self.confirmation.startswith("theorem") and not self.partial \
            and (self.method in ("formula", "hilbert") or self.trace_test_passed is True)
        if theorem and self.method != "formula":
            proves = f"deg M = {self.degree} (the count agrees with a theorem that applies: {self.confirmation[9:]})"
        elif self.confirmation and not theorem and not self.partial and self.trace_test_passed is not False:
            proves = f"deg M = {self.degree} with numerical evidence; {self.confirmation}"
        return Evidence.combine(f"degree by {self.method}", () if theorem and self.method == "formula"
                                else self.depends_on,
                                certified=theorem, proves=proves, probability_bound=None, seed=self.seed,
                                seconds=self.seconds, partial=self.partial)

    @property
    def lower_bound(self) -> int:
        """The lower bound on deg M this result stands for when its count is not the answer (``partial``, or
        a failed trace test): the points Krawczyk's test certified distinct when it ran, else the points
        found. Points found are no lower bound by themselves: two numerical copies of one point (which
        also make the trace test fail) would be counted twice.

        Examples
        --------
        >>> r = degree("linear 2-1-2", method="monodromy", seed=0)
        >>> r.lower_bound == r.certified_distinct == r.degree == 2
        True
        """
        if self.certified_distinct is not None:
            return min(self.degree, self.certified_distinct)
        return self.degree

    @property
    def is_certified_lower_bound(self) -> bool:
        """True when ball arithmetic proved at least ``degree`` distinct points of M ∩ L."""
        return self.certified_distinct is not None and self.certified_distinct >= self.degree

    def as_dict(self) -> dict:
        """JSON-ready summary (no arrays)."""
        return {
            "spec": self.spec, "degree": self.degree, "dimension": self.dimension, "ambient": self.ambient,
            "n_params": self.n_params, "fiber_dimension": self.fiber_dimension,
            "fiber_points": self.fiber_points, "method": self.method, "reason": self.reason,
            "paths": self.paths, "loops": self.loops, "path_failures": dict(self.path_failures),
            "trace_test_residual": self.trace_test_residual, "trace_test_passed": self.trace_test_passed,
            "certified": self.certified, "certified_distinct": self.certified_distinct, "real": self.real,
            "stop_reason": self.stop_reason, "evaluator": self.evaluator, "seed": self.seed,
            "seconds": round(self.seconds, 3), "partial": self.partial, "evidence": self.evidence.as_dict(),
            "confirmation": self.confirmation,
        }

    def __repr__(self):
        parts = [f"spec={self.spec!r}", f"degree={self.degree}", f"dimension={self.dimension}",
                 f"method={self.method!r}"]
        if self.method == "monodromy":
            parts += [f"fiber_points={self.fiber_points}", f"paths={self.paths}", f"loops={self.loops}",
                      f"trace_test_residual={self.trace_test_residual:.1e}" if self.trace_test_residual is not None
                      else "trace_test_residual=None",
                      f"certified={self.certified}", f"certified_distinct={self.certified_distinct}"]
            if self.path_failures:
                parts.append(f"path_failures={self.path_failures}")
        parts += [f"seed={self.seed}", f"seconds={self.seconds:.2f}"]
        if self.partial:
            parts.append("partial")
        return f"DegreeResult({', '.join(parts)})"


# ------------------------------------------------------------ the witness system (its own module)
from algnet.analyses import witness as _witness  # noqa: E402

_NetworkValues = _witness.NetworkValues  # the former name (bench/ and older callers)
from algnet.analyses.witness_family import NetworkWitnessFamily  # noqa: E402


# ------------------------------------------------------------------ helpers
def _formula(net):
    """(degree, reason) from a theorem the network knows applies (its ``expected_degree``),
    else NotApplicableError."""
    got = net.expected_degree() if hasattr(net, "expected_degree") else None
    if got is None:
        raise NotApplicableError(f"{net.spec}: no closed-form degree is known to algnet for this network",
                                 hint="use method='monodromy' (or 'hilbert' for small cases)")
    return got


def theorem_dimension(net):
    """(dim M, source) when the theorem behind the network's closed-form degree also gives dim M, else None.

    The determinantal variety of m x n matrices of rank <= r (a bias-free linear network, r its narrowest width)
    has dimension r(m + n - r) (Bruns-Vetter, Prop. 1.1); the neuromanifold of a stride-1 convolutional network
    with t^r, r > 1, is the cone over a Segre-Veronese variety of dimension sum(k_i) - L + 1
    (Shahverdi-Marchetti-Kohn, Thm. 2.4), the hypotheses of its degree formula. The formula route takes that
    value instead of a Jacobian rank (linear 60-60-60-60: 10.5 s of CPU and 500 MB for the rank of a
    3602 x 10800 sketch, where the theorem gives 3600).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> theorem_dimension(parse_spec("linear 3-1-3"))[0]           # 3 x 3 matrices of rank <= 1: 1 * (3 + 3 - 1)
    5
    >>> theorem_dimension(parse_spec("conv k=2,3 r=2"))[0]         # 2 + 3 - 2 + 1
    4
    >>> theorem_dimension(parse_spec("dense 2-2-1 r=2")) is None     # no closed-form degree: computed
    True
    """
    from algnet.architectures.conv import ConvNetwork
    from algnet.architectures.dense import LinearNetwork
    from algnet.formulas import determinantal_dimension

    if isinstance(net, LinearNetwork) and not net.bias:
        m, n, r = net.widths[-1], net.widths[0], min(net.widths)
        return determinantal_dimension(m, n, r), f"{m}x{n} matrices of rank <= {r}, Bruns-Vetter, Prop. 1.1"
    if isinstance(net, ConvNetwork):
        try:
            applies = net.expected_degree() is not None     # stride 1 and t^r with r > 1, as the formula needs
        except NotApplicableError:
            applies = False
        exp = net.expected_dimension() if applies else None
        if exp is not None:
            return int(exp[0]), exp[1]
    return None


# ------------------------------------------------------------------ main entry
@records_dimension
def degree(net, method: str = "auto", seed=None, options=None, certify: bool = True,
           fiber: bool = False, fiber_slice: str = "coordinate", hilbert_up_to: int = 12, show_progress: bool = False,
           force: bool = False, fiber_time: float = 60.0, attempts: int = 3,
           time_limit: float | None = None, confirm: bool = True) -> DegreeResult:
    """Degree of the neuromanifold of ``net``.

    Parameters
    ----------
    net : Network or str
    method : {"auto", "monodromy", "hilbert", "formula"}
        "monodromy": witness set by random linear slicing and homotopy
        continuation (module doc). "hilbert": the Hilbert polynomial of
        :mod:`algnet.analyses.hilbert`. "formula": a theorem's closed form
        (determinantal degree for linear networks, the convolutional degree
        formula for stride-1 convolutional networks with r > 1, or 1 for M
        proved to be a linear space, :mod:`algnet.analyses.span`). "auto":
        the theorem when one applies (and says so), else monodromy up to a
        size limit.
    seed : int, optional
        Seeds every random choice (slices, start point, loops); drawn when
        None; the seed used is stored and reproduces the result.
    options : MonodromyOptions, optional
        Default: :func:`~algnet.analyses.degree_monodromy.degree_options` (the
        tracker's default threads: a second one where a core is idle).
    certify : bool
        Run Krawczyk's test on the witness points (monodromy).
    fiber : bool
        Also count the points of a generic fiber cut by random affine
        equations (a separate monodromy, capped at ``fiber_time`` seconds;
        off by default: it can cost more than the degree itself).
    fiber_slice : {"coordinate", "random"}
        How the witness system cuts the fibers: "coordinate" fixes the e
        parameters on which the fiber's tangent space projects best (chosen
        by pivoting on the kernel of the Jacobian at the random start point;
        a transversal slice, so every nearby fiber meets it once per branch;
        far better conditioned when the fibers are orbits of rescalings
        t -> t^-r); "random" uses random affine equations. Completeness is
        checked by the trace test either way.
    hilbert_up_to : int
        Largest degree of the Hilbert function tried by method="hilbert"
        (it stops at the first degree where the Hilbert polynomial is determined).
    show_progress : bool
    force : bool
        Run monodromy above the size limits, the path estimate and the time budget.
    fiber_time : float
        Seconds allowed to the fiber count (its count is then a lower bound).
    attempts : int
        Monodromy attempts (fresh slices, more loops, rescaled starts) while
        the trace test fails; then the Hilbert polynomial is tried, and if
        that fails too the result is a lower bound marked ``partial``.
    time_limit : float, optional
        Seconds the run may take. method="hilbert" stops after the graded
        piece at which the limit passes (NotApplicableError saying the degree
        reached: no degree is claimed). When no theorem gives the degree,
        the work is estimated first (:mod:`algnet.analyses.degree_estimate`:
        the worst case, a Bézout upper bound on the degree x paths per point x
        a few timed paths' seconds; when that is over the budget, a monodromy
        pilot's capture-recapture estimate of the degree at its measured
        paths per point and seconds per path) and refused above this budget
        (default :data:`DEFAULT_TIME_BUDGET`) unless ``force``; ``force`` lifts
        the default budget, not a ``time_limit`` given. A run allowed is held
        to the limit: at it, the search, trace test, certification or
        cross-check stops and the count found is returned marked ``partial``
        (a lower bound) when it is not complete; kernels not compiled yet on
        this machine whose compilation would not fit are refused first.
    confirm : bool
        When no theorem gives the degree and the trace test passed, cross-check
        the monodromy count by the Hilbert polynomial (capped at 5 s; an
        agreement is stored in ``confirmation``). ``False`` skips it: the
        count then rests on the trace test alone (numerical evidence, said in
        ``reason`` and ``evidence``). A theorem that applies is compared
        either way (that costs nothing).

    Returns
    -------
    DegreeResult
        Ctrl-C returns the points found so far, ``partial`` (a lower bound),
        whichever step it interrupts. ``confirmation`` says what confirms the
        count: a theorem that applies (then it is exact), or the Hilbert
        polynomial agreeing (two routes agree; not a proof).

    Raises
    ------
    ParameterError
        Unknown method or fiber slice, a bad seed, non-boolean switches.
    NotApplicableError
        "formula" without an applicable theorem, "hilbert" not stabilised, a
        network that is not polynomial.
    TooLargeError
        Monodromy above the size limits, a known degree needing more paths
        than ``MAX_PATHS`` (hint: ``force=True`` or ``method="formula"``), or
        an estimated time above ``time_limit`` (the estimate is in the
        message and in ``info``: ``paths``, ``seconds``, ``degree_bound``), or a
        monodromy witness system above the memory limit (its estimate,
        :func:`~algnet.analyses.degree_estimate.witness_memory`, in
        ``memory_bytes``; above the whole machine even with ``force=True``).

    Examples
    --------
    >>> r = degree("linear 2-1-2", seed=0)          # a theorem applies: 2x2 matrices of rank <= 1
    >>> r.degree, r.method, r.evidence.certified
    (2, 'formula', True)
    >>> r = degree("linear 3-1-3", method="monodromy", seed=1)
    >>> r.degree, r.trace_test_passed, r.confirmation.startswith("theorem")
    (6, True, True)
    """
    from algnet.analyses.shared import check_seed

    t0 = time.perf_counter()
    spec = net if isinstance(net, str) else None
    net = as_network(net)
    seed = check_seed(seed)
    _check_options(method, fiber_slice, hilbert_up_to, certify, fiber, force, show_progress, fiber_time, attempts,
                   confirm)
    from algnet.guards import check_time_limit

    time_limit = check_time_limit(time_limit)
    if not getattr(net, "polynomial", True):
        raise NotApplicableError(f"{net.spec}: not a polynomial network, its neuromanifold has no degree",
                                 hint="degree applies to linear, dense, conv and attention networks")
    cache = current_cache()
    spec = spec if cache is None else None      # a Neuromanifold's own cache takes precedence
    reused = degree_reuse.SPEC_REUSE.dimension(spec) if spec is not None else None
    cache = cache if cache is not None else DimensionCache()
    if reused is not None:
        cache.put(net, reused)
    # the linear-space test, the estimate and the monodromy use one dimension
    with sharing(cache=cache):
        res = _routes(net, method, seed, options, certify, fiber, fiber_slice, hilbert_up_to, show_progress,
                      force, fiber_time, attempts, time_limit, confirm, t0, spec)
    if spec is not None:
        degree_reuse.SPEC_REUSE.keep(spec, cache.get(net))
        if reused is not None and any(r is reused for r in _USED.get() or ()):   # records_dimension's list
            degree_reuse.SPEC_REUSE.reused += 1
            if reused.seed != seed:     # with this seed the dimension is the one this call would compute
                res = replace(res, reason=res.reason + f"; dim M = {reused.dimension} (certified) reused from an "
                              f"earlier call on {spec!r} (seed {reused.seed}; its evidence in depends_on)")
    return res


def _routes(net, method, seed, options, certify, fiber, fiber_slice, hilbert_up_to, show_progress, force,
            fiber_time, attempts, time_limit, confirm, t0, spec=None):
    """The body of :func:`degree` after its checks: the theorem (a closed form, or M a linear space), the
    Hilbert polynomial or monodromy, inside one dimension-sharing block (``spec``: the spec string whose
    linear-space verdict :data:`~algnet.analyses.degree_reuse.SPEC_REUSE` may keep)."""
    try:
        known = _formula(net)
    except NotApplicableError:
        known = None
    if known is None and method != "auto":
        known = degree_reuse.SPEC_REUSE.linear_space(spec, net, seed, _AUTO_MAX_PARAMS, _AUTO_MAX_VALUES)
    reason = ""
    if method == "auto":
        if known is not None:
            method, reason = "formula", f"auto: a theorem applies: {known[1]}"
        else:
            values = net.monomial_count() * net.n_outputs
            if not (net.n_params <= _AUTO_MAX_PARAMS and values <= _AUTO_MAX_VALUES):
                # the size first (at dim M's upper bound; the K x K step dominates): a witness system larger than
                # the memory is refused with its estimate, and one larger than the machine even under force
                check_witness_memory(net, min(net.n_params, net.ambient_dimension), force)
            if not (net.n_params <= _AUTO_MAX_PARAMS and values <= _AUTO_MAX_VALUES or force):
                msg, est = routes_estimate.degree_auto_refusal(net, values, seed)     # with the estimate
                raise TooLargeError(msg, **est, hint=routes_estimate.degree_routes(net))
            known = degree_reuse.SPEC_REUSE.linear_space(spec, net, seed, _AUTO_MAX_PARAMS, _AUTO_MAX_VALUES)
            if known is not None:
                method, reason = "formula", f"auto: a theorem applies: {known[1]}"
        if method == "auto":
            method = "monodromy"
            reason = (f"auto: no theorem applies; monodromy ({net.n_params} parameters <= {_AUTO_MAX_PARAMS}, "
                      f"{values} sample values <= {_AUTO_MAX_VALUES})")
    if method == "formula":
        if known is None:
            _formula(net)   # raises NotApplicableError with its reason
        d, why = known
        proved = theorem_dimension(net)
        try:
            if proved is not None:      # the theorem's own dimension: no Jacobian rank to compute
                dim = proved[0]
                reason = (reason or why) + f"; dim M = {dim} by a theorem, not computed ({proved[1]})"
            else:
                dim = network_dimension(net, seed)
        except TooLargeError:  # the theorem's value needs no computation; its dimension comes with it
            exp = net.expected_dimension()
            if exp is None:
                raise
            dim = int(exp[0])
            reason = (reason or why) + f"; dimension {dim} from {exp[1]} (its Jacobian rank was refused as too large)"

        return DegreeResult(net.spec, int(d), dim, net.ambient_dimension, net.n_params, net.n_params - dim,
                            "formula", reason or why, seed, time.perf_counter() - t0, confirmation=f"theorem: {why}")
    if method == "hilbert":
        left = None if time_limit is None else max(time_limit - (time.perf_counter() - t0), 0.01)
        from algnet.analyses.degree_hilbert import hilbert_route

        res = hilbert_route(net, seed, hilbert_up_to, left, time_limit)
        why = f"Hilbert polynomial up to degree {res.up_to} ({res.stabilization}); {res.method}"
        confirmation = ""
        if known is not None and int(known[0]) == int(res.degree):
            confirmation = f"theorem: {known[1]}"
        elif known is not None:
            why += f"; DISAGREES with the theorem's value {known[0]} ({known[1]})"
        return DegreeResult(net.spec, int(res.degree), int(res.dimension), net.ambient_dimension, net.n_params,
                            net.n_params - int(res.dimension), "hilbert", why, seed, time.perf_counter() - t0,
                            confirmation=confirmation)
    from algnet.analyses.critical.guarded_run import check_compile
    from algnet.analyses.degree_estimate import guard_monodromy
    from algnet.analyses.degree_monodromy import monodromy_route, within_time_limit
    from algnet.analyses.shared import dimension_result

    # before any pilot or attempt draws the witness system: its arrays against the memory (forced: the machine)
    check_witness_memory(net, int(dimension_result(net, seed=seed).dimension), force)
    # the pilot and the route compile the homotopy kernels on a cold cache, which no time limit can interrupt
    check_compile(net.spec, "the degree by monodromy", time_limit, _degree_kernels())

    # force lifts the default budget; a time limit given explicitly still holds
    pilot = None
    if time_limit is not None or (not force and known is None):
        # a pilot that finished the search comes back: the route takes its search if it is the first attempt's
        reason, pilot = guard_monodromy(net, seed, time_limit, reason, known, show_progress=show_progress)

    def route():
        res = monodromy_route(net, seed, options, certify, fiber, fiber_slice, show_progress, force, fiber_time,
                              attempts, known, reason, t0, confirm=confirm, pilot=pilot)
        if fiber and res.fiber_dimension == 0 and res.method == "monodromy" and not res.partial:
            res = _finite_fiber(net, res, seed, t0)
        return res

    # every step after the guard (the search, the trace test, the certification, the cross-check) within the limit
    return within_time_limit(net.spec, time_limit, t0, route)


#: Kernels of :data:`~algnet.analyses.critical.guarded_run.COMPILE_CPU` the degree route never dispatches: the
#: tape evaluator ``tape_eval_batch`` runs only for a homotopy evaluated outside the compiled tracker (whose
#: kernels evaluate the tape inside), that is the trace test's fallback for a family without its own evaluation;
#: every family of the route (the network's witness family, its pinned forms, its disc form) has one. Its 2 CPU s
#: of compilation made the compile check refuse short limits on a cache that held every kernel the route runs.
NOT_DISPATCHED = ("algnet.homotopy.kernels:tape_eval_batch",)


def _degree_kernels() -> dict:
    """The compiled kernels the monodromy route may compile first (with their measured CPU seconds): those of
    :data:`~algnet.analyses.critical.guarded_run.COMPILE_CPU` but the critical points' own disc kernel and those
    the route never dispatches (:data:`NOT_DISPATCHED`).

    Examples
    --------
    >>> ks = _degree_kernels()
    >>> "algnet.homotopy.batched:advance_batched" in ks, "algnet.homotopy.kernels:tape_eval_batch" in ks
    (True, False)
    """
    from algnet.analyses.critical.guarded_run import COMPILE_CPU

    return {k: v for k, v in COMPILE_CPU.items()
            if not k.startswith("algnet.analyses.critical.") and k not in NOT_DISPATCHED}


def _finite_fiber(net, res, seed, t0):
    """A finite generic fiber counted by monodromy on all preimages (algnet.analyses.fibers), instead of
    the orbit of the known finite symmetries; Ctrl-C keeps the degree and leaves the orbit's lower bound."""
    from dataclasses import replace

    from algnet.analyses.fibers import homotopy_fiber_count

    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 5]))
    theta0 = [int(v) for v in rng.integers(1, 30, size=net.n_params) * rng.choice([-1, 1], size=net.n_params)]
    try:
        hc = homotopy_fiber_count(net, theta0, (), res.dimension, seed)
    except KeyboardInterrupt:
        return res
    status = "numerically complete" if hc.complete else "a lower bound"
    return replace(res, fiber_points=hc.count, fiber_note=f"finite generic fiber: {hc.describe()} ({status})",
                   paths=res.paths + hc.paths, loops=res.loops + hc.loops, seconds=time.perf_counter() - t0)


def _check_options(method, fiber_slice, hilbert_up_to, certify, fiber, force, show_progress, fiber_time, attempts,
                   confirm=True):
    import math
    import numbers

    if not isinstance(method, str) or method not in METHODS:
        raise ParameterError(f"unknown method {method!r}", hint=f"one of {', '.join(METHODS)}")
    if not isinstance(fiber_slice, str) or fiber_slice not in ("coordinate", "random"):
        raise ParameterError(f"unknown fiber_slice {fiber_slice!r}", hint="one of coordinate, random")
    for name, v in (("hilbert_up_to", hilbert_up_to), ("attempts", attempts)):
        if isinstance(v, bool) or not isinstance(v, numbers.Integral) or v < 1:
            raise ParameterError(f"{name}={v!r} must be a positive integer", hint=f"e.g. {name}=3")
    for name, v in (("certify", certify), ("fiber", fiber), ("force", force), ("show_progress", show_progress),
                    ("confirm", confirm)):
        if not isinstance(v, (bool, np.bool_)):
            raise ParameterError(f"{name}={v!r} must be True or False", hint=f"e.g. {name}=True")
    if isinstance(fiber_time, bool) or not isinstance(fiber_time, numbers.Real) or not math.isfinite(fiber_time) \
            or fiber_time <= 0:
        raise ParameterError(f"fiber_time={fiber_time!r} must be a positive number of seconds",
                             hint="e.g. fiber_time=60")
