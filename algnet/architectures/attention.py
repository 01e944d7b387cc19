"""Lightning (linear) self-attention networks.

One layer maps X in R^(d x t) to f(X) = V X X^T K^T Q X with
Q, K in R^(a x d), V in R^(d' x d): cubic in the entries of X. Layers
compose (layer i has input width d_i; all widths are d except the last
output width d'). The function-space coordinates are the coefficients of
the entries of f in the entries x[i,j] of X.

Known symmetries (tangents computed at the given parameter):
GL(a) acting on (Q, K) by Q -> A Q, K -> A^-T K in each layer; one
rescaling V -> s V, Q -> s^-1 Q per layer; GL(d) between consecutive layers
(V_i -> B V_i and Q_(i+1), K_(i+1), V_(i+1) -> (.) B^-1).

Source: Henry–Marchetti–Kohn, arXiv:2408.17221.

Examples
--------
>>> from algnet import parse_spec
>>> net = parse_spec("attention d=2 a=2 dout=1 t=2")
>>> net.n_params, net.degree, net.ambient_dimension, net.expected_dimension()[0]
(10, 3, 40, 5)
"""

from __future__ import annotations

import logging

from algnet.architectures.layers.attention import LightningAttention
from algnet.architectures.sequential import Sequential
from algnet.architectures.spec import parse_int, parse_int_list, register_family, require, split_options
from algnet.errors import SpecError
from algnet.formulas import attention_dimension, attention_dimension_widths

__all__ = ["AttentionNetwork", "lowered", "layers_same_neuromanifold"]

_SRC = "Henry-Marchetti-Kohn 2025 (arXiv:2408.17221)"


