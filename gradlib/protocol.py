r"""The one protocol every trainable model implements, and the update the trainers share.

Every model of gradlib (:class:`~gradlib.network.Network`,
:class:`~gradlib.deep.DeepNetwork`, :class:`~gradlib.rbm.RBM`,
:class:`~gradlib.autoencoder.Autoencoder`,
:class:`~gradlib.sparse.SparseEncoderDecoder`,
:class:`~gradlib.updown.AssociativeMemory`, :class:`~gradlib.updown.UpDownDBN`)
offers the same three
methods; :class:`~gradlib.training.SGD`, the pretraining trainers and
:func:`~gradlib.gradcheck.gradient_check` reach the models through them and
no private method:

- ``parameters()``: the trainable arrays themselves (not copies), in a
  fixed order.
- ``batch_gradients(*batch)``: a gradients object ``g`` whose ``g.arrays()``
  lists one array per parameter, in the order of ``parameters()`` and of the
  same shapes, for the gradient of the batch cost to be *descended*.
- ``batch_cost(*batch)``: the cost of one batch as a float, whose gradient
  ``batch_gradients`` gives.  Where the update follows no cost's gradient,
  an exact number to watch instead: the negative mean log pseudo-likelihood
  for the RBM, whose gradient CD only estimates; the cross-entropy of the
  free-energy classifier for the deep belief net and its memory, whose
  up-down and CD updates descend no single cost.

Both batch methods are unchecked: ``batch`` holds arrays that the model's own
checks (``check_data``, ...) have already accepted, which is what lets the
training loops call them without re-validating every mini-batch.  What a
``batch`` is depends on the model: ``(X, Y)`` for networks, ``(X,)`` or
``(X, X_input)`` for an autoencoder, ``(V, rng)`` for an RBM (``rng`` a
``numpy.random.Generator``), ``(X, Z)`` for the sparse encoder-decoder,
``(X, Y, rng)`` for the deep belief net and ``(C, Y, rng)`` for its memory
(their ``batch_cost`` takes the batch without ``rng``, as the RBM's).
:class:`~gradlib.training.SGD` also uses a network's public ``check_data``,
``weights`` (for the L2 term) and ``after_step`` (batch-norm statistics).

:func:`momentum_step` is the one update of all trainers, :func:`diverged`
their one error, :func:`copy_model` their one ``copy()``.
"""

import copy
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np


class DivergenceError(FloatingPointError):
    """Training produced a NaN or infinite cost or parameter.

    Attributes
    ----------
    epoch : int or None
        The epoch (counted from 1) in which it happened.
    batch : int or None
        The mini-batch of that epoch (counted from 0).
    layer : int or None
        For greedy stacks, the layer (counted from 0) being trained.
    """

    def __init__(self, message, epoch=None, batch=None, layer=None):
        super().__init__(message)
        self.epoch, self.batch, self.layer = epoch, batch, layer


def diverged(trainer, epoch, batch, detail="", also="", **rates):
    """The :class:`DivergenceError` every trainer raises, naming the epoch and the batch.

    ``trainer`` starts the message ("RBM training"), ``detail`` says what was
    seen, ``rates`` are the step sizes to quote beside the advice, which
    ``also`` extends ("or clip_norm").
    """
    quoted = ", ".join(f"{k}={v}" for k, v in rates.items())
    detail = f": {detail}" if detail else ""
    advice = "smaller rates" if len(rates) > 1 else "a smaller learning rate"
    also = f" {also}" if also else ""
    return DivergenceError(
        f"{trainer} diverged at epoch {epoch}, batch {batch}{detail} ({quoted}); "
        f"try {advice}{also}", epoch=epoch, batch=batch)


@dataclass
class BatchGradients:
    """Gradients of a model without a gradients class of its own.

    Attributes
    ----------
    cost : float
        The batch cost.
    gradients : list of ndarray
        In the order of the model's ``parameters()``.
    """

    cost: float
    gradients: list

    def arrays(self):
        """The gradients, in parameter order."""
        return self.gradients


