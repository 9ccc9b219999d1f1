r"""The numerically stable functions every model shares.

One definition each of the logistic function, softplus, log-sum-exp and the
row softmax, so that the activations, the costs, the RBM, the autoencoder,
the sparse encoder-decoder and the deep belief net all compute them the same
way, without overflow or warnings for large :math:`|z|`.  Each keeps the dtype of its input.
"""

import numpy as np


def sigmoid(Z, out=None):
    r"""The logistic function :math:`\sigma(z) = 1 / (1 + e^{-z})`, element-wise.

    Parameters
    ----------
    Z : ndarray of any shape
    out : ndarray of the shape and dtype of ``Z``, optional
        Where to write the result; may be ``Z`` itself (in place).

    Returns
    -------
    ndarray of the shape and dtype of ``Z``, values in [0, 1]

    Notes
    -----
    Computed as :math:`\tfrac12 (1 + \tanh(z/2))`, the same function, which
    never overflows: large :math:`|z|` gives 0 or 1 without a warning.
    """
    out = np.multiply(Z, 0.5, out=out)
    np.tanh(out, out=out)
    out += 1.0
    out *= 0.5
    return out


def softplus(Z, out=None):
    r""":math:`\ln(1 + e^z)`, element-wise, as ``np.logaddexp(0, z)`` (never overflows).

    Parameters
    ----------
    Z : ndarray of any shape
    out : ndarray of the shape and dtype of ``Z``, optional

    Returns
    -------
    ndarray of the shape and dtype of ``Z``
    """
    return np.logaddexp(0.0, Z, out=out)


def logsumexp(A, axis=None):
    r""":math:`\ln \sum_i e^{a_i}` over ``axis`` (all entries when ``None``), without overflow.

    Parameters
    ----------
    A : ndarray of finite numbers
    axis : int, optional

    Returns
    -------
    ndarray, or a numpy scalar when ``axis`` is ``None``
        ``A`` reduced over ``axis``, in ``A``'s dtype.

    Notes
    -----
    :math:`m + \ln \sum_i e^{a_i - m}` with :math:`m = \max_i a_i`, so the
    largest exponential is :math:`e^0 = 1`.  An infinite entry gives NaN,
    which is how a diverging cost shows.
    """
    # The ufuncs' own reductions: the same sums as np.max and np.sum, less overhead.
    top = np.maximum.reduce(A, axis=axis, keepdims=True)
    total = np.exp(A - top)
    total = np.log(np.add.reduce(total, axis=axis, keepdims=True))
    total += top
    return total.reshape(())[()] if axis is None else total.squeeze(axis)


def softmax(Z):
    r"""The softmax of each row, :math:`a_j = e^{z_j} / \sum_k e^{z_k}`, without overflow.

    Parameters
    ----------
    Z : ndarray of shape (n_samples, n_units)

    Returns
    -------
    ndarray of the shape and dtype of ``Z``
        Rows of positive numbers summing to 1.

    Notes
    -----
    The row maximum is subtracted before exponentiating, which changes nothing
    mathematically and keeps the largest exponential at :math:`e^0 = 1`.
    """
    A = Z - Z.max(axis=1, keepdims=True)
    np.exp(A, out=A)
    A /= A.sum(axis=1, keepdims=True)
    return A
