"""Ball-arithmetic evaluation of the gradient system on a slice: rigorous enclosures for certification.

:class:`GradientBalls` gives :class:`~algnet.analyses.critical.system.GradientFamily` its ``evaluate_ball``
(G and its Jacobian over a box of slice points, for Krawczyk's test) and ``image_ball`` (the loss coordinates
over a box, for certified distinct images). The Jacobian's second-derivative part is exact Cauchy sums on
circles in ball arithmetic (the module doc of :mod:`algnet.analyses.critical.system`), so an enclosure holds
every value over the box up to the balls' own radii.

Examples
--------
>>> import numpy as np
>>> from algnet.analyses.critical.system import example_family
>>> from algnet.core.numbers import acb
>>> fam = example_family("linear 2-1-2")
>>> x = np.full(3, 0.3 + 0.1j)
>>> G, H = fam.evaluate_ball([acb(v.real, v.imag) for v in x], list(fam.loss.u))
>>> G0, H0 = fam.evaluate(x[None, :], fam.loss.u[None, :])
>>> bool(max(abs(complex(G[i].mid()) - G0[0, i]) for i in range(3)) < 1e-9)   # the float evaluation inside the balls
True
"""

from __future__ import annotations

import numpy as np

from algnet.core.numbers import acb, acb_mat

__all__ = ["GradientBalls"]


class GradientBalls:
    """The ball-arithmetic methods of a gradient family on an affine slice theta = c0 + N phi.

    Needs of its host: ``net``, ``values`` (ball evaluation of the network's values), ``c0``, ``N``, ``T``, ``Q``,
    ``M`` (circle sizes), ``_E`` (None or the parameter expansion), ``n_vars``, ``n_params``.

    Examples
    --------
    >>> from algnet.analyses.critical.system import GradientFamily, example_family
    >>> issubclass(GradientFamily, GradientBalls)
    True
    >>> len(example_family("linear 2-1-2").image_ball([acb(0.5)] * 3))
    4
    """


    def _theta_ball(self, x):
        th = []
        for i in range(self.net.n_params):
            v = acb(complex(self.c0[i]).real, complex(self.c0[i]).imag)
            for k in np.nonzero(self.N[i])[0]:
                c = complex(self.N[i, k])
                v = v + (x[k] if c == 1 else acb(c.real, c.imag) * x[k])
            th.append(v)
        return th

    def _jy_ball(self, th):
        """(y as acb_mat (m x 1), J_y along the slice as acb_mat (m x ns))."""
        if self._E is not None:
            E = self._E.real.astype(np.int64)
            th = [sum((int(E[i, j]) * th[j] for j in np.nonzero(E[i])[0]), acb(0)) for i in range(E.shape[0])]
            V, Jp = self.values.ball(th)
            J = np.empty((len(V), E.shape[1]), dtype=object)
            for a in range(len(V)):
                for j in range(E.shape[1]):
                    J[a, j] = sum((int(E[i, j]) * Jp[a, i] for i in np.nonzero(E[:, j])[0]), acb(0))
        else:
            V, J = self.values.ball(th)
        q, n = len(V), self.net.n_params
        Tm, _, Nb = self._balls()
        Vm = acb_mat(q, 1, list(V))
        Jm = acb_mat(q, n, list(J.reshape(-1)))
        return Tm * Vm, Tm * (Jm * Nb)

    def _balls(self):
        """T, Q and N as (exact) ball matrices, converted once."""
        if getattr(self, "_ball_mats", None) is None:
            self._ball_mats = (_acb_mat(self.T), _acb_mat(self.Q), _acb_mat(self.N))
        return self._ball_mats

    def evaluate_ball(self, x, p=None):
        """(G, H) over a box ``x`` of slice points (a list of acb): enclosures of G(x; p) and of its Jacobian,
        the second derivatives of the program by Cauchy's formula on circles (module doc of
        :mod:`algnet.analyses.critical.system`); ``p`` the target (None: 0)."""
        ns, m = self.n_vars, self.n_params
        th = self._theta_ball(list(x))
        y, J0 = self._jy_ball(th)
        Qm = self._balls()[1]
        R = acb_mat(m, 1, [y[a, 0] - (p[a] if p is not None else 0) for a in range(m)])
        W = Qm * R
        G = J0.transpose() * W
        H = J0.transpose() * Qm * J0
        mid = [acb(v.real.mid(), v.imag.mid()) for v in th]
        rad = 0.5 * (1.0 + float(np.sqrt(np.mean([abs(complex(float(v.real), float(v.imag))) ** 2 for v in mid]))))
        for j in range(ns):
            Mj = int(self.M[j])
            acc = acb_mat(m, ns)
            col_dir = [complex(c) for c in self.N[:, j]]
            for k in range(Mj):
                wk = (acb(2 * k) / Mj).exp_pi_i()
                step = acb(rad) * wk
                sh = [t + step * acb(c.real, c.imag) if c != 0 else t for t, c in zip(th, col_dir)]
                Jk = self._jy_ball(sh)[1]
                acc += Jk * (acb(-2 * k) / Mj).exp_pi_i()
            dJ = acc * (1 / (acb(Mj) * acb(rad)))
            col = dJ.transpose() * W
            for i2 in range(ns):
                H[i2, j] += col[i2, 0]
        return [G[i, 0] for i in range(ns)], H

    def image_ball(self, x):
        """Loss coordinates over a box of slice points (for certified distinct images)."""
        y, _ = self._jy_ball(self._theta_ball(list(x)))
        return [y[a, 0] for a in range(self.n_params)]


def _acb_mat(A):
    A = np.asarray(A, dtype=np.complex128)
    return acb_mat(A.shape[0], A.shape[1], [acb(float(v.real), float(v.imag)) for v in A.ravel()])
