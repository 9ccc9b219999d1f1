"""What the build runs: jobs (snippets and lab notebooks), their results and failures.

A job is a file the build executes: a snippet under ``snippets/`` or a lab
notebook under ``docs/``. Every job has a key (:meth:`Job.source`, hashed
by :mod:`sitebuild.cache`), a run (in a worker process started by
:mod:`sitebuild.runner`; :mod:`sitebuild.execute` for snippets,
:mod:`sitebuild.notebooks` for labs) and a report: one :class:`Result` or
one :class:`Failure`, whatever the kind. :func:`summary` is the build's
table of all of them; :func:`times_page` the published page of run times.
"""

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

SNIPPET = "snippet"
NOTEBOOK = "notebook"


@dataclass(frozen=True)
class Job:
    """One runnable file.

    Attributes
    ----------
    kind : str
        :data:`SNIPPET` or :data:`NOTEBOOK`.
    name : str
        How pages and the log name it: ``"gradients/descent"`` (the path
        under the snippets folder without ``.py``) or ``"labs/x.ipynb"``
        (the path under ``docs/``).
    path : Path
        Absolute path of the file.
    rel : str
        Path relative to the project root: ``"snippets/gradients/descent.py"``,
        ``"docs/labs/x.ipynb"``.
    """

    kind: str
    name: str
    path: Path
    rel: str

    def source(self):
        """The bytes of the job itself that its result depends on.

        A snippet's whole file; a notebook's code cells and kernel only (as
        jupyter-cache does), so a typo fixed in its prose does not run it again.
        """
        if self.kind == NOTEBOOK:
            from sitebuild import notebooks

            return notebooks.code_source(self.path)
        return self.path.read_bytes()


def snippet(root, path, folder="snippets"):
    """The :class:`Job` of the snippet file ``path`` (under ``root/folder``)."""
    root, path = Path(root).resolve(), Path(path).resolve()
    name = path.relative_to(root / folder).with_suffix("").as_posix()
    return Job(SNIPPET, name, path, path.relative_to(root).as_posix())


def notebook(name, path, docs="docs"):
    """The :class:`Job` of notebook ``name`` (its path under ``docs/``) at ``path``."""
    return Job(NOTEBOOK, name, Path(path).resolve(), f"{docs}/{name}")


def discover(root, folder="snippets"):
    """Find the snippets under ``root/folder``.

    Files and folders whose name starts with ``_`` are helpers, not
    snippets, and are skipped (a snippet that imports one has it in its key).

    Returns
    -------
    list of Job
        Sorted by name.
    """
    root = Path(root).resolve()
    base = root / folder
    found = []
    for path in sorted(base.rglob("*.py")) if base.is_dir() else []:
        relative = path.relative_to(base)
        if any(part.startswith(("_", ".")) for part in relative.parts):
            continue
        found.append(snippet(root, path, folder))
    return found


@dataclass
class Result:
    """A successful run of a job, fresh or from the cache.

    Attributes
    ----------
    job : Job
    entry : Path
        Cache entry folder holding the run's files.
    seconds : float
        Run time of the run that produced the entry.
    cached : bool
        True when this build reused the entry.
    figures : list of str
        A snippet's figure labels, in the order the figures were created.
    too_large : dict
        A snippet's variables left out of :attr:`values` for their size, with the reason.
    cells : int
        A notebook's code cells executed.
    """

    job: Job
    entry: Path
    seconds: float
    cached: bool
    figures: list = field(default_factory=list)
    too_large: dict = field(default_factory=dict)
    cells: int = 0

    def figure_path(self, label):
        """Path of the SVG file of figure ``label``."""
        return self.entry / "figures" / f"{label}.svg"

    @cached_property
    def values(self):
        """A snippet's top-level JSON-able variables, ``{name: value}``."""
        with open(self.entry / "values.json", encoding="utf-8") as f:
            return json.load(f)

    @cached_property
    def stdout(self):
        """Everything a snippet printed."""
        return (self.entry / "stdout.txt").read_text(encoding="utf-8")

    @property
    def executed(self):
        """A notebook's executed copy."""
        return self.entry / self.job.name


