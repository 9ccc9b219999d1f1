"""Lab notebooks: run each one at build time, cache the executed copy, serve it.

mkdocs-jupyter turns ``.ipynb`` files under ``docs/`` into pages, and could
execute them itself, but its execution lets a failing cell build green
(``allow_errors`` defaults to true), has no time limit, and its cache knows
nothing of the library the notebooks import. So the site configures it with
``execute: false``, and a notebook is one more job for the scheduler
(:mod:`sitebuild.runner`), beside the snippets. This module is what is
particular to notebooks:

- :func:`run`, in the job's worker process, runs the notebook top to bottom
  in a fresh ``python3`` kernel (nbclient),
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
import time
from pathlib import Path

from sitebuild import jobs, runner, sandbox

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
    list of sitebuild.jobs.Job
        Sorted by name.
    """
    found = []
    for file in files:
        if file.src_uri.endswith(".ipynb") and file.is_documentation_page():
            path = Path(file.abs_src_path or Path(docs_dir) / file.src_uri)
            found.append(jobs.notebook(file.src_uri, path))
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
    current = json.loads(result.job.path.read_bytes())
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
    target = Path(folder) / digest / result.job.name
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


# -- one run -------------------------------------------------------------------


def run(path, root, out_dir, timeout, conn, wall, build_pid, name):
    """Run one notebook inside a worker process of :mod:`sitebuild.runner`.

    Writes the executed copy to ``out_dir/<name>`` and sends one report
    dict through ``conn``: ``{"ok": True, "seconds", "cells"}`` or a
    failure (``type``, ``message``, ``cell``, ``code_cell``,
    ``cell_source``, ``traceback``). ``timeout`` is the snippets' CPU
    limit; a notebook has ``wall`` seconds of wall-clock time. The process
    is guarded by :func:`sitebuild.sandbox.enter`, and so is its kernel,
    which dies with this process.
    """
    sandbox.enter(root, [out_dir], build_pid)
    try:
        report = _execute(Path(path), name, Path(root), Path(out_dir), wall)
    except BaseException as exc:  # noqa: BLE001 - report, rather than die silently
        import traceback as traceback_module

        report = {"ok": False, "type": f"engine error, {type(exc).__name__}",
                  "message": str(exc), "traceback": traceback_module.format_exc()}
    conn.send(report)
    conn.close()


def _execute(path, name, root, workspace, timeout):
    """Run notebook ``path`` into ``workspace``; return the report dict."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # noqa: BLE001 - nbformat raises many kinds
        return {"ok": False, "type": type(exc).__name__,
                "message": f"not a readable notebook: {exc}"}
    running = {"index": None, "left": {}}
    last = max((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), default=None)

    def on_cell_execute(cell, cell_index):
        running["index"] = cell_index
        group = getattr(client.km.provisioner, "pgid", None)
        if group:
            sandbox.adopt(group)  # the kernel's session goes when the build does

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
                return _failure(nb, running["index"], "ProcessLeftRunning", message)
        except CellTimeoutError:
            _cancel_pending_tasks()
            return _failure(nb, running["index"], "CellTimeoutError",
                            f"the notebook ran longer than {timeout:g} s")
        except CellExecutionError as exc:
            return _failure(nb, running["index"], exc.ename, exc.evalue,
                            _error_traceback(nb, running["index"]))
        except DeadKernelError as exc:
            _cancel_pending_tasks()
            log_file.flush()
            tail = "\n".join(kernel_log.read_text(errors="replace").splitlines()[-20:])
            return _failure(nb, running["index"], "DeadKernelError",
                            f"the kernel died ({exc})", tail)
    seconds = time.perf_counter() - start
    kernel_log.unlink()
    target = workspace / name
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    cells = sum(cell.cell_type == "code" and bool(cell.source.strip()) for cell in nb.cells)
    return {"ok": True, "seconds": seconds, "cells": cells}


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
    """Kernel option that runs :func:`sitebuild.sandbox.enter` before the first cell.

    The kernel watches this process (the notebook's worker): when it goes,
    however it goes, the kernel's session is killed.
    """
    call = (f"__import__('sitebuild.sandbox').sandbox.enter({str(root)!r}, (), "
            f"{os.getpid()})")
    return f"--IPKernelApp.exec_lines={json.dumps([call])}"


def _kernel_environment(root):
    # The project root first on the path: the library being edited is the one
    # imported, as for snippets. The engine next, for the guard.
    python_path = os.pathsep.join(filter(None, [str(root), _ENGINE_ROOT,
                                                os.environ.get("PYTHONPATH")]))
    return {**os.environ, **KERNEL_ENVIRONMENT, "PYTHONPATH": python_path}


def _failure(nb, index, kind, message, traceback=""):
    report = {"ok": False, "type": kind, "message": message,
              "traceback": _ANSI.sub("", traceback)}
    if index is not None:
        report["cell"] = index + 1
        report["code_cell"] = sum(c.cell_type == "code" and bool(c.source.strip())
                                  for c in nb.cells[:index + 1])
        report["cell_source"] = nb.cells[index].source
    return report


def _error_traceback(nb, index):
    if index is None:
        return ""
    for output in nb.cells[index].get("outputs", []):
        if output.get("output_type") == "error":
            return "\n".join(output.get("traceback", []))
    return ""


def discard_site_copy(site_dir, name):
    """Remove a failed notebook's page from a ``--dirty`` site, so none is served stale."""
    page = Path(site_dir) / Path(name).with_suffix("")
    shutil.rmtree(page, ignore_errors=True)
