"""``algnet dim SPEC`` (or ``--map FILE``): dimension of a neuromanifold.

The flags come from the registered analysis ``dimension`` (:mod:`algnet.analyses.catalog`).
"""

from __future__ import annotations

from algnet.cli._common import add_analysis_arguments, add_network_arguments, print_result, run_analysis


def register(sub):
    p = sub.add_parser("dim", aliases=["dimension"], help="dimension of the neuromanifold (exact Jacobian rank)",
                       description="Dimension of the neuromanifold of SPEC (or of the polynomial map in --map "
                                   "FILE) by modular Jacobian ranks (a proved lower bound); certified when it meets a "
                                   "proved upper bound (known symmetries, ambient space, or for a defect a "
                                   "flattening, hidden symmetries or a factorization), else probabilistic "
                                   "with its bound.")
    add_network_arguments(p, "dense 3-2-1 r=2")
    add_analysis_arguments(p, "dimension", progress=True)
    p.set_defaults(func=run)


def run(args) -> int:
    return print_result(args, run_analysis(args), "the dimension printed is a lower bound")
