"""The atlas in data/atlas: its rows agree with theorems, a regenerated slice equals the committed one, and
the summary page lists every defective architecture under its explanation."""

import re
from pathlib import Path

import pytest

from algnet.analyses.dimension import dimension
from algnet.architectures.spec import parse_spec
from algnet.formulas import dense_bottleneck_dimension, dense_dimension_bound, dense_output_rank
from algnet.sweep.atlas import SECTIONS, Section, dense_grids, explain, generate_atlas, read_section
from algnet.theorems.formulas import (alexander_hirschowitz_defective, attention_dimension, conv_degree,
                                      conv_dimension, veronese_secant_dimension)

ATLAS = Path(__file__).resolve().parent.parent / "data" / "atlas"


def _rows(name):
    doc = read_section(str(ATLAS), name)
    if doc is None:
        pytest.skip(f"data/atlas has no {name} section")
    assert doc["command"].startswith("algnet sweep atlas") and doc["bound"]
    return doc["rows"]


def _widths(spec):
    return [int(w) for w in spec.split()[1].split("-")]


def test_dense_two_layer_rows_agree_with_alexander_hirschowitz():
    # one output, two layers: sums of d1 r-th powers of linear forms in d0 variables, whose dimension is the
    # Alexander-Hirschowitz secant dimension (a theorem, not algnet's count)
    rows = [r for r in _rows("dense") if len(_widths(r["spec"])) == 3 and _widths(r["spec"])[-1] == 1]
    assert len(rows) >= 5 * 5 * 3
    for r in rows:
        n, k, _ = _widths(r["spec"])
        deg = int(r["spec"].split("r=")[1].split()[0].split(",")[-1])
        assert r["dimension"] == veronese_secant_dimension(n, deg, k), r
        if alexander_hirschowitz_defective(n, deg, k) and r["dimension"] < min(n * k, r["ambient"]):
            assert r["explanation"] == "Alexander-Hirschowitz (last layer)", r


def test_conv_and_attention_rows_agree_with_their_theorems():
    for r in _rows("conv"):
        ks = [int(k) for k in r["spec"].split("k=")[1].split()[0].split(",")]
        assert r["dimension"] == conv_dimension(ks), r             # Shahverdi-Marchetti-Kohn, r > 1
    single = [r for r in _rows("attention") if r["spec"].endswith("layers=1")]
    assert single
    for r in single:
        f = dict(kv.split("=") for kv in r["spec"].split()[1:])
        if int(f["a"]) > int(f["d"]):         # the theorem assumes a <= d
            continue
        assert r["dimension"] == attention_dimension(int(f["d"]), int(f["a"]), int(f["dout"]), 1), r


_FACTS = ("spec", "dimension", "ambient", "parameters", "expected", "ktb", "defect", "defective", "explanation")


def _facts(rows):
    """The mathematical content of rows (the evidence may improve between versions of algnet)."""
    return [{k: r.get(k) for k in _FACTS} for r in rows]


def _route(r):
    return (r.get("upper_bound_source") or "").split(":")[0]


