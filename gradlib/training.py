"""Mini-batch stochastic gradient descent, and a record of how training went.

:class:`SGD` takes one step at a time; :func:`train` runs epochs of shuffled
mini-batches and returns a :class:`History` of the cost, the accuracy and the
per-layer gradient norms ("speed of learning") after every epoch.
"""

import math
from dataclasses import dataclass, field

import numpy as np

from . import _checks
from .protocol import DivergenceError, diverged, momentum_step

__all__ = ["SGD", "DivergenceError", "History", "train"]


class SGD:
    r"""Stochastic gradient descent with optional momentum, L2 decay and clipping.

    Parameters
    ----------
    net : Network
        The network whose ``weights`` and ``biases`` (all its
        ``parameters()``) are updated in place.  Any model of the
        :mod:`gradlib.protocol` with ``check_data``, ``weights`` and
        ``after_step`` works.
    learning_rate : float, default 0.1
        :math:`\eta`.
    momentum : float, default 0.0
        :math:`\mu` in :math:`v \leftarrow \mu v - \eta g,\; w \leftarrow w + v`.
    l2 : float, default 0.0
        :math:`\lambda` of the L2 term :math:`\tfrac{\lambda}{2n}\sum w^2`
        added to the cost (``n = n_train``), as in Nielsen's book; biases are
        not regularised.  Each step scales the weights by
        :math:`1 - \eta\lambda/n`.
    n_train : int, optional
        Training-set size ``n`` for the L2 term, a positive int; required
        when ``l2 > 0``.
    clip_norm : float, optional
        If given, a gradient whose global norm (over every weight and bias)
        exceeds ``clip_norm`` is rescaled to that norm before the step.
    """

    def __init__(self, net, learning_rate=0.1, momentum=0.0, l2=0.0, n_train=None,
                 clip_norm=None):
        self.net = net
        self.learning_rate = _checks.positive("learning_rate", learning_rate)
        self.momentum = _checks.positive("momentum", momentum, allow_zero=True)
        if self.momentum >= 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
        self.l2 = _checks.positive("l2", l2, allow_zero=True)
        if self.l2 and n_train is None:
            raise ValueError("l2 > 0 needs n_train, the training-set size of the L2 term")
        if n_train is not None:
            _checks.positive("n_train", n_train, integer=True)
        self.n_train = n_train
        self.clip_norm = None if clip_norm is None else _checks.positive("clip_norm", clip_norm)
        self.n_clipped = 0
        self._velocity = None
        if self.momentum:
            self._velocity = [np.zeros_like(p) for p in net.parameters()]
        # eta * gradient is formed here rather than in a fresh array each step:
        # for wide layers, allocating it costs about as much as computing it.
        self._scaled = [np.empty_like(p) for p in net.parameters()]

    def step(self, X, Y, check=True):
        """Update the network on one mini-batch and return its :class:`Gradients`.

        Parameters
        ----------
        X : array_like of shape (n_samples, sizes[0])
        Y : array_like of shape (n_samples, sizes[-1])
        check : bool, default True
            Validate ``X`` and ``Y``.  Pass ``False`` only for arrays already
            checked by ``net.check_data`` (as :func:`train` does).

        Returns
        -------
        Gradients
            The gradients of the batch before clipping and the update.
        """
        net = self.net
        if check:
            X, Y = net.check_data(X, Y)
        g = net.batch_gradients(X, Y)
        if not math.isfinite(g.cost):
            raise DivergenceError(f"the cost is {g.cost}")
        grads = g.arrays()
        eta = self.learning_rate
        # The --8<-- comments mark the lines that the exploding-gradient page shows.
        # --8<-- [start:clip]
        if self.clip_norm is not None:
            norm = math.sqrt(sum(float(np.vdot(q, q)) for q in grads))
            if norm > self.clip_norm:
                eta *= self.clip_norm / norm       # same direction, length clip_norm
                self.n_clipped += 1
        # --8<-- [end:clip]
        if self.l2:
            decay = 1.0 - self.learning_rate * self.l2 / self.n_train
            for W in net.weights:
                W *= decay
        # The gradients are returned to the caller: scale them into buffers of our own.
        momentum_step(net.parameters(), grads, eta, self.momentum, self._velocity,
                      scratch=self._scaled)
        net.after_step(g)
        return g


