"""``algnet fibers SPEC`` (or ``--map FILE``): generic fiber of the parametrization and identifiability.

The flags come from the registered analysis ``fibers`` (:mod:`algnet.analyses.catalog`).
"""

from __future__ import annotations

from algnet.cli._common import add_analysis_arguments, add_network_arguments, print_result, run_analysis


def register(sub):
    p = sub.add_parser("fibers", help="generic fiber dimension vs known symmetries; count the finite part",
                       description="Generic fiber dimension of theta -> f_theta against the dimension of the "
                                   "known symmetry group, and the number of points of the generic fiber "
                                   "modulo the continuous symmetries (exact Groebner count on small cases, "
                                   "monodromy with a stopping rule, a trace test and Krawczyk-certified "
                                   "points on larger ones, a Newton lower bound otherwise).")
    add_network_arguments(p, "dense 2-2-2 r=2")
    add_analysis_arguments(p, "fibers", progress=True)
    p.set_defaults(func=run)


def run(args) -> int:
    return print_result(args, run_analysis(args), "the counts printed are bounds")
