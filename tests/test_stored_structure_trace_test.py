"""An ED degree whose structure comes from the store carries the trace test its count rests on.

Before 2026-12-05 a count by the warm route (the structure's generic solutions loaded from the store, or solved
earlier in the process) reported ``trace_test_passed`` None and nothing else: the JSON of ``algnet ed-degree``
then depended on the cache, and "None" next to a complete count read as "no check". The count rests on the
trace test of the structure-level solve (a structure is kept only after that test passed); the result now says
so (``trace_test_outcome`` True, ``trace_test`` "not rerun: ...", with the residual recorded in the store).
"""

import re

from algnet.analyses.critical import ed_degree
from algnet.analyses.critical import warm


def test_stored_structure_carries_its_trace_test(structure_store_dir, monkeypatch):
    from algnet.analyses.critical import small

    # the stop at the proven bound (10 images, the Chern-class value) switched off: the solve runs its trace test
    monkeypatch.setattr(small, "bound_reached", lambda fam, sol, images=None: None)
    first = ed_degree("linear 3-1-2", metric="generic", seed=0)
    # the generic ED degree of the Segre variety P^2 x P^1 (rank-one 2 x 3 matrices): 10 (DHOST 2016, Thm. 5.8;
    # THEOREMS 8), by the count and by the Chern-class formula
    assert first.ed_degree == 10 == first.formula
    assert first.critical.route != "parameter homotopy" and first.critical.trace_test_passed is True
    warm.clear_cache()                      # as in a new process: the structure is read from the store
    again = ed_degree("linear 3-1-2", metric="generic", seed=0)
    c = again.critical
    assert "loaded from the cache" in c.completeness and c.route == "parameter homotopy"
    assert again.ed_degree == 10 and c.complete
    assert c.trace_test_passed is None                      # no trace test ran in this count ...
    assert c.trace_test_outcome is True                     # ... the one it rests on passed
    assert c.trace_test.startswith("not rerun")
    # the residual quoted is the first solve's (recorded in the store to two digits)
    assert re.search(r"residual (\S+), as recorded", c.trace_test).group(1) == f"{first.critical.trace_test_residual:.1e}"
    d = again.as_dict()
    assert d["trace_test_outcome"] is True and d["trace_test"] == c.trace_test
    assert first.as_dict()["trace_test_outcome"] is True and first.as_dict()["trace_test"].startswith("this count: passed")


def test_no_trace_test_is_not_a_pass():
    from dataclasses import replace

    r = ed_degree("linear 2-1-2", metric="frobenius", seed=0).critical
    none = replace(r, trace_test_passed=None, route="monodromy")
    assert none.trace_test_outcome is None and none.trace_test == "not run"
    failed = replace(r, trace_test_passed=False, route="monodromy", trace_test_residual=0.25)
    assert failed.trace_test_outcome is False and failed.trace_test == "this count: NOT passed (residual 2.5e-01)"


def test_bound_stop_is_what_the_stored_structure_states(structure_store_dir):
    from algnet import parse_spec
    from algnet.analyses.critical import structure_store as store
    from algnet.analyses.critical.image_bound import STOP_PHRASE
    from algnet.analyses.critical.warm import STRUCTURE_SEED

    # linear 2-1-2: rank-one 2 x 2 matrices, the Segre variety P^1 x P^1 in P^3, generic ED degree 6 (DHOST 2016,
    # Thm. 5.8); 6 is also the proven bound on its critical images, so the first solve stops there (no trace test)
    first = ed_degree("linear 2-1-2", metric="generic", seed=0)
    assert first.ed_degree == 6 and first.critical.complete
    assert first.critical.trace_test.startswith("not run") and STOP_PHRASE in first.critical.completeness
    rec, why = store.read(store.key_of(parse_spec("linear 2-1-2"), "generic", STRUCTURE_SEED))
    assert why == "found"
    how = rec.meta["how"]
    assert f"no trace test, {STOP_PHRASE} 6" in how and "every tracked path ended" not in how
    for fresh in (False, True):         # a later count in this process, then one from the store (a new process)
        if fresh:
            warm.clear_cache()
        r = ed_degree("linear 2-1-2", metric="generic", seed=1)
        c = r.critical
        assert r.ed_degree == 6 and c.route == "parameter homotopy" and c.complete and c.trace_test_outcome is None
        assert c.trace_test == "not run: the structure-level solve stopped at the proven bound on its critical images"
        assert "every tracked path ended" not in c.completeness
