"""MkDocs hooks of the guide: run the snippets, put their results on pages, render math.

``mkdocs.yml`` names this file under ``hooks:``. In build order:

1. ``on_config``: read the settings (:mod:`sitebuild.settings`).
2. ``on_files``: run every snippet and every lab notebook (or take them from
   the cache; :mod:`sitebuild.notebooks`), fail the build on any error, and
   add the results to the site as generated files: figures under
   ``figures/``, each snippet's source under ``snippets/`` (the figure
   captions link to it), each notebook's source next to its page, the math
   font, and the contributor guide page made from ``CONTRIBUTING.md``.
   Notebook pages are rendered from their executed copies. Nothing is
   written into ``docs/``.
3. ``on_page_markdown``: expand numbers, outputs and figures (:mod:`sitebuild.markup`).
4. ``on_page_content``: TeX to MathML (:mod:`sitebuild.mathml`), notebook
   pages (mkdocs-jupyter) included; notebook pages lose the scripts that
   would fetch from other hosts, and their inline stylesheet and figures,
   which become files (:mod:`sitebuild.labhtml`); download boxes
   (:mod:`sitebuild.downloads`).
5. ``on_post_build``: write those files into the site.
6. ``on_serve``: watch the snippets, the library, the plot style and the data.

This module is the only one that imports MkDocs: the rest of the engine is
plain Python that another site generator could drive.
"""

import json
import re
import shutil
import sys
import time
from pathlib import Path

# MkDocs imports this file by its path, with only this folder importable for
# the duration of the import. The project root must be importable for good:
# the worker processes import sitebuild.execute by name.
_PROJECT = str(Path(__file__).resolve().parent.parent)
if _PROJECT not in sys.path:
    sys.path.append(_PROJECT)

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import get_plugin_logger  # noqa: E402
from mkdocs.structure.files import File, InclusionLevel  # noqa: E402

from sitebuild import (  # noqa: E402
    cache,
    downloads,
    jobs,
    labhtml,
    markup,
    mathml,
    notebooks,
    runner,
    sandbox,
)
from sitebuild.settings import Settings  # noqa: E402

log = get_plugin_logger("snippets")

#: Where the generated math stylesheet and font go in the site.
MATH_CSS = "assets/guide/math-font.css"
MATH_FONT = "assets/guide/latinmodern-math.otf"
#: The contributor guide is kept at the project root, where forges show it.
CONTRIBUTING = ("CONTRIBUTING.md", "contributing.md")
#: The generated page of run times.
TIMES_PAGE = "run-times.md"


#: Why ``--dirty`` is refused.
DIRTY_REFUSED = (
    "--dirty is not supported by this site: a page that did not change would keep the "
    "numbers, output and figures of an older snippet run, or of one that has since failed. "
    "Build without --dirty; unchanged snippets come from the cache, so it costs little."
)


class _Build:
    """What one build has learnt, from ``on_config`` to the last page."""

    settings = None
    snippets = None  # markup.Snippets
    used = None  # {page src_uri: [snippet names]}, for the Downloads boxes
    serving = False  # under `mkdocs serve`: errors become pages, not a stuck server
    failures = None  # {snippet or notebook name: description}, under `mkdocs serve`
    times = None  # Markdown of the run-time page
    written = None  # {site path: bytes} that pages moved out of themselves


_build = _Build()


def on_startup(command, dirty):
    """Refuse ``--dirty``; remember whether this is ``mkdocs serve``."""
    if dirty:
        raise PluginError(DIRTY_REFUSED)
    _build.serving = command == "serve"


def on_config(config):
    """Read the engine settings and register the math stylesheet."""
    try:
        _build.settings = Settings.from_config(
            config.config_file_path, config.extra.get("snippets")
        )
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    _build.snippets = None
    _build.used = {}
    _build.failures = {}
    _build.times = None
    _build.written = {}
    if MATH_CSS not in config.extra_css:
        config.extra_css.insert(0, MATH_CSS)
    return config


