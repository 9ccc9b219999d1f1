"""Run one snippet inside a worker process and store what it produced.

This module runs in the child process that :mod:`sitebuild.runner` starts for
each snippet. The child runs the file as ``__main__`` with the Agg backend,
from the project root (so matplotlib reads the shared ``matplotlibrc``, as
when a learner runs ``python snippets/<section>/<name>.py``), then writes into
a fresh output folder:

- ``figures/<label>.svg`` for every figure still open at the end,
- ``stdout.txt``, everything the snippet printed: its file descriptor 1 is
  that file, so ``os.write(1, ...)`` and the output of processes it starts
  land there too, in order;
- ``stderr.txt``, likewise for file descriptor 2;
- ``values.json``, its JSON-able top-level variables (see :mod:`sitebuild.values`),

and reports success or the failing line back through a pipe. The process is
guarded by :mod:`sitebuild.sandbox`: its own session, a watchdog on the build,
no writes into the project tree.
"""

import builtins
import io
import json
import os
import random
import re
import signal
import sys
import time
import traceback
import types
from pathlib import Path

from sitebuild import sandbox, values

#: Most bytes a snippet may print (a page shows its output whole): 100 kB,
#: some 1,500 lines. Past it the snippet fails, saying so.
MAX_OUTPUT = 100_000

#: Most bytes of standard error kept; the rest is dropped.
MAX_STDERR = 100_000

#: Salt for SVG element ids when the project's matplotlibrc sets none: without
#: one, matplotlib salts them with a random UUID and figures differ per build.
DEFAULT_HASHSALT = "sitebuild"

#: What a figure label may contain: it becomes a file name and part of a URL.
LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")


class SnippetTimeout(TimeoutError):
    """Raised inside the snippet when it runs past its time limit."""


class OutputTooLarge(RuntimeError):
    """Raised inside the snippet when it prints more than :data:`MAX_OUTPUT` bytes."""


def run(path, root, out_dir, timeout, conn, wall=None, build_pid=None, name=None):
    """Run the snippet at ``path`` and send a report dict through ``conn``.

    Parameters
    ----------
    path : str
        Absolute path of the snippet file.
    root : str
        Project root: the working directory, and where ``matplotlibrc`` and
        the library live.
    out_dir : str
        Empty folder that receives the figures, ``stdout.txt`` and ``values.json``.
    timeout : float
        Seconds of CPU time after which the snippet is interrupted with
        :class:`SnippetTimeout`. CPU time, not wall-clock time: a snippet
        does not run out of time because other work shares the machine.
    conn : multiprocessing.connection.Connection
        Receives one dict: ``{"ok": True, "seconds", "figures", "too_large",
        "imports"}`` or ``{"ok": False, "type", "message", "line",
        "source_line", "traceback", "stdout_tail", "stderr_tail"}``.
    wall : float, optional
        Wall-clock seconds after which the snippet is interrupted all the
        same (it waits, on a lock or a child, instead of computing);
        default ``5 * timeout``. The parent kills the process a little
        later if the snippet is stuck in C code.
    build_pid : int, optional
        The build's process: when it disappears, this process and all it
        started are killed.
    name : str, optional
        The job's name (unused: the snippet is known by its path).
    """
    me = os.getpid()
    try:
        report = _run(Path(path), Path(root), Path(out_dir), timeout,
                      wall or 5 * timeout, build_pid)
    except BaseException as exc:  # noqa: BLE001 - report, rather than die silently
        report = {"ok": False, "type": f"engine error, {type(exc).__name__}",
                  "message": str(exc), "traceback": traceback.format_exc()}
    if os.getpid() != me:
        # A copy made by os.fork() inside the snippet: the original reports.
        os._exit(0)
    conn.send(report)
    conn.close()