def test_regenerating_a_slice_gives_the_committed_rows(tmp_path):
    # the same code path (the dense section's options) on smaller grids
    small = {"dense": Section("dense", "dimension", tuple(dense_grids(3, 3, (1,), (2, 3))), "slice",
                              options=SECTIONS["dense"].options),
             "conv": Section("conv", "dimension", ("conv k={2..4}", "conv k={2..4},{2..4} r={2,3}"), "slice")}
    where = "r == 2 or r == 1"      # one conv layer has no activation (r = 1, no r= in its spec)
    rep = generate_atlas(str(tmp_path), only=["dense", "conv"], where=where, show_progress=False, sections=small)
    assert rep["dense"]["rows"] == 36 and rep["dense"]["failed"] == 0   # 3^2 two-layer + 3^3 three-layer
    for name in ("dense", "conv"):
        new = read_section(str(tmp_path), name)
        assert where in new["where"] and "--where" in new["command"]
        old = {r["spec"]: r for r in _rows(name)}
        assert _facts(new["rows"]) == _facts([old[r["spec"]] for r in new["rows"]])
        for r in new["rows"]:      # certified the same way as the committed row
            assert r.get("certified") == old[r["spec"]].get("certified"), r["spec"]
            assert _route(r) == _route(old[r["spec"]]), r["spec"]
    rows = {r["spec"]: r for r in read_section(str(tmp_path), "dense")["rows"]}
    # ternary quadrics of rank <= 2 (Alexander-Hirschowitz, r = 2: 2 * 3 - 1), certified by the secant bound
    ah = rows["dense 3-2-1 r=2"]
    assert ah["dimension"] == 5 and ah["defective"] and ah["certified"] and ah["probability_bound"] == 0
    assert _route(ah) == "narrow layers and secant theorems" and "sums of squares (last layer)" in \
        ah["upper_bound_source"]
    # f = c (w . x)^4: (c, w) up to one rescaling, 2; certified by the bottleneck at layer 1
    bn = rows["dense 2-1-2-1 r=2"]
    assert bn["dimension"] == 2 and bn["explanation"] == "bottleneck" and bn["certified"]
    assert _route(bn) == "narrow layers and secant theorems" and "bottleneck at layer 1" in bn["upper_bound_source"]
    listed = _listed((tmp_path / "README.md").read_text())
    for r in read_section(str(tmp_path), "dense")["rows"]:
        if r.get("defective"):
            assert r["spec"] in listed


def _listed(page):
    return set(re.findall(r"`([a-z]+ [^`]+)`", page)) | set(re.findall(r"^\| ([a-z]+ [^|]+?) \|", page, re.M))


def test_summary_page_lists_every_defective_architecture():
    page = (ATLAS / "README.md").read_text()
    listed = _listed(page)
    for name in SECTIONS:
        doc = read_section(str(ATLAS), name)
        if doc is None:
            continue
        assert doc["command"] in page
        for r in doc["rows"]:
            if r.get("defective"):
                assert r["spec"] in listed, r["spec"]
                assert f"## {r['explanation']} (" in page


def test_explanations():
    assert explain("dense 3-2-1 r=2", 5)[0] == "Alexander-Hirschowitz (last layer)"   # ternary quadrics, rank 2
    assert explain("dense 3-5-1 r=4", 14)[0] == "Alexander-Hirschowitz (last layer)"  # (n, d, k) = (2, 4, 5)
    assert explain("dense 3-3-3-1 r=2", 12)[0] == "bottleneck"      # Q(l1^2, l2^2, l3^2), Q any ternary quadric
    assert explain("dense 3-4-2-1 r=2", 11)[0] == "quadratic last activation"
    assert explain("dense 3-3-3-1 r=2", 15)[0] == "above the expected count"    # the KTB count 15 is not a bound here
    assert explain("dense 3-3-3-1 r=2,3", 15)[0] is None
    assert explain("dense 2-2-3-1 r=3", 6)[0] == "bottleneck"
    assert explain("dense 3-5-2 r=3", 19)[0] == "no known explanation"
    assert explain("dense 3-3-2 r=2", 13)[0] == "above the expected count"      # impossible: flagged
    # the defect of 3-5-2 r=3 (19, not 20) is inherited through a width-3 layer: 35 + 19 - 3 = 51
    known = {((3, 5, 2), (3,)): 19}
    assert explain("dense 5-5-3-5-2 r=3,4,3", 52)[0] is None
    assert explain("dense 5-5-3-5-2 r=3,4,3", 51)[0] == "no known explanation"
    group, reason = explain("dense 5-5-3-5-2 r=3,4,3", 51, known)
    assert group == "defective sub-network" and "dense 3-5-2 r=3" in reason
    # the bound that certified the row names the reason: a computed flattening, or a piece outside the atlas
    flat = "flattening: outputs x catalecticant (1, 2) flattening (6x6) has rank <= 5 on M"
    assert explain("dense 3-5-2 r=3", 19, certified_bound=flat)[0] == "defect proved by a computed bound"
    piece = ("narrow layers and secant theorems: dim M <= 19 (algnet.formulas.dense_dimension_bound: defective piece "
             "dense 3-5-2 r=3, bottleneck at layer 2); certified dimensions of the pieces: dense 3-5-2 r=3 = 19 "
             "(flattening)")
    group, reason = explain("dense 3-5-2-1 r=3", 19, certified_bound=piece)
    assert group == "defective sub-network" and "dense 3-5-2 r=3 = 19" in reason
    assert explain("dense 3-5-2-1 r=3", 19, certified_bound="known symmetry orbits")[0] == "no known explanation"
    # the uncertified dimension of a piece is named, and the row stays unexplained
    group, reason = explain("dense 3-5-2-1 r=3", 19, probable={((3, 5, 2), (3,)): 19})
    assert group == "no known explanation" and "dense 3-5-2 r=3 (not certified)" in reason
    # three quaternary quadrics in one 5-term decomposition (29, Strassen), then any ternary quadratic form in
    # them (6), up to GL_3 (9): 29 + 6 - 9
    assert explain("dense 4-5-3-1 r=2", 26)[0] == "Strassen's equation (three quadrics)"


