"""The generic rank of a polynomial map's Jacobian in the rank-drop cover: proved, not read off random points.
Truth by hand: det d(x^2, y^2) = 4 x y (rank 2, 0 at the origin); (x y, x^2 y^2) has rank 1 (the second output is
the square of the first: its 2 x 2 minor vanishes identically); Schwartz-Zippel's bound for the unproved case."""

import random

from algnet.architectures import polymap_strata as ps
from algnet.architectures.polymap import parametrization


class _Origin(random.Random):
    """A generator whose points are all the origin (where both maps drop rank)."""

    def randint(self, a, b):
        return 0


def _jacobian(exprs, names):
    from algnet.core.numbers import fmpq_mpoly_ctx

    ctx = fmpq_mpoly_ctx.get(tuple(names), "lex")
    polys = [ps._poly(ctx, t) for t in parametrization(exprs).terms]
    return [[p.derivative(j) for j in range(len(names))] for p in polys]


def test_a_rank_seen_low_at_special_points_is_raised_to_the_generic_rank():
    assert ps._generic_rank(_jacobian(["x^2", "y^2"], ["x", "y"]), _Origin()) == 2
    assert ps._generic_rank(_jacobian(["x*y", "x^2*y^2"], ["x", "y"]), _Origin()) == 1
    assert ps._generic_rank(_jacobian(["x*y", "x^2*y^2"], ["x", "y"]), random.Random(1)) == 1


def test_a_rank_not_proved_carries_the_schwartz_zippel_bound(monkeypatch):
    monkeypatch.setattr(ps, "MAX_MINORS", 0)            # no minor may be taken: nothing proved
    unproved: list = []
    assert ps._generic_rank(_jacobian(["x*y", "x^2*y^2"], ["x", "y"]), random.Random(1), unproved) == 1
    # a 2 x 2 minor has degree <= 2 * 3 (d/dx x^2 y^2 = 2 x y^2); two points of 2^21 + 1 values per coordinate
    assert unproved == [(6 / (2**21 + 1)) ** 2]


def test_the_cover_note_says_when_the_rank_is_not_proved(monkeypatch):
    terms = parametrization(["a+b+c+d", "(a+b+c+d)^2", "(a+b+c+d)^3", "(a+b+c+d)^4"]).terms    # rank 1
    assert ps.rank_drop_cover(terms, 4, list("abcd")).note == "d mu has full rank everywhere"
    monkeypatch.setattr(ps, "MAX_MINORS", 20)           # the 16 entries, not the 36 minors of size 2
    note = ps.rank_drop_cover(terms, 4, list("abcd")).note
    assert note.startswith("d mu has full rank everywhere; a generic rank of d mu taken from two random integer "
                           "points, not proved")
    assert f"{(2 * 3 / (2**21 + 1)) ** 2:.1e}" in note