def _run(path, root, out_dir, timeout, wall, build_pid):
    stdout, stderr = _capture_output(out_dir)
    sandbox.enter(str(root), [str(out_dir)], build_pid)
    _prepare_process(path, root)
    plt = _reset_matplotlib(root)
    start = time.perf_counter()
    signal.signal(signal.SIGPROF, _raise_timeout(f"used more than {timeout:g} s of CPU time"))
    signal.signal(signal.SIGALRM, _raise_timeout(
        f"ran longer than {wall:g} s (wall clock) without using its {timeout:g} s of "
        "CPU time: it was waiting, not computing"))
    signal.setitimer(signal.ITIMER_PROF, timeout)
    signal.setitimer(signal.ITIMER_REAL, wall)
    main = types.ModuleType("__main__")
    main.__dict__.update(__file__=str(path), __builtins__=builtins, __spec__=None)
    saved_main = sys.modules.get("__main__")
    sys.modules["__main__"] = main
    try:
        code = compile(path.read_bytes(), str(path), "exec")
        exec(code, main.__dict__)  # noqa: S102 - running the snippet is the point
    except SystemExit as exc:
        _stop_timers()
        # sys.exit(0) ends the snippet early but successfully: its values,
        # figures and output so far are kept.
        if exc.code not in (None, 0):
            return _failure(exc, path, out_dir)
    except BaseException as exc:  # noqa: BLE001 - any error is the snippet's to report
        _stop_timers()
        return _failure(exc, path, out_dir)
    finally:
        sys.modules["__main__"] = saved_main
        sys.stdout.flush()
    _stop_timers()
    namespace = main.__dict__
    if stdout.written > MAX_OUTPUT or (out_dir / "stdout.txt").stat().st_size > MAX_OUTPUT:
        return _failure(_too_large(), path, out_dir)

    figures_dir = out_dir / "figures"
    figures_dir.mkdir(parents=True)
    labels = []
    for number in plt.get_fignums():
        figure = plt.figure(number)
        label = figure.get_label() or f"figure-{number}"
        if not LABEL.match(label):
            return _failure(
                ValueError(
                    f"figure label {label!r} cannot name a file: use letters, digits, "
                    "'-', '_' and '.', e.g. plt.subplots(num=\"descent-path\")"
                ),
                path,
                out_dir,
            )
        # Date is the only varying SVG metadata; with a fixed hash salt the
        # file is byte-identical from one build to the next.
        figure.savefig(figures_dir / f"{label}.svg", format="svg", metadata={"Date": None})
        _number_clip_paths(figures_dir / f"{label}.svg")
        labels.append(label)
    plt.close("all")
    seconds = time.perf_counter() - start

    kept, too_large = values.collect(namespace)
    with open(out_dir / "values.json", "w", encoding="utf-8") as f:
        json.dump(kept, f, indent=1)
    return {"ok": True, "seconds": seconds, "figures": labels, "too_large": too_large,
            "imports": project_imports(root)}


#: A clip path id as matplotlib writes it: "p" and 10 hex digits of a hash.
_CLIP_ID = re.compile(rb'\bp[0-9a-f]{10}\b')


def _number_clip_paths(svg):
    """Rename clip paths ``clip1``, ``clip2``, ... in order of first use.

    matplotlib names a clip rectangle by hashing its bounds at full float
    precision, ``str((x, y, w, h))``, but writes the rectangle rounded to six
    decimals. Constrained layout, an iterative solver, can place an axes a
    last bit differently from one process to the next; the drawn figure is
    the same, its ids are not. Numbering the clip paths makes the file depend
    only on what is drawn.
    """
    data = svg.read_bytes()
    names = {}
    for match in _CLIP_ID.finditer(data):
        names.setdefault(match.group(), f"clip{len(names) + 1}".encode())
    if names:
        svg.write_bytes(_CLIP_ID.sub(lambda m: names[m.group()], data))


def project_imports(root, skip=("sitebuild",)):
    """Files of the project that the running code imported: ``[relative path]``.

    The engine's own package is left out (it is part of every key already).
    """
    root = str(Path(root).resolve()) + os.sep
    found = set()
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if not file:
            continue
        file = os.path.realpath(file)
        if file.startswith(root) and file.endswith(".py"):
            rel = Path(file[len(root):]).as_posix()
            if rel.split("/", 1)[0] not in skip:
                found.add(rel)
    return sorted(found)


