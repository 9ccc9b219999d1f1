"""Solution of the exercise clip_by_norm (The exploding gradient)."""

import numpy as np


# --8<-- [start:solution]
def clip_by_norm(grads, max_norm):
    """Scale a list of gradient arrays down so that their joint norm is at most ``max_norm``.

    Parameters
    ----------
    grads : list of ndarray
        Gradients of any shapes; left unchanged.
    max_norm : float

    Returns
    -------
    list of ndarray
        The same shapes. If ``||g|| = sqrt(sum of every squared entry)``
        exceeds ``max_norm``, every array times ``max_norm / ||g||``;
        otherwise copies of ``grads``.
    """
    norm = np.sqrt(sum(float(np.sum(g**2)) for g in grads))
    scale = max_norm / norm if norm > max_norm else 1.0
    return [g * scale for g in grads]
# --8<-- [end:solution]
