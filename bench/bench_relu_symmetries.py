"""CPU seconds of D' (:func:`algnet.relu.symmetries.symmetry_bound`: the exact rank of the rescaling tangents) on
deep narrow torch models, tied (one hidden Linear applied at every depth) and untied, against the rank of the
same tangents as a dense matrix over QQ (flint, :class:`algnet.core.matrix.Matrix`: the reference, and the same
number).

Cases (``--quick``: smaller sizes): tied 2-w-...-w-1 (w = 8, 60 layers; w = 16, 30 layers), untied 8 x 20,
16 x 12 and 64 x 20 (the dense reference only where it takes under a minute). CPU seconds of this process.

Run: ``python bench/bench_relu_symmetries.py [--quick]``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _model(w, depth, tied, seed=0):
    import torch

    nn = torch.nn

    class Deep(nn.Module):
        def __init__(self):
            super().__init__()
            self.a, self.c = nn.Linear(2, w), nn.Linear(w, 1)
            self.hidden = nn.ModuleList([nn.Linear(w, w)] * (depth - 2) if tied else
                                        [nn.Linear(w, w) for _ in range(depth - 2)])

        def forward(self, x):
            h = torch.relu(self.a(x))
            for lin in self.hidden:
                h = torch.relu(lin(h))
            return self.c(h)

    from algnet.relu.torch_import import from_torch_model

    torch.manual_seed(seed)
    return from_torch_model(Deep().eval())


def _dense_bound(model):
    from algnet.core.matrix import Matrix
    from algnet.relu.model_params import tied_columns
    from algnet.relu.symmetries import rescaling_generators

    gens = [g for g in rescaling_generators(model) if g]
    cols, _ = tied_columns(model)
    P = len(cols)

    def rank(rows, n):
        return Matrix([[r.get(j, 0) for j in range(n)] for r in rows], "QQ").rank() if rows else 0

    r = rank(gens, P)
    if not model.shared:
        return model.n_params - r
    first, pairs = {}, []
    for j, c in enumerate(cols.tolist()):
        if c in first:
            pairs.append((first[c], j))
        else:
            first[c] = j
    diff = [{k: g.get(a, 0) - g.get(b, 0) for k, (a, b) in enumerate(pairs)} for g in gens]
    return model.n_params - (r - rank(diff, len(pairs)))


def main(quick: bool = False) -> list[dict]:
    from algnet.relu.symmetries import symmetry_bound

    cases = ([(8, 20, True, True), (8, 12, False, True)] if quick else
             [(8, 60, True, True), (16, 30, True, False), (8, 20, False, True), (16, 12, False, True),
              (64, 20, False, False)])
    rows = []
    for w, depth, tied, reference in cases:
        m = _model(w, depth, tied)
        t = time.process_time()
        b = symmetry_bound(m)
        s = time.process_time() - t
        ref_s, same = None, None
        if reference:
            t = time.process_time()
            same = _dense_bound(m) == b
            ref_s = time.process_time() - t
        rows.append({"case": f"D' of {'tied' if tied else 'untied'} {m.spec} ({depth} layers, D = {m.n_params})",
                     "algnet_s": round(s, 3), "reference": "dense QQ rank (flint)" if reference else "-",
                     "reference_s": None if ref_s is None else round(ref_s, 3),
                     "ratio": None if ref_s is None else round(ref_s / max(s, 1e-9), 1),
                     "note": f"D' = {b}" + ("" if same is None else ("; same as the reference" if same
                                                                      else "; DIFFERS from the reference"))})
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    return rows


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
