"""Run many snippets: each in its own process, in parallel, with a time limit.

Every snippet runs in a fresh process forked from a multiprocessing
*forkserver* that has already imported numpy, matplotlib and scikit-learn
(:mod:`sitebuild.preload`), so a run starts in milliseconds instead of paying
about a second of imports. The library under documentation is imported fresh by
each run. Results come from :class:`sitebuild.cache.Cache` when the snippet's
key is already there; a run that fails or times out stores nothing.
"""

import json
import logging
import multiprocessing
import multiprocessing.connection
import multiprocessing.forkserver
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from sitebuild import cache as cache_module
from sitebuild import sandbox

log = logging.getLogger(__name__)

#: Extra seconds past the time limit before a stuck process is killed (the
#: snippet is first interrupted inside Python, which names the line).
KILL_GRACE = 10.0

#: A job's wall-clock limit, as a multiple of its CPU-time limit. The CPU
#: limit is what catches a runaway computation; this one catches a job that
#: waits forever, and is wide so that a busy machine, where a job gets a
#: fraction of a core, never fails a build.
WALL_FACTOR = 5.0

#: Environment every snippet runs with: a fixed hash seed (set iteration
#: order), the non-interactive backend (``plt.show()`` does nothing), and
#: single-threaded BLAS. The snippets already run in parallel, one per core;
#: BLAS threads on top would compete for the same cores (and on the guide's
#: small matrices make even a lone run slower). One thread also makes the
#: results independent of the machine's core count.
SNIPPET_ENVIRONMENT = {
    "PYTHONHASHSEED": "0",
    "MPLBACKEND": "Agg",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


@dataclass(frozen=True)
class Snippet:
    """One snippet file.

    Attributes
    ----------
    name : str
        Path under the snippets folder without ``.py``: ``"gradients/descent"``.
    path : Path
        Absolute path of the file.
    rel : str
        Path relative to the project root: ``"snippets/gradients/descent.py"``.
    """

    name: str
    path: Path
    rel: str


@dataclass
class Result:
    """A successful run, fresh or from the cache.

    Attributes
    ----------
    snippet : Snippet
    entry : Path
        Cache entry folder holding the run's files.
    seconds : float
        Run time of the run that produced the entry.
    cached : bool
        True when this build reused the entry.
    figures : list of str
        Figure labels, in the order the figures were created.
    too_large : dict
        Variables left out of :attr:`values` for their size, with the reason.
    """

    snippet: Snippet
    entry: Path
    seconds: float
    cached: bool
    figures: list = field(default_factory=list)
    too_large: dict = field(default_factory=dict)

    def figure_path(self, label):
        """Path of the SVG file of figure ``label``."""
        return self.entry / "figures" / f"{label}.svg"

    @cached_property
    def values(self):
        """Top-level JSON-able variables, ``{name: value}``."""
        with open(self.entry / "values.json", encoding="utf-8") as f:
            return json.load(f)

    @cached_property
    def stdout(self):
        """Everything the snippet printed."""
        return (self.entry / "stdout.txt").read_text(encoding="utf-8")


@dataclass
class Failure:
    """A run that raised, timed out or died.

    Attributes
    ----------
    snippet : Snippet
    type : str
        Exception class name, e.g. ``"ValueError"``.
    message : str
    line : int or None
        Line in the snippet file where the error passed last.
    source_line : str
        The text of that line.
    traceback : str
        Traceback from the snippet's first frame on.
    stdout_tail : str
        Last lines the snippet printed before failing.
    stderr_tail : str
        Last lines it wrote to standard error.
    """

    snippet: Snippet
    type: str
    message: str
    line: int | None = None
    source_line: str = ""
    traceback: str = ""
    stdout_tail: str = ""
    stderr_tail: str = ""

    @property
    def where(self):
        """``snippets/x/y.py, line 12`` (or just the path if the line is unknown)."""
        if self.line is None:
            return self.snippet.rel
        return f"{self.snippet.rel}, line {self.line}"

    def describe(self):
        """Several lines for a build log: where, what, the line, the traceback."""
        text = f"{self.where}: {self.type}: {self.message}"
        if self.source_line:
            text += f"\n    {self.line} | {self.source_line}"
        if self.traceback:
            text += "\n" + _indent(self.traceback.rstrip())
        if self.stdout_tail:
            text += "\n  last output:\n" + _indent(self.stdout_tail.rstrip())
        if self.stderr_tail:
            text += "\n  standard error:\n" + _indent(self.stderr_tail.rstrip())
        return text


class SnippetError(Exception):
    """One or more snippets failed; ``str()`` names each file, line and exception."""

    def __init__(self, failures):
        self.failures = list(failures)
        count = len(self.failures)
        header = f"{count} snippet{'s' if count != 1 else ''} failed:"
        super().__init__("\n".join([header] + [f.describe() for f in self.failures]))


def discover(root, folder="snippets"):
    """Find the snippets under ``root/folder``.

    Files and folders whose name starts with ``_`` are helpers, not
    snippets, and are skipped.

    Parameters
    ----------
    root : path-like
        Project root.
    folder : str
        Snippets folder relative to ``root``.

    Returns
    -------
    list of Snippet
        Sorted by name.
    """
    root = Path(root).resolve()
    base = root / folder
    found = []
    for path in sorted(base.rglob("*.py")) if base.is_dir() else []:
        relative = path.relative_to(base)
        if any(part.startswith(("_", ".")) for part in relative.parts):
            continue
        found.append(
            Snippet(
                name=relative.with_suffix("").as_posix(),
                path=path,
                rel=path.relative_to(root).as_posix(),
            )
        )
    return found


def run_snippets(snippets, root, cache, environment, *, jobs=None, timeout=120.0,
                 refresh=False, logger=None):
    """Bring every snippet's result up to date: reuse the cache, run the rest.

    Parameters
    ----------
    snippets : list of Snippet
    root : path-like
        Project root (working directory of the runs).
    cache : sitebuild.cache.Cache
    environment : str
        :func:`sitebuild.cache.environment_digest` of the project.
    jobs : int, optional
        Processes at a time; default: the number of usable cores.
    timeout : float
        Seconds of CPU time allowed per snippet; the wall-clock limit is
        :data:`WALL_FACTOR` times that.
    refresh : bool
        Run every snippet even if its entry exists, and replace the entry.
    logger : logging.Logger, optional
        Receives progress lines.

    Returns
    -------
    results : dict
        ``{snippet.name: Result}`` for the snippets that succeeded.
    failures : list of Failure
    """
    logger = logger or log
    root = Path(root).resolve()
    jobs = jobs or len(os.sched_getaffinity(0))
    swept = cache.sweep()
    if swept:
        logger.info("removed %d workspace(s) left by builds that stopped: %s",
                    len(swept), ", ".join(swept))
    results, todo = {}, []
    for snippet in snippets:
        source_key = cache_module.snippet_key(environment, snippet.rel,
                                              snippet.path.read_bytes())
        outcome = lookup(cache, source_key, root, refresh, snippet.rel, logger)
        if outcome is None:
            todo.append((snippet, source_key))
        else:
            entry, meta = outcome
            results[snippet.name] = Result(snippet, entry, meta["seconds"], True,
                                           meta["figures"], meta["too_large"])
    if results:
        logger.info("%d of %d from cache", len(results), len(snippets))
    if not todo:
        return results, []

    timings = cache.read_timings()
    # Longest first, so that the last process to finish is a short one.
    todo.sort(key=lambda item: -timings.get(item[0].name, float("inf")))
    fresh, failures = _run_all(todo, root, cache, jobs, timeout, logger,
                               len(snippets) - len(todo), len(snippets))
    for result in fresh:
        timings[result.snippet.name] = round(result.seconds, 3)
        results[result.snippet.name] = result
    cache.write_timings(timings)
    order = {s.name: i for i, s in enumerate(snippets)}
    results = dict(sorted(results.items(), key=lambda item: order[item[0]]))
    failures.sort(key=lambda f: order[f.snippet.name])
    return results, failures


def lookup(cache, source_key, root, refresh, what, logger):
    """The verified entry of a job, as ``(entry, meta)``, or None when it must run.

    A damaged entry (a file missing or changed since it was stored) is
    removed, and the log says so.
    """
    if refresh:
        return None
    key = cache.job_key(source_key, root)
    if key is None:
        return None
    entry, meta, problem = cache.lookup(key)
    if problem is not None:
        logger.info("%s: the cached result is damaged (%s); running it again", what, problem)
        cache.remove(key)
        return None
    if entry is None:
        return None
    return entry, meta


def store(cache, source_key, root, workspace, meta, imports):
    """Commit a successful run's workspace under the key its imports give; return the entry."""
    cache.record_imports(source_key, imports)
    key = cache_module.import_key(source_key, root, imports)
    cache.remove(key)  # a refresh, or an entry found damaged
    return cache.commit(workspace, key, meta)


def leftover_failure(job, processes):
    """The message for a job that left processes running, or None."""
    if not processes:
        return None
    listed = "; ".join(f"pid {pid}: {command or '?'}" for pid, command in
                       sorted(processes.items()))
    return (f"it left {len(processes)} process(es) running, killed now ({listed}); "
            f"wait for every process {job} starts (os.waitpid, subprocess.run)")


@dataclass
class _Running:
    snippet: Snippet
    key: str
    process: multiprocessing.Process
    conn: multiprocessing.connection.Connection
    workspace: Path
    started: float
    report: dict | None = None


def _run_all(todo, root, cache, jobs, timeout, logger, done, total):
    context = _worker_context()
    wall = timeout * WALL_FACTOR
    results, failures = [], []
    pending = list(todo)
    running = []
    while pending or running:
        while pending and len(running) < jobs:
            snippet, key = pending.pop(0)
            running.append(_start(context, snippet, key, root, cache, timeout, wall))
        now = time.monotonic()
        deadline = min(r.started + wall + KILL_GRACE for r in running)
        waitables = [r.conn for r in running if r.report is None]
        waitables += [r.process.sentinel for r in running]
        multiprocessing.connection.wait(waitables, timeout=max(0.0, deadline - now))
        for r in list(running):
            if r.report is None and r.conn.poll():
                try:
                    r.report = r.conn.recv()
                except EOFError:
                    r.report = {}
            if r.process.is_alive():
                if time.monotonic() < r.started + wall + KILL_GRACE:
                    continue
                sandbox.kill_group(r.process.pid)
                r.process.kill()
                r.report = r.report or {"type": "SnippetTimeout", "message": (
                    f"the snippet ran longer than {wall:g} s and was killed "
                    "(stuck outside Python code, so no line is known)")}
            r.process.join()
            r.conn.close()
            running.remove(r)
            # The snippet's session: whatever is still in it was started by
            # the snippet and not waited for.
            left = sandbox.kill_group(r.process.pid)
            message = leftover_failure("the snippet", left)
            if message and (r.report or {}).get("ok"):
                r.report = {"type": "ProcessLeftRunning", "message": message}
            outcome = _finish(r, cache, root)
            done += 1
            if isinstance(outcome, Result):
                results.append(outcome)
                logger.info("%d/%d done (%s, %.1f s)", done, total,
                            r.snippet.name, outcome.seconds)
            else:
                failures.append(outcome)
                logger.info("%d/%d done (%s FAILED)", done, total, r.snippet.name)
    return results, failures


def _start(context, snippet, key, root, cache, timeout, wall):
    # Imported here: it imports numpy, which a build with every result
    # cached never needs.
    from sitebuild import execute

    workspace = cache.new_workspace()
    receive, send = context.Pipe(duplex=False)
    process = context.Process(
        target=execute.run,
        args=(str(snippet.path), str(root), str(workspace), timeout, send, wall,
              os.getpid()),
        name=f"snippet {snippet.name}",
        daemon=True,
    )
    process.start()
    send.close()
    return _Running(snippet, key, process, receive, workspace, time.monotonic())


def _finish(running, cache, root):
    report = running.report or {}
    snippet = running.snippet
    if report.get("ok"):
        stderr = (running.workspace / "stderr.txt").read_text(errors="replace")
        if stderr.strip():
            log.info("%s wrote to stderr:\n%s", snippet.name, _indent(stderr.rstrip()))
        meta = {"snippet": snippet.rel, "seconds": round(report["seconds"], 3),
                "figures": report["figures"], "too_large": report["too_large"],
                "imports": report["imports"]}
        entry = store(cache, running.key, root, running.workspace, meta, report["imports"])
        return Result(snippet, entry, meta["seconds"], False, meta["figures"],
                      meta["too_large"])
    for stream in ("stdout", "stderr"):
        if not report.get(f"{stream}_tail"):
            try:
                text = (running.workspace / f"{stream}.txt").read_text(errors="replace")
            except OSError:
                text = ""
            report = {**report, f"{stream}_tail": "\n".join(text.splitlines()[-20:])}
    cache.discard(running.workspace)
    if "type" not in report:
        report = {"type": "WorkerDied",
                  "message": f"the process ended with exit code {running.process.exitcode} "
                             "before reporting (crashed or killed)"}
    return Failure(snippet, report["type"], report["message"], report.get("line"),
                   report.get("source_line", ""), report.get("traceback", ""),
                   report.get("stdout_tail", ""), report.get("stderr_tail", ""))


def _worker_context():
    """The forkserver context, its server started with the snippet environment."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["sitebuild.preload"])
    # The server process inherits the environment it starts with, and every
    # snippet process is forked from it: PYTHONHASHSEED only takes effect at
    # interpreter start, so it must be set here, not in the child. The server
    # must import this package, and Python 3.11 ignores the sys.path that
    # multiprocessing hands it: PYTHONPATH says where the package is.
    engine_root = str(Path(__file__).resolve().parent.parent)
    python_path = os.pathsep.join(filter(None, [engine_root, os.environ.get("PYTHONPATH")]))
    with _environment({**SNIPPET_ENVIRONMENT, "PYTHONPATH": python_path,
                       "SITEBUILD_FORKSERVER": "1"}):
        multiprocessing.forkserver.ensure_running()
    return context


@contextmanager
def _environment(variables):
    saved = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _indent(text, prefix="    "):
    return "\n".join(prefix + line for line in text.splitlines())
