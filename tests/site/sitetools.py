"""Helpers for the tests of the site build: tiny throw-away projects and builds.

The engine is tested on small projects made in temporary folders, so that a
test can break a snippet or change the library without touching the real ones.
"""

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOOKS = ROOT / "sitebuild" / "hooks.py"

TINY_CONFIG = """\
site_name: Tiny
theme:
  name: mkdocs
strict: true
validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
hooks:
  - {hooks}
markdown_extensions:
  - attr_list
  - pymdownx.arithmatex:
      generic: true
  - pymdownx.blocks.caption
  - pymdownx.superfences
  - pymdownx.snippets:
      base_path: [!relative $config_dir]
      check_paths: true
      dedent_subsections: true
extra:
  snippets:
    timeout: 60
"""

PLOT = '''\
"""A figure, a printout and a few values."""

import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
x = np.linspace(0, 1, 50)
# --8<-- [start:fit]
slope = 2.5
noisy = slope * x + rng.normal(scale=0.1, size=x.size)
fitted = float(np.polyfit(x, noisy, 1)[0])
# --8<-- [end:fit]
table = {"sigmoid": [0.25, 0.5, 0.125], "relu": [1, 1, 0]}
print(f"fitted slope {fitted:.3f}")
fig, ax = plt.subplots(num="fit")
ax.plot(x, noisy, ".", label="data $y = 2.5x$")
ax.imshow(rng.random((4, 4)), extent=(0, 0.3, 2, 2.5))
ax.legend()
plt.figure()
plt.plot(x, x**2)
plt.show()
'''

PAGE = r"""# Tiny

The fitted slope is {{ demo/plot.fitted:.2f }}; sigmoid's third is
{{ demo/plot.table["sigmoid"][2]:.1% }} and $\frac{1}{2} x^2$ is math.

```python title="snippets/demo/plot.py"
--8<-- "snippets/demo/plot.py:fit"
```

{{ output demo/plot }}

![A noisy line](fig:demo/plot/fit "Data around $y = 2.5x$.")

## The slope $\sigma'(z)$ in a heading

- and $\lVert x \rVert$ in a list.
"""


@dataclass
class Build:
    """What one ``mkdocs build`` did."""

    returncode: int
    log: str
    site: Path

    def snippet_rows(self):
        """``{snippet: status}`` from the table at the end of the log."""
        rows = {}
        for line in self.log.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[2] in {"ran", "cached", "FAILED"}:
                rows[parts[0]] = parts[2]
        return rows


def make_project(folder, pages=None, snippets=None, files=None, config=TINY_CONFIG):
    """Write a small MkDocs project that uses the real hooks.

    Parameters
    ----------
    folder : Path
    pages, snippets, files : dict, optional
        ``{relative path: text}`` under ``docs/``, under ``snippets/``, and
        under the project root.
    config : str
        ``mkdocs.yml``; ``{hooks}`` is replaced by the path of the hooks.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text(config.format(hooks=HOOKS))
    (folder / "matplotlibrc").write_text((ROOT / "matplotlibrc").read_text())
    for base, contents in (("docs", pages or {"index.md": PAGE}),
                           ("snippets", snippets or {"demo/plot.py": PLOT}),
                           (".", files or {})):
        for name, text in contents.items():
            path = folder / base / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text))
    return folder


def build(project, cache=None, site=None, env=None, timeout=900):
    """Run ``mkdocs build`` on ``project`` in a subprocess, as a contributor would."""
    site = site or project / "site"
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
                   "GUIDE_CACHE_DIR": str(cache or project / ".cache" / "snippets")}
    for name in ("GUIDE_EXECUTE", "GUIDE_REFRESH", "GUIDE_TIMEOUT", "GUIDE_JOBS"):
        environment.pop(name, None)
    environment.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"),
         "-d", str(site)],
        cwd=project, env=environment, capture_output=True, text=True, timeout=timeout,
        check=False,
    )
    return Build(done.returncode, done.stdout + done.stderr, site)
