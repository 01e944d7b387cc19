"""A dimension certified through smaller networks names them in its evidence (``depends_on``), and ``algnet dim
--json`` prints it compactly (each array of plain values on one line)."""

from __future__ import annotations

import json

from algnet.analyses.dimension import dimension
from algnet.architectures.spec import parse_spec
from algnet.cli import main
from algnet.cli._common import json_text


def _pieces(res):
    return [(e.subject, e.proves, e.certified) for e in res.depends_on]


def test_the_bound_from_theorems_names_the_defective_piece_it_used():
    # dense 2-3-5-2 r=4,3 factors through dense 3-5-2 r=3: two ternary cubics as sums of five cubes of the same
    # linear forms fill a hypersurface of their 20-dimensional space (dimension 19, a classical defect), so
    # dim M = 6 head parameters + 19 - 3 rescalings = 22 (hand count)
    res = dimension("dense 2-3-5-2 r=4,3", seed=0, prefer_theorems=True)
    assert res.dimension == 6 + 19 - 3 and res.certified
    assert _pieces(res) == [("dense 3-5-2 r=3", "dim M = 19", True)]
    ev = res.evidence.as_dict()
    assert [(d["subject"], d["proves"]) for d in ev["depends_on"]] == [("dense 3-5-2 r=3", "dim M = 19")]
    assert res.as_dict()["evidence"] == ev


def test_the_factorization_route_names_the_tail_it_used():
    # dense 3-3-5-1 r=2,4: the tail sums five fourth powers of linear forms in the three quadrics of the head.
    # Ternary quartics of rank 5 are the Alexander-Hirschowitz exception: dimension 14, not 15; hence
    # dim M <= 9 head parameters + 14 - 3 rescalings moving the head = 20 (hand count), one below the count 21
    res = dimension("dense 3-3-5-1 r=2,4", seed=0)
    assert res.dimension == 20 and res.certified and res.expected == 21
    assert res.upper_bound_source.startswith("factorization through a smaller network")
    [(subject, proves, certified)] = _pieces(res)
    assert proves == "dim M <= 14" and certified          # what the bound uses: the tail's proved upper bound
    tail = parse_spec(subject)
    assert tail.n_params == 5 * 3 + 5 and tail.ambient_dimension == 15     # ternary quartics: C(6, 2) = 15


def test_a_dimension_certified_by_its_own_bound_depends_on_nothing():
    # 2 x 2 matrices of rank <= 1 (hand count 3): the known rescaling certifies it
    res = dimension("linear 2-1-2", seed=0)
    assert res.certified and res.dimension == 3 and res.depends_on == () and res.evidence.depends_on == ()


def test_dim_json_names_the_pieces_and_keeps_arrays_on_one_line(capsys):
    assert main(["dim", "dense 2-3-5-2 r=4,3", "--prefer-theorems", "--json", "--seed", "0"]) == 0
    out = capsys.readouterr().out
    doc = json.loads(out)
    assert [d["subject"] for d in doc["evidence"]["depends_on"]] == ["dense 3-5-2 r=3"]
    # the same document as the API's, with the pivots (22 of them: the dimension) on one line
    api = dimension("dense 2-3-5-2 r=4,3", seed=0, prefer_theorems=True).as_dict()
    strip = lambda d: {k: v for k, v in d.items() if k not in ("seconds", "evidence")}    # noqa: E731
    # the command line's document also has the standard fields at its top level (lifted from the evidence)
    assert set(doc) - set(api) <= {"method", "seed", "certified", "partial"}
    assert strip({k: doc[k] for k in api}) == strip(api)
    assert len(doc["pivots"]) == 22
    [line] = [ln for ln in out.splitlines() if '"pivots"' in ln]
    assert json.loads("{" + line.rstrip(",") + "}")["pivots"] == doc["pivots"]
    assert len(out.splitlines()) < 80


