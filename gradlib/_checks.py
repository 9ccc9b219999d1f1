"""Input checks shared by the public functions: each failure says what was expected and got."""

import numbers

import numpy as np


def choice(kind, name, options):
    """Look ``name`` up in the registry ``options``, or list the valid names."""
    if not isinstance(name, str) or name not in options:
        valid = ", ".join(repr(k) for k in options)
        raise ValueError(f"unknown {kind} {name!r}; expected one of {valid}")
    return options[name]


def rng_from(seed):
    """A ``numpy.random.Generator`` from an int seed, or the generator itself."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool) and seed >= 0:
        return np.random.default_rng(int(seed))
    raise ValueError(
        f"seed must be a non-negative int or a numpy.random.Generator, got {seed!r}"
    )


def positive(name, value, integer=False, allow_zero=False):
    """Check a positive (or non-negative) scalar hyper-parameter and return it."""
    kind = numbers.Integral if integer else numbers.Real
    ok = isinstance(value, kind) and not isinstance(value, bool) and np.isfinite(value)
    if ok:
        ok = value >= 0 if allow_zero else value > 0
    if not ok:
        what = "int" if integer else "number"
        sign = "non-negative" if allow_zero else "positive"
        raise ValueError(f"{name} must be a {sign} {what}, got {value!r}")
    return value


def matrix(name, X, n_columns, dtype, what="features", owner="the network"):
    """Return ``X`` as a finite 2-D array of ``dtype`` with ``n_columns`` columns.

    Real numbers only: floats, ints and bools (``True`` is 1), which convert
    exactly.  Complex numbers (whose imaginary part would be dropped),
    strings (which numpy would parse) and objects raise ``ValueError``.

    ``owner`` names what expects the columns in the error message
    (``"the network"``, ``"the RBM"``).

    Converting to the network's dtype is deliberate: a float64 batch fed to a
    float32 network would otherwise turn every product into float64.
    """
    try:
        arr = np.asarray(X)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be an array of numbers with one shape, got "
                         f"{type(X).__name__} that numpy cannot convert: {exc}") from None
    real(name, arr)
    arr = arr.astype(dtype, copy=False)
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D with shape (n_samples, {n_columns}), "
            f"got an array of shape {arr.shape}"
        )
    if arr.shape[1] != n_columns:
        raise ValueError(
            f"{name} has {arr.shape[1]} {what}, but {owner} expects {n_columns}"
        )
    if arr.shape[0] == 0:
        raise ValueError(f"{name} has no rows; expected at least one sample")
    bad = ~np.isfinite(arr)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise ValueError(
            f"{name} contains NaN or infinite values; expected finite numbers, got "
            f"{arr[i, j]} at row {i}, column {j} ({int(bad.sum())} such entries)")
    return arr


def real(name, arr):
    """Raise ``ValueError`` unless ``arr`` holds real numbers (float, int or bool dtype)."""
    if arr.dtype.kind not in "biuf":
        raise ValueError(
            f"{name} must be an array of numbers (real: float, int or bool), "
            f"got dtype {arr.dtype}")


def callback(name, f):
    """Raise ``TypeError`` unless ``f`` is ``None`` or callable, before any work is done."""
    if f is not None and not callable(f):
        raise TypeError(f"{name} must be a callable or None, got {f!r}")
    return f


def flag(name, value):
    """Return ``value`` if it is a bool (Python or numpy); anything else is refused.

    A non-empty string such as ``"no"`` would otherwise switch a feature on.
    """
    if not isinstance(value, bool | np.bool_):
        raise ValueError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def fraction(name, value):
    """Check a number in [0, 1) (a momentum, a corruption probability) and return it."""
    positive(name, value, allow_zero=True)
    if value >= 1:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return value


def same_rows(X_name, X, Y_name, Y):
    """Check that inputs and targets have one row per sample each."""
    if X.shape[0] != Y.shape[0]:
        raise ValueError(
            f"{X_name} has {X.shape[0]} samples but {Y_name} has {Y.shape[0]}; "
            "expected one target row per input row"
        )


def float_dtype(dtype):
    """Return ``dtype`` as a numpy dtype if it is float32 or float64."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    # Not ``dt in (...)``: a numpy dtype compares equal to None (as float64).
    if dt is None or dt.type not in (np.float32, np.float64):
        raise ValueError(f"dtype must be numpy.float32 or numpy.float64, got {dtype!r}")
    return dt


def unit_interval(name, X, why=""):
    """Raise ``ValueError`` unless every entry of ``X`` lies in [0, 1]; ``why`` names the need."""
    lo, hi = X.min(), X.max()
    if lo < 0 or hi > 1:
        why = f" {why}" if why else ""
        raise ValueError(f"{name} must lie in [0, 1]{why}, got values in [{lo:g}, {hi:g}]")


def layer_sizes(sizes):
    """Return ``sizes`` as a list of at least two positive int layer widths."""
    try:
        sizes = list(sizes)
    except TypeError:
        raise ValueError(f"sizes must be a list of layer widths, got {sizes!r}") from None
    if len(sizes) < 2:
        raise ValueError(
            f"sizes must list at least two layer widths (input and output), got {sizes!r}"
        )
    for s in sizes:
        if not isinstance(s, int | np.integer) or isinstance(s, bool) or s <= 0:
            raise ValueError(f"layer widths must be positive ints, got {s!r} in sizes={sizes!r}")
    return [int(s) for s in sizes]
