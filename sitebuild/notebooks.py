"""Lab notebooks: run each one at build time, cache the executed copy, serve it.

mkdocs-jupyter turns ``.ipynb`` files under ``docs/`` into pages, and could
execute them itself, but its execution lets a failing cell build green
(``allow_errors`` defaults to true), has no time limit, and its cache knows
nothing of the library the notebooks import. So the site configures it with
``execute: false`` and this module does the running, the way
:mod:`sitebuild.runner` runs snippets:

- each notebook runs top to bottom in a fresh ``python3`` kernel (nbclient),
  from the project root, with the snippets' environment (``PYTHONHASHSEED=0``,
  single-threaded BLAS) and the inline matplotlib backend, so that figures
  become image outputs;
- the notebook has a time limit, like a snippet (each cell may use what the
  cells before it left); an error or running out of time fails the build
  with the notebook, the cell and the exception;
- the executed notebook is cached under a content hash of the notebook's code
  cells and kernel (:func:`code_source`; Markdown cells are left out, as
  jupyter-cache does) and of everything a snippet result depends on
  (:func:`sitebuild.cache.environment_digest`), plus this module and the
  versions of the Jupyter machinery; an unchanged notebook is not run again;
- the notebook's page is then rendered from the notebook as it is with the
  outputs of that run (:func:`rendered_copy`): :func:`use_executed` points
  the page's file at it.

Nothing is written into ``docs/``. Executed copies carry no timestamps (cell
timing is not recorded), so two runs give the same file.
"""

import hashlib
import importlib.metadata
import json
import logging
import math
import os
import re
import shutil
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from sitebuild import cache as cache_module
from sitebuild import runner, sandbox

#: Folder holding the engine package, importable by the kernels.
_ENGINE_ROOT = str(Path(__file__).resolve().parent.parent)

#: Kernel every notebook runs in.
KERNEL = "python3"

#: Environment of the kernel: the snippets' (fixed hash seed, one BLAS
#: thread), except for matplotlib's backend. Under Agg, ``plt.show()`` would
#: draw nothing into the notebook; the inline backend renders each figure to
#: a PNG output, itself without a display.
KERNEL_ENVIRONMENT = {
    **runner.SNIPPET_ENVIRONMENT,
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
}

#: Options of the kernel: figures as double-resolution PNG images (shown at
#: their normal size), sharp on high-density screens.
KERNEL_ARGUMENTS = ("--InlineBackend.figure_formats=retina",)

#: Distributions whose version changes how a notebook runs or what it stores.
DEPENDENCIES = ("nbclient", "nbformat", "ipykernel", "ipython", "jupyter_client",
                "matplotlib-inline")

#: nbclient's logger. Its lines ("Executing notebook", "Timeout waiting for
#: execute reply") would clutter the build log, which reports every failure itself.
_QUIET = logging.getLogger(__name__ + ".nbclient")
_QUIET.setLevel(logging.CRITICAL)

#: Terminal colour codes in IPython's tracebacks, removed for the build log.
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass(frozen=True)
class Notebook:
    """One notebook page.

    Attributes
    ----------
    name : str
        Path under ``docs/``: ``"labs/backprop.ipynb"``.
    path : Path
        Absolute path of the source file.
    """

    name: str
    path: Path


@dataclass
class NotebookResult:
    """A successful run, fresh or from the cache.

    Attributes
    ----------
    notebook : Notebook
    entry : Path
        Cache entry folder.
    seconds : float
        Run time of the run that produced the entry.
    cached : bool
        True when this build reused the entry.
    cells : int
        Code cells executed.
    """

    notebook: Notebook
    entry: Path
    seconds: float
    cached: bool
    cells: int

    @property
    def executed(self):
        """Path of the executed copy (same file name as the source)."""
        return self.entry / self.notebook.name


