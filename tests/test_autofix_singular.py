"""The cone's vertex row of the strata, and what a SingularityResult's repr says is certified.

Truth by hand: linear 2-1-2 parametrizes the 2 x 2 matrices of rank <= 1, the quadric cone det = ad - bc = 0 in
C^4; the gradient (d, -c, -b, a) of det vanishes at the origin, which is therefore singular. linear 2-2-2
parametrizes all 2 x 2 matrices (a linear space): no vertex row. A network with output biases is left to the
constant functions (singular/constants.py; dense 1-1-1 r=2 bias is C^3, no row there either); the parabola
(t, t^2) is not a cone at all: no row.
"""

import sympy

from algnet import parse_spec
from algnet.analyses.singular import is_singular, strata
from algnet.analyses.singular.point import certainty_text
from algnet.analyses.singular.constants import constant_functions, output_translations, weighted_cone
from algnet.analyses.singular.vertex import cone_vertex
from algnet.analyses.span import span_dimension
from algnet.architectures.polymap import parametrization


def test_quadric_cone_vertex_by_hand():
    a, b, c, d = sympy.symbols("a b c d")
    det = a * d - b * c
    grad = [sympy.diff(det, v).subs({a: 0, b: 0, c: 0, d: 0}) for v in (a, b, c, d)]
    assert grad == [0, 0, 0, 0] and det.subs({a: 0, b: 0, c: 0, d: 0}) == 0   # det = 0 singular at 0
    res = strata(parse_spec("linear 2-1-2"), seed=0)
    v = res.vertex
    assert v is not None and v.kind == "cone vertex" and v.status == "singular" and v.singular
    assert v.dimension == 0 and v.rank == 0 and v.certified
    assert "cone vertex (f = 0)" in res.table() and res.as_dict()["vertex"]["status"] == "singular"
    # a second method at the same point: the exact fiber tangent spaces at theta = 0
    r = is_singular("linear 2-1-2", theta=[0, 0, 0, 0], use_implicit=False)
    assert r.singular is True and r.certified


def test_linear_space_has_no_vertex_row():
    assert strata(parse_spec("linear 2-2-2"), seed=0).vertex is None
    assert cone_vertex(parse_spec("linear 2-2-2"), dimension=4) is None


def test_output_bias_network_is_left_to_the_constant_functions():
    # by hand: dense 1-1-1 r=2 bias, parameters (a, e, c, d): mu = c (a x + e)^2 + d = a^2 c x^2 + 2 a c e x
    # + (c e^2 + d). Any quadratic A x^2 + B x + C with A != 0 is reached (a = 1, c = A, e = B / (2A),
    # d = C - B^2 / (4A)), so M = C^3: a linear space, a cone over each of its points, smooth everywhere. The
    # output bias d translates the constant term alone: cone_vertex leaves the network to constants.py, which
    # gives no row either because span M = C^3 has dimension dim M = 3
    net = parse_spec("dense 1-1-1 r=2 bias")
    assert output_translations(net) == (3,)
    assert cone_vertex(net, dimension=3) is None
    assert span_dimension(net) == 3 and constant_functions(net, dimension=3) is None


def test_parabola_is_not_a_cone():
    # by hand: mu(t) = (t, t^2), the parabola. A cone with vertex p that contains the irreducible curve M contains
    # the line through p and each point of M, so M would be a line; but (0, 0), (1, 1), (2, 4) are not collinear
    # (det [[1, 1], [2, 4]] = 2). Its span is C^2 (dimension 2 > dim M = 1), so the missing row is not the
    # linear-space case: the map is neither homogeneous, nor a weighted cone, nor has it an output bias
    assert sympy.Matrix([[1, 1], [2, 4]]).det() == 2
    net = parametrization(["t", "t**2"])
    assert span_dimension(net) == 2
    assert output_translations(net) is None and not weighted_cone([(1,), (2,)])
    assert cone_vertex(net, dimension=1) is None and constant_functions(net, dimension=1) is None


def test_determinantal_vertex_span():
    # rank <= 2 3 x 3 matrices: dim 8, span all 9 entries; squares c (a x + b y)^2: dim 2, span 3
    v = cone_vertex(parse_spec("linear 3-2-3"), dimension=8)
    assert (v.span_dimension, v.parameter_degree, v.singular) == (9, 2, True)
    v = cone_vertex(parse_spec("dense 2-1-1 r=2"), dimension=2)
    assert (v.span_dimension, v.parameter_degree) == (3, 3)


def test_certainty_text_separates_boundary():
    assert certainty_text(True, True, True).startswith("singularity certified; boundary numerical")
    assert "boundary" not in certainty_text(True, True, False)


def test_attention_boundary_repr_is_not_plain_certified():
    net = parse_spec("attention d=2 a=2 dout=1 t=2")
    r1 = [s for s in strata(net, seed=0).strata if s.kind == "rank-one network"][0]
    r = is_singular(net, theta=list(r1.point), use_implicit=False)
    assert r.status == "boundary"
    text = repr(r)
    assert "boundary numerical" in text and "; certified;" not in text


def test_rank_drop_locus_includes_the_vertex_like_the_json():
    # by hand: mu(a, b, c, d) = (c, d)^T (a, b) is homogeneous of degree 2, so d mu(0) = 0 (rank 0 < dim M = 3), and
    # its image, the origin, is the singular vertex of det = 0 (test_quadric_cone_vertex_by_hand)
    import contextlib
    import io
    import json

    from algnet.analyses.singular import rank_drop_locus
    from algnet.cli import main

    res = strata(parse_spec("linear 2-1-2"), seed=0)
    (row,) = rank_drop_locus(res)
    assert (row["kind"], row["rank"], row["dimension"], row["nature"], row["certified"]) == \
        ("cone vertex", 0, 3, "singular point", True)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["singular", "linear 2-1-2", "--seed", "0", "--json"]) == 0
    d = json.loads(buf.getvalue())
    assert d["rank_drop_locus"] == [row] and d["vertex"]["name"] == row["name"]