def on_files(files, config):
    """Run the snippets and add everything generated to the site."""
    settings = _build.settings
    snippets = jobs.discover(settings.root, settings.folder)
    labs = notebooks.find(files, config.docs_dir)
    results = _run(snippets, labs, settings, config, files) if settings.execute else None
    if not settings.execute:
        log.info("snippet execution is switched off: pages show placeholders")
    _build.snippets = markup.Snippets({s.name: s.rel for s in snippets}, results)

    def add(src_uri, **source):
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(
                f"docs/{src_uri} is in the way of a generated file of the same name; "
                "remove it from docs/"
            )
        files.append(File.generated(config, src_uri, **source))

    for snippet in snippets:
        add(snippet.rel, abs_src_path=str(snippet.path))
    for lab in labs:  # each notebook's source, for download from its page
        page = files.get_file_from_path(lab.name)
        add(downloads.notebook_uri(page.dest_uri, lab.name), abs_src_path=str(lab.path))
    for name, result in (results or {}).items():
        for label in result.figures:
            add(markup.figure_uri(name, label), abs_src_path=str(result.figure_path(label)))
    _add_math_font(add)
    add(TIMES_PAGE, content=_build.times or "# Run times\n\nSnippet execution is switched "
        "off in this build.\n", inclusion=InclusionLevel.INCLUDED)
    source, page = CONTRIBUTING
    if (settings.root / source).is_file():
        text = (settings.root / source).read_text(encoding="utf-8")
        add(page, content=markup.escape_includes(text), inclusion=InclusionLevel.INCLUDED)
    return files


def on_page_markdown(markdown, page, config, files):
    """Expand the page syntax; any bad placeholder fails the build."""
    if not page.file.src_uri.endswith(".md"):
        return markdown  # a notebook: its cells are not Markdown pages
    _build.used[page.file.src_uri] = downloads.snippets_used(markdown, _build.snippets.sources)
    text, errors = markup.render(markdown, page.file.src_uri, _build.snippets)
    if errors and _build.serving:
        return error_page(f"docs/{page.file.src_uri} cannot be shown",
                          "\n".join(errors + list(_build.failures.values())))
    if errors:
        raise PluginError(
            f"{len(errors)} problem(s) with snippet results on docs/{page.file.src_uri}:\n"
            + "\n".join(f"  {error}" for error in errors)
        )
    return text


def on_page_content(html, page, config, files):
    """Render the page's TeX as MathML, in its body and in its table of contents."""
    # Notebook pages (mkdocs-jupyter) keep the $...$ of their Markdown cells;
    # Markdown pages have had theirs marked up by arithmatex.
    notebook = page.file.src_uri.endswith(".ipynb")
    html, errors = mathml.convert_html(html, delimiters=notebook)
    errors += _toc_math(page.toc)
    for error in errors:
        log.warning("docs/%s: %s", page.file.src_uri, error)
    if notebook and page.file.src_uri in _build.failures:
        return labhtml.failure_page(_build.failures[page.file.src_uri])
    if notebook:
        soup = labhtml.parse(html)
        labhtml.clean(soup)
        with open(page.file.abs_src_path, encoding="utf-8") as f:
            cells = json.load(f)["cells"]
        for cell in labhtml.describe_figures(soup, cells):
            log.warning('docs/%s, cell %d: a figure without a description; say what it '
                        'shows in the cell\'s metadata, "alt": "..."', page.file.src_uri, cell)
        # The stylesheet once for all labs, the figures as files: a light page.
        _build.written.update(labhtml.extract_styles(soup, page.url))
        name = page.file.src_uri.removesuffix(".ipynb")
        _build.written.update(labhtml.extract_figures(soup, page.url, name))
        return downloads.after_title(
            labhtml.text(soup), downloads.notebook_box(page.file.dest_uri, page.file.src_uri))
    return downloads.before_footnotes(html, downloads.snippets_box(
        _build.used.get(page.file.src_uri, []), _build.snippets.sources,
        page.file.dest_uri, _build.settings.root))