@dataclass
class NotebookFailure:
    """A notebook that raised, timed out or lost its kernel.

    Attributes
    ----------
    notebook : Notebook
    type : str
        Exception name, e.g. ``"ZeroDivisionError"`` or ``"CellTimeoutError"``.
    message : str
    cell : int or None
        Position of the failing cell in the notebook, counting from 1 and
        counting Markdown cells too (None if no cell was running).
    code_cell : int or None
        Which code cell it is, counting from 1: ``In [n]`` after a run in Jupyter.
    source : str
        The failing cell's code.
    traceback : str
        IPython's traceback, without colour codes.
    """

    notebook: Notebook
    type: str
    message: str
    cell: int | None = None
    code_cell: int | None = None
    source: str = ""
    traceback: str = ""

    @property
    def where(self):
        """``docs/labs/x.ipynb, cell 7 (In [4])``."""
        text = f"docs/{self.notebook.name}"
        if self.cell is not None:
            text += f", cell {self.cell}"
            if self.code_cell is not None:
                text += f" (In [{self.code_cell}])"
        return text

    def describe(self):
        """Several lines for the build log: where, what, the cell and the traceback."""
        text = f"{self.where}: {self.type}: {self.message}"
        # IPython's traceback quotes the failing lines; without one (a
        # timeout), the cell itself shows where the notebook was.
        if self.source and not self.traceback:
            text += "\n" + _indent("\n".join(
                f"{i:3d} | {line}" for i, line in enumerate(self.source.splitlines(), 1)))
        if self.traceback:
            text += "\n" + _indent(self.traceback.rstrip())
        return text


class NotebookError(Exception):
    """One or more notebooks failed; ``str()`` names each notebook, cell and exception."""

    def __init__(self, failures):
        self.failures = list(failures)
        count = len(self.failures)
        header = f"{count} notebook{'s' if count != 1 else ''} failed:"
        super().__init__("\n".join([header] + [f.describe() for f in self.failures]))


def find(files, docs_dir):
    """The notebook pages among the site's files.

    A notebook is a page only when mkdocs-jupyter made it one (its
    ``include`` patterns); any other ``.ipynb`` stays a plain file and is
    not run.

    Parameters
    ----------
    files : mkdocs.structure.files.Files
    docs_dir : str

    Returns
    -------
    list of Notebook
        Sorted by name.
    """
    found = []
    for file in files:
        if file.src_uri.endswith(".ipynb") and file.is_documentation_page():
            path = Path(file.abs_src_path or Path(docs_dir) / file.src_uri)
            found.append(Notebook(file.src_uri, path.resolve()))
    return sorted(found, key=lambda n: n.name)


def environment_digest(environment):
    """Extend the snippets' environment digest with what only notebooks depend on.

    Parameters
    ----------
    environment : str
        :func:`sitebuild.cache.environment_digest` of the project.

    Returns
    -------
    str
    """
    h = hashlib.sha256(f"notebooks\n{environment}\n".encode())
    for dist in DEPENDENCIES:
        try:
            version = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            version = "absent"
        h.update(f"{dist} {version}\n".encode())
    h.update(Path(__file__).read_bytes())
    h.update(json.dumps([KERNEL_ENVIRONMENT, KERNEL_ARGUMENTS], sort_keys=True).encode())
    return h.hexdigest()


