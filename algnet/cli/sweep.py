"""``algnet sweep`` (run, ``export``, ``summary``) and ``algnet sweep-plot``: resumable sweeps."""

from __future__ import annotations

import json
import sys

_ACTIONS = ("export", "summary")


def register(sub):
    p = sub.add_parser(
        "sweep", help="run an analysis over architectures x seeds into a resumable SQLite store; export, summarise",
        description="algnet sweep ANALYSIS (--spec SPEC... | --grid GRID...) --db FILE: each (analysis, spec, seed, "
                    "options) task is one row, committed atomically; a killed sweep restarted with the same "
                    "arguments resumes where it stopped. ANALYSIS is any registered analysis or alias (dim, degree, "
                    "implicit, hilbert, singular, fibers, fd, regions, ...). "
                    "algnet sweep export --db FILE --format csv|json|parquet writes one row per task; "
                    "algnet sweep summary --db FILE prints one row per architecture with derived columns. "
                    "Exit status: 0 when every task succeeded, 1 when some failed (listed), 2 on bad input, "
                    "130 when interrupted.")
    p.add_argument("analysis", metavar="ANALYSIS|export|summary|atlas",
                   help="analysis to run (or: export, summary; atlas: regenerate the atlas into --out, default "
                        "data/atlas, resumable from --db, default OUT/atlas.sqlite; --only SECTION)")
    run = p.add_argument_group("running a sweep")
    run.add_argument("--spec", nargs="+", action="extend", default=[], help="one or more specs, e.g. 'relu 2-3-1'")
    run.add_argument("--grid", nargs="+", action="extend", default=[],
                     help="spec grids with brace ranges and lists, e.g. 'dense {2..4}-{1..3}-1 r={2,3}'")
    run.add_argument("--where", default=None,
                     help="keep the specs where this holds, e.g. 'depth <= 3 and width >= outputs' (fields: family, "
                          "depth, widths, width, min_width, inputs, outputs, parameters, ambient, expected, r, ...)")
    run.add_argument("--seeds", default="0..9", help="A..B (inclusive) or a comma list (default 0..9)")
    run.add_argument("--scheduler", default=None,
                     help="Dask scheduler tcp://HOST:PORT, or 'local' for an embedded LocalCluster (needs "
                          "algnet[dask])")
    run.add_argument("--workers", type=int, default=1, help="local processes or LocalCluster workers (default 1)")
    run.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                     help="analysis option (JSON value), e.g. --option batch=40; part of the task key")
    run.add_argument("--force", action="store_true",
                     help="run sweeps and grids above the size limits and the time budget (estimated for dim, "
                          "degree, singular, hilbert, fd and critical sweeps)")
    run.add_argument("--no-progress", action="store_true", help="no progress bar")
    run.add_argument("--keep-failed", action="store_true",
                     help="keep the tasks stored as failed by an earlier run of the same sweep (by default a resumed "
                          "sweep computes them again)")
    run.add_argument("--no-compute", action="store_true",
                     help="atlas: write the files from what the store holds, running nothing (a partial atlas)")
    p.add_argument("--db", default=None, help="SQLite store (created or resumed); required except for atlas")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    rd = p.add_argument_group("export and summary")
    rd.add_argument("--format", default="csv", choices=["csv", "json", "parquet"], help="export format (default csv)")
    rd.add_argument("--out", default=None, help="export file (default: standard output; required for parquet)")
    rd.add_argument("--only", default=None, metavar="ANALYSIS", help="export/summarise only this analysis")
    rd.add_argument("--status", default="all", choices=["ok", "error", "all"], help="export these rows (default all)")
    p.set_defaults(func=run_cli)

    q = sub.add_parser("sweep-plot", help="plot the results of a sweep store",
                       description="dimension: a defect map over the architectures (expected - dimension); fd: "
                                   "histograms of D' - FD in panels by depth and hidden width; any other analysis: "
                                   "its main value (or --field) per architecture. The picture is written to --out "
                                   "(default: next to the store, DB-ANALYSIS.png).")
    q.add_argument("--db", required=True, help="SQLite file written by algnet sweep")
    q.add_argument("--analysis", default=None, help="analysis to plot (default: the only one in the store)")
    q.add_argument("--field", default=None, help="numeric result field to plot (default: the analysis' main value)")
    q.add_argument("--out", default=None, help="picture file (png/pdf/svg)")
    q.add_argument("--json", action="store_true", help="print the summary as JSON")
    q.set_defaults(func=run_plot)


