"""One-dimensional polynomial convolutional networks (single channel, no bias).

Layer l applies the valid convolution (C_w x)_i = sum_j w_j x_(s i + j)
with filter w_l of size k_l and stride s_l, then t -> t^r (all layers but
the last). A single output forces the input length
d_0 = s_1 (d_1 - 1) + k_1, ..., d_L = 1.

Known symmetries: rescaling consecutive filters, w_l -> t w_l,
w_(l+1) -> t^-r w_(l+1) (L - 1 dimensions).

Source: Shahverdi–Marchetti–Kohn, arXiv:2410.00722: the dimension |k| - L + 1 (Thm. 2.4) and, for
stride 1 and r > 1 only, the degree formula (Thm. 2.8; ``ConvNetwork.expected_degree`` refuses a
stride that changes the map, a layer with one output ignoring its stride).

Examples
--------
>>> from algnet import parse_spec
>>> net = parse_spec("conv k=2,3 s=1,1 r=2")
>>> net.input_shape, net.n_params, net.degree
((4,), 5, 2)
>>> net.expected_dimension()[0]
4
"""

from __future__ import annotations

from algnet.architectures.layers.activations import Polynomial, Power, activation_spec
from algnet.architectures.layers.conv import Conv1d
from algnet.architectures.sequential import Sequential
from algnet.architectures.spec import (activation_option, parse_int, parse_int_list, register_family, require,
                                      split_options)
from algnet.errors import NotApplicableError, SpecError
from algnet.formulas import conv_degree, conv_effective_strides, conv_input_length, conv_output_lengths

__all__ = ["ConvNetwork"]

_SRC = "Shahverdi-Marchetti-Kohn 2025 (arXiv:2410.00722), Thm. 2.4"
_SRC_LINEAR = "Kohn-Merkh-Montufar-Trager 2022 (arXiv:2108.01538), linear convolutional networks"


