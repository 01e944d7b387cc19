"""The `algnet verify` rows of THEOREMS.md section 5 on the trained-model path: torch models imported exactly.

Zaslavsky's count of a generic arrangement of n lines (1 + n + binom(n, 2) regions of the plane, by hand below)
for a torch Linear + ReLU layer and a Conv1d + LeakyReLU layer (the same arrangement), and D' = D - (hidden units)
reached by torch ReLU MLPs whose hidden widths are >= n_0.
"""

from math import comb

import pytest

pytest.importorskip("torch")

from algnet.theorems.checks import relu as R  # noqa: E402
from algnet.theorems.verification import run_check  # noqa: E402


def _torch_rows(quick):
    return [c for c in R.checks(quick=quick) if c.case.startswith("torch")]


def test_rows_present_and_agree():
    quick, full = _torch_rows(True), _torch_rows(False)
    assert len(quick) == 4 and len(full) == 7
    by_hand = {4: 1 + 4 + comb(4, 2), 5: 1 + 5 + comb(5, 2)}          # 11, 16
    for c in quick:
        row = run_check(c)
        assert row.agree and row.certified, (c.case, row.computed, row.predicted, row.detail)
        assert row.seed is not None and c.source[0].isupper()
        if "Zaslavsky" in c.theorem:
            n = 4 if "Linear(2, 4)" in c.case else 5
            assert row.computed == by_hand[n]
    assert [run_check(c).predicted for c in quick if "attained" in c.theorem] == [3 * 3 + 4 - 3, 3 * 2 + 3 * 2 + 3 - 4]


def test_a_lost_line_disagrees(monkeypatch):
    """An import that dropped a hidden unit would count the regions of n - 1 lines: the row must disagree."""
    import algnet.relu.torch_import as T

    check = next(c for c in _torch_rows(True) if "Linear(2, 4)" in c.case)
    real = T.from_torch_model

    def drop_one(net, shape=None):
        import torch

        small = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
        with torch.no_grad():
            small[0].weight.copy_(net[0].weight[:3])
            small[0].bias.copy_(net[0].bias[:3])
        return real(small, shape)

    monkeypatch.setattr(T, "from_torch_model", drop_one)
    row = run_check(check)
    assert not row.agree and (row.computed, row.predicted) == (7, 11)
