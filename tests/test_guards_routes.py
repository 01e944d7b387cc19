"""Routes that had no guard: one default budget, local complexity's exact and region
routes, a user's model's regions, the data files of the command line, map specs, long layer lists."""

import math
import re
from fractions import Fraction
from pathlib import Path

import algnet
from algnet import guards

ROOT = Path(algnet.__file__).resolve().parent


def test_one_default_budget_imported_by_every_guard():
    from algnet.analyses.critical import estimate as critical
    from algnet.analyses.singular import estimate as singular
    from algnet.relu import estimates as relu
    from algnet.superposition import estimates as superposition

    for mod in (critical, singular, relu, superposition):
        assert mod.DEFAULT_BUDGET is guards.DEFAULT_BUDGET, mod.__name__
    written = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*.py")
               if re.search(r"^\s*DEFAULT_BUDGET\s*=", p.read_text(), re.M)]
    assert written == ["guards.py"]


# --- data files (item 4): headers checked before any element is read; float64 only after the size check ---

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from numpy.lib import format as npformat  # noqa: E402

from algnet import data_files  # noqa: E402
from algnet.cli import main  # noqa: E402
from algnet.data_files import load_arrays, real_array  # noqa: E402
from algnet.errors import ParameterError, TooLargeError  # noqa: E402


def _claiming(path, shape, descr="<f4"):
    """An .npy file whose header claims ``shape`` but holds 64 bytes of elements."""
    with open(path, "wb") as fh:
        npformat.write_array_header_2_0(fh, {"shape": shape, "fortran_order": False, "descr": descr})
        fh.write(b"\0" * 64)
    return str(path)


