"""How the compiled tracker's work in a degree run is shared by its threads, with the threads fixed.

Degree runs of ``bench_degree.run_algnet``'s kind (monodromy, the bench's options) with
``TrackerOptions.threads`` forced to the given number (the default, 0, gives one thread whenever the load of
others leaves no idle core, so a profile taken on a loaded machine shows every kernel call and the endpoint pass
on the main thread). For each seed of ``bench_degree.ALGNET_SEEDS`` (after one warm-up run), the CPU of the
threads (work) and the critical path on idle cores (``CompiledPathTracker.thread_seconds``'s two figures, measured
per job in its own thread, so the load does not distort them) of:

* the endpoint pass (``CompiledEndpoints._finish_rows``), with the number of its calls and how many of them had
  at least ``2 * _ENDPOINT_ROWS`` rows (the calls split into parts when the threads allow);
* the tracking calls of one group on the calling thread (``path_groups.advance_alone``) and of several groups
  (``path_groups.advance_groups``);
* the main thread's CPU for the whole run (``time.thread_time``): less the critical paths above, what runs on the
  main thread alone (the solver's Python, the calls' own Python).

The degree and paths of each run are printed with them: the threads must not change them.

Usage: ``python bench/_thread_shares.py ["spec;spec;..."] [threads]`` (default: linear 4-2-4 and linear 6-2-4,
two threads).
"""

import os
import sys
import time
from dataclasses import replace

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

CASES = ("linear 4-2-4", "linear 6-2-4")


def _instrument(acc):
    """Wrap the endpoint pass and the two kinds of tracking calls so that their thread seconds add up in ``acc``."""
    from algnet.homotopy import compiled as cm
    from algnet.homotopy import compiled_endpoints as ce

    finish = ce.CompiledEndpoints._finish_rows
    alone, groups = cm.advance_alone, cm.advance_groups

    def timed_finish(self, idx):
        w, c = self.thread_seconds
        finish(self, idx)
        a = acc["finish"]
        a[0] += self.thread_seconds[0] - w
        a[1] += self.thread_seconds[1] - c
        a[2] += 1
        a[3] += int(idx.size >= 2 * ce._ENDPOINT_ROWS)

    def timed(name, fn):
        def call(*args, **kw):
            cpu = args[2] if name == "alone" else (args[5] if len(args) > 5 else kw["cpu"])
            w, c = cpu
            out = fn(*args, **kw)
            a = acc[name]
            a[0] += cpu[0] - w
            a[1] += cpu[1] - c
            a[2] += 1
            return out
        return call

    ce.CompiledEndpoints._finish_rows = timed_finish
    cm.advance_alone = timed("alone", alone)
    cm.advance_groups = timed("groups", groups)


def shares(spec, threads):
    """One line per seed: degree, paths, and work / critical path (ms) / calls of the three parts."""
    import bench_degree as bd
    from algnet import parse_spec
    from algnet.analyses.degree import degree
    from algnet.analyses.degree_monodromy import degree_options

    acc = dict(finish=[0.0, 0.0, 0, 0], alone=[0.0, 0.0, 0], groups=[0.0, 0.0, 0])
    _instrument(acc)
    o = degree_options(parse_spec(spec), stop_at_expected=False)
    o = replace(o, tracker=replace(o.tracker, threads=threads))
    degree(spec, seed=0, options=o, **bd.ALGNET_OPTIONS)
    lines = []
    for seed in bd.ALGNET_SEEDS:
        acc.update(finish=[0.0, 0.0, 0, 0], alone=[0.0, 0.0, 0], groups=[0.0, 0.0, 0])
        c = time.thread_time()
        r = degree(spec, seed=seed, options=o, **bd.ALGNET_OPTIONS)
        c = time.thread_time() - c
        f, a, g = acc["finish"], acc["alone"], acc["groups"]
        lines.append(f"{spec:16s} seed {seed} degree {r.degree} paths {r.paths:5d} | endpoint pass work "
                     f"{f[0] * 1e3:6.2f} crit {f[1] * 1e3:6.2f} ms, {f[2]} calls ({f[3]} splittable) | one group "
                     f"{a[0] * 1e3:6.2f} ms, {a[2]} calls | groups work {g[0] * 1e3:7.2f} crit {g[1] * 1e3:7.2f} ms, "
                     f"{g[2]} calls | main thread {c * 1e3:7.2f} ms")
    return lines


def main(argv):
    specs = [s.strip() for s in argv[0].split(";")] if argv else list(CASES)
    threads = int(argv[1]) if len(argv) > 1 else 2
    print(time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), f"load {os.getloadavg()[0]:.1f}",
          f"threads={threads}", flush=True)
    for s in specs:
        for line in shares(s, threads):
            print(line, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
