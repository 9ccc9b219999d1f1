r"""Hinton, Osindero and Teh's deep belief net: a label-aware memory on a directed stack.

The model of "A fast learning algorithm for deep belief nets" (Neural
Computation 18(7), 2006).  Its top two layers form an *associative memory*,
an RBM whose visible side is the penultimate code **and** a group of softmax
label units; the layers below are a directed sigmoid belief net that turns
the memory's states into images.  Three things make it more than a greedy
stack handed to backprop:

- classification asks the memory itself: with the code of an image fixed, the
  free energy of each label clamped in turn gives the distribution over labels
  (:meth:`AssociativeMemory.label_probabilities`);
- fine-tuning is the paper's *up-down* algorithm, a contrastive version of
  wake-sleep, with recognition weights (going up) untied from generative
  weights (going down) and CD steps in the memory (:meth:`UpDownDBN.fit_updown`);
- the net generates: clamp a label, let the memory run, and draw the result
  down through the generative weights (:meth:`UpDownDBN.generate`).

Shapes follow the rest of gradlib: row-major batches, and a weight matrix
``(n_below, n_above)`` for both directions of a directed layer (the
generative matrix is stored as ``(n_above, n_below)``, the way it is used).
"""

from dataclasses import dataclass

import numpy as np

from . import _checks
from .network import Network
from .numerics import logsumexp, sigmoid, softmax
from .pretraining import DBN
from .protocol import DivergenceError, all_finite, copy_model, diverged, momentum_step
from .rbm import RBM, RBMGradients


def _bernoulli(P, rng):
    # A uniform draw below p is a 1 with probability p.
    return (rng.random(P.shape) < P).astype(P.dtype)


def _labels(Y, n_labels, dtype, name="Y"):
    Y = _checks.matrix(name, Y, n_labels, dtype, what="label columns", owner="the memory")
    if not (np.all((Y == 0) | (Y == 1)) and np.all(Y.sum(axis=1) == 1)):
        raise ValueError(f"{name} must be one-hot rows (one 1 per row, zeros elsewhere)")
    return Y


