"""degree() reuses a certified dimension (and the linear-space verdict) between calls on one spec string,
and says so in the result."""

from dataclasses import replace

import pytest

import algnet.analyses.degree_reuse as reuse_module
from algnet import parse_spec
from algnet.analyses.degree import degree
from algnet.analyses.degree_reuse import SpecReuse
from algnet.analyses.dimension import dimension
from algnet.analyses.shared import sharing

OPTIONS = dict(method="monodromy", certify=False, confirm=False, force=True)


@pytest.fixture
def reuse(monkeypatch):
    fresh = SpecReuse()
    monkeypatch.setattr(reuse_module, "SPEC_REUSE", fresh)
    return fresh


def test_second_call_reuses_the_first_calls_certified_dimension(reuse):
    first = degree("linear 3-1-3", seed=3, **OPTIONS)
    second = degree("linear 3-1-3", seed=4, **OPTIONS)
    assert reuse.reused == 1
    assert "reused" not in first.reason
    assert "reused from an earlier call on 'linear 3-1-3' (seed 3" in second.reason
    # the record names the dimension actually used: computed with seed 3, not 4
    assert [e.seed for e in second.evidence.depends_on] == [3]
    assert [e.seed for e in first.evidence.depends_on] == [3]
    # a second method: the dimension the seed-4 call would have computed itself is the same (certified)
    fresh = dimension("linear 3-1-3", seed=4)
    assert fresh.certified and fresh.dimension == second.dimension == 5
    assert first.degree == second.degree == 6 and second.trace_test_passed
    # with the first call's own seed the record is the one a fresh computation gives: no note, the same reason
    third = degree("linear 3-1-3", seed=3, **OPTIONS)
    assert reuse.reused == 2 and third.reason == first.reason and third.paths == first.paths


def test_linear_space_verdict_reused_only_with_the_dimension(reuse, monkeypatch):
    calls = []
    original = reuse_module.linear_space_theorem

    def counted(*a, **k):
        calls.append(a[0].spec)
        return original(*a, **k)

    monkeypatch.setattr(reuse_module, "linear_space_theorem", counted)
    a = degree("dense 2-2-1 r=3", seed=0, **OPTIONS)       # binary cubics: sums of two cubes, all of them
    b = degree("dense 2-2-1 r=3", seed=1, **OPTIONS)
    assert calls == ["dense 2-2-1 r=3"]
    assert a.degree == b.degree == 1 and a.confirmation == b.confirmation
    assert a.confirmation.startswith("theorem: M is a linear space")
    assert "reused" in b.reason and "reused" not in a.reason


def test_networks_and_shared_caches_are_not_keyed(reuse):
    net = parse_spec("linear 3-1-3")
    degree(net, seed=0, **OPTIONS)
    r = degree(net, seed=1, **OPTIONS)
    assert "reused" not in r.reason and reuse.reused == 0 and reuse.dimension("linear 3-1-3") is None
    with sharing():                              # a caller's own cache (a Neuromanifold) takes precedence
        degree("linear 3-1-3", seed=0, **OPTIONS)
    assert reuse.dimension("linear 3-1-3") is None


def test_uncertified_dimensions_are_not_kept_and_the_oldest_goes():
    reuse = SpecReuse(limit=2)
    d = dimension("linear 2-1-2", seed=0)
    assert d.certified
    reuse.keep("a", replace(d, certified=False))
    assert reuse.dimension("a") is None
    for spec in ("a", "b", "c"):
        reuse.keep(spec, d)
    assert reuse.dimension("a") is None and reuse.dimension("c") is d
    reuse.clear()
    assert reuse.dimension("c") is None
