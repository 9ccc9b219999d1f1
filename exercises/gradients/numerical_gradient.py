"""Exercise numerical_gradient (Gradients): fill in numerical_gradient().

Check your answer from the root of the repository:

    python -m exercises check numerical_gradient
"""

import numpy as np


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
    raise NotImplementedError("one central difference per entry of w")
