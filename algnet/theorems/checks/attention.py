"""Verification rows for lightning attention whose layers see a rank-one input (THEOREMS.md section 4).

THEOREMS 4: "one token (t = 1) sees only the symmetric part of K^T Q: fewer dimensions", and outside the
bottleneck assumptions the Henry-Marchetti-Kohn count "can be wrong: compute, never assume". A layer whose
input Y has rank one, Y = u w^T (one token; or the output of a layer with attention rank one, u = V X X^T k,
w^T = q^T X), computes V Y Y^T M Y = (w^T w)(u^T M u) V u w^T: it sees M = K^T Q only through the quadratic form
u^T M u, i.e. through the symmetric part of M. The d x d matrices of rank <= a have dimension a(2d - a); over C
their symmetric parts are the symmetric matrices of rank <= rho = min(2a, d) (x^2 - y^2 = (x - y)(x + y)), of
dimension rho d - rho(rho - 1)/2. The hand count below subtracts the difference for every such layer from the
published count; :func:`hand_count` evaluates it here, independently of ``algnet.formulas``.

A second family of rows: networks that widen. A hidden width d_i above the width d_(i-1) before it only embeds
layer i's output in the subspace col V_i (the next layer computes V' (V_i Z)(V_i Z)^T K^T Q (V_i Z) =
(V' V_i) Z Z^T (K V_i)^T (Q V_i) Z), and an attention rank a above its layer's input width d makes K^T Q any
d x d matrix, as a = d does; zero padding gives the converse. So the network has the neuromanifold of the
narrower network with those widths and ranks lowered (:func:`narrowed`, evaluated here from the widths, not
by the network's own reduction), whose dimension is the hand count above.

The computed side is :func:`algnet.analyses.dimension.dimension` (a modular Jacobian rank, a proved lower
bound, met by a proved upper bound: the known symmetries plus the kernel fields that the tail-field route or the
hidden-symmetry search proves exactly, or the bound of the narrower network with the same neuromanifold). A row
agrees only when the value is equal AND certified.
"""

from __future__ import annotations

from algnet.theorems.verification import Check, run_analysis

SRC = ("Henry-Marchetti-Kohn 2025, arXiv:2408.17221 (count); THEOREMS 4 (a rank-one input sees only the "
       "symmetric part of K^T Q): hand count")
SRC_NARROW = (SRC + "; of the narrower network with the same neuromanifold (a widening hidden layer or a rank above "
              "its input width lowered; parameter maps both ways, checked exactly in "
              "tests/test_attention_reduction_and_low_rank_fields.py)")


def hmk_count(widths, ranks) -> int:
    """Henry-Marchetti-Kohn's count sum_i [a_i(2 d_(i-1) - a_i) + d_i d_(i-1)] - sum_(i<l) d_i^2 - l.

    Examples
    --------
    >>> hmk_count((2, 2, 2), (1, 2)), hmk_count((2, 1), (2,))     # 7 + 8 - 4 - 2; single layer 2ad + dd' - a^2 - 1
    (9, 5)
    """
    layers = len(ranks)
    total = sum(a * (2 * widths[i] - a) + widths[i + 1] * widths[i] for i, a in enumerate(ranks))
    return total - sum(w * w for w in widths[1:layers]) - layers


