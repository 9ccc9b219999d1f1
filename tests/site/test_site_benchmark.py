"""benchmarks/build.py runs end to end (on a tiny project; no timing is asserted)."""

import subprocess
import sys

from sitetools import ROOT


def test_build_benchmark_reports_the_ratios(tiny):
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "build.py"), "--root", str(tiny),
         "--repeat", "1"],
        capture_output=True, text=True, check=False, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    for line in ("floor build (execution off)", "cold build (empty cache)",
                 "warm build (all cached)", "one by one (snippets, labs)", "warm / floor",
                 "cold / one by one", "snippets/demo/plot.py", "serve loop (demo/plot)",
                 "slowest five alone: demo/plot"):
        assert line in out, out
    assert not (tiny / ".cache").exists() and not (tiny / "site").exists()
