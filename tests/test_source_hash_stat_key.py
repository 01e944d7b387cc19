"""The structure store's source hash remembered by the files' (path, size, mtime): checked against the content hash
computed directly (kernel_cache.source_key), for edited, touched and unchanged files, within and across processes."""

import os
import subprocess
import sys

from algnet.analyses.critical import source_stat_key as ssk
from algnet.homotopy.kernel_cache import source_key


def _write(path, text):
    with open(path, "w") as f:
        f.write(text)


def test_edited_module_gets_the_new_content_hash(tmp_path):
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    _write(a, "x = 1\n")
    _write(b, "y = 2\n")
    paths = (str(a), str(b))
    first = ssk.cached_source_key(paths, tmp_path)
    assert first == source_key([a, b])
    assert ssk.cached_source_key(paths, tmp_path) == first          # taken from the record
    _write(b, "y = 345\n")                                              # a new size
    assert ssk.cached_source_key(paths, tmp_path) == source_key([a, b]) != first


def test_touched_module_changes_the_stat_key_and_is_hashed_again(tmp_path):
    a = tmp_path / "a.py"
    _write(a, "x = 1\n")
    key = ssk.stat_key([a])
    h = ssk.cached_source_key((str(a),), tmp_path)
    st = os.stat(a)
    os.utime(a, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert ssk.stat_key([a]) != key
    # a planted record for the old key is not what the touched file gets: its content is hashed again
    (tmp_path / ssk.SUBDIR / key).write_text("0" * 16)
    assert ssk.cached_source_key((str(a),), tmp_path) == h == source_key([a])


def test_same_size_edit_with_a_new_mtime_is_seen(tmp_path):
    a = tmp_path / "a.py"
    _write(a, "x = 1\n")
    os.utime(a, ns=(10**18, 10**18))
    old = ssk.cached_source_key((str(a),), tmp_path)
    _write(a, "x = 2\n")                                                # same size, new mtime
    os.utime(a, ns=(10**18, 10**18 + 1))
    assert ssk.cached_source_key((str(a),), tmp_path) == source_key([a]) != old


def test_unwritable_or_absent_directory_computes_the_hash(tmp_path):
    a = tmp_path / "a.py"
    _write(a, "x = 1\n")
    assert ssk.cached_source_key((str(a),), None) == source_key([a])
    blocker = tmp_path / "file"
    blocker.write_text("")                                              # a file where the directory would be
    assert ssk.cached_source_key((str(a),), blocker) == source_key([a])


_PRINT = ("from algnet import parse_spec; from algnet.analyses.critical import structure_store as s;"
          "print(s.source_hash(parse_spec('linear 2-1-2')))")


def _fresh(cache):
    env = dict(os.environ, ALGNET_CACHE_DIR=str(cache))
    return subprocess.run([sys.executable, "-c", _PRINT], env=env, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_unchanged_tree_key_is_stable_across_processes_and_equals_the_content_hash(tmp_path):
    from algnet import parse_spec
    from algnet.analyses.critical import structure_store as s

    one, two = _fresh(tmp_path), _fresh(tmp_path)
    records = sorted(os.listdir(tmp_path / "critical" / ssk.SUBDIR))
    assert one == two and len(one) == 16
    assert len(records) == 2                             # the store's files and the class's files, once each
    # the independent truth: the same hash from the files' contents, nothing recorded (the store off)
    saved = dict(s._HASHES), dict(s._CLASS_SOURCES)
    s._HASHES.clear()
    s._CLASS_SOURCES.clear()
    try:
        with s.caching(False):
            direct = s.source_hash(parse_spec("linear 2-1-2"))
    finally:
        s._HASHES.clear()
        s._CLASS_SOURCES.clear()
        s._HASHES.update(saved[0])
        s._CLASS_SOURCES.update(saved[1])
    assert one == direct