@runtime_checkable
class Model(Protocol):
    """What a trainer needs from a model (see the module docstring)."""

    def parameters(self):
        """The parameter arrays themselves, in a fixed order."""

    def batch_gradients(self, *batch):
        """Unchecked gradients of the batch cost, ``g.arrays()`` in parameter order."""

    def batch_cost(self, *batch):
        """Unchecked cost of one batch, a float."""


def momentum_step(parameters, gradients, learning_rate, momentum=0.0, velocity=None,
                  scratch=None, decay=None):
    r"""One step of gradient descent with (heavy-ball) momentum, in place.

    Parameters
    ----------
    parameters : list of ndarray
        Updated in place.
    gradients : list of ndarray
        Same shapes, the direction to descend.
    learning_rate : float
        :math:`\eta`.
    momentum : float, default 0.0
        :math:`\mu`; ignored when ``velocity`` is ``None``.
    velocity : list of ndarray, optional
        The velocities :math:`v`, same shapes, updated in place; ``None`` for
        plain gradient descent.
    scratch : list of ndarray, optional
        Buffers, same shapes, for :math:`\eta g`; by default the gradients
        themselves are overwritten.
    decay : list of float, optional
        Per parameter, :math:`d` of a weight decay that goes through the
        velocity, as in Hinton's RBM recipe (0 for none).

    Notes
    -----
    .. math::

        v \leftarrow \mu v - \eta g - d\, p, \qquad p \leftarrow p + v,

    or :math:`p \leftarrow p - \eta g - d\, p` without momentum.  The scalars
    are converted to each parameter's dtype first: a numpy float64 scalar
    would otherwise compute a float32 update in float64.
    """
    scratch = gradients if scratch is None else scratch
    # A model's parameters share one dtype: convert the scalars once.
    as_dtype = parameters[0].dtype.type
    eta = as_dtype(learning_rate)
    if velocity is None and decay is not None:
        # Without a velocity, decay the parameters before they move.
        for p, d in zip(parameters, decay, strict=True):
            if d:
                p *= as_dtype(1 - d)
        decay = None
    if velocity is None:
        for p, g, s in zip(parameters, gradients, scratch, strict=True):
            p -= np.multiply(g, eta, out=s)
    else:
        mu = as_dtype(momentum)
        for g, s, v in zip(gradients, scratch, velocity, strict=True):
            v *= mu
            v -= np.multiply(g, eta, out=s)
    if decay is not None:
        for i, d in enumerate(decay):
            if d:
                # The scratch buffer is spent: reuse it for d p rather than allocate.
                v = parameters[i] if velocity is None else velocity[i]
                v -= np.multiply(parameters[i], as_dtype(d), out=scratch[i])
    if velocity is not None:
        for p, v in zip(parameters, velocity, strict=True):
            p += v


def all_finite(arrays):
    """Whether every entry of every array is finite, by one sum per array.

    A sum is cheaper than an element-wise test; it is inf or NaN when any
    entry is, and could only overflow for entries beyond about 1e300, which
    have diverged anyway.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        return all(np.isfinite(np.sum(a)) for a in arrays)


def copy_model(model, dtype=None):
    """An independent copy of ``model``, of its class, with every array it owns copied.

    Arrays held directly, in lists or in dicts (weights, batch-norm
    statistics, velocities, persistent chains) are copied, converted to
    ``dtype`` when given; random generators are copied so that the copy draws
    what the original would have drawn; anything else is shared.

    Parameters
    ----------
    model : object
    dtype : numpy dtype, optional
        Also sets ``model.dtype`` of the copy.

    Returns
    -------
    object
        Of ``type(model)``.
    """

    def own(value):
        if isinstance(value, np.ndarray):
            return value.astype(value.dtype if dtype is None else dtype, copy=True)
        if isinstance(value, list):
            return [own(v) for v in value]
        if isinstance(value, dict):
            return {k: own(v) for k, v in value.items()}
        if isinstance(value, np.random.Generator):
            return copy.deepcopy(value)
        return value

    new = object.__new__(type(model))
    new.__dict__.update({name: own(value) for name, value in model.__dict__.items()})
    if dtype is not None:
        new.dtype = np.dtype(dtype)
    return new
