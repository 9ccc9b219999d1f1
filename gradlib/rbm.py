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


def _sigmoid_(Z):
    """Logistic function applied in place, as ``(1 + tanh(z/2)) / 2`` (never overflows)."""
    Z *= 0.5
    np.tanh(Z, out=Z)
    Z += 1.0
    Z *= 0.5
    return Z


def _softplus(Z):
    """``ln(1 + e^z) = max(z, 0) + ln(1 + e^{-|z|})``, which never overflows."""
    out = np.abs(Z)
    np.negative(out, out=out)
    np.exp(out, out=out)
    np.log1p(out, out=out)
    out += np.maximum(Z, 0.0)
    return out


def _logsumexp(a):
    m = np.max(a)
    return float(m + np.log(np.sum(np.exp(a - m))))


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

    def flat(self):
        """All three concatenated into one vector, ``W`` first."""
        return np.concatenate([self.W.ravel(), self.b_visible, self.b_hidden])


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

    # -- checks --------------------------------------------------------

    def _visible(self, V, name="X"):
        V = _checks.matrix(name, V, self.n_visible, self.dtype, owner="the RBM")
        _checks.unit_interval(
            name, V, "(binary, or probabilities of each visible unit being on)")
        return V

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
        V = self._visible(V, "V")
        return -V @ self.b_visible - _softplus(V @ self.W + self.b_hidden).sum(axis=1)

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
                neg_f = S @ self.b_hidden + _softplus(S @ self.W.T + self.b_visible).sum(1)
            else:
                neg_f = S @ self.b_visible + _softplus(S @ self.W + self.b_hidden).sum(1)
            total = np.logaddexp(total, _logsumexp(neg_f.astype(np.float64)))
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
        X = self._visible(X)
        if not np.all((X == 0) | (X == 1)):
            raise ValueError("the log-likelihood needs binary X (entries 0 or 1)")
        return float(-self.free_energy(X).mean() - self.log_partition())

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
        _checks.positive("learning_rate", learning_rate)
        _checks.positive("batch_size", batch_size, integer=True)
        _checks.positive("k", k, integer=True)
        for name, mu in (("momentum", momentum), ("initial_momentum", initial_momentum)):
            _checks.positive(name, mu, allow_zero=True)
            if mu >= 1:
                raise ValueError(f"{name} must be in [0, 1), got {mu!r}")
        _checks.positive("momentum_switch", momentum_switch, integer=True, allow_zero=True)
        _checks.positive("weight_decay", weight_decay, allow_zero=True)
        rng = self._rng if seed is None else _checks.rng_from(seed)
        n = X.shape[0]
        dt = self.dtype
        if self._velocity is None:
            self._velocity = [np.zeros_like(p) for p in self.parameters()]
        vW, vbv, vbh = self._velocity
        if persistent and (self._chain is None or self._chain.shape[0] != min(batch_size, n)):
            # Start the persistent chains at hidden states sampled from the first examples.
            self._chain = self._bernoulli(self._p_hidden(X[:batch_size]), rng)
        # Python floats would be upcast by nothing, but numpy float64 scalars would
        # turn float32 arrays into float64: keep the step sizes in the model's dtype.
        decay = dt.type(learning_rate * weight_decay)
        for _ in range(epochs):
            self.epochs_trained += 1
            epoch = self.epochs_trained
            mu = dt.type(initial_momentum if epoch <= momentum_switch else momentum)
            Xs = X[rng.permutation(n)] if shuffle else X
            sq_error = 0.0
            for start in range(0, n, batch_size):
                V0 = Xs[start:start + batch_size]
                if persistent:
                    gW, gbv, gbh, P0, self._chain = self._pcd(V0, self._chain, k, rng)
                    # The chains are not reconstructions of the data: reconstruct,
                    # at the cost of one more product.
                    V1 = self._p_visible(self._bernoulli(P0, rng)) if monitor else None
                else:
                    gW, gbv, gbh, V1 = self._cd(V0, k, rng, sample_visible)
                eps = dt.type(learning_rate / V0.shape[0])
                if monitor:
                    D = V0 - V1
                    sq_error += float(np.vdot(D, D))
                vW *= mu
                gW *= eps
                vW += gW
                if decay:
                    # gW is spent: reuse it rather than allocate decay * W.
                    np.multiply(self.W, decay, out=gW)
                    vW -= gW
                vbv *= mu
                vbv += eps * gbv
                vbh *= mu
                vbh += eps * gbh
                self.W += vW
                self.b_visible += vbv
                self.b_hidden += vbh
            if not np.all(np.isfinite(self.W)):
                raise FloatingPointError(
                    f"RBM training diverged in epoch {epoch} (learning_rate={learning_rate}); "
                    "try a smaller learning rate")
            if monitor:
                self.reconstruction_error.append(sq_error / n)
            if observe is not None:
                observe(epoch, self)
        return self

    # -- the computation, unchecked ---------------------------------------

    def _p_hidden(self, V):
        return _sigmoid_(V @ self.W + self.b_hidden)

    def _p_visible(self, H):
        return _sigmoid_(H @ self.W.T + self.b_visible)

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
