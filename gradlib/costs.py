"""Cost functions: how far the network's output is from the target.

A cost gives, for each example, one number measuring the difference between
the output ``A`` and the target ``Y``; the network's cost is the mean over
the batch.  It also gives ``delta`` at the output layer, the gradient of the
per-example cost with respect to the output's weighted input ``Z`` (BP1).
Arrays are ``(n_samples, n_outputs)``.  The ``--8<--`` comments mark the
lines the guide's pages show.
"""

import numpy as np

from .activations import Activation
from .numerics import logsumexp, softplus


class Cost:
    """A per-example cost ``C(a, y)`` and its output-layer ``delta``."""

    name = ""

    def check_output(self, output: Activation):
        """Raise ``ValueError`` if this cost cannot be used with ``output`` units."""

    def value(self, Z, A, Y, output):
        """Per-example cost, shape ``(n_samples,)``.

        Parameters
        ----------
        Z, A : ndarray of shape (n_samples, n_outputs)
            Weighted input and activation of the output layer.
        Y : ndarray of shape (n_samples, n_outputs)
            Targets.
        output : Activation
            The output layer's activation.
        """
        raise NotImplementedError

    def delta(self, Z, A, Y, output):
        """``dC_x/dZ`` at the output layer for each example (BP1).

        Returns
        -------
        ndarray of shape (n_samples, n_outputs)
        """
        raise NotImplementedError

    def __repr__(self):
        return f"{type(self).__name__}()"


class Quadratic(Cost):
    r"""The quadratic cost :math:`C_x = \tfrac12 \lVert a - y \rVert^2`.

    Notes
    -----
    :math:`\delta^L = (a - y) \odot \sigma'(z^L)`: the factor :math:`\sigma'(z)`
    makes a saturated sigmoid output learn slowly even when it is badly wrong.
    """

    name = "quadratic"

    # --8<-- [start:quadratic]
    def value(self, Z, A, Y, output):
        D = A - Y
        return 0.5 * np.einsum("ij,ij->i", D, D)

    def delta(self, Z, A, Y, output):
        return output.backprop(Z, A, A - Y)
    # --8<-- [end:quadratic]


class CrossEntropy(Cost):
    r"""Cross-entropy: binary for sigmoid outputs, categorical for softmax.

    Notes
    -----
    Sigmoid outputs:
    :math:`C_x = -\sum_j [y_j \ln a_j + (1 - y_j) \ln(1 - a_j)]`.
    Softmax outputs: :math:`C_x = -\sum_j y_j \ln a_j`.

    Both are computed from :math:`z` (as :math:`\mathrm{softplus}(z) - yz`,
    and :math:`\mathrm{logsumexp}(z) - y \cdot z`), so no logarithm of zero
    is ever taken.  For both, the derivative of the output activation cancels
    and :math:`\delta^L = a - y`: no :math:`\sigma'(z)` slowdown.
    """

    name = "cross_entropy"

    def check_output(self, output):
        if output.name not in ("sigmoid", "softmax"):
            raise ValueError(
                "cost='cross_entropy' needs output='sigmoid' or output='softmax', "
                f"got output={output.name!r}"
            )

    # --8<-- [start:cross_entropy]
    def value(self, Z, A, Y, output):
        if output.name == "softmax":
            return logsumexp(Z, axis=1) * Y.sum(axis=1) - np.einsum("ij,ij->i", Y, Z)
        return (softplus(Z) - Y * Z).sum(axis=1)

    def delta(self, Z, A, Y, output):
        return A - Y
    # --8<-- [end:cross_entropy]


#: Costs by name.
COSTS = {c.name: c for c in (Quadratic(), CrossEntropy())}
