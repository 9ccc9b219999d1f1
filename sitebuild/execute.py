"""Run one snippet inside a worker process and store what it produced.

This module runs in the child process that :mod:`sitebuild.runner` starts for
each snippet. The child runs the file as ``__main__`` with the Agg backend,
from the project root (so matplotlib reads the shared ``matplotlibrc``, as
when a learner runs ``python snippets/<section>/<name>.py``), then writes into
a fresh output folder:

- ``figures/<label>.svg`` for every figure still open at the end,
- ``stdout.txt``, everything the snippet printed,
- ``values.json``, its JSON-able top-level variables (see :mod:`sitebuild.values`),

and reports success or the failing line back through a pipe.
"""

import io
import json
import os
import random
import re
import runpy
import signal
import sys
import time
import traceback
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from sitebuild import values

#: Salt for SVG element ids when the project's matplotlibrc sets none: without
#: one, matplotlib salts them with a random UUID and figures differ per build.
DEFAULT_HASHSALT = "sitebuild"

#: What a figure label may contain: it becomes a file name and part of a URL.
LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")


class SnippetTimeout(TimeoutError):
    """Raised inside the snippet when it runs past its time limit."""


def run(path, root, out_dir, timeout, conn):
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
        Seconds after which the snippet is interrupted with
        :class:`SnippetTimeout` (the parent kills the process a little later
        if the snippet is stuck in C code).
    conn : multiprocessing.connection.Connection
        Receives one dict: ``{"ok": True, "seconds", "figures", "too_large",
        "stderr"}`` or
        ``{"ok": False, "type", "message", "line", "source_line", "traceback",
        "stdout_tail"}``.
    """
    try:
        report = _run(Path(path), Path(root), Path(out_dir), timeout)
    except BaseException as exc:  # noqa: BLE001 - report, rather than die silently
        report = {"ok": False, "type": f"engine error, {type(exc).__name__}",
                  "message": str(exc), "traceback": traceback.format_exc()}
    conn.send(report)
    conn.close()


def _run(path, root, out_dir, timeout):
    _prepare_process(path, root)
    plt = _reset_matplotlib(root)
    stdout, stderr = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    signal.signal(signal.SIGALRM, _raise_timeout(timeout))
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        with redirect_stdout(stdout), redirect_stderr(stderr):
            namespace = runpy.run_path(str(path), run_name="__main__")
    except SystemExit as exc:
        signal.setitimer(signal.ITIMER_REAL, 0)
        if exc.code not in (None, 0):
            return _failure(exc, path, stdout)
        namespace = {}
    except BaseException as exc:  # noqa: BLE001 - any error is the snippet's to report
        signal.setitimer(signal.ITIMER_REAL, 0)
        return _failure(exc, path, stdout)
    signal.setitimer(signal.ITIMER_REAL, 0)

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
                stdout,
            )
        # Date is the only varying SVG metadata; with a fixed hash salt the
        # file is byte-identical from one build to the next.
        figure.savefig(figures_dir / f"{label}.svg", format="svg", metadata={"Date": None})
        labels.append(label)
    plt.close("all")
    seconds = time.perf_counter() - start

    (out_dir / "stdout.txt").write_text(stdout.getvalue(), encoding="utf-8")
    kept, too_large = values.collect(namespace)
    with open(out_dir / "values.json", "w", encoding="utf-8") as f:
        json.dump(kept, f, indent=1)
    return {"ok": True, "seconds": seconds, "figures": labels, "too_large": too_large,
            "stderr": stderr.getvalue()}


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


def _raise_timeout(timeout):
    def handler(signum, frame):
        raise SnippetTimeout(f"the snippet ran longer than {timeout:g} s")

    return handler


def _failure(exc, path, stdout):
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
        "stdout_tail": "\n".join(stdout.getvalue().splitlines()[-20:]),
    }
