"""What the checkers share: load a reader's file, call its function, say what is wrong.

A checker raises :class:`Wrong` with a sentence a learner can act on (which
array, which entry, what was expected); :func:`run` turns that, or any
exception the reader's code raised, into the report that
``python -m exercises check`` prints.
"""

import importlib.util
import traceback
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent


class Wrong(Exception):
    """The reader's answer is wrong; the message says how."""


class NotWritten(Exception):
    """The reader's function still raises NotImplementedError."""


@dataclass
class Exercise:
    """One coding exercise: the function to write and the checker of it."""

    name: str
    section: str
    function: str
    checker: object  # callable(function) -> list of str, what passed

    @property
    def starter(self):
        """The file the reader fills in."""
        return ROOT / self.section / f"{self.name}.py"

    @property
    def solution(self):
        """The worked solution."""
        return ROOT / self.section / "solutions" / f"{self.name}.py"


def load(path, function):
    """Import the file at ``path`` and return its ``function``; Wrong if it cannot."""
    path = Path(path)
    if not path.is_file():
        raise Wrong(f"there is no file {path}")
    spec = importlib.util.spec_from_file_location(f"_exercise_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        raise Wrong(f"{path} does not parse, line {exc.lineno}: {exc.msg}") from None
    except Exception as exc:  # the reader's module-level code failed
        raise Wrong(f"{path} fails when imported: {_where(exc, path)}") from None
    found = getattr(module, function, None)
    if not callable(found):
        raise Wrong(f"{path} has no function {function}(); keep its name as in the starter")
    return found


def call(function, *args, **kwargs):
    """Call the reader's function; its exceptions become a report naming their line."""
    try:
        return function(*args, **kwargs)
    except NotImplementedError as exc:
        raise NotWritten(str(exc)) from None
    except Exception as exc:
        raise Wrong(f"{function.__name__}() raised {_where(exc, function.__code__.co_filename)}"
                    ) from None


def _where(exc, filename):
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if Path(f.filename) == Path(filename)]
    line = f" (line {frames[-1].lineno}: {frames[-1].line.strip()})" if frames else ""
    return f"{type(exc).__name__}: {exc}{line}"


def expect_shape(got, shape, what):
    """Return ``got`` as an array of numbers of the given shape, or raise Wrong."""
    if got is None:
        raise Wrong(f"{what} is None: does your function end with a return statement?")
    if isinstance(got, (list, tuple)) or np.isscalar(got):
        got_array = np.asarray(got)
        if got_array.dtype == object:
            raise Wrong(f"{what} should be a numpy array, got a {type(got).__name__}")
        got = got_array
    if not isinstance(got, np.ndarray):
        raise Wrong(f"{what} should be a numpy array, got {type(got).__name__}")
    if got.shape != tuple(shape):
        raise Wrong(f"{what} has shape {got.shape}, expected {tuple(shape)}")
    if not np.issubdtype(got.dtype, np.number):
        raise Wrong(f"{what} has dtype {got.dtype}, expected numbers")
    return got


def expect_array(got, expected, what, *, rtol=1e-6, atol=1e-9, against="the expected",
                 mistakes=None):
    """Raise Wrong unless ``got`` is an array of ``expected``'s shape and values.

    Parameters
    ----------
    got : object
        The reader's result.
    expected : ndarray
    what : str
        How the message names it: ``"your delta for layer 2"``.
    rtol, atol : float
        Tolerance, as in ``numpy.allclose``.
    against : str
        What the message names as the right answer: ``"backprop's"``.
    mistakes : dict, optional
        ``{explanation: wrong array}``: known wrong answers; when ``got``
        matches one, the message adds its explanation.
    """
    got = expect_shape(got, expected.shape, what)
    if not np.all(np.isfinite(got)):
        first = tuple(np.argwhere(~np.isfinite(got))[0])
        raise Wrong(f"{what} holds {got[first]} at {_index(first)}")
    difference = np.abs(got - expected)
    off = difference > atol + rtol * np.abs(expected)
    if not off.any():
        return
    worst = np.unravel_index(np.argmax(difference), got.shape) if got.ndim else ()
    message = (f"{what} differs from {against} at {_index(worst)}: {got[worst]:.6g} "
               f"instead of {expected[worst]:.6g} ({int(off.sum())} of {off.size} entries "
               f"off; largest difference {difference.max():.1e})")
    for explanation, wrong in (mistakes or {}).items():
        if np.allclose(got, wrong, rtol=rtol, atol=atol):
            message += f". {explanation}"
            break
    raise Wrong(message)


def _index(index):
    return "[" + ", ".join(str(int(i)) for i in index) + "]"


def run(exercise, path=None):
    """Check the file at ``path`` (the starter by default).

    Returns
    -------
    ok : bool
    report : str
        What passed, or what is wrong.
    """
    path = Path(path) if path else exercise.starter
    try:
        function = load(path, exercise.function)
        passed = exercise.checker(function)
    except NotWritten as exc:
        detail = f" ({exc})" if str(exc) else ""
        return False, (f"FAIL {exercise.name}: {exercise.function}() in {_shown(path)} is not "
                       f"written yet: it raises NotImplementedError{detail}. Replace that line "
                       "with your code.")
    except Wrong as exc:
        return False, f"FAIL {exercise.name}: {exc}"
    lines = [f"PASS {exercise.name}: {_shown(path)}"] + [f"  ok  {p}" for p in passed]
    return True, "\n".join(lines)


def _shown(path):
    # Relative to the repository root, where the reader runs the checks.
    try:
        return str(Path(path).resolve().relative_to(ROOT.parent))
    except ValueError:
        return str(path)
