"""Registrations of the analyses in :mod:`algnet.analyses` (read by :mod:`algnet.registry`).

Each entry names the function, its result type, its options (CLI flags and
sweep options, typed and with help) and the stable JSON keys of its result.
The sub-commands ``algnet dim|degree|implicit|singular|fibers`` build their
flags from these entries, so an option added here is a flag there.

Examples
--------
>>> from algnet.registry import get_analysis
>>> get_analysis("dimension").run("linear 2-1-2", seed=0).dimension
3
>>> get_analysis("implicitize").name, get_analysis("strata").name
('implicit', 'singular')
>>> get_analysis("implicit").check_options({"max_degree": "2"})
{'max_degree': 2}
"""

from __future__ import annotations

import inspect
import math

from algnet.analyses.shared import check_seed
from algnet.registry import Analysis, Option, register

#: Keys of ``result.as_dict()["evidence"]`` (the same for every analysis; see :mod:`algnet.evidence`).
EVIDENCE_KEY = "evidence"


# ------------------------------------------------------------ option types
def _primes(text):
    from algnet.errors import ModulusError

    from algnet.core.primes import check_primes

    try:
        primes = [int(p) for p in text] if isinstance(text, (list, tuple)) else [int(x) for x in str(text).split(",")]
    except (TypeError, ValueError):
        raise ModulusError(f"--primes {text!r} is not a list of integers",
                           hint="e.g. --primes 268435399,268435367") from None
    return check_primes(primes)      # checked when the options are read (a sweep refuses before any task runs)


def _integer(value) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not an integer")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"{value!r} is not an integer")
        return int(value)
    return int(str(value).strip())


def _nonneg_int(value) -> int:
    v = _integer(value)
    if v < 0:
        raise ValueError(f"{v} is negative")
    return v


def _pos_int(value) -> int:
    v = _integer(value)
    if v < 1:
        raise ValueError(f"{v} is not positive")
    return v


def _pos_float(value) -> float:
    v = float(value)
    if not math.isfinite(v) or v <= 0:
        raise ValueError(f"{value!r} is not a positive finite number of seconds")
    return v


def _default(function, name):
    """The default of ``function``'s keyword ``name`` (so a flag follows the function's default)."""
    parameter = inspect.signature(function).parameters.get(name)
    return None if parameter is None else parameter.default


def _accepts(function, name) -> bool:
    return name in inspect.signature(function).parameters


# ------------------------------------------------------------- functions
# Each wrapper checks the seed (a bad one is a ParameterError) and draws one when none is given, so
# every result run through the registry records the seed actually used.
def _dimension(net, seed=None, **options):
    from algnet.analyses.dimension import dimension

    return dimension(net, seed=check_seed(seed), **options)


def _degree(net, seed=None, show_progress: bool = False, **options):
    from algnet.analyses.degree import degree

    return degree(net, seed=check_seed(seed), show_progress=show_progress, **options)


def _implicit(net, seed=None, show_progress: bool = False, **options):
    from algnet.analyses.implicit import implicitize

    return implicitize(net, seed=check_seed(seed), show_progress=show_progress, **options)


def _hilbert(net, seed=None, show_progress: bool = False, **options):
    from algnet.analyses.hilbert import hilbert_function
    from algnet.analyses.shared import network_primes
    from algnet.architectures.spec import parse_spec

    if options.get("primes") is None:       # primes dividing a constant of the network make it another map
        net = parse_spec(net)
        options["primes"] = network_primes(net, 8)
    return hilbert_function(net, seed=check_seed(seed), show_progress=show_progress, **options)


def _singular(net, seed=None, show_progress: bool = False, **options):
    from algnet.analyses.singular import strata

    return strata(net, seed=check_seed(seed), show_progress=show_progress, **options)


def _fibers(net, seed=None, **options):
    from algnet.analyses.fibers import identifiability

    return identifiability(net, seed=check_seed(seed), **options)


# ----------------------------------------------------------------- entries
_FORCE = Option("force", bool, False, "run above the size guards (the estimate is printed when refused); a "
                                      "--time-limit given still holds")
_GRADING = Option("grading", str, "auto", "graded pieces: the detected torus (auto), total degree, or none",
                  choices=("auto", "total", "none"))