def test_theorem_bound_certifies_at_once_and_pieces_carry_defects():
    from algnet.analyses.bounds import THEOREM_ROUTE

    # c (w . x)^4 (hand count 2): the rank meets the bound of the width-one layer, no search is run
    res = dimension("dense 2-1-2-1 r=2", seed=0, prefer_theorems=True)
    assert res.certified and res.dimension == 2 and res.upper_bound_source.startswith(THEOREM_ROUTE)
    # f = c1 y1^3 + c2 y2^3 with (y1, y2) on the neuromanifold of dense 3-5-2 r=3 (a pair of ternary cubics
    # in one 5-term decomposition): dim <= dim(3-5-2 r=3) + 2 - 2 rescalings; the piece's dimension (19, below
    # its count 20) is certified on the way and lowers the bound to the rank
    net = parse_spec("dense 3-5-2-1 r=3")
    assert dense_dimension_bound(net.widths, net.hidden_degrees())[0] == 20
    res = dimension(net, seed=0, prefer_theorems=True)
    assert res.dimension == 19 and res.certified
    assert "defective piece dense 3-5-2 r=3" in res.upper_bound_source
    assert "dense 3-5-2 r=3 = 19" in res.upper_bound_source
    piece = dimension("dense 3-5-2 r=3", seed=0, prefer_theorems=True)
    assert piece.certified and piece.dimension == 19 and piece.upper_bound_source.startswith("flattening")
    # by default the searches come first, and the bound with its pieces after them when they do not meet the rank
    assert dimension(net, seed=0).certified
    # by default the searches come first (hidden symmetries, factorization): dense 3-3-3-1 r=2 (hand count 12)
    res = dimension("dense 3-3-3-1 r=2", seed=0)
    assert res.dimension == 12 and res.certified and not res.upper_bound_source.startswith(THEOREM_ROUTE)


