"""Paths per second of one source tree, the two figures the tracker's history compares between trees.

* :func:`degree_rate`: the rate INSIDE degree runs -- ``bench_degree.run_algnet`` (the bench's monodromy degree
  runs) over its seeds ``ALGNET_SEEDS`` (0-2) after one warm-up run, best of ``repeats`` by wall time: paths, wall
  and CPU seconds (``time.process_time``, the whole process), paths per wall second and per CPU second; and the
  main thread's CPU (``time.thread_time``: the serial part, about the wall time on idle cores), each seed's
  minimum over the repeats, and paths per second of it.
* ``--threads``: the tracker alone, ``_tracker_threads.threads_rows`` (1,024 paths of the spec's slicing family, one
  thread against two, interleaved, best of ``repeats``).

An A/B of two trees: run this file of each tree in fresh processes, alternately (A, B, A, B, ...), and compare
paths per CPU second; on a shared machine the wall figures measure the load (give ``uptime`` with them). The
two smallest cases (linear 4-2-4, dense 3-2-2 r=2: about 65 ms for three seeds) vary by 15% between runs even
on an idle machine: repeat them.

Usage: ``python bench/_ab_rates.py [--threads] ["spec;spec;..."]`` (``REP`` in the environment: ``repeats``,
default 3); the specs default to the five degree cases below, or the three tracker cases with ``--threads``.
"""

import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

DEGREE_CASES = ("linear 4-2-4", "dense 3-2-2 r=2", "conv k=2,2,2 r=2", "dense 3-2-3 r=2", "linear 6-2-4")
THREAD_CASES = ("linear 4-2-4", "dense 3-2-3 r=2", "linear 6-2-4")


def degree_rate(spec, repeats=3):
    """Best of ``repeats`` (by wall time) of bench_degree's runs of ``spec`` over its seeds: a dict with
    ``paths``, ``wall`` and ``cpu`` (seconds, the seeds summed), ``per_wall`` and ``per_cpu`` (paths a second)."""
    import bench_degree as bd

    bd.run_algnet(spec, 0)          # compiled kernels and the spec's first-run caches: not measured
    best = None
    main = {}                       # seed -> least main-thread CPU seconds
    for _ in range(repeats):
        wall = cpu = 0.0
        paths = 0
        for seed in bd.ALGNET_SEEDS:
            c = time.thread_time()
            dt, r = bd.run_algnet(spec, seed)
            c = time.thread_time() - c
            main[seed] = min(main.get(seed, c), c)
            wall += dt
            cpu += bd.run_algnet.cpu
            paths += r.paths
        if best is None or wall < best[0]:
            best = (wall, cpu, paths)
    wall, cpu, paths = best
    thread = sum(main.values())
    return {"spec": spec, "paths": paths, "wall": wall, "cpu": cpu, "per_wall": paths / wall, "per_cpu": paths / cpu,
            "thread": thread, "per_thread": paths / thread}


def main(argv):
    threads = "--threads" in argv
    argv = [a for a in argv if a != "--threads"]
    repeats = int(os.environ.get("REP", "3"))
    specs = [s.strip() for s in argv[0].split(";")] if argv else list(THREAD_CASES if threads else DEGREE_CASES)
    import algnet

    print(time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), f"load {os.getloadavg()[0]:.1f}", "algnet from",
          os.path.dirname(os.path.dirname(algnet.__file__)), flush=True)
    for s in specs:
        if threads:
            from _tracker_threads import threads_rows

            r = threads_rows(s, repeats=repeats)
            print(r["case"], r["note"], flush=True)
        else:
            r = degree_rate(s, repeats)
            print(f"{s:20s} paths {r['paths']:6d} wall {r['wall']:7.3f} s cpu {r['cpu']:7.3f} s  paths/wall-s "
                  f"{r['per_wall']:8.0f}  paths/cpu-s {r['per_cpu']:8.0f}  paths/main-thread-cpu-s "
                  f"{r['per_thread']:8.0f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
