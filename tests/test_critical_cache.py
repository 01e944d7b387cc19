"""The on-disk store of solved network structures (algnet.analyses.critical.structure_store). Truth: Eckart-Young
(binom(2, 1) = 2 for 2 x 2 matrices of rank <= 1) and the Chern-class formula of Segre-Veronese varieties
(computed independently of any homotopy); the stored record read back; every damaged entry detected by its own
check (the file, the key, the family, Krawczyk's test) and solved afresh."""

import os
import subprocess
import sys
from math import comb

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.critical import ed_degree, structure_files, structure_store as store, warm
from algnet.analyses.critical.chern import segre_veronese_ged
from algnet.analyses.critical.small import remembered_dimension


def _entry(net, kind):
    return store.entry_path(store._store_key(net, kind, warm.STRUCTURE_SEED))


def _count(net, kind, seed=0):
    r = ed_degree(net, metric=kind, seed=seed)
    return r.ed_degree, r.critical


@pytest.mark.parametrize("spec, kind, truth", [("linear 2-1-2", "frobenius", comb(2, 1)),
                                               ("linear 2-1-2", "generic", segre_veronese_ged([1, 1], [1, 1])),
                                               ("conv k=2,2 r=2", "generic", segre_veronese_ged([1, 1], [2, 1]))])
def test_round_trip_gives_the_theorem_counts(structure_store_dir, spec, kind, truth):
    net = parse_spec(spec)
    n, c = _count(net, kind)      # the structure's first count: solved at its parameters (the small route)
    # the trace test passed, or the images found met the proven bound on them (critical.image_bound)
    assert n == truth and c.complete and c.route == "multihomogeneous"
    assert c.trace_test_passed or "proven by a bound" in c.completeness
    assert "structure solved in this process, written to the structure cache" in c.completeness
    assert _entry(net, kind).is_file() and _entry(net, kind).parent == structure_store_dir
    warm.clear_cache()        # as in a new process: only the file remains
    for seed in (0, 1, 2):
        n, c = _count(net, kind, seed)
        assert n == truth == c.certified_distinct and c.complete
        assert "loaded from the cache" in c.completeness
    w = warm.warm_start(net, kind, remembered_dimension(net, 0))
    assert w.source == "cache" and w.count == truth


def test_a_fresh_process_loads_the_stored_structure(structure_store_dir):
    net = parse_spec("dense 2-1-1 r=3")
    assert _count(net, "generic")[0] == 3 * 3 - 2
    code = ("from algnet.analyses.critical import ed_degree\n"
            "r = ed_degree('dense 2-1-1 r=3', metric='generic', seed=4)\n"
            "print(r.ed_degree, 'loaded from the cache' in r.critical.completeness)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ),
                         timeout=300)
    assert out.stdout.split() == ["7", "True"], out.stderr[-2000:]


def _solve_then(net, kind, damage):
    """Solve (writing the entry), damage the file, forget the process's copy, count again."""
    _count(net, kind)
    path = _entry(net, kind)
    damage(path)
    warm.clear_cache()
    return path, _count(net, kind)


def _rewrite(path, meta=None, **arrays):
    """The record rewritten with other contents, consistently (its checksum recomputed)."""
    old_meta, old = store.load_record(path.read_bytes())
    old.update(arrays)
    path.write_bytes(store.dump_record(meta if meta is not None else old_meta, old))


def test_a_corrupted_file_is_detected_and_rewritten(structure_store_dir):
    net = parse_spec("linear 2-1-2")
    path, (n, c) = _solve_then(net, "generic", lambda p: p.write_bytes(p.read_bytes()[:200]))
    assert n == 6 and c.complete
    assert "the cached entry was ignored (unreadable file); written to the structure cache" in c.completeness
    rec, why = store.read(store._store_key(net, "generic", warm.STRUCTURE_SEED))
    assert why == "found" and rec.meta["count"] == 6 and rec.arrays["X"].shape == (6, 3)