class ConvNetwork(Sequential):
    """Polynomial convolutional network (a preset of
    :class:`~algnet.architectures.sequential.Sequential`: single-channel
    ``Conv1d`` layers with ``Power`` or ``Polynomial`` activations).

    Parameters
    ----------
    kernel_sizes : sequence of int
        k_1, ..., k_L from the input side.
    strides : sequence of int, optional
        s_1, ..., s_L (default all 1).
    r : int, optional
        Activation exponent (default 2; r = 1: linear convolutional network). A network of one layer has no
        activation (it acts between layers): r is then left out (or 1) and its spec has no ``r=``.
    act : sequence of rationals, optional
        Coefficients (c_0, ..., c_D) of a polynomial activation instead of t^r.

    Examples
    --------
    >>> ConvNetwork([2, 2], r=2).spec
    'conv k=2,2 s=1,1 r=2'
    >>> ConvNetwork([2, 2], act=(0, 1, 1)).spec
    'conv k=2,2 s=1,1 act=0,1,1'
    >>> ConvNetwork([3]).spec                         # one layer: a linear map, no activation
    'conv k=3 s=1'
    """

    family = "conv"

    def __init__(self, kernel_sizes, strides=None, r: int | None = None, act=None):
        ks = tuple(int(k) for k in kernel_sizes)
        ss = tuple(int(s) for s in strides) if strides is not None else (1,) * len(ks)
        if not ks or any(k < 1 for k in ks):
            raise SpecError(f"filter sizes {ks} must be positive", token=str(ks), hint="e.g. ConvNetwork([2, 3], r=2)")
        if len(ss) != len(ks) or any(s < 1 for s in ss):
            raise SpecError(f"strides {ss} must be positive, one per layer ({len(ks)})", token=str(ss),
                            hint="give s=S1,...,SL with as many entries as k=")
        if len(ks) == 1:
            _refuse_one_layer_activation(r, act, f"conv k={ks[0]}", f"ConvNetwork([{ks[0]}])")
            r, act = 1, None
        r, act = activation_spec(2 if r is None else r, act)
        self.kernel_sizes, self.strides = ks, ss
        self.r = r
        self.act = act
        self.L = len(ks)
        layers = []
        for l in range(self.L):
            layers.append(Conv1d(1, 1, ks[l], stride=ss[l]))
            if l < self.L - 1 and (act is not None or r != 1):
                layers.append(Polynomial(*act) if act is not None else Power(r))
        spec = f"conv k={','.join(map(str, ks))} s={','.join(map(str, ss))}" + (
            "" if self.L == 1 else f" r={r}" if act is None else " act=" + ",".join(map(str, act)))
        self.spec = spec        # named in a refusal of the build's size checks
        self._build(layers, input_shape=(conv_input_length(ks, ss),))
        self.spec = spec
        self.symmetry_description = ("rescaling of consecutive filters (t, t^-r)" if act is None
                                     else "none known (polynomial activation)")

    def expected_degree(self):
        """The convolutional degree formula (stride 1, t^r with r > 1), with its source.

        A stride that does not change the map (a layer with one output, e.g. the last) counts as 1
        (:func:`algnet.formulas.conv_effective_strides`).

        Examples
        --------
        >>> ConvNetwork([2, 2], r=2).expected_degree()[0]
        4
        >>> ConvNetwork([2, 3], [1, 2], r=2).expected_degree()[0]      # the last stride has no effect
        6
        """
        if self.act is not None:
            return None
        ks = list(self.kernel_sizes)
        if self.L == 1:
            return 1, "one convolution is a linear map: its image is a linear space (degree 1)"
        eff = conv_effective_strides(ks, self.strides)
        if any(s != 1 for s in eff):
            raise NotApplicableError(f"{self.spec}: the convolutional degree formula is for stride 1",
                                     hint="use method='monodromy'")
        if self.r <= 1:
            raise NotApplicableError(f"{self.spec}: the convolutional degree formula needs r > 1",
                                     hint="for r = 1 the parametrization is not birational; use method='monodromy'")
        same = "" if eff == self.strides else (
            f"; strides {','.join(map(str, self.strides))} define the same map as stride 1 (a layer with one "
            "output ignores its stride)")
        return conv_degree(ks, self.r), (
            f"convolutional degree formula, filters {ks}, r={self.r} (Shahverdi-Marchetti-Kohn, arXiv:2410.00722, "
            "Thm. 2.8)" + same)

    def segre_veronese(self):
        """The filters up to scale: P^{k_1-1} x ... x P^{k_L-1} embedded by O(r^{L-1}, ..., r, 1) (r > 1, or
        r = 1 with every stride > 1; a layer with one output ignores its stride, so it is not counted)."""
        lengths = conv_output_lengths(self.kernel_sizes, self.strides)
        if self.act is not None or (self.r == 1 and any(s == 1 for s, d in zip(self.strides, lengths) if d > 1)):
            return None
        ks, L = list(self.kernel_sizes), len(self.kernel_sizes)
        return (tuple(k - 1 for k in ks), tuple(self.r ** (L - 1 - j) for j in range(L)),
                "Segre-Veronese variety of the filters (Shahverdi-Marchetti-Kohn, arXiv:2410.00722; "
                "Kohn-Montufar-Shahverdi-Trager, arXiv:2304.05752)")

    def rank_one_tensors(self):
        """(filter sizes, degrees, metrics) when the windows do not overlap (bias-free, t^r, stride >= filter size
        in every layer with more than one output): the coefficients, up to zeros, are the rank-one (partially
        symmetric) tensors, isometrically for the listed metrics.

        Non-overlapping windows make the index of x in the product w_1[j_1] ... w_L[j_L] injective in (j_1..j_L)
        (x_(j_1 + s_1 j_2 + s_1 s_2 j_3 + ...)). For r = 1 the coefficients ARE the entries of w_1 (x) ... (x) w_L
        (linear outputs: Frobenius = Bombieri-Weyl). For two layers and t^r, f = sum_j w_2[j] (w_1 . x_(block j))^r
        on disjoint blocks: the coefficient of x^alpha is w_2[j] multinomial(r; alpha) w_1^alpha, and its
        Bombieri-Weyl norm (weights 1 / multinomial) is ``|w_2|^2 |w_1|^(2r)``, the Frobenius norm of w_1^r (x) w_2
        in S^r(C^k1) (x) C^k2: an isometry, so Friedland-Ottaviani's count is the ED degree. With three or more
        layers and r > 1 the powers mix the blocks (w_3[j] (w_2[0] y_a^2 + w_2[1] y_b^2)^2 has
        ``|y_a^2 y_b^2|^2 = |w_1|^8 / 6`` in Bombieri-Weyl, where the tensor's entry counts 2): no metric listed.

        Examples
        --------
        >>> ConvNetwork([2, 2], [2, 1], r=2).rank_one_tensors()
        ((2, 2), (2, 1), ('bombieri',))
        >>> ConvNetwork([2, 2, 2], [2, 2, 1], r=2).rank_one_tensors()[2]      # isometric for no metric
        ()
        >>> ConvNetwork([2, 2], r=2).rank_one_tensors() is None              # overlapping windows
        True
        """
        if self.act is not None:
            return None
        ks, ss = self.kernel_sizes, self.strides
        if any(s < k for s, k, d in zip(ss, ks, conv_output_lengths(ks, ss)) if d > 1):
            return None
        if self.r == 1 or len(ks) == 1:       # linear outputs
            return ks, (1,) * len(ks), ("frobenius", "bombieri")
        if len(ks) == 2:
            return ks, (self.r, 1), ("bombieri",)
        return ks, tuple(self.r ** (len(ks) - 1 - j) for j in range(len(ks))), ()

    def stride_degenerations(self) -> list[tuple[str, str, int, str | None, str]]:
        """(label, a, t, b, receiver) for the strata of a strided linear chain (r = 1) where its product of filters
        has two parametrizations (not zero patterns of the ends: ``StridedFactorNetwork`` of
        :mod:`algnet.analyses.singular.derived`).

        The chain computes prod_l w_l(x^(S_l)), S_l the product of the (effective) strides before layer l. If a
        filter w_a (in y = x^(S_a)) has a factor g(y^t) = g0 + g1 y^t with S_a t = S_b for a later filter w_b
        of length >= 2, the factor g(x^(S_b)) can trade places with a linear factor of w_b: two parametrizations
        of one point (b = None: a double point of M, singular), and where w_b has the factor g too the two meet
        (the Jacobian drops rank). Without such a factor the factorization is unique up to rescaling (the roots
        of w_b(x^(S_b)) are whole orbits of the S_b-th roots of unity), and a rank drop needs one
        (a kernel vector makes dw_a/w_a a function of y^t with a pole at a root of w_b). Filters between equal
        S multiply into one polynomial; the longest of them (length > t) carries the factor, the longest of the
        later group (length >= 2), the receiver, takes it. Factors at y = 0 or infinity are the shortened ends.

        Examples
        --------
        >>> [(lab, a, t, b) for lab, a, t, b, _ in ConvNetwork([3, 2], [2, 1], r=1).stride_degenerations()]
        [('w1 has a factor in x^2 (double points)', 'w1', 2, None), ('w1, w2 share a factor in x^2', 'w1', 2, 'w2')]
        >>> ConvNetwork([2, 2], [2, 1], r=1).stride_degenerations(), ConvNetwork([3, 2], r=1).stride_degenerations()
        ([], [])
        """
        if self.act is not None or self.r != 1 or self.L < 2:
            return []
        ks, S = self.kernel_sizes, [1]
        for s in conv_effective_strides(ks, self.strides)[:-1]:
            S.append(S[-1] * s)
        groups = {}
        for l, (k, x) in enumerate(zip(ks, S)):
            groups.setdefault(x, []).append((k, f"w{l + 1}"))
        out = []
        for i, Si in enumerate(sorted(groups)):
            for Sj in sorted(groups)[i + 1:]:
                t = Sj // Si
                ka, a = max(groups[Si], key=lambda kn: (kn[0], -int(kn[1][1:])))
                kb, b = max(groups[Sj], key=lambda kn: (kn[0], -int(kn[1][1:])))
                if ka - 1 >= t and kb >= 2:
                    out += [(f"{a} has a factor in x^{Sj} (double points)", a, t, None, b),
                            (f"{a}, {b} share a factor in x^{Sj}", a, t, b, b)]
        return out

    def split_degenerations(self) -> list[tuple[str, str, str, str]]:
        """(label, p, q, receiver) for the double points of a strided linear chain (r = 1) where a factor
        g0 + g1 y^2 of a stride-1 group's product (in y) is split across two of its filters p, q of length 2
        (none of the group is longer than 2, so :meth:`stride_degenerations` lists none), and a filter of the
        group in y^2 (length >= 2, the receiver) can take it: ``SplitFactorNetwork`` of
        :mod:`algnet.analyses.singular.split_factor`. Over R the factor splits into real linear factors only
        when g0 g1 < 0; a factor in y^t, t > 2, needs quadratic factors with irrational coefficients (not listed).

        Examples
        --------
        >>> ConvNetwork([2, 2, 2], [1, 2, 1], r=1).split_degenerations()
        [('w1, w2 split a factor in x^2 (double points)', 'w1', 'w2', 'w3')]
        >>> ConvNetwork([3, 2, 2], [1, 2, 1], r=1).split_degenerations()     # w1 alone holds it
        []
        """
        if self.act is not None or self.r != 1 or self.L < 2:
            return []
        groups, S = {}, [1]
        for s in conv_effective_strides(self.kernel_sizes, self.strides)[:-1]:
            S.append(S[-1] * s)
        for l, (k, x) in enumerate(zip(self.kernel_sizes, S)):
            groups.setdefault(x, []).append((k, f"w{l + 1}"))
        out = []
        for Si in sorted(groups):
            pair = [nm for k, nm in groups[Si] if k == 2]
            later = [max(groups[2 * Si], key=lambda kn: (kn[0], -int(kn[1][1:])))] if 2 * Si in groups else []
            if len(pair) < 2 or max(k for k, _ in groups[Si]) > 2 or not later or later[0][0] < 2:
                continue
            out.append((f"{pair[0]}, {pair[1]} split a factor in x^{2 * Si} (double points)", pair[0], pair[1],
                        later[0][1]))
        return out

    def expected_dimension(self):
        if self.act is not None:
            return None
        if self.r == 1:    # the filters multiply as polynomials in x, x^s1, x^(s1 s2), ...: finite up to rescaling
            return sum(self.kernel_sizes) - self.L + 1, _SRC_LINEAR
        return sum(self.kernel_sizes) - self.L + 1, _SRC


