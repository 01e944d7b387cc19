"""The strata table explains '?' only when a row carries one.

Truth: a network whose neuromanifold fills its coefficient space (linear 2-2-2: all 2 x 2 matrices) is smooth
everywhere, and every verdict of its table is proved; the 2 x 2 matrices of rank <= 1 (linear 2-1-2) have a
generic point whose smoothness is only probable, so that row is marked.
"""

from algnet.analyses.singular import strata

FOOTNOTE = "('?': not certified"


def test_no_footnote_when_every_verdict_is_proved():
    res = strata("linear 2-2-2", seed=0)
    assert all(s.certified for s in res.strata)
    table = res.table()
    assert " ?" not in table and FOOTNOTE not in table


def test_footnote_when_a_row_is_marked():
    res = strata("linear 2-1-2", seed=0)
    table = res.table()
    assert any(line.endswith(" ?") for line in table.splitlines()) and FOOTNOTE in table