def test_json_text_is_the_same_document_with_flat_arrays():
    # strings that look like JSON arrays, nested lists, empty containers, unicode, non-JSON values
    data = {"a": [1, 2.5, None, True, "x, [y]"], "b": [[1, 2], {"c": []}], "d": {}, "e": "\u00e9]\n[",
            "f": [{"g": (3, 4)}], "h": object}
    text = json_text(data)
    assert json.loads(text) == json.loads(json.dumps(data, default=str))
    assert '"a": [1, 2.5, null, true, "x, [y]"]' in text and '"g": [3, 4]' in text
    assert '"b": [\n  [1, 2],\n' in text     # a list holding lists stays indented, its inner lists are flat


def test_a_factorization_record_states_the_upper_bound_it_uses_not_the_tails_rank():
    # the tail of dense 3-3-5-1 r=2,4 after its first activation: five fourth powers of linear forms in three
    # variables, in the 15-dimensional space of ternary quartics (C(6, 2) = 15). Without its bound search the
    # tail's rank is 14 (the Alexander-Hirschowitz defect) against the ambient bound 15, not certified; a
    # factorization through it uses only dim M_tail <= 15: 9 head parameters + 15 - 3 rescalings = 21
    from algnet.analyses.bounds.composition import composition_bound, tail_bound_evidence
    from algnet.architectures.sequential import Sequential

    net = parse_spec("dense 3-3-5-1 r=2,4")
    head = Sequential(*net.sequence[:2], input_shape=net.input_shape)
    tail = Sequential(*net.sequence[2:], input_shape=head.output_shape)
    td = dimension(tail, seed=0, certify=False)
    assert (td.dimension, td.upper_bound, td.certified) == (14, 15, False)
    assert td.evidence.proves == "14 <= dim M <= 15"           # the tail's own record: a range
    ev = tail_bound_evidence(td, tail.spec)
    assert (ev.proves, ev.certified, ev.subject) == ("dim M <= 15", True, tail.spec)
    assert "ambient dimension" in ev.method
    # every split the route reports carries the upper bound its description adds up
    for target in (21, 20, None):
        bound, detail, rec = composition_bound(net, seed=0, target=target)
        used = int(detail.split("dim of the tail network <= ")[1].split(" ")[0])
        assert rec.proves == f"dim M <= {used}" and rec.certified, (target, detail)
        assert bound >= 20                                       # the hand count above: dim M = 20


def test_a_piece_left_uncertified_by_a_short_limit_is_computed_again_under_a_longer_one(monkeypatch):
    # the piece dense 3-5-2 r=3 (dim 19, a classical defect: its catalecticant proves it at once) stands in for a
    # piece whose bound search needs a second: under a shorter bound_time the stand-in returns the same rank
    # without the bound (uncertified). The cache must not keep that answer for a call that allows the second.
    import dataclasses

    import algnet.analyses.bounds as bounds
    import algnet.analyses.dimension as dimension_module

    real = dimension_module.dimension
    calls = []

    def needs_a_second(spec, *, bound_time, **kw):
        calls.append(bound_time)
        res = real(spec, bound_time=bound_time, **kw)
        return res if bound_time >= 1.0 else dataclasses.replace(res, certified=False, upper_bound=20)

    monkeypatch.setattr(dimension_module, "dimension", needs_a_second)
    monkeypatch.setattr(bounds, "_PIECES", {})
    spec = "dense 3-5-2 r=3"
    short = bounds.piece_dimension(spec, seed=0, bound_time=0.1)
    assert (short.dimension, short.certified) == (19, False)
    assert bounds.piece_dimension(spec, seed=0, bound_time=0.05) is short    # no more time: nothing to gain
    assert bounds.piece_dimension(spec, seed=0, bound_time=0.1 * bounds.RETRY_FACTOR) is short   # hardly more
    long = bounds.piece_dimension(spec, seed=0, bound_time=5.0)
    assert (long.dimension, long.certified) == (19, True) and calls == [0.1, 5.0]
    # a certified piece serves every later call, whatever its limit
    assert bounds.piece_dimension(spec, seed=0, bound_time=0.01) is long and calls == [0.1, 5.0]
    # and the theorem route's pieces take the certified one: 6 head parameters + 19 - 3 rescalings = 22
    assert dimension("dense 2-3-5-2 r=4,3", seed=0, prefer_theorems=True).dimension == 22