BAD = {
    "object": (np.array([[1, "a"]], dtype=object), "Python objects"),
    "complex": (np.ones((3, 2)) * 1j, "complex numbers"),
    "strings": (np.array([["a", "b"]]), "strings"),
    "records": (np.zeros(3, dtype=[("a", float), ("b", float)]), "records"),
    "dates": (np.array(["2026-12-04"], dtype="datetime64[D]"), "dates"),
    "scalar": (np.float64(3.0), "a single number"),
    "empty": (np.zeros((0, 2)), "is empty"),
    "nan": (np.array([[0.0, np.nan]]), "NaN or infinite"),
    "inf": (np.array([[np.inf, 0.0]]), "NaN or infinite"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_data_arrays_are_clear_errors(tmp_path, case, capsys):
    arr, words = BAD[case]
    path = str(tmp_path / "d.npz")
    np.savez(path, X=arr, Y=np.ones((1, 1)))
    with pytest.raises(ParameterError, match=words):
        load_arrays(path, ["X", "Y"])
    with pytest.raises(ParameterError, match=words):      # the API's arrays get the same checks
        real_array(arr)
    for argv in (["local-complexity", "relu 2-3-1", "--data", path, "--radius", "1"],
                 ["critical", "linear 2-1-1", "--seed", "0", "--data", path]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err and err.count("algnet: error") == 1


def test_complex_data_is_not_cast_silently_by_the_api():
    from algnet import parse_spec
    from algnet.analyses.critical.loss import make_loss

    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    with pytest.raises(ParameterError, match="complex numbers"):
        make_loss(parse_spec("linear 2-1-1"), (X + 1j, np.ones(3)))
    with pytest.raises(ParameterError, match="a single number"):
        make_loss(parse_spec("linear 2-1-1"), (np.float64(1.0), np.ones(3)))


@pytest.mark.parametrize("order,dtype", [("C", "<f4"), ("F", ">f4"), ("C", "i1"), ("F", "u2"), ("C", "?"),
                                         ("C", "<f8"), ("F", "f2")])
@pytest.mark.parametrize("compressed", [False, True])
def test_streamed_arrays_equal_numpys(tmp_path, monkeypatch, order, dtype, compressed):
    monkeypatch.setattr(data_files, "BLOCK", 7)          # many blocks, the last one partial
    a = np.asarray(np.random.default_rng(1).integers(0, 5, size=(9, 5)), dtype=dtype, order=order)
    path = str(tmp_path / "d.npz")
    (np.savez_compressed if compressed else np.savez)(path, A=a, X=a.T)
    X, A = load_arrays(path, ["X", "A"])
    with np.load(path) as z:
        assert np.array_equal(X, z["X"].astype(np.float64)) and np.array_equal(A, z["A"].astype(np.float64))
    assert X.dtype == np.float64 and X.shape == (5, 9)
    np.save(str(tmp_path / "d.npy"), a)
    (Z,) = load_arrays(str(tmp_path / "d.npy"), ["X"], first=True)
    assert np.array_equal(Z, a.astype(np.float64))


def test_nan_found_in_a_later_block(tmp_path, monkeypatch):
    monkeypatch.setattr(data_files, "BLOCK", 4)
    a = np.zeros(20)
    a[17] = np.nan
    np.save(str(tmp_path / "d.npy"), a)
    with pytest.raises(ParameterError, match=r"among elements 16\.\.19"):
        load_arrays(str(tmp_path / "d.npy"), ["X"])


def test_a_billion_float32_refused_before_reading(tmp_path, monkeypatch, capsys):
    path = _claiming(tmp_path / "huge.npy", (10**9, 1))
    # a header claiming 10^9 elements in a file that has 64 bytes: refused before memory is set aside
    with pytest.raises(ParameterError, match="truncated: its header claims 1,000,000,000 elements"):
        load_arrays(path, ["X"], force=True)
    # the float64 size (8 bytes per element) is checked against the memory limit before anything is read
    monkeypatch.setattr(data_files, "_headers", lambda p: {None: ((10**9, 1), np.dtype("<f4"), 4 * 10**9)})
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "4G")
    with pytest.raises(TooLargeError, match=r"1,000,000,000 numbers \(3.7 GiB as float32 in the file\) read as "
                                            r"float64 needs about 7.5 GiB") as e:
        load_arrays(path, ["X"])
    assert e.value.elements == 10**9 and "a sample of the rows" in str(e.value)
    assert main(["fd", "relu 1-3-1", "--data", path]) == 2
    err = capsys.readouterr().err
    assert "7.5 GiB" in err and "--force" in err and "Traceback" not in err


# --- local complexity --exact and --regions, a model's regions (items 2 and 3) ---

from algnet import parse_spec  # noqa: E402
from algnet.relu import estimates as relu_estimates  # noqa: E402
from algnet.relu.local_complexity import check_local_regions, local_complexity, local_region_count  # noqa: E402
from algnet.relu.model import PLModel  # noqa: E402
from algnet.relu.model_estimates import model_region_estimate  # noqa: E402
from algnet.relu.model_regions import model_regions  # noqa: E402
from algnet.relu.model_regions_float import model_regions_float  # noqa: E402


def _model(spec, seed=0):
    net = parse_spec(spec)
    return PLModel.from_relu_network(net, net.random_params(seed=seed))


def _points(tmp_path, n, d, seed=0):
    path = str(tmp_path / "pts.npz")
    np.savez(path, X=np.random.default_rng(seed).standard_normal((n, d)))
    return path


def test_exact_local_complexity_is_estimated_and_refused(tmp_path, capsys, monkeypatch):
    path = _points(tmp_path, 100_000, 20)
    assert main(["local-complexity", "relu 20-50-50-1", "--data", path, "--radius", "0.1", "--exact"]) == 2
    err = capsys.readouterr().err
    assert "exact local complexity at 100000 points" in err and "without --exact" in err and "--force" in err
    m = _model("relu 20-50-50-1")
    X = np.zeros((100_000, 20))
    with pytest.raises(TooLargeError, match="exact local complexity") as e:
        local_complexity(m, X, radius=0.1, exact=True, seed=0)
    assert e.value.cpu_seconds > guards.DEFAULT_BUDGET
    assert relu_estimates.local_complexity_estimate([50, 50, 1], 100_000, 16, 20)["cpu_seconds"] < 60  # float: fits
    monkeypatch.setattr(relu_estimates, "DEFAULT_BUDGET", 1e-9)       # force runs a refused exact run
    with pytest.raises(TooLargeError):
        local_complexity(m, X[:3], radius=0.1, exact=True, seed=0)
    assert local_complexity(m, X[:3], radius=0.1, exact=True, seed=0, force=True).exact


def test_local_regions_refused_before_the_local_complexity_starts(tmp_path, capsys, monkeypatch):
    import sys

    lcm = sys.modules["algnet.relu.local_complexity"]        # (algnet.relu.local_complexity is also a function)
    path = _points(tmp_path, 2000, 2)
    monkeypatch.setattr(lcm, "local_complexity", lambda *a, **k: pytest.fail("started before the estimate"))
    assert main(["local-complexity", "relu 2-300-1", "--data", path, "--radius", "10", "--regions"]) == 2
    err = capsys.readouterr().err
    assert "exact regions in squares of half-side 10.0 around 2000 points (200 sampled)" in err
    assert "drop --regions" in err and "--force" in err and "Traceback" not in err
    m = _model("relu 2-300-1")
    with pytest.raises(TooLargeError, match="at least") as e:
        local_region_count(m, np.zeros((2000, 2)), radius=10, seed=0)
    assert e.value.regions_estimate > 10**6
    with pytest.raises(TooLargeError, match="above max_regions=1,000"):      # one square alone, even forced
        local_region_count(m, np.zeros((2, 2)), radius=10, seed=0, max_regions=1000, force=True)


@pytest.mark.parametrize("spec,box", [("relu 2-12-1", (-1, 1, -1, 1)), ("relu 3-9-4-1", (-2, 2, -1, 3)),
                                      ("relu 2-7-7-2", None), ("relu 4-10-1", (-3, 3, -3, 3))])
def test_region_estimate_is_a_lower_bound(spec, box):
    for seed in range(3):
        m = _model(spec, seed)
        est = model_region_estimate(m, box=box)
        part = model_regions(m, box=box, plane=box is None)
        assert est["regions"] <= part.count
        if len(parse_spec(spec).widths) == 3:      # one hidden layer: the first layer's count is the count
            assert est["regions"] == part.count


def test_local_region_estimate_counts_the_squares_of_the_run():
    m = _model("relu 3-20-1", seed=2)
    X = np.random.default_rng(0).standard_normal((30, 3))
    est = check_local_regions(m, X, radius=1.5, seed=7)
    assert est["regions"] == local_region_count(m, X, radius=1.5, seed=7).counts.sum()      # one layer: exact


def test_a_wide_model_on_a_slice_is_refused_with_the_estimate(monkeypatch):
    m = _model("relu 2-3000-2")                 # 15,000 parameters; a 2-D slice of a 1e5-parameter model alike
    with pytest.raises(TooLargeError, match=r"at least 4,\d{3},\d{3} regions .* above max_regions=1,000,000"):
        model_regions(m, plane=True)
    with pytest.raises(TooLargeError, match="the exact regions") as e:
        model_regions(m, plane=True, max_regions=None)
    assert e.value.regions_estimate > 4 * 10**6 and e.value.memory_bytes > 10**11
    assert "a smaller box, the float engine" in str(e.value)
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "1G")
    with pytest.raises(TooLargeError, match="of memory"):
        model_regions_float(m, box=(-40, 40, -40, 40), max_regions=None)
    assert model_regions(m, box=(-1e-6, 1e-6, -1e-6, 1e-6)).count >= 1      # a small box runs


# --- long layer lists (item 6): find_junctions linear in the length ---

def test_junctions_of_a_long_sequence_share_one_widths_tuple():
    from algnet.architectures.junctions import find_junctions

    net = parse_spec("dense " + "-".join(["2"] * 300) + "-1 r=2")
    js = find_junctions(net.sequence)
    assert len(js) == 299 and all(j.widths is js[0].widths for j in js)     # no copy per junction
    assert [j.k for j in js] == list(range(1, 300)) and js[0].widths == (2,) * 300 + (1,)
    label, kind, zero = js[5].removal(net)
    assert kind == "neuron removed" and "2-" * 6 + "1-2" in label
    sub = net.restrict(zero)
    assert sub.free == tuple(i for i in range(net.n_params) if i not in zero)


# --- map specs (item 5): expanded by flint from the unevaluated tree, never by sympy ---

def test_map_specs_are_not_expanded_by_sympy(monkeypatch):
    import sympy

    def refuse(*a, **k):
        raise AssertionError("sympy expanded a map spec")

    monkeypatch.setattr(sympy, "expand", refuse)
    monkeypatch.setattr(sympy, "Poly", refuse)
    monkeypatch.setattr(sympy.Expr, "expand", refuse)
    net = parse_spec("map (x+y+z+w)^30; x*y/3 - 1 params=x,y,z,w")
    assert len(net.terms[0]) == 5456 and net.terms[1] == {(1, 1, 0, 0): Fraction(1, 3), (0, 0, 0, 0): -1}
    assert net.terms[0][(0, 0, 0, 30)] == 1 and net.terms[0][(10, 10, 5, 5)] == Fraction(
        math.factorial(30), math.factorial(10) ** 2 * math.factorial(5) ** 2)


@pytest.mark.parametrize("seed", range(4))
def test_flint_expansion_equals_sympys(seed):
    import random

    import sympy

    from algnet.architectures.polymap import _flint_terms, _sympify

    rnd = random.Random(seed)
    names = ["x", "y", "z"]

    def expr(depth):
        if depth == 0 or rnd.random() < 0.3:
            return rnd.choice(names + [str(rnd.randint(-5, 5)), f"{rnd.randint(1, 7)}/{rnd.randint(1, 7)}"])
        op = rnd.choice(["+", "-", "*", "^"])
        if op == "^":
            return f"({expr(depth - 1)})^{rnd.randint(0, 4)}"
        return f"({expr(depth - 1)}) {op} ({expr(depth - 1)})"

    for _ in range(25):
        text = expr(4)
        got = _flint_terms(_sympify(text, "p"), names, "p")
        want = sympy.Poly(sympy.expand(sympy.sympify(text.replace("^", "**"))), *sympy.symbols(names)).terms()
        assert got == {k: Fraction(int(c.p), int(c.q)) for k, c in want if c != 0}, text


def test_layerwise_regions_check_the_memory_of_the_first_layers_pieces(monkeypatch):
    from algnet.relu.regions import linear_regions

    net = parse_spec("relu 2-3000-1")
    theta = net.random_params(seed=0)
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "50M")
    with pytest.raises(TooLargeError, match="of memory") as e:        # 567 regions x 3 x 3000 exact entries
        linear_regions(net, theta, box=("-1/50", "1/50", "-1/50", "1/50"))
    assert e.value.regions_estimate == 567 and e.value.memory_bytes > 50 * 2**20
    assert linear_regions(net, theta, box=("-1/100", "1/100", "-1/100", "1/100")).count == 127


