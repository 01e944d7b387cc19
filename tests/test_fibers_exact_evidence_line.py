"""The evidence line of an exact fiber count says what is proved: the count is exact at mu(theta_0) (a Groebner basis
over QQ), and that theta_0 is generic holds with probability 1 over the seed, with no bound computed -- not
"numerical (no probability bound)", which read as if the count itself were numerical. Truth: Sylvester's theorem (a
generic binary cubic is a sum of two cubes in exactly one way: 2! gauge-fixed points)."""

from algnet.analyses.fibers import identifiability


def test_exact_count_evidence_line():
    r = identifiability("dense 2-2-1 r=3", seed=0)
    assert (r.fiber_count, r.count_status, r.partial) == (2, "exact", False)
    line = [s for s in r.summary().splitlines() if s.startswith("evidence:")][0]
    assert "exact at mu(theta_0)" in line and "probability 1 over the seed, no bound computed" in line
    assert "numerical" not in line and "no probability bound" not in line
    assert "probability 1 over the seed" in r.evidence.proves and not r.evidence.certified