def _options(items):
    from algnet.errors import ParameterError

    out = {}
    for it in items:
        k, sep, v = it.partition("=")
        if not sep or not k:
            raise ParameterError(f"bad --option {it!r}", hint="KEY=VALUE, e.g. --option batch=40")
        try:
            out[k] = json.loads(v)
        except ValueError:
            out[k] = v
    return out


def _specs(args):
    from algnet.grids import grid

    specs = list(args.spec)
    if args.grid or args.where:     # a bad --spec was reported as "grid 'dense 3-2-1 r=0' gives the invalid spec"
        from algnet.architectures.spec import parse_spec
        from algnet.errors import SpecError

        for s in specs:
            if "{" not in s:
                try:
                    parse_spec(s)
                except SpecError as e:
                    raise SpecError(f"--spec {s!r}: {e.message}", token=s, hint=e.hint) from None
        specs = grid(*(specs + list(args.grid)), where=args.where, force=args.force,
                     show_progress=not getattr(args, "no_progress", False))
    if not specs:
        from algnet.errors import ParameterError

        raise ParameterError("no specs to sweep" + (" (the --where filter kept none)" if args.where else ""),
                             hint='give --spec "dense 3-2-1 r=2" or --grid "dense {2..3}-{1..2}-1 r={2,3}"')
    return specs


#: flags given (not at their defaults) that a kind of sweep command does not read: each is refused by name (they
#: were ignored: `algnet sweep dim ... --out x.csv` ran the sweep and wrote nothing)
_RUN_FLAGS = {"--spec": "spec", "--grid": "grid", "--where": "where", "--scheduler": "scheduler",
              "--option": "option", "--no-compute": "no_compute"}
_EXPORT_FLAGS = {"--format": ("format", "csv"), "--out": ("out", None), "--only": ("only", None),
                 "--status": ("status", "all")}


def _unused_flags(args) -> list:
    """The flags given that ``algnet sweep args.analysis`` would ignore.

    Examples
    --------
    >>> import argparse
    >>> a = argparse.Namespace(analysis="dim", spec=["linear 2-1-2"], grid=[], where=None, scheduler=None,
    ...                        option=[], no_compute=False, format="csv", out="x.csv", only=None, status="all")
    >>> _unused_flags(a)
    ['--out']
    >>> _unused_flags(argparse.Namespace(**{**vars(a), "analysis": "summary", "out": None, "status": "ok"}))
    ['--spec', '--status']
    >>> _unused_flags(argparse.Namespace(**{**vars(a), "out": None, "no_compute": True}))
    ['--no-compute']
    """
    if args.analysis == "atlas":
        return []
    if args.analysis in _ACTIONS:
        out = [flag for flag, name in _RUN_FLAGS.items() if getattr(args, name)]
        if args.analysis == "summary":      # summary reads --only (and --json) only
            out += [flag for flag, (name, default) in _EXPORT_FLAGS.items()
                    if flag != "--only" and getattr(args, name) != default]
        return out
    # --no-compute is the atlas's (an analysis sweep given it ran every task: 20,000 of them for one grid)
    return [flag for flag, (name, default) in _EXPORT_FLAGS.items() if getattr(args, name) != default] + (
        ["--no-compute"] if getattr(args, "no_compute", False) else [])


