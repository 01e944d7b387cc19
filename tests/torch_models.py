"""Small torch models shared by the tests of imported models (import it after ``pytest.importorskip("torch")``)."""

import torch
from torch import nn


class MaxOfBranches(nn.Module):
    """c(max(a(x), b(x))) on R^2, three channels: torch.maximum of two Linear branches."""

    def __init__(self):
        super().__init__()
        self.a, self.b, self.c = nn.Linear(2, 3), nn.Linear(2, 3), nn.Linear(3, 1)

    def forward(self, x):
        return self.c(torch.maximum(self.a(x), self.b(x)))

    def pattern(self, x):
        """Which branch is the larger, channel by channel (the pattern of the maxima at x)."""
        return self.a(x) > self.b(x)


class TokenMLP(nn.Module):
    """Token-wise MLP on (5, 3) inputs, then a Linear on the flattened tokens."""

    def __init__(self):
        super().__init__()
        self.a, self.b, self.head = nn.Linear(3, 4), nn.Linear(4, 2), nn.Linear(10, 1)

    def forward(self, x):
        return self.head(self.b(torch.relu(self.a(x))).flatten(1))