def unseen(d: int, a: int) -> int:
    """Directions of M = K^T Q (d x d, rank <= a) that a rank-one input does not see: a(2d - a) minus the
    dimension of the symmetric matrices of rank <= min(2a, d).

    Examples
    --------
    >>> unseen(2, 2), unseen(3, 2), unseen(2, 1), unseen(3, 1)
    (1, 2, 0, 0)
    """
    rho = min(2 * a, d)
    return a * (2 * d - a) - (rho * d - rho * (rho - 1) // 2)


def hand_count(widths, ranks, tokens: int) -> int:
    """The published count minus :func:`unseen` for each layer with a rank-one input: every layer when there is
    one token; layer i > 1 when layer i - 1 has attention rank one or a rank-one input itself (its output
    (w^T w)(u^T M u) V u w^T is then rank one again).

    Examples
    --------
    >>> hand_count((2, 2, 2), (1, 2), 2), hand_count((2, 2, 2), (2, 2), 1), hand_count((3, 2), (2,), 1)
    (8, 8, 11)
    >>> hand_count((2, 2, 2, 2), (1, 2, 2), 2)        # layers 2 and 3 both see a rank-one input: 12 - 1 - 1
    10
    """
    rank_one, lost = tokens == 1, 0
    for i, a in enumerate(ranks):
        rank_one = rank_one or (i > 0 and ranks[i - 1] == 1)
        lost += unseen(widths[i], a) if rank_one else 0
    return hmk_count(widths, ranks) - lost


def narrowed(widths, ranks):
    """(widths, ranks) of the narrower network with the same neuromanifold: from the input side, each hidden
    width is lowered to the width before it and each attention rank to its layer's input width (module doc).

    Examples
    --------
    >>> narrowed((2, 3, 2), (1, 2)), narrowed((2, 3, 3, 2), (2, 3, 2)), narrowed((2, 1), (3,))
    (((2, 2, 2), (1, 2)), ((2, 2, 2, 2), (2, 2, 2)), ((2, 1), (2,)))
    """
    w, a = [widths[0]], []
    for i, r in enumerate(ranks):
        a.append(min(r, w[i]))
        w.append(widths[i + 1] if i + 1 == len(ranks) else min(widths[i + 1], w[i]))
    return tuple(w), tuple(a)


def _spec(widths, ranks, tokens):
    if len(set(widths[:-1])) == 1 and len(set(ranks)) == 1 and widths[-1] == widths[0] and len(ranks) > 1:
        return f"attention d={widths[0]} a={ranks[0]} t={tokens} layers={len(ranks)}"
    if len(ranks) == 1:
        return f"attention d={widths[0]} a={ranks[0]} dout={widths[1]} t={tokens}"
    return f"attention d={','.join(map(str, widths))} a={','.join(map(str, ranks))} t={tokens}"


def _row(widths, ranks, tokens, slow=False):
    spec = _spec(widths, ranks, tokens)

    def compute():
        r = run_analysis("dimension", spec, seed=0)
        pred = hand_count(widths, ranks, tokens)
        bound = r.upper_bound_source.split(":")[0]
        return {"computed": r.dimension, "predicted": pred, "agree": r.dimension == pred and bool(r.certified),
                "certified": r.certified, "method": f"jacobian rank mod p + {bound}",
                "detail": f"published count {hmk_count(widths, ranks)}; {r.reason}"}

    return Check("attention rank-one input: only sym(K^T Q) seen", spec, SRC, compute, slow=slow)


def _layers_spec(widths, ranks, tokens):
    """The same network in the composition form (``layers LightningAttention(...), ...``)."""
    layers = ", ".join(f"LightningAttention({widths[i]}, {widths[i + 1]}, {a})" for i, a in enumerate(ranks))
    return f"layers {layers}, input_shape=({widths[0]}, {tokens})"


def _narrow_row(widths, ranks, tokens, slow=False, layers=False):
    spec = (_layers_spec if layers else _spec)(widths, ranks, tokens)
    small_w, small_a = narrowed(widths, ranks)

    def compute():
        r = run_analysis("dimension", spec, seed=0)
        pred = hand_count(small_w, small_a, tokens)
        bound = r.upper_bound_source.split(":")[0]
        return {"computed": r.dimension, "predicted": pred, "agree": r.dimension == pred and bool(r.certified),
                "certified": r.certified, "method": f"jacobian rank mod p + {bound}",
                "detail": f"the hand count of {_spec(small_w, small_a, tokens)} (published count "
                          f"{hmk_count(small_w, small_a)}); {r.reason}"}

    return Check("attention: a widening layer keeps the narrower network's dimension", spec, SRC_NARROW, compute,
                 slow=slow)


def checks(quick: bool) -> list[Check]:
    """Rank-one-input and widening attention rows; quick mode keeps one of each kind.

    Examples
    --------
    >>> from algnet.theorems.verification import run_check
    >>> row = run_check(next(c for c in checks(quick=True) if c.case == "attention d=2,2,1 a=1,2 t=2"))
    >>> row.computed, row.predicted, row.agree, row.certified      # published count 7, one unseen direction
    (6, 6, True, True)
    """
    one_token = [((2, 2), (2,)), ((3, 2), (2,)), ((3, 1), (1,)), ((2, 2, 2), (2, 2))]
    rank_one = [((2, 2, 1), (1, 2)), ((2, 2, 2), (1, 2)), ((3, 2, 2), (1, 2))]
    if quick:
        one_token, rank_one = one_token[1:2], rank_one[:1]
    out = [_row(w, a, 1) for w, a in one_token] + [_row(w, a, 2) for w, a in rank_one]
    # minutes under load (2-14 s of CPU each): ``algnet verify --slow``
    out += [_row((3, 3, 3), (2, 2), 1, slow=True)]
    out += [_row(w, a, 2, slow=True) for w, a in [((3, 3, 2), (1, 2)), ((4, 2, 2), (1, 2)), ((3, 3, 3), (1, 2)),
                                                  ((3, 3, 2), (1, 3))]]
    # a rank-one input propagates: layers 2 and 3 (a=1,2,2), layer 3 (a=2,1,2), every layer (one token)
    out += [] if quick else [_row((2, 2, 2, 2), (1, 2, 2), 2)]        # 0.5 s of CPU
    out += [_row(w, a, t, slow=True) for w, a, t in [((2, 2, 2, 2), (2, 2, 2), 1), ((2, 2, 2, 2), (2, 1, 2), 2),
                                                     ((3, 3, 3, 2), (1, 2, 2), 2), ((3, 3, 3, 3), (2, 2, 2), 1)]]
    # widening layers and ranks above the input width: the narrower network's hand count
    out += [_narrow_row((2, 3, 1), (2, 2), 2)] + ([] if quick else [_narrow_row((2, 3, 2), (1, 2), 2),
                                                                    _narrow_row((2, 3, 2), (1, 2), 2, layers=True)])
    out += [_narrow_row(w, a, 2, slow=True) for w, a in [((2, 3, 2), (2, 2)), ((2, 3, 3, 2), (2, 3, 2)),
                                                         ((2, 2), (3,))]]
    return out
