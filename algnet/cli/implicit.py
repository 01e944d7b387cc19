"""``algnet implicit SPEC --max-degree D`` (or ``--map FILE``): the equations of a neuromanifold.

Formats: ``text`` (report), ``sympy`` (Python source), ``m2`` (Macaulay2
script), ``singular`` (Singular script), ``latex``, ``json`` (keys: spec,
generators, generator_degrees, hilbert_function, verified,
complete_up_to_degree, seed, primes, evidence, ... and command). The other
flags come from the registered analysis ``implicit``
(:mod:`algnet.analyses.catalog`). A run cut short (Ctrl-C, ``--time-limit``,
the size guard under a time limit) says so first, is complete only up to
``complete_up_to_degree``, and exits non-zero (130 after Ctrl-C).
"""

from __future__ import annotations

import shlex

from algnet.cli._common import (add_analysis_arguments, add_network_arguments, exit_status, partial_reason,
                                print_json, run_analysis)

FORMATS = ("text", "sympy", "m2", "singular", "latex", "json")


def register(sub):
    p = sub.add_parser("implicit", help="equations of the neuromanifold up to a degree (implicitization)")
    add_network_arguments(p, "dense 2-2-3 r=2")
    p.add_argument("--format", "-f", choices=FORMATS, default="text", help="output format (default text)")
    p.add_argument("--json", action="store_const", dest="format", const="json",
                   help="print JSON (the same as --format json; the flag of the other commands)")
    add_analysis_arguments(p, "implicit", progress=True, json_flag=False)
    p.set_defaults(func=run)


def command_line(args) -> str:
    """The command that reproduces this run (recorded in the JSON output; the seed actually used)."""
    net = (["--map", shlex.quote(args.map_file)] if getattr(args, "map_file", None)
           else [shlex.quote(args.spec)])
    parts = ["algnet", "implicit", *net, "--max-degree", str(args.max_degree), "--seed", str(args.seed)]
    if args.grading != "auto":
        parts += ["--grading", args.grading]
    if args.time_limit is not None:
        parts += ["--time-limit", str(args.time_limit)]
    if str(args.verify_points) != "3":
        parts += ["--verify-points", str(args.verify_points)]
    return " ".join(parts)


def run(args) -> int:
    from algnet.analyses.export import to_json_dict, to_sympy_script

    res = run_analysis(args)
    why = partial_reason("time limit or size guard") if res.partial else None
    fmt = args.format
    if fmt == "json":
        d = to_json_dict(res, command=command_line(args) + " --format json")
        if why is not None:
            d["partial_reason"] = why
        print_json(d)
        return exit_status(res.partial)
    if fmt == "sympy":
        out = to_sympy_script(res)
    elif fmt == "m2":
        out = res.to_macaulay2()
    elif fmt == "singular":
        out = res.to_singular()
    elif fmt == "latex":
        out = res.to_latex()
    else:
        out = res.to_text()
    if why is not None:
        if res.complete_up_to_degree < res.max_degree:
            note = (f"PARTIAL ({why}): the equations are complete only up to degree {res.complete_up_to_degree}; "
                    f"degrees {res.complete_up_to_degree + 1}..{res.max_degree} were not finished")
        else:
            note = (f"PARTIAL ({why}): the symbolic proof that the equations vanish on M was not finished "
                    "(each is verified at exact random points)")
        comment = {"sympy": "# ", "m2": "-- ", "singular": "// ", "latex": "% "}.get(fmt, "")
        out = comment + note + "\n" + out
    print(out)
    return exit_status(res.partial)
