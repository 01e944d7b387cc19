"""Per-region records of the filtered exact region engine, and their exact data on demand.

:func:`compact` turns the regions entering the output layer into picklable records (activation pattern, the
references of the lines of their vertices and edges, a float hint); :class:`Materializer` computes a region's exact
vertices, edge lines and output map from its pattern when they are first asked for.
"""

from __future__ import annotations

import numpy as np

from algnet.relu.filtered_cuts import _cross
from algnet.relu.filtered_layers import FloatLayers
from algnet.relu.partition import pattern_str

__all__ = ["compact_block", "COMPACT_BLOCK_BYTES"]     # compact and Materializer: the engine's steps (not public)


#: Bytes the stacked float maps of :func:`compact` may take at once (a block of regions' (n x 3) maps and the
#: products of their output map and its bound: about :data:`COMPACT_ARRAYS` such stacks): numpy's element-wise
#: loops allocate their buffers with the interpreter lock released, and an allocation that fails there ends the
#: process (a segmentation fault, not a MemoryError), so a block is bounded by its bytes, not by a count (2048
#: regions of a 3000-wide last hidden layer were 147 MB a stack, about 1 GB at once).
COMPACT_BLOCK_BYTES = 32 * 2**20
COMPACT_ARRAYS = 8


def compact_block(width: int, block_bytes: int | None = None) -> int:
    """Regions stacked at once by :func:`compact` for a last hidden layer of ``width`` units: at most 2048, and
    their :data:`COMPACT_ARRAYS` stacks of (width x 3) float64 within :data:`COMPACT_BLOCK_BYTES`.

    Examples
    --------
    >>> compact_block(10), compact_block(3000)
    (2048, 58)
    """
    per = COMPACT_ARRAYS * 3 * 8 * max(int(width), 1)
    return int(max(1, min(2048, (COMPACT_BLOCK_BYTES if block_bytes is None else block_bytes) // per)))


def compact(items, F: FloatLayers, block: int | None = None):
    """Picklable per-region records of the items entering the output layer: (pattern string, vertex refs,
    edge refs, float hint). The hint (V, O) holds the float vertices (x, y, ex) and the float output map
    with its error bound (rows a, b, c, e), for :func:`~algnet.relu.filtered_hints.boundary_free`. The maps are
    stacked ``block`` regions at a time (default :func:`compact_block` of the last hidden layer's width)."""
    out = []
    if block is None:
        block = compact_block(F.A[-1].shape[1])
    for s in range(0, len(items), block):
        blk = items[s:s + block]
        N, E = F.affine(F.depth - 1, np.stack([it[3] for it in blk]), np.stack([it[4] for it in blk]))
        NE = np.concatenate([N, E.max(axis=2)[..., None]], axis=2)
        Vall = np.array([v[:3] for it in blk for v in it[1]], dtype=float).reshape(-1, 3)
        o = 0
        for (node, verts, edges, H, EH, pats), O in zip(blk, NE):
            k = len(verts)
            out.append((pattern_str(pats), tuple([(v[3], v[4]) for v in verts]), tuple([e[0] for e in edges]),
                        (Vall[o:o + k], O)))
            o += k
    return out


class Materializer:
    """Exact vertices, edge lines and output map of regions from their patterns (shared prefixes computed once)."""

    def __init__(self, L, box_lines, records):
        self.L, self.box_lines, self.records = L, box_lines, records
        self._cache = {}

    def _chain(self, pattern: str):
        """Exact pre-activation maps of every layer along the pattern (hidden prefixes cached)."""
        from algnet.relu.regions import _affine

        blocks = pattern.split("|")
        Ns = []
        key = ""
        N = None
        for l in range(self.L.depth):
            if l:
                key = key + "|" + blocks[l - 1]
            M = self._cache.get(key) if l < self.L.depth - 1 else None
            if M is None:
                if l == 0:
                    H = self.L.H0
                else:
                    act = np.frombuffer(blocks[l - 1].encode(), dtype=np.uint8) == 49
                    H = N * act[:, None]
                M = _affine(self.L, l, H)
                if l < self.L.depth - 1:
                    self._cache[key] = M
            N = M
            Ns.append(N)
        return Ns

    def __call__(self, i):
        pattern, vrefs, erefs, _ = self.records[i]
        Ns = self._chain(pattern)
        rows = {}

        def line(ref):
            v = rows.get(ref)
            if v is None:
                l, j, s = ref
                if l < 0:
                    v = self.box_lines[j]
                else:
                    a, b, c = Ns[l][j].tolist()
                    v = (int(a), int(b), int(c)) if s > 0 else (-int(a), -int(b), -int(c))
                rows[ref] = v
            return v

        verts = []
        for r1, r2 in vrefs:
            q = _cross(line(r1), line(r2))
            verts.append(q if q[2] > 0 else (-q[0], -q[1], -q[2]))
        lines = tuple(line(r) for r in erefs)
        out = tuple(tuple(int(x) for x in row) for row in Ns[-1].tolist())
        return tuple(verts), lines, out
