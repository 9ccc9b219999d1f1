r"""A restricted Boltzmann machine with binary visible and hidden units.

The building block of Hinton, Osindero and Teh's deep belief nets (2006).  An
RBM is an energy-based model of binary vectors: visible units ``v`` (the
pixels) and hidden units ``h`` (the features), connected by weights ``W``
with no connection inside a layer.  Because of that "restriction", given the
visible units the hidden units are independent of one another, and the other
way round, so each layer can be sampled in one go.

Notation, with arrays as row-major batches like the rest of gradlib:
``V`` has shape ``(n_samples, n_visible)``, ``H`` has shape
``(n_samples, n_hidden)``, ``W`` has shape ``(n_visible, n_hidden)`` (the same
orientation as ``Network.weights[l]``), ``b_visible`` and ``b_hidden`` are
the biases.

Training follows the recipe of Hinton and Salakhutdinov's published code
(Science, 2006): contrastive divergence with one Gibbs step (CD-1), learning
rate 0.1, weight decay 0.0002, momentum 0.5 for the first five epochs and 0.9
after, weights drawn from ``0.1 * N(0, 1)``, zero biases, mini-batches of 100;
the positive statistics use the hidden probabilities, the reconstruction is
driven by sampled hidden states.
"""

from dataclasses import dataclass

import numpy as np

from . import _checks
from .numerics import logsumexp, sigmoid, softplus
from .protocol import all_finite, copy_model, diverged, momentum_step


@dataclass
class RBMGradients:
    """An estimate of the gradient of the mean log-likelihood (an ascent direction).

    Attributes
    ----------
    W : ndarray of shape (n_visible, n_hidden)
    b_visible : ndarray of shape (n_visible,)
    b_hidden : ndarray of shape (n_hidden,)
    """

    W: np.ndarray
    b_visible: np.ndarray
    b_hidden: np.ndarray

    def arrays(self):
        """``[W, b_visible, b_hidden]``, the order of :meth:`RBM.parameters`."""
        return [self.W, self.b_visible, self.b_hidden]

    def flat(self):
        """All three concatenated into one vector, ``W`` first."""
        return np.concatenate([a.ravel() for a in self.arrays()])


@dataclass
class _CD:
    """The settings of one :meth:`RBM.fit` that every batch update uses."""

    learning_rate: float
    k: int
    persistent: bool
    weight_decay: float
    sample_visible: bool
    monitor: bool