_PRIMES = Option("primes", _primes, None, "comma-separated primes below 2^28")
_TIME = Option("time_limit", _pos_float, None, "seconds; return the degrees finished by then (marked partial)")


def _dimension_entry():
    from algnet.analyses.dimension import DimensionResult

    return Analysis(
        name="dimension", function=_dimension, result_type=DimensionResult, aliases=("dim",),
        options=(_PRIMES, Option("margin", _nonneg_int, None, "extra sketch rows beyond min(N, ambient)"),
                 _FORCE, Option("time_limit", _pos_float, None, "seconds: refuse when the estimated time is longer "
                                                                 "(also with --force)"),
                 Option("prefer_theorems", bool, False, "certify by the network's proved bound from theorems "
                        "before searching (cheaper; no hidden symmetries listed)")),
        json_keys=("spec", "dimension", "ambient", "parameters", "expected", "expected_source", "fiber_dimension",
                   "symmetry_dimension", "upper_bound", "defect", "certified", "reason", "probability_bound",
                   "method", "seed", "primes", "rows", "pivots", "seconds", EVIDENCE_KEY,
                   "upper_bound_source", "hidden_symmetries"),
        summary="dimension of the neuromanifold (exact Jacobian rank)")


def _degree_entry():
    from algnet.analyses.degree import DegreeResult, degree

    options = [
        Option("method", str, _default(degree, "method"), "route: auto, monodromy, hilbert or formula",
               choices=("auto", "monodromy", "hilbert", "formula")),
        Option("certify", bool, _default(degree, "certify"), "Krawczyk certificates of the witness points"),
        Option("fiber", bool, _default(degree, "fiber"), "count the points of a sliced generic fiber"),
        Option("fiber_slice", str, _default(degree, "fiber_slice"), "how the witness system cuts the fibers",
               choices=("coordinate", "random")),
        Option("hilbert_up_to", _pos_int, _default(degree, "hilbert_up_to"),
               "largest degree of the Hilbert function tried by --method hilbert"),
        Option("fiber_time", _pos_float, _default(degree, "fiber_time"),
               "time cap of the fiber count, seconds"),
        Option("confirm", bool, _default(degree, "confirm"),
               "cross-check a monodromy count by the Hilbert polynomial when no theorem applies"),
        Option("attempts", _pos_int, _default(degree, "attempts"),
               "monodromy attempts (fresh slices, more loops) while the trace test fails"),
        Option("time_limit", _pos_float, None, "seconds: refuse monodromy whose estimated time is longer "
               "(default budget 3600 when no theorem gives the degree); a run allowed stops at the limit: a "
               "monodromy count found by then is a lower bound (marked partial), the Hilbert route says the "
               "degree it reached and claims no degree"),
        _FORCE,
    ]
    return Analysis(
        name="degree", function=_degree, result_type=DegreeResult, aliases=(),
        options=tuple(o for o in options if _accepts(degree, o.name)),
        json_keys=("spec", "degree", "dimension", "ambient", "n_params", "fiber_dimension", "fiber_points",
                   "method", "reason", "paths", "loops", "path_failures", "trace_test_residual",
                   "trace_test_passed", "certified", "certified_distinct", "real", "stop_reason", "evaluator",
                   "seed", "seconds", "partial", EVIDENCE_KEY, "confirmation"),
        summary="degree of the neuromanifold (witness sets by monodromy, Hilbert polynomial, or a formula)")


def _implicit_entry():
    from algnet.analyses.implicit import ImplicitResult

    return Analysis(
        name="implicit", function=_implicit, result_type=ImplicitResult, aliases=("implicitize", "equations"),
        options=(Option("max_degree", _pos_int, 3, "largest degree of the equations (default 3)", short="-d"),
                 _GRADING, _TIME,
                 Option("verify_points", _pos_int, 3, "exact random points each equation must vanish at"),
                 Option("max_primes", _pos_int, 24, "most primes of 28 bits an equation's coefficients are lifted "
                        "from (default 24; huge coefficients need more)"),
                 _FORCE),
        json_keys=("spec", "coordinates", "max_degree", "generators", "generator_degrees", "hilbert_function",
                   "new_per_degree", "complete_up_to_degree", "homogeneous", "verified", "certified",
                   "verify_points", "false_pass_bound", "dimension", "ambient", "jacobian_rank", "cuts_out",
                   "hilbert_dimension", "hilbert_degree", "grading", "primes", "seed", "method", "claims",
                   "partial", "seconds", EVIDENCE_KEY),
        summary="equations of the neuromanifold up to a degree (interpolation, exact verification)")