def test_a_stale_key_is_detected(structure_store_dir):
    net = parse_spec("linear 2-1-2")

    def stale(p):
        meta = store.load_record(p.read_bytes())[0]
        _rewrite(p, dict(meta, key=meta["key"].replace('"source": "', '"source": "0')))

    path, (n, c) = _solve_then(net, "generic", stale)
    assert n == 6 and "the cached entry was ignored (stale key)" in c.completeness


def test_another_source_is_another_entry(structure_store_dir, monkeypatch):
    """An edit to a module that determines the family or the points changes the source hash: the old file is
    never read (solved afresh, a second file written)."""
    net = parse_spec("linear 2-1-2")
    _count(net, "frobenius")
    first = _entry(net, "frobenius")
    real = store.source_hash
    # another first hex digit (a fixed "f" left the hash unchanged for the 1 source in 16 whose hash starts with f)
    monkeypatch.setattr(store, "source_hash", lambda net=None: ("0" if real(net)[0] == "f" else "f") + real(net)[1:])
    warm.clear_cache()
    n, c = _count(net, "frobenius")
    assert n == 2 and "solved in this process, written to the structure cache" in c.completeness
    assert _entry(net, "frobenius") != first and first.is_file() and _entry(net, "frobenius").is_file()


def _duplicate_a_point(p):
    X = store.load_record(p.read_bytes())[1]["X"]
    X[3] = X[4]
    _rewrite(p, X=X)


def test_a_duplicated_point_fails_the_first_load(structure_store_dir):
    """The entry's first load (no tapes yet) certifies the stored points with this process's program: a point
    replaced by a copy of another is caught there, and the structure is solved afresh."""
    net = parse_spec("conv k=2,2 r=2")
    path, (n, c) = _solve_then(net, "generic", _duplicate_a_point)
    assert n == 14 == segre_veronese_ged([1, 1], [2, 1]) == c.certified_distinct and c.complete
    assert "the cached entry was ignored (the stored points are not E distinct points of full rank)" in c.completeness


def test_damaged_points_with_checked_tapes_make_the_first_count_solve_afresh(structure_store_dir):
    """With checked tapes the stored points are start points only (each count certifies its own endpoints): a
    duplicated point sends two paths to one image, the count does not reach the 14 certified images from them, and
    it is solved afresh at its own parameters (the entry rewritten); never a wrong count."""
    net = parse_spec("conv k=2,2 r=2")
    _count(net, "generic")                  # solved and written
    warm.clear_cache()
    assert "its points re-certified here" in _count(net, "generic", 1)[1].completeness     # tapes written
    _duplicate_a_point(_entry(net, "generic"))
    warm.clear_cache()
    n, c = _count(net, "generic", 2)
    assert n == 14 == segre_veronese_ged([1, 1], [2, 1]) == c.certified_distinct and c.complete
    assert "the cached entry was ignored (its points did not give this count's certified images)" in c.completeness
    assert c.route == "multihomogeneous" and c.trace_test_passed
    warm.clear_cache()          # rewritten: the next process loads it
    n, c = _count(net, "generic", 3)
    assert n == 14 and "loaded from the cache" in c.completeness and c.route == "parameter homotopy"


def test_a_point_moved_off_the_solution_fails_recertification(structure_store_dir):
    net = parse_spec("conv k=2,2 r=2")

    def move(p):
        X = store.load_record(p.read_bytes())[1]["X"]
        X[3] += 0.05
        _rewrite(p, X=X)

    path, (n, c) = _solve_then(net, "generic", move)
    assert n == 14 == segre_veronese_ged([1, 1], [2, 1]) and c.complete
    assert "the cached entry was ignored (re-certification failed (13 of 14 certified" in c.completeness
    warm.clear_cache()          # rewritten: the next process loads it
    assert "loaded from the cache" in _count(net, "generic")[1].completeness


def test_an_unwritable_directory_keeps_the_solve_in_memory(monkeypatch):
    monkeypatch.setenv("ALGNET_CACHE_DIR", "/proc/algnet-no-such-dir")
    warm.clear_cache()
    n, c = _count(parse_spec("linear 2-1-2"), "frobenius")
    assert n == 2 and c.complete
    assert "kept in memory only (the structure cache is not writable" in c.completeness
    warm.clear_cache()


