"""``GroupConv(group, ...)``: convolution over a finite group.

Signals are functions on a finite group G (vectors of length |G|, one per
channel); the layer computes the group cross-correlation
y[o](g) = sum_(c, h) w[o, c](h) x[c](g h), which commutes with the left
translations of G, so a network of such layers and coordinatewise
activations is equivariant. The group is given by its multiplication table
(``table[i][j]`` = index of g_i g_j, element 0 need not be the identity) or
built in: ``cyclic(n)`` (circular convolution with full-length filters).

Finite symmetries between two group convolutions around a coordinatewise
activation: w_A(h) -> w_A(a h), w_C(h) -> w_C(h a^-1) for every a in G
(|G| of them per junction).

Examples
--------
>>> from algnet.architectures.layers import GroupConv, Power, Sequential, cyclic
>>> net = Sequential(GroupConv(cyclic(3)), Power(2), GroupConv(cyclic(3)))
>>> net.input_shape, net.param_shapes
((3,), (('w1', (3,)), ('w2', (3,))))
>>> net.evaluate([1, 0, 0, 1, 0, 0], [[1, 2, 3]]).tolist()       # identity filters: x^2
[[1, 4, 9]]
"""

from __future__ import annotations

import numpy as np

from algnet.architectures.layers.base import Layer, as_int, layer_error
from algnet.errors import SpecError

__all__ = ["Group", "GroupConv", "cyclic"]


class Group:
    """A finite group from its multiplication table (checked: closed, associative, identity, inverses).

    Examples
    --------
    >>> Group([[0, 1], [1, 0]]).order
    2
    >>> Group([[0, 1], [0, 1]])
    Traceback (most recent call last):
    ...
    algnet.errors.SpecError: the multiplication table is not a group: column 0 repeats an element (not a Latin square)
      hint: give table[i][j] = index of g_i * g_j for a finite group (e.g. cyclic(n))
    """

    def __init__(self, table, name: str | None = None):
        try:
            T = np.asarray(table, dtype=np.int64)
        except (TypeError, ValueError):
            raise _bad("entries must be integers") from None
        n = T.shape[0] if T.ndim == 2 else 0
        if T.ndim != 2 or T.shape != (n, n) or n < 1:
            raise _bad(f"it must be a square n x n array, got shape {T.shape}")
        if T.min() < 0 or T.max() >= n:
            raise _bad(f"entries must be element indices 0..{n - 1}")
        for i in range(n):
            if len(set(T[i].tolist())) != n:
                raise _bad(f"row {i} repeats an element (not a Latin square)")
            if len(set(T[:, i].tolist())) != n:
                raise _bad(f"column {i} repeats an element (not a Latin square)")
        if not _associative(T):
            raise _bad("it is not associative")
        ids = [e for e in range(n) if np.array_equal(T[e], np.arange(n))]
        if not ids or not np.array_equal(T[:, ids[0]], np.arange(n)):
            raise _bad("it has no identity element")
        self.table = T
        self.order = n
        self.identity = ids[0]
        self.inverse = np.array([int(np.where(T[g] == self.identity)[0][0]) for g in range(n)], dtype=np.int64)
        self.name = name

    def __repr__(self):
        return self.name or f"Group({self.table.tolist()})"

    def __eq__(self, other):
        return isinstance(other, Group) and np.array_equal(self.table, other.table)

    def __hash__(self):
        return hash(self.table.tobytes())

    def __deepcopy__(self, memo):
        # a value never changed after it is made: the layers of a network (deep-copied when the network is built)
        # share it, not one n x n table each (gconv n=5000 layers=3: 0.6 GiB of copies)
        return self


def _associates_in_the_middle(T, g: int, block: int) -> bool:
    """(x g) y == x (g y) for every x, y (rows of x in blocks: at most ``block`` x n entries at a time)."""
    n = T.shape[0]
    right = T[g]                                   # g y, for every y
    for x0 in range(0, n, block):
        rows = T[x0:x0 + block]
        if not np.array_equal(T[rows[:, g]], rows[:, right]):
            return False
    return True


