"""Rich notebook display: HTML tables from as_dict(), LaTeX equations from to_latex()."""

import html

from algnet import parse_spec
from algnet.display import RichReprMixin


def test_html_table_of_a_dimension_result():
    from algnet.analyses.dimension import dimension

    res = dimension("dense 3-2-1 r=2", seed=0)
    page = RichReprMixin._repr_html_(res)
    assert "<caption>DimensionResult: dense 3-2-1 r=2</caption>" in page
    assert "<th>dimension</th><td>5</td>" in page                # ternary quadrics of rank <= 2
    assert RichReprMixin._repr_latex_(res) is None


def test_equations_as_latex():
    from algnet.analyses.implicit import implicitize

    res = implicitize(parse_spec("linear 2-1-2"), max_degree=2, seed=0)
    tex = RichReprMixin._repr_latex_(res)
    assert tex.startswith("\\begin{align*}") and "a_{0,0} a_{1,1} - a_{0,1} a_{1,0} &= 0" in tex   # the 2x2 minor
    assert html.escape(tex) in RichReprMixin._repr_html_(res)


def test_every_registered_result_displays_in_notebooks():
    from algnet.registry import analyses

    for name, a in analyses().items():
        assert a.result_type is not None and issubclass(a.result_type, RichReprMixin), name