def run_notebooks(notebooks, root, cache, environment, *, timeout=120.0, refresh=False,
                  logger=None):
    """Bring every notebook's executed copy up to date: reuse the cache, run the rest.

    Notebooks run one at a time (each in its own kernel process).

    Parameters
    ----------
    notebooks : list of Notebook
    root : path-like
        Project root: the kernels' working directory.
    cache : sitebuild.cache.Cache
    environment : str
        :func:`sitebuild.cache.environment_digest` of the project.
    timeout : float
        The snippets' CPU-time limit; a notebook may take
        :data:`sitebuild.runner.WALL_FACTOR` times that in wall-clock time,
        from the start of its kernel.
    refresh : bool
        Run every notebook even if its entry exists, and replace the entry.
    logger : logging.Logger, optional
        Receives progress lines.

    Returns
    -------
    results : dict
        ``{notebook.name: NotebookResult}`` for the notebooks that ran cleanly.
    failures : list of NotebookFailure
    """
    logger = logger or runner.log
    root = Path(root).resolve()
    environment = environment_digest(environment)
    results, failures, todo = {}, [], []
    for notebook in notebooks:
        key = cache_module.snippet_key(environment, f"docs/{notebook.name}",
                                       code_source(notebook.path))
        outcome = runner.lookup(cache, key, root, refresh, f"docs/{notebook.name}", logger)
        if outcome is None:
            todo.append((notebook, key))
        else:
            entry, meta = outcome
            results[notebook.name] = NotebookResult(notebook, entry, meta["seconds"], True,
                                                    meta["cells"])
    if results:
        logger.info("%d of %d notebooks from cache", len(results), len(notebooks))
    for done, (notebook, key) in enumerate(todo, start=len(results) + 1):
        outcome = _run_one(notebook, key, root, cache, timeout * runner.WALL_FACTOR)
        if isinstance(outcome, NotebookResult):
            results[notebook.name] = outcome
            logger.info("notebook %d/%d done (%s, %d cells, %.1f s)", done, len(notebooks),
                        notebook.name, outcome.cells, outcome.seconds)
        else:
            failures.append(outcome)
            logger.info("notebook %d/%d done (%s FAILED)", done, len(notebooks), notebook.name)
    order = {n.name: i for i, n in enumerate(notebooks)}
    results = dict(sorted(results.items(), key=lambda item: order[item[0]]))
    return results, failures