def _hilbert_entry():
    from algnet.analyses.hilbert import HilbertResult

    return Analysis(
        name="hilbert", function=_hilbert, result_type=HilbertResult, aliases=("hilbert_function",),
        options=(Option("up_to", _nonneg_int, 4, "largest degree e of H(e) (default 4)"), _GRADING, _PRIMES,
                 Option("min_evidence", _pos_int, 2, "vanishing trailing numerator coefficients required"),
                 Option("until_stable", bool, False, "stop at the first degree where the polynomial is determined"),
                 _TIME, _FORCE),
        json_keys=("spec", "values", "homogeneous", "stabilized", "dimension", "degree", "polynomial", "numerator",
                   "stabilization", "jacobian_dimension", "ambient", "grading", "method", "primes", "seed",
                   "probability_bound", "partial", "seconds", "exact_check", "stopped", EVIDENCE_KEY),
        summary="Hilbert function of the coordinate ring (ranks of evaluation matrices) and Hilbert polynomial")


def _singular_entry():
    from algnet.analyses.singular import StrataResult
    from algnet.analyses.singular.maps import SOLVE_SECONDS, TOTAL_SECONDS

    return Analysis(
        name="singular", function=_singular, result_type=StrataResult, aliases=("strata",),
        options=(Option("depth", _nonneg_int, 2, "number of elementary degenerations combined (default 2)"),
                 Option("starts", _pos_int, 4, "random starts of the numerical fiber search per parameter space"),
                 Option("max_strata", _pos_int, 40, "refuse above this many strata (unless --force)"),
                 Option("force", bool, False, "allow more strata than --max-strata, and above the size estimate; "
                        "for a polynomial map also lift the budgets of its symbolic solves "
                        f"({SOLVE_SECONDS:g} CPU s per step, {TOTAL_SECONDS:g} CPU s in all by default; without "
                        "force the steps not finished are named and the points listed are only some of them)"),
                 Option("time_limit", _pos_float, None, "seconds: refuse when the estimate is longer (default "
                        "budget 600), stop at the limit with the strata finished (marked partial)")),
        json_keys=("spec", "dimension", "ambient", "depth", "seed", "strata", "vertex", "edges", "partial",
                   "seconds", EVIDENCE_KEY),
        summary="subnetwork strata: dimension, Jacobian rank, smooth / singular / boundary")


def _fibers_entry():
    from algnet.analyses.fibers import IdentifiabilityResult

    return Analysis(
        name="fibers", function=_fibers, result_type=IdentifiabilityResult, aliases=("identifiability",),
        options=(Option("method", str, "auto", "how to count the gauge-fixed fiber",
                        choices=("auto", "groebner", "homotopy", "newton", "none")),
                 Option("starts", _pos_int, None, "random starts of the Newton count (default 40; refused "
                        "with a --method that runs no Newton count)"),
                 Option("max_unknowns", _pos_int, None, "largest Groebner problem run without --force (default 9; "
                        "refused with a --method that runs no Groebner count)"),
                 Option("max_seconds", _pos_float, None, "wall-clock seconds of the Newton, monodromy or Groebner "
                        "count (default: a budget of 30 CPU seconds; --force: none)"),
                 Option("force", bool, False, "run Groebner beyond --max-unknowns, monodromy beyond its size bound")),
        json_keys=("spec", "parameters", "dimension", "fiber_dimension", "symmetry_dimension",
                   "identifiable_up_to_dimension", "dimension_certified", "finite_symmetry_order", "fiber_count",
                   "count_method", "count_certified", "only_known_symmetries", "gauge", "points", "reason", "seed",
                   "seconds", "partial", EVIDENCE_KEY, "count_status", "trace_test_passed", "certified_points",
                   "modular_count", "modular_primes", "points_per_orbit", "rule_complete"),
        summary="generic fiber dimension against the known symmetries; the finite part counted")


for _entry in (_dimension_entry, _degree_entry, _implicit_entry, _hilbert_entry, _singular_entry, _fibers_entry):
    register(_entry())