def run_cli(args) -> int:
    unused = _unused_flags(args)
    if unused:
        from algnet.errors import ParameterError

        kind = (f"'algnet sweep {args.analysis}'" if args.analysis in _ACTIONS
                else "running a sweep")
        raise ParameterError(f"{', '.join(unused)}: not used by {kind}",
                             hint=("--no-compute is for 'algnet sweep atlas' (a sweep computes its tasks; a store is "
                                   "read by export and summary); " if "--no-compute" in unused else "")
                             + "run the sweep first, then 'algnet sweep export --db FILE --format csv --out FILE' "
                               "or 'algnet sweep summary --db FILE [--only ANALYSIS]'")
    if args.analysis == "atlas":
        return _atlas(args)
    if args.db is None:
        from algnet.errors import ParameterError

        raise ParameterError("--db is required", hint=f"algnet sweep {args.analysis} ... --db FILE.sqlite")
    if args.analysis == "export":
        return _export(args)
    if args.analysis == "summary":
        return _summary(args)
    return _run(args)


def _run(args) -> int:
    import signal

    from algnet.sweep import run_sweep

    specs = _specs(args)
    old = signal.signal(signal.SIGTERM, _sigterm)
    try:
        res = run_sweep(args.analysis, specs, args.seeds, args.db, options=_options(args.option),
                        workers=args.workers, scheduler=args.scheduler, show_progress=not args.no_progress,
                        force=args.force, retry_failed=not args.keep_failed)
    finally:
        signal.signal(signal.SIGTERM, old)
    d = {"analysis": res.analysis, "db": res.db, "total": res.total, "computed": res.done, "skipped": res.skipped,
         "errors": res.errors, "recomputed": res.recomputed, "retried": res.retried, "backend": res.backend,
         "seconds": round(res.seconds, 2), "partial": res.partial, "failures": list(res.failures)}
    print(json.dumps(d) if args.json else repr(res))
    if res.failures:
        _print_failures(res.failures)
    if res.partial:
        print("algnet: interrupted: the finished rows are stored; run the same command again to resume",
              file=sys.stderr)
        return 130
    return 1 if res.errors else 0


def _atlas(args) -> int:
    import signal

    from algnet.sweep.atlas import generate_atlas

    old = signal.signal(signal.SIGTERM, _sigterm)
    try:
        rep = generate_atlas(args.out or "data/atlas", only=args.only, db=args.db, workers=args.workers,
                             scheduler=args.scheduler, where=args.where, show_progress=not args.no_progress,
                             compute=not args.no_compute)
    finally:
        signal.signal(signal.SIGTERM, old)
    print(json.dumps(rep) if args.json else "\n".join(f"{k}: {v['rows']} architectures, {v['defective']} defective, "
                                                       f"{v['failed']} failed" + (
                                                           f", partial: {v['not_computed']} not computed yet, "
                                                           f"{v['from_earlier_run']} rows from the earlier run"
                                                           if "not_computed" in v else "")
                                                       for k, v in rep.items()))
    if any(v["failed"] for v in rep.values()):
        print("algnet: some atlas tasks failed: they are listed in the section files and on the summary page",
              file=sys.stderr)
        return 1
    return 0


def _sigterm(signum, frame):
    raise KeyboardInterrupt


def _print_failures(failures, limit: int = 20):
    from collections import defaultdict

    groups = defaultdict(list)
    for f in failures:
        groups[(f["spec"], f["error"], f["message"], f["hint"])].append(f["seed"])
    print(f"algnet: {len(failures)} task(s) failed:", file=sys.stderr)
    for i, ((spec, err, msg, hint), seeds) in enumerate(sorted(groups.items(), key=str)):
        if i == limit:
            print(f"  ... and {len(groups) - limit} more (algnet sweep export --db FILE --status error)",
                  file=sys.stderr)
            break
        s = ",".join(map(str, sorted(seeds)[:8])) + (",..." if len(seeds) > 8 else "")
        if err == "TooLargeError":      # a guard's refusal, not a crash; an analysis is forced by --option force=true
            err = "refused (TooLargeError)"
            hint = hint and hint.replace("force=True runs it anyway",
                                         "--option force=true runs it anyway (every task of that sweep is forced)")
        print(f"  {spec} (seed {s}): {err}: {msg}" + (f"\n    hint: {hint}" if hint else ""), file=sys.stderr)