# ------------------------------------------------------------------ the bound of narrow layers, by hand
@pytest.mark.parametrize("spec,truth,why", [
    # f = c (w . x)^4: (c, w) up to one rescaling
    ("dense 2-1-2-1 r=2", 2, "f = c (w.x)^4"),
    # f = g(l1^3, l2^3), g a binary cubic (sums of 3 cubes fill the 4 binary cubics); 4 + 4 - 2 rescalings
    ("dense 2-2-3-1 r=3", 6, "g(l1^3, l2^3)"),
    # the same with quartics: g a binary quartic (5), 4 + 5 - 2
    ("dense 2-2-3-1 r=4", 7, "g(l1^4, l2^4)"),
    # a width-one layer: g(y) = sum_i w_i (a_i y)^3 = c y^3, so f = c l^9: a linear form up to scale, and c
    ("dense 3-1-3-1 r=3", 3, "f = c l^9"),
    # f = Q(l1^3, l2^3, l3^3), Q any ternary quadratic form (6): 9 + 6 - 3 rescalings
    ("dense 3-3-3-1 r=3,2", 12, "Q(l^3)"),
])
def test_narrow_layer_bound_by_hand(spec, truth, why):
    net = parse_spec(spec)
    assert dense_bottleneck_dimension(net.widths, net.hidden_degrees()) == truth, why
    assert net.expected_dimension()[0] == truth
    assert dimension(spec, seed=0).dimension == truth      # a second method: the Jacobian rank


@pytest.mark.parametrize("spec,truth,group", [
    # q1^2 + q2^2 = (q1 + i q2)(q1 - i q2): products of two ternary quadrics, 6 + 6 - 1
    ("dense 3-4-2-1 r=2", 11, "quadratic last activation"),
    # ternary quadrics of rank <= 2: two linear forms (6) up to O(2) (1)
    ("dense 3-2-1 r=2", 5, "Alexander-Hirschowitz (last layer)"),
])
def test_secant_bounds_by_hand(spec, truth, group):
    net = parse_spec(spec)
    assert dense_dimension_bound(net.widths, net.hidden_degrees())[0] == truth
    assert net.expected_dimension()[0] > truth          # a defect the expected dimension does not hide
    assert explain(spec, truth)[0] == group
    assert dimension(spec, seed=0).dimension == truth


def test_strassen_equation_vanishes_on_three_quadrics_of_rank_five():
    # Strassen: three n x n slices of border rank <= k have rank(A1 A2^-1 A3 - A3 A2^-1 A1) <= 2(k - n); for
    # symmetric slices this matrix is skew, so for n = 4, k = 5 its determinant (Pfaffian^2) vanishes on M
    # (exact rational arithmetic at random points), and not on random triples of quadrics: a hypersurface
    import random

    import sympy

    rng = random.Random(0)

    def commutator(A):
        B = A[1].inv()
        return A[0] * B * A[2] - A[2] * B * A[0]

    for _ in range(3):
        L = sympy.Matrix(5, 4, lambda i, j: rng.randint(-9, 9))
        A = [L.T * sympy.diag(*[rng.randint(1, 9) for _ in range(5)]) * L for _ in range(3)]
        X = commutator(A)
        assert X.T == -X and X.det() == 0 and X.rank() <= 2
        S = [sympy.Matrix(4, 4, lambda i, j: 0) for _ in range(3)]
        for M in S:
            for i in range(4):
                for j in range(i, 4):
                    M[i, j] = M[j, i] = rng.randint(-9, 9)
        assert commutator(S).det() != 0
    assert dense_dimension_bound([4, 5, 3], 2)[0] == 29 == 3 * 10 - 1
    res = dimension("dense 4-5-3 r=2", seed=0, prefer_theorems=True)
    assert res.dimension == 29 and res.certified        # the modular rank meets the hypersurface's bound


