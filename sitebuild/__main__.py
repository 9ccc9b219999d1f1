"""Run snippets and lab notebooks without building the site: ``python -m sitebuild run``.

Uses the same cache, keys and settings as ``mkdocs build`` (``extra.snippets``
in ``mkdocs.yml``, then ``GUIDE_*`` variables), and prints the same table, so
a contributor can warm the cache or reproduce a failure in seconds::

    python -m sitebuild run                          # everything
    python -m sitebuild run gradients/descent        # one snippet
    python -m sitebuild run gradients labs/pretraining-dbn.ipynb   # a section and a lab
    python -m sitebuild run --refresh vanishing      # re-run, replacing the cached results

Exit status 1 when anything failed, after printing each failure.
"""

import argparse
import logging
import sys
import time
from pathlib import Path

import yaml

from sitebuild import cache, jobs, runner
from sitebuild.settings import Settings


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml for ``extra.snippets`` alone; MkDocs's own tags become None."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:", lambda loader, suffix, node: None)


def settings_from(config_file, refresh=False):
    """The engine settings of the project whose ``mkdocs.yml`` is ``config_file``."""
    with open(config_file, encoding="utf-8") as f:
        config = yaml.load(f, Loader=_Loader) or {}  # noqa: S506 - a safe loader
    extra = (config.get("extra") or {}).get("snippets")
    settings = Settings.from_config(config_file, extra)
    if refresh:
        settings = Settings(**{**settings.__dict__, "refresh": True})
    return settings, config.get("docs_dir", "docs")


def select(items, names, name_of):
    """The items whose name is, or lies under, one of ``names`` (all when none given)."""
    if not names:
        return list(items)
    return [item for item in items
            if any(name_of(item) == n or name_of(item).startswith(n.rstrip("/") + "/")
                   for n in names)]


def main(argv=None):
    """Parse ``argv``, run what it names, print the table; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m sitebuild",
                                     description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run snippets and labs through the build's cache")
    run.add_argument("names", nargs="*",
                     help="snippets (section/name), sections, or labs (labs/x.ipynb)")
    run.add_argument("--refresh", action="store_true", help="ignore and replace cached results")
    run.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    log = logging.getLogger("sitebuild")
    settings, docs_dir = settings_from(args.config_file.resolve(), args.refresh)
    snippets = select(jobs.discover(settings.root, settings.folder), args.names,
                      lambda s: s.name)
    docs = settings.root / docs_dir
    labs = select(
        [jobs.notebook(p.relative_to(docs).as_posix(), p, docs_dir)
         for p in sorted(docs.rglob("*.ipynb")) if ".ipynb_checkpoints" not in p.parts],
        args.names, lambda n: n.name)
    if not snippets and not labs:
        parser.error(f"nothing matches {' '.join(args.names)}")
    start = time.perf_counter()
    environment = cache.environment_digest(settings.root, settings.library, settings.style,
                                           settings.data)
    results, failures = runner.run(
        [*snippets, *labs], settings.root, cache.Cache(settings.cache), environment,
        processes=settings.jobs or None, timeout=settings.timeout, refresh=settings.refresh,
        logger=log)
    log.info("%d snippets and %d notebooks in %.1f s:\n%s", len(snippets), len(labs),
             time.perf_counter() - start, jobs.summary(results, failures))
    if failures:
        log.error("%s", jobs.JobError(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
