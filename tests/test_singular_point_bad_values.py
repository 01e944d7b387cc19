"""is_singular with a point that is not a finite rational vector: algnet's ParameterError, not a traceback."""

import pytest

from algnet.analyses.singular import is_singular
from algnet.errors import ParameterError


@pytest.mark.parametrize("kw", [dict(theta=[float("nan"), 1, 1, 1]), dict(theta=[float("inf"), 1, 1, 1]),
                                dict(theta=["a", 1, 1, 1]), dict(theta=[None, 1, 1, 1]),
                                dict(f=[float("nan"), 0, 0, 0]), dict(f=[1, 2, "x", 4])])
def test_non_finite_or_non_numeric_values_are_refused(kw):
    with pytest.raises(ParameterError, match="not a finite rational number"):
        is_singular("linear 2-1-2", seed=0, use_implicit=False, **kw)
