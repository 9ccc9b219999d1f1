"""Faults injected into snippet runs: processes left behind, a damaged cache, writes
into the project, unbounded output, helpers edited, a build killed mid-run.

Each test breaks one thing on purpose, the way jupyter-cache and sphinx-gallery
are tested, and checks that the engine (sitebuild.runner, without MkDocs)
notices, says what happened and leaves nothing behind.
"""

import json
import logging
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sitetools import ROOT

from sitebuild import jobs, runner
from sitebuild.cache import Cache, environment_digest


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def run(root, timeout=30, logger=None):
    snippets = jobs.discover(root)
    return runner.run(snippets, root, Cache(root / "cache"), environment_digest(root),
                               processes=2, timeout=timeout, logger=logger)


def processes_with(marker):
    """Pids of live processes whose command line contains ``marker``."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                command = f.read().replace(b"\0", b" ").decode()
            with open(f"/proc/{name}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker in command and state != "Z":
            found.append(int(name))
    return found


def parent(pid):
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def gone(marker, within=5.0):
    deadline = time.monotonic() + within
    while processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not processes_with(marker)


def workspaces(root):
    return [p.name for p in (root / "cache").iterdir() if p.name.startswith("tmp-")]


# -- 1. processes ------------------------------------------------------------------


def test_a_timed_out_snippet_takes_its_subprocesses_with_it(tmp_path):
    write(tmp_path, {"snippets/a/spawns.py": """
        import subprocess
        child = subprocess.Popen(["sleep", "3171"])
        while True:
            pass
    """})
    results, failures = run(tmp_path, timeout=1)
    assert results == {} and failures[0].type == "SnippetTimeout"
    assert gone("sleep 3171")


@pytest.mark.parametrize("source", [
    # A fork whose child outlives the snippet (it becomes `sleep 3172`, so that
    # the test can find it by its command line).
    """
    import os
    if os.fork() == 0:
        os.execvp("sleep", ["sleep", "3172"])
    x = 1
    """,
    # A subprocess never waited for.
    """
    import subprocess
    subprocess.Popen(["sleep", "3172"])
    x = 1
    """,
])
def test_a_snippet_that_leaves_a_process_running_fails_and_stores_nothing(tmp_path, source):
    write(tmp_path, {"snippets/a/leaves.py": source})
    results, failures = run(tmp_path)
    assert results == {}
    assert failures[0].type == "ProcessLeftRunning", failures[0].describe()
    assert "left 1 process(es) running" in failures[0].message
    # The whole command line: a bare number can turn up in any other process's
    # arguments (a browser's, say).
    assert gone("sleep 3172")
    assert not [p for p in (tmp_path / "cache").iterdir() if (p / "result.json").exists()]


def test_a_fork_that_is_waited_for_is_fine(tmp_path):
    write(tmp_path, {"snippets/a/waits.py": """
        import os
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
        x = 1
    """})
    results, failures = run(tmp_path)
    assert failures == [] and results["a/waits"].values["x"] == 1


DRIVER = """\
import sys
from pathlib import Path
from sitebuild import jobs, runner
from sitebuild.cache import Cache, environment_digest

if __name__ == "__main__":
    root = Path(sys.argv[1])
    runner.run(jobs.discover(root), root, Cache(root / "cache"),
                        environment_digest(root), processes=1, timeout=60)
"""


def test_a_build_killed_with_sigkill_leaves_no_process_and_its_workspace_is_swept(tmp_path):
    write(tmp_path, {"snippets/a/busy.py": """
        import subprocess
        child = subprocess.Popen(["sleep", "3174"])
        while True:
            pass
    """, "driver.py": DRIVER})
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    driver = subprocess.Popen([sys.executable, str(tmp_path / "driver.py"), str(tmp_path)],
                              env=env, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while not processes_with("sleep 3174") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert processes_with("sleep 3174"), "the snippet never started"
        server = [pid for pid in processes_with("forkserver") if parent(pid) == driver.pid]
        assert server
        driver.send_signal(signal.SIGKILL)
        driver.wait()
    finally:
        driver.kill()
    assert gone("sleep 3174")
    deadline = time.monotonic() + 5
    while parent(server[0]) is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert parent(server[0]) is None  # the worker server died with the build
    assert len(workspaces(tmp_path)) == 1  # the dead build's, until the next build
    (tmp_path / "snippets/a/busy.py").write_text("x = 1\n")
    records = []
    logger = logging.getLogger("test-sweep")
    logger.addHandler(_ListHandler(records))
    logger.setLevel(logging.INFO)
    results, failures = run(tmp_path, logger=logger)
    assert failures == [] and results["a/busy"].values["x"] == 1
    assert workspaces(tmp_path) == []
    assert any("left by builds that stopped" in r for r in records)


class _ListHandler(logging.Handler):
    def __init__(self, records):
        super().__init__()
        self.records = records

    def emit(self, record):
        self.records.append(record.getMessage())


def test_sweeping_keeps_the_workspace_of_a_concurrent_build(tmp_path):
    cache = Cache(tmp_path / "cache")
    mine = cache.new_workspace()  # this process: alive
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = tmp_path / "cache" / f"tmp-{dead.pid}-abc"
    stale.mkdir()
    assert cache.sweep() == [stale.name]
    assert mine.exists() and not stale.exists()


# -- 2. the cache ------------------------------------------------------------------


SNIPPET = """
    import matplotlib.pyplot as plt
    answer = 42
    print("the answer")
    plt.figure("line")
    plt.plot([0, 1], [0, 1])
