"""The scheduler: every job (snippet or lab notebook) in its own process, in parallel.

Every job runs in a fresh process forked from a multiprocessing *forkserver*
that has already imported numpy, matplotlib and scikit-learn
(:mod:`sitebuild.preload`), so a run starts in milliseconds instead of paying
about a second of imports. The library under documentation is imported fresh
by each run. A snippet runs inside that process (:func:`sitebuild.execute.run`);
a notebook's process drives its kernel (:func:`sitebuild.notebooks.run`). Both
report through a pipe, and both get the same treatment: results come from
:class:`sitebuild.cache.Cache` when the job's key is already there (and its
files are intact); a run that fails or times out stores nothing; a run that
leaves processes behind fails; as many run at once as there are cores, the
longest first.
"""

import logging
import multiprocessing
import multiprocessing.connection
import multiprocessing.forkserver
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sitebuild import cache as cache_module
from sitebuild import sandbox
from sitebuild.jobs import NOTEBOOK, SNIPPET, Failure, Result, indent

log = logging.getLogger(__name__)

#: Extra seconds past the time limit before a stuck process is killed (the
#: job is first interrupted inside Python, which names the line).
KILL_GRACE = 10.0

#: A job's wall-clock limit, as a multiple of its CPU-time limit. The CPU
#: limit is what catches a runaway computation; this one catches a job that
#: waits forever, and is wide so that a busy machine, where a job gets a
#: fraction of a core, never fails a build.
WALL_FACTOR = 5.0

#: Environment every job runs with: a fixed hash seed (set iteration
#: order), the non-interactive backend (``plt.show()`` does nothing), and
#: single-threaded BLAS. The jobs already run in parallel, one per core;
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


def run(jobs, root, cache, environment, *, processes=None, timeout=120.0, refresh=False,
        logger=None):
    """Bring every job's result up to date: reuse the cache, run the rest.

    Parameters
    ----------
    jobs : list of sitebuild.jobs.Job
    root : path-like
        Project root (working directory of the runs).
    cache : sitebuild.cache.Cache
    environment : str
        :func:`sitebuild.cache.environment_digest` of the project.
    processes : int, optional
        Jobs at a time; default: the number of usable cores.
    timeout : float
        Seconds of CPU time allowed per snippet; the wall-clock limit of
        every job is :data:`WALL_FACTOR` times that.
    refresh : bool
        Run every job even if its entry exists, and replace the entry.
    logger : logging.Logger, optional
        Receives progress lines.

    Returns
    -------
    results : dict
        ``{job.name: Result}`` for the jobs that succeeded, in the order given.
    failures : list of Failure
    """
    logger = logger or log
    root = Path(root).resolve()
    processes = processes or len(os.sched_getaffinity(0))
    swept = cache.sweep()
    if swept:
        logger.info("removed %d workspace(s) left by builds that stopped: %s",
                    len(swept), ", ".join(swept))
    lab_environment = None
    results, todo = {}, []
    for job in jobs:
        if job.kind == NOTEBOOK:
            if lab_environment is None:
                from sitebuild import notebooks

                lab_environment = notebooks.environment_digest(environment)
            digest = lab_environment
        else:
            digest = environment
        source_key = cache_module.snippet_key(digest, job.rel, job.source())
        outcome = lookup(cache, source_key, root, refresh, job.rel, logger)
        if outcome is None:
            todo.append((job, source_key))
        else:
            entry, meta = outcome
            results[job.name] = _result(job, entry, meta, cached=True)
    for kind, words in ((NOTEBOOK, "notebooks from cache"), (SNIPPET, "from cache")):
        cached = sum(r.job.kind == kind for r in results.values())
        if cached:
            logger.info("%d of %d %s", cached, sum(j.kind == kind for j in jobs), words)
    failures = []
    if todo:
        timings = cache.read_timings()
        # Longest first, so that the last process to finish is a short one.
        todo.sort(key=lambda item: -timings.get(item[0].name, float("inf")))
        fresh, failures = _run_all(todo, root, cache, processes, timeout, refresh, logger,
                                   len(jobs) - len(todo), len(jobs))
        for result in fresh:
            timings[result.job.name] = round(result.seconds, 3)
            results[result.job.name] = result
        cache.write_timings(timings)
    order = {job.name: i for i, job in enumerate(jobs)}
    results = dict(sorted(results.items(), key=lambda item: order[item[0]]))
    failures.sort(key=lambda f: order[f.job.name])
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


