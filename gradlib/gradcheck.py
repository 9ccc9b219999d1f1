"""Checking backpropagation against central finite differences.

Finite differences need two forward passes per parameter, so they are far too
slow to train with, but they are an independent computation of the same
gradient: if the two agree to many digits, the backward pass is right.
"""

from dataclasses import dataclass, field

import numpy as np


def numerical_gradient(net, X, Y, eps=1e-5):
    r"""Gradient of the batch-mean cost by central differences.

    Parameters
    ----------
    net : Network
        Its parameters are perturbed one at a time and restored.
    X : array_like of shape (n_samples, sizes[0])
    Y : array_like of shape (n_samples, sizes[-1])
    eps : float, default 1e-5
        Step :math:`\epsilon`: small enough for the :math:`O(\epsilon^2)`
        truncation error, large enough that rounding (about
        :math:`10^{-16} C / \epsilon`) stays below it.

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
    grads = _numerical_gradients(net, X, Y, eps)
    L = net.n_layers
    return grads[0:2 * L:2], grads[1:2 * L:2]


def _numerical_gradients(net, X, Y, eps):
    """Central differences for every array of ``net.parameters()``, in that order."""
    X, Y = net.check_data(X, Y)

    def cost():
        # Training mode: batch norm uses the batch's own statistics, as backward does.
        trace = net._forward(X, training=True)
        return np.mean(net.cost.value(trace.Z[-1], trace.A[-1], Y, net.output))

    def along(param):
        grad = np.zeros_like(param)
        flat, gflat = param.reshape(-1), grad.reshape(-1)
        for i in range(flat.size):
            saved = flat[i]
            flat[i] = saved + eps
            up = cost()
            flat[i] = saved - eps
            down = cost()
            flat[i] = saved
            gflat[i] = (up - down) / (2 * eps)
        return grad

    return [along(p) for p in net.parameters()]


def relative_error(a, b):
    r"""Relative difference of two arrays.

    :math:`\lVert a - b\rVert / (\lVert a\rVert + \lVert b\rVert)`,
    measured over the whole array (Frobenius norms) rather than entry by
    entry, so that an entry whose gradient is nearly zero, where the finite
    difference is mostly rounding noise, cannot dominate.  0 when both are 0.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
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
        Largest of them all, including any further parameters (``others``).
    others : list of float
        Errors of the parameters that follow the weights and biases in
        ``net.parameters()``, such as batch-norm scales; empty for a plain Network.
    """

    weights: list
    biases: list
    max_error: float
    others: list = field(default_factory=list)

    def passed(self, tol=1e-7):
        """Whether every relative error is below ``tol``."""
        return self.max_error < tol


def gradient_check(net, X, Y, eps=1e-5):
    """Compare :meth:`Network.backward` with central finite differences.

    A float32 network is checked through a float64 copy, since single
    precision cannot resolve a central difference to more than a few digits.

    Parameters
    ----------
    net : Network
    X : array_like of shape (n_samples, sizes[0])
    Y : array_like of shape (n_samples, sizes[-1])
    eps : float, default 1e-5

    Returns
    -------
    GradientCheck
    """
    if net.dtype != np.float64:
        net = net.copy()
        net.dtype = np.dtype(np.float64)
        for p in range(len(net.weights)):
            net.weights[p] = net.weights[p].astype(np.float64)
            net.biases[p] = net.biases[p].astype(np.float64)
        for name in ("gammas", "running_mean", "running_var"):
            if hasattr(net, name):
                setattr(net, name, {l: v.astype(np.float64)
                                    for l, v in getattr(net, name).items()})
    analytic = net._gradient_list(net.backward(X, Y))
    numeric = _numerical_gradients(net, X, Y, eps)
    errors = [relative_error(a, n) for a, n in zip(analytic, numeric, strict=True)]
    L = net.n_layers
    return GradientCheck(errors[0:2 * L:2], errors[1:2 * L:2], max(errors), errors[2 * L:])