def _export(args) -> int:
    from algnet.sweep import export

    text = export(args.db, args.format, out=args.out, analysis=args.only,
                  status=None if args.status == "all" else args.status)
    if text is not None:
        sys.stdout.write(text)
    else:
        print(f"exported to {args.out}", file=sys.stderr)
    return 0


_SUMMARY_COLUMNS = ("spec", "seeds", "failed", "refused", "partial", "ed_degree", "critical_points", "dimension",
                    "expected", "ktb", "defect",
                    "fiber_dimension", "symmetry_dimension", "hidden", "degree", "formula", "agrees", "fd", "regions",
                    "certified")


def _summary(args) -> int:
    from algnet.sweep import summarize

    table = summarize(args.db, analysis=args.only)
    if args.json:
        print(json.dumps(table, indent=1, default=str))
        return 0
    for analysis in sorted({t["analysis"] for t in table}):
        rows = [t for t in table if t["analysis"] == analysis]
        cols = [c for c in _SUMMARY_COLUMNS if any(c in t for t in rows)]
        cells = [[_certified_cell(t) if c == "certified" else _cell(t.get(c)) for c in cols] for t in rows]
        w = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(cols)]
        print(f"# {analysis}" + ("   (expected: the network's own count, bottlenecks included; ktb: "
                                 "Kileel-Trager-Bruna min(params - hidden, ambient); defect = expected - dimension)"
                                 if analysis == "dimension" else ""))
        print("  ".join(c.ljust(w[i]) if i == 0 else c.rjust(w[i]) for i, c in enumerate(cols)))
        for r in cells:
            print("  ".join(v.ljust(w[i]) if i == 0 else v.rjust(w[i]) for i, v in enumerate(r)))
    return 0


def _certified_cell(t) -> str:
    """'yes', 'no', or 'k of n' when only some seeds are certified."""
    k, n = t.get("certified_seeds"), t.get("seeds", 0) - t.get("failed", 0)
    return f"{k} of {n}" if k is not None and 0 < k < n else _cell(t.get("certified"))


def _cell(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, list):
        if len(v) > 8 and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in v):
            return f"{min(v)}..{max(v)} ({len(v)} values)"     # 155 region counts made a 1,000-character cell
        return ",".join(map(str, v))
    return str(v)


def run_plot(args) -> int:
    import os

    from algnet.errors import ParameterError
    from algnet.sweep import fd_summary, load_results, plot_rows

    analysis = args.analysis
    if analysis is None:
        names = sorted({r["analysis"] for r in load_results(args.db)})
        if len(names) != 1:
            has = "no successful rows" if not names else "the analyses " + ", ".join(names)
            raise ParameterError(f"the store has {has}",
                                 hint="pick one with --analysis NAME" if names else "run algnet sweep first")
        analysis = names[0]
    out = args.out or f"{os.path.splitext(args.db)[0]}-{analysis}.png"
    ext = os.path.splitext(out)[1].lower()
    if ext not in (".png", ".pdf", ".svg"):
        raise ParameterError(f"--out {out}: unknown picture format {ext or '(none)'}", hint="use .png, .pdf or .svg")
    if not os.path.isdir(os.path.dirname(os.path.abspath(out))):
        raise ParameterError(f"--out {out}: the directory does not exist", hint="create it first")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.close(plot_rows(args.db, analysis, out, field=args.field))     # written: no figure left open
    rows = load_results(args.db, analysis=analysis)
    summ = fd_summary(rows)
    if args.json:
        print(json.dumps({"picture": out, "fd_summary": summ}, indent=1))
        return 0
    if not summ:
        args.only = analysis
        _summary(args)
    else:
        print(f"{'spec':<22} {'depth':>5} {'width':>5} {'D_':>5} {'seeds':>5} {'FD=D_':>7}  gap histogram")
        for s in summ:
            print(f"{s['spec']:<22} {s['depth']!s:>5} {s['width']!s:>5} {s['bound']:>5} {s['seeds']:>5} "
                  f"{s['fraction_attaining']:>7.2f}  {s['gap_histogram']}")
    print(f"picture written to {out}")
    return 0