def store(cache, source_key, root, workspace, meta, imports, replace=False):
    """Commit a successful run's workspace under the key its imports give; return the entry.

    An intact entry of the same key, stored meanwhile by a concurrent build
    that may be reading it, is kept (its files are the same), unless
    ``replace`` (a refresh) says otherwise; a damaged one is replaced.
    """
    cache.record_imports(source_key, imports)
    key = cache_module.import_key(source_key, root, imports)
    entry, _, problem = cache.lookup(key)
    if problem is not None or (replace and entry is not None):
        cache.remove(key)
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
    job: object
    key: str
    process: multiprocessing.Process
    conn: multiprocessing.connection.Connection
    workspace: Path
    started: float
    report: dict | None = None


def _result(job, entry, meta, cached):
    return Result(job, entry, meta["seconds"], cached, meta.get("figures", []),
                  meta.get("too_large", {}), meta.get("cells", 0))


def _run_all(todo, root, cache, processes, timeout, refresh, logger, done, total):
    context = _worker_context()
    wall = timeout * WALL_FACTOR
    results, failures = [], []
    pending = list(todo)
    running = []
    while pending or running:
        while pending and len(running) < processes:
            job, key = pending.pop(0)
            running.append(_start(context, job, key, root, cache, timeout, wall))
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
                r.report = r.report or {"type": "Timeout", "message": (
                    f"the {r.job.kind} ran longer than {wall:g} s and was killed "
                    "(stuck outside Python code, so no line is known)")}
            r.process.join()
            r.conn.close()
            running.remove(r)
            # The job's session: whatever is still in it was started by the
            # job and not waited for.
            left = sandbox.kill_group(r.process.pid)
            message = leftover_failure(f"the {r.job.kind}", left)
            if message and (r.report or {}).get("ok"):
                r.report = {"type": "ProcessLeftRunning", "message": message}
            outcome = _finish(r, cache, root, refresh)
            done += 1
            if isinstance(outcome, Result):
                results.append(outcome)
                logger.info("%d/%d done (%s, %.1f s)", done, total, r.job.name, outcome.seconds)
            else:
                failures.append(outcome)
                logger.info("%d/%d done (%s FAILED)", done, total, r.job.name)
    return results, failures


def _start(context, job, key, root, cache, timeout, wall):
    # Imported here: they import numpy or nbclient, which a build with every
    # result cached never needs.
    if job.kind == NOTEBOOK:
        from sitebuild import notebooks as target
    else:
        from sitebuild import execute as target

    workspace = cache.new_workspace()
    receive, send = context.Pipe(duplex=False)
    process = context.Process(
        target=target.run,
        args=(str(job.path), str(root), str(workspace), timeout, send, wall, os.getpid(),
              job.name),
        name=f"{job.kind} {job.name}",
        daemon=True,
    )
    process.start()
    send.close()
    return _Running(job, key, process, receive, workspace, time.monotonic())


def _finish(running, cache, root, refresh):
    report = running.report or {}
    job = running.job
    if report.get("ok"):
        stderr_file = running.workspace / "stderr.txt"
        stderr = stderr_file.read_text(errors="replace") if stderr_file.exists() else ""
        if stderr.strip():
            log.info("%s wrote to stderr:\n%s", job.name, indent(stderr.rstrip()))
        meta = {"job": job.rel, "seconds": round(report["seconds"], 3),
                **{name: report[name] for name in ("figures", "too_large", "cells", "imports")
                   if name in report}}
        imports = report.get("imports", [])
        entry = store(cache, running.key, root, running.workspace, meta, imports,
                      replace=refresh)
        return _result(job, entry, meta, cached=False)
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
    known = ("line", "source_line", "cell", "code_cell", "cell_source", "traceback",
             "stdout_tail", "stderr_tail")
    return Failure(job, report["type"], report["message"],
                   **{name: report[name] for name in known if report.get(name) is not None})


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