def test_relations_among_the_first_layer_outputs():
    # three binary quartics u_i = l_i^4 lie on a plane quartic Q(u) = 0 (a curve of degree 4 in P^2): the 15
    # ternary quartic monomials in u span only 14 of the 17 binary forms of degree 16 (exact, random point)
    import random
    from itertools import combinations_with_replacement

    import sympy

    x, y = sympy.symbols("x y")
    rng = random.Random(1)
    u = [(rng.randint(-5, 5) * x + rng.randint(-5, 5) * y) ** 4 for _ in range(3)]
    mons = [sympy.Poly(sympy.expand(sympy.Mul(*[u[i] for i in c])), x, y) for c in
            combinations_with_replacement(range(3), 4)]
    M = sympy.Matrix([[p.coeff_monomial(x ** a * y ** (16 - a)) for a in range(17)] for p in mons])
    assert M.shape == (15, 17) and M.rank() == 14
    # dense 2-3-5-5-2 r=4,2,2: the tail 3-5-5-2 r=2,2 fills the pairs of ternary quartics (30), so
    # dim <= 6 + 30 - 2 (Q added to either output) - 3 (rescalings) = 31, which the rank meets
    net = parse_spec("dense 2-3-5-5-2 r=4,2,2")
    assert dense_dimension_bound(net.widths, net.hidden_degrees())[0] == 31
    res = dimension(net, seed=0, prefer_theorems=True)
    assert res.dimension == 31 and res.certified
    assert explain(net.spec, 31)[0] == "relations among the first layer's outputs"


def test_pieces_outside_the_rows_explain_an_uncertified_defect():
    from algnet.sweep.atlas import explain_rows
    from algnet.sweep.atlas_pieces import outside_pieces

    # a row left uncertified (as if no route had met its rank): its defect comes from the piece dense 3-5-2 r=3
    # (not among these rows), whose dimension 19 < 20 is certified on the way (a flattening)
    rows = [{"spec": "dense 3-5-2-1 r=3", "dimension": 19, "certified": False},
            {"spec": "dense 2-2-3-1 r=3", "dimension": 6, "certified": True}]
    pieces = outside_pieces(rows)
    assert [p["spec"] for p in pieces] == ["dense 3-5-2 r=3"]
    assert pieces[0]["dimension"] == 19 and pieces[0]["certified"] and pieces[0]["ktb"] == 20
    explain_rows(rows, pieces)
    assert rows[0]["explanation"] == "defective sub-network" and "dense 3-5-2 r=3" in rows[0]["reason"]
    assert rows[1]["explanation"] == "bottleneck"
    # the same piece uncertified: the row stays unexplained, and its reason names the piece
    rows[0].pop("explanation")
    explain_rows(rows, [dict(pieces[0], certified=False)])
    assert rows[0]["explanation"] == "no known explanation" and "dense 3-5-2 r=3 (not certified)" in rows[0]["reason"]


def test_output_rank_by_hand():
    assert dense_output_rank([3, 1, 2], 2) == (1, 1)    # both outputs are multiples of one square
    assert dense_output_rank([2, 3, 3], 2)[0] == 3      # 3 squares of binary linear forms span the binary quadrics
    assert dense_output_rank([2, 5, 4], 2)[0] == 3      # ... and no more than those 3


def test_bound_is_never_below_a_certified_dimension():
    # the bound is proved: no certified dimension of the atlas may exceed it (and every row stays below the
    # Kileel-Trager-Bruna count, which the bound refines)
    rows = [r for r in _rows("dense") if "dimension" in r]
    below = 0
    for r in rows:
        net = parse_spec(r["spec"])
        b = dense_dimension_bound(net.widths, net.hidden_degrees())[0]
        assert r["dimension"] <= b <= r["ktb"], r["spec"]
        below += r["dimension"] < b
    assert below < len(rows) / 50       # the bound explains all but a few per cent of the defects


