"""``algnet implicit SPEC --max-degree D``: the equations of a neuromanifold.

Formats: ``text`` (report), ``sympy`` (Python source), ``m2`` (Macaulay2
script), ``singular`` (Singular script), ``latex``, ``json`` (keys: spec,
generators, generator_degrees, hilbert_function, verified,
complete_up_to_degree, seed, primes, ... and command).
"""

from __future__ import annotations

import json
import shlex

FORMATS = ("text", "sympy", "m2", "singular", "latex", "json")


def register(sub):
    p = sub.add_parser("implicit", help="equations of the neuromanifold up to a degree (implicitization)")
    p.add_argument("spec", help='network spec, e.g. "linear 4-2-3" or "dense 2-2-3 r=2"')
    p.add_argument("--max-degree", "-d", type=int, default=3, help="largest degree of the equations (default 3)")
    p.add_argument("--format", "-f", choices=FORMATS, default="text", help="output format (default text)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--grading", choices=("auto", "total", "none"), default="auto",
                   help="graded pieces: detected torus (auto), total degree, none")
    p.add_argument("--time-limit", type=float, default=None,
                   help="seconds; return the degrees finished by then (marked partial)")
    p.add_argument("--verify-points", type=int, default=3, help="exact random points each equation must vanish at")
    p.add_argument("--force", action="store_true", help="skip the size guard")
    p.add_argument("--progress", action="store_true", help="show a progress bar")
    p.set_defaults(func=run)


def command_line(args) -> str:
    """The command that reproduces this run (recorded in the JSON output)."""
    parts = ["algnet", "implicit", shlex.quote(args.spec), "--max-degree", str(args.max_degree),
             "--seed", str(args.seed)]
    if args.grading != "auto":
        parts += ["--grading", args.grading]
    if args.time_limit is not None:
        parts += ["--time-limit", str(args.time_limit)]
    if args.verify_points != 3:
        parts += ["--verify-points", str(args.verify_points)]
    return " ".join(parts)


def run(args) -> int:
    from algnet.analyses.export import to_json_dict, to_sympy_script
    from algnet.analyses.implicit import implicitize
    from algnet.architectures.spec import parse_spec

    net = parse_spec(args.spec)
    res = implicitize(net, max_degree=args.max_degree, seed=args.seed, grading=args.grading,
                      time_limit=args.time_limit, verify_points=args.verify_points, force=args.force,
                      show_progress=args.progress)
    fmt = args.format
    if fmt == "json":
        out = json.dumps(to_json_dict(res, command=command_line(args) + " --format json"), indent=1)
    elif fmt == "sympy":
        out = to_sympy_script(res)
    elif fmt == "m2":
        out = res.to_macaulay2()
    elif fmt == "singular":
        out = res.to_singular()
    elif fmt == "latex":
        out = res.to_latex()
    else:
        out = res.to_text()
    print(out)
    return 0
