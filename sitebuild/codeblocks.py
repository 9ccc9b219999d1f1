"""pytest-codeblocks on the pages as readers see them: ``pytest --codeblocks docs/``.

pytest-codeblocks alone would run the ``--8<--`` include lines of a page as
Python, and would skip every block with a title (it collects only fences whose
info string is exactly ``python``). This pytest plugin (enabled by the root
``conftest.py``) takes over the collection of Markdown files instead:

1. fences opened as ```` ```python title="..." ```` (or ``py``) count as Python;
2. pytest-codeblocks extracts the blocks, with its markers
   (``<!--pytest-codeblocks:cont-->``, ``<!--pytest.mark.skip-->``,
   ``<!--pytest-codeblocks:expected-output-->``...);
3. each block's includes are expanded with the same pymdownx.snippets settings
   as the site (read from ``mkdocs.yml``), and the result runs as ``__main__``
   from the project root with matplotlib's Agg backend.

Shell blocks (``sh``, ``bash``) run too, as pytest-codeblocks runs them, but
from the project root, stopping at the first failing command, with
``MPLBACKEND=Agg`` (``python snippets/...`` computes its figures without
opening a window) and with the test run's Python first on the ``PATH``.
Commands that cannot run in a test (``git clone``, ``pip install``,
``mkdocs serve``) are marked ``<!--pytest-codeblocks:skip-->``.
"""

import contextlib
import functools
import io
import os
import re
import subprocess
import sys
import traceback
import warnings
from pathlib import Path

import pytest

try:
    from pytest_codeblocks import extract_from_buffer
    from pytest_codeblocks.plugin import MarkdownFile as _PluginMarkdownFile
except ImportError:  # the plugin is part of the test extras
    extract_from_buffer = None

_PYTHON_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<ticks>`{3,})\s*(?:python3?|py)\b[^`]*$")


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path, parent):
    """Collect Markdown files ourselves, replacing pytest-codeblocks' collector."""
    collected = yield
    if (
        extract_from_buffer is None
        or file_path.suffix != ".md"
        or not getattr(parent.config.option, "codeblocks", False)
    ):
        return collected
    mine = ReaderMarkdownFile.from_parent(parent, path=file_path)
    return [c for c in collected if not isinstance(c, _PluginMarkdownFile)] + [mine]


class ReaderMarkdownFile(pytest.File):
    """The Python blocks of one Markdown page."""

    def collect(self):
        """Yield one item per Python or shell block (continued blocks joined)."""
        text = self.path.read_text(encoding="utf-8")
        with warnings.catch_warnings():
            # pytest-codeblocks deprecates its :skip marker in favour of
            # <!--pytest.mark.skip-->; both keep working here.
            warnings.simplefilter("ignore", DeprecationWarning)
            blocks = extract_from_buffer(io.StringIO(normalize_fences(text)))
        for block in blocks:
            if block.syntax not in ("python", "sh", "bash"):
                continue
            kind = ReaderBlock if block.syntax == "python" else ReaderShellBlock
            item = kind.from_parent(self, name=f"line {block.lineno}", block=block)
            for mark in block.marks:
                item.add_marker(eval(mark, {"sys": sys, "pytest": pytest}))  # noqa: S307
            yield item


class ReaderBlock(pytest.Item):
    """One Python block, includes expanded, run as a script from the project root."""

    def __init__(self, *, block, **kwargs):
        super().__init__(**kwargs)
        self.block = block
        self._filename = f"{self.path.name}, block at line {block.lineno}"

    def runtest(self):
        """Expand the block's includes and run it."""
        if self.block.importorskip is not None:
            pytest.importorskip(self.block.importorskip)
        settings = snippet_settings(self.path)
        code = expand_includes(self.block.code, **settings)
        self.code = code
        output = io.StringIO()
        with _as_a_reader(settings["root"]), contextlib.redirect_stdout(output):
            exec(compile(code, self._filename, "exec"), {"__name__": "__main__"})  # noqa: S102
        expected = self.block.expected_output
        if expected is not None:
            got = output.getvalue()
            if self.block.expected_output_ignore_whitespace:
                same = re.sub(r"\s+", "", expected) == re.sub(r"\s+", "", got)
            else:
                same = expected == got
            if not same:
                raise AssertionError(f"expected output\n{expected}\nbut got\n{got}")

    def repr_failure(self, excinfo):
        """The failing block, numbered, and the traceback through it."""
        code = getattr(self, "code", self.block.code)
        numbered = "\n".join(f"{i:4d} | {line}" for i, line in
                             enumerate(code.splitlines(), start=1))
        # From the block's own first frame on: the frames above it are pytest's.
        frames = traceback.extract_tb(excinfo.tb)
        first = next((i for i, f in enumerate(frames) if f.filename == self._filename),
                     len(frames))
        shown = "".join(traceback.format_list(frames[first:]))
        shown += "".join(traceback.format_exception_only(excinfo.type, excinfo.value))
        return (f"{self.path}, code block at line {self.block.lineno} "
                f"(includes expanded):\n{numbered}\n\n{shown}")

    def reportinfo(self):
        """Where the block is, for pytest's report."""
        return self.path, self.block.lineno - 1, f"code block at line {self.block.lineno}"


