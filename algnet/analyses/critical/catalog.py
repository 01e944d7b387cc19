"""Registrations of the critical-point analyses (read by :mod:`algnet.registry`).

Examples
--------
>>> from algnet.registry import get_analysis
>>> get_analysis("ed-degree").name
'ed_degree'
>>> sorted(get_analysis("critical").check_options({"loss": "frobenius"}).items())
[('loss', 'frobenius')]
"""

from __future__ import annotations

from algnet.registry import Analysis, Option, register


def _critical(net, seed=None, **options):
    from algnet.analyses.critical import critical_points

    return critical_points(net, seed=seed, **options)


def _ed(net, seed=None, **options):
    from algnet.analyses.critical import ed_degree

    return ed_degree(net, seed=seed, **options)


def _voronoi(net, seed=None, metric=None, **options):
    from algnet.analyses.critical.voronoi import voronoi

    if metric is not None:
        options["loss"] = metric
    return voronoi(net, seed=seed, **options)


def _method(value):
    from algnet.analyses.critical.solve import method_name
    from algnet.errors import ParameterError

    try:
        return method_name(value)
    except ParameterError:
        raise ValueError("not a method of this analysis") from None     # the option check adds the help


def _seconds(value):
    from algnet.guards import check_time_limit

    return check_time_limit(float(value))


def _entries():
    from algnet.analyses.critical.results import CRITICAL_KEYS, CriticalResult, EDDegreeResult
    from algnet.analyses.critical.voronoi_result import VoronoiResult

    # the size guard of :mod:`.estimate`: refusal above the estimate, a time limit that stops the run
    guard = (Option("force", bool, False, "run above the size estimate (printed when refused)"),
             Option("time_limit", _seconds, None, "seconds: refuse when the estimate is longer (default budget "
                                                  "600), stop the run at the limit (counts then lower bounds)"))

    method = Option("method", _method, "auto", "auto|monodromy|total-degree|multihomogeneous: how the "
                                               "gradient system is solved (the last two: one homotopy, small systems)")

    return [
        Analysis(name="critical", function=_critical, result_type=CriticalResult, aliases=("critical_points",),
                 options=(Option("loss", str, "generic", "generic (random positive-definite form), frobenius "
                                 "or bombieri (Bombieri-Weyl)", ("generic", "frobenius", "bombieri")),
                          Option("certify", bool, True, "the Krawczyk certificates"),
                          Option("spurious", bool, True, "the search of the subnetwork strata"),
                          Option("strata", bool, True, "locate the real and spurious points on the strata of "
                                                       "'algnet singular'"), method) + guard,
                 json_keys=CRITICAL_KEYS,
                 summary="critical points of a quadratic loss: counts, pure/spurious, real, minima and saddles"),
        Analysis(name="ed_degree", function=_ed, result_type=EDDegreeResult, aliases=("ed-degree",),
                 options=(Option("metric", str, "frobenius", "frobenius, generic or bombieri (Bombieri-Weyl: "
                                 "weights 1/multinomial)", ("frobenius", "generic", "bombieri")),
                          Option("certify", bool, True, "the Krawczyk certificates"), method) + guard,
                 json_keys=("spec", "metric", "ed_degree", "formula", "formula_source", "agrees", "critical_points",
                            "function_space_points", "pure", "spurious", "certified", "certified_distinct",
                            "trace_test_passed", "trace_test_outcome", "trace_test", "trace_test_residual", "method",
                            "seed", "seconds", "partial",
                            "evidence"),
                 summary="Euclidean distance degree (homotopy count; Eckart-Young / symmetric Eckart-Young / "
                         "Chern-class / Friedland-Ottaviani check)"),
        Analysis(name="voronoi", function=_voronoi, result_type=VoronoiResult,
                 options=(Option("samples", int, 100, "number of random targets"),
                          Option("metric", str, "frobenius", "the distance: frobenius, generic or bombieri",
                                 ("frobenius", "generic", "bombieri")),
                          Option("stratum", str, None, "measure the Voronoi cell of a random point of this stratum"))
                 + guard,
                 json_keys=("spec", "voronoi_dimension", "point_stratum", "codimension", "samples", "dropped",
                            "dropped_reasons", "counts", "probabilities", "intervals", "method", "certified", "seed",
                            "seconds", "partial", "evidence", "no_nearest_point", "decided",
                            "no_nearest_point_interval", "probabilities_over"),
                 summary=("Voronoi cells (normal cones) and the probability that the nearest point lies on each "
                          "stratum")),
    ]


for _a in _entries():
    register(_a)
