"""``algnet superposition thomson``: spherical codes (Thomson-type energies, Tammes) on the command line."""

from __future__ import annotations

import json


def register_thomson(subs):
    """Add the sub-command ``thomson`` to the sub-parsers of ``algnet superposition``; returns its parser.

    Examples
    --------
    >>> import argparse
    >>> t = register_thomson(argparse.ArgumentParser().add_subparsers())
    >>> args = t.parse_args(["--n", "4"])
    >>> args.m, args.starts, args.func is run_thomson
    (3, 20, True)
    """
    t = subs.add_parser("thomson", help="spherical codes: Thomson-type energy minimisation of n points on S^(m-1)",
                        description="Minimise the Coulomb energy sum 1/|x_i - x_j| (or the 1-sparse loss energy "
                                    "(1/3) sum ReLU(x_i.x_j)^2, --energy relu2) of n points on the unit sphere "
                                    "of R^m from many seeded starts; --tammes maximises the minimal distance.")
    t.add_argument("--n", type=int, required=True, help="number of points")
    t.add_argument("--m", type=int, default=3, help="dimension of the ambient space (default 3: the 2-sphere)")
    t.add_argument("--energy", choices=("coulomb", "relu2"), default=None, help="energy (default coulomb)")
    t.add_argument("--tammes", action="store_true", help="maximise the minimal distance instead")
    t.add_argument("--starts", type=int, default=20, help="random starts (default 20)")
    t.add_argument("--seed", type=int, default=None, help="seed (drawn and reported when omitted)")
    t.add_argument("--json", action="store_true", help="print the result as JSON")
    t.add_argument("--progress", action="store_true", help="show a progress bar (Ctrl-C keeps the best so far)")
    t.add_argument("--force", action="store_true",
                   help="run even when the estimate (memory, CPU time if every start takes all its descent steps, "
                        "with --tammes and its SLSQP polishes) is above the memory limit or the default budget of 10 "
                        "minutes of CPU")
    t.set_defaults(func=run_thomson)
    return t


def run_thomson(args) -> int:
    """Run ``algnet superposition thomson``: the best code of ``--starts`` starts, printed or as JSON."""
    from algnet.guards import check_count
    from algnet.superposition.spherical import tammes, thomson

    # pairwise distances (n x n, a few float64 copies) must fit in memory
    check_count("n", args.n, 32 * (args.n + max(args.m, 1)), "points", forceable=False, hint="a smaller --n")
    if args.tammes and args.energy is not None:      # it was silently ignored
        from algnet.errors import ParameterError

        raise ParameterError(f"--tammes maximises the minimal angle: --energy {args.energy} does not apply",
                             hint="drop --energy, or drop --tammes to minimise that energy")
    if args.tammes:
        c = tammes(args.n, args.m, starts=args.starts, seed=args.seed, show_progress=args.progress,
                   force=args.force)
    else:
        c = thomson(args.n, args.m, kernel=args.energy or "coulomb", starts=args.starts, seed=args.seed,
                    show_progress=args.progress, force=args.force)
    if args.json:
        print(json.dumps(c.as_dict(), indent=1))
        return 130 if c.evidence.partial else 0  # Ctrl-C: the finished part was printed, marked partial
    what = "Tammes (max-min distance)" if args.tammes else f"{c.kernel} energy"
    print(f"{what}: {args.n} points on S^{args.m - 1}, best of {c.starts} starts (seed {c.seed})"
          + ("  [PARTIAL: interrupted]" if c.evidence.partial else ""))
    if args.tammes:     # c.energies holds each start's minimal angle, best first; c.energy the last Riesz energy
        print(f"minimal angle {c.min_angle:.6f} degrees ({c.kernel} energy {c.energy:.10g})")
        distinct = sorted(set(round(e, 6) for e in c.energies), reverse=True)
        print(f"distinct final minimal angles (degrees): {distinct[:8]}" + (" ..." if len(distinct) > 8 else ""))
    else:
        print(f"energy {c.energy:.10g}, minimal angle {c.min_angle:.6f} degrees")
        distinct = sorted(set(round(e, 8) for e in c.energies))
        print(f"distinct final energies: {distinct[:8]}" + (" ..." if len(distinct) > 8 else ""))
    print(f"[{c.evidence.status}: {c.evidence.proves}]")
    return 130 if c.evidence.partial else 0  # Ctrl-C: the finished part was printed, marked partial
