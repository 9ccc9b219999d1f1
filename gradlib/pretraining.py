r"""Greedy layer-wise pretraining: stacks of RBMs or autoencoders handed to a Network.

The recipe shared by Hinton, Osindero and Teh (2006) and Bengio, Lamblin,
Popovici and Larochelle (2007): train one layer, unsupervised, on the data;
freeze it, and train the next on the first layer's features (hidden
probabilities); repeat.  The stack's weights and hidden biases then become
the hidden layers of a feed-forward network with sigmoid units, which a new
output layer completes, and backpropagation fine-tunes the whole network on
the labels.

Layer ``l`` of a stack maps ``sizes[l]`` units to ``sizes[l+1]``; its ``W``
has shape ``(sizes[l], sizes[l+1])``, exactly ``Network.weights[l]``, and its
hidden bias is ``Network.biases[l]``.  The visible biases, which only served
the reconstructions, are dropped.
"""

import numpy as np

from . import _checks
from .autoencoder import Autoencoder
from .network import Network
from .protocol import DivergenceError
from .rbm import RBM


class _Stack:
    """What the two stacks share: the forward pass and the hand-off to a Network."""

    layers: list

    def __init__(self, sizes, seed, dtype):
        self.sizes = _checks.layer_sizes(sizes)
        self.dtype = _checks.float_dtype(dtype)
        self._rng = _checks.rng_from(seed)

    def __repr__(self):
        return f"{type(self).__name__}(sizes={self.sizes}, dtype={self.dtype.name})"

    def _layer_seeds(self):
        # One child generator per layer, so each layer's start depends on the seed only.
        return self._rng.spawn(len(self.sizes) - 1)

    def fit(self, X, epochs=10, **fit_kwargs):
        """Train the layers greedily: each in turn, on the features of the one below.

        Parameters
        ----------
        X : array_like of shape (n_samples, sizes[0])
            Values in ``[0, 1]``.
        epochs : int, default 10
            Epochs per layer.
        **fit_kwargs
            Passed to every layer's ``fit``: :meth:`RBM.fit` for a
            :class:`DBN` (``learning_rate``, ``batch_size``, ``k``,
            ``persistent``, ``momentum``, ...), :meth:`Autoencoder.fit` for a
            :class:`StackedAutoencoder` (``learning_rate``, ``batch_size``,
            ``corruption``, ``momentum``, ...).

        Returns
        -------
        self
            Trained.

        Raises
        ------
        DivergenceError
            Naming the layer (counted from 0), the epoch and the batch.
        """
        A = X
        for l, layer in enumerate(self.layers):
            try:
                layer.fit(A, epochs=epochs, **fit_kwargs)
            except DivergenceError as exc:
                raise DivergenceError(
                    f"layer {l} ({self.sizes[l]} -> {self.sizes[l + 1]}) of the "
                    f"{type(self).__name__}: {exc}", epoch=exc.epoch, batch=exc.batch,
                    layer=l) from None
            A = layer.transform(A)
        return self

    def transform(self, X):
        """Features of the top layer: each layer's hidden probabilities fed to the next.

        Parameters
        ----------
        X : array_like of shape (n_samples, sizes[0])

        Returns
        -------
        ndarray of shape (n_samples, sizes[-1])
        """
        A = X
        for layer in self.layers:
            A = layer.transform(A)
        return A

    def to_network(self, n_outputs, output="softmax", cost="cross_entropy",
                   init="scaled_normal", seed=0):
        """A sigmoid Network whose hidden layers are the stack, plus a fresh output layer.

        Parameters
        ----------
        n_outputs : int
            Width of the new output layer.
        output : str, default "softmax"
            Output units, one of ``gradlib.OUTPUTS``.
        cost : str, default "cross_entropy"
        init : str, default "scaled_normal"
            How the output layer starts.  The network is built with this
            initializer and ``seed`` before its hidden layers are overwritten,
            so its output layer is the same as that of
            ``Network(sizes + [n_outputs], init=init, seed=seed)``: a
            comparison with random initialisation differs in the hidden
            layers only.
        seed : int or numpy.random.Generator, default 0

        Returns
        -------
        Network
            ``sizes + [n_outputs]``, sigmoid hidden units, ready for
            :func:`gradlib.train`.
        """
        _checks.positive("n_outputs", n_outputs, integer=True)
        net = Network(self.sizes + [n_outputs], activation="sigmoid", output=output, cost=cost,
                      init=init, seed=seed, dtype=self.dtype)
        for l, layer in enumerate(self.layers):
            net.weights[l] = layer.W.astype(self.dtype, copy=True)
            net.biases[l] = layer.b_hidden.astype(self.dtype, copy=True)
        return net


