"""Activation functions and the derivatives backprop needs.

Each activation maps weighted inputs ``Z`` to activations ``A = f(Z)`` and,
in the backward pass, turns the gradient with respect to ``A`` into the
gradient with respect to ``Z``.  For the element-wise functions that is a
product with ``f'(Z)``; softmax couples the units of a row, so it has its own
rule.  All arrays are row-major batches of shape ``(n_samples, n_units)``.
"""

import numpy as np

from .numerics import sigmoid, softmax


class Activation:
    """An element-wise activation function ``a = f(z)``.

    Subclasses implement :meth:`forward` and :meth:`derivative`;
    :meth:`backprop` is the chain rule that the backward pass uses.
    """

    name = ""

    def forward(self, Z):
        """Return ``f(Z)``, an array of the shape and dtype of ``Z``."""
        raise NotImplementedError

    def derivative(self, Z, A):
        """Return ``f'(Z)`` element-wise; ``A = f(Z)`` is passed to save work."""
        raise NotImplementedError

    def backprop(self, Z, A, grad_A):
        """Gradient with respect to ``Z`` given the gradient with respect to ``A``.

        Parameters
        ----------
        Z, A : ndarray of shape (n_samples, n_units)
            Weighted inputs and activations of the layer.
        grad_A : ndarray of shape (n_samples, n_units)
            ``dC/dA``.  It may be overwritten.

        Returns
        -------
        ndarray of shape (n_samples, n_units)
            ``dC/dZ = dC/dA * f'(Z)``.
        """
        grad_A *= self.derivative(Z, A)
        return grad_A

    def __repr__(self):
        return f"{type(self).__name__}()"


class Sigmoid(Activation):
    r"""The logistic function :math:`\sigma(z) = 1 / (1 + e^{-z})`.

    Notes
    -----
    Computed as :math:`\tfrac12 (1 + \tanh(z/2))`, which is the same function
    but never overflows, so large :math:`|z|` gives 0 or 1 without warnings.
    The derivative is :math:`\sigma'(z) = \sigma(z)(1 - \sigma(z)) \le 1/4`.
    """

    name = "sigmoid"

    def forward(self, Z):
        return sigmoid(Z)

    # The --8<-- comments mark the lines that the backpropagation page shows.
    # --8<-- [start:sigmoid]
    def derivative(self, Z, A):
        return A * (1.0 - A)

    def backprop(self, Z, A, grad_A):
        grad_A *= A
        grad_A *= 1.0 - A
        return grad_A
    # --8<-- [end:sigmoid]


class Tanh(Activation):
    r"""The hyperbolic tangent; :math:`\tanh'(z) = 1 - \tanh^2(z)`."""

    name = "tanh"

    def forward(self, Z):
        return np.tanh(Z)

    def derivative(self, Z, A):
        return 1.0 - A * A


class ReLU(Activation):
    r"""The rectifier :math:`\max(0, z)`; its derivative is 1 for :math:`z > 0`, else 0."""

    name = "relu"

    def forward(self, Z):
        return np.maximum(Z, 0.0)

    def derivative(self, Z, A):
        return (Z > 0).astype(Z.dtype)

    def backprop(self, Z, A, grad_A):
        grad_A[Z <= 0] = 0.0
        return grad_A


class LeakyReLU(Activation):
    r"""The leaky rectifier: :math:`z` for :math:`z > 0`, else ``slope`` times :math:`z`.

    Parameters
    ----------
    slope : float, default 0.01
        The slope for negative inputs, so that no unit's gradient is ever
        exactly zero.
    """

    name = "leaky_relu"

    def __init__(self, slope=0.01):
        self.slope = slope

    def forward(self, Z):
        return np.where(Z > 0, Z, Z * self.slope)

    def derivative(self, Z, A):
        return np.where(Z > 0, 1.0, self.slope).astype(Z.dtype)

    def __repr__(self):
        return f"LeakyReLU(slope={self.slope})"


class Identity(Activation):
    """The identity ``f(z) = z``: a linear unit."""

    name = "identity"

    def forward(self, Z):
        return Z.copy()

    def derivative(self, Z, A):
        return np.ones_like(Z)

    def backprop(self, Z, A, grad_A):
        return grad_A


class Softmax(Activation):
    r"""The softmax of each row: :math:`a_j = e^{z_j} / \sum_k e^{z_k}`.

    Notes
    -----
    The row maximum is subtracted before exponentiating, which changes nothing
    mathematically and prevents overflow.  Softmax is not element-wise: its
    Jacobian is :math:`\partial a_j / \partial z_k = a_j(\delta_{jk} - a_k)`,
    so the backward rule is
    :math:`\partial C/\partial z_k = a_k (g_k - \sum_j a_j g_j)` with
    :math:`g = \partial C / \partial a`.
    """

    name = "softmax"

    def forward(self, Z):
        return softmax(Z)

    def derivative(self, Z, A):
        raise TypeError("softmax is not element-wise; use backprop()")

    def backprop(self, Z, A, grad_A):
        return A * (grad_A - np.sum(A * grad_A, axis=1, keepdims=True))


#: Activations allowed in hidden layers, by name.
ACTIVATIONS = {a.name: a for a in (Sigmoid(), Tanh(), ReLU(), LeakyReLU(), Identity())}

#: Activations allowed in the output layer, by name.
OUTPUTS = {a.name: a for a in (Sigmoid(), Softmax(), Identity())}
