"""A new process that loads a stored structure reads each source file's state (``os.stat``) once: the store's source
hash (:func:`~algnet.analyses.critical.source_stat_key.stat_key`) and the tapes' stamp
(:mod:`~algnet.analyses.critical.tape_stamp`) share it
(:func:`~algnet.analyses.critical.source_stat_key.share_first_seen`), and what the stamp compares is still the state
this process first saw -- a file edited afterwards does not change it.

Truth: the number of ``stat`` calls per path in a fresh process, counted; the state a later edit gives, by ``os.stat``.
"""

import json
import os
import subprocess
import sys

import algnet

_CHILD = r"""
import collections, json, sys
import algnet.analyses.critical.source_stat_key as K
seen = collections.Counter()
real = K._stat_now
def counted(path, root):
    seen[path if root is None else root + "/" + path] += 1
    return real(path, root)
K._stat_now = counted
from algnet.analyses.critical import ed_degree
r = ed_degree("linear 2-1-2", metric="generic", seed=int(sys.argv[1]))
print(json.dumps({"ed": r.ed_degree, "loaded": "loaded from the cache" in r.critical.completeness,
                  "twice": sorted(p for p, n in seen.items() if n > 1), "stats": sum(seen.values())}))
"""


def _fresh(store, seed):
    root = os.path.dirname(os.path.dirname(os.path.abspath(algnet.__file__)))
    env = dict(os.environ, ALGNET_CACHE_DIR=str(store),
               PYTHONPATH=os.pathsep.join([root] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
    p = subprocess.run([sys.executable, "-c", _CHILD, str(seed)], env=env, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    return json.loads(p.stdout.strip().splitlines()[-1])


def test_a_loaded_count_stats_each_source_once(tmp_path):
    _fresh(tmp_path, 1)             # solves and stores the structure
    _fresh(tmp_path, 2)             # the first load: writes the tapes and their stamp
    got = _fresh(tmp_path, 0)       # a load whose stamp holds
    assert got["loaded"] and got["ed"] == 6          # the Chern-class value of P^1 x P^1
    assert got["stats"] > 0 and got["twice"] == []


def test_the_stamp_keeps_the_state_the_source_hash_saw(tmp_path):
    from algnet.analyses.critical import source_stat_key as K

    d = str(tmp_path)
    f = os.path.join(d, "m.py")
    with open(f, "w") as out:
        out.write("x = 1\n")
    K.share_first_seen(d)
    K.stat_key([f])
    before = os.stat(f)
    os.utime(f, ns=(0, before.st_mtime_ns + 10**9))        # edited after the source hash saw it
    assert K.file_stats(["m.py"], d, first_seen=True) == [(before.st_size, before.st_mtime_ns)]
    assert K.file_stats(["m.py"], d) == [(before.st_size, before.st_mtime_ns + 10**9)]