@register_family("conv")
def _parse_conv(tokens, spec):
    pos, opts, flags = split_options(tokens, spec, {"k", "s", "r", "act"}, set())
    require(not pos, spec, " ".join(pos), "conv takes only k=, s=, r= (or act=) options")
    require("k" in opts, spec, "(missing k=)", "conv needs k=K1,K2,... (filter sizes from the input side)")
    ks = parse_int_list(opts["k"], "k", spec)
    ss = parse_int_list(opts["s"], "s", spec) if "s" in opts else None
    if ss is not None:
        require(len(ss) == len(ks), spec, f"s={opts['s']}", f"give one stride per filter ({len(ks)})")
    if len(ks) == 1:
        extra = next((f"{k}={opts[k]}" for k in ("r", "act") if k in opts), None)
        require(extra is None, spec, extra or "", f"a convolutional network of one layer has no activation (it acts "
                f"between layers), so {(extra or '').split('=')[0]}= means nothing here: write 'conv k={ks[0]}"
                + (f" s={opts['s']}" if "s" in opts else "") + "'")
        return ConvNetwork(ks, ss)
    act = activation_option(opts, spec, "conv")
    if act is not None:
        return ConvNetwork(ks, ss, act=act)
    return ConvNetwork(ks, ss, parse_int(opts["r"], "r", spec))


def _refuse_one_layer_activation(r, act, spec: str, example: str) -> None:
    """SpecError for an activation given to a network of one layer (it has none: the activation acts between
    layers); r = 1, the identity, is accepted."""
    if act is None and r in (None, 1):
        return
    what = f"r={r}" if act is None else "act=" + ",".join(map(str, act))
    raise SpecError(f"{spec}: a network of one layer has no activation (it acts between layers): {what} means "
                    "nothing here", token=what, hint=f"leave the activation out: {example}")
