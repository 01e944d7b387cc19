"""voronoi's sample count is a whole number: 2.5 or '10' get algnet's ParameterError (a TypeError escaped from
range() before)."""

import pytest

from algnet.analyses.critical.voronoi import voronoi
from algnet.errors import ParameterError


@pytest.mark.parametrize("samples", [2.5, "10", True, -1])
def test_a_sample_count_that_is_not_a_whole_number_is_refused(samples):
    with pytest.raises(ParameterError, match="samples="):
        voronoi("linear 2-1-2", samples=samples, seed=0)
