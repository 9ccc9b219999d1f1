"""Imports done once in the worker server, before any snippet runs.

:mod:`sitebuild.runner` starts snippets from a multiprocessing forkserver that
imports this module first, so every snippet process starts with numpy,
matplotlib (Agg) and scikit-learn's data sets already in memory instead of
paying for those imports itself. The library being documented is deliberately
*not* imported here: each snippet imports it fresh, so an edit to it is seen
by the next build.
"""

import os
import signal

os.environ["MPLBACKEND"] = "Agg"


def _die_with_parent():
    """Have the kernel kill this server when the build that started it ends.

    Without it, a build killed with SIGKILL leaves the server behind. Linux
    only (``prctl``); elsewhere the server ends when it notices its pipe close.
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


if os.environ.pop("SITEBUILD_FORKSERVER", None) == "1":
    _die_with_parent()

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy  # noqa: E402, F401

from sitebuild import execute  # noqa: E402, F401

try:
    import sklearn.datasets  # noqa: F401
except ImportError:
    pass


def _warm_up():
    """Draw and save one small figure so font loading happens once, here."""
    import io

    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], label="$x$")
    ax.set_title("warm-up")
    ax.legend()
    fig.savefig(io.BytesIO(), format="svg")
    plt.close(fig)


_warm_up()