def test_cache_off_neither_reads_nor_writes(structure_store_dir):
    net = parse_spec("linear 2-1-2")
    with store.caching(False):
        n, c = _count(net, "generic")
    assert n == 6 and "not stored: the structure cache is off" in c.completeness
    assert not structure_store_dir.exists()
    _count(net, "generic")        # in memory from the uncached solve: nothing read, nothing written
    warm.clear_cache()
    _count(net, "generic")
    warm.clear_cache()
    assert "loaded from the cache" in _count(net, "generic")[1].completeness
    with store.caching(False):    # a structure kept from the store is solved afresh with the store off
        assert "solved in this process" in _count(net, "generic")[1].completeness


def test_the_default_directory_is_the_user_cache(monkeypatch, tmp_path):
    monkeypatch.delenv("ALGNET_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "linux")
    assert store.cache_dir() == tmp_path / "algnet" / "critical"
    assert "algnet" not in str(store.cache_dir().relative_to(tmp_path).parent.parent)


def test_ed_degree_cache_option_and_cli_flag(structure_store_dir, capsys):
    from algnet.cli import main

    net = parse_spec("linear 2-1-2")
    r = ed_degree(net, metric="generic", seed=0, cache=False)
    assert r.ed_degree == 6 and "not stored: the structure cache is off" in r.critical.completeness
    assert not structure_store_dir.exists()
    assert main(["ed-degree", "linear 2-1-2", "--metric", "generic", "--seed", "1", "--no-cache"]) == 0
    assert not structure_store_dir.exists() and "ED degree = 6" in capsys.readouterr().out
    warm.clear_cache()       # a new command line: nothing in memory
    assert main(["ed-degree", "linear 2-1-2", "--metric", "generic", "--seed", "1"]) == 0
    assert structure_store_dir.exists()
    # 'critical --no-classify' (the count alone) takes the warm route: --no-cache keeps it off the store; the full
    # classification never reads or writes the store
    before = sorted(p.name for p in structure_store_dir.iterdir())
    for flags in (["--no-classify", "--no-cache"], []):
        warm.clear_cache()
        assert main(["critical", "linear 2-1-2", "--loss", "frobenius", "--seed", "1"] + flags) == 0
        assert sorted(p.name for p in structure_store_dir.iterdir()) == before


def test_a_recorded_failure_sends_a_new_process_to_the_next_seed(structure_store_dir, first_structure_seed_fails):
    """The first structure seed's solve fails (simulated): the failure is recorded, the next count solves the second
    seed; a new process solves nothing: it reads the failure, then loads the second seed's points (3 d - 2 = 7)."""
    net = parse_spec("dense 2-1-1 r=3")
    seeds = first_structure_seed_fails
    assert _count(net, "generic")[0] == 7 and seeds == [warm.STRUCTURE_SEED]         # by the full route
    assert _count(net, "generic", 1)[0] == 7 and seeds == [warm.STRUCTURE_SEED, warm.STRUCTURE_SEED + 1]
    rec, why = store.read(store._store_key(net, "generic", warm.STRUCTURE_SEED))
    assert why == "found" and rec.meta["count"] == 0 and not rec.arrays
    warm.clear_cache()
    seeds.clear()
    n, c = _count(net, "generic")
    assert n == 7 and seeds == [] and f"(seed {warm.STRUCTURE_SEED + 1};" in c.completeness
    assert "loaded from the cache" in c.completeness


def test_abandoned_temporary_files_are_removed(tmp_path):
    old, new = tmp_path / "critical" / ".tmp-old.struct", tmp_path / "critical" / ".tmp-new.struct"
    old.parent.mkdir()
    old.write_bytes(b"x")
    new.write_bytes(b"x")
    os.utime(old, (1e9, 1e9))
    assert store.write({"structure": ["m", "N", "n 1", 1]}, {}, {}, root=tmp_path) == "written"
    assert not old.exists() and new.exists()


def test_an_interrupted_structure_solve_is_not_recorded_as_failed(structure_store_dir, monkeypatch):
    """A structure solve cut short by Ctrl-C (simulated: the family marked interrupted) records nothing (the count
    is answered by the full route), so a later count solves that seed again instead of skipping it."""
    net = parse_spec("linear 2-1-2")
    real = warm._establish

    def interrupted(net, kind, dim, seed=warm.STRUCTURE_SEED, built=None, call=None):
        if seed == warm.STRUCTURE_SEED:
            built[0].establish_interrupted = True
            return None
        return real(net, kind, dim, seed, built, call)

    monkeypatch.setattr(warm, "_establish", interrupted)
    assert _count(net, "frobenius")[0] == 2           # by the full route
    assert store.read(store._store_key(net, "frobenius", warm.STRUCTURE_SEED))[1] == "no entry"
    assert store.read(store._store_key(net, "frobenius", warm.STRUCTURE_SEED + 1))[1] == "no entry"
    monkeypatch.setattr(warm, "_establish", real)
    assert _count(net, "frobenius", 1)[0] == 2         # the same seed solved again
    assert store.read(store._store_key(net, "frobenius", warm.STRUCTURE_SEED))[1] == "found"


def test_a_flipped_byte_fails_the_checksum(structure_store_dir):
    net = parse_spec("linear 2-1-2")

    def flip(p):
        b = bytearray(p.read_bytes())
        b[len(b) // 2] ^= 1
        p.write_bytes(bytes(b))

    path, (n, c) = _solve_then(net, "generic", flip)
    assert n == 6 and "the cached entry was ignored (unreadable file)" in c.completeness


def test_the_first_count_solves_the_structure_at_its_own_parameters(structure_store_dir):
    """A structure's first count is its structure-level solve at the call's metric and target: the small route's
    count (the Chern-class value 14), and its points solve the gradient system at the recorded P* = (that metric,
    a complex target) by numpy's evaluation; the next count starts from them, and a new process loads and
    re-certifies them with that metric."""
    from algnet.analyses.critical.loss import Loss
    from algnet.analyses.critical.posdim import residuals
    from algnet.analyses.critical.warm_views import structure_copy

    net, truth = parse_spec("conv k=2,2 r=2"), segre_veronese_ged([1, 1], [2, 1])
    n, c = _count(net, "generic", 5)
    assert n == truth == c.certified_distinct == 14 and c.route == "multihomogeneous" and c.trace_test_passed
    w = warm.warm_start(net, "generic", 3)
    m = w.fam.n_params
    Q, p0 = w.P[:m * m].reshape(m, m), w.P[m * m:]
    assert not np.allclose(Q, w.fam.Q) and np.array_equal(Q, Q.T) and not np.any(Q.imag)
    fam = structure_copy(w.fam, Loss("generic", w.fam.loss.Z, w.fam.loss.T, Q.real, w.fam.loss.u))
    assert residuals(fam, w.X, p0).max() < 1e-8 and w.X.shape[0] == truth
    n, c = _count(net, "generic", 6)
    assert n == truth and c.route == "parameter homotopy" and c.paths == truth
    warm.clear_cache()
    n, c = _count(net, "generic", 7)
    assert n == truth and "loaded from the cache" in c.completeness


def test_stale_entries_are_pruned_and_nothing_else(structure_store_dir, monkeypatch):
    """Entries written by sources since edited (their source hash differs) and unreadable files, older than
    PRUNE_AGE, are removed at the next write; the current entry, a stale entry written a moment ago (another
    algnet version sharing the directory may still use it), a network class outside algnet and a write in flight
    (a temporary file) are kept."""
    net = parse_spec("linear 2-1-2")
    real = store.source_hash
    # another first hex digit (a fixed "f" left the hash unchanged for the 1 source in 16 whose hash starts with f)
    monkeypatch.setattr(store, "source_hash", lambda net=None: ("0" if real(net)[0] == "f" else "f") + real(net)[1:])
    _count(net, "frobenius")
    stale_old = _entry(net, "frobenius")
    _count(parse_spec("dense 2-1-1 r=3"), "generic")
    stale_new = _entry(parse_spec("dense 2-1-1 r=3"), "generic")
    monkeypatch.setattr(store, "source_hash", real)
    foreign = {"structure": ["mynets", "Net", "my 1-1", 2], "kind": "generic", "source": "0" * 16}
    store.write(foreign, {}, {})
    junk, flight = structure_store_dir / "junk-generic-0.struct", structure_store_dir / ".tmp-inflight.struct"
    junk.write_bytes(b"not a record")
    flight.write_bytes(b"half a rec")
    long_ago = 1e9
    for p in (stale_old, store.entry_path(foreign), junk, structure_store_dir / ".last-prune"):     # and the last prune
        os.utime(p, (long_ago, long_ago))
    assert stale_old.is_file() and stale_new.is_file()
    warm.clear_cache()
    monkeypatch.setattr(store, "_PRUNED", set())      # as in a new process, an hour later
    n, c = _count(net, "frobenius")           # solved afresh (the old entry is stale) and written: pruned then
    assert n == 2 and "written to the structure cache" in c.completeness
    assert not stale_old.exists() and not junk.exists()
    assert _entry(net, "frobenius").is_file() and stale_new.is_file() and store.entry_path(foreign).is_file()
    assert flight.is_file()        # a write in flight (a temporary file of a moment ago)


def test_a_wrong_recorded_route_is_detected_by_the_fingerprint(structure_store_dir):
    """A loaded structure's family is rebuilt on its recorded route without choosing it again: a record claiming
    another route rebuilds another slice, whose fingerprint differs, and the structure is solved afresh."""
    net = parse_spec("linear 2-1-2")

    def reroute(p):
        meta, arrays = store.load_record(p.read_bytes())
        assert meta["route"] == "multihomogeneous"
        p.write_bytes(store.dump_record(dict(meta, route="total degree"), arrays))

    path, (n, c) = _solve_then(net, "generic", reroute)
    assert n == 6 == segre_veronese_ged([1, 1], [1, 1]) and c.complete
    assert "the cached entry was ignored (the rebuilt family differs)" in c.completeness


def test_a_write_survives_its_directory_removed_and_a_taken_temporary_name(tmp_path, monkeypatch):
    """The store's directory is made once per process: removed afterwards, the next write makes it again; a
    temporary name already taken (a file left by a killed process of the same id) is skipped, never overwritten,
    and the record lands by rename with the owner-only mode of a temporary file."""
    import itertools
    import shutil
    import stat

    k = {"structure": ["m", "N", "n 1", 1], "kind": "generic", "seed": 1}
    assert store.write(k, {"a": 1}, {}, root=tmp_path) == "written"
    shutil.rmtree(tmp_path / "critical")
    assert store.write(k, {"a": 2}, {}, root=tmp_path) == "written"
    assert store.read(k, root=tmp_path)[0].meta["a"] == 2
    monkeypatch.setattr(structure_files, "_NAMES", itertools.count(10**6))
    taken = tmp_path / "critical" / f".tmp-{os.getpid()}-{10**6}.struct"
    taken.write_bytes(b"someone else's")
    assert store.write(k, {"a": 3}, {}, root=tmp_path) == "written"
    assert taken.read_bytes() == b"someone else's" and store.read(k, root=tmp_path)[0].meta["a"] == 3
    assert stat.S_IMODE(os.stat(store.entry_path(k, tmp_path)).st_mode) == 0o600
    assert sorted(p.name for p in (tmp_path / "critical").glob(".tmp-*")) == [taken.name]


def test_a_new_structure_s_entry_is_looked_for_once(structure_store_dir, monkeypatch):
    """A structure the store does not hold: the size estimate's look finds no entry and the count that follows
    solves it without looking again; the count is the Segre-Veronese value and the entry is written."""
    net = parse_spec("linear 2-1-2")
    real, reads = store.read, []

    def counted(key, root=None):
        reads.append(key["seed"])
        return real(key, root)

    monkeypatch.setattr(store, "read", counted)
    n, c = _count(net, "generic")
    assert n == segre_veronese_ged([1, 1], [1, 1]) and c.complete
    assert reads == [warm.STRUCTURE_SEED] and _entry(net, "generic").is_file()
    assert "written to the structure cache" in c.completeness
