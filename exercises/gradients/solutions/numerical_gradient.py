"""Solution of the exercise numerical_gradient (Gradients)."""

import numpy as np


# --8<-- [start:solution]
def numerical_gradient(f, w, eps=1e-5):
    """The gradient of ``f`` at ``w`` by central differences.

    Parameters
    ----------
    f : callable
        ``f(w)`` returns a float.
    w : ndarray of shape (n,)
        Where to take the gradient. Left as it was on return.
    eps : float
        The step.

    Returns
    -------
    ndarray of shape (n,)
        ``g[i] = (f(w + eps e_i) - f(w - eps e_i)) / (2 eps)``.
    """
    g = np.zeros_like(w, dtype=float)
    for i in range(w.size):
        kept = w[i]
        w[i] = kept + eps
        up = f(w)
        w[i] = kept - eps
        down = f(w)
        w[i] = kept  # put it back, or every later entry is taken at a moved point
        g[i] = (up - down) / (2 * eps)
    return g
# --8<-- [end:solution]