def on_post_build(config):
    """Write the files that pages gave up (lab stylesheets and figures) into the site."""
    for uri, data in sorted(_build.written.items()):
        path = Path(config.site_dir) / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def on_serve(server, config, builder):
    """Rebuild when a snippet, the library, the plot style or the data change."""
    settings = _build.settings
    for name in (settings.folder, settings.library, settings.style, settings.data,
                 CONTRIBUTING[0]):
        path = settings.root / name
        if path.exists():
            server.watch(str(path))
    return server


def _run(snippets, labs, settings, config, files):
    start = time.perf_counter()
    environment = cache.environment_digest(
        settings.root, settings.library, settings.style, settings.data
    )
    # The audit hook stops writes from Python; what a job's subprocess does
    # is seen afterwards, by comparing the tree (not under `mkdocs serve`,
    # where the contributor edits files while the build runs).
    outputs = [config.site_dir, settings.cache]
    tree = None if _build.serving else sandbox.tree_state(settings.root, outputs)
    # One scheduler for both kinds: the notebooks run alongside the snippets.
    results, failures = runner.run(
        [*snippets, *labs], settings.root, cache.Cache(settings.cache), environment,
        processes=settings.jobs or None, timeout=settings.timeout, refresh=settings.refresh,
        logger=log,
    )
    if tree is not None and (changed := sandbox.changed_files(
            tree, sandbox.tree_state(settings.root, outputs))):
        raise PluginError(
            f"{len(changed)} file(s) of the project changed while the snippets and notebooks "
            f"ran: {', '.join(changed[:10])}. Code run by the build may not change the "
            "project (a subprocess it starts cannot be stopped from writing, so the build "
            "checks afterwards); write into a temporary folder instead. If you edited these "
            "files yourself meanwhile, build again."
        )
    _build.times = jobs.times_page(results)
    ran = sum(not r.cached for r in results.values())
    log.info(
        "%d snippets in %.1f s, %d notebooks alongside (%d ran, %d from cache, %d failed):\n%s",
        len(snippets), time.perf_counter() - start, len(labs), ran,
        len(results) - ran, len(failures), jobs.summary(results, failures),
    )
    for failure in failures:
        # `mkdocs serve` keeps the last build's files: remove the failed
        # jobs' figures and pages so that none is served stale.
        if failure.job.kind == jobs.NOTEBOOK:
            notebooks.discard_site_copy(config.site_dir, failure.job.name)
        else:
            shutil.rmtree(Path(config.site_dir) / "figures" / failure.job.name,
                          ignore_errors=True)
    lab_results = {name: r for name, r in results.items() if r.job.kind == jobs.NOTEBOOK}
    notebooks.use_executed(files, lab_results, Path(settings.cache) / "rendered")
    if failures and _build.serving:
        # A failed build would leave `mkdocs serve` stuck, every request
        # waiting: instead, the pages that need a failed result say so.
        log.info("the build has errors; the pages that need the failed results show them:"
                 "\n%s", jobs.JobError(failures))
        for failure in failures:
            _build.failures[failure.job.name] = failure.describe()
        return results
    if failures:
        raise PluginError(str(jobs.JobError(failures)))
    return results


def error_page(title, text):
    """Markdown of a page that shows a build error (under ``mkdocs serve``)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return (f"# {title}\n\nThe build found the problems below. Save a fix and this page "
            f"reloads with the result.\n\n{fence}text\n{markup.inert(text)}\n{fence}\n")


def _toc_math(items):
    # A heading with math gives a table-of-contents title with bare \(...\).
    errors = []
    for item in items:
        if "\\(" in item.title:
            item.title, found = mathml.convert_text(item.title)
            errors += found
        errors += _toc_math(item.children)
    return errors


def _add_math_font(add):
    font = mathml.find_math_font()
    if font is None:
        log.info(
            "Latin Modern Math not found (Debian: apt-get install fonts-lmodern); "
            "formulas use the reader's math fonts"
        )
        add(MATH_CSS, content=mathml.font_css())
        return
    add(MATH_FONT, abs_src_path=str(font))
    add(MATH_CSS, content=mathml.font_css(Path(MATH_FONT).name))
