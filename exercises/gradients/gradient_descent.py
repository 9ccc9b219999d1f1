"""Exercise gradient_descent (Gradients): fill in gradient_descent().

Check your answer from the root of the repository:

    python -m exercises check gradient_descent
"""

import numpy as np


def gradient_descent(gradient, w0, learning_rate, steps):
    """The path of gradient descent from ``w0``.

    Parameters
    ----------
    gradient : callable
        ``gradient(w)`` returns the gradient of the cost at ``w``, an array
        of the shape of ``w``.
    w0 : ndarray of shape (n,)
        The start.
    learning_rate : float
        ``eta``.
    steps : int
        Number of steps.

    Returns
    -------
    ndarray of shape (steps + 1, n)
        The start and the point after each step: ``w <- w - eta * gradient(w)``.
    """
    raise NotImplementedError("a list of points, one step at a time")
