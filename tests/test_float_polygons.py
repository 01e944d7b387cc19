"""The float64 polygons of the float region engines: a new vertex is the intersection of two lines, within the error
bound it carries (against the exact rational intersection), on boxes from 1 to 1e20."""

from fractions import Fraction

import numpy as np

from algnet.relu.float_polygons import EPS, box_polygon, split_polygon


def _exact_meet(g, h):
    """The exact intersection of the lines g and h (float coefficients taken as rationals)."""
    a1, b1, c1 = (Fraction(float(v)) for v in g)
    a2, b2, c2 = (Fraction(float(v)) for v in h)
    det = a1 * b2 - a2 * b1
    return (b1 * c2 - b2 * c1) / det, (c1 * a2 - c2 * a1) / det


def _cut(F, g):
    g = np.asarray(g, dtype=float)
    return split_polygon(F, F.xy @ g[:2] + g[2], g)


def _check_vertices(F, lines):
    """Every vertex of F is where two of the lines meet, within its carried error 2^-52 (s - max |coordinate|)."""
    for (x, y), e in zip(F.xy.tolist(), F.edges):
        s = e[0]
        err = EPS * (s - max(abs(x), abs(y)))
        best = min(max(abs(Fraction(x) - ex), abs(Fraction(y) - ey))
                   for i, g in enumerate(lines) for h in lines[i + 1:]
                   if g[0] * h[1] != g[1] * h[0]
                   for ex, ey in [_exact_meet(g, h)])
        assert best <= Fraction(err) + Fraction(EPS) * max(abs(x), abs(y)), (x, y, s, float(best))


def test_vertices_near_the_origin_are_accurate_on_huge_boxes():
    """Two lines through points near the origin, cut into a box of side 2e20: their crossing is found to about
    2^-52 of its own size (interpolated along the box's edges it would be off by about 2^-52 x 1e20)."""
    rng = np.random.default_rng(0)
    for e in (0, 4, 8, 12, 16, 20):
        b = float(10**e)
        for _ in range(10):
            g = rng.standard_normal(3)
            h = rng.standard_normal(3)
            F = box_polygon(-b, b, -b, b)
            if not (F.xy @ g[:2] + g[2]).min() < 0 < (F.xy @ g[:2] + g[2]).max():
                continue                                             # g misses the box
            P, M = _cut(F, g)
            box_lines = [(0.0, 1.0, b), (1.0, 0.0, -b), (0.0, 1.0, -b), (1.0, 0.0, b)]
            for Q in (P, M):
                vals = Q.xy @ h[:2] + h[2]
                if vals.min() < 0 < vals.max():
                    for R in split_polygon(Q, vals, h):
                        _check_vertices(R, box_lines + [tuple(g), tuple(h)])
                        ex, ey = _exact_meet(g, h)
                        if max(abs(ex), abs(ey)) < min(10, b):     # a crossing in the box near the origin
                            close = [max(abs(Fraction(x) - ex), abs(Fraction(y) - ey)) for x, y in R.xy.tolist()]
                            assert min(close) < Fraction(1, 10**13)


def test_nearly_parallel_lines_fall_back_to_the_edge_and_say_how_far_off():
    """A cut nearly parallel to an edge: the intersection of the two lines is ill-conditioned; the vertex carries a
    bound that holds (it is taken along the edge when that is better)."""
    F = box_polygon(-1.0, 1.0, -1.0, 1.0)
    P, _ = _cut(F, (1.0, 1e-3, -0.5))                        # x + 0.001 y = 0.5
    lines = [(0.0, 1.0, 1.0), (1.0, 0.0, -1.0), (0.0, 1.0, -1.0), (1.0, 0.0, 1.0), (1.0, 1e-3, -0.5)]
    for h in [(1.0, 1e-3 + 1e-12, -0.5 + 1e-9), (1.0, 2e-3, -0.5 + 1e-7)]:
        Q, R = _cut(P, h)
        for S in (Q, R):
            _check_vertices(S, lines + [h])