class AssociativeMemory:
    r"""The top-level RBM: a code and a softmax label group on one side, features on the other.

    Parameters
    ----------
    n_code : int
        Units of the penultimate code (the visible side, without the labels).
    n_labels : int
        Units of the one-of-K label group.
    n_hidden : int
        Units of the top layer.
    seed : int or numpy.random.Generator, default 0
    dtype : numpy float dtype, default numpy.float64
    weight_scale : float, default 0.1
        Initial weights ``weight_scale * N(0, 1)``, as :class:`RBM`.

    Attributes
    ----------
    rbm : RBM
        Holds the parameters: ``rbm.W`` of shape ``(n_code + n_labels, n_hidden)``,
        rows ``[:n_code]`` for the code and ``[n_code:]`` for the labels;
        ``rbm.b_visible`` (code biases, then label biases) and ``rbm.b_hidden``.

    Notes
    -----
    With :math:`v = [c, y]` the code and the one-hot label, the energy and the
    free energy are those of an RBM on :math:`v`,

    .. math::

        F(c, y) = -b_c^\top c - b_y^\top y
        - \sum_j \ln\bigl(1 + e^{b_{h,j} + (c^\top W_c)_j + W_{y,j}}\bigr),

    and since :math:`p(c, y) \propto e^{-F(c, y)}`, the labels given the code
    follow exactly, with no sampling:

    .. math::

        p(y \mid c) = \frac{e^{-F(c, y)}}{\sum_{y'} e^{-F(c, y')}} .

    Given the top units :math:`h`, the code units are independent sigmoids and
    the labels one softmax: :math:`p(y \mid h) = \mathrm{softmax}(b_y + W_y h)`.

    The model protocol (:mod:`gradlib.protocol`): ``parameters()`` is
    ``[rbm.W, rbm.b_visible, rbm.b_hidden]``; a batch is ``(C, Y, rng)``;
    ``batch_gradients`` gives the CD-k estimate of :meth:`fit` negated (a
    direction to descend), and ``batch_cost`` the exact cross-entropy
    :math:`-\frac1n \sum \ln p(y \mid c)` of the free-energy classifier,
    which CD does not descend but which is what the memory is used for.
    """

    def __init__(self, n_code, n_labels, n_hidden, seed=0, dtype=np.float64, weight_scale=0.1):
        self.n_code = _checks.positive("n_code", n_code, integer=True)
        self.n_labels = _checks.positive("n_labels", n_labels, integer=True)
        if n_labels < 2:
            raise ValueError(f"n_labels must be at least 2, got {n_labels}")
        # One generator for the initial weights and the sampling, as in RBM.
        self._rng = _checks.rng_from(seed)
        self.rbm = RBM(n_code + n_labels, n_hidden, seed=self._rng, dtype=dtype,
                       weight_scale=weight_scale)
        self.dtype = self.rbm.dtype

    def __repr__(self):
        return (f"AssociativeMemory(n_code={self.n_code}, n_labels={self.n_labels}, "
                f"n_hidden={self.rbm.n_hidden})")

    @property
    def n_hidden(self):
        """Units of the top layer."""
        return self.rbm.n_hidden

    def parameters(self):
        """``[W, b_visible, b_hidden]`` of :attr:`rbm`, the arrays themselves."""
        return self.rbm.parameters()

    def copy(self):
        """An independent copy: parameters and random generator, shared as in the original."""
        new = copy_model(self)
        new.rbm = copy_model(self.rbm)
        if self.rbm._rng is self._rng:
            # One generator draws the initial weights and the samples: keep it one.
            new.rbm._rng = new._rng
        return new

    def _code(self, C, name="C"):
        C = _checks.matrix(name, C, self.n_code, self.dtype, what="code units",
                           owner="the memory")
        _checks.unit_interval(name, C)
        return C

    # -- classification --------------------------------------------------

    def free_energies(self, C):
        r"""Free energy :math:`F(c, y)` of each code with each label clamped in turn.

        Parameters
        ----------
        C : array_like of shape (n_samples, n_code)
            Codes in ``[0, 1]`` (probabilities or binary states).

        Returns
        -------
        ndarray of shape (n_samples, n_labels)
        """
        return self._free_energies(self._code(C))

    def _free_energies(self, C):
        n, K = C.shape[0], self.n_labels
        eye = np.eye(K, dtype=self.dtype)
        # One row per (example, label): the code followed by that label's one-hot vector.
        V = np.concatenate([np.repeat(C, K, axis=0), np.tile(eye, (n, 1))], axis=1)
        return self.rbm._free_energy(V).reshape(n, K)

    def label_probabilities(self, C):
        r""":math:`p(y \mid c)`: the softmax of minus the free energies, ``(n_samples, n_labels)``.

        Parameters
        ----------
        C : array_like of shape (n_samples, n_code)

        Returns
        -------
        ndarray of shape (n_samples, n_labels)
        """
        return softmax(-self.free_energies(C))

    # -- the model protocol (see gradlib.protocol): unchecked, for trainers ----

    def batch_cost(self, C, Y):
        r"""Cross-entropy :math:`-\frac1n \sum \ln p(y \mid c)`, one-hot ``Y``, without checks."""
        minus_F = -self._free_energies(C)
        log_p = minus_F - logsumexp(minus_F, axis=1)[:, None]
        return float(-np.take_along_axis(log_p, Y.argmax(axis=1)[:, None], axis=1).mean())

    def batch_gradients(self, C, Y, rng, k=1):
        """The CD-k statistics of :meth:`fit` (no momentum, no decay), negated, without checks.

        Returns
        -------
        RBMGradients
            Batch means of minus the update, in the order of :meth:`parameters`.
        """
        grads = self._cd(np.concatenate([C, Y], axis=1), k, rng)
        scale = self.dtype.type(-1.0 / C.shape[0])
        return RBMGradients(*(g * scale for g in grads))

    # -- conditionals, unchecked (the samplers and the up-down pass call them) --

    def _p_hidden(self, C, Y):
        W = self.rbm.W
        return sigmoid(C @ W[:self.n_code] + Y @ W[self.n_code:] + self.rbm.b_hidden)

    def _p_code(self, H):
        return sigmoid(H @ self.rbm.W[:self.n_code].T + self.rbm.b_visible[:self.n_code])

    def _p_labels(self, H):
        return softmax(H @ self.rbm.W[self.n_code:].T + self.rbm.b_visible[self.n_code:])

    # -- greedy training ---------------------------------------------------

    def fit(self, C, Y, epochs=10, learning_rate=0.1, batch_size=100, k=1, momentum=0.9,
            initial_momentum=0.5, momentum_switch=5, weight_decay=0.0002, seed=None):
        r"""Train by CD-k on code-label pairs, the label group reconstructed as a softmax.

        Parameters
        ----------
        C : array_like of shape (n_samples, n_code)
            Codes in ``[0, 1]``: the penultimate layer's hidden probabilities.
        Y : array_like of shape (n_samples, n_labels)
            One-hot labels.
        epochs, learning_rate, batch_size, k, momentum, initial_momentum
            As in :meth:`RBM.fit`.
        momentum_switch, weight_decay
            As in :meth:`RBM.fit`.
        seed : int or numpy.random.Generator, optional
            Source of the shuffling and sampling; by default the memory's own.

        Returns
        -------
        AssociativeMemory
            ``self``, trained.

        Raises
        ------
        DivergenceError
            Naming the epoch (from 1) and the batch (from 0) after which a
            parameter stopped being finite.

        Notes
        -----
        The CD-k statistics of :meth:`RBM.fit`, except that the reconstruction
        of the labels is :math:`\mathrm{softmax}(b_y + W_y h)` rather than
        independent sigmoids, so one label is "on" at a time (Hinton et al.
        2006, section 6.1).  The code's reconstruction is left as probabilities.
        """
        C = self._code(C)
        Y = _labels(Y, self.n_labels, self.dtype)
        _checks.same_rows("C", C, "Y", Y)
        for name, value in (("epochs", epochs), ("momentum_switch", momentum_switch)):
            _checks.positive(name, value, integer=True, allow_zero=True)
        _checks.positive("learning_rate", learning_rate)
        _checks.positive("batch_size", batch_size, integer=True)
        _checks.positive("k", k, integer=True)
        _checks.positive("weight_decay", weight_decay, allow_zero=True)
        _checks.fraction("momentum", momentum)
        _checks.fraction("initial_momentum", initial_momentum)
        rng = self._rng if seed is None else _checks.rng_from(seed)
        rbm, dt, n = self.rbm, self.dtype, C.shape[0]
        V = np.concatenate([C, Y], axis=1)
        velocity = [np.zeros_like(p) for p in self.parameters()]
        # Overflow on the way to divergence is reported once, as DivergenceError.
        with np.errstate(over="ignore", invalid="ignore"):
            for epoch in range(1, epochs + 1):
                mu = initial_momentum if epoch <= momentum_switch else momentum
                Vs = V[rng.permutation(n)]
                for batch, start in enumerate(range(0, n, batch_size)):
                    V0 = Vs[start:start + batch_size]
                    gW, gbv, gbh = self._cd(V0, k, rng)
                    gW -= dt.type(weight_decay * V0.shape[0]) * rbm.W
                    # n times an ascent direction: the descent step with rate
                    # -learning_rate / n climbs it.
                    momentum_step(self.parameters(), [gW, gbv, gbh],
                                  -(learning_rate / V0.shape[0]), mu, velocity)
                    if not all_finite(self.parameters()):
                        raise diverged("associative memory training", epoch, batch,
                                       learning_rate=learning_rate)
        return self

    def _cd(self, V0, k, rng):
        """Sums over the rows of ``V0 = [C, Y]`` of the CD-k statistics: ascent, unscaled."""
        P0 = self._p_hidden(V0[:, :self.n_code], V0[:, self.n_code:])
        H = _bernoulli(P0, rng)
        for step in range(k):
            Ck, Yk = self._p_code(H), self._p_labels(H)
            if step < k - 1:
                Ck = _bernoulli(Ck, rng)
            Pk = self._p_hidden(Ck, Yk)
            if step < k - 1:
                H = _bernoulli(Pk, rng)
        Vk = np.concatenate([Ck, Yk], axis=1)
        return V0.T @ P0 - Vk.T @ Pk, V0.sum(0) - Vk.sum(0), P0.sum(0) - Pk.sum(0)


