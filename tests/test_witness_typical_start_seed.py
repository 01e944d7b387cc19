"""The witness system drawn with seed None: its atypical-start replacement comes from the route's own generator.

Truth: a system drawn with seed None must be the system drawn again from the seed it reports (reproducible), and
the replacement of an atypical start point must follow that seed, not a fixed one (with seed None the base drew its
replacement samples from seed 0 whatever the route's own draws were).
"""

import numpy as np

from algnet import parse_spec
from algnet.analyses.witness_system import _typical_start, witness_setup


def test_seed_none_reports_the_seed_that_redraws_the_system():
    net = parse_spec("map s^20; s^19")
    for _ in range(3):
        ws = witness_setup(net, 1, seed=None)
        again = witness_setup(net, 1, seed=ws.seed)
        assert np.array_equal(ws.theta0, again.theta0) and np.array_equal(ws.p0, again.p0)
        assert ws.solver_seed == again.solver_seed


def test_replacement_follows_the_route_generator():
    ws = witness_setup(parse_spec("map s^20; s^19"), dim=1, seed=0)
    atypical = np.array([0.43 + 0j])       # offsets about 1e-7: replaced by a random start point
    picks = {complex(_typical_start(ws.values, ws.R, atypical, 1.0, None, np.random.default_rng(s))[0])
             for s in range(6)}
    for s in range(6):                      # seed None with a generator seeded s: as seed s itself
        got = _typical_start(ws.values, ws.R, atypical, 1.0, None, np.random.default_rng(s))
        assert np.array_equal(got, _typical_start(ws.values, ws.R, atypical, 1.0, s))
    assert len(picks) > 1                   # not one fixed replacement whatever the route's generator