def test_conv_degree_rows_beyond_the_cap_carry_the_theorem_marked_as_such(tmp_path):
    small = {"conv-degree": Section("conv-degree", "degree", ("conv k={2,3},2 r=2",), "slice",
                                    options=(("method", "monodromy"), ("fiber", False)),
                                    where="expected_degree <= 6", formula_outside=True)}
    rep = generate_atlas(str(tmp_path), only="conv-degree", show_progress=False, sections=small)
    assert rep["conv-degree"] == {"rows": 2, "defective": 0, "failed": 0}
    rows = {r["spec"]: r for r in read_section(str(tmp_path), "conv-degree")["rows"]}
    computed, theorem = rows["conv k=2,2 s=1,1 r=2"], rows["conv k=3,2 s=1,1 r=2"]
    assert computed["degree"] == 4 and "monodromy" in computed["method"] and "computed" not in computed
    # its dimension 3 = |k| - L + 1 = 4 parameters - 1 rescaling: certified by the known symmetry orbits, and
    # the dimension's evidence is the one the degree used
    assert computed["dimension"] == 3 and computed["upper_bound_source"] == "known symmetry orbits"
    assert [d["proves"] for d in computed["depends_on"]] == ["dim M = 3"]
    # (|k| - L)! r^((L-1)(k_1-1)) / prod (k_j - 1)! = 3! 2^2 / 2 = 12 (Shahverdi-Marchetti-Kohn, Thm. 2.8)
    assert theorem["degree"] == 12 and theorem["method"] == "formula (theorem)" and theorem["computed"] is False
    assert "not computed" in theorem["note"]


def test_conv_degree_section_rows():
    rows = _rows("conv-degree")
    assert len(rows) == len(_rows("conv"))          # every conv network of the bound has its degree
    for r in rows:
        ks = [int(k) for k in r["spec"].split("k=")[1].split()[0].split(",")]
        rr = int(r["spec"].split("r=")[1]) if "r=" in r["spec"] else 2      # one layer: degree 1 for every r
        if r.get("computed") is False:
            assert r["method"] == "formula (theorem)" and r["degree"] == conv_degree(ks, rr), r
        elif "degree" in r and r.get("certified"):
            assert r["degree"] == conv_degree(ks, rr), r      # monodromy agrees with the theorem
            # the bound that certified the dimension the degree used: |k| - L + 1 = parameters - (L - 1)
            # rescalings, so the ambient dimension (one layer) or the known symmetry orbits
            assert r["upper_bound_source"] == ("ambient dimension" if len(ks) == 1 else "known symmetry orbits"), r
            assert r["dimension"] == conv_dimension(ks) == r["upper_bound"], r


def test_a_partial_atlas_is_written_from_the_store_and_says_so(tmp_path):
    from algnet.cli import main
    from algnet.sweep import run_sweep

    small = {"dense": Section("dense", "dimension", ("dense {2,3}-1-1 r={2,3}",), "slice")}
    db = str(tmp_path / "atlas.sqlite")
    run_sweep("dimension", ["dense 2-1-1 r=2", "dense 3-1-1 r=3"], "0", db, show_progress=False)
    rep = generate_atlas(str(tmp_path), only="dense", db=db, show_progress=False, sections=small, compute=False)
    assert rep["dense"] == {"rows": 4, "defective": 0, "failed": 0, "not_computed": 2, "from_earlier_run": 0}
    doc = read_section(str(tmp_path), "dense")
    assert doc["partial"] and doc["not_computed"] == 2
    rows = {r["spec"]: r for r in doc["rows"]}
    assert rows["dense 2-1-1 r=2"]["dimension"] == 2 and rows["dense 3-1-1 r=2"]["error"] == "not computed"
    assert "is partial**: 2 of its 4 architectures are computed by this run; 2 are not computed" in \
        (tmp_path / "README.md").read_text()
    # written again after more tasks: the rows of the earlier file are carried over, marked as such
    run_sweep("dimension", ["dense 3-1-1 r=2"], "0", db, show_progress=False)
    doc["rows"] = [dict(r, dimension=2) if r["spec"] == "dense 2-1-1 r=3" else r for r in doc["rows"]]
    doc["rows"] = [{k: v for k, v in r.items() if k not in ("error", "message")} for r in doc["rows"]]
    from algnet.sweep.atlas import _write_section

    _write_section(str(tmp_path), "dense", doc)
    rep = generate_atlas(str(tmp_path), only="dense", db=db, show_progress=False, sections=small, compute=False)
    assert rep["dense"]["not_computed"] == 0 and rep["dense"]["from_earlier_run"] == 1
    rows = {r["spec"]: r for r in read_section(str(tmp_path), "dense")["rows"]}
    assert rows["dense 2-1-1 r=3"]["earlier_run"] == doc["generated"] and "earlier_run" not in rows["dense 3-1-1 r=2"]
    (tmp_path / "empty").mkdir()
    assert main(["sweep", "atlas", "--out", str(tmp_path / "empty"), "--no-compute", "--only", "conv"]) == 2
    assert not (tmp_path / "empty" / "atlas.sqlite").exists()      # nothing computed, no store created


