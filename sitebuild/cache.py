"""Content-hash keys for snippet results, and the on-disk cache that holds them.

A result depends on the snippet's own source and on everything it may read:
the library sources, the shared plot style, the data folder, the versions of
Python, numpy, matplotlib and scikit-learn, and the code of the engine that ran
it. All of that goes into the key, so a cache entry can only be reused when a
fresh run would produce the same files.

A job may also import helper modules of the project (``snippets/_plots.py``,
say). Which ones is only known after a run: the run records them, the cache
keeps that list under the job's *source key* (:func:`snippet_key`), and the
entry's key adds the current contents of each listed file
(:meth:`Cache.job_key`). Editing a helper changes the key of every job that
imported it, and only of those.

Layout under the cache folder (default ``.cache/snippets/``)::

    <key>/                 one finished, successful run
        result.json        job, run time, figure labels, and the digest of every file
        stdout.txt
        stderr.txt
        values.json
        figures/<label>.svg
    imports/<source key>.json   the project files the job imported
    tmp-<pid>-*/           runs in progress of build <pid> (renamed to <key>/ on success)
    timings.json           last run time per job, to start long ones first

Nothing on disk is trusted: an entry is used only if every file it lists is
there with the digest stored when it was made (:meth:`Cache.lookup`).
"""

import hashlib
import importlib.metadata
import json
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

from sitebuild import sandbox

#: Distributions whose version changes what a snippet computes or draws.
DEPENDENCIES = ("numpy", "matplotlib", "scikit-learn")

#: Engine modules whose code shapes a stored result.
ENGINE_MODULES = ("cache.py", "execute.py", "preload.py", "runner.py", "sandbox.py",
                  "values.py")

#: Bumped when the entry layout changes, so old entries are never misread.
LAYOUT_VERSION = "3"

#: Age after which a workspace that names no build is removed.
ORPHAN_AGE = 3600.0


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


def import_key(source_key, root, imports):
    """Extend ``source_key`` with the current contents of the project files ``imports``."""
    h = hashlib.sha256(f"{source_key}\n".encode())
    for rel in sorted(imports):
        path = Path(root) / rel
        try:
            digest = file_digest(path)
        except OSError:
            digest = "missing"
        h.update(f"{rel} {digest}\n".encode())
    return h.hexdigest()[:32]


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


def file_digest(path):
    """Hex SHA-256 of one file's contents."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


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
        """Folder of the finished, intact entry for ``key``, or None."""
        entry, _, _ = self.lookup(key)
        return entry

    def lookup(self, key):
        """Find and verify the entry for ``key``.

        Returns
        -------
        entry : Path or None
            The entry folder, when it exists and is intact.
        meta : dict or None
            Its ``result.json``.
        problem : str or None
            Why an existing entry cannot be used (a missing or changed
            file, an unreadable ``result.json``); None when there is no
            entry at all or it is fine.
        """
        path = self.folder / key
        if not path.is_dir():
            return None, None, None
        try:
            with open(path / "result.json", encoding="utf-8") as f:
                meta = json.load(f)
            files = meta["files"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            return None, None, f"result.json is missing or unreadable ({type(exc).__name__})"
        for name, digest in files.items():
            try:
                if file_digest(path / name) != digest:
                    return None, None, f"{name} differs from the file stored"
            except OSError:
                return None, None, f"{name} is missing"
        return path, meta, None

    def remove(self, key):
        """Take the entry for ``key`` out of the cache (a damaged one, say)."""
        path = self.folder / key
        if not path.exists():
            return
        # Renamed first, so that no reader sees it half removed.
        doomed = self.folder / f"tmp-{os.getpid()}-removed-{key}"
        try:
            os.rename(path, doomed)
        except OSError:
            return
        shutil.rmtree(doomed, ignore_errors=True)

    def new_workspace(self):
        """Create and return an empty private folder for a run in progress.

        Its name carries this process's id, so that :meth:`sweep` can tell
        a concurrent build's workspace from one left by a dead build.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f"tmp-{os.getpid()}-", dir=self.folder))

    def sweep(self):
        """Remove the workspaces of builds that are no longer running.

        Returns
        -------
        list of str
            Names of the folders removed.
        """
        removed = []
        try:
            candidates = [p for p in self.folder.iterdir() if p.name.startswith("tmp-")]
        except OSError:
            return removed
        for path in candidates:
            owner = path.name.split("-")[1]
            if owner.isdigit():
                stale = not sandbox.alive(int(owner))
            else:  # a workspace of an older layout: stale once it is old
                try:
                    stale = time.time() - path.stat().st_mtime > ORPHAN_AGE
                except OSError:
                    continue
            if stale:
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path.name)
        return removed

    def job_key(self, source_key, root):
        """Key of a job's entry: its source key and the files it imported last time.

        Returns None when the job has never run (its imports are unknown).
        """
        try:
            with open(self.folder / "imports" / f"{source_key}.json", encoding="utf-8") as f:
                imports = json.load(f)
        except (OSError, ValueError):
            return None
        return import_key(source_key, root, imports)

    def record_imports(self, source_key, imports):
        """Store the list of project files a job imported (best effort, atomic)."""
        folder = self.folder / "imports"
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f"{source_key}.json.{os.getpid()}"
        try:
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(sorted(imports), f)
            os.replace(tmp, folder / f"{source_key}.json")
        except OSError:
            pass

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
        files = sorted(p for p in workspace.rglob("*") if p.is_file())
        result = {**result, "files": {p.relative_to(workspace).as_posix(): file_digest(p)
                                      for p in files}}
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
