"""Settings of the snippet engine: ``extra.snippets`` in ``mkdocs.yml``, then the environment.

Paths are relative to the folder of ``mkdocs.yml`` (the project root). Each
setting can be overridden for one command by an environment variable::

    GUIDE_EXECUTE=0 mkdocs serve       # do not run snippets (numbers show as ...)
    GUIDE_REFRESH=1 mkdocs build       # re-run every snippet, replacing cached results
    GUIDE_CACHE_DIR=/tmp/c mkdocs build
    GUIDE_TIMEOUT=300 GUIDE_JOBS=1 mkdocs build
"""

import os
from dataclasses import dataclass
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}

#: Environment variable for each setting that can be overridden.
ENVIRONMENT = {
    "execute": "GUIDE_EXECUTE",
    "refresh": "GUIDE_REFRESH",
    "cache": "GUIDE_CACHE_DIR",
    "timeout": "GUIDE_TIMEOUT",
    "jobs": "GUIDE_JOBS",
}


@dataclass(frozen=True)
class Settings:
    """Where things are and how snippets run.

    Attributes
    ----------
    root : Path
        Project root: the folder of ``mkdocs.yml``; snippets run there.
    folder : str
        Folder of the snippets, relative to ``root``.
    library, style, data : str
        Library folder, shared plot style and data folder (relative to
        ``root``) that every result depends on.
    execute : bool
        Run snippets; when false, pages show placeholders instead of results.
    refresh : bool
        Ignore cached results and re-run everything.
    cache : Path
        Cache folder.
    timeout : float
        Seconds of CPU time allowed per snippet; every job (snippet or lab)
        may take five times that in wall-clock time.
    jobs : int
        Snippets run at a time; 0 means one per usable core.
    """

    root: Path
    folder: str = "snippets"
    library: str = "gradlib"
    style: str = "matplotlibrc"
    data: str = "data"
    execute: bool = True
    refresh: bool = False
    cache: Path = Path(".cache/snippets")
    timeout: float = 120.0
    jobs: int = 0

    @classmethod
    def from_config(cls, config_file, extra=None, environ=None):
        """Read the settings.

        Parameters
        ----------
        config_file : path-like
            Path of ``mkdocs.yml``.
        extra : dict, optional
            The ``extra.snippets`` mapping of ``mkdocs.yml``.
        environ : mapping, optional
            Environment; default ``os.environ``.

        Returns
        -------
        Settings

        Raises
        ------
        ValueError
            For an unknown key or a value of the wrong kind.
        """
        environ = os.environ if environ is None else environ
        root = Path(config_file).resolve().parent
        given = dict(extra or {})
        known = {"folder", "library", "style", "data", "execute", "refresh", "cache",
                 "timeout", "jobs"}
        unknown = set(given) - known
        if unknown:
            raise ValueError(
                f"unknown setting(s) {', '.join(sorted(unknown))} in extra.snippets of "
                f"mkdocs.yml; known: {', '.join(sorted(known))}"
            )
        for name, variable in ENVIRONMENT.items():
            if variable in environ:
                given[name] = environ[variable]
        values = {}
        for name in ("folder", "library", "style", "data"):
            if name in given:
                values[name] = str(given[name])
        for name in ("execute", "refresh"):
            if name in given:
                values[name] = _boolean(name, given[name])
        if "timeout" in given:
            values["timeout"] = _number("timeout", given["timeout"], float, minimum=1e-3)
        if "jobs" in given:
            values["jobs"] = _number("jobs", given["jobs"], int, minimum=0)
        cache = Path(str(given.get("cache", cls.cache)))
        values["cache"] = cache if cache.is_absolute() else root / cache
        return cls(root=root, **values)


def _boolean(name, value):
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{name} must be true or false (1 or 0), got {value!r}")


def _number(name, value, kind, minimum):
    try:
        number = kind(value)
    except (TypeError, ValueError):
        what = "a whole number" if kind is int else "a number"
        raise ValueError(f"{name} must be {what}, got {value!r}") from None
    if number < minimum:
        raise ValueError(f"{name} must be at least {minimum:g}, got {value!r}")
    return number
