"""A ``force`` switch must be a bool: a string is bad input (ParameterError), never a request.

``force="no"`` is a true value in Python: before 2026-12-05 ``hilbert_function``, ``implicitize``, ``strata``,
``identifiability``, ``grid``, the superposition analyses and ``plan_tasks`` took it as ``force=True`` and lifted
their size refusals. The guards'
:func:`algnet.guards.check_resources` now checks ``force`` for every guarded analysis.
"""

import numpy as np
import pytest

from algnet.errors import ParameterError, TooLargeError
from algnet.guards import check_flag, check_resources


def _entry_points():
    from algnet.analyses.fibers import identifiability
    from algnet.analyses.hilbert import hilbert_function
    from algnet.analyses.implicit import implicitize
    from algnet.analyses.singular import strata
    from algnet.grids import expand_braces, grid

    from algnet.superposition.circumsphere import sphere_clustering
    from algnet.superposition.clustering import grassmannian_summands
    from algnet.superposition.loss1 import loss1_analysis
    from algnet.sweep.runner import plan_tasks

    W = np.random.default_rng(0).normal(size=(2, 5))
    return [
        ("loss1_analysis", lambda f: loss1_analysis(W, np.zeros(5), force=f)),
        ("grassmannian_summands", lambda f: grassmannian_summands(W, force=f)),
        ("sphere_clustering", lambda f: sphere_clustering(W, force=f)),
        ("plan_tasks", lambda f: plan_tasks("dimension", ["linear 2-1-2"], [0], force=f)),
        ("hilbert_function", lambda f: hilbert_function("linear 2-1-2", 2, seed=0, force=f)),
        ("implicitize", lambda f: implicitize("linear 2-1-2", max_degree=2, seed=0, force=f)),
        ("strata", lambda f: strata("linear 2-1-2", seed=0, force=f)),
        ("identifiability", lambda f: identifiability("linear 2-1-2", seed=0, force=f)),
        ("grid", lambda f: grid("linear 2-{1..2}-2", force=f)),
        ("expand_braces", lambda f: expand_braces("a{1..2}", force=f)),
    ]


@pytest.mark.parametrize("value", ["no", "yes", "False", 1, None])
@pytest.mark.parametrize("name,call", _entry_points(), ids=[n for n, _ in _entry_points()])
def test_non_bool_force_is_refused(name, call, value):
    with pytest.raises(ParameterError, match="must be True or False"):
        call(value)


def test_check_resources_refuses_a_string_even_when_the_step_fits():
    # a step far above the limit: "no" must not lift the refusal (it used to: "no" is truthy)
    with pytest.raises(ParameterError):
        check_resources("a huge step", memory=2**60, force="no")
    with pytest.raises(ParameterError):
        check_resources("a tiny step", memory=10, force="no")
    with pytest.raises(TooLargeError):          # a real False still refuses
        check_resources("a long step", seconds=50.0, time_limit=10.0, force=np.bool_(False))


def test_check_flag_accepts_python_and_numpy_bools():
    assert check_flag(np.bool_(True)) is True and check_flag(False) is False
    with pytest.raises(ParameterError, match="certify='x'"):
        check_flag("x", "certify")
