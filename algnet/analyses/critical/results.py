"""Result objects of the critical-point analyses (immutable, with evidence): a count's
(:class:`CriticalResult`, whose points are :class:`~.critical_point.CriticalPoint`), the ED degree's and the
Voronoi cells', and the one rule that says when a count is partial and why (:func:`incomplete_reason`).

Examples
--------
>>> incomplete_reason(False, True) is None            # complete and not interrupted: not partial
True
>>> incomplete_reason(True, True)
'interrupted'
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from algnet.analyses.critical.critical_point import CriticalPoint
from algnet.display import RichReprMixin
from algnet.evidence import Evidence

_REEXPORTED = (CriticalPoint,)      # (classify and spurious import it from here)
__all__ = ["CriticalResult", "EDDegreeResult", "VoronoiResult", "CRITICAL_KEYS", "residual_digits",
           "incomplete_reason", "failed_paths"]

#: Stable JSON keys of ``algnet critical --json``.
CRITICAL_KEYS = ("spec", "loss", "critical_points", "function_space_points", "pure", "spurious", "real",
                 "real_parameters", "real_parameters_unknown", "real_parameters_certified",
                 "minima", "saddles", "maxima", "degenerate", "positive_dimensional", "certified",
                 "certified_distinct", "certified_real", "method", "completeness", "trace_test_residual",
                 "trace_test_passed", "trace_test_outcome", "trace_test", "paths", "loops", "path_failures",
                 "dimension", "gauge", "generic_pure_images",
                 "lost", "seed", "seconds", "partial", "evidence", "route", "unclassified")


def residual_digits(x):
    """A trace-test residual to two significant digits (its magnitude is the information; the later digits
    are rounding noise), or None. (The first run in a process once differed from the next in the third digit:
    the image map's route was chosen by timing; it no longer is, see ``GradientFamily.image``.)

    Examples
    --------
    >>> residual_digits(3.284870742288413e-14), residual_digits(None)
    (3.3e-14, None)
    """
    return None if x is None else float(f"{float(x):.1e}")


def failed_paths(failures: dict) -> int:
    """Paths that failed, from a ``path_failures`` dict (points dropped as not critical, and points lost on the
    way to the target, which the result counts on their own, are not path failures here).

    Examples
    --------
    >>> failed_paths({"max_steps": 2, "not critical (slice tangent to the fiber)": 3, "to target: lost": 1})
    2
    """
    return int(sum(v for k, v in failures.items() if not k.startswith(("not critical", "to target", "at infinity"))))


def incomplete_reason(interrupted: bool, complete, route: str = "monodromy", lost: int = 0,
                      ill: int = 0, found: int | None = None, failed: int = 0) -> str | None:
    """Why the counts of a critical-point run are only lower bounds, in words, or None when they are the
    answer: Ctrl-C, a failed completeness check (``complete`` False: the trace test failed, or a path of a
    small-system homotopy failed), ``ill`` uncertified critical points at an ill-conditioned target
    (:func:`~.classify.ill_conditioned`), or points lost on the way from the generic target to the real one.

    Examples
    --------
    >>> incomplete_reason(False, True) is None
    True
    >>> incomplete_reason(False, False), incomplete_reason(True, True)
    ('trace test failed: points may be missing', 'interrupted')
    >>> incomplete_reason(False, False, "total degree")
    'a path of the total degree homotopy failed: points may be missing'
    >>> incomplete_reason(False, True, lost=2)
    '2 point(s) lost on the way to the target'
    >>> incomplete_reason(False, True, ill=2)[:60]
    'ill-conditioned target: 2 critical point(s) not certified (H'

    No completeness check at all (``complete`` None) is a lower bound; so is no point ``found`` while ``failed``
    paths failed, however the check came out (a trace test of an empty set is vacuous):

    >>> incomplete_reason(False, True, found=0, failed=3)
    '3 path(s) failed and no critical point was found (a trace test of no points proves nothing)'
    >>> incomplete_reason(False, None, found=2, failed=1)
    'no completeness check ran (1 path(s) failed): points may be missing'
    """
    if interrupted:
        return "interrupted"
    if complete is False:
        if route in ("total degree", "multihomogeneous", "parameter homotopy"):
            return f"a path of the {route} homotopy failed: points may be missing"
        return "trace test failed: points may be missing"
    if complete is None:
        return ("no completeness check ran" + (f" ({int(failed)} path(s) failed)" if failed else "")
                + ": points may be missing")
    if failed and found == 0:
        return (f"{int(failed)} path(s) failed and no critical point was found (a trace test of no points proves "
                "nothing)")
    if ill:
        return (f"ill-conditioned target: {int(ill)} critical point(s) not certified (Hessian condition number "
                "above 1e7: a nearby target has a positive-dimensional critical set, e.g. nearly equal singular "
                "values); their images, types and the real counts are not reliable")
    if lost:
        return f"{int(lost)} point(s) lost on the way to the target"
    return None


@dataclass(frozen=True, eq=False)
class CriticalResult(RichReprMixin):
    """Critical points of L = l o mu for one loss and target (see :func:`critical_points`).

    ``critical_points`` counts the isolated critical points; each positive-dimensional critical set is one entry
    of ``positive_dimensional`` instead (its image is among the ``function_space_points``, which can therefore
    exceed ``critical_points``: conv k=3,2 r=1 has 8 isolated points and the line of critical points through the
    origin, 9 images). Points are counted modulo the continuous symmetries: spurious points of one image on distinct
    orbits, each isolated modulo the symmetries, count apart (conv k=2,2,2 s=2,2,1 r=1, Frobenius: the six points
    (0, b, c), (a, 0, c), (a, b, 0), all of image 0; :func:`~.spurious.seen_point`; points related by a known
    finite symmetry are one). A point on a positive-dimensional critical set, or in the closure of another critical
    orbit, is not isolated: the origin counts only where no other critical point shares its image
    (:func:`~.spurious.origin_on_larger_set`; linear 2-1-2 has it, linear 2-1-1-2 not: the critical set b = 0,
    c^T U a = 0 passes through it). ``certified`` / ``certified_distinct``: Krawczyk-certified points and
    certified-distinct images at the generic complex target where the count is made; ``certified_real``: points
    certified at the real target whose certified image ball meets the real space in every coordinate (consistent with
    a real image; realness itself is decided numerically); ``positive_dimensional``: the dimension of each
    positive-dimensional critical set in parameter space modulo the known symmetries (one entry per set; JSON key
    ``positive_dimensional``): conv k=2,2,2 s=2,2,1 r=1 has the sets a = b = 0, a = c = 0, b = c = 0 (two filters
    zero), each a P^1 of orbits, [1, 1, 1], although each has the one image 0. The dimension of a set's critical
    images is its point's ``image_dimension`` (in ``points``).

    ``real`` counts the critical points with a real image (points of one image on distinct orbits each count: conv
    k=2,2,2 s=2,2,1 r=1 has six over the image 0);
    ``real_parameters`` those reached by real weights (a real
    parameter point was found; the loss and the type of such a point are taken there),
    ``real_parameters_unknown`` those where the search was inconclusive, ``real_parameters_certified``
    the real parameter points certified by Krawczyk's test. ``minima``, ``saddles``, ``maxima`` and
    ``degenerate`` count real critical points by their type, taken at a real parameter point where one
    was found; an image that no real weights reach has the type ``"no real parameters"``, one where the
    search was inconclusive ``"real parameters unknown"``, and neither is in those counts. A point is one point
    modulo the complex symmetries, so it counts once in ``real``; its real points can still fall into several orbits
    of the real symmetries (*real forms*, of possibly different types: dense 1-1-1 r=2 at the target 1 has the line
    w1 = 0, one point, a maximum for w2 > 0 and a minimum for w2 < 0, since w2 / t^2 keeps its sign for real t), and
    each real form counts once in ``minima``, ``saddles``, ``maxima`` or ``degenerate``, which can then add up to
    more than ``real`` (:attr:`~.critical_point.CriticalPoint.real_forms`).

    ``unclassified``: critical points tracked to the target that a run stopped (Ctrl-C, a time limit) before
    classifying; they are in ``critical_points`` and ``function_space_points``, not in the other counts, and the
    result is partial.

    Without classification (``classify=False``: the count at a generic complex target alone) ``real``,
    ``minima``, ``saddles``, ``maxima`` and ``degenerate`` are None (not computed; JSON null), never 0.

    ``partial`` is True whenever the counts are only lower bounds, and ``partial_reason`` says why
    (:func:`incomplete_reason`): Ctrl-C, a failed completeness check (trace test, or a failed path of a
    small-system homotopy) or points lost on the way to the real target; :meth:`summary` then prints
    ``critical points >= N (why; lower bound)`` and the evidence says "at least".

    Examples
    --------
    Eckart-Young for diag(3, 1): two pure critical points (a minimum and a saddle) and the origin:

    >>> from algnet.analyses.critical import critical_points
    >>> r = critical_points("linear 2-1-2", loss="frobenius", target=[3.0, 0.0, 0.0, 1.0], seed=0)
    >>> r.pure, r.spurious, r.minima, r.saddles, r.as_dict()["seed"]
    (2, 1, 1, 2, 0)
    """

    spec: str
    loss: str
    critical_points: int
    function_space_points: int
    pure: int
    spurious: int
    real: int | None
    minima: int | None
    saddles: int | None
    maxima: int | None
    degenerate: int | None
    positive_dimensional: tuple
    certified: int
    certified_distinct: int
    certified_real: int
    method: str
    completeness: str
    trace_test_residual: float | None
    trace_test_passed: bool | None
    paths: int
    loops: int
    path_failures: dict
    dimension: int
    gauge: str
    seed: int
    seconds: float
    partial: bool
    points: tuple = field(default=(), repr=False)
    target: np.ndarray | None = field(default=None, repr=False)
    depends_on: tuple = field(default=(), repr=False)
    generic_pure_images: int = 0
    lost: int = 0
    route: str = "monodromy"
    homotopy_complete: bool | None = None
    partial_reason: str | None = None
    unclassified: int = 0

    def _forms_note(self) -> str:
        """The note on points with several real forms (each typed apart), or ""."""
        forms = [len(p.real_forms) for p in self.points if not p.dimension and getattr(p, "real_forms", ())]
        return (f"; typed by real form: {sum(forms)} more real form(s) of {len(forms)} point(s), other orbits of the "
                "real symmetries") if forms else ""

    def __post_init__(self):
        """A passed trace test vouches for no count on an empty set (vacuous) or cut short by Ctrl-C or the time
        limit (the count is not the set it ran on): ``trace_test_passed`` None and the completeness says why."""
        why = self._unvouched()
        if why and self.trace_test_passed:
            object.__setattr__(self, "trace_test_passed", None)
            object.__setattr__(self, "completeness", f"no trace test stands behind this count ({why})"
                               + self.completeness.removeprefix("trace test passed"))

    def _cut_short(self) -> bool:
        """Stopped by Ctrl-C or a time limit (not by a failed check): the counts are those reached so far."""
        why = self.partial_reason or "interrupted"
        return self.partial and (why == "interrupted" or why.startswith(("time limit", "default budget")))

    def _unvouched(self) -> str | None:
        """Why a passed trace test says nothing of this count, or None (:meth:`__post_init__`)."""
        if self.critical_points == 0 and self.generic_pure_images == 0:
            return "a trace test on no points is vacuous"
        if self._cut_short():
            return (f"the trace test passed at the generic target, but the run was cut short "
                    f"({self.partial_reason or 'interrupted'}): the counts are lower bounds")
        return None

    @property
    def complete(self) -> bool | None:
        """Whether the count at the generic target is complete (numerically): the trace test passed
        (``route`` "monodromy"), or every path of the small-system homotopy ended and its trace test passed
        (``route`` "total degree" or "multihomogeneous"), or the parameter homotopy from the structure's generic
        solutions ended at as many certified critical images as a generic target has (``route`` "parameter
        homotopy", :mod:`.warm`); None when none of them ran.

        Examples
        --------
        >>> from algnet.analyses.critical import critical_points
        >>> r = critical_points("conv k=2,2 r=2", loss="generic", seed=0, classify=False, method="multihomogeneous")
        >>> r.route, r.complete, r.trace_test_passed
        ('multihomogeneous', True, True)
        >>> _ = critical_points("conv k=2,2 r=2", loss="generic", seed=1, classify=False)   # the structure's solve
        >>> r = critical_points("conv k=2,2 r=2", loss="generic", seed=0, classify=False)    # later: the warm route
        >>> r.route, r.complete, r.trace_test_passed
        ('parameter homotopy', True, None)
        """
        if self.critical_points == 0 and self.generic_pure_images == 0 and sum(self.path_failures.values()):
            return False      # paths failed and nothing was found: a vacuous check is no completeness
        if self.route in ("total degree", "multihomogeneous", "parameter homotopy"):
            return self.homotopy_complete
        return self.trace_test_passed

    @property
    def trace_test_outcome(self) -> bool | None:
        """Outcome of the trace test the count's completeness rests on: this count's own (:attr:`trace_test_passed`),
        else, on the warm route (``route`` "parameter homotopy"), the trace test of the structure-level solve, which
        was not rerun: True, since a structure is kept (in the process or in the on-disk store) only after its solve
        was complete, trace test passed, and certified (:mod:`.warm`); None when no trace test stands behind the count
        (also a structure whose solve was complete by its path count, every tracked path at a point of its own:
        :func:`~.small.every_path_counted`, or by a proven bound on the critical images: :mod:`.image_bound`).

        Examples
        --------
        >>> from algnet.analyses.critical import critical_points
        >>> _ = critical_points("conv k=2,2 r=2", loss="generic", seed=1, classify=False)   # the structure's solve
        >>> r = critical_points("conv k=2,2 r=2", loss="generic", seed=0, classify=False)    # the warm route
        >>> r.trace_test_passed, r.trace_test_outcome, r.trace_test.startswith("not rerun")
        (None, True, True)
        """
        if self.trace_test_passed is not None:
            return bool(self.trace_test_passed)
        if self._unvouched():
            return None
        return True if self.route == "parameter homotopy" and not self._path_counted() else None

    def _path_counted(self) -> bool:
        """The structure-level solve behind a warm count was complete by its path count, with no trace test."""
        return "no trace test" in (self.completeness or "")

    @property
    def trace_test(self) -> str:
        """Which trace test stands behind the count, in words: this count's (passed or NOT passed, its residual), the
        structure-level solve's (not rerun by this count; its residual as recorded), or none.

        Examples
        --------
        >>> from algnet.analyses.critical import critical_points
        >>> critical_points("conv k=2,2 r=2", loss="generic", seed=0, classify=False,
        ...                 method="multihomogeneous").trace_test
        'this count: passed (residual ...)'
        >>> critical_points("linear 2-1-2", loss="generic", seed=0, classify=False,
        ...                 method="multihomogeneous").trace_test      # 6 images: the generic ED degree of P1 x P1
        'not run: the count stopped at the proven bound on its critical images (see completeness)'
        """
        if self.trace_test_passed is not None:
            res = "" if self.trace_test_residual is None else f" (residual {self.trace_test_residual:.1e})"
            return f"this count: {'passed' if self.trace_test_passed else 'NOT passed'}{res}"
        if self._unvouched():
            return f"none stands behind this count: {self._unvouched()}"
        from algnet.analyses.critical.image_bound import STOP_PHRASE

        if STOP_PHRASE in (self.completeness or ""):
            return ("not run: the structure-level solve stopped at the proven bound on its critical images"
                    if self.route == "parameter homotopy" else
                    "not run: the count stopped at the proven bound on its critical images (see completeness)")
        if self.route == "parameter homotopy" and self._path_counted():
            return ("not run: the structure-level solve was complete by its path count (every tracked path ended at "
                    "a point of its own)")
        if self.route == "parameter homotopy":
            import re

            m = re.search(r"trace test residual (\d\.\de[+-]\d+)", self.completeness or "")
            res = f" (residual {m.group(1)}, as recorded)" if m else ""
            return ("not rerun: the structure-level solve's, passed when the structure's generic solutions were "
                    f"solved{res}")
        return "not run"

    @property
    def real_parameters(self) -> int:
        """Real critical points reached by real weights (a real parameter point found; :mod:`.realfiber`)."""
        return sum(p.real and p.real_parameters is True for p in self.points)

    @property
    def real_parameters_unknown(self) -> int:
        """Real critical images for which the search of a real parameter point was inconclusive."""
        return sum(p.real and p.real_parameters is None for p in self.points)

    @property
    def real_parameters_certified(self) -> int:
        """Real parameter points certified by Krawczyk's test (a real box on a real slice)."""
        return sum(p.real and p.real_certified for p in self.points)

    @property
    def evidence(self) -> Evidence:
        cert = (not self.partial and (bool(self.trace_test_passed) or bool(self.homotopy_complete)) and not self.lost
                and self.certified_distinct >= self.generic_pure_images)
        proves = (f"at least {self.certified_distinct} critical points with distinct images at a generic complex "
                  "target (Krawczyk boxes; disjoint image balls)")
        if self.partial:
            proves += f"; {self.partial_reason or 'interrupted'}: the counts are lower bounds"
        elif self.lost:
            proves += f"; {self.lost} point(s) lost on the way to the target: its counts are lower bounds"
        if self.real_parameters_certified:
            proves += (f"; {self.real_parameters_certified} real critical point(s) of L at real parameters (Krawczyk, "
                       "real boxes on real slices)")
        return Evidence.combine(self.method, self.depends_on, certified=False, proves=proves,
                                seed=self.seed, seconds=self.seconds, partial=self.partial) if not cert else \
            Evidence.combine(self.method, self.depends_on, certified=False,
                             proves=proves + f"; completeness by {self.completeness} (numerical)",
                             seed=self.seed, seconds=self.seconds, partial=self.partial)

    def as_dict(self) -> dict:
        """JSON-ready summary (the keys of :data:`CRITICAL_KEYS`, plus the points)."""
        d = {k: getattr(self, k) for k in CRITICAL_KEYS if k != "evidence"}
        d["positive_dimensional"] = list(self.positive_dimensional)
        d["path_failures"] = dict(self.path_failures)
        d["seconds"] = round(self.seconds, 3)
        d["trace_test_residual"] = residual_digits(self.trace_test_residual)
        if self.partial:
            d["partial_reason"] = self.partial_reason or "interrupted"
        ev = self.evidence.as_dict()
        d["evidence"] = ev
        d["probability_bound"] = ev["probability_bound"]
        d["points"] = [p.as_dict() for p in self.points]
        return d

    def summary(self, lower_bound: str | None = None) -> str:
        """Readable lines (what the CLI prints); ``lower_bound``: a reason that makes the counts lower bounds
        (the CLI's, e.g. stopped early), in place of ``partial_reason``."""
        partial, reason = (True, lower_bound) if lower_bound else (self.partial, self.partial_reason)
        op = ">=" if partial else "="
        # critical_points counts isolated points; each positive-dimensional set has its own image(s)
        sets = (f" isolated, and {len(self.positive_dimensional)} positive-dimensional critical set(s) "
                f"(dimensions modulo the symmetries {list(self.positive_dimensional)})") if self.positive_dimensional \
            else ""
        head = (f"critical points >= {self.critical_points}{sets} ({reason or 'interrupted'}; "
                "lower bound)" if partial else f"critical points       = {self.critical_points}{sets}")
        at = ">= " if partial else ""        # every count of a partial result is a lower bound, in every line
        lines = [f"spec                  {self.spec}",
                 f"loss                  {self.loss}",
                 head,
                 f"function-space points {op} {self.function_space_points}",
                 f"pure / spurious       {at}{self.pure} / {at}{self.spurious}",
                 *([f"real                  {at}{self.real}   (minima {at}{self.minima}, saddles {at}{self.saddles}, "
                    f"maxima {at}{self.maxima}, degenerate {at}{self.degenerate}" + self._forms_note() + ")",
                    f"real parameters       {at}{self.real_parameters} of {at}{self.real} real images reached by real "
                    f"weights (certified {at}{self.real_parameters_certified}; unknown {at}"
                    f"{self.real_parameters_unknown})"]
                   if self.real is not None else
                   ["real                  not classified (" + (
                       "stopped before the real points were classified)" if partial else
                       "the count at a generic complex target alone: no real points, types or minima computed; "
                       "classify=True computes them)")]),
                 f"positive-dimensional  {list(self.positive_dimensional) or 'none'}" + (
                     " (dimensions in parameter space modulo the symmetries; of their images: "
                     + str([p.image_dimension for p in self.points if p.dimension]) + ")"
                     if self.positive_dimensional and self.points else "") + (
                     " (real: " + ", ".join(f"dimension {p.dimension} {p.kind}" for p in self.points
                                            if p.dimension and p.real) + "; counted in real, not in its types)"
                     if any(p.dimension and p.real for p in self.points) else ""),
                 f"certified             {at}{self.certified} (distinct {at}{self.certified_distinct}, "
                 f"real {at}{self.certified_real}); completeness: {self.completeness}",
                 f"method                {self.method}; seed {self.seed}; {self.seconds:.2f} s"]
        if self.unclassified:
            lines.insert(5, f"not classified        {self.unclassified} of the critical points (tracked to the target, "
                            "stopped before their classification: pure / spurious, real and the types are counts of "
                            "the classified points, lower bounds)")
        if self.path_failures:
            lines.append(f"path failures         {self.path_failures}")
        why = sorted({p.real_note for p in self.points if p.real and p.real_parameters is None})
        if why:
            lines.append("real parameters unknown: " + "; ".join(w.removeprefix("unknown: ") for w in why))
        return "\n".join(lines)

    def __repr__(self):
        p = ", partial: counts are lower bounds" if self.partial else ""
        at = ">= " if self.partial else ""
        return (f"CriticalResult({self.spec!r}, loss={self.loss!r}: {at}{self.critical_points} isolated critical "
                f"points, {at}{self.function_space_points} in function space, pure {at}{self.pure}, spurious "
                f"{at}{self.spurious}, "
                + (f"real {at}{self.real}, minima {at}{self.minima}, saddles {at}{self.saddles}, "
                   if self.real is not None else "not classified, ")
                + f"positive-dimensional {list(self.positive_dimensional)}; certified {at}{self.certified}; "
                f"seed {self.seed}{p})")


@dataclass(frozen=True, eq=False)
class EDDegreeResult(RichReprMixin):
    """ED degree of M: complex critical points of l on the smooth part of M (pure images).

    Examples
    --------
    >>> from algnet.analyses.critical import ed_degree
    >>> r = ed_degree("linear 2-1-2", seed=0)      # 2 x 2 matrices of rank <= 1: Eckart-Young gives 2
    >>> r.ed_degree, r.formula, r.agrees
    (2, 2, True)
    """

    spec: str
    metric: str
    ed_degree: int
    formula: int | None
    formula_source: str
    agrees: bool | None
    critical: CriticalResult = field(repr=False)
    seed: int = 0
    seconds: float = 0.0
    #: how the count was reduced to a smaller network with the same neuromanifold ("" when it was not)
    reduction: str = ""

    @property
    def partial(self) -> bool:
        """Whether :attr:`ed_degree` is only a lower bound: the critical-point run's counts are
        (:attr:`CriticalResult.partial`), or the count is not complete (:attr:`contradiction`). One rule for every
        count of the critical analyses: a count that is not complete is a lower bound, ``partial`` True, and
        :attr:`partial_reason` says why.

        Examples
        --------
        >>> from algnet.analyses.critical import ed_degree
        >>> r = ed_degree("linear 2-1-2", seed=0)
        >>> r.partial, r.partial_reason
        (False, None)
        """
        return bool(self.critical.partial or self.contradiction)

    @property
    def partial_reason(self) -> str | None:
        """Why :attr:`ed_degree` is a lower bound (None when it is not): the run's own reason, or the contradiction."""
        if self.critical.partial:
            return self.critical.partial_reason or "interrupted"
        return self.contradiction

    @property
    def contradiction(self) -> str | None:
        """Why the count cannot be complete although the homotopy's check passed (None when nothing contradicts it):
        its own second method gives another number, so a point was dropped or one too many kept.

        Examples
        --------
        >>> from algnet.analyses.critical import ed_degree
        >>> ed_degree("linear 2-1-2", seed=0).contradiction is None
        True
        """
        if self.agrees is not False:
            return None
        return (f"the count {self.ed_degree} contradicts the second method's {self.formula} ({self.formula_source}): "
                "NOT complete, whatever the homotopy's check said")

    @property
    def complete(self) -> bool | None:
        """The homotopy's completeness (:attr:`CriticalResult.complete`), False where :attr:`contradiction` says why.

        Examples
        --------
        >>> from algnet.analyses.critical import ed_degree
        >>> ed_degree("linear 2-1-2", seed=0).complete
        True
        """
        return False if self.contradiction else self.critical.complete

    @property
    def evidence(self) -> Evidence:
        ev = self.critical.evidence
        extra = "" if self.formula is None else (
            f"; second method ({self.formula_source}) gives {self.formula}: "
            f"{'agrees' if self.agrees else 'DISAGREES'}") + (f" ({self.contradiction})" if self.contradiction else "")
        how = "" if not self.reduction else f" ({self.reduction})"
        return ev.with_(method="ED degree: " + ev.method + how, proves=ev.proves + extra, seconds=self.seconds,
                        partial=self.partial)

    def as_dict(self) -> dict:
        c = self.critical
        ev = self.evidence.as_dict()
        return {"spec": self.spec, "metric": self.metric, "ed_degree": self.ed_degree, "formula": self.formula,
                "formula_source": self.formula_source, "agrees": self.agrees,
                "critical_points": c.critical_points, "function_space_points": c.function_space_points,
                "pure": c.pure, "spurious": c.spurious, "certified": c.certified,
                "certified_distinct": c.certified_distinct, "trace_test_passed": c.trace_test_passed,
                "trace_test_outcome": c.trace_test_outcome, "trace_test": c.trace_test,
                "trace_test_residual": residual_digits(c.trace_test_residual), "route": c.route,
                "method": ev["method"], "seed": self.seed,
                "seconds": round(self.seconds, 3), "partial": self.partial, "complete": self.complete,
                "contradiction": self.contradiction, "evidence": ev} | (
                    {"reduction": self.reduction} if self.reduction else {}) | (
                    {"partial_reason": self.partial_reason} if self.partial else {})

    def __repr__(self):
        f = "" if self.formula is None else f", formula {self.formula} ({'agrees' if self.agrees else 'disagrees'})"
        return (f"EDDegreeResult({self.spec!r}, {self.metric}: ED degree {'>= ' if self.partial else ''}"
                f"{self.ed_degree}{f}; "
                f"certified {self.critical.certified_distinct}; seed {self.seed}"
                f"{', partial' if self.partial else ''}{', NOT complete' if self.contradiction else ''})")


@dataclass(frozen=True, eq=False)
class VoronoiResult(RichReprMixin):
    """Voronoi cells (normal cones) and the probability of landing on each stratum.

    ``dropped`` targets (and ``dropped_reasons``: "a path failed", "real parameters unknown for a
    nearer critical point") are left out of the probabilities: their nearest point was not decided.
    ``partial`` (Ctrl-C, the time limit, or a solver whose trace test or boundary search did not complete) marks
    counts that cover less than they should; ``partial_reason`` says why (the rule of :class:`CriticalResult`).

    Examples
    --------
    >>> from algnet.analyses.critical.voronoi import voronoi
    >>> r = voronoi("linear 2-1-2", samples=3, seed=1)  # a Gaussian 2 x 2 target: its nearest rank-one matrix is smooth
    >>> r.counts, r.dropped, r.as_dict()["dropped_reasons"]
    ({'smooth (top stratum)': 3}, 0, {})
    """

    spec: str
    point_dimension: int | None
    point_stratum: str | None
    codimension: int
    samples: int
    dropped: int
    counts: dict
    probabilities: dict
    intervals: dict
    seed: int
    seconds: float
    partial: bool = False
    method: str = ""
    nearest: tuple = field(default=(), repr=False)
    dropped_reasons: dict = field(default_factory=dict)
    partial_reason: str | None = None

    @property
    def evidence(self) -> Evidence:
        return Evidence(method=self.method, certified=False,
                        proves=("Monte Carlo estimate with 95% Wilson intervals over "
                                f"{self.samples - self.dropped} targets ({self.dropped} dropped)"),
                        probability_bound=0.05, seed=self.seed, seconds=self.seconds, partial=self.partial)

    def as_dict(self) -> dict:
        ev = self.evidence.as_dict()
        return {"spec": self.spec, "voronoi_dimension": self.point_dimension, "point_stratum": self.point_stratum,
                "codimension": self.codimension, "samples": self.samples, "dropped": self.dropped,
                "dropped_reasons": dict(self.dropped_reasons),
                "counts": dict(self.counts), "probabilities": dict(self.probabilities),
                "intervals": {k: list(v) for k, v in self.intervals.items()}, "method": self.method,
                "certified": False, "seed": self.seed, "seconds": round(self.seconds, 3), "partial": self.partial,
                "evidence": ev} | ({"partial_reason": self.partial_reason or "interrupted"} if self.partial else {})

    def __repr__(self):
        probs = ", ".join(f"{k}: {v:.3f}" for k, v in self.probabilities.items())
        vd = "" if self.point_dimension is None else f"Voronoi cell dim {self.point_dimension}; "
        return (f"VoronoiResult({self.spec!r}: {vd}{self.samples} targets, {self.dropped} dropped; {probs}; "
                f"seed {self.seed}{', partial' if self.partial else ''})")