@dataclass
class Failure:
    """A run that raised, timed out, left processes behind or died.

    Attributes
    ----------
    job : Job
    type : str
        Exception class name, e.g. ``"ValueError"``.
    message : str
    line : int or None
        For a snippet: the line of its file where the error passed last.
    source_line : str
        The text of that line.
    cell : int or None
        For a notebook: position of the failing cell, counting from 1 and
        counting Markdown cells too.
    code_cell : int or None
        Which code cell it is, counting from 1: ``In [n]`` after a run in Jupyter.
    cell_source : str
        The failing cell's code.
    traceback : str
        From the job's own first frame on (IPython's, for a notebook).
    stdout_tail, stderr_tail : str
        The last lines written to standard output and error.
    """

    job: Job
    type: str
    message: str
    line: int | None = None
    source_line: str = ""
    cell: int | None = None
    code_cell: int | None = None
    cell_source: str = ""
    traceback: str = ""
    stdout_tail: str = ""
    stderr_tail: str = ""

    @property
    def where(self):
        """``snippets/x/y.py, line 12`` or ``docs/labs/x.ipynb, cell 7 (In [4])``."""
        text = self.job.rel
        if self.line is not None:
            text += f", line {self.line}"
        if self.cell is not None:
            text += f", cell {self.cell}"
            if self.code_cell is not None:
                text += f" (In [{self.code_cell}])"
        return text

    def describe(self):
        """Several lines for a build log: where, what, the code, the traceback, the output."""
        text = f"{self.where}: {self.type}: {self.message}"
        if self.source_line:
            text += f"\n    {self.line} | {self.source_line}"
        # IPython's traceback quotes the failing lines; without one (a
        # timeout), the cell itself shows where the notebook was.
        if self.cell_source and not self.traceback:
            text += "\n" + indent("\n".join(
                f"{i:3d} | {line}" for i, line in enumerate(self.cell_source.splitlines(), 1)))
        if self.traceback:
            text += "\n" + indent(self.traceback.rstrip())
        if self.stdout_tail:
            text += "\n  last output:\n" + indent(self.stdout_tail.rstrip())
        if self.stderr_tail:
            text += "\n  standard error:\n" + indent(self.stderr_tail.rstrip())
        return text


class JobError(Exception):
    """One or more jobs failed; ``str()`` names each file, its line or cell, and the exception."""

    def __init__(self, failures):
        self.failures = list(failures)
        counts = []
        for kind in (SNIPPET, NOTEBOOK):
            n = sum(f.job.kind == kind for f in self.failures)
            if n:
                counts.append(f"{n} {kind}{'s' if n != 1 else ''}")
        header = f"{' and '.join(counts)} failed:"
        super().__init__("\n".join([header] + [f.describe() for f in self.failures]))


def summary(results, failures):
    """The end-of-build table: every job, its run time and where its result came from.

    Parameters
    ----------
    results : dict
        ``{name: Result}``.
    failures : list of Failure

    Returns
    -------
    str
    """
    rows = [(r.job, f"{r.seconds:.2f}", "cached" if r.cached else "ran")
            for r in results.values()]
    rows += [(f.job, "-", "FAILED") for f in failures]
    rows.sort(key=lambda row: (row[0].kind == NOTEBOOK, row[0].name))
    width = max([len("snippet or notebook")] + [len(row[0].name) for row in rows])
    lines = [f"{'snippet or notebook':<{width}}  {'seconds':>7}  result"]
    lines += [f"{job.name:<{width}}  {seconds:>7}  {status}" for job, seconds, status in rows]
    return "\n".join(lines)


def times_page(results):
    """Markdown of the published run-time page: every job, slowest first.

    Parameters
    ----------
    results : dict
        ``{name: Result}`` of the build.

    Returns
    -------
    str
    """
    rows = sorted(results.values(), key=lambda r: (-r.seconds, r.job.name))
    total = sum(r.seconds for r in rows)
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
    lines += [f"| {r.seconds:.2f} | {'lab' if r.job.kind == NOTEBOOK else 'snippet'} "
              f"| `{r.job.rel}` |" for r in rows]
    return "\n".join(lines) + "\n"


def indent(text, prefix="    "):
    """``text`` with ``prefix`` before each line."""
    return "\n".join(prefix + line for line in text.splitlines())