def test_sympy_expressions_given_to_the_api_are_bounded_before_expanding():
    import sympy

    from algnet.architectures.polymap import parametrization

    x, y, z, w = sympy.symbols("x y z w")
    with pytest.raises(TooLargeError, match="polynomial 1: up to 1.68e\\+08 terms"):
        parametrization([(x + y + z + w) ** 1000, x])
    assert parametrization([(x + y) ** 3 / 2]).terms[0][(2, 1)] == Fraction(3, 2)


def test_map_strings_are_sympys():
    import random

    import sympy

    from algnet.architectures.polymap import _poly_string

    rnd = random.Random(5)
    pool = ["x", "y", "z", "w", "a1", "a10", "a2", "b_1", "B", "theta", "t0", "X"]
    for _ in range(300):
        names = rnd.sample(pool, rnd.randint(1, 5))
        t = {}
        for _ in range(rnd.choice([1, 2, 2, 3, 8])):
            c = Fraction(rnd.choice([rnd.randint(-9, 9), rnd.randint(-10**30, 10**30)]), rnd.choice([1, 1, 2, 7]))
            if c:
                t[tuple(rnd.choice([0, 0, 1, 2, 11]) for _ in names)] = c
        syms = [sympy.Symbol(v) for v in names]
        want = str(sympy.Add(*[sympy.Rational(c.numerator, c.denominator) * sympy.Mul(*[s ** e for s, e in zip(syms, k)])
                               for k, c in t.items()])).replace("**", "^")
        assert _poly_string(t, names) == want
