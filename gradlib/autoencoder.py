r"""An autoencoder (autoassociator) with one layer of sigmoid hidden units.

The building block of Bengio, Lamblin, Popovici and Larochelle's greedy
layer-wise training (NIPS 2006, published 2007): a layer learns to
reconstruct its own input through a code, and its code becomes the input of
the next layer.  With ``corruption > 0`` it is a denoising autoencoder
(Vincent, Larochelle, Bengio and Manzagol, ICML 2008): the input is
corrupted and the clean input is the target, which keeps a wide code from
learning the identity.

Arrays are row-major batches: ``X`` has shape ``(n_samples, n_visible)``,
the code ``H`` has shape ``(n_samples, n_hidden)``, the encoder weights
``W`` have shape ``(n_visible, n_hidden)``, the same orientation as
``Network.weights[l]`` and ``RBM.W``.
"""

from dataclasses import dataclass

import numpy as np

from . import _checks
from .numerics import sigmoid, softplus
from .protocol import all_finite, copy_model, diverged, momentum_step


@dataclass
class AutoencoderGradients:
    """Gradients of the mean reconstruction cost, shaped like the parameters.

    Attributes
    ----------
    cost : float
        Mean over the batch of the per-example cross-entropy.
    W : ndarray of shape (n_visible, n_hidden)
        Encoder weights (with tied weights, including the decoder's share).
    b_hidden : ndarray of shape (n_hidden,)
    b_visible : ndarray of shape (n_visible,)
    W_decoder : ndarray of shape (n_hidden, n_visible) or None
        ``None`` with tied weights.
    """

    cost: float
    W: np.ndarray
    b_hidden: np.ndarray
    b_visible: np.ndarray
    W_decoder: np.ndarray | None = None

    def arrays(self):
        """The gradients in the order of :meth:`Autoencoder.parameters`."""
        out = [self.W, self.b_hidden, self.b_visible]
        return out if self.W_decoder is None else out + [self.W_decoder]