class Background:
    """:func:`run_notebooks` in a thread, so that notebooks run while the snippets do.

    Each notebook's work happens in its kernel, a separate process; the
    thread only waits for it.

    Parameters
    ----------
    *args, **kwargs
        Those of :func:`run_notebooks`.
    """

    def __init__(self, *args, **kwargs):
        self._outcome = None
        self._error = None
        self.started = time.perf_counter()
        self._thread = threading.Thread(target=self._work, args=args, kwargs=kwargs,
                                        name="notebooks", daemon=True)
        self._thread.start()

    def _work(self, *args, **kwargs):
        try:
            self._outcome = run_notebooks(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            self._error = exc

    def wait(self):
        """Block until every notebook is done; return ``(results, failures)``."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._outcome


def code_source(path):
    """What a notebook's result depends on, of the notebook itself: code cells and kernel.

    As jupyter-cache does, the Markdown cells and the metadata are left out,
    so a typo fixed in the prose does not run the notebook again.

    Returns
    -------
    bytes
        The file itself when it is not a readable notebook (its run will say why).
    """
    try:
        nb = json.loads(path.read_bytes())
        code = ["".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                for cell in nb["cells"] if cell.get("cell_type") == "code"]
        kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name")
    except (ValueError, KeyError, TypeError, AttributeError):
        return path.read_bytes()
    return json.dumps({"code": code, "kernel": kernel}).encode()


def rendered_copy(result, folder):
    """The notebook as it is now, with the outputs of its cached run.

    The run's code cells are the notebook's (they make its key), so outputs
    go across one to one; Markdown cells and metadata come from the notebook
    as it is. Written once under ``folder``, named by its contents.

    Returns
    -------
    Path
    """
    current = json.loads(result.notebook.path.read_bytes())
    executed = json.loads(result.executed.read_bytes())
    ran = iter(cell for cell in executed["cells"] if cell["cell_type"] == "code")
    for cell in current["cells"]:
        if cell.get("cell_type") == "code":
            run = next(ran)
            cell["outputs"], cell["execution_count"] = run["outputs"], run["execution_count"]
    for name in ("language_info",):
        if name in executed.get("metadata", {}):
            current.setdefault("metadata", {})[name] = executed["metadata"][name]
    text = json.dumps(current, indent=1, sort_keys=True, ensure_ascii=False).encode()
    digest = hashlib.sha256(text).hexdigest()[:32]
    # Under its path in docs/: mkdocs-jupyter's include patterns match on it.
    target = Path(folder) / digest / result.notebook.name
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".tmp{os.getpid()}")
        tmp.write_bytes(text)
        os.replace(tmp, target)
    return target


def use_executed(files, results, folder):
    """Point each notebook page's file at its executed copy, for mkdocs-jupyter to render.

    Parameters
    ----------
    files : mkdocs.structure.files.Files
    results : dict
        From :func:`run_notebooks`.
    folder : path-like
        Where the rendered copies (:func:`rendered_copy`) are kept.
    """
    for name, result in results.items():
        file = files.get_file_from_path(name)
        if file is not None:
            file.abs_src_path = str(rendered_copy(result, folder))


def summary(snippet_results, snippet_failures, results, failures):
    """The end-of-build table: every snippet and notebook, its run time and where it came from.

    Parameters
    ----------
    snippet_results, snippet_failures
        From :func:`sitebuild.runner.run_snippets`.
    results, failures
        From :func:`run_notebooks`.

    Returns
    -------
    str
    """
    rows = [(name, f"{r.seconds:.2f}", "cached" if r.cached else "ran")
            for name, r in {**snippet_results, **results}.items()]
    rows += [(f.snippet.name, "-", "FAILED") for f in snippet_failures]
    rows += [(f.notebook.name, "-", "FAILED") for f in failures]
    rows.sort(key=lambda row: (row[0].endswith(".ipynb"), row[0]))
    width = max([len("snippet or notebook")] + [len(row[0]) for row in rows])
    lines = [f"{'snippet or notebook':<{width}}  {'seconds':>7}  result"]
    lines += [f"{name:<{width}}  {seconds:>7}  {status}" for name, seconds, status in rows]
    return "\n".join(lines)


def times_page(snippet_results, results):
    """Markdown of the published run-time page: every snippet and lab, slowest first.

    Parameters
    ----------
    snippet_results, results
        Successful snippet and notebook results of the build.

    Returns
    -------
    str
    """
    rows = sorted([(r.seconds, name, "snippet", f"snippets/{name}.py")
                   for name, r in snippet_results.items()]
                  + [(r.seconds, name, "lab", f"docs/{name}")
                     for name, r in results.items()], key=lambda row: (-row[0], row[1]))
    total = sum(row[0] for row in rows)
    # The times change from one clean build to the next: the page stays out of
    # the search index, which is then the same for two builds of the same sources.
    lines = [
        "---",
        "search:",
        "  exclude: true",
        "---",
        "",
        "# Run times",
        "",
        "How long each snippet and lab notebook took to run, alone in its process, in the "
        "run that produced the results this site shows (a result reused from the cache "
        f"keeps the time of its run). {len(rows)} in all, {total:.0f} s together. "
        "Times vary from run to run and machine to machine.",
        "",
        "| seconds | kind | file |",
        "|--:|---|---|",
    ]
    lines += [f"| {seconds:.2f} | {kind} | `{file}` |" for seconds, _, kind, file in rows]
    return "\n".join(lines) + "\n"


# -- one run -------------------------------------------------------------------


def _run_one(notebook, key, root, cache, timeout):
    workspace = cache.new_workspace()
    try:
        outcome = _execute(notebook, root, workspace, timeout)
    except BaseException:
        cache.discard(workspace)
        raise
    if isinstance(outcome, NotebookFailure):
        cache.discard(workspace)
        return outcome
    seconds, cells = outcome
    meta = {"notebook": f"docs/{notebook.name}", "seconds": round(seconds, 3), "cells": cells}
    entry = runner.store(cache, key, root, workspace, meta, [])
    return NotebookResult(notebook, entry, meta["seconds"], False, cells)


def _execute(notebook, root, workspace, timeout):
    """Run ``notebook`` into ``workspace``; return ``(seconds, code cells)`` or a failure."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    try:
        nb = nbformat.read(notebook.path, as_version=4)
    except Exception as exc:  # noqa: BLE001 - nbformat raises many kinds
        return NotebookFailure(notebook, type(exc).__name__,
                               f"not a readable notebook: {exc}")
    running = {"index": None, "left": {}}
    last = max((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), default=None)

    def on_cell_execute(cell, cell_index):
        running["index"] = cell_index

    def on_cell_executed(cell, cell_index, execute_reply):
        if cell_index != last:
            return
        # The kernel's session, after the last cell: anything in it but the
        # kernel was started by a cell and not waited for.
        provisioner = client.km.provisioner
        group, kernel = getattr(provisioner, "pgid", None), getattr(provisioner, "pid", None)
        if group:
            running["left"] = {pid: command for pid, command in sandbox.members(group).items()
                               if pid != kernel}
            for pid in running["left"]:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass

    def time_left(cell):
        # nbclient limits each cell; what this cell may use is what the
        # notebook has left.
        return max(1, math.ceil(deadline - time.monotonic()))

    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        extra_arguments=[*KERNEL_ARGUMENTS, _guard_argument(root)],
        timeout_func=time_left,
        allow_errors=False,
        record_timing=False,
        shutdown_kernel="immediate",
        on_cell_execute=on_cell_execute,
        on_cell_executed=on_cell_executed,
        log=_QUIET,
        resources={"metadata": {"path": str(root)}},
    )
    # The kernel's own warnings would interleave with the build log: keep
    # them, and show them only if the kernel dies.
    kernel_log = workspace / "kernel.log"
    start = time.perf_counter()
    deadline = time.monotonic() + timeout
    with open(kernel_log, "wb") as log_file:
        try:
            client.execute(cwd=str(root), env=_kernel_environment(root),
                           stdout=log_file, stderr=log_file)
            message = runner.leftover_failure("a cell", running["left"])
            if message:
                return _failure(notebook, nb, running["index"], "ProcessLeftRunning", message)
        except CellTimeoutError:
            _cancel_pending_tasks()
            return _failure(notebook, nb, running["index"], "CellTimeoutError",
                            f"the notebook ran longer than {timeout:g} s")
        except CellExecutionError as exc:
            return _failure(notebook, nb, running["index"], exc.ename, exc.evalue,
                            _error_traceback(nb, running["index"]))
        except DeadKernelError as exc:
            _cancel_pending_tasks()
            log_file.flush()
            tail = "\n".join(kernel_log.read_text(errors="replace").splitlines()[-20:])
            return _failure(notebook, nb, running["index"], "DeadKernelError",
                            f"the kernel died ({exc})", tail)
    seconds = time.perf_counter() - start
    kernel_log.unlink()
    target = workspace / notebook.name
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    cells = sum(cell.cell_type == "code" and bool(cell.source.strip()) for cell in nb.cells)
    return seconds, cells