def test_a_row_certified_through_a_defective_sub_network_keeps_its_evidence(tmp_path):
    """dense 2-3-5-2 r=4,3 factors through its tail dense 3-5-2 r=3 (two ternary cubics as sums of five cubes
    of the same linear forms: a hypersurface in their 20-dimensional space, dimension 19 < 20): 6 parameters of
    the head + 19 - 3 rescalings = 22 (hand count). The row's depends_on holds that piece's certified evidence,
    naming it; a row certified otherwise has none; refreshing a written section fills the field."""
    from algnet.errors import NumericalError
    from algnet.sweep.atlas import refresh_section
    from algnet.sweep.atlas_pieces import piece_evidence

    sec = {"dense": Section("dense", "dimension", ("dense 2-3-5-2 r=4,3", "dense 3-3-2 r=2"), "two rows",
                            options=(("prefer_theorems", True),))}
    generate_atlas(str(tmp_path), only="dense", show_progress=False, sections=sec)
    rows = {r["spec"]: r for r in read_section(str(tmp_path), "dense")["rows"]}
    row = rows["dense 2-3-5-2 r=4,3"]
    assert row["dimension"] == 6 + 19 - 3 and row["certified"] and row["explanation"] == "defective sub-network"
    assert [(d["subject"], d["proves"], d["certified"]) for d in row["depends_on"]] == \
        [("dense 3-5-2 r=3", "dim M = 19", True)]
    assert "depends_on" not in rows["dense 3-3-2 r=2"]          # the ambient dimension certifies it
    doc = read_section(str(tmp_path), "dense")
    for r in doc["rows"]:
        r.pop("depends_on", None)
    from algnet.sweep.atlas import _write_section

    _write_section(str(tmp_path), "dense", doc)
    refreshed = {r["spec"]: r for r in refresh_section(str(tmp_path), "dense")["rows"]}
    assert refreshed["dense 2-3-5-2 r=4,3"]["depends_on"] == row["depends_on"]
    with pytest.raises(NumericalError):                          # a certificate that does not stand is an error
        piece_evidence("dense 3-5-2 r=3", 0, dimension=20)


def test_committed_rows_certified_through_smaller_networks_keep_their_evidence():
    """Every dense row whose bound used a smaller network's certified dimension has that network's certified
    evidence in depends_on (and no other row has any); where the piece is itself a row of the atlas (dense
    3-5-2 r=3, certified there by a flattening's minors), the two agree."""
    from algnet.sweep.atlas_pieces import used_pieces

    rows = _rows("dense")
    by_spec = {r["spec"]: r for r in rows}
    n = 0
    for r in rows:
        pieces = used_pieces(r.get("upper_bound_source"))
        if not pieces:
            assert "depends_on" not in r, r["spec"]
            continue
        n += 1
        assert [(d["subject"], d["proves"], d["certified"]) for d in r["depends_on"]] == \
            [(s, f"dim M = {dim}", True) for s, dim in pieces], r["spec"]
        for s, dim in pieces:
            if s in by_spec:
                assert by_spec[s]["dimension"] == dim and by_spec[s]["certified"], s
    assert n >= 250                    # 289 rows inherit the defect of dense 3-5-2 r=3 or of a piece outside
    assert by_spec["dense 3-5-2 r=3"]["upper_bound_source"].startswith("flattening")