class Autoencoder:
    r"""A sigmoid autoencoder, optionally denoising, with tied or untied weights.

    Parameters
    ----------
    n_visible : int
        Input width.
    n_hidden : int
        Code width.
    tied : bool, default True
        Decode with ``W.T`` (one weight matrix, as Bengio et al. 2007 and
        Vincent et al. 2008 do) or with a separate ``W_decoder``.
    seed : int or numpy.random.Generator, default 0
        Source of the initial weights, and of the shuffling and corruption in
        :meth:`fit` when ``fit`` is not given a seed of its own.
    dtype : numpy float dtype, default numpy.float64

    Attributes
    ----------
    W : ndarray of shape (n_visible, n_hidden)
    b_hidden : ndarray of shape (n_hidden,)
    b_visible : ndarray of shape (n_visible,)
    W_decoder : ndarray of shape (n_hidden, n_visible) or None
        ``None`` when ``tied``.
    reconstruction_error : list of float
        After each epoch of :meth:`fit`, the mean over the epoch's batches of
        the cost being minimised (with corruption, the cost of reconstructing
        the clean input from the corrupted one).

    Notes
    -----
    With :math:`\tilde x` the (possibly corrupted) input and
    :math:`W' = W^\top` when tied:

    .. math::

        h = \sigma(\tilde x W + b_h), \qquad
        \hat x = \sigma(h W' + b_v), \qquad
        C = -\sum_i \bigl[x_i \ln \hat x_i + (1 - x_i) \ln(1 - \hat x_i)\bigr].

    The cross-entropy treats each input in :math:`[0, 1]` as the probability
    of a pixel being on; values outside raise ``ValueError``.  Backprop
    through the two layers gives, per example,

    .. math::

        \delta_{\text{out}} = \hat x - x, \quad
        \delta_h = (\delta_{\text{out}} W'^\top) \odot h (1 - h), \quad
        \frac{\partial C}{\partial W'} = h^\top \delta_{\text{out}}, \quad
        \frac{\partial C}{\partial W} = \tilde x^\top \delta_h
        \;\bigl(+\, (h^\top \delta_{\text{out}})^\top \text{ when tied}\bigr).

    Initial weights are :math:`U[-r, r]` with
    :math:`r = 4 \sqrt{6 / (n_v + n_h)}`, Glorot and Bengio's range scaled
    for sigmoid units; biases start at zero.

    Examples
    --------
    >>> import numpy as np, gradlib as gl
    >>> X = np.random.default_rng(0).random((100, 8))
    >>> ae = gl.Autoencoder(8, 3, seed=0).fit(X, epochs=2)
    >>> ae.transform(X).shape
    (100, 3)
    """

    def __init__(self, n_visible, n_hidden, tied=True, seed=0, dtype=np.float64):
        self.n_visible = _checks.positive("n_visible", n_visible, integer=True)
        self.n_hidden = _checks.positive("n_hidden", n_hidden, integer=True)
        self.tied = _checks.flag("tied", tied)
        self.dtype = _checks.float_dtype(dtype)
        self._rng = _checks.rng_from(seed)
        r = 4.0 * np.sqrt(6.0 / (n_visible + n_hidden))
        self.W = self._rng.uniform(-r, r, (n_visible, n_hidden)).astype(self.dtype)
        self.W_decoder = None
        if not self.tied:
            self.W_decoder = self._rng.uniform(-r, r, (n_hidden, n_visible)).astype(self.dtype)
        self.b_hidden = np.zeros(n_hidden, dtype=self.dtype)
        self.b_visible = np.zeros(n_visible, dtype=self.dtype)
        self.reconstruction_error = []
        self._velocity = None

    def __repr__(self):
        return (f"Autoencoder(n_visible={self.n_visible}, n_hidden={self.n_hidden}, "
                f"tied={self.tied}, dtype={self.dtype.name})")

    def parameters(self):
        """``[W, b_hidden, b_visible]``, plus ``W_decoder`` when untied (the arrays themselves)."""
        out = [self.W, self.b_hidden, self.b_visible]
        return out if self.tied else out + [self.W_decoder]

    @property
    def decoder_weights(self):
        """The decoding matrix :math:`W'`, shape ``(n_hidden, n_visible)``."""
        return self.W.T if self.tied else self.W_decoder

    def copy(self):
        """An independent copy: parameters, training state and random generator."""
        return copy_model(self)

    # -- checks --------------------------------------------------------------

    def _input(self, X, name="X"):
        X = _checks.matrix(name, X, self.n_visible, self.dtype, owner="the autoencoder")
        _checks.unit_interval(name, X, "for the cross-entropy reconstruction cost")
        return X

    # -- the model --------------------------------------------------------------

    def encode(self, X):
        r"""The code :math:`h = \sigma(x W + b_h)`, shape ``(n_samples, n_hidden)``."""
        return self._encode(self._input(X))

    transform = encode

    def decode(self, H):
        r"""Reconstruction :math:`\sigma(h W' + b_v)`, ``(n_samples, n_visible)``."""
        H = _checks.matrix("H", H, self.n_hidden, self.dtype, what="code units",
                           owner="the autoencoder")
        return self._decode(H)

    def reconstruct(self, X):
        """Decode the code of ``X``: shape ``(n_samples, n_visible)``."""
        return self._decode(self._encode(self._input(X)))

    def corrupt(self, X, corruption, rng):
        """Masking noise: each input is set to 0 with probability ``corruption``.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_visible)
        corruption : float in [0, 1)
        rng : int or numpy.random.Generator

        Returns
        -------
        ndarray of shape (n_samples, n_visible)
        """
        X = self._input(X)
        _check_corruption(corruption)
        return self._corrupt(X, corruption, _checks.rng_from(rng))

    def cost(self, X, X_input=None):
        """Mean cross-entropy of reconstructing ``X`` from ``X_input`` (default ``X``)."""
        X = self._input(X)
        X_in = X if X_input is None else self._input(X_input, "X_input")
        _checks.same_rows("X", X, "X_input", X_in)
        return self.batch_cost(X, X_in)

    def gradients(self, X, X_input=None):
        """Cost and gradients of reconstructing ``X`` from ``X_input`` (default ``X``).

        Parameters
        ----------
        X : array_like of shape (n_samples, n_visible)
            The targets: the clean inputs.
        X_input : array_like of shape (n_samples, n_visible), optional
            What the encoder sees, for instance ``corrupt(X, ...)``.

        Returns
        -------
        AutoencoderGradients
        """
        X = self._input(X)
        X_in = X if X_input is None else self._input(X_input, "X_input")
        _checks.same_rows("X", X, "X_input", X_in)
        return self._gradients(X_in, X)

    # -- learning ------------------------------------------------------------------

    def fit(self, X, epochs=10, learning_rate=0.1, batch_size=10, corruption=0.0,
            momentum=0.0, seed=None, observe=None):
        r"""Train by mini-batch gradient descent on the reconstruction cost.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_visible)
            Values in ``[0, 1]``.
        epochs : int, default 10
        learning_rate : float, default 0.1
        batch_size : int, default 10
        corruption : float in [0, 1), default 0.0
            Probability that masking noise zeroes each input (denoising).
        momentum : float in [0, 1), default 0.0
        seed : int or numpy.random.Generator, optional
            Source of the shuffling and the corruption; by default the
            model's own generator.
        observe : callable, optional
            Called as ``observe(epoch, autoencoder)`` after each epoch.

        Returns
        -------
        Autoencoder
            ``self``, trained.
        """
        X = self._input(X)
        _checks.positive("epochs", epochs, integer=True, allow_zero=True)
        _checks.positive("learning_rate", learning_rate)
        _checks.positive("batch_size", batch_size, integer=True)
        _check_corruption(corruption)
        _checks.fraction("momentum", momentum)
        _checks.callback("observe", observe)
        rng = self._rng if seed is None else _checks.rng_from(seed)
        n = X.shape[0]
        if self._velocity is None:
            self._velocity = [np.zeros_like(p) for p in self.parameters()]
        # Overflow on the way to divergence is reported once, as DivergenceError.
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(epochs):
                epoch = len(self.reconstruction_error) + 1
                Xs = X[rng.permutation(n)]
                total, n_batches = 0.0, 0
                for batch, start in enumerate(range(0, n, batch_size)):
                    Xb = Xs[start:start + batch_size]
                    X_in = self._corrupt(Xb, corruption, rng) if corruption else Xb
                    g = self.batch_gradients(Xb, X_in)
                    if not np.isfinite(g.cost):
                        raise diverged("autoencoder training", epoch, batch,
                                       learning_rate=learning_rate)
                    momentum_step(self.parameters(), g.arrays(), learning_rate, momentum,
                                  self._velocity)
                    total += g.cost
                    n_batches += 1
                # The last update has no next batch whose cost would show it.
                if not all_finite(self.parameters()):
                    raise diverged("autoencoder training", epoch, batch,
                                       learning_rate=learning_rate)
                self.reconstruction_error.append(total / n_batches)
                if observe is not None:
                    observe(epoch, self)
        return self

    # -- the model protocol (see gradlib.protocol): unchecked, for trainers ----

    def batch_cost(self, X, X_input=None):
        """:meth:`cost` without the checks."""
        X_in = X if X_input is None else X_input
        return float(_cross_entropy(self._encode(X_in) @ self.decoder_weights
                                    + self.b_visible, X))

    def batch_gradients(self, X, X_input=None):
        """:meth:`gradients` without the checks: ``g.arrays()`` in parameter order."""
        return self._gradients(X if X_input is None else X_input, X)

    # -- the computation, unchecked -------------------------------------------------

    def _encode(self, X):
        Z = X @ self.W
        Z += self.b_hidden
        return sigmoid(Z, out=Z)

    def _decode(self, H):
        Z = H @ self.decoder_weights
        Z += self.b_visible
        return sigmoid(Z, out=Z)

    def _corrupt(self, X, corruption, rng):
        keep = rng.random(X.shape, dtype=self.dtype) >= corruption
        return X * keep

    def _gradients(self, X_in, X):
        n = X.shape[0]
        H = self._encode(X_in)
        Z_out = H @ self.decoder_weights + self.b_visible
        cost = float(_cross_entropy(Z_out, X))
        # Cross-entropy after a sigmoid: the output delta is simply x_hat - x.
        delta_out = sigmoid(Z_out, out=Z_out)
        delta_out -= X
        grad_dec = H.T @ delta_out
        grad_dec /= n
        delta_h = delta_out @ self.decoder_weights.T
        delta_h *= H
        delta_h *= 1.0 - H
        grad_W = X_in.T @ delta_h
        grad_W /= n
        if self.tied:
            grad_W += grad_dec.T
            grad_dec = None
        return AutoencoderGradients(cost, grad_W, delta_h.mean(axis=0),
                                    delta_out.mean(axis=0), grad_dec)


def _cross_entropy(Z_out, X):
    """Mean over rows of -sum[x ln sigma(z) + (1-x) ln(1 - sigma(z))], computed from z."""
    return (softplus(Z_out) - X * Z_out).sum(axis=1).mean()


def _check_corruption(corruption):
    _checks.fraction("corruption", corruption)

