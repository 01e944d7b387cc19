"""What the estimates before a refusal cost, on large networks of every family and every entry point.

Each row runs one command line (``python -m algnet COMMAND SPEC ...``) in a fresh process under a memory ceiling
(``RLIMIT_AS``, default 1.5 GB) and a wall ceiling, and reports the child's CPU seconds (user + system, from
``os.wait4``), its peak RSS and how it ended (exit 2 with the refusal's first words, a MemoryError, killed at the
ceiling). The CLI's own start (imports, parser) costs about 0.45 s CPU and 50 MB; a row above ``CPU_FLAG`` s CPU
beyond that, or ``RSS_FLAG`` MB, is flagged: its estimate (or the work it failed to refuse) is not cheap.

Usage: ``python bench/_estimate_costs.py [FILTER] [--huge] [--limit-mb 1500] [--wall 40]``; FILTER keeps the rows whose
command line contains it. Run it with PYTHONPATH at the tree to measure.

``--estimates [--long]``: the estimates that let work start, against the work: each row computes the estimate in
this process (the CPU seconds and memory the guard compares with the budget and the machine), then runs the command
in a child under the ceilings and prints the child's CPU seconds and peak RSS beside them (the child's figures
include the CLI's start, about 0.45 s and 50 MB). ``--long`` adds relu 784-512-512-10 (minutes of CPU).

Measurements and what they decided, by date: ``bench/HISTORY.md``, section ``bench/_estimate_costs.py``.
"""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import time

CPU_FLAG = 1.0          # s CPU beyond the CLI's start
RSS_FLAG = 250          # MB peak RSS
START_CPU = 0.45        # s CPU of the CLI's start (imports, parser), measured with an immediate refusal

BIG = {
    "dense": "dense 100-100-100-100 r=2",
    "dense deep": "dense 20-20-20-20-20-20 r=3",
    "linear": "linear 60-60-60-60",
    "conv": "conv k=8,8,8,8 r=3",
    "conv long": "conv k=1000,1000 r=2",
    "attention": "attention d=20,20,20 a=10,10 t=6",
    "gconv": "gconv n=40 layers=3 r=2",
    "layers": "layers Linear(60, 60), Power(3), Linear(60, 60), Power(2), Linear(60, 3)",
    "map": "map (a+b+c+d+e+f+g+h)^30; a*b*c - 1 params=a,b,c,d,e,f,g,h",
}
RELU = ["relu 200-200-200-1", "relu 2-100000-1", "relu 784-512-512-10"]
#: ``--huge``: one more order of magnitude (parameters in the millions), the same commands
HUGE = {
    "dense": "dense 1000-1000-1000 r=2",
    "linear": "linear 1000-1000-1000",
    "conv": "conv k=100,100,100 r=2",
    "attention": "attention d=200,200 a=100 t=20",
    "gconv": "gconv n=400 layers=2 r=2",
    "layers": "layers Linear(1000, 1000), Power(2), Linear(1000, 10)",
}
HUGE_RELU = ["relu 3000-3000-1"]

COMMANDS = [
    ["critical", "{spec}"],
    ["critical", "{spec}", "--loss", "bombieri"],
    ["critical", "{spec}", "--loss", "frobenius"],
    ["ed-degree", "{spec}"],
    ["ed-degree", "{spec}", "--metric", "bombieri"],
    ["ed-degree", "{spec}", "--metric", "generic"],
    ["voronoi", "{spec}"],
    ["degree", "{spec}"],
    ["dim", "{spec}"],
    ["implicit", "{spec}"],
    ["hilbert", "{spec}"],
    ["singular", "{spec}"],
    ["fibers", "{spec}"],
]
RELU_COMMANDS = [["fd", "{spec}"], ["regions", "{spec}"], ["dim", "{spec}"]]
SWEEPS = ["critical", "degree", "hilbert", "implicit", "singular", "fibers", "dimension"]


#: ``--estimates``: (command line, how to compute its estimate here) for work the estimates let start
ESTIMATED = [
    (["dim", "gconv n=200 layers=2 r=2", "--seed", "0"], "dimension"),
    (["dim", "gconv n=400 layers=2 r=2", "--seed", "0"], "dimension"),
    (["dim", "dense 40-40-40 r=2", "--seed", "0"], "dimension"),
    (["dim", BIG["layers"], "--seed", "0"], "dimension"),
    (["regions", "relu 784-128-128-10", "--seed", "0"], "regions"),
    (["regions", "relu 784-256-256-10", "--seed", "0"], "regions"),
    (["regions", "relu 2-200-200-1", "--seed", "0"], "regions"),
]
LONG_ESTIMATED = [(["regions", "relu 784-512-512-10", "--seed", "0"], "regions")]