def _cancel_pending_tasks():
    """Cancel what nbclient left waiting on the kernel after a timeout.

    Left alone, the tasks would be garbage-collected pending, and asyncio
    would print "Task was destroyed but it is pending!" into the build log.
    """
    import asyncio

    try:
        loop = asyncio.get_event_loop()
    except RuntimeError:
        return
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending and not loop.is_running():
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))


def _guard_argument(root):
    """Kernel option that runs :func:`sitebuild.sandbox.enter` before the first cell."""
    call = (f"__import__('sitebuild.sandbox').sandbox.enter({str(root)!r}, (), "
            f"{os.getpid()})")
    return f"--IPKernelApp.exec_lines={json.dumps([call])}"


def _kernel_environment(root):
    # The project root first on the path: the library being edited is the one
    # imported, as for snippets. The engine next, for the guard.
    python_path = os.pathsep.join(filter(None, [str(root), _ENGINE_ROOT,
                                                os.environ.get("PYTHONPATH")]))
    return {**os.environ, **KERNEL_ENVIRONMENT, "PYTHONPATH": python_path}


def _failure(notebook, nb, index, kind, message, traceback=""):
    cell = code_cell = None
    source = ""
    if index is not None:
        cell = index + 1
        code_cell = sum(c.cell_type == "code" and bool(c.source.strip())
                        for c in nb.cells[:index + 1])
        source = nb.cells[index].source
    return NotebookFailure(notebook, kind, message, cell, code_cell, source,
                           _ANSI.sub("", traceback))


def _error_traceback(nb, index):
    if index is None:
        return ""
    for output in nb.cells[index].get("outputs", []):
        if output.get("output_type") == "error":
            return "\n".join(output.get("traceback", []))
    return ""


def _indent(text, prefix="    "):
    return "\n".join(prefix + line for line in text.splitlines())


def discard_site_copy(site_dir, name):
    """Remove a failed notebook's page from a ``--dirty`` site, so none is served stale."""
    page = Path(site_dir) / Path(name).with_suffix("")
    shutil.rmtree(page, ignore_errors=True)