class RBM:
    r"""A binary-binary restricted Boltzmann machine.

    Parameters
    ----------
    n_visible : int
        Number of visible units (pixels).
    n_hidden : int
        Number of hidden units (features).
    seed : int or numpy.random.Generator, default 0
        Source of the initial weights, and of the sampling in :meth:`fit`
        when ``fit`` is not given a seed of its own.
    dtype : numpy float dtype, default numpy.float64
        ``float64`` or ``float32``; every computation stays in it.
    weight_scale : float, default 0.1
        Initial weights are ``weight_scale * N(0, 1)``; Hinton and
        Salakhutdinov use 0.1, Hinton's practical guide (2010) suggests 0.01.

    Attributes
    ----------
    W : ndarray of shape (n_visible, n_hidden)
    b_visible : ndarray of shape (n_visible,)
    b_hidden : ndarray of shape (n_hidden,)
    epochs_trained : int
        Epochs of :meth:`fit` so far (the momentum schedule counts from it).
    reconstruction_error : list of float
        After each epoch of :meth:`fit`: mean over the epoch's examples of
        the squared distance between each example and its one-step
        reconstruction :math:`p(v \mid h)`, :math:`h` sampled from
        :math:`p(h \mid x)`, as Hinton and Salakhutdinov's code prints it
        (whatever ``k``, and with persistent CD too).  Only a proxy for how
        well the model fits (see Notes).

    Notes
    -----
    The energy of a joint configuration and the probability it defines are

    .. math::

        E(v, h) = -v^\top W h - b_v^\top v - b_h^\top h, \qquad
        p(v, h) = e^{-E(v, h)} / \mathcal{Z},

    with :math:`\mathcal{Z}` the sum of :math:`e^{-E}` over all
    :math:`2^{n_v + n_h}` configurations.  Summing out the hidden units gives
    the free energy, :math:`p(v) = e^{-F(v)} / \mathcal{Z}`:

    .. math::

        F(v) = -b_v^\top v - \sum_j \ln\bigl(1 + e^{b_{h,j} + (v^\top W)_j}\bigr).

    The conditionals factorise:
    :math:`p(h_j = 1 \mid v) = \sigma(b_{h,j} + (v^\top W)_j)` and
    :math:`p(v_i = 1 \mid h) = \sigma(b_{v,i} + (W h)_i)`.

    The gradient of the log-likelihood is a difference of two expectations,

    .. math::

        \frac{\partial \ln p(v)}{\partial W} =
        \langle v h^\top \rangle_{\text{data}} - \langle v h^\top \rangle_{\text{model}},

    and the second needs samples from the model.  Contrastive divergence
    (CD-k) replaces them by the end of a Gibbs chain of only ``k`` steps
    started at the data; persistent CD keeps one chain running across
    updates instead.  Neither is the gradient of the log-likelihood (CD-k is
    biased; for large ``k`` it approaches it), and the reconstruction error
    is not the quantity either of them optimises.

    Inputs are binary vectors, or values in ``[0, 1]`` treated as the
    probabilities that each visible unit is on, as Hinton and
    Salakhutdinov do with grey-level MNIST: the positive statistics then use
    these probabilities directly.  Values outside ``[0, 1]`` raise
    ``ValueError``.

    Examples
    --------
    >>> import numpy as np, gradlib as gl
    >>> X = (np.random.default_rng(0).random((200, 6)) < 0.3).astype(float)
    >>> rbm = gl.RBM(6, 4, seed=0).fit(X, epochs=2, batch_size=50)
    >>> rbm.transform(X).shape
    (200, 4)
    """

    def __init__(self, n_visible, n_hidden, seed=0, dtype=np.float64, weight_scale=0.1):
        self.n_visible = _checks.positive("n_visible", n_visible, integer=True)
        self.n_hidden = _checks.positive("n_hidden", n_hidden, integer=True)
        _checks.positive("weight_scale", weight_scale, allow_zero=True)
        self.dtype = _checks.float_dtype(dtype)
        self._rng = _checks.rng_from(seed)
        self.W = (weight_scale * self._rng.standard_normal((n_visible, n_hidden))).astype(
            self.dtype)
        self.b_visible = np.zeros(n_visible, dtype=self.dtype)
        self.b_hidden = np.zeros(n_hidden, dtype=self.dtype)
        self.epochs_trained = 0
        self.reconstruction_error = []
        self._velocity = None
        self._chain = None

    def __repr__(self):
        return (f"RBM(n_visible={self.n_visible}, n_hidden={self.n_hidden}, "
                f"dtype={self.dtype.name})")

    def parameters(self):
        """``[W, b_visible, b_hidden]``, the arrays themselves."""
        return [self.W, self.b_visible, self.b_hidden]

    def copy(self):
        """An independent copy: parameters, training state and random generator."""
        return copy_model(self)

    # -- checks --------------------------------------------------------

    def _visible(self, V, name="X"):
        V = _checks.matrix(name, V, self.n_visible, self.dtype, owner="the RBM")
        _checks.unit_interval(
            name, V, "(binary, or probabilities of each visible unit being on)")
        return V

    def _binary(self, X, what):
        X = self._visible(X)
        if not np.all((X == 0) | (X == 1)):
            raise ValueError(f"{what} needs binary X (entries 0 or 1), got values in "
                             f"[{X.min():g}, {X.max():g}] that are not all 0 or 1")
        return X

    def _hidden(self, H, name="H"):
        H = _checks.matrix(name, H, self.n_hidden, self.dtype, what="hidden units",
                           owner="the RBM")
        _checks.unit_interval(name, H)
        return H

    # -- the model ------------------------------------------------------

    def energy(self, V, H):
        r"""Energy :math:`E(v, h)` of each row pair.

        Parameters
        ----------
        V : array_like of shape (n_samples, n_visible)
        H : array_like of shape (n_samples, n_hidden)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        V, H = self._visible(V, "V"), self._hidden(H)
        _checks.same_rows("V", V, "H", H)
        return -np.einsum("ij,ij->i", V @ self.W, H) - V @ self.b_visible - H @ self.b_hidden

    def free_energy(self, V):
        r"""Free energy :math:`F(v)`, so that :math:`p(v) \propto e^{-F(v)}`.

        Parameters
        ----------
        V : array_like of shape (n_samples, n_visible)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        return self._free_energy(self._visible(V, "V"))

    def hidden_probabilities(self, V):
        r""":math:`p(h_j = 1 \mid v)` for each row and hidden unit, ``(n_samples, n_hidden)``."""
        return self._p_hidden(self._visible(V, "V"))

    def visible_probabilities(self, H):
        r""":math:`p(v_i = 1 \mid h)` for each row and visible unit, ``(n_samples, n_visible)``."""
        return self._p_visible(self._hidden(H))

    def sample_hidden(self, V, rng):
        r"""Binary hidden states drawn from :math:`p(h \mid v)`.

        Parameters
        ----------
        V : array_like of shape (n_samples, n_visible)
        rng : int or numpy.random.Generator

        Returns
        -------
        ndarray of shape (n_samples, n_hidden), entries 0 or 1
        """
        return self._bernoulli(self.hidden_probabilities(V), _checks.rng_from(rng))

    def sample_visible(self, H, rng):
        r"""Binary visible states drawn from :math:`p(v \mid h)`.

        Parameters
        ----------
        H : array_like of shape (n_samples, n_hidden)
        rng : int or numpy.random.Generator

        Returns
        -------
        ndarray of shape (n_samples, n_visible), entries 0 or 1
        """
        return self._bernoulli(self.visible_probabilities(H), _checks.rng_from(rng))

    def gibbs(self, V, rng, steps=1):
        """Run ``steps`` steps of block Gibbs sampling ``v -> h -> v`` from ``V``.

        Parameters
        ----------
        V : array_like of shape (n_samples, n_visible)
            Start of each chain.
        rng : int or numpy.random.Generator
        steps : int, default 1

        Returns
        -------
        ndarray of shape (n_samples, n_visible)
            Binary visible states after the last step.
        """
        V = self._visible(V, "V")
        rng = _checks.rng_from(rng)
        _checks.positive("steps", steps, integer=True)
        for _ in range(steps):
            V = self._bernoulli(self._p_visible(self._bernoulli(self._p_hidden(V), rng)), rng)
        return V

    def sample(self, n_samples, n_gibbs=1000, seed=0, start=None):
        r"""Draw fantasies from the model by running Gibbs chains.

        Parameters
        ----------
        n_samples : int
            Number of independent chains.
        n_gibbs : int, default 1000
            Gibbs steps per chain.
        seed : int or numpy.random.Generator, default 0
        start : array_like of shape (n_samples, n_visible), optional
            Where the chains start; by default, independent fair coin flips.

        Returns
        -------
        ndarray of shape (n_samples, n_visible)
            The visible *probabilities* :math:`p(v \mid h)` at the end of each
            chain, which show what the chain is about to draw without the
            speckle of one binary draw.
        """
        rng = _checks.rng_from(seed)
        _checks.positive("n_samples", n_samples, integer=True)
        _checks.positive("n_gibbs", n_gibbs, integer=True)
        if start is None:
            V = (rng.random((n_samples, self.n_visible)) < 0.5).astype(self.dtype)
        else:
            V = self._visible(start, "start")
            if V.shape[0] != n_samples:
                raise ValueError(f"start has {V.shape[0]} rows; expected n_samples={n_samples}")
        for _ in range(n_gibbs - 1):
            V = self._bernoulli(self._p_visible(self._bernoulli(self._p_hidden(V), rng)), rng)
        return self._p_visible(self._bernoulli(self._p_hidden(V), rng))

    def transform(self, X):
        r"""Hidden probabilities :math:`p(h = 1 \mid x)`: the features a DBN passes up.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_visible)

        Returns
        -------
        ndarray of shape (n_samples, n_hidden)
        """
        return self.hidden_probabilities(X)

    def reconstruct(self, X):
        """Deterministic reconstruction: visible probabilities given the hidden probabilities.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_visible)

        Returns
        -------
        ndarray of shape (n_samples, n_visible)
        """
        return self._p_visible(self.hidden_probabilities(X))

    # -- exact quantities, for small models only ------------------------

    def log_partition(self):
        r"""Exact :math:`\ln \mathcal{Z}`, by enumerating the states of the smaller layer.

        Feasible when ``min(n_visible, n_hidden) <= 20``: one layer is summed
        out analytically and the :math:`2^n` states of the other enumerated.

        Returns
        -------
        float
        """
        n = min(self.n_visible, self.n_hidden)
        if n > 20:
            raise ValueError(
                f"exact ln Z enumerates 2^{n} states; expected min(n_visible, n_hidden) <= 20, "
                f"got n_visible={self.n_visible}, n_hidden={self.n_hidden}")
        states = _all_binary(n, self.dtype)
        total = -np.inf
        # Enumerate in chunks so that 2^20 states do not need one huge array.
        for start in range(0, states.shape[0], 1 << 14):
            S = states[start:start + (1 << 14)]
            if self.n_hidden <= self.n_visible:
                # -F(h) = b_h.h + sum_i softplus(b_v,i + (W h)_i)
                neg_f = S @ self.b_hidden + softplus(S @ self.W.T + self.b_visible).sum(1)
            else:
                neg_f = S @ self.b_visible + softplus(S @ self.W + self.b_hidden).sum(1)
            total = np.logaddexp(total, logsumexp(neg_f.astype(np.float64)))
        return float(total)

    def log_likelihood(self, X):
        r"""Exact mean log-probability :math:`\frac1n \sum \ln p(x)` of binary rows.

        Only for small models (see :meth:`log_partition`).

        Parameters
        ----------
        X : array_like of shape (n_samples, n_visible), entries 0 or 1

        Returns
        -------
        float
        """
        X = self._binary(X, "the log-likelihood")
        return float(-self.free_energy(X).mean() - self.log_partition())

    def pseudo_likelihood(self, X, rng=None):
        r"""Log pseudo-likelihood of each binary row, the usual monitor of RBM training.

        Unlike the likelihood it needs no partition function, so it works at
        any size.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_visible), entries 0 or 1
        rng : int or numpy.random.Generator, optional
            ``None`` (the default) gives the exact sum over every visible
            unit.  With a generator or seed, the cheap estimate of
            scikit-learn's ``BernoulliRBM.score_samples`` instead: one unit
            :math:`i` drawn uniformly per row, and :math:`n_v \ln p(x_i \mid x_{-i})`.

        Returns
        -------
        ndarray of shape (n_samples,)
            Values :math:`\le 0`; the estimate's expectation is the exact value.

        Notes
        -----
        .. math::

            \ln \mathrm{PL}(x) = \sum_i \ln p(x_i \mid x_{-i}), \qquad
            \ln p(x_i \mid x_{-i}) = -\mathrm{softplus}\bigl(F(x) - F(\tilde x^{(i)})\bigr),

        with :math:`\tilde x^{(i)}` the row with unit :math:`i` flipped and
        :math:`F` the free energy.  Flipping unit :math:`i` changes the
        hidden inputs by :math:`(1 - 2x_i) W_{i,:}`, so all :math:`n_v` flips of a
        row cost one :math:`(n_v, n_h)` array, not :math:`n_v` products.
        """
        X = self._binary(X, "the pseudo-likelihood")
        if rng is None:
            return self._log_conditionals(X).sum(axis=1)
        rng = _checks.rng_from(rng)
        units = rng.integers(0, self.n_visible, X.shape[0])
        rows = np.arange(X.shape[0])
        # Only the drawn unit of each row: scikit-learn's estimator.
        flip = 1.0 - 2.0 * X[rows, units]
        C = X @ self.W + self.b_hidden
        delta = flip * self.b_visible[units] + (
            softplus(C + flip[:, None] * self.W[units]) - softplus(C)).sum(axis=1)
        return -self.n_visible * softplus(delta)

    # -- the model protocol (see gradlib.protocol): unchecked, for trainers ----

    def batch_cost(self, V):
        """Negative mean exact log pseudo-likelihood of binary rows, without checks."""
        return float(-self._log_conditionals(V).sum(axis=1).mean())

    def batch_gradients(self, V, rng, k=1, sample_visible=False):
        """CD-k estimate of the gradient of the mean negative log-likelihood, without checks.

        The same estimate as :meth:`gradient_estimate`, negated: a direction
        to descend, as every model's ``batch_gradients`` gives.

        Returns
        -------
        RBMGradients
        """
        grad_W, grad_bv, grad_bh, _ = self._cd(V, k, rng, sample_visible)
        scale = self.dtype.type(-1.0 / V.shape[0])
        return RBMGradients(grad_W * scale, grad_bv * scale, grad_bh * scale)

    # -- learning --------------------------------------------------------

    def gradient_estimate(self, V, k=1, rng=0, sample_visible=False):
        """The CD-k estimate of the gradient of the mean log-likelihood on ``V``.

        The same computation as one update of :meth:`fit` (without momentum
        or weight decay), returned instead of applied.

        Parameters
        ----------
        V : array_like of shape (n_samples, n_visible)
        k : int, default 1
            Gibbs steps in the negative phase.
        rng : int or numpy.random.Generator, default 0
        sample_visible : bool, default False
            See :meth:`fit`.

        Returns
        -------
        RBMGradients
        """
        V = self._visible(V, "V")
        _checks.positive("k", k, integer=True)
        grad_W, grad_bv, grad_bh, _ = self._cd(V, k, _checks.rng_from(rng), sample_visible)
        n = V.shape[0]
        return RBMGradients(grad_W / n, grad_bv / n, grad_bh / n)

    def fit(self, X, epochs=10, learning_rate=0.1, batch_size=100, k=1, persistent=False,
            momentum=0.9, initial_momentum=0.5, momentum_switch=5, weight_decay=0.0002,
            sample_visible=False, seed=None, shuffle=True, monitor=True, observe=None):
        r"""Train by contrastive divergence (CD-k) or persistent CD, from the current state on.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_visible)
            Binary data or probabilities in ``[0, 1]``.
        epochs : int, default 10
        learning_rate : float, default 0.1
            :math:`\epsilon`, for weights and biases alike.
        batch_size : int, default 100
            The last batch of an epoch may be smaller.
        k : int, default 1
            Gibbs steps in the negative phase.
        persistent : bool, default False
            Persistent CD (Tieleman, 2008): the negative phase continues a
            set of ``batch_size`` chains kept from the previous update
            instead of restarting at the data.
        momentum : float, default 0.9
            Momentum after ``momentum_switch`` epochs.
        initial_momentum : float, default 0.5
            Momentum for the first ``momentum_switch`` epochs (counted
            with ``epochs_trained``, so a second call continues the schedule).
        momentum_switch : int, default 5
        weight_decay : float, default 0.0002
            :math:`\lambda`: the weights (not the biases) are pulled towards
            zero by :math:`\epsilon\lambda W` each update.
        sample_visible : bool, default False
            In CD-k, end the chain on binary visible samples instead of
            their probabilities: noisier, but then the estimate tends to the
            log-likelihood gradient as ``k`` grows (with probabilities a small
            bias remains however long the chain).
        seed : int or numpy.random.Generator, optional
            Source of the shuffling and of the Gibbs sampling; by default the
            model's own generator, which continues from the constructor's seed.
        shuffle : bool, default True
            Reshuffle the examples into new mini-batches each epoch.
        monitor : bool, default True
            Record :attr:`reconstruction_error` after each epoch.  Free with
            CD-k, which computes the reconstructions anyway; with persistent
            CD it costs one more matrix product per batch.
        observe : callable, optional
            Called as ``observe(epoch, rbm)`` after each epoch, ``epoch``
            counting from 1 over the model's whole training.

        Returns
        -------
        RBM
            ``self``, trained.

        Notes
        -----
        Each update, with :math:`n` examples in the batch, :math:`P` the
        probabilities and :math:`\mu` the momentum:

        .. math::

            \Delta W \leftarrow \mu \Delta W + \epsilon \Bigl(
            \tfrac1n \bigl(V_0^\top P(h \mid V_0) - V_k^\top P(h \mid V_k)\bigr)
            - \lambda W \Bigr), \qquad W \leftarrow W + \Delta W,

        and likewise for the biases, with :math:`\tfrac1n \sum (V_0 - V_k)`
        and :math:`\tfrac1n \sum (P(h \mid V_0) - P(h \mid V_k))` and no decay.
        In CD-k the chain samples binary hidden states from :math:`V_0` and
        binary visible states in its intermediate steps; its last visible
        state :math:`V_k` is the vector of probabilities, which lowers the
        variance of the estimate (Hinton and Salakhutdinov's choice), unless
        ``sample_visible`` is set.  In
        persistent CD, :math:`V_k` are binary samples and become the start
        of the next update's chains.
        """
        X = self._visible(X)
        _checks.positive("epochs", epochs, integer=True, allow_zero=True)
        _checks.positive("batch_size", batch_size, integer=True)
        cd = _CD(learning_rate=_checks.positive("learning_rate", learning_rate),
                 k=_checks.positive("k", k, integer=True),
                 persistent=_checks.flag("persistent", persistent),
                 weight_decay=_checks.positive("weight_decay", weight_decay, allow_zero=True),
                 sample_visible=_checks.flag("sample_visible", sample_visible),
                 monitor=_checks.flag("monitor", monitor))
        _checks.fraction("momentum", momentum)
        _checks.fraction("initial_momentum", initial_momentum)
        _checks.positive("momentum_switch", momentum_switch, integer=True, allow_zero=True)
        shuffle = _checks.flag("shuffle", shuffle)
        _checks.callback("observe", observe)
        rng = self._rng if seed is None else _checks.rng_from(seed)
        n = X.shape[0]
        if self._velocity is None:
            self._velocity = [np.zeros_like(p) for p in self.parameters()]
        if persistent and (self._chain is None or self._chain.shape[0] != min(batch_size, n)):
            # Start the persistent chains at hidden states sampled from the first examples.
            self._chain = self._bernoulli(self._p_hidden(X[:batch_size]), rng)
        # Overflow on the way to divergence is reported once, as DivergenceError.
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(epochs):
                self.epochs_trained += 1
                epoch = self.epochs_trained
                mu = initial_momentum if epoch <= momentum_switch else momentum
                order = rng.permutation(n) if shuffle else None
                sq_error = 0.0
                for batch, start in enumerate(range(0, n, batch_size)):
                    # Gather each batch as it is needed rather than copy the whole
                    # shuffled data set first: the rows are still in cache for the products.
                    V0 = (X[start:start + batch_size] if order is None
                          else X[order[start:start + batch_size]])
                    sq_error += self._fit_batch(V0, rng, mu, cd)
                    # The biases are cheap to test, and a NaN anywhere reaches them.
                    if not all_finite([self.b_visible, self.b_hidden]):
                        raise diverged("RBM training", epoch, batch, learning_rate=learning_rate)
                if not all_finite([self.W]):
                    raise diverged("RBM training", epoch, batch, learning_rate=learning_rate)
                if monitor:
                    self.reconstruction_error.append(sq_error / n)
                if observe is not None:
                    observe(epoch, self)
        return self

    def _fit_batch(self, V0, rng, momentum, cd):
        """One update of :meth:`fit` on the batch ``V0``; the squared reconstruction error.

        Returns 0.0 when ``cd.monitor`` is off.
        """
        n = V0.shape[0]
        if cd.persistent:
            gW, gbv, gbh, P0, self._chain = self._pcd(V0, self._chain, cd.k, rng)
            # The chains are not reconstructions of the data: reconstruct,
            # at the cost of one more product.
            V1 = self._p_visible(self._bernoulli(P0, rng)) if cd.monitor else None
        else:
            gW, gbv, gbh, V1 = self._cd(V0, cd.k, rng, cd.sample_visible)
        sq_error = 0.0
        if cd.monitor:
            D = V0 - V1
            sq_error = float(np.vdot(D, D))
        # The statistics are n times an ascent direction of the log-likelihood:
        # the shared descent step with rate -learning_rate / n climbs it.
        decay = [cd.learning_rate * cd.weight_decay, 0.0, 0.0]
        momentum_step(self.parameters(), [gW, gbv, gbh], -cd.learning_rate / n, momentum,
                      self._velocity, decay=decay)
        return sq_error

    # -- the computation, unchecked ---------------------------------------

    def _p_hidden(self, V):
        Z = V @ self.W
        Z += self.b_hidden
        return sigmoid(Z, out=Z)

    def _p_visible(self, H):
        Z = H @ self.W.T
        Z += self.b_visible
        return sigmoid(Z, out=Z)

    def _free_energy(self, V):
        return -V @ self.b_visible - softplus(V @ self.W + self.b_hidden).sum(axis=1)

    def _log_conditionals(self, X):
        """``ln p(x_i | x_-i)`` of binary rows for every unit, shape ``(n_samples, n_visible)``."""
        out = np.empty(X.shape, dtype=self.dtype)
        C = X @ self.W + self.b_hidden
        base = softplus(C).sum(axis=1)
        # Rows in chunks, so that the (rows, n_visible, n_hidden) array stays small.
        chunk = max(1, (1 << 21) // (self.n_visible * self.n_hidden))
        for start in range(0, X.shape[0], chunk):
            Xc, Cc = X[start:start + chunk], C[start:start + chunk]
            flip = 1.0 - 2.0 * Xc
            flipped = softplus(Cc[:, None, :] + flip[:, :, None] * self.W).sum(axis=2)
            # F(x) - F(x flipped at i), then ln sigma(-(that)).
            delta = flip * self.b_visible + flipped - base[start:start + chunk, None]
            out[start:start + chunk] = -softplus(delta)
        return out

    def _bernoulli(self, P, rng):
        # A uniform draw below p is a 1 with probability p.
        return (rng.random(P.shape, dtype=self.dtype) < P).astype(self.dtype)

    def _cd(self, V0, k, rng, sample_visible=False):
        """CD-k statistics (sums over the batch) and the one-step reconstruction."""
        # The --8<-- comments mark the lines that the deep-belief-net page shows.
        # --8<-- [start:cd]
        P0 = self._p_hidden(V0)
        H = self._bernoulli(P0, rng)
        for step in range(k):
            Vk = self._p_visible(H)
            if step == 0:
                V1 = Vk
            if sample_visible or step < k - 1:
                Vk = self._bernoulli(Vk, rng)
            Pk = self._p_hidden(Vk)
            if step < k - 1:
                H = self._bernoulli(Pk, rng)
        grad_W = V0.T @ P0
        grad_W -= Vk.T @ Pk
        # --8<-- [end:cd]
        return grad_W, V0.sum(0) - Vk.sum(0), P0.sum(0) - Pk.sum(0), V1

    def _pcd(self, V0, chain, k, rng):
        """Persistent-CD statistics: the positive phase on ``V0``, the negative on the chains.

        ``chain`` holds the chains' binary hidden states, shape
        ``(n_chains, n_hidden)``.  The negative sums are rescaled to the batch
        size, since the number of chains and the size of the last batch may differ.
        """
        P0 = self._p_hidden(V0)
        H = chain
        for _ in range(k):
            V = self._bernoulli(self._p_visible(H), rng)
            Pk = self._p_hidden(V)
            H = self._bernoulli(Pk, rng)
        grad_W = V0.T @ P0
        if V0.shape[0] == V.shape[0]:
            grad_W -= V.T @ Pk
            return grad_W, V0.sum(0) - V.sum(0), P0.sum(0) - Pk.sum(0), P0, H
        scale = self.dtype.type(V0.shape[0] / V.shape[0])
        grad_W -= scale * (V.T @ Pk)
        return grad_W, V0.sum(0) - scale * V.sum(0), P0.sum(0) - scale * Pk.sum(0), P0, H


def _all_binary(n, dtype):
    """Every binary vector of length ``n``, shape ``(2**n, n)``."""
    # Row s holds the binary digits of s, most significant first.
    bits = np.arange(n - 1, -1, -1)
    return ((np.arange(2**n)[:, None] >> bits) & 1).astype(dtype)

