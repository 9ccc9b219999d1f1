"""Build tooling for the guide: snippet execution, caching and the page hooks.

Not part of the teaching library. MkDocs loads :mod:`sitebuild.hooks` through the
``hooks:`` entry of ``mkdocs.yml``; the other modules hold the pieces it calls:

- :mod:`sitebuild.settings`: the engine's settings, from ``mkdocs.yml`` and the environment.
- :mod:`sitebuild.execute`: runs one snippet inside a worker process.
- :mod:`sitebuild.sandbox`: a job's own session, a watchdog on the build, no writes
  into the project.
- :mod:`sitebuild.values`: turns a snippet's top-level variables into JSON.
- :mod:`sitebuild.preload`: what the worker processes import once, up front.
- :mod:`sitebuild.cache`: content-hash keys and atomic cache entries.
- :mod:`sitebuild.jobs`: jobs (snippets and lab notebooks), their one result and one
  failure type, the build's table and the run-time page.
- :mod:`sitebuild.runner`: the one scheduler: every job in its own process, in parallel,
  time-limited, through the cache.
- :mod:`sitebuild.markup`: the page syntax for numbers, outputs and figures.
- :mod:`sitebuild.mathml`: TeX to MathML at build time, and the math font.
- :mod:`sitebuild.notebooks`: how a lab notebook job runs (its kernel) and is rendered.
- :mod:`sitebuild.labhtml`: lab pages made light: stylesheet and figures as files.
- :mod:`sitebuild.downloads`: download links for the snippets and notebooks of each page.
- :mod:`sitebuild.codeblocks`: pytest-codeblocks on pages as the reader sees them.

``python -m sitebuild run [names]`` (:mod:`sitebuild.__main__`) runs snippets and
labs through the build's cache without building the site.
"""
