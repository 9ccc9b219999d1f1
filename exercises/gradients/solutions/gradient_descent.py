"""Solution of the exercise gradient_descent (Gradients)."""

import numpy as np


# --8<-- [start:solution]
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
    path = [np.array(w0, dtype=float)]
    for _ in range(steps):
        path.append(path[-1] - learning_rate * gradient(path[-1]))
    return np.array(path)
# --8<-- [end:solution]
