"""Registrations of the analyses in :mod:`algnet.analyses` (read by :mod:`algnet.registry`).

Each entry names the function, its result type, its options (CLI flags and
sweep options) and the stable JSON keys of its result.

Examples
--------
>>> from algnet.registry import get_analysis
>>> get_analysis("dimension").run("linear 2-1-2", seed=0).dimension
3
"""

from __future__ import annotations

from algnet.registry import Analysis, Option, register


def _primes(text):
    from algnet.errors import ModulusError

    if isinstance(text, (list, tuple)):
        return [int(p) for p in text]
    try:
        return [int(x) for x in str(text).split(",")]
    except ValueError:
        raise ModulusError(f"--primes {text!r} is not a list of integers",
                           hint="e.g. --primes 268435399,268435367") from None


def _dimension(net, seed=None, **options):
    from algnet.analyses.dimension import dimension

    return dimension(net, seed=seed, **options)


def _dimension_entry():
    from algnet.analyses.dimension import DimensionResult

    return Analysis(
        name="dimension", function=_dimension, result_type=DimensionResult, aliases=("dim",),
        options=(Option("primes", _primes, None, "comma-separated primes below 2^28"),
                 Option("margin", int, None, "extra sketch rows beyond min(N, ambient)")),
        json_keys=("spec", "dimension", "ambient", "parameters", "expected", "expected_source", "fiber_dimension",
                   "symmetry_dimension", "upper_bound", "defect", "certified", "reason", "probability_bound",
                   "method", "seed", "primes", "rows", "pivots", "seconds"),
        summary="dimension of the neuromanifold (exact Jacobian rank)")


register(_dimension_entry())
