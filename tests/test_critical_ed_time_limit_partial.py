"""An ED degree stopped by its time limit is marked partial (a lower bound), like the critical-point count it comes
from: marking it raised TypeError (EDDegreeResult has no ``partial`` field: its ``partial`` and ``partial_reason``
are properties read from the critical-point result), so `algnet ed-degree ... --time-limit S` ended in a traceback
whenever the limit was reached."""


from algnet.analyses.critical import ed_degree
from algnet.analyses.critical.guarded_run import _limited


def test_a_stopped_ed_degree_is_a_lower_bound():
    res = ed_degree("linear 2-1-2", seed=0, cache=False)        # Eckart-Young: binom(2, 1) = 2, complete
    assert res.ed_degree == 2 and not res.partial
    stopped = _limited(res, "time limit reached")
    assert stopped.partial and "time limit" in stopped.partial_reason
    assert stopped.ed_degree == 2           # the count found so far, now a lower bound
