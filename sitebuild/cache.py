"""Content-hash keys for snippet results, and the on-disk cache that holds them.

A result depends on the snippet's own source and on everything it may read:
the library sources, the shared plot style, the data folder, the versions of
Python, numpy, matplotlib and scikit-learn, and the code of the engine that ran
it. All of that goes into the key, so a cache entry can only be reused when a
fresh run would produce the same files.

Layout under the cache folder (default ``.cache/snippets/``)::

    <key>/                 one finished, successful run
        result.json        snippet path, run time, figure labels
        stdout.txt
        values.json
        figures/<label>.svg
    tmp-*/                 runs in progress (renamed to <key>/ on success)
    timings.json           last run time per snippet, to start long ones first
"""

import hashlib
import importlib.metadata
import json
import os
import platform
import shutil
import tempfile
from pathlib import Path

#: Distributions whose version changes what a snippet computes or draws.
DEPENDENCIES = ("numpy", "matplotlib", "scikit-learn")

#: Engine modules whose code shapes a stored result.
ENGINE_MODULES = ("cache.py", "execute.py", "preload.py", "runner.py", "values.py")

#: Bumped when the entry layout changes, so old entries are never misread.
LAYOUT_VERSION = "2"


def environment_digest(root, library="gradlib", style="matplotlibrc", data="data"):
    """Hash everything every snippet result depends on, except the snippet itself.

    Parameters
    ----------
    root : path-like
        Project root.
    library, style, data : str
        Library folder, plot style file and data folder, relative to ``root``;
        missing ones count as empty.

    Returns
    -------
    str
        Hex SHA-256 digest.
    """
    root = Path(root)
    h = hashlib.sha256()
    h.update(f"layout {LAYOUT_VERSION}\n".encode())
    h.update(f"python {platform.python_implementation()} {platform.python_version()}\n".encode())
    for dist in DEPENDENCIES:
        try:
            version = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            version = "absent"
        h.update(f"{dist} {version}\n".encode())
    engine = Path(__file__).parent
    for name in ENGINE_MODULES:
        _hash_file(h, engine / name, f"engine/{name}")
    for folder in (library, data):
        for path in _files_under(root / folder):
            _hash_file(h, path, path.relative_to(root).as_posix())
    if (root / style).is_file():
        _hash_file(h, root / style, style)
    return h.hexdigest()


def snippet_key(environment, name, source):
    """Key of one snippet's result.

    Parameters
    ----------
    environment : str
        :func:`environment_digest` of the project.
    name : str
        The snippet's path relative to the project root, e.g.
        ``"snippets/gradients/descent.py"``.
    source : bytes
        The snippet's file contents.

    Returns
    -------
    str
        Hex digest, shortened to 32 characters (128 bits).
    """
    h = hashlib.sha256()
    h.update(environment.encode())
    h.update(b"\0" + name.encode() + b"\0")
    h.update(source)
    return h.hexdigest()[:32]


def _files_under(folder):
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


def _hash_file(h, path, name):
    h.update(f"file {name}\n".encode())
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    h.update(b"\n")


class Cache:
    """Finished snippet results on disk, one folder per key.

    Parameters
    ----------
    folder : path-like
        Where entries live; created on first write.
    """

    def __init__(self, folder):
        self.folder = Path(folder)

    def entry(self, key):
        """Folder of the finished entry for ``key``, or None if there is none."""
        path = self.folder / key
        if (path / "result.json").is_file():
            return path
        return None

    def new_workspace(self):
        """Create and return an empty private folder for a run in progress."""
        self.folder.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix="tmp-", dir=self.folder))

    def commit(self, workspace, key, result):
        """Turn a successful run's workspace into the entry for ``key``.

        ``result.json`` is written last, and the folder appears under its
        final name in one rename, so a reader never sees half an entry.

        Parameters
        ----------
        workspace : Path
            Folder from :meth:`new_workspace` holding the run's files.
        key : str
        result : dict
            Stored as ``result.json``.

        Returns
        -------
        Path
            The entry folder.
        """
        with open(workspace / "result.json", "w", encoding="utf-8") as f:
            json.dump(result, f, indent=1)
        target = self.folder / key
        try:
            os.rename(workspace, target)
        except OSError:
            # Another build stored the same key first: its files are equal.
            shutil.rmtree(workspace, ignore_errors=True)
            if self.entry(key) is None:
                raise
        return target

    def discard(self, workspace):
        """Remove the workspace of a failed run."""
        shutil.rmtree(workspace, ignore_errors=True)

    def read_timings(self):
        """Last known run time of each snippet, ``{name: seconds}``."""
        try:
            with open(self.folder / "timings.json", encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    def write_timings(self, timings):
        """Store run times for the next build's scheduling (best effort)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f"timings.json.{os.getpid()}"
        try:
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(dict(sorted(timings.items())), f, indent=1)
            os.replace(tmp, self.folder / "timings.json")
        except OSError:
            pass
