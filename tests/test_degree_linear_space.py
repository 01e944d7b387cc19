"""degree recognises a neuromanifold that is a linear space (deg M = 1, proved), against hand computations."""

from algnet import parse_spec
from algnet.analyses.degree import degree
from algnet.analyses.span import linear_space_reason, span_dimension


def test_full_ambient_space_is_certified_degree_one():
    # a x^T x-form: f = a (w1.x)^2 + b (w2.x)^2; every binary quadratic form is a sum of two squares over C,
    # so M = C^3 (the whole coefficient space), of degree 1 exactly
    r = degree("dense 2-2-1 r=2", seed=0)
    assert (r.degree, r.dimension, r.ambient) == (1, 3, 3)
    assert r.evidence.certified is True
    assert "ambient dimension" in r.reason and "linear space" in r.evidence.proves


def test_linear_space_below_the_ambient_space():
    # one group-convolution layer over Z/3: the 3 x 3 circulant matrices of w, a linear space of dimension 3
    # in the 9 coefficients (dim span = 3 by hand: each coefficient is one of w0, w1, w2)
    net = parse_spec("gconv n=3 layers=1")
    assert span_dimension(net) == 3
    r = degree(net, seed=0)
    assert (r.degree, r.dimension, r.ambient) == (1, 3, 9)
    assert r.evidence.certified is True and "dim span M = 3" in r.reason


def test_a_count_agreeing_with_the_linear_space_is_exact():
    r = degree("dense 2-2-1 r=2", method="hilbert", seed=0)
    assert r.degree == 1 and r.evidence.certified is True and r.confirmation.startswith("theorem: M is a linear")


def test_not_a_linear_space():
    # rank <= 1 2 x 2 matrices span all 4 entries but have dimension 3 (det = 0): no shortcut
    assert linear_space_reason(parse_spec("linear 2-1-2"), 3) is None
    # squares (a x + b y)^2 times c: the quadric cone b^2 = 4ac in C^3, dim 2 < span 3
    assert linear_space_reason(parse_spec("dense 2-1-1 r=2"), 2) is None


def test_stride_two_conv_is_not_given_the_stride_one_formula():
    # THEOREMS.md section 3: the degree formula is stated for stride 1 (r > 1). conv k=3,2 s=2,1 r=2: the first
    # layer has two outputs, so its stride changes the map; the formula must not be returned as a theorem even
    # where a second method happens to count the same number (the Hilbert polynomial gives 12 here)
    import pytest

    from algnet.errors import NotApplicableError

    with pytest.raises(NotApplicableError, match="stride 1"):
        degree("conv k=3,2 s=2,1 r=2", method="formula", seed=0)
    h = degree("conv k=3,2 s=2,1 r=2", method="hilbert", seed=0, hilbert_up_to=8)
    assert h.confirmation == "" and h.evidence.certified is False
    # a stride on the single-output last layer does not change the map: the formula applies, and says why
    f = degree("conv k=2,3 s=1,2 r=2", method="formula", seed=0)
    assert f.degree == 6 and "define the same map as stride 1" in f.reason