@dataclass
class History:
    """What happened during :func:`train`, one entry per epoch, epoch 0 being the start.

    Attributes
    ----------
    epoch : list of int
        ``0, 1, ..., epochs``.
    cost : list of float
        Cost on the whole training set (without the L2 term).
    accuracy : list of float
        Accuracy on ``eval_data``; empty when no evaluation data was given.
    eval_cost : list of float
        Cost on ``eval_data``; empty when no evaluation data was given.
    bias_grad_norms : ndarray of shape (epochs + 1, n_layers)
        ``||dC/db[l]||`` of the full-batch gradient on the probe set: the
        speed of learning of each layer, as Nielsen measures it.
    weight_grad_norms : ndarray of shape (epochs + 1, n_layers)
        ``||dC/dW[l]||`` (Frobenius norm) on the probe set.
    n_clipped : int
        Number of steps whose gradient was clipped.
    """

    epoch: list = field(default_factory=list)
    cost: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    eval_cost: list = field(default_factory=list)
    bias_grad_norms: list = field(default_factory=list)
    weight_grad_norms: list = field(default_factory=list)
    n_clipped: int = 0

    def _record(self, net, epoch, X, Y, probe, eval_data):
        g = net.batch_gradients(*probe)
        self.epoch.append(epoch)
        self.cost.append(net.cost_of(X, Y))
        self.bias_grad_norms.append([float(np.linalg.norm(b)) for b in g.biases])
        self.weight_grad_norms.append([float(np.linalg.norm(W)) for W in g.weights])
        if eval_data is not None:
            Xe, Ye = eval_data
            trace = net.trace(Xe)
            out = trace.A[-1]
            self.eval_cost.append(
                float(net.cost.value(trace.Z[-1], out, Ye, net.output).mean()))
            self.accuracy.append(float(np.mean(out.argmax(1) == Ye.argmax(1))))


def train(net, X, Y, *, epochs=10, learning_rate=0.1, batch_size=10, momentum=0.0, l2=0.0,
          clip_norm=None, eval_data=None, probe_size=1000, observe=None, observe_every=1,
          seed=0):
    """Train ``net`` in place by mini-batch SGD and return a :class:`History`.

    Parameters
    ----------
    net : Network
    X : array_like of shape (n_samples, sizes[0])
        Training inputs.
    Y : array_like of shape (n_samples, sizes[-1])
        Training targets (one-hot rows for classification).
    epochs : int, default 10
        Passes over the training set.
    learning_rate, momentum, l2, clip_norm
        See :class:`SGD`.
    batch_size : int, default 10
        Examples per step; the last batch of an epoch may be smaller.
    eval_data : tuple (X_eval, Y_eval), optional
        Evaluation set whose cost and accuracy are recorded after each epoch;
        ``Y_eval`` one-hot of shape ``(n_eval, sizes[-1])``.
    probe_size : int, default 1000
        The per-layer gradient norms are measured on the first ``probe_size``
        training examples, as one full batch.
    observe : callable, optional
        Called as ``observe(epoch, batch, gradients)`` after every
        ``observe_every``-th step (counting from the first step of training),
        with the step's :class:`Gradients`, taken before the update.  When
        ``None``, training pays nothing for it.
    observe_every : int, default 1
    seed : int or numpy.random.Generator, default 0
        Source of the shuffling; the same seed gives the same run.

    Returns
    -------
    History

    Raises
    ------
    DivergenceError
        When the cost of a mini-batch, or the training cost after an
        epoch's last update, becomes NaN or infinite; the message and the
        error's ``epoch`` and ``batch`` name where.
    """
    X, Y = net.check_data(X, Y)
    _checks.positive("epochs", epochs, integer=True, allow_zero=True)
    _checks.positive("batch_size", batch_size, integer=True)
    _checks.positive("probe_size", probe_size, integer=True)
    _checks.positive("observe_every", observe_every, integer=True)
    _checks.callback("observe", observe)
    n = X.shape[0]
    # Refuse up front a batch that batch norm cannot train on, not mid-run.
    last_batch = n % batch_size or min(batch_size, n)
    if hasattr(net, "check_batch_size"):
        net.check_batch_size(last_batch, f"the last mini-batch of X (batch_size={batch_size})")
    if eval_data is not None:
        if not isinstance(eval_data, tuple | list) or len(eval_data) != 2:
            raise ValueError("eval_data must be a pair (X_eval, Y_eval)")
        eval_data = net.check_data(*eval_data, X_name="X_eval", Y_name="Y_eval")
    rng = _checks.rng_from(seed)
    opt = SGD(net, learning_rate, momentum, l2, n_train=X.shape[0], clip_norm=clip_norm)
    probe = (X[:probe_size], Y[:probe_size])

    history = History()
    step = 0
    # Overflow on the way to divergence is reported once, as DivergenceError.
    with np.errstate(over="ignore", invalid="ignore"):
        history._record(net, 0, X, Y, probe, eval_data)
        for epoch in range(1, epochs + 1):
            order = rng.permutation(n)
            Xs, Ys = X[order], Y[order]
            for batch, start in enumerate(range(0, n, batch_size)):
                Xb, Yb = Xs[start:start + batch_size], Ys[start:start + batch_size]
                try:
                    g = opt.step(Xb, Yb, check=False)
                except DivergenceError as exc:
                    raise diverged("training", epoch, batch, exc, learning_rate=learning_rate,
                                   also="or clip_norm") from None
                if observe is not None and step % observe_every == 0:
                    observe(epoch, batch, g)
                step += 1
            history._record(net, epoch, X, Y, probe, eval_data)
            # The last update of an epoch has no next batch whose cost would show it.
            if not math.isfinite(history.cost[-1]):
                raise diverged("training", epoch, batch, "after its update the training "
                               f"cost is {history.cost[-1]}", learning_rate=learning_rate,
                               also="or clip_norm")
    history.bias_grad_norms = np.array(history.bias_grad_norms)
    history.weight_grad_norms = np.array(history.weight_grad_norms)
    history.n_clipped = opt.n_clipped
    return history