class ReaderShellBlock(pytest.Item):
    """One shell block, run from the project root as a reader would type it."""

    def __init__(self, *, block, **kwargs):
        super().__init__(**kwargs)
        self.block = block
        self.output = ""

    def runtest(self):
        """Run the block's commands; any failing command fails the test."""
        root = snippet_settings(self.path)["root"]
        shell = "/bin/bash" if self.block.syntax == "bash" else None
        # The interpreter running the tests is the reader's: its python,
        # pytest and jupyter come first.
        path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
        done = subprocess.run(
            "set -e\n" + self.block.code, shell=True, executable=shell, cwd=root,
            env={**os.environ, "MPLBACKEND": "Agg", "PATH": path},
            capture_output=True, text=True, timeout=SHELL_TIMEOUT, check=False,
        )
        self.output = done.stdout + done.stderr
        if done.returncode != 0:
            raise ShellBlockError(f"exit status {done.returncode}")
        expected = self.block.expected_output
        if expected is not None:
            same = (re.sub(r"\s+", "", expected) == re.sub(r"\s+", "", done.stdout)
                    if self.block.expected_output_ignore_whitespace
                    else expected == done.stdout)
            if not same:
                raise ShellBlockError(f"expected output\n{expected}\nbut got\n{done.stdout}")

    def repr_failure(self, excinfo):
        """The block, what went wrong, and the last lines it printed."""
        tail = "\n".join(self.output.splitlines()[-30:])
        return (f"{self.path}, shell block at line {self.block.lineno}:\n{self.block.code}\n"
                f"{excinfo.value}\n{tail}")

    def reportinfo(self):
        """Where the block is, for pytest's report."""
        return self.path, self.block.lineno - 1, f"shell block at line {self.block.lineno}"


class ShellBlockError(Exception):
    """A shell block failed or printed something else than expected."""


#: Seconds a shell block may run.
SHELL_TIMEOUT = 600


def normalize_fences(text):
    """Rewrite the opening line of every Python fence to a bare ```` ```python ````.

    Titles and other attributes (```` ```python title="x.py" ````) would hide
    the block from pytest-codeblocks. Line numbers are unchanged.
    """
    return "\n".join(
        _PYTHON_FENCE.sub(r"\g<indent>\g<ticks>python", line) for line in text.split("\n")
    )


def expand_includes(code, root, config):
    """Expand the ``--8<--`` lines of a block as the site build does.

    Parameters
    ----------
    code : str
        The block's code.
    root : Path
        Project root (folder of ``mkdocs.yml``).
    config : dict
        Settings of the ``pymdownx.snippets`` extension, with ``base_path``
        already absolute.

    Returns
    -------
    str
    """
    import markdown

    md = markdown.Markdown(extensions=["pymdownx.snippets"],
                           extension_configs={"pymdownx.snippets": config})
    text = "\n".join(md.preprocessors["snippet"].run(code.split("\n")))
    return text if text.endswith("\n") else text + "\n"


def snippet_settings(page):
    """Root and pymdownx.snippets settings of the site that holds ``page``.

    The nearest ``mkdocs.yml`` above the page defines both; without one, the
    current directory is the root and includes must name existing files.
    """
    for folder in Path(page).resolve().parents:
        if (folder / "mkdocs.yml").is_file():
            return _settings_from(folder / "mkdocs.yml")
    root = Path.cwd()
    return {"root": root, "config": {"base_path": [str(root)], "check_paths": True}}


@functools.cache
def _settings_from(config_file):
    # MkDocs's own loader: its tags (!relative, !ENV, inherited configs) mean
    # here what they mean to the build.
    from mkdocs.config import load_config

    root = config_file.parent
    site = load_config(str(config_file))
    config = dict(site.mdx_configs.get("pymdownx.snippets") or {})
    base = config.get("base_path", ["."])
    base = [base] if isinstance(base, str | os.PathLike) else base
    config["base_path"] = [str((root / os.fspath(path)).resolve()) for path in base]
    return {"root": root, "config": config}


@contextlib.contextmanager
def _as_a_reader(root):
    """Run like ``python snippets/...`` from the project root, with the Agg backend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    previous = Path.cwd()
    os.chdir(root)
    try:
        yield
    finally:
        os.chdir(previous)
        plt.close("all")
