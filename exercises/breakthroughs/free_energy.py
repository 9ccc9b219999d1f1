"""Exercise free_energy (The 2006 breakthroughs): fill in free_energy().

Check your answer from the root of the repository:

    python -m exercises check free_energy
"""

import numpy as np


def free_energy(V, W, b_visible, b_hidden):
    """The free energy of each row of ``V`` under an RBM.

    Parameters
    ----------
    V : ndarray of shape (n_samples, n_visible)
    W : ndarray of shape (n_visible, n_hidden)
    b_visible : ndarray of shape (n_visible,)
    b_hidden : ndarray of shape (n_hidden,)

    Returns
    -------
    ndarray of shape (n_samples,)
        ``F(v) = -b_v . v - sum_j ln(1 + exp(b_h,j + (v W)_j))``, finite even
        when ``b_h + v W`` reaches 1000.
    """
    raise NotImplementedError("the free energy, without overflow")