class AttentionNetwork(Sequential):
    """Lightning self-attention, one or several layers (a preset of
    :class:`~algnet.architectures.sequential.Sequential` of
    ``LightningAttention`` layers).

    Parameters
    ----------
    d : int or sequence of int
        Token dimension (input width, and width between layers), or the
        widths d_0, ..., d_l from the input side (then ``dout`` and
        ``layers`` follow from it).
    a : int or sequence of int
        Attention (query/key) dimension, or one per layer.
    dout : int, optional
        Output width of the last layer (default d).
    t : int
        Number of tokens.
    layers : int
        Number of layers.

    Examples
    --------
    >>> AttentionNetwork(2, 1, t=3).spec
    'attention d=2 a=1 dout=2 t=3 layers=1'
    >>> AttentionNetwork((4, 3, 3, 2), (2, 2, 2), t=3).spec
    'attention d=4,3,3,2 a=2,2,2 t=3'
    """

    family = "attention"

    def __init__(self, d, a, dout: int | None = None, t: int = 2, layers: int = 1):
        if isinstance(d, (tuple, list)):
            widths = tuple(d)
            if len(widths) < 2:
                raise SpecError(f"widths d={widths} need at least two entries", token=f"d={widths}",
                                hint="d=D0,D1,...,Dl from the input side (the last one is the output width)")
            if dout is not None and dout != widths[-1]:
                raise SpecError(f"dout={dout} differs from the last width {widths[-1]}", token=f"dout={dout}",
                                hint="with a list of widths the last one is the output width")
            layers = len(widths) - 1
        else:
            dd = d
            widths = None
        aa = tuple(a) if isinstance(a, (tuple, list)) else None
        for name, v in (("t", t), ("layers", layers)) + ((("d", d),) if widths is None else ()) + \
                ((("a", a),) if aa is None else ()) + ((("dout", dout),) if dout is not None else ()):
            if isinstance(v, bool) or not isinstance(v, int) or v < 1:
                raise SpecError(f"{name}={v} must be a positive integer", token=f"{name}={v}",
                                hint="e.g. AttentionNetwork(d=2, a=2, dout=1, t=2)")
        from algnet.architectures.sequential import check_depth

        check_depth(layers, f"attention layers={layers}")        # before a list of that many layers is made
        if widths is None:
            dout = dd if dout is None else dout
            widths = tuple([dd] * layers + [dout])
        for v in widths + (aa or ()):
            if isinstance(v, bool) or not isinstance(v, int) or v < 1:
                raise SpecError(f"width or rank {v} must be a positive integer", token=str(v),
                                hint="e.g. AttentionNetwork((4, 3, 2), (2, 2), t=3)")
        if aa is not None and len(aa) != layers:
            raise SpecError(f"{len(aa)} attention ranks a={','.join(map(str, aa))} for {layers} layers",
                            token=f"a={','.join(map(str, aa))}", hint="give one rank per layer, or one a")
        ranks = aa if aa is not None else (a,) * layers
        self.widths, self.ranks, self.t, self.layers = widths, ranks, t, layers
        self.d, self.dout = widths[0], widths[-1]
        self.a = ranks[0] if len(set(ranks)) == 1 else ranks
        self._uniform = len(set(ranks)) == 1 and len(set(widths[:-1])) == 1
        if self._uniform:
            spec = f"attention d={self.d} a={ranks[0]} dout={self.dout} t={t} layers={layers}"
        else:
            spec = f"attention d={','.join(map(str, widths))} a={','.join(map(str, ranks))} t={t}"
        self.spec = spec        # named in a refusal of the build's size checks
        self._build([LightningAttention(widths[i], widths[i + 1], ranks[i]) for i in range(layers)],
                    input_shape=(widths[0], t))
        self.spec = spec
        self.symmetry_description = "GL(a) on (Q, K) and a rescaling (V, Q) per layer; GL(d) between layers"
        self.note = _rank_note(widths, ranks)
        if self.note and spec not in _NOTED:       # one line per network and process (analyses rebuild it)
            _NOTED.add(spec)
            logging.getLogger("algnet").warning("algnet: note: %s: %s", spec, self.note)

    def input_names(self):
        return [f"x{i}_{j}" for i in range(self.d) for j in range(self.t)]

    def output_names(self):
        return [f"f{i}_{j}" for i in range(self.dout) for j in range(self.t)]

    def same_neuromanifold(self):
        """(spec, reason) of a smaller attention network with the same neuromanifold (the same image of mu,
        as a set), or None: a hidden width above the width before it, or an attention rank above its layer's
        input width, is lowered to it.

        Proof (one step; repeated from the input side). A hidden layer i widening d_(i-1) -> d_i > d_(i-1)
        has output Y = V_i Z, where Z is layer i's output with V = I (d_(i-1) x d_(i-1)), and the next layer
        computes V_(i+1) Y Y^T K^T Q Y = (V_(i+1) V_i) Z Z^T (K V_i)^T (Q V_i) Z: the network with width
        d_(i-1) there and parameters I, V_(i+1) V_i, K V_i, Q V_i computes the same function. Conversely the
        narrower network's functions are the wider one's with V_i, V_(i+1), K, Q padded by zeros. Likewise
        K^T Q (d x d, K and Q a x d) is any d x d matrix when a >= d (K = I, Q = K^T Q), and a smaller a pads
        by zero rows: a > d_(i-1) is lowered to d_(i-1). Equal images have equal dimensions, so a certified
        dimension of the smaller network is that of this one (:mod:`algnet.analyses.bounds.reduction`).

        Examples
        --------
        >>> AttentionNetwork((2, 3, 2), (1, 2), t=2).same_neuromanifold()[0]
        'attention d=2,2,2 a=1,2 t=2'
        >>> AttentionNetwork((3, 2, 3), (2, 2), t=2).same_neuromanifold() is None
        True
        """
        widths, ranks = lowered(self.widths, self.ranks)
        if widths == tuple(self.widths) and ranks == tuple(self.ranks):
            return None
        small = AttentionNetwork(widths, ranks, t=self.t)
        return small.spec, _LOWERED

    def expected_dimension(self):
        """(dimension, source) from Henry–Marchetti–Kohn where its hypotheses hold, else None (no formula).

        Hypotheses (THEOREMS.md section 4): t >= 2 tokens and every attention rank a_i <= d_(i-1); for
        several layers of varying widths, the bottleneck assumption: the hidden widths do not increase,
        d_i <= d_(i-1) for 0 < i < l (the output width d_l is free). A rank-one layer followed by a layer
        of higher rank is outside the count as well: its output is rank one, v w^T, so the next layer
        sees K^T Q only through v^T K^T Q v, its symmetric part, and the antisymmetric part is an extra
        symmetry (``attention d=2,2,2 a=1,2 t=2`` has dimension 8, the count says 9).

        A network outside the first two hypotheses (a hidden width above the width before it, or a rank above
        its layer's input width) has the neuromanifold of a narrower network (:meth:`same_neuromanifold`,
        proved there), hence its dimension: the value is that network's count, where its hypotheses hold, and
        the source names it (``attention d=2,3,2 a=2,2 t=2``: 10, the count of ``attention d=2 a=2 t=2
        layers=2``; the published formula evaluated on the wide widths says 13).

        Examples
        --------
        >>> AttentionNetwork((3, 2, 3), (2, 2), t=2).expected_dimension()[0]
        18
        >>> AttentionNetwork((2, 3, 2), (2, 2), t=2).expected_dimension()     # a widening hidden layer
        (10, 'Henry-Marchetti-Kohn 2025 (arXiv:2408.17221), deep, of attention d=2 a=2 dout=2 t=2 layers=2, which has \
the same neuromanifold (hidden widths and attention ranks lowered to the width before them)')
        >>> AttentionNetwork((2, 3, 2), (1, 2), t=2).expected_dimension() is None   # the narrower one has none
        True
        """
        if self.t < 2:
            return None
        small = self.same_neuromanifold()
        if small is not None:
            from algnet.architectures.spec import parse_spec

            got = parse_spec(small[0]).expected_dimension()
            return None if got is None else (got[0], f"{got[1]}, of {small[0]}, which has the same neuromanifold "
                                                     f"({small[1]})")
        if self.layers == 1:
            return attention_dimension(self.d, self.ranks[0], self.dout, 1), _SRC + ", single layer"
        l, d, a = self.layers, self.widths, self.ranks
        if any(d[i] > d[i - 1] for i in range(1, l)):
            return None
        if any(a[i] == 1 and a[i + 1] > 1 for i in range(l - 1)):
            return None
        if self._uniform and self.dout == self.d:
            return attention_dimension(self.d, self.ranks[0], self.d, self.layers), _SRC + ", deep"
        return attention_dimension_widths(self.widths, self.ranks), _SRC + ", deep, varying widths"