@dataclass
class UpDownUpdate:
    """One up-down update: what each parameter of :class:`UpDownDBN` moves by, per unit rate.

    Each entry is the batch mean of the paper's update before it is scaled by
    the learning rate (a direction to climb); lists run over the directed
    layers, bottom first.  :meth:`UpDownDBN.batch_gradients` returns the same
    fields negated, a direction to descend, as every model's gradients.

    Attributes
    ----------
    recognition_W : list of ndarray, ``[l]`` of shape (sizes[l], sizes[l+1])
    recognition_b : list of ndarray, ``[l]`` of shape (sizes[l+1],)
    generative_W : list of ndarray, ``[l]`` of shape (sizes[l+1], sizes[l])
    generative_b : list of ndarray, ``[l]`` of shape (sizes[l],)
    memory_W : ndarray of shape (sizes[-2] + n_labels, sizes[-1])
    memory_b_visible : ndarray of shape (sizes[-2] + n_labels,)
    memory_b_hidden : ndarray of shape (sizes[-1],)
    """

    recognition_W: list
    recognition_b: list
    generative_W: list
    generative_b: list
    memory_W: np.ndarray
    memory_b_visible: np.ndarray
    memory_b_hidden: np.ndarray

    def arrays(self):
        """The entries as one list, in the order of :meth:`UpDownDBN.parameters`."""
        return [*self.recognition_W, *self.recognition_b, *self.generative_W,
                *self.generative_b, self.memory_W, self.memory_b_visible, self.memory_b_hidden]

    def flat(self):
        """Every entry concatenated into one vector, in the order of :meth:`arrays`."""
        return np.concatenate([p.ravel() for p in self.arrays()])


