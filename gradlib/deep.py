"""Batch normalisation and residual connections: what made very deep networks train.

:class:`DeepNetwork` is a :class:`~gradlib.network.Network` whose hidden
layers can normalise their weighted inputs over the batch (Ioffe and Szegedy,
2015) and add their input to their output (He et al., 2016).  With both off
it computes what ``Network`` computes, up to rounding (about 1e-16: the
batch mean is taken at a different point of the backward pass).
"""

from dataclasses import dataclass

import numpy as np

from . import _checks
from .network import Gradients, Network, Trace


@dataclass
class DeepGradients(Gradients):
    """:class:`~gradlib.network.Gradients` plus the gradients of the batch-norm scales.

    Attributes
    ----------
    gammas : dict of int to ndarray
        ``gammas[l]``, shape ``(sizes[l+1],)``, for each batch-normalised layer ``l``.
    stats : dict of int to tuple of ndarray
        The batch mean and variance of ``S[l]`` of each batch-normalised layer.
    """

    gammas: dict
    stats: dict

    def arrays(self):
        """The gradients in the order of :meth:`DeepNetwork.parameters`, the scales last."""
        return super().arrays() + [self.gammas[l] for l in sorted(self.gammas)]


@dataclass
class DeepTrace(Trace):
    """:class:`~gradlib.network.Trace` plus what batch normalisation computed.

    Attributes
    ----------
    Z : list of ndarray
        ``Z[l]``, shape ``(n_samples, sizes[l+1])``: the input of layer
        ``l``'s activation function, as in a plain network (``S[l] + b[l]``
        without batch norm; the scaled and shifted normalised ``S[l]`` with it).
    S : list of ndarray
        ``S[l] = A[l] @ W[l]``, the weighted input before bias and normalisation.
    H : list of ndarray
        ``H[l] = f(Z[l])``; ``A[l+1]`` is ``H[l]``, or ``A[l] + H[l]`` for a
        residual layer.
    Zhat : dict of int to ndarray
        Normalised weighted inputs of the batch-normalised layers.
    inv_std : dict of int to ndarray
        ``1 / sqrt(var + eps)`` of each batch-normalised layer, shape ``(sizes[l+1],)``.
    stats : dict of int to tuple of ndarray
        Batch mean and variance of ``S[l]`` (training mode only).
    """

    S: list
    H: list
    Zhat: dict
    inv_std: dict
    stats: dict


