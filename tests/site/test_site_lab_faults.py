"""The faults of test_site_robustness, injected into lab notebooks (sitebuild.notebooks)."""

import os
import signal
import subprocess
import sys
import time

import pytest
from sitetools import ROOT
from test_site_labs import notebook
from test_site_robustness import gone, processes_with

from sitebuild import jobs, runner
from sitebuild.cache import Cache, environment_digest

pytest.importorskip("nbclient")


def run_lab(tmp_path, *cells, timeout=60):
    path = tmp_path / "docs" / "labs" / "lab.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(notebook(*cells))
    lab = jobs.notebook("labs/lab.ipynb", path)
    return runner.run([lab], tmp_path, Cache(tmp_path / "cache"),
                      environment_digest(tmp_path), timeout=timeout)


@pytest.mark.parametrize("cell", [
    "import subprocess\nsubprocess.Popen(['sleep', '3181'])",
    "import os, time\nif os.fork() == 0:\n    time.sleep(3181)\n    os._exit(0)",
])
def test_a_cell_that_leaves_a_process_running_fails_the_lab(tmp_path, cell):
    results, failures = run_lab(tmp_path, "x = 1", cell)
    assert results == {}
    assert failures[0].type == "ProcessLeftRunning", failures[0].describe()
    assert gone("sleep 3181")
    assert not [p for p in (tmp_path / "cache").iterdir() if (p / "result.json").exists()]


def test_a_cell_cannot_write_into_the_project_tree(tmp_path):
    (tmp_path / "data").mkdir()
    results, failures = run_lab(tmp_path, "open('data/new.csv', 'w').write('1')")
    assert failures[0].type == "ProjectWriteError"
    assert "data/new.csv" in failures[0].message and failures[0].cell == 1
    assert not (tmp_path / "data" / "new.csv").exists()


def test_a_hanging_cell_is_stopped(tmp_path):
    results, failures = run_lab(tmp_path, "import time\ntime.sleep(1000)", timeout=1)
    assert failures[0].type == "CellTimeoutError" and failures[0].cell == 1


DRIVER = """\
import sys
from pathlib import Path
from sitebuild import jobs, runner
from sitebuild.cache import Cache, environment_digest

if __name__ == "__main__":
    root = Path(sys.argv[1])
    lab = jobs.notebook("labs/lab.ipynb", root / "docs/labs/lab.ipynb")
    runner.run([lab], root, Cache(root / "cache"), environment_digest(root))
"""


def test_a_build_killed_while_a_kernel_runs_leaves_nothing_running(tmp_path):
    path = tmp_path / "docs" / "labs" / "lab.ipynb"
    path.parent.mkdir(parents=True)
    path.write_text(notebook("import subprocess, time\nsubprocess.Popen(['sleep', '3182'])\n"
                             "time.sleep(1000)"))
    (tmp_path / "driver.py").write_text(DRIVER)
    driver = subprocess.Popen([sys.executable, str(tmp_path / "driver.py"), str(tmp_path)],
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 90
        while not processes_with("sleep 3182") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert processes_with("sleep 3182"), "the cell never started"
        driver.send_signal(signal.SIGKILL)
        driver.wait()
    finally:
        driver.kill()
    assert gone("sleep 3182", within=10)
    assert gone("ipykernel_launcher -f " + str(tmp_path), within=10) or not [
        pid for pid in processes_with("ipykernel_launcher")
        if str(tmp_path) in open(f"/proc/{pid}/environ", "rb").read().decode(errors="replace")]
