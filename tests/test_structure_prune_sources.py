"""Pruning of the recorded source hashes of the structure store (the ``sources`` subdirectory): an old entry no
process uses goes, the hashes of the sources this process runs stay, and a hash in use is kept recent. Truth: the
content hash computed directly from the files (kernel_cache.source_key) and Eckart-Young (binom(2, 1) = 2 critical
points of the distance to the 2 x 2 matrices of rank <= 1), counted again from the store after the prune."""

import os
import time
from math import comb

from algnet import parse_spec
from algnet.analyses.critical import ed_degree, source_stat_key as ssk, structure_store as store, warm
from algnet.analyses.critical.structure_prune import PRUNE_AGE, prune, prune_sources
from algnet.homotopy.kernel_cache import source_key

LONG_AGO = 1e9


def _count(net):
    r = ed_degree(net, metric="frobenius", seed=0)
    return r.ed_degree, r.critical


def test_old_source_hash_goes_current_ones_stay_and_the_count_still_loads(structure_store_dir, monkeypatch):
    monkeypatch.setattr(store, "_HASHES", {})             # as in a new process: the sources hashed into this store
    monkeypatch.setattr(store, "_CLASS_SOURCES", {})
    monkeypatch.setattr(ssk, "_IN_USE", set())
    net = parse_spec("linear 2-1-2")
    n, c = _count(net)
    assert n == comb(2, 1) and "written to the structure cache" in c.completeness
    sources = structure_store_dir / ssk.SUBDIR
    current = sorted(os.listdir(sources))
    assert current and set(current) <= ssk.in_use()
    planted = sources / ("f" * 32)                        # the hash of sources since edited, recorded long ago
    planted.write_text("0" * 16)
    for p in [planted, *(sources / k for k in current), *structure_store_dir.glob("*.struct")]:
        os.utime(p, (LONG_AGO, LONG_AGO))                 # everything old: only use keeps an entry
    assert prune() == 1                                   # the planted hash; the record's sources are unchanged
    assert not planted.exists() and sorted(os.listdir(sources)) == current
    warm.clear_cache()
    n, c = _count(net)
    assert n == comb(2, 1) and "loaded from the cache" in c.completeness


def test_a_hash_read_back_is_kept_recent_and_an_unused_old_one_is_hashed_again(tmp_path, monkeypatch):
    a = tmp_path / "a.py"
    a.write_text("x = 1\n")
    monkeypatch.setattr(ssk, "_IN_USE", set())
    h = ssk.cached_source_key((str(a),), tmp_path / "critical")
    rec = tmp_path / "critical" / ssk.SUBDIR / ssk.stat_key([a])
    os.utime(rec, (LONG_AGO, LONG_AGO))
    assert ssk.cached_source_key((str(a),), tmp_path / "critical") == h == source_key([a])
    assert time.time() - rec.stat().st_mtime < PRUNE_AGE / 2       # read back old: touched
    monkeypatch.setattr(ssk, "_IN_USE", set())                      # another process, which runs other sources
    assert prune_sources(tmp_path) == 0 and rec.exists()            # recent: kept
    os.utime(rec, (LONG_AGO, LONG_AGO))
    assert prune_sources(tmp_path) == 1 and not rec.exists()       # old and unused: removed
    assert ssk.cached_source_key((str(a),), tmp_path / "critical") == source_key([a]) and rec.exists()


def test_a_prune_of_another_root_writes_nothing_outside_it(tmp_path, monkeypatch):
    # two roots: the default one ($ALGNET_CACHE_DIR) and the one given to prune; the class's source hash as an
    # unpruned store computes it (nothing recorded) is the truth of which entry is current
    from algnet.architectures.dense import LinearNetwork

    default, given = tmp_path / "default", tmp_path / "given"
    monkeypatch.setenv("ALGNET_CACHE_DIR", str(default))
    with store.caching(False):
        current = store.source_hash(LinearNetwork)
    monkeypatch.setattr(store, "_HASHES", {})             # as in a new process: nothing hashed yet
    monkeypatch.setattr(store, "_CLASS_SOURCES", {})
    monkeypatch.setattr(ssk, "_IN_USE", set())
    keys = [{"structure": ["algnet.architectures.dense", "LinearNetwork", f"linear 2-1-{n}", 4], "source": src}
            for n, src in ((2, "0" * 16), (3, current))]
    for key in keys:
        assert store.write(key, {}, {}, root=given) == "written"
        os.utime(store.entry_path(key, given), (LONG_AGO, LONG_AGO))
    assert prune(given) == 1                              # the entry of edited sources; the current one stays
    assert not store.entry_path(keys[0], given).exists() and store.entry_path(keys[1], given).exists()
    assert not default.exists()                           # nothing recorded in the default root
    assert prune(default) == 0 and not (default / "critical" / ssk.SUBDIR).exists()


def test_a_prune_of_another_root_records_the_sources_there_and_keeps_the_store_on(tmp_path, monkeypatch):
    # the class's source hash as an unpruned store computes it (nothing recorded) and the content hash of the files
    # (kernel_cache.source_key) are the truth; the store stays on throughout (a prune does not switch it off)
    from algnet.analyses.critical.tape_store import TAPE_SOURCES
    from algnet.architectures.dense import LinearNetwork

    default, given = tmp_path / "default", tmp_path / "given"
    monkeypatch.setenv("ALGNET_CACHE_DIR", str(default))
    with store.caching(False):
        current = store.source_hash(LinearNetwork)
    monkeypatch.setattr(store, "_HASHES", {})
    monkeypatch.setattr(store, "_CLASS_SOURCES", {})
    monkeypatch.setattr(ssk, "_IN_USE", set())
    seen = []
    real = ssk.cached_source_key

    def recorded(paths, directory):
        seen.append((store.enabled(), directory))
        return real(paths, directory)

    monkeypatch.setattr(store, "cached_source_key", recorded)
    key = {"structure": ["algnet.architectures.dense", "LinearNetwork", "linear 2-1-2", 4], "source": "0" * 16}
    assert store.write(key, {}, {}, root=given) == "written"
    os.utime(store.entry_path(key, given), (LONG_AGO, LONG_AGO))
    assert prune(given) == 1 and not store.entry_path(key, given).exists()
    assert seen and all(on and directory == store.cache_dir(given) for on, directory in seen)
    sources = given / "critical" / ssk.SUBDIR
    recorded_hashes = [(sources / k).read_text() for k in os.listdir(sources)]
    own = ([store._HERE / f for f in store.STRUCTURE_SOURCES] + [store._PACKAGE / f for f in store.SOLVE_SOURCES]
           + list(TAPE_SOURCES))
    assert source_key(own) in recorded_hashes            # the store's own sources, recorded under the given root
    assert not default.exists() and store.source_hash(LinearNetwork) == current