_LOWERED = "hidden widths and attention ranks lowered to the width before them"

#: Specs whose note (:func:`_rank_note`) was already logged in this process.
_NOTED: set = set()


def _rank_note(widths, ranks) -> str:
    """One line on the attention ranks above their layer's input width (they add nothing: K^T Q, a d x d matrix,
    has rank at most d, and any d x d matrix is reached with a = d), or "".

    Examples
    --------
    >>> _rank_note((2, 2), (3,))
    'a=3 > d=2 adds nothing (K^T Q has rank <= d): the same neuromanifold as a=2'
    >>> _rank_note((4, 3, 3), (2, 4))
    'a=4 > d=3 in layer 2 adds nothing (K^T Q has rank <= d): the same neuromanifold as a=2,3'
    >>> _rank_note((2, 2), (2,))
    ''
    """
    one = len(ranks) == 1
    parts = [f"a={a} > d={d}" + ("" if one else f" in layer {i + 1}") for i, (a, d) in enumerate(zip(ranks, widths))
             if a > d]
    if not parts:
        return ""
    lowered_to = [str(min(a, d)) for a, d in zip(ranks, widths)]
    return (f"{', '.join(parts)} add{'s' if len(parts) == 1 else ''} nothing (K^T Q has rank <= d): the same "
            f"neuromanifold as a={','.join(lowered_to)}")


