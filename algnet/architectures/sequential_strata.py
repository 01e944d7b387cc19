"""The degenerations of a ``Sequential`` network (:mod:`.sequential`): its structured subnetworks and strata.

Where the neuromanifold of a composed network degenerates, read from its layers: a unit removed at a junction, each
layer's own zero patterns (filter taps, attention ranks, heads), rank drops of a bias-free weight next to a
homogeneous activation, and the repeated or common roots of the filters of a linear convolution chain
(Kohn-Merkh-Montufar-Trager, arXiv:2108.01538); and the lattice of these degenerations
(:mod:`algnet.architectures.strata`) with its states' names.

Examples
--------
>>> from algnet import parse_spec
>>> net = parse_spec("dense 3-2-2 r=2")
>>> net.rank_degenerations()
[('W1', 1), ('W2', 1)]
>>> [s.label for s in net.subnetworks()][:1]
['layer 1 neuron removed (widths 3-1-2)']
"""

from __future__ import annotations

from algnet.architectures.base import Subnetwork

__all__ = ["SequentialStrata", "MAX_TIED_FILTERS"]


class SequentialStrata:
    """The degeneration methods of :class:`~.sequential.Sequential` (a mixin: it reads the network's
    ``sequence``, ``_junctions``, ``_offsets`` and layers).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("conv k=2,2 r=1")
    >>> isinstance(net, SequentialStrata), net.tie_degenerations()[0][0]
    (True, 'w1 = w2 (repeated root)')
    """

    def subnetworks(self) -> list[Subnetwork]:
        """Structured degenerations derived from the layers: a unit removed at
        every junction, and each layer's own zero patterns (filter taps,
        attention rank, heads)."""
        out = []
        for j in self._junctions:
            d = j.removal(self)
            if d is not None:
                label, kind, zero = d
                out.append(Subnetwork(label, kind, self.restrict(zero, label)))
        for lay in self._all_layers():
            for label, kind, zero in lay.degenerations():
                label = f"{_prefix(lay)}: {label}"
                idx = [self._offsets[lay._names[local]] + k for local, k in zero]
                out.append(Subnetwork(label, kind, self.restrict(idx, label)))
        return out

    def rank_degenerations(self) -> list[tuple[str, int]]:
        """(weight name, rank k) for every bias-free linear layer next to a
        homogeneous activation of degree >= 2, with k = min(rows, cols) - 1 >= 1:
        the stratum where that weight matrix has rank <= k (not a zero pattern).
        Between linear maps a rank drop is already a unit removal.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> parse_spec("dense 3-2-2 r=2").rank_degenerations()
        [('W1', 1), ('W2', 1)]
        >>> parse_spec("linear 3-2-2").rank_degenerations()
        []
        """
        out, seq = [], self.sequence
        for i, lay in enumerate(seq):
            if getattr(lay, "in_params", None) != [("W", 1)] or lay.bias_param is not None:
                continue
            near = [seq[j] for j in (i - 1, i + 1) if 0 <= j < len(seq)]
            if any(n.elementwise and (n.scale_degree or 0) >= 2 for n in near):
                k = min(lay.d_in, lay.d_out) - 1
                if k >= 1:
                    out.append((lay._names["W"], k))
        return out

    def _linear_conv_filters(self) -> list:
        """(name, length) of the filters when the network is a chain of single-channel valid 1-D convolutions
        with stride one (the last layer's stride never enters its one output), else []: it multiplies its
        filters as polynomials, whose Jacobian drops rank exactly where two factors share a root
        (Kohn-Merkh-Montufar-Trager, arXiv:2108.01538)."""
        from algnet.architectures.layers.conv import Conv1d

        seq = self.sequence
        if not all(isinstance(lay, Conv1d) and lay.single and lay.padding == "valid" and not lay._layout
                   for lay in seq) or any(lay.stride[0] != 1 for lay in seq[:-1]):
            return []
        return [(lay._names["w"], lay.kernel[0]) for lay in seq]

    def tie_degenerations(self) -> list[tuple[str, tuple]]:
        """(label, ties) for the repeated roots among the length-2 filters of a linear stride-one convolution
        chain: every partition of those filters into groups of equal filters (not zero patterns; all partitions
        up to :data:`MAX_TIED_FILTERS` filters, pairs only beyond). Two linear factors share a root when they are
        proportional, and modulo the rescaling of the filters (over C) when they are equal.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> parse_spec("conv k=2,2 r=1").tie_degenerations()        # w1 = (0, 1), w2 = (2, 3)
        [('w1 = w2 (repeated root)', ((0, 2), (1, 3)))]
        >>> [name for name, _ in parse_spec("conv k=2,2,2 r=1").tie_degenerations()]
        ['w1 = w2 = w3 (repeated root)', 'w1 = w2 (repeated root)', 'w1 = w3 (repeated root)', 'w2 = w3 (repeated
        root)']
        >>> parse_spec("conv k=2,2 r=2").tie_degenerations(), parse_spec("conv k=2,3 r=1").tie_degenerations()
        ([], [])
        """
        names = [g for g, k in self._linear_conv_filters() if k == 2]
        if len(names) > MAX_TIED_FILTERS:
            parts = [[[a, b]] for i, a in enumerate(names) for b in names[i + 1:]]
        else:
            parts = [[blk for blk in p if len(blk) > 1] for p in _set_partitions(names)]
            parts = sorted((p for p in parts if p), key=lambda p: (-max(map(len, p)), -len(p), p))
        out = []
        for blocks in parts:
            ties = tuple((self._offsets[blk[0]] + t, self._offsets[g] + t) for blk in blocks for g in blk[1:]
                         for t in range(2))
            label = ", ".join(" = ".join(blk) for blk in blocks)
            out.append((f"{label} (repeated root{'s' if len(blocks) > 1 else ''})", ties))
        return out

    def root_degenerations(self) -> list[tuple[str, str]]:
        """The pairs of filters of a linear stride-one convolution chain, one of them longer than 2, whose
        common root is a rank-drop stratum (not a linear condition: ``SharedRootNetwork`` of
        :mod:`algnet.analyses.singular.derived`); pairs of length-2 filters are :meth:`tie_degenerations`.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> parse_spec("conv k=3,2,2 r=1").root_degenerations()
        [('w1', 'w2'), ('w1', 'w3')]
        """
        fs = [(g, k) for g, k in self._linear_conv_filters() if k >= 2]
        return [(a, b) for i, (a, ka) in enumerate(fs) for b, kb in fs[i + 1:] if max(ka, kb) > 2]

    # -------------------------------------------------- degeneration lattice
    def degeneration_factors(self) -> list:
        """The elementary degenerations (:mod:`algnet.architectures.strata`):
        units removed at every top-level junction, then each layer's own
        (filter taps, attention ranks)."""
        from algnet.architectures.strata import junction_factor

        top = [j for j in self._junctions if any(j.A is lay for lay in self.sequence)]
        facs = [junction_factor(self, j) for j in top if j.removable()]
        for lay in self.sequence:
            facs += lay.degeneration_factors(self, last=lay is self.sequence[-1])
        return facs

    def degeneration_root(self) -> tuple:
        return tuple(f.root for f in self.degeneration_factors())

    def degeneration_zeros(self, key) -> list[int]:
        """Flat parameters fixed to zero in the stratum ``key`` (one state per factor)."""
        z = set()
        for f, st in zip(self.degeneration_factors(), key):
            z.update(f.zeros(st))
        return sorted(z)

    def degeneration_kind(self, key) -> str:
        facs = self.degeneration_factors()
        kinds = [f.kind for f, st in zip(facs, key) if st != f.root]
        return ", ".join(dict.fromkeys(kinds)) or "network"

    def degeneration_name(self, key) -> str:
        """The stratum's name: ``widths ...``, filter patterns, ``attention ranks ...``."""
        ws, taps, ranks, other = list(self.unit_widths()), [], [], []
        facs = self.degeneration_factors()
        # widths are named when a unit can be removed, and always for networks of linear layers
        units = any(f.group == "units" for f in facs) or bool(ws) and all(
            lay.unit_name == "neuron" for lay in self.sequence if lay.out_params is not None and lay.param_shapes())
        for f, st in zip(facs, key):
            if f.group == "units":
                k, c = f.part(st)
                ws[k] -= c
            elif f.group == "taps":
                taps.append(f.part(st))
            elif f.group == "rank":
                ranks.append(f.part(st))
            elif st != f.root:
                other.append(f.part(st))
        parts = (["widths " + "-".join(map(str, ws))] if units else []) + ([" ".join(taps)] if taps else []) + \
            (["attention ranks " + ",".join(ranks)] if ranks else []) + (["; ".join(other)] if other else [])
        return ", ".join(parts) or "network"


def _prefix(lay) -> str:
    num = getattr(lay, "number", lay.position)
    return f"filter {num}" if lay.unit_name == "channel" and hasattr(lay, "kernel") else f"layer {num}"


#: Above this many length-2 filters in a linear convolution chain only pairs of equal filters are strata (the
#: partitions into groups of equal filters are Bell-many: 52 for 5 filters, 203 for 6)
MAX_TIED_FILTERS = 5


def _set_partitions(items):
    """All partitions of a list into blocks (lists, each in the list's order).

    Examples
    --------
    >>> [p for p in _set_partitions(["a", "b", "c"])]
    [[['a', 'b', 'c']], [['a'], ['b', 'c']], [['a', 'b'], ['c']], [['b'], ['a', 'c']], [['a'], ['b'], ['c']]]
    """
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for p in _set_partitions(rest):
        for i in range(len(p)):
            yield p[:i] + [[first] + p[i]] + p[i + 1:]
        yield [[first]] + p