"""


@pytest.mark.parametrize("damage", [
    lambda e: (e / "figures" / "line.svg").write_bytes(
        (e / "figures" / "line.svg").read_bytes()[:100]),
    lambda e: (e / "values.json").write_text(json.dumps({"answer": 41})),
    lambda e: (e / "stdout.txt").unlink(),
    lambda e: (e / "result.json").write_text(""),
    lambda e: (e / "result.json").unlink(),
])
def test_a_damaged_cache_entry_is_run_again_and_the_log_says_so(tmp_path, damage):
    write(tmp_path, {"snippets/a/one.py": SNIPPET})
    results, _ = run(tmp_path)
    entry = results["a/one"].entry
    damage(entry)
    records = []
    logger = logging.getLogger("test-damage")
    logger.addHandler(_ListHandler(records))
    logger.setLevel(logging.INFO)
    results, failures = run(tmp_path, logger=logger)
    assert failures == []
    result = results["a/one"]
    assert not result.cached
    assert result.values["answer"] == 42 and result.stdout == "the answer\n"
    assert result.figure_path("line").stat().st_size > 1000
    assert any("a/one.py: the cached result is damaged" in r and "running it again" in r
               for r in records), records
    assert run(tmp_path)[0]["a/one"].cached


# -- 3. time limits ----------------------------------------------------------------


def test_the_limit_counts_cpu_time_so_waiting_does_not_use_it(tmp_path):
    # A busy machine gives a snippet a fraction of a core: its wall-clock time
    # grows, its CPU time does not. Sleeping stands in for waiting its turn.
    write(tmp_path, {"snippets/a/waits.py": "import time\ntime.sleep(2)\nx = 1\n"})
    results, failures = run(tmp_path, timeout=1)
    assert failures == [] and results["a/waits"].values["x"] == 1


def test_a_snippet_waiting_forever_is_stopped_by_the_wall_clock_limit(tmp_path):
    write(tmp_path, {"snippets/a/hangs.py": "import time\n\ntime.sleep(1000)\n"})
    start = time.monotonic()
    results, failures = run(tmp_path, timeout=0.5)
    assert time.monotonic() - start < 30
    assert failures[0].type == "SnippetTimeout" and failures[0].line == 3
    assert "waiting, not computing" in failures[0].message


# -- 5. writes into the project ----------------------------------------------------


@pytest.mark.parametrize(("source", "named"), [
    ('open("docs/extra.md", "w").write("# oops")\n', "docs/extra.md"),
    ('import numpy as np\nnp.save("data/x.npy", np.zeros(3))\n', "data/x.npy"),
    ('import os\nos.remove("data/table.csv")\n', "data/table.csv"),
    ('import os\nos.makedirs("docs/new/deeper")\n', "docs/new"),
    ('import pathlib\npathlib.Path("snippets/a/other.py").write_text("")\n',
     "snippets/a/other.py"),
])
def test_a_snippet_cannot_write_into_the_project_tree(tmp_path, source, named):
    write(tmp_path, {"snippets/a/writes.py": source, "data/table.csv": "a\n1\n",
                     "docs/index.md": "# Home\n"})
    results, failures = run(tmp_path)
    assert results == {}
    failure = failures[0]
    assert failure.type == "ProjectWriteError", failure.describe()
    assert named in failure.message and failure.line == source.count("\n")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
                  if p.is_file() and "cache" not in p.parts) == [
        "data/table.csv", "docs/index.md", "snippets/a/writes.py"]


def test_a_snippet_may_write_temporary_files(tmp_path):
    write(tmp_path, {"snippets/a/temp.py": """
        import tempfile
        with tempfile.TemporaryDirectory() as folder:
            with open(folder + "/x.txt", "w") as f:
                f.write("fine")
        ok = True
    """})
    results, failures = run(tmp_path)
    assert failures == [] and results["a/temp"].values["ok"] is True


# -- 6. output ---------------------------------------------------------------------


def test_output_past_the_cap_fails_with_a_clear_error(tmp_path):
    write(tmp_path, {"snippets/a/loud.py": "for i in range(10**6):\n    print('x' * 99)\n"})
    results, failures = run(tmp_path)
    assert failures[0].type == "OutputTooLarge" and failures[0].line == 2
    assert "more than 100,000 bytes" in failures[0].message


def test_raw_writes_to_descriptor_1_count_too(tmp_path):
    write(tmp_path, {"snippets/a/raw.py": "import os\nos.write(1, b'y' * 200_000)\n",
                     "snippets/a/mixed.py": """
        import os
        print("one", flush=True)
        os.write(1, b"two\\n")
        print("three")
    """})
    results, failures = run(tmp_path)
    assert [f.type for f in failures] == ["OutputTooLarge"]
    assert results["a/mixed"].stdout == "one\ntwo\nthree\n"


def test_stderr_is_kept_and_shown_when_the_snippet_fails(tmp_path):
    write(tmp_path, {"snippets/a/warns.py": """
        import os
        import sys
        print("some output")
        print("a warning on stderr", file=sys.stderr)
        os.write(2, b"raw stderr\\n")
        raise RuntimeError("then it fails")
    """})
    _, failures = run(tmp_path)
    text = failures[0].describe()
    assert "standard error:" in text
    assert "a warning on stderr" in text and "raw stderr" in text
    assert "some output" in text


# -- 11. helpers -------------------------------------------------------------------


def test_editing_a_helper_reruns_exactly_the_snippets_that_import_it(tmp_path):
    write(tmp_path, {"snippets/a/_helper.py": "VALUE = 1\n",
                     "snippets/a/uses.py": "import _helper\nvalue = _helper.VALUE\n",
                     "snippets/a/alone.py": "value = 0\n"})
    results, _ = run(tmp_path)
    assert results["a/uses"].values["value"] == 1
    results, _ = run(tmp_path)
    assert results["a/uses"].cached and results["a/alone"].cached
    (tmp_path / "snippets/a/_helper.py").write_text("VALUE = 2\n")
    results, _ = run(tmp_path)
    assert not results["a/uses"].cached and results["a/uses"].values["value"] == 2
    assert results["a/alone"].cached


# -- 12. sys.exit ------------------------------------------------------------------


def test_sys_exit_zero_keeps_the_values_computed_before_it(tmp_path):
    write(tmp_path, {"snippets/a/exits.py": "import sys\nanswer = 42\nprint('hi')\n"
                                            "sys.exit(0)\nnever = 1\n"})
    results, failures = run(tmp_path)
    assert failures == []
    assert results["a/exits"].values == {"answer": 42}
    assert results["a/exits"].stdout == "hi\n"


# -- 4. deterministic figures ------------------------------------------------------


def test_clip_path_ids_depend_on_what_is_drawn_not_on_the_last_bit_of_the_layout(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sitebuild.execute import _number_clip_paths

    files = []
    for i, nudge in enumerate((0.0, 1e-13)):
        style = {"svg.hashsalt": "fixed", "figure.constrained_layout.use": False}
        with matplotlib.rc_context(style):
            fig = plt.figure(figsize=(3, 2))
            ax = fig.add_axes((0.1 + nudge, 0.1, 0.8, 0.8))
            ax.plot([0, 1], [0, 1])
            path = tmp_path / f"{i}.svg"
            fig.savefig(path, format="svg", metadata={"Date": None})
            plt.close(fig)
        files.append(path)
    # matplotlib alone: the same picture, different ids.
    assert files[0].read_bytes() != files[1].read_bytes()
    for path in files:
        _number_clip_paths(path)
    assert files[0].read_bytes() == files[1].read_bytes()
    assert b'clipPath id="clip1"' in files[0].read_bytes()


def test_a_concurrent_build_storing_the_same_result_keeps_the_first_entry(tmp_path):
    # Two builds run the same snippet; the first stores its entry and reads
    # from it; the second, finishing later, must not pull it from under it.
    write(tmp_path, {"snippets/a/one.py": "x = 1\n"})
    results, _ = run(tmp_path)
    entry = results["a/one"].entry
    inode = entry.stat().st_ino
    cache = Cache(tmp_path / "cache")
    workspace = cache.new_workspace()
    (workspace / "values.json").write_text('{"x": 1}')
    from sitebuild.cache import snippet_key

    source_key = snippet_key(environment_digest(tmp_path), "snippets/a/one.py", b"x = 1\n")
    assert runner.store(cache, source_key, tmp_path, workspace, {"seconds": 0}, []) == entry
    assert entry.stat().st_ino == inode and not workspace.exists()