def lowered(widths, ranks, heads=None) -> tuple:
    """(widths, ranks) of the narrower chain of lightning attention layers with the same neuromanifold: from the
    input side, each attention rank is lowered to its layer's input width and each hidden width to its layer's
    heads times its input width (:meth:`AttentionNetwork.same_neuromanifold`; one head when ``heads`` is None).

    With h heads a layer's output sum_h V_h Z_h (Z_h = X X^T K_h^T Q_h X, d_(i-1) x t) is B S, S the h
    blocks Z_h stacked (h d_(i-1) rows) and B = [V_1 ... V_h]; the next layer's V, K, Q times B act on S, which
    the narrower layer outputs with V_h its h blocks of the identity; zero padding gives the converse. A rank
    a >= d makes each K_h^T Q_h any d x d matrix.

    Examples
    --------
    >>> lowered((2, 3, 2), (1, 2)), lowered((2, 5, 2), (2, 2), heads=(2, 1)), lowered((2, 1), (3,))
    (((2, 2, 2), (1, 2)), ((2, 4, 2), (2, 2)), ((2, 1), (2,)))
    """
    heads = heads or (1,) * len(ranks)
    w, a = [int(widths[0])], []
    for i, r in enumerate(ranks):
        a.append(min(int(r), w[-1]))
        last = i + 1 == len(ranks)
        w.append(int(widths[i + 1]) if last else min(int(widths[i + 1]), int(heads[i]) * w[-1]))
    return tuple(w), tuple(a)


def layers_same_neuromanifold(net):
    """:meth:`AttentionNetwork.same_neuromanifold` for a ``layers`` network made only of ``LightningAttention``
    layers (the composition form has no such method): (spec, reason) of the narrower network (the
    ``attention`` preset when every layer has one head, else a ``layers`` spec), or None (another network,
    or nothing to lower). With several heads a hidden width is lowered to heads times the width before it
    (:func:`lowered`).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> layers_same_neuromanifold(parse_spec("layers LightningAttention(2, 3, 1), LightningAttention(3, 2, 2), "
    ...                                      "input_shape=(2, 2)"))[0]
    'attention d=2,2,2 a=1,2 t=2'
    >>> layers_same_neuromanifold(parse_spec("layers LightningAttention(2, 5, 2, heads=2), "
    ...                                      "LightningAttention(5, 2, 2), input_shape=(2, 2)"))[0]
    'layers LightningAttention(2, 4, 2, heads=2), LightningAttention(4, 2, 2), input_shape=(2, 2)'
    >>> layers_same_neuromanifold(parse_spec("layers LightningAttention(2, 2, 1), Linear(2, 1), input_shape=(2, 2)"))
    """
    seq = getattr(net, "sequence", None)
    if isinstance(net, AttentionNetwork) or not seq or any(type(lay) is not LightningAttention for lay in seq):
        return None
    widths = (seq[0].d_in,) + tuple(lay.d_out for lay in seq)
    ranks, heads = tuple(lay.a for lay in seq), tuple(lay.heads for lay in seq)
    w, a = lowered(widths, ranks, heads)
    if w == widths and a == ranks:
        return None
    t = int(net.input_shape[1])
    if all(h == 1 for h in heads):
        return AttentionNetwork(w, a, t=t).spec, _LOWERED
    small = Sequential(*[LightningAttention(w[i], w[i + 1], a[i], heads[i]) for i in range(len(seq))],
                       input_shape=(w[0], t))
    return small.spec, _LOWERED + f" (a hidden width to its heads times that width; heads {heads})"


@register_family("attention")
def _parse_attention(tokens, spec):
    pos, opts, flags = split_options(tokens, spec, {"d", "a", "dout", "t", "layers"}, set())
    require(not pos, spec, " ".join(pos), "attention takes only d=, a=, dout=, t=, layers= options")
    for key in ("d", "a", "t"):
        require(key in opts, spec, f"(missing {key}=)", f"attention needs {key}=")
    ds = parse_int_list(opts["d"], "d", spec)
    As = parse_int_list(opts["a"], "a", spec)
    t = parse_int(opts["t"], "t", spec)
    if len(ds) > 1:
        require("layers" not in opts and "dout" not in opts, spec, f"d={opts['d']}",
                "with a list of widths d=D0,...,Dl the layers and the output width follow from d")
        require(len(As) in (1, len(ds) - 1), spec, f"a={opts['a']}", f"give one a or one per layer ({len(ds) - 1})")
        return AttentionNetwork(ds, As if len(As) > 1 else As[0], t=t)
    layers = parse_int(opts["layers"], "layers", spec) if "layers" in opts else (len(As) if len(As) > 1 else 1)
    require(len(As) in (1, layers), spec, f"a={opts['a']}", f"give one a or one per layer ({layers})")
    return AttentionNetwork(ds[0], As if len(As) > 1 else As[0],
                            parse_int(opts["dout"], "dout", spec) if "dout" in opts else None, t, layers)