class DeepNetwork(Network):
    r"""A :class:`~gradlib.network.Network` with optional batch norm and residual connections.

    Parameters
    ----------
    sizes, activation, output, cost, init, seed, dtype
        As for :class:`~gradlib.network.Network`.
    batch_norm : bool, default False
        Normalise every hidden layer's weighted input over the batch, then
        scale by a learnt ``gamma`` and shift by the layer's bias.  Training
        then needs batches of at least two rows.
    residual : bool, default False
        Add a hidden layer's input to its output, ``A[l+1] = A[l] + f(Z[l])``,
        in every hidden layer after the first whose input and output have
        the same width (all but the first when the hidden widths are equal).
        The first layer never gets one: its input is the data, not a feature.
    momentum : float in [0, 1), default 0.9
        Weight of the old value in the running mean and variance that
        batch norm uses at inference.
    eps : float, default 1e-5
        Positive; added to the variance before the square root.

    Attributes
    ----------
    gammas : dict of int to ndarray
        Scale ``gamma[l]``, shape ``(sizes[l+1],)``, of each batch-normalised
        layer, initialised to ones.
    running_mean, running_var : dict of int to ndarray
        Population statistics for inference, shape ``(sizes[l+1],)``:
        running averages of the batch mean and of the *unbiased* batch
        variance :math:`\tfrac{n}{n-1} v`, as in Ioffe and Szegedy's
        Algorithm 2 and PyTorch (the normalisation itself uses :math:`v`).

    Notes
    -----
    Batch norm for layer ``l`` over a batch of ``n`` rows:

    .. math::

        S = A W,\quad
        \mu = \tfrac1n \textstyle\sum_i S_i,\quad
        v = \tfrac1n \textstyle\sum_i (S_i - \mu)^2,\quad
        \hat Z = (S - \mu) / \sqrt{v + \epsilon},\quad
        Z = \gamma \odot \hat Z + b.

    Its backward pass, with :math:`D = \partial C / \partial Z` for the
    batch-mean cost and :math:`G = \gamma \odot D`:

    .. math::

        \frac{\partial C}{\partial S} = \frac{1}{\sqrt{v + \epsilon}}
        \Big(G - \overline{G} - \hat Z \odot \overline{G \odot \hat Z}\Big),

    the bars being means over the batch: every example's gradient depends on
    the whole batch, because the batch statistics do.
    """

    def __init__(self, sizes, activation="sigmoid", output="sigmoid", cost="cross_entropy",
                 init="normal", seed=0, dtype=np.float64, batch_norm=False, residual=False,
                 momentum=0.9, eps=1e-5):
        super().__init__(sizes, activation, output, cost, init, seed, dtype)
        self.batch_norm = _checks.flag("batch_norm", batch_norm)
        self.residual = _checks.flag("residual", residual)
        self.momentum = _checks.fraction("momentum", momentum)
        self.eps = _checks.positive("eps", eps)
        hidden = range(self.n_layers - 1)
        self.bn_layers = list(hidden) if self.batch_norm else []
        self.residual_layers = [l for l in hidden if self.residual and l > 0
                                and self.sizes[l] == self.sizes[l + 1]]
        self.gammas = {l: np.ones(self.sizes[l + 1], dtype=self.dtype) for l in self.bn_layers}
        self.running_mean = {l: np.zeros(self.sizes[l + 1], dtype=self.dtype)
                             for l in self.bn_layers}
        self.running_var = {l: np.ones(self.sizes[l + 1], dtype=self.dtype)
                            for l in self.bn_layers}

    def __repr__(self):
        return (super().__repr__()[:-1]
                + f", batch_norm={self.batch_norm}, residual={self.residual})")

    def parameters(self):
        """``[W0, b0, W1, b1, ...]`` followed by the batch-norm scales ``gamma``."""
        return super().parameters() + [self.gammas[l] for l in self.bn_layers]

    def trace(self, X, training=False):
        """Forward pass keeping every intermediate value (see :class:`DeepTrace`).

        Parameters
        ----------
        X : array_like of shape (n_samples, sizes[0])
        training : bool, default False
            Normalise with the batch's own mean and variance, as
            :meth:`backward` does, instead of the running statistics used at
            inference.  At initialisation the running statistics are still
            0 and 1, so only ``training=True`` shows what batch norm does to
            the activations that the gradients flow through.
        """
        training = _checks.flag("training", training)
        return self._forward(self.check_inputs(X), training=training)

    def check_batch_size(self, n_rows, name="X"):
        """Raise ``ValueError`` if batch norm is on and a training batch has one row.

        The batch variance of one row is 0 and its normalised input is 0
        whatever the weights, so every weight gradient would vanish silently
        (PyTorch refuses such a batch too).
        """
        if self.bn_layers and n_rows < 2:
            raise ValueError(
                f"{name} has 1 row, but batch norm in training mode needs at least 2 "
                "(the variance of a single row is 0)")

    def after_step(self, g):
        """Update the running mean and unbiased variance with the step's batch statistics."""
        m = self.momentum
        n = g.deltas[0].shape[0]
        for l, (mean, var) in g.stats.items():
            self.running_mean[l] *= m
            self.running_mean[l] += (1 - m) * mean
            self.running_var[l] *= m
            self.running_var[l] += ((1 - m) * n / (n - 1)) * var

    def _forward(self, X, training=False):
        if training:
            self.check_batch_size(X.shape[0])
        Zs, Ss, Hs, As = [], [], [], [X]
        Zhats, inv_stds, stats = {}, {}, {}
        last = self.n_layers - 1
        for l, (W, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            S = As[-1] @ W
            if l in self.gammas:
                if training:
                    mean = _mean0(S)
                    Zhat = S - mean
                    var = _mean0(Zhat * Zhat)          # as S.var(axis=0), for less overhead
                    stats[l] = (mean, var)
                else:
                    mean, var = self.running_mean[l], self.running_var[l]
                    Zhat = S - mean
                inv_stds[l] = 1.0 / np.sqrt(var + self.eps)
                Zhat *= inv_stds[l]
                Zhats[l] = Zhat
                Z = self.gammas[l] * Zhat
                Z += b
            else:
                Z = S + b
            f = self.output if l == last else self.activation
            H = f.forward(Z)
            Ss.append(S)
            Zs.append(Z)
            Hs.append(H)
            As.append(As[-1] + H if l in self.residual_layers else H)
        return DeepTrace(Zs, As, Ss, Hs, Zhats, inv_stds, stats)

    def _backprop(self, X, Y):
        t = self._forward(X, training=True)
        n = X.shape[0]
        L = self.n_layers
        grad_W, grad_b, deltas, grad_gamma = [None] * L, [None] * L, [None] * L, {}

        # D is dC/dZ[l] for the batch-mean cost, the per-example delta over n;
        # GA is dC/dA[l+1], the gradient arriving at layer l's output.
        D = self.cost.delta(t.Z[-1], t.A[-1], Y, self.output) / n
        GA = None
        for l in range(L - 1, -1, -1):
            if l < L - 1:
                # A residual layer still needs GA for its skip connection below.
                G = GA.copy() if l in self.residual_layers else GA
                D = self.activation.backprop(t.Z[l], t.H[l], G)
            deltas[l] = D * n
            grad_b[l] = np.add.reduce(D, axis=0)
            if l in self.gammas:
                Zhat = t.Zhat[l]
                grad_gamma[l] = np.add.reduce(D * Zhat, axis=0)
                G = D * self.gammas[l]
                dS = t.inv_std[l] * (G - _mean0(G) - Zhat * _mean0(G * Zhat))
            else:
                dS = D
            grad_W[l] = t.A[l].T @ dS
            if l > 0:
                dA = dS @ self.weights[l].T
                if l in self.residual_layers:
                    dA += GA
                GA = dA
        cost = float(self.cost.value(t.Z[-1], t.A[-1], Y, self.output).mean())
        return DeepGradients(cost, grad_W, grad_b, deltas, grad_gamma, t.stats)


def _mean0(A):
    """``A.mean(axis=0)``, the same numbers without the Python-level wrapper of ``mean``."""
    out = np.add.reduce(A, axis=0)
    out /= A.shape[0]
    return out