class UpDownDBN:
    r"""A deep belief net with a label-aware associative memory, fine-tuned by up-down.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths, pixels first, top layer last: ``[64, 100, 100, 200]``
        is a directed net 64 <- 100 <- 100 under a memory of 100 code units
        plus the labels, joined to 200 top units (the paper's MNIST net is
        ``[784, 500, 500, 2000]``).  At least three entries.
    n_labels : int, default 10
    seed : int or numpy.random.Generator, default 0
        Source of the initial weights, and of the sampling when a method is
        not given a seed of its own.
    dtype : numpy float dtype, default numpy.float64
    weight_scale : float, default 0.1
        See :class:`RBM`.

    Attributes
    ----------
    stack : DBN
        The greedy RBM stack of the directed layers, ``sizes[:-1]``.
    memory : AssociativeMemory
    recognition_W, recognition_b : list of ndarray
        Bottom-up weights ``(sizes[l], sizes[l+1])`` and biases of the
        directed layers; set by :meth:`pretrain`, then moved by :meth:`fit_updown`.
    generative_W, generative_b : list of ndarray
        Top-down weights ``(sizes[l+1], sizes[l])`` and biases ``(sizes[l],)``.

    Notes
    -----
    Greedy pretraining (:meth:`pretrain`) trains each RBM of the stack on the
    hidden probabilities of the one below, and the memory on the top code
    with the labels.  It then *unties* each directed layer: the recognition
    weights start as the RBM's :math:`W` and the generative weights as
    :math:`W^\top`, and from then on they learn separately.

    Classification, as in the paper's reported results: a deterministic
    up-pass (probabilities, not samples) through the recognition weights to
    the penultimate code :math:`c`, then :math:`p(y \mid c)` from the
    memory's free energies.

    The model protocol (:mod:`gradlib.protocol`): :meth:`parameters` lists
    the recognition weights, the recognition biases, the generative weights
    and the generative biases (each bottom layer first), then the memory's
    ``W``, ``b_visible`` and ``b_hidden``; a batch is ``(X, Y, rng)``.
    :meth:`batch_gradients` is :meth:`updown_update` negated.  Up-down
    descends no single cost (its wake and sleep phases fit different
    objectives, and the memory's CD step only estimates one), so, as the
    RBM's pseudo-likelihood, :meth:`batch_cost` is an exact number to
    watch rather than the cost being descended: the cross-entropy of the
    classifier :meth:`predict_proba`.

    Examples
    --------
    >>> import gradlib as gl
    >>> d = gl.load_digits()
    >>> net = gl.UpDownDBN([64, 32, 32, 64], seed=0).pretrain(d.X_train, d.Y_train, epochs=2)
    >>> net.predict_proba(d.X_test).shape
    (450, 10)
    """

    def __init__(self, sizes, n_labels=10, seed=0, dtype=np.float64, weight_scale=0.1):
        self.sizes = _checks.layer_sizes(sizes)
        if len(self.sizes) < 3:
            raise ValueError(
                f"sizes needs at least 3 widths (pixels, code, top), got {self.sizes}")
        self.n_labels = _checks.positive("n_labels", n_labels, integer=True)
        self.dtype = _checks.float_dtype(dtype)
        self._rng = _checks.rng_from(seed)
        stack_rng, memory_rng = self._rng.spawn(2)
        self.stack = DBN(self.sizes[:-1], seed=stack_rng, dtype=self.dtype,
                         weight_scale=weight_scale)
        self.memory = AssociativeMemory(self.sizes[-2], n_labels, self.sizes[-1],
                                        seed=memory_rng, dtype=self.dtype,
                                        weight_scale=weight_scale)
        self.untie()

    def __repr__(self):
        return f"UpDownDBN(sizes={self.sizes}, n_labels={self.n_labels}, dtype={self.dtype.name})"

    @property
    def n_directed(self):
        """Number of directed layers, ``len(sizes) - 2``."""
        return len(self.sizes) - 2

    def untie(self):
        """Copy the stack's RBMs into separate recognition and generative weights.

        Returns
        -------
        UpDownDBN
            ``self``.
        """
        layers = self.stack.layers
        self.recognition_W = [rbm.W.copy() for rbm in layers]
        self.recognition_b = [rbm.b_hidden.copy() for rbm in layers]
        self.generative_W = [rbm.W.T.copy() for rbm in layers]
        self.generative_b = [rbm.b_visible.copy() for rbm in layers]
        return self

    def parameters(self):
        """Every array that :meth:`fit_updown` moves, the arrays themselves.

        Returns
        -------
        list of ndarray
            ``recognition_W[0..L-1]``, ``recognition_b[0..L-1]``,
            ``generative_W[0..L-1]``, ``generative_b[0..L-1]`` (``L`` =
            :attr:`n_directed`), then the memory's ``W``, ``b_visible`` and
            ``b_hidden``: the order of :meth:`UpDownUpdate.arrays`.
        """
        return [*self.recognition_W, *self.recognition_b, *self.generative_W,
                *self.generative_b, *self.memory.parameters()]

    def copy(self):
        """An independent copy: every layer, the stack, the memory and the generators."""
        new = copy_model(self)
        new.stack = copy_model(self.stack)
        new.stack.layers = [rbm.copy() for rbm in self.stack.layers]
        new.memory = self.memory.copy()
        return new

    # -- checks --------------------------------------------------------

    def _images(self, X, name="X"):
        X = _checks.matrix(name, X, self.sizes[0], self.dtype, owner="the deep belief net")
        _checks.unit_interval(name, X, "(pixel intensities, read as probabilities)")
        return X

    def _label_index(self, label):
        if not (isinstance(label, int | np.integer) and 0 <= label < self.n_labels):
            raise ValueError(f"label must be an int in [0, {self.n_labels - 1}], got {label!r}")
        return int(label)

    # -- greedy pretraining ----------------------------------------------

    def pretrain(self, X, Y, epochs=10, memory_epochs=None, **fit_kwargs):
        """Greedy layer-wise training: the RBM stack, then the memory with the labels.

        Parameters
        ----------
        X : array_like of shape (n_samples, sizes[0])
            Pixel intensities in ``[0, 1]``.
        Y : array_like of shape (n_samples, n_labels)
            One-hot labels (used by the memory only).
        epochs : int, default 10
            Epochs per RBM of the stack.
        memory_epochs : int, optional
            Epochs of the memory; ``epochs`` by default.
        **fit_kwargs
            Passed to :meth:`RBM.fit` and :meth:`AssociativeMemory.fit`
            (``learning_rate``, ``batch_size``, ``weight_decay``, ...).

        Returns
        -------
        UpDownDBN
            ``self``, pretrained and untied.

        Raises
        ------
        DivergenceError
            Naming the layer (counted from 0; the memory is layer
            :attr:`n_directed`), the epoch and the batch.
        """
        X = self._images(X)
        Y = _labels(Y, self.n_labels, self.dtype)
        _checks.same_rows("X", X, "Y", Y)
        self.stack.fit(X, epochs=epochs, **fit_kwargs)
        memory_epochs = epochs if memory_epochs is None else memory_epochs
        try:
            self.memory.fit(self.stack.transform(X), Y, epochs=memory_epochs, **fit_kwargs)
        except DivergenceError as exc:
            L = self.n_directed
            raise DivergenceError(
                f"layer {L} ({self.sizes[L]} + {self.n_labels} labels -> {self.sizes[L + 1]}, "
                f"the memory) of the UpDownDBN: {exc}", epoch=exc.epoch, batch=exc.batch,
                layer=L) from None
        return self.untie()

    # -- recognition ---------------------------------------------------

    def code(self, X):
        """The deterministic up-pass: recognition probabilities of every layer to the code.

        Parameters
        ----------
        X : array_like of shape (n_samples, sizes[0])

        Returns
        -------
        ndarray of shape (n_samples, sizes[-2])
        """
        return self._up(self._images(X))

    def _up(self, A):
        for W, b in zip(self.recognition_W, self.recognition_b, strict=True):
            A = sigmoid(A @ W + b)
        return A

    def predict_proba(self, X):
        r""":math:`p(y \mid c(x))` from the memory's free energies, ``(n_samples, n_labels)``."""
        return self.memory.label_probabilities(self.code(X))

    def predict(self, X):
        """The most probable label of each image, shape ``(n_samples,)``."""
        return np.argmax(self.predict_proba(X), axis=1)

    def error_rate(self, X, y):
        """Fraction of the images whose most probable label is not ``y``, ints ``(n_samples,)``."""
        y = np.asarray(y)
        pred = self.predict(X)
        if y.shape != pred.shape:
            raise ValueError(f"y must have shape {pred.shape}, got {y.shape}")
        return float(np.mean(pred != y))

    # -- the model protocol (see gradlib.protocol): unchecked, for trainers ----

    def batch_cost(self, X, Y):
        r"""Cross-entropy :math:`-\frac1n \sum \ln p(y \mid c(x))`, one-hot ``Y``, unchecked.

        The classifier's cost, which up-down does not descend (see the class Notes).
        """
        return self.memory.batch_cost(self._up(X), Y)

    def batch_gradients(self, X, Y, rng, k=1):
        """:meth:`updown_update` negated (a direction to descend), without checks.

        Returns
        -------
        UpDownUpdate
            Minus the batch means, in the order of :meth:`parameters`.
        """
        update = self._updown(X, Y, k, rng)
        for u in update.arrays():
            np.negative(u, out=u)
        return update

    # -- up-down fine-tuning ----------------------------------------------

    def updown_update(self, X, Y, k=1, rng=0):
        r"""The up-down (contrastive wake-sleep) update for one batch, returned, not applied.

        Parameters
        ----------
        X : array_like of shape (n_samples, sizes[0])
        Y : array_like of shape (n_samples, n_labels)
            One-hot labels.
        k : int, default 1
            Alternating Gibbs steps in the memory.
        rng : int or numpy.random.Generator, default 0

        Returns
        -------
        UpDownUpdate
            Batch means; :meth:`fit_updown` adds ``learning_rate`` times each.

        Notes
        -----
        This is the pseudo-code of the paper's appendix B for any number of
        directed layers.  Write :math:`R_l, r_l` for the recognition weights
        and biases of layer :math:`l`, :math:`G_l, g_l` for the generative
        ones, :math:`\sigma` for the logistic function and
        :math:`\langle\cdot\rangle` for a binary sample.

        *Up (wake) pass*, from :math:`s_0 = x`:
        :math:`s_{l+1} = \langle\sigma(s_l R_l + r_l)\rangle`, up to the code
        :math:`s_L`; then the memory's top units
        :math:`t^+ = \langle\sigma(s_L W_c + y W_y + b_h)\rangle`.

        *Contrastive divergence in the memory*: from :math:`t = t^+`, repeat
        ``k`` times :math:`c^- = \langle\sigma(t W_c^\top + b_c)\rangle`,
        :math:`y^- = \mathrm{softmax}(t W_y^\top + b_y)` (probabilities),
        :math:`t = \langle\sigma(c^- W_c + y^- W_y + b_h)\rangle`; call the
        final top state :math:`t^-`.

        *Down (sleep) pass*, from :math:`d_L = c^-`:
        :math:`d_l = \langle\sigma(d_{l+1} G_l + g_l)\rangle`, except that the
        pixels :math:`d_0 = \sigma(d_1 G_0 + g_0)` stay probabilities.

        *Updates* (rows are examples; the batch mean is returned):

        .. math::

            \begin{aligned}
            \Delta G_l &= s_{l+1}^\top\bigl(s_l - \sigma(s_{l+1} G_l + g_l)\bigr), &
            \Delta g_l &= s_l - \sigma(s_{l+1} G_l + g_l), \\
            \Delta R_l &= d_l^\top\bigl(d_{l+1} - \sigma(d_l R_l + r_l)\bigr), &
            \Delta r_l &= d_{l+1} - \sigma(d_l R_l + r_l), \\
            \Delta W_c &= s_L^\top t^+ - {c^-}^\top t^-, &
            \Delta W_y &= y^\top t^+ - {y^-}^\top t^-, \\
            \Delta b_c &= s_L - c^-, \quad \Delta b_y = y - y^-, &
            \Delta b_h &= t^+ - t^- .
            \end{aligned}

        The generative weights learn to reconstruct each layer of the up pass
        from the one above (the wake phase of wake-sleep); the recognition
        weights learn to invert the down pass (its sleep phase).  Unlike
        wake-sleep, the down pass starts from the memory's state after ``k``
        Gibbs steps from the data, not from a free-running fantasy, so the
        recognition weights are trained near the data.
        """
        X = self._images(X)
        Y = _labels(Y, self.n_labels, self.dtype)
        _checks.same_rows("X", X, "Y", Y)
        _checks.positive("k", k, integer=True)
        return self._updown(X, Y, k, _checks.rng_from(rng))

    def _updown(self, X, Y, k, rng):
        R, r, G, g = self.recognition_W, self.recognition_b, self.generative_W, self.generative_b
        mem, L = self.memory, self.n_directed
        # --8<-- [start:wake]
        s = [X]                                    # s[0] = x, then binary states going up
        for l in range(L):
            s.append(_bernoulli(sigmoid(s[l] @ R[l] + r[l]), rng))
        top_pos = _bernoulli(mem._p_hidden(s[L], Y), rng)
        # --8<-- [end:wake]
        # --8<-- [start:memory]
        top = top_pos
        for _ in range(k):
            code_neg = _bernoulli(mem._p_code(top), rng)
            labels_neg = mem._p_labels(top)        # the label group stays probabilities
            top = _bernoulli(mem._p_hidden(code_neg, labels_neg), rng)
        top_neg = top
        # --8<-- [end:memory]
        # --8<-- [start:sleep]
        d = [None] * L + [code_neg]                # d[L] = the memory's code, then going down
        for l in range(L - 1, -1, -1):
            p = sigmoid(d[l + 1] @ G[l] + g[l])
            d[l] = p if l == 0 else _bernoulli(p, rng)
        # --8<-- [end:sleep]
        # --8<-- [start:updates]
        n = X.shape[0]
        dG, dg, dR, dr = [], [], [], []
        for l in range(L):
            wake_error = s[l] - sigmoid(s[l + 1] @ G[l] + g[l])     # generative: predict down
            dG.append(s[l + 1].T @ wake_error / n)
            dg.append(wake_error.mean(0))
            sleep_error = d[l + 1] - sigmoid(d[l] @ R[l] + r[l])    # recognition: predict up
            dR.append(d[l].T @ sleep_error / n)
            dr.append(sleep_error.mean(0))
        V_pos = np.concatenate([s[L], Y], axis=1)
        V_neg = np.concatenate([code_neg, labels_neg], axis=1)
        dW = (V_pos.T @ top_pos - V_neg.T @ top_neg) / n
        # --8<-- [end:updates]
        return UpDownUpdate(dR, dr, dG, dg, dW, (V_pos - V_neg).mean(0),
                            (top_pos - top_neg).mean(0))

    def fit_updown(self, X, Y, epochs=10, learning_rate=0.01, batch_size=100, k=3,
                   seed=None, observe=None):
        r"""Fine-tune every weight by the up-down algorithm, from the current state on.

        Parameters
        ----------
        X : array_like of shape (n_samples, sizes[0])
        Y : array_like of shape (n_samples, n_labels)
            One-hot labels.
        epochs : int, default 10
        learning_rate : float, default 0.01
            The same rate for every parameter, as in the paper's pseudo-code.
        batch_size : int, default 100
        k : int, default 3
            Gibbs steps in the memory (the paper used 3, then 6, then 10).
        seed : int or numpy.random.Generator, optional
            Shuffling and sampling; by default the net's own generator.
        observe : callable, optional
            Called as ``observe(epoch, net)`` after each epoch, ``epoch``
            counting from 1; return ``True`` to stop early.

        Returns
        -------
        UpDownDBN
            ``self``.

        Raises
        ------
        DivergenceError
            Naming the epoch (from 1) and the batch (from 0) after which a
            parameter stopped being finite.

        Notes
        -----
        Each step adds ``learning_rate`` times :meth:`updown_update` of a
        shuffled mini-batch (see its Notes for the equations): the shared
        :func:`~gradlib.protocol.momentum_step`, without momentum, on
        :meth:`batch_gradients`.
        """
        X = self._images(X)
        Y = _labels(Y, self.n_labels, self.dtype)
        _checks.same_rows("X", X, "Y", Y)
        _checks.positive("epochs", epochs, integer=True, allow_zero=True)
        _checks.positive("learning_rate", learning_rate)
        _checks.positive("batch_size", batch_size, integer=True)
        _checks.positive("k", k, integer=True)
        _checks.callback("observe", observe)
        rng = self._rng if seed is None else _checks.rng_from(seed)
        n = X.shape[0]
        # Overflow on the way to divergence is reported once, as DivergenceError.
        with np.errstate(over="ignore", invalid="ignore"):
            for epoch in range(1, epochs + 1):
                order = rng.permutation(n)
                for batch, start in enumerate(range(0, n, batch_size)):
                    rows = order[start:start + batch_size]
                    g = self.batch_gradients(X[rows], Y[rows], rng, k=k)
                    momentum_step(self.parameters(), g.arrays(), learning_rate)
                    if not all_finite(self.parameters()):
                        raise diverged("up-down fine-tuning", epoch, batch,
                                       learning_rate=learning_rate)
                if observe is not None and observe(epoch, self):
                    break
        return self

    # -- generation -------------------------------------------------------

    def down(self, code):
        """The deterministic down-pass: pixel probabilities from codes, by the generative weights.

        Parameters
        ----------
        code : array_like of shape (n_samples, sizes[-2])

        Returns
        -------
        ndarray of shape (n_samples, sizes[0])
        """
        A = self.memory._code(code, "code")
        for l in range(self.n_directed - 1, -1, -1):
            A = sigmoid(A @ self.generative_W[l] + self.generative_b[l])
        return A

    def dream(self, label, n_samples=10, n_gibbs=1000, record=(), seed=0):
        r"""Run Gibbs chains in the memory with ``label`` clamped; return codes on the way.

        Parameters
        ----------
        label : int
            The clamped label.
        n_samples : int, default 10
            Independent chains.
        n_gibbs : int, default 1000
            Alternating Gibbs steps, top given code and label, then code given top.
        record : sequence of int, default ()
            Steps after which to keep each chain's code probabilities (step 0
            is the start); the last step is always kept.
        seed : int or numpy.random.Generator, default 0

        Returns
        -------
        dict
            Step -> ndarray of shape (n_samples, sizes[-2]): the probabilities
            :math:`p(c \mid t)` of the code given the top state at that step
            (at step 0, the random start).

        Notes
        -----
        The chains start at fair coin flips in the code.  With the label
        clamped at :math:`y`, each step draws
        :math:`t \sim p(t \mid c, y)` and then
        :math:`c \sim p(c \mid t)`.
        """
        y = self._label_index(label)
        _checks.positive("n_samples", n_samples, integer=True)
        _checks.positive("n_gibbs", n_gibbs, integer=True)
        rng = _checks.rng_from(seed)
        mem = self.memory
        Y = np.zeros((n_samples, self.n_labels), dtype=self.dtype)
        Y[:, y] = 1
        keep = {int(s) for s in record} | {n_gibbs}
        C = (rng.random((n_samples, self.sizes[-2])) < 0.5).astype(self.dtype)
        out = {0: C.copy()} if 0 in keep else {}
        for step in range(1, n_gibbs + 1):
            P = mem._p_code(_bernoulli(mem._p_hidden(C, Y), rng))
            if step in keep:
                out[step] = P
            C = _bernoulli(P, rng)
        return out

    def generate(self, label, n_samples=10, n_gibbs=1000, seed=0):
        """Images of ``label``: Gibbs sampling in the memory, then a top-down pass.

        Parameters
        ----------
        label : int
        n_samples : int, default 10
        n_gibbs : int, default 1000
        seed : int or numpy.random.Generator, default 0

        Returns
        -------
        ndarray of shape (n_samples, sizes[0])
            Pixel probabilities from the down-pass of each chain's last code.
        """
        return self.down(self.dream(label, n_samples, n_gibbs, seed=seed)[n_gibbs])

    # -- hand-off to backprop ----------------------------------------------

    def to_network(self, init="scaled_normal", seed=0):
        """A sigmoid Network with the recognition layers and the memory's code-to-top weights.

        The label rows of the memory are dropped; a fresh softmax layer maps
        the top units to the labels.  This is the discriminative route of
        Bengio et al. (2007) and Hinton and Salakhutdinov (2006) applied to the
        same pretraining.

        Parameters
        ----------
        init : str, default "scaled_normal"
            Initializer of the new output layer (see :func:`gradlib.DBN.to_network`).
        seed : int or numpy.random.Generator, default 0

        Returns
        -------
        Network
            ``sizes + [n_labels]``, sigmoid hidden units, softmax output, cross-entropy.
        """
        net = Network(self.sizes + [self.n_labels], activation="sigmoid", output="softmax",
                      cost="cross_entropy", init=init, seed=seed, dtype=self.dtype)
        for l in range(self.n_directed):
            net.weights[l] = self.recognition_W[l].copy()
            net.biases[l] = self.recognition_b[l].copy()
        net.weights[-2] = self.memory.rbm.W[:self.sizes[-2]].copy()
        net.biases[-2] = self.memory.rbm.b_hidden.copy()
        return net