def estimate(args, kind):
    """(CPU seconds, bytes) the guard of ``args`` estimates, computed in this process."""
    from algnet import parse_spec

    net = parse_spec(args[1])
    if kind == "dimension":
        from algnet.analyses.dimension_estimate import estimate_dimension

        est = estimate_dimension(net)
        return est["cpu_seconds"], est["memory"]
    from algnet.relu.regions_estimate import check_random_regions

    est = check_random_regions(net, int(args[args.index("--seed") + 1]), force=True)
    return est["cpu_seconds"], est["memory"]


def compare(limit_mb, wall, long=False, filt=""):
    print(f"load {os.getloadavg()[0]:.1f}; ceiling {limit_mb} MB, {wall} s wall; estimate / measured")
    for args, kind in ESTIMATED + (LONG_ESTIMATED if long else []):
        line = " ".join(args)
        if filt not in line:
            continue
        cpu_est, mem_est = estimate(args, kind)
        cpu, rss, how = run(args, limit_mb, wall)
        print(f"   {cpu_est:8.2f} s / {cpu:7.2f} s CPU   {mem_est / 2**20:8.0f} / {rss:6.0f} MB   {line[:80]}\n"
              f"      {how}", flush=True)


def rows(huge=False):
    for cmd in COMMANDS:
        for spec in (HUGE if huge else BIG).values():
            yield [a.format(spec=spec) for a in cmd]
    for cmd in RELU_COMMANDS:
        for spec in HUGE_RELU if huge else RELU:
            yield [a.format(spec=spec) for a in cmd]
    for analysis in SWEEPS:
        for spec in (HUGE["dense"], HUGE["attention"]) if huge else (BIG["dense"], BIG["attention"], BIG["map"]):
            yield ["sweep", analysis, "--spec", spec, "--seeds", "0", "--db", "/tmp/_estimate_costs.sqlite",
                   "--no-progress"]


def run(args, limit_mb, wall):
    def ceiling():
        resource.setrlimit(resource.RLIMIT_AS, (limit_mb * 2**20, limit_mb * 2**20))

    t0 = time.time()
    p = subprocess.Popen([sys.executable, "-m", "algnet", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         preexec_fn=ceiling, text=True)
    killed = False
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.time() - t0 > wall:
            p.kill()
            killed = True
        time.sleep(0.05)
    out, err = p.stdout.read(), p.stderr.read()
    cpu = ru.ru_utime + ru.ru_stime
    rss = ru.ru_maxrss / 1024
    code = os.waitstatus_to_exitcode(status)
    text = (err.strip() or out.strip()).splitlines()
    if killed:
        how = f"killed at {wall} s wall"
    elif "MemoryError" in err:
        how = "MemoryError at the ceiling"
    else:
        how = f"exit {code}: " + (text[-1][:60] if code == 0 and text else " ".join(text)[:90])
    return cpu, rss, how


def main(argv):
    limit_mb, wall, filt, huge, estimates, long = 1500, 40.0, "", False, False, False
    it = iter(argv)
    for a in it:
        if a == "--limit-mb":
            limit_mb = int(next(it))
        elif a == "--huge":
            huge = True
        elif a == "--estimates":
            estimates = True
        elif a == "--long":
            long = True
        elif a == "--wall":
            wall = float(next(it))
        else:
            filt = a
    if estimates:
        compare(limit_mb, wall, long, filt)
        return
    print(f"load {os.getloadavg()[0]:.1f}; ceiling {limit_mb} MB, {wall} s wall")
    flagged = []
    for args in rows(huge):
        line = " ".join(args)
        if filt not in line:
            continue
        cpu, rss, how = run(args, limit_mb, wall)
        flag = cpu - START_CPU > CPU_FLAG or rss > RSS_FLAG or how.startswith(("killed", "MemoryError"))
        print(f"{'!!' if flag else '  '} {cpu:6.2f} s {rss:7.0f} MB  {line[:90]}\n      {how}", flush=True)
        if flag:
            flagged.append(line)
    print(f"\n{len(flagged)} flagged:")
    for line in flagged:
        print("  ", line)


if __name__ == "__main__":
    main(sys.argv[1:])
