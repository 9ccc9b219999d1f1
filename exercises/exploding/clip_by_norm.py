"""Exercise clip_by_norm (The exploding gradient): fill in clip_by_norm().

Check your answer from the root of the repository:

    python -m exercises check clip_by_norm
"""

import numpy as np


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
    raise NotImplementedError("the norm of all the gradients together, then one scale for all")
