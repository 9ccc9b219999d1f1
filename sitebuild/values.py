"""Turn a snippet's top-level variables into JSON that pages can quote.

Only plain data survives: numbers, bools, short strings, and lists, tuples,
dicts and numpy arrays built from them. Everything else (modules, functions,
classes, networks, figures, huge arrays) is left out, so a page can only quote
what a reader could read off a printout.
"""

import numbers
import types

import numpy as np

#: Longest string kept; longer ones are prose or data, not numbers to quote.
MAX_STRING = 1000
#: Largest number of scalars kept per variable (an array or nested list).
MAX_ELEMENTS = 100_000


class _Skip(Exception):
    """Raised while converting a value that cannot be stored."""


def collect(namespace):
    """Return the JSON-able top-level variables of a finished snippet.

    Parameters
    ----------
    namespace : dict
        The snippet's globals after it ran.

    Returns
    -------
    dict
        Variable name to plain Python value (numbers, bools, strings, lists,
        dicts with string keys), in definition order. Names starting with
        ``_``, modules, functions, classes and values that do not convert are
        left out.
    """
    kept = {}
    for name, value in namespace.items():
        if name.startswith("_") or isinstance(value, types.ModuleType | type):
            continue
        if callable(value):
            continue
        try:
            kept[name] = to_plain(value)
        except (_Skip, RecursionError):
            continue
    return kept


def to_plain(value, budget=None):
    """Convert one value to plain JSON data, or raise ``_Skip``.

    Parameters
    ----------
    value : object
        A number, bool, string, numpy scalar or array, or a list, tuple or
        dict of those.
    budget : list of int, optional
        One-element list counting the scalars still allowed; shared across
        the recursion so that nested containers obey :data:`MAX_ELEMENTS`.

    Returns
    -------
    bool, int, float, str, list or dict
    """
    if budget is None:
        budget = [MAX_ELEMENTS]
    if isinstance(value, bool | np.bool_):
        _spend(budget, 1)
        return bool(value)
    if isinstance(value, numbers.Integral):
        _spend(budget, 1)
        return int(value)
    if isinstance(value, numbers.Real):
        _spend(budget, 1)
        return float(value)
    if isinstance(value, str):
        if len(value) > MAX_STRING:
            raise _Skip
        _spend(budget, 1)
        return value
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biuf":
            raise _Skip
        _spend(budget, value.size)
        return value.tolist()
    if isinstance(value, list | tuple):
        return [to_plain(item, budget) for item in value]
    if isinstance(value, dict):
        plain = {}
        for key, item in value.items():
            # JSON keys are strings; an int key is kept as its decimal string
            # and the page syntax looks it up either way.
            if isinstance(key, bool | np.bool_) or not isinstance(key, str | numbers.Integral):
                raise _Skip
            plain[str(key)] = to_plain(item, budget)
        return plain
    raise _Skip


def _spend(budget, n):
    budget[0] -= n
    if budget[0] < 0:
        raise _Skip
