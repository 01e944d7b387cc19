"""The store of solved network structures and a wrong dimension: a structure solved on a slice of another dimension
than the network's is never solved, stored or read as the structure's.

Truth: linear 2-1-2 has dim M = 3 (the 2 x 2 matrices of rank <= 1: one determinant equation in 4 coordinates, by
hand) and generic ED degree 6 (P^1 x P^1 under O(1, 1), Chern classes: :func:`segre_veronese_ged`, no homotopy).
Before, ``warm_start(net, "generic", 2)`` solved on the wrong slice, failed, and recorded the failure for both
structure seeds under a key without the dimension: every later count of the structure, in that process and in every
later one, found "failed" and had no warm route (``warm_start(net, "generic", 3)`` gave None instead of 6).
"""

import pytest

from algnet import parse_spec
from algnet.analyses.critical import structure_store as store
from algnet.analyses.critical import warm
from algnet.analyses.critical.chern import segre_veronese_ged
from algnet.analyses.critical.small import remember_dimension
from algnet.errors import ParameterError


def _records(d):
    return sorted(d.glob("*.struct")) if d.is_dir() else []


def test_the_poisoning_sequence_is_refused_and_the_count_is_right(structure_store_dir):
    net = parse_spec("linear 2-1-2")
    with pytest.raises(ParameterError, match="dim M = 2 was given, but the neuromanifold has dimension 3"):
        warm.warm_start(net, "generic", 2)
    assert _records(structure_store_dir) == []          # nothing solved, nothing stored
    w = warm.warm_start(net, "generic", 3)              # the same process
    assert w is not None and w.count == segre_veronese_ged([1, 1], [1, 1]) == 6
    warm.clear_cache()                                  # as a new process: read from the store
    w = warm.warm_start(net, "generic", 3)
    assert (w.count, w.source) == (6, "cache")
    for bad in (4, 2.0, True, "3"):
        with pytest.raises(ParameterError):
            warm.warm_start(net, "generic", bad)


def test_a_record_of_another_dimension_is_never_used(structure_store_dir):
    """A record (here a failure, ``count`` 0) written with dim M = 2: not taken for dim 3, given or known."""
    net = parse_spec("linear 2-1-2")
    key = store.key_of(net, "generic", warm.STRUCTURE_SEED)
    assert store.write(key, {"count": 0, "dim": 2}, {}) == "written"
    assert store.stored(net, "generic", 3, warm.STRUCTURE_SEED)[0::3] == ("missing", "the recorded dim M differs")
    remember_dimension(net, 3)          # dim M known to the process: compared though the caller passed none
    assert store.stored(net, "generic", None, warm.STRUCTURE_SEED)[0::3] == ("missing", "the recorded dim M differs")
    warm.clear_cache()
    w = warm.warm_start(net, "generic", 3)              # solved afresh, the record rewritten
    assert w.count == 6 and w.source == "solved"
    assert store.read(key)[0].meta["dim"] == 3


def test_a_solve_of_another_dimension_is_not_written(structure_store_dir):
    net = parse_spec("linear 2-1-2")
    built = warm._structure_family(net, "generic", 2, warm.STRUCTURE_SEED)
    key = store.key_of(net, "generic", warm.STRUCTURE_SEED)
    store.remember(key, "no entry", built, None, 2, warm.STRUCTURE_SEED)
    assert _records(structure_store_dir) == []
    with pytest.raises(ParameterError):
        store.stored_or_solved(net, "generic", 2, warm.STRUCTURE_SEED)
    assert _records(structure_store_dir) == []


def test_a_loss_kind_without_a_warm_route_is_neither_solved_nor_stored(structure_store_dir):
    """The store's records are read only for the warm route's loss kinds (generic, frobenius), whose metric a load
    checks: another kind's solve (bombieri here) was written under its own key, a file nothing reads."""
    net = parse_spec("linear 2-1-2")
    assert store.stored_or_solved(net, "bombieri", 3, warm.STRUCTURE_SEED) is None
    assert _records(structure_store_dir) == []