def _associative(T) -> bool:
    """Whether the Latin square ``T`` is associative, by Light's test on a generating set: the elements a with
    (x a) y = x (a y) for all x, y are closed under the product ((x(ab))y = ((xa)b)y = (xa)(by) = x(a(by)) =
    x((ab)y)), so it is enough that every element of a set generating the table passes. The generators are chosen
    one at a time outside the closure of those before, each tested first: while all pass, that closure is a finite
    cancellative semigroup, hence a subgroup H, and a new generator g adds the |H| elements g H, disjoint from H
    (in a Latin square g h = h' has one solution g, and H holds it): at most log2(n) + 1 generators, each an
    O(n^2) test, instead of the n^3 products of every triple.

    Examples
    --------
    >>> _associative(np.array([[(i + j) % 6 for j in range(6)] for i in range(6)]))
    True
    >>> _associative(np.array([[0, 1, 2, 3, 4], [1, 0, 3, 4, 2], [2, 4, 0, 1, 3], [3, 2, 4, 0, 1],
    ...                        [4, 3, 1, 2, 0]]))                   # the loop of order 5: Latin, not a group
    False
    """
    T = np.asarray(T, dtype=np.int64)
    n = T.shape[0]
    block = max(1, 2**22 // max(n, 1))
    inside = np.zeros(n, dtype=bool)
    members: list = []
    while len(members) < n:
        g = int(np.argmin(inside))                 # the first element outside the closure so far
        if not _associates_in_the_middle(T, g, block):
            return False
        inside[g] = True
        frontier = [g]
        members.append(g)
        while frontier:                            # the closure: products of the new elements with all the others
            M = np.asarray(members, dtype=np.int64)
            F = np.asarray(frontier, dtype=np.int64)
            prods = np.concatenate([T[np.ix_(F, M)].ravel(), T[np.ix_(M, F)].ravel()])
            new = np.unique(prods[~inside[prods]])
            inside[new] = True
            frontier = new.tolist()
            members += frontier
    return True


def _bad(why: str) -> SpecError:
    return SpecError(f"the multiplication table is not a group: {why}", token="group",
                     hint="give table[i][j] = index of g_i * g_j for a finite group (e.g. cyclic(n))")


def cyclic(n: int) -> Group:
    """The cyclic group Z/n (table[i][j] = i + j mod n).

    Examples
    --------
    >>> cyclic(4).table[1].tolist(), cyclic(4).inverse.tolist()
    ([1, 2, 3, 0], [0, 3, 2, 1])
    >>> cyclic(5) == Group(cyclic(5).table)       # the table Group() checks
    True
    """
    n = as_int(n, "n", "cyclic")
    from algnet.guards import check_resources, format_bytes

    # the n x n int64 table, made in place, and a boolean mask of it: n = 100000 asked for 75 GiB before this check
    check_resources(f"the cyclic group Z/{n}: its {n} x {n} multiplication table ({format_bytes(9 * n * n)})",
                    memory=9 * n * n, forceable=False, hint="a smaller n")
    i = np.arange(n)
    # a group by construction: the checks of Group() (Latin square, associativity: n^3 steps, hours at n = 5000)
    # are not run on it
    G = Group.__new__(Group)
    table = np.add.outer(i, i)
    np.subtract(table, n, out=table, where=table >= n)        # in place: one n x n array at the peak
    G.table, G.order, G.identity, G.inverse, G.name = table, n, 0, (-i) % n, f"cyclic({n})"
    G._conv_index = G.table         # abelian: the table is its own transpose (GroupConv's index)
    return G


class GroupConv(Layer):
    """Group convolution ``GroupConv(group, in_channels=1, out_channels=1)``.

    ``group``: a :class:`Group`, a multiplication table, or an int n (cyclic of order n).

    Examples
    --------
    >>> from algnet.architectures.layers import Sequential
    >>> net = Sequential(GroupConv(3))
    >>> net.param_shapes, net.evaluate([0, 1, 0], [[1, 10, 100]]).tolist()   # the filter e_1: a cyclic shift
    ((('w1', (3,)),), [[10, 100, 1]])
    """

    unit_name = "channel"

    def __init__(self, group, in_channels: int = 1, out_channels: int = 1):
        if isinstance(group, (int, np.integer)) and not isinstance(group, bool):
            group = cyclic(group)
        elif not isinstance(group, Group):
            group = Group(group)
        self.group = group
        self.c_in = as_int(in_channels, "in_channels", "GroupConv")
        self.c_out = as_int(out_channels, "out_channels", "GroupConv")
        single = self.c_in == 1 and self.c_out == 1
        self.out_params = [("w", None if single else 0)]
        self.in_params = [("w", None if single else 1)]
        n = group.order
        # index[h, g] = g h: y(g) = sum_h w(h) x(g h); one copy per group, shared by its layers (n x n each: a
        # copy per layer of gconv n=5000 layers=3 took 0.6 GiB more before any estimate)
        if getattr(group, "_conv_index", None) is None:
            group._conv_index = group.table.T.copy()
        self._n = n

    @property
    def _index(self):
        return self.group._conv_index

    def __repr__(self):
        out = f"GroupConv({self.group!r}"
        if self.c_in != 1 or self.c_out != 1:
            out += f", {self.c_in}, {self.c_out}"
        return out + ")"

    @property
    def single(self):
        return self.c_in == 1 and self.c_out == 1

    @property
    def units_in(self):
        return self.c_in

    @property
    def units_out(self):
        return self.c_out

    def natural_input_shape(self):
        return (self._n,) if self.c_in == 1 else (self.c_in, self._n)

    def bind(self, in_shape):
        n = self._n
        if in_shape is None:
            in_shape = self.natural_input_shape()
        in_shape = tuple(in_shape)
        if in_shape == (n,) and self.c_in == 1:
            chan = False
        elif in_shape == (self.c_in, n):
            chan = True
        else:
            raise layer_error(self, f"expects {self.c_in} signal(s) on a group of order {n}, gets shape {in_shape}",
                              "every group convolution of a network uses the same group")
        self.in_shape = in_shape
        self.out_shape = (n,) if (self.c_out == 1 and not chan) else (self.c_out, n)
        return self.out_shape

    def param_shapes(self):
        n = self._n
        return [("w", (n,) if self.single else (self.c_out, self.c_in, n))]

    def work_entries(self):
        """The output and the input's windows (c_in x n x n), with their gradient in the reverse pass."""
        return super().work_entries() + 2 * self.c_in * self._n * self._n

    def forward(self, P, h, names):
        return P.gather_conv(P.param(names["w"]), h, self._index, self.c_in, self.c_out, self.out_shape)

    # translations between consecutive group convolutions (used by the network's junction rule)
    def translate_out(self, w, a):
        """w_A(h) -> w_A(a h): the output is translated on the right by a^-1."""
        T = self.group.table
        return np.asarray(w)[..., T[a]]

    def translate_in(self, w, a):
        """w_C(h) -> w_C(h a^-1): compensates a right translation of the input by a^-1."""
        T, inv = self.group.table, self.group.inverse
        return np.asarray(w)[..., T[:, inv[a]]]
