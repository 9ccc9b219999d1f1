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
#: Largest number of scalars kept per variable (an array or nested list): a
#: table of 100 x 100 numbers. Larger arrays are data, not numbers for a page,
#: and every build that quotes the snippet would parse them.
MAX_ELEMENTS = 10_000
#: Largest number of scalars kept per snippet, all variables together.
MAX_TOTAL = 100_000


class _Skip(Exception):
    """Raised while converting a value that cannot be stored."""


class _TooLarge(_Skip):
    """Raised while converting a value with more scalars than allowed."""


def collect(namespace):
    """Return the JSON-able top-level variables of a finished snippet.

    Parameters
    ----------
    namespace : dict
        The snippet's globals after it ran.

    Returns
    -------
    kept : dict
        Variable name to plain Python value (numbers, bools, strings, lists,
        dicts with string keys), in definition order. Names starting with
        ``_``, modules, functions, classes and values that do not convert are
        left out.
    too_large : dict
        Variable name to the reason it was left out, for plain data that
        exceeds :data:`MAX_ELEMENTS` or would take the snippet past
        :data:`MAX_TOTAL`; a page that asks for one is told why.
    """
    kept, too_large, left = {}, {}, MAX_TOTAL
    for name, value in namespace.items():
        if name.startswith("_") or isinstance(value, types.ModuleType | type):
            continue
        if callable(value):
            continue
        # Single numbers always fit: only containers count toward the total,
        # so big arrays made early cannot crowd out the results made last.
        container = isinstance(value, list | tuple | dict | np.ndarray)
        allowed = min(MAX_ELEMENTS, left) if container else 1
        budget = [allowed]
        try:
            kept[name] = to_plain(value, budget)
        except _TooLarge:
            too_large[name] = (
                f"it holds more than {MAX_ELEMENTS} numbers" if allowed == MAX_ELEMENTS
                else f"with it the snippet's values would pass {MAX_TOTAL} numbers"
            )
            continue
        except (_Skip, RecursionError):
            continue
        if container:
            left -= allowed - budget[0]
    return kept, too_large


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
        raise _TooLarge
