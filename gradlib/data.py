"""The 8x8 handwritten digits that scikit-learn ships, ready for a network.

The 1797 images (UCI "optical recognition of handwritten digits", 8x8 pixels
with 17 grey levels) live inside the scikit-learn package, so loading them
needs no download.
"""

from dataclasses import dataclass

import numpy as np

from . import _checks


@dataclass
class Digits:
    """A train/test split of the digits.

    Attributes
    ----------
    X_train, X_test : ndarray of shape (n, 64)
        Pixel intensities scaled to [0, 1], rows are images read row by row.
    Y_train, Y_test : ndarray of shape (n, 10)
        One-hot targets.
    y_train, y_test : ndarray of shape (n,)
        Class labels 0-9.
    """

    X_train: np.ndarray
    Y_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray
    y_test: np.ndarray


def one_hot(labels, n_classes=10, dtype=np.float64):
    """One-hot rows for integer class labels.

    Parameters
    ----------
    labels : array_like of int, shape (n_samples,)
        Values in ``[0, n_classes)``; bools are refused.
    n_classes : int, default 10
        A positive int.
    dtype : numpy float dtype, default numpy.float64
        ``float32`` or ``float64``, like every array a network takes.

    Returns
    -------
    ndarray of shape (n_samples, n_classes)
    """
    _checks.positive("n_classes", n_classes, integer=True)
    dtype = _checks.float_dtype(dtype)
    labels = np.asarray(labels)
    if labels.shape == (0,):
        labels = labels.astype(np.int64)         # [] is a float array to numpy
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(
            f"labels must be a 1-D array of ints, got shape {labels.shape} "
            f"and dtype {labels.dtype}"
        )
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(
            f"labels must lie in [0, {n_classes - 1}], got values in "
            f"[{labels.min()}, {labels.max()}]"
        )
    Y = np.zeros((labels.size, n_classes), dtype=dtype)
    Y[np.arange(labels.size), labels] = 1
    return Y


def load_digits(test_size=450, seed=0, dtype=np.float64):
    """Load the bundled digits, scaled to [0, 1], split into train and test.

    Parameters
    ----------
    test_size : int, default 450
        Number of test images (a quarter of the 1797, rounded); the rest train.
    seed : int or numpy.random.Generator, default 0
        Source of the shuffle before the split: the same seed, the same split.
    dtype : numpy float dtype, default numpy.float64
        ``float32`` or ``float64``: the pixels are fractions, which an
        integer dtype would truncate.

    Returns
    -------
    Digits
    """
    try:
        from sklearn.datasets import load_digits as _sklearn_digits
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            "load_digits needs scikit-learn, which ships the data: "
            "pip install 'gradlib[data]'"
        ) from None
    _checks.positive("test_size", test_size, integer=True)
    dtype = _checks.float_dtype(dtype)
    data = _sklearn_digits()
    n = data.target.size
    if test_size >= n:
        raise ValueError(f"test_size must be below the {n} images, got {test_size}")
    # Grey levels run from 0 to 16.
    X = (data.data / 16.0).astype(dtype)
    y = data.target.astype(np.int64)
    order = _checks.rng_from(seed).permutation(n)
    train, test = order[test_size:], order[:test_size]
    return Digits(
        X_train=X[train], Y_train=one_hot(y[train], dtype=dtype), y_train=y[train],
        X_test=X[test], Y_test=one_hot(y[test], dtype=dtype), y_test=y[test],
    )