class DBN(_Stack):
    r"""A stack of RBMs trained greedily, as in Hinton, Osindero and Teh (2006).

    Parameters
    ----------
    sizes : sequence of int
        Layer widths, input first: ``[64, 100, 100]`` is two RBMs,
        64 -> 100 and 100 -> 100.
    seed : int or numpy.random.Generator, default 0
    dtype : numpy float dtype, default numpy.float64
    weight_scale : float, default 0.1
        See :class:`RBM`.

    Attributes
    ----------
    layers : list of RBM

    Notes
    -----
    Layer :math:`l` models the hidden probabilities of layer :math:`l-1`,

    .. math::

        A^{(0)} = X, \qquad A^{(l+1)} = \sigma\bigl(A^{(l)} W^{(l)} + b_h^{(l)}\bigr),

    which is also the forward pass of the sigmoid network it initialises.
    Hinton et al. add a top-level RBM that models the labels jointly with the
    top features and fine-tune generatively (the "up-down" algorithm); like
    Bengio et al. (2007) and Hinton and Salakhutdinov (2006), this class
    hands the stack to a discriminative network instead, fine-tuned by backprop.

    Examples
    --------
    >>> import gradlib as gl
    >>> d = gl.load_digits()
    >>> net = gl.DBN([64, 32, 32], seed=0).fit(d.X_train, epochs=2).to_network(10)
    >>> net.sizes
    [64, 32, 32, 10]
    """

    def __init__(self, sizes, seed=0, dtype=np.float64, weight_scale=0.1):
        super().__init__(sizes, seed, dtype)
        self.layers = [RBM(n_in, n_out, seed=rng, dtype=self.dtype, weight_scale=weight_scale)
                       for n_in, n_out, rng in zip(self.sizes[:-1], self.sizes[1:],
                                                   self._layer_seeds(), strict=True)]


class StackedAutoencoder(_Stack):
    r"""A stack of autoencoders trained greedily, as in Bengio et al. (2007).

    Parameters
    ----------
    sizes : sequence of int
        Layer widths, input first.
    tied : bool, default True
        Tied weights in every layer (see :class:`Autoencoder`).
    seed : int or numpy.random.Generator, default 0
    dtype : numpy float dtype, default numpy.float64

    Attributes
    ----------
    layers : list of Autoencoder

    Notes
    -----
    Layer :math:`l` learns to reconstruct :math:`A^{(l)}` (the codes of the
    layer below, :math:`A^{(0)} = X`) through its code
    :math:`A^{(l+1)} = \sigma(A^{(l)} W^{(l)} + b_h^{(l)})`.  With
    ``corruption > 0`` each layer is a denoising autoencoder (Vincent et al.
    2008): the noise is applied to that layer's own input while it trains,
    and the clean codes are passed up.

    Examples
    --------
    >>> import gradlib as gl
    >>> d = gl.load_digits()
    >>> sae = gl.StackedAutoencoder([64, 32, 32], seed=0).fit(d.X_train, epochs=1)
    >>> sae.transform(d.X_test).shape
    (450, 32)
    """

    def __init__(self, sizes, tied=True, seed=0, dtype=np.float64):
        super().__init__(sizes, seed, dtype)
        self.layers = [Autoencoder(n_in, n_out, tied=tied, seed=rng, dtype=self.dtype)
                       for n_in, n_out, rng in zip(self.sizes[:-1], self.sizes[1:],
                                                   self._layer_seeds(), strict=True)]
