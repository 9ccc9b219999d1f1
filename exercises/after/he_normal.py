"""Exercise he_normal (What came after): fill in he_normal().

Check your answer from the root of the repository:

    python -m exercises check he_normal
"""

import numpy as np


def he_normal(n_in, n_out, rng):
    """He initialisation of one layer of ReLU units.

    Parameters
    ----------
    n_in, n_out : int
        Fan-in and fan-out.
    rng : numpy.random.Generator
        The only source of randomness to use.

    Returns
    -------
    W : ndarray of shape (n_in, n_out)
        Weights drawn from N(0, 2 / n_in).
    b : ndarray of shape (n_out,)
        Zeros.
    """
    raise NotImplementedError("weights from N(0, 2 / n_in), zero biases")
