"""``python -m sitebuild run``: the build's runs and cache, without building the site."""

import os
import subprocess
import sys

from sitetools import PLOT, ROOT, build, make_project


def cli(project, *args):
    env = {**os.environ, "PYTHONPATH": str(ROOT),
           "GUIDE_CACHE_DIR": str(project / ".cache" / "snippets")}
    done = subprocess.run([sys.executable, "-m", "sitebuild", "run", *args, "-f",
                           str(project / "mkdocs.yml")], cwd=project, env=env,
                          capture_output=True, text=True, check=False, timeout=300)
    return done.returncode, done.stdout + done.stderr


def rows(log):
    return {p[0]: p[2] for p in (line.split() for line in log.splitlines())
            if len(p) == 3 and p[2] in {"ran", "cached", "FAILED"}}


def test_run_fills_the_cache_the_build_uses(tmp_path):
    other = PLOT.replace('num="fit"', 'num="other"')
    project = make_project(tmp_path / "p", snippets={"demo/plot.py": PLOT,
                                                     "demo/other.py": other})
    code, log = cli(project, "demo/plot")
    assert code == 0, log
    assert rows(log) == {"demo/plot": "ran"}
    code, log = cli(project)
    assert rows(log) == {"demo/plot": "cached", "demo/other": "ran"}
    assert build(project).snippet_rows() == {"demo/plot": "cached", "demo/other": "cached"}
    code, log = cli(project, "--refresh", "demo")
    assert rows(log) == {"demo/plot": "ran", "demo/other": "ran"}


def test_a_failure_is_reported_with_its_line_and_exit_status_1(tmp_path):
    project = make_project(tmp_path / "p", snippets={"demo/plot.py": "x = 1\n1 / 0\n"})
    code, log = cli(project)
    assert code == 1
    assert "snippets/demo/plot.py, line 2: ZeroDivisionError" in log
    assert rows(log) == {"demo/plot": "FAILED"}
