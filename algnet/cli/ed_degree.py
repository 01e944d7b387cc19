"""``algnet ed-degree SPEC`` (or ``--map FILE``): Euclidean distance degree of the neuromanifold.

The answer and the exit status agree (:mod:`algnet.cli.critical`): a Ctrl-C during the count prints
``ED degree >= N (interrupted; lower bound)`` with exit 130; one after the count is held back and the
complete answer is printed with exit 0 (in the ``algnet`` process Ctrl-C stays ignored until the exit).
"""

from __future__ import annotations

from algnet.cli._common import partial_reason, run_analysis
from algnet.cli.critical import add_cache_flag, add_parser, emit, held_sigint, lower_bound_reason, structure_cache


def register(sub):
    p = add_parser(sub, "ed-degree", "ed_degree", "linear 3-2-3",
                   help="Euclidean distance degree (homotopy count, checked against formulas)",
                   description="ED degree of the neuromanifold of SPEC: the number of complex critical points "
                               "of the squared distance to a generic target on its smooth part, counted by "
                               "monodromy; compared with Eckart-Young or the Chern-class formula where they "
                               "apply (the formula is a second method, never the answer).")
    add_cache_flag(p)
    p.set_defaults(func=run)


def _text(res, why) -> str:
    c = res.critical
    head = (f"{res.spec}: {res.metric} ED degree = {res.ed_degree}" if why is None else
            f"{res.spec}: {res.metric} ED degree >= {res.ed_degree} ({why}; lower bound)")
    lines = [head + (" (NOT complete: it contradicts the second method)"
                     if res.contradiction and why != res.contradiction else "")]
    if res.reduction:
        lines.append(f"  reduction: {res.reduction}")
    if res.formula is not None:
        lines.append(f"  second method: {res.formula} ({res.formula_source}): "
                     + ("agrees" if res.agrees else "DISAGREES"))
    else:
        lines.append(f"  second method: none ({res.formula_source})")
    lines.append(f"  completeness: {c.completeness}; certified {c.certified_distinct} distinct points; "
                 f"paths {c.paths}, failures {c.path_failures or 'none'}")
    lines.append(f"  seed {res.seed}, {res.seconds:.2f} s")
    return "\n".join(lines)


def run(args) -> int:
    with held_sigint(), structure_cache(args):
        res = run_analysis(args)
        why = lower_bound_reason(res, partial_reason("stopped early"))
        return emit(args, res, why, _text(res, why))