class _Capped(io.TextIOBase):
    """Text stream onto a file descriptor that counts bytes, and refuses past a limit."""

    def __init__(self, fd, limit, name, fail):
        self._fd, self._limit, self._fail = fd, limit, fail
        self.name = name
        self.written = 0

    encoding = "utf-8"
    errors = "backslashreplace"

    def writable(self):
        return True

    def fileno(self):
        return self._fd

    def isatty(self):
        return False

    def write(self, text):
        data = text.encode("utf-8", "backslashreplace")
        if self.written + len(data) > self._limit:
            if self._fail:
                self.written += len(data)
                raise _too_large()
            data = data[:max(0, self._limit - self.written)]
        self.written += len(data)
        while data:
            data = data[os.write(self._fd, data):]
        return len(text)


def _too_large():
    return OutputTooLarge(
        f"the snippet printed more than {MAX_OUTPUT:,} bytes, more than a page can show: "
        "print a summary (a few rows, a mean), or write the data to a figure"
    )


def _capture_output(out_dir):
    """Point file descriptors 1 and 2 at files in ``out_dir``, and sys.stdout/err at them."""
    streams = []
    for fd, name, limit, fail in ((1, "stdout", MAX_OUTPUT, True),
                                  (2, "stderr", MAX_STDERR, False)):
        target = os.open(out_dir / f"{name}.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(target, fd)
        os.close(target)
        streams.append(_Capped(fd, limit, f"<{name}>", fail))
    sys.stdout, sys.stderr = streams
    return streams


def _stop_timers():
    signal.setitimer(signal.ITIMER_PROF, 0)
    signal.setitimer(signal.ITIMER_REAL, 0)


def _tail(path, lines=20):
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def _prepare_process(path, root):
    os.chdir(root)
    # As `python snippets/x/y.py` would: the snippet's folder first. The
    # project root next, so that the library being edited is the one imported.
    sys.path[:0] = [str(path.parent), str(root)]
    sys.argv = [str(path)]
    # The build watches the library folder; .pyc files appearing there would
    # trigger another rebuild under `mkdocs serve`.
    sys.dont_write_bytecode = True
    # Snippets seed their own generators; seeding the global ones as well
    # keeps a snippet that forgot to deterministic all the same.
    random.seed(0)
    import numpy as np

    np.random.seed(0)  # noqa: NPY002 - deliberately the legacy global state


def _reset_matplotlib(root):
    import matplotlib

    matplotlib.use("Agg")
    rc = root / "matplotlibrc"
    if rc.is_file():
        params = matplotlib.rc_params_from_file(str(rc), use_default_template=True)
    else:
        params = matplotlib.rcParamsDefault.copy()
    # The backend stays Agg whatever the style file says.
    matplotlib.rcParams.update({k: v for k, v in params.items() if k != "backend"})
    if matplotlib.rcParams["svg.hashsalt"] is None:
        matplotlib.rcParams["svg.hashsalt"] = DEFAULT_HASHSALT
    import matplotlib.pyplot as plt

    plt.close("all")
    return plt


def _raise_timeout(what):
    def handler(signum, frame):
        _stop_timers()
        raise SnippetTimeout(f"the snippet {what}")

    return handler


def _failure(exc, path, out_dir):
    """Describe ``exc`` by the innermost line of the snippet it passed through."""
    line = None
    tb = exc.__traceback__
    first_snippet_tb = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(path):
            first_snippet_tb = first_snippet_tb or tb
            line = tb.tb_lineno
        tb = tb.tb_next
    if isinstance(exc, SyntaxError) and exc.filename == str(path):
        line = exc.lineno
    # Show the frames from the snippet's first one on, except this module's
    # own (the time-limit handler): they are not the reader's code.
    frames = [
        frame
        for frame in traceback.extract_tb(first_snippet_tb)
        if frame.filename != __file__
    ]
    shown = ["Traceback (most recent call last):\n"] if frames else []
    shown += traceback.format_list(frames) + traceback.format_exception_only(type(exc), exc)
    source_line = ""
    if line is not None:
        lines = path.read_text(encoding="utf-8").splitlines()
        if 0 < line <= len(lines):
            source_line = lines[line - 1].strip()
    if isinstance(exc, SystemExit):
        message = f"exit status {exc.code}"
    else:
        message = str(exc)
    return {
        "ok": False,
        "type": type(exc).__name__,
        "message": message,
        "line": line,
        "source_line": source_line,
        "traceback": "".join(shown),
        "stdout_tail": _tail(out_dir / "stdout.txt"),
        "stderr_tail": _tail(out_dir / "stderr.txt"),
    }
