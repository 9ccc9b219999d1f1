"""Checking backpropagation against central finite differences.

Finite differences need two forward passes per parameter, so they are far too
slow to train with, but they are an independent computation of the same
gradient: if the two agree to many digits, the backward pass is right.
"""

import math
from dataclasses import dataclass, field

import numpy as np

from . import _checks


def numerical_gradient(net, X, Y, eps=1e-5):
    r"""Gradient of the batch-mean cost by central differences.

    Parameters
    ----------
    net : Network
        Its parameters are perturbed one at a time and restored.
    X : array_like of shape (n_samples, sizes[0])
    Y : array_like of shape (n_samples, sizes[-1])
    eps : float, default 1e-5
        Step :math:`\epsilon`, a positive finite number: small enough for
        the :math:`O(\epsilon^2)` truncation error, large enough that
        rounding (about :math:`10^{-16} C / \epsilon`) stays below it.

    Returns
    -------
    weights, biases : list of ndarray
        Same shapes as ``net.weights`` and ``net.biases``.

    Notes
    -----
    :math:`\partial C/\partial p \approx [C(p + \epsilon) - C(p - \epsilon)] / 2\epsilon`,
    with error :math:`O(\epsilon^2)`; this costs ``2 * net.n_parameters``
    forward passes.
    """
    _checks.positive("eps", eps)
    grads = _numerical_gradients(net, net.check_data(X, Y), eps)
    L = net.n_layers
    return grads[0:2 * L:2], grads[1:2 * L:2]


def _numerical_gradients(model, batch, eps):
    """Central differences of ``model.batch_cost(*batch)`` for every array of ``parameters()``.

    Any model of :mod:`gradlib.protocol` whose batch cost is deterministic.
    """

    def cost():
        return model.batch_cost(*batch)

    def along(param):
        # Index the array itself: reshape(-1) of a non-contiguous array (a
        # transposed view, say) is a copy, and nudging a copy moves nothing.
        grad = np.zeros_like(param)
        for i in np.ndindex(param.shape):
            saved = param[i]
            param[i] = saved + eps
            up = cost()
            param[i] = saved - eps
            down = cost()
            param[i] = saved
            grad[i] = (up - down) / (2 * eps)
        return grad

    return [along(p) for p in model.parameters()]


def relative_error(a, b):
    r"""Relative difference of two arrays of the same shape.

    :math:`\lVert a - b\rVert / (\lVert a\rVert + \lVert b\rVert)`,
    measured over the whole array (Frobenius norms) rather than entry by
    entry, so that an entry whose gradient is nearly zero, where the finite
    difference is mostly rounding noise, cannot dominate.  0 when both are 0;
    NaN when either holds a NaN or an infinity, so that no check passes on it.

    Parameters
    ----------
    a, b : array_like of real numbers, of the same shape

    Returns
    -------
    float
        In ``[0, 1]``, or NaN.

    Raises
    ------
    ValueError
        If the shapes differ (nothing is broadcast) or the entries are not
        real numbers.
    """
    a, b = np.asarray(a), np.asarray(b)
    _checks.real("a", a)
    _checks.real("b", b)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    a, b = a.astype(np.float64), b.astype(np.float64)
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return math.nan
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / scale) if scale > 0 else 0.0


@dataclass
class GradientCheck:
    """Result of :func:`gradient_check`.

    Attributes
    ----------
    weights : list of float
        :func:`relative_error` of each ``weights[l]`` gradient.
    biases : list of float
        :func:`relative_error` of each ``biases[l]`` gradient.
    max_error : float
        Largest of them all, including any further parameters (``others``);
        NaN if any of them is NaN.
    others : list of float
        Errors of the parameters that follow the weights and biases in
        ``net.parameters()``, such as batch-norm scales; empty for a plain Network.
    """

    weights: list
    biases: list
    max_error: float
    others: list = field(default_factory=list)

    def passed(self, tol=1e-7):
        """Whether every relative error is finite and below ``tol``."""
        return math.isfinite(self.max_error) and self.max_error < tol


def gradient_check(net, X, Y, eps=1e-5):
    """Compare :meth:`Network.backward` with central finite differences.

    A float32 network is checked through a float64 copy, since single
    precision cannot resolve a central difference to more than a few digits.

    Parameters
    ----------
    net : Network
        Any network (``DeepNetwork`` included); its parameters must be finite.
    X : array_like of shape (n_samples, sizes[0])
    Y : array_like of shape (n_samples, sizes[-1])
    eps : float, default 1e-5
        A positive finite step, see :func:`numerical_gradient`.

    Returns
    -------
    GradientCheck

    Raises
    ------
    ValueError
        For a bad ``eps``, bad data, or parameters that hold NaN or inf.
    """
    _checks.positive("eps", eps)
    for i, p in enumerate(net.parameters()):
        if not np.all(np.isfinite(p)):
            raise ValueError(f"net.parameters()[{i}] contains NaN or infinite values; "
                             "expected finite parameters to check")
    if net.dtype != np.float64:
        net = net.astype(np.float64)
    batch = net.check_data(X, Y)
    analytic = net.batch_gradients(*batch).arrays()
    numeric = _numerical_gradients(net, batch, eps)
    errors = [relative_error(a, n) for a, n in zip(analytic, numeric, strict=True)]
    L = net.n_layers
    return GradientCheck(errors[0:2 * L:2], errors[1:2 * L:2], float(np.max(errors)),
                         errors[2 * L:])
