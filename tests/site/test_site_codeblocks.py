"""``pytest --codeblocks`` on pages as the reader sees them (sitebuild.codeblocks)."""

import os
import subprocess
import sys

from sitetools import ROOT, make_project

from sitebuild.codeblocks import expand_includes, normalize_fences, snippet_settings

PAGE = '''\
# Page

```python title="snippets/demo/calc.py"
--8<-- "snippets/demo/calc.py:setup"
```

<!--pytest-codeblocks:cont-->
```py
print(double(21))
```

<!--pytest-codeblocks:expected-output-->
```text
42
```

```python
--8<-- "snippets/demo/calc.py:body"
```

<!--pytest.mark.skip-->
```python
raise RuntimeError("skipped")
```

<!--pytest-codeblocks:skip-->
```sh
mkdocs serve
```

```sh
test -f snippets/demo/calc.py
python -c "print(6 * 7)"
```

<!--pytest-codeblocks:expected-output-->
```text
42
```

```bash
false
echo "reached $((40 + 2))"
```
'''

CALC = '''\
"""Doubles."""

# --8<-- [start:setup]
def double(x):
    return 2 * x
# --8<-- [end:setup]


def later():
    # --8<-- [start:body]
    value = double(4)
    # --8<-- [end:body]
    return value
'''


def test_titled_python_fences_are_normalized_without_moving_lines():
    text = 'a\n```python title="x.py" hl_lines="2"\n  ```py\n```bash\n````python3 {.x}\n'
    assert normalize_fences(text) == "a\n```python\n  ```python\n```bash\n````python\n"


def test_includes_expand_with_the_sites_settings(tmp_path):
    project = make_project(tmp_path / "p", pages={"index.md": PAGE},
                           snippets={"demo/calc.py": CALC})
    settings = snippet_settings(project / "docs" / "index.md")
    assert settings["root"] == project
    code = expand_includes('--8<-- "snippets/demo/calc.py:setup"\n', **settings)
    assert code == "def double(x):\n    return 2 * x\n"


def test_pytest_codeblocks_runs_expanded_blocks_once(tmp_path):
    project = make_project(tmp_path / "p", pages={"index.md": PAGE},
                           snippets={"demo/calc.py": CALC})
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "sitebuild.codeblocks", "--codeblocks",
         "-p", "no:cacheprovider", "-v", "docs"],
        cwd=project, env=env, capture_output=True, text=True, check=False, timeout=300,
    )
    out = done.stdout
    # The setup block with its continuation and expected output passes; the
    # section from inside a function fails (double is not defined there) and
    # says so; the marked blocks are skipped; shell blocks run from the
    # project root, and the first failing command fails the block.
    assert "docs/index.md::line 3 PASSED" in out, out
    assert "docs/index.md::line 17 FAILED" in out, out
    assert "NameError: name 'double' is not defined" in out
    assert "   1 | value = double(4)" in out
    assert "docs/index.md::line 22 SKIPPED" in out
    assert "docs/index.md::line 27 SKIPPED" in out, out
    assert "docs/index.md::line 31 PASSED" in out, out
    assert "docs/index.md::line 41 FAILED" in out, out
    assert "exit status 1" in out and "reached 42" not in out
    assert "6 items" in out or "collected 6 items" in out
