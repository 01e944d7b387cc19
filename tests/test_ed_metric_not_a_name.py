"""ed_degree's metric is a name; a matrix given there gets algnet's ParameterError naming the route for a quadratic
form of one's own (numpy's "truth value of an array is ambiguous" escaped before)."""

import numpy as np
import pytest

from algnet.analyses.critical import ed_degree
from algnet.errors import ParameterError


@pytest.mark.parametrize("metric", [np.eye(4), 3, None])
def test_a_metric_that_is_not_a_name_is_refused(metric):
    with pytest.raises(ParameterError, match="metric must be one of"):
        ed_degree("linear 2-1-2", metric=metric)
