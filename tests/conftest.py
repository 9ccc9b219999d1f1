"""Shared fixtures: run a snippet once per test session and look at what it computed."""

import runpy
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]

# One fixed, fast profile for the property tests, locally and in CI: the same
# examples every run (derandomized, no example database written), few enough
# that the whole file runs in seconds.
settings.register_profile(
    "gradlib", derandomize=True, max_examples=25, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow], print_blob=True)
settings.load_profile("gradlib")


@pytest.fixture(scope="session")
def snippet_values():
    """Return a function ``run("section/name")`` giving the snippet's top-level variables.

    Each snippet runs once per session, with the Agg backend, from the
    repository root (so ``matplotlibrc`` applies as in the build) and with
    single-threaded BLAS, as in the build: on a busy machine, threads
    fighting over the cores make small matrix products many times slower.
    """
    import matplotlib
    from threadpoolctl import threadpool_limits

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    results = {}

    def run(name):
        if name not in results:
            path = ROOT / "snippets" / f"{name}.py"
            if not path.is_file():
                raise FileNotFoundError(f"no snippet {path}")
            modules = set(sys.modules)
            with pytest.MonkeyPatch.context() as mp, threadpool_limits(1):
                mp.chdir(ROOT)
                # As `python snippets/x/y.py` and the build: the snippet's folder first,
                # so that it imports the modules beside it (`_routes.py`, `_explorer_training.py`).
                mp.syspath_prepend(str(path.parent))
                try:
                    results[name] = runpy.run_path(str(path), run_name="__main__")
                finally:
                    # Each snippet imports them afresh, as in its own process in the build.
                    for module in set(sys.modules) - modules:
                        file = getattr(sys.modules[module], "__file__", None)
                        if file and Path(file).resolve().parent == path.parent.resolve():
                            del sys.modules[module]
            plt.close("all")
        return results[name]

    return run
