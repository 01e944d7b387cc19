"""Singular points of the map (s^3, t^3 + s, s t + t^2): decided at its rank drops, and a total budget of the search.

Truth (Singular: ``eliminate`` of (x - s^3, y - t^3 - s, z - s t - t^2) gives one generator F of degree 9 of the
ideal of the image; ``ord`` of F moved to each point, in the local ordering ds): F has order 2 at the origin = mu(0, 0)
and at (0, -+2 sqrt(6)/9, 2/3) = mu(0, +-sqrt(6)/3), so these points have multiplicity 2: singular (by hand: two
generic linear combinations of mu at (0, 0) generate an ideal of colength 2, s = -a t^2 + ... and t^2 (1 + ...)).
Before, the origin was 'undecided (tests lean smooth)' and the other two 'undecided' when the pairs mu(s) = mu(t)
were not solved within their budget; the search had no total budget (three steps of 60 CPU s ran over 400 s).
"""

import subprocess
import sys
import time

import sympy

from algnet.analyses.singular.maps import map_singular_points
from algnet.architectures.polymap import parametrization

MAP = ["s^3", "t^3 + s", "s*t + t^2"]


def test_rank_drops_of_a_one_to_one_map_are_singular():
    res = map_singular_points(parametrization(MAP), seed=0, solve_seconds=2)
    r6 = sympy.sqrt(6)
    truth = [(0, 0, 0), (0, -2 * r6 / 9, sympy.Rational(2, 3)), (0, 2 * r6 / 9, sympy.Rational(2, 3))]
    got = {tuple(sympy.sympify(x) for x in c.point): (c.status, c.certified) for c in res.candidates}
    for p in truth:
        assert any(all(sympy.simplify(a - b) == 0 for a, b in zip(q, p)) and v == ("singular", True)
                   for q, v in got.items()), (p, got)


def test_total_budget_bounds_the_search_and_says_so():
    t0 = time.process_time()
    res = map_singular_points(parametrization(MAP), seed=0, solve_seconds=60, total_seconds=1)
    assert time.process_time() - t0 < 20            # each step alone may take 60 CPU s
    assert not res.complete
    assert any("total budget of 1 CPU seconds" in n for n in res.notes), res.notes
    assert "only some of the singular points" in res.table() or "not complete" in res.table()


def test_force_help_names_the_solver_budgets():
    out = subprocess.run([sys.executable, "-m", "algnet", "singular", "--help"], capture_output=True, text=True,
                         check=True).stdout
    assert "CPU s in all" in " ".join(out.split())
