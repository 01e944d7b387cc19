"""The atlas in data/atlas: its rows agree with theorems, a regenerated slice equals the committed one, and
the summary page lists every defective architecture under its explanation."""

import re
from pathlib import Path

import pytest

from algnet.sweep.atlas import SECTIONS, Section, dense_grids, explain, generate_atlas, read_section
from algnet.theorems.formulas import (alexander_hirschowitz_defective, attention_dimension, conv_dimension,
                                      veronese_secant_dimension)

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


def test_regenerating_a_slice_gives_the_committed_rows(tmp_path):
    # the same code path on smaller grids (expanding and parsing the full dense grid alone takes ~40 s)
    small = {"dense": Section("dense", "dimension", tuple(dense_grids(3, 2, (1,), (3,))), "slice"),
             "conv": Section("conv", "dimension", ("conv k={2..4} r={2,3}", "conv k={2..4},{2..4} r={2,3}"), "slice")}
    where = "r == 3"
    rep = generate_atlas(str(tmp_path), only=["dense", "conv"], where=where, show_progress=False, sections=small)
    assert rep["dense"]["rows"] == 12 and rep["dense"]["failed"] == 0   # 2^2 two-layer + 2^3 three-layer
    for name in ("dense", "conv"):
        new = read_section(str(tmp_path), name)
        assert where in new["where"] and "--where" in new["command"]
        old = {r["spec"]: r for r in _rows(name)}
        assert _facts(new["rows"]) == _facts([old[r["spec"]] for r in new["rows"]])
        for r in new["rows"]:      # what was certified stays certified
            assert r.get("certified") or not old[r["spec"]].get("certified"), r["spec"]
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
    assert explain("dense 3-3-3-1 r=2", 12)[0] == "quadratic last activation"
    assert explain("dense 3-3-3-1 r=2", 15)[0] is None
    assert explain("dense 3-5-2 r=3", 19)[0] == "no known explanation"
    assert explain("dense 3-3-2 r=2", 13)[0] == "above the expected count"      # impossible: flagged
