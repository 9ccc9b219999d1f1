"""The engine's core stands without MkDocs: only sitebuild.hooks (and the pytest
plugin sitebuild.codeblocks, which reads mkdocs.yml as MkDocs does) import it."""

import subprocess
import sys

from sitetools import ROOT

CORE = ("sitebuild", "sitebuild.__main__", "sitebuild.cache", "sitebuild.downloads",
        "sitebuild.execute", "sitebuild.markup", "sitebuild.mathml", "sitebuild.notebooks",
        "sitebuild.runner", "sitebuild.sandbox", "sitebuild.settings", "sitebuild.values")

BLOCKED = """\
import importlib, importlib.abc, sys

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "mkdocs" or name.startswith(("mkdocs.", "mkdocs_", "material")):
            raise ImportError(f"{name} is blocked")

sys.meta_path.insert(0, Block())
for module in sys.argv[1:]:
    importlib.import_module(module)
import sitebuild.hooks
"""


def test_the_core_imports_nothing_from_mkdocs():
    done = subprocess.run([sys.executable, "-c", BLOCKED, *CORE], cwd=ROOT,
                          capture_output=True, text=True, check=False,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    # Every core module imported; only the adapter needed MkDocs.
    assert done.returncode != 0
    assert "ImportError: mkdocs is blocked" in done.stderr.splitlines()[-1], done.stderr
    assert "sitebuild/hooks.py" in done.stderr
