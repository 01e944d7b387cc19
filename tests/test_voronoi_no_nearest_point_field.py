"""Targets without a nearest point have their own field, JSON key and summary line; the intervals say what they
are over.

Truth by hand: the real image of (s, t) -> (s^2, s t) is {x > 0} and the origin. A target u with u1 > 0 is a
point of M; for u1 < 0 the squared distance has infimum u1^2 (at (s^2, u2) as s -> 0), attained by no point of M.
So a Gaussian target has no nearest point with probability exactly 1/2 (P(u1 < 0)), and every other target lands
on the smooth part. The base had no field for them (only a reason among the dropped) and marked the whole result
partial for an answer it had decided.
"""

import json

from algnet.analyses.critical.nearest import TOP, UNATTAINED
from algnet.analyses.critical.voronoi import voronoi
from algnet.cli import main

SPEC = "map s^2; s*t"


def test_the_library_counts_targets_without_a_nearest_point():
    r = voronoi(SPEC, samples=16, seed=0)
    assert r.no_nearest_point == r.dropped_reasons[UNATTAINED] == r.dropped >= 3
    assert r.decided == 16 and r.counts[TOP] + r.no_nearest_point == 16
    lo, hi = r.no_nearest_point_interval
    assert lo < 0.5 < hi                                  # P(u1 < 0) = 1/2
    assert not r.partial                                  # every target decided: no gap to report
    assert r.probabilities == {TOP: 1.0}
    assert f"the {r.counts[TOP]} of 16 targets with a nearest point" in r.probabilities_over
    assert "with a nearest point" in r.evidence.proves and "no nearest point" in r.evidence.proves


def test_json_and_summary_show_the_field(capsys):
    assert main(["voronoi", SPEC, "--samples", "8", "--seed", "2", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    for old in ("samples", "dropped", "dropped_reasons", "counts", "probabilities", "intervals", "partial"):
        assert old in d
    assert d["no_nearest_point"] == d["dropped_reasons"].get(UNATTAINED, 0) == d["dropped"]
    assert d["decided"] == 8 and d["counts"].get(TOP, 0) + d["no_nearest_point"] == 8
    assert "with a nearest point" in d["probabilities_over"] and len(d["no_nearest_point_interval"]) == 2
    assert main(["voronoi", SPEC, "--samples", "8", "--seed", "2"]) == 0
    text = capsys.readouterr().out
    assert f"probabilities over the {8 - d['no_nearest_point']} of 8 targets with a nearest point" in text
    assert ("no nearest point (infimum not attained)" in text) == (d["no_nearest_point"] > 0)
