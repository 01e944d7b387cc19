"""Wrong or misleading answers found by checking cases the other tests do not cover, each checked against an
independent truth (Macaulay2 where installed, a hand computation, or the option names of the function itself).
"""

import pytest

from algnet.analyses.fibers import identifiability
from algnet.analyses.hilbert import hilbert_function
from algnet.cli import main
from algnet.errors import TooLargeError


def test_interrupted_groebner_count_is_named_in_the_evidence():
    """A Groebner count stopped by its CPU cap said "interrupted: the Newton count stopped early" in the
    evidence, though no Newton count ran (the count method names sympy's Groebner basis)."""
    r = identifiability("dense 3-2-2 r=3", seed=0, method="groebner", max_seconds=0.01)
    assert r.partial and r.fiber_count is None and r.count_method.startswith("groebner")
    assert "Groebner basis did not finish" in r.evidence.proves and "Newton" not in r.evidence.proves


def test_time_capped_newton_count_is_partial(capsys):
    """A Newton count whose starts the time cap cut short returned partial=False (exit 0, no PARTIAL mark)
    although README's resource guards say the cap's count is a lower bound, as for a capped monodromy count;
    dense 2-2-2 r=2 has 2 gauge-fixed fiber points (the 2! permutations, tests/test_fibers.py), and theta_0
    alone is found before the first start."""
    r = identifiability("dense 2-2-2 r=2", seed=0, method="newton", max_seconds=1e-6)
    assert r.partial and r.evidence.partial and r.count_status == "lower bound" and r.fiber_count == 1
    assert "Newton count stopped early" in r.evidence.proves and "cap" in r.count_method
    assert main(["fibers", "dense 2-2-2 r=2", "--method", "newton", "--seed", "0", "--max-seconds", "1e-6"]) == 3
    assert capsys.readouterr().out.startswith("PARTIAL")


def test_hilbert_refusal_names_its_own_degree_option(capsys):
    """hilbert_function's degree option is ``up_to`` (``--up-to``); the refusal of a too large graded piece told
    the user to lower ``max_degree`` (``--max-degree``), an option ``hilbert`` does not have."""
    with pytest.raises(TooLargeError) as e:
        hilbert_function("linear 3-1-3", up_to=3, seed=0, max_piece=2)
    assert "up_to=2" in e.value.hint and "max_degree" not in e.value.hint
    with pytest.raises(TooLargeError) as e:
        hilbert_function("linear 3-1-3", up_to=3, seed=0, max_monomials=20)
    assert "up_to" in e.value.hint and "max_degree" not in e.value.hint


def test_defect_bound_does_not_depend_on_the_load(monkeypatch):
    """The README's dense 3-3-3-1 r=2 example (dimension 12 certified by 3 hidden symmetries) came out certified
    'by factorization through a smaller network' with no hidden symmetries at load 12 on 2 cores: the bound
    searches had wall-clock deadlines (5 s for the kernel fields, which need about 1.2 CPU s), so the result
    depended on the machine's load, not on the seed. Here the wall clock of the bound modules runs 100 s per
    reading (a machine far busier than any real one); the searches are timed in CPU seconds and find the same
    bound. Truth: the fields found are proved by exact expansion (Sigma_j v_j df/dtheta_j = 0 in QQ[theta, x]),
    and tests/test_certify.py checks the three rotations by hand."""
    import time as real_time
    import types

    import algnet.analyses.bounds as bounds
    from algnet import parse_spec
    from algnet.analyses.bounds import composition, fields

    wall = iter(range(0, 10**9, 100))
    busy = types.SimpleNamespace(perf_counter=lambda: float(next(wall)), process_time=real_time.process_time,
                                 time=real_time.time, monotonic=real_time.monotonic)
    for mod in (bounds, composition, fields):
        monkeypatch.setattr(mod, "time", busy)
    b = bounds.upper_bound(parse_spec("dense 3-3-3-1 r=2"), target=12, seed=0)
    assert (b.value, b.route, len(b.hidden_symmetries)) == (12, "hidden symmetries", 3)


@pytest.mark.parametrize("name,start", [("dimension", "The JSON of `algnet dim --json` has the stable keys"),
                                        ("degree", "`algnet degree --json` has the\nkeys")])
def test_readme_json_key_lists_match_the_registry(name, start):
    """README listed 17 of the 24 keys of `algnet degree --json` (no ambient, n_params, fiber_dimension, real,
    stop_reason, evaluator, evidence); the registry's stable keys are checked against the results themselves
    (tests/test_registry.py), so the README list must be exactly those."""
    import re
    from pathlib import Path

    from algnet.registry import get_analysis

    text = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    seg = text[text.index(start) + len(start):]
    seg = seg[:seg.index(".\n")]
    listed = set(re.findall(r"`([a-z_]+)`", re.sub(r"\([^)]*\)", "", seg)))
    assert listed == set(get_analysis(name).json_keys)


@pytest.mark.parametrize("spec,theta,singular", [
    ("linear 2-1-2", [0, 0, 0, 0], True),           # the cone xw - yz = 0 over a smooth quadric: its vertex
    ("dense 2-1-1 r=2", [0, 0, 0], True),           # c (a x + b y)^2: the quadric cone of binary squares
    ("conv k=2,2 r=1", [0, 0, 0, 0], False),        # products of two binary linear forms: all of C^3
    ("gconv n=2 layers=1", [0, 0], False),          # one circular convolution: a linear space (circulants)
])
def test_vertex_of_a_cone(spec, theta, singular):
    """The vertex of a cone M is a smooth point exactly when M is a linear space (a cone smooth at its vertex
    equals its tangent space there); by hand, the four networks above are two quadric cones and two linear
    spaces. `algnet singular` lists no stratum for the vertex (a degeneration of dimension 0) and points to
    is_singular for it."""
    from algnet.analyses.singular import is_singular

    r = is_singular(spec, theta=theta)
    assert r.singular is singular and r.certified


def test_singular_note_does_not_call_every_network_a_polynomial_map(capsys):
    assert main(["singular", "linear 2-1-2", "--seed", "0"]) == 0
    out = capsys.readouterr().out
    assert "not searched" in out and "is_singular" in out and "for a polynomial map the" not in out
