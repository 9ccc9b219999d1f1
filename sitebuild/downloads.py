"""Download links: the snippets behind each page, and each lab notebook's source.

Every page that uses snippets (includes their code, quotes their numbers or
output, shows their figures) ends with a *Downloads* box that links each of
those snippets' files, which the build publishes under ``snippets/``. Every
notebook page gets a box under its title that links the notebook itself, as
committed (without outputs), published next to the page.

The boxes are HTML added after Markdown conversion, so they look the same
whatever the Markdown extensions; :mod:`sitebuild.hooks` calls these
functions.
"""

import ast
import functools
import html
import posixpath
import re
from pathlib import Path

from sitebuild import markup

# An include line (not one escaped with a leading ";", as pages that show
# the syntax write it).
_INCLUDE = re.compile(r"""^[ \t]*-+8<-+[ \t]+["']?(?P<path>[^"':\s]+\.py)""")
_PLACEHOLDER = re.compile(
    r"\{\{\s*(?:output\s+(?P<output>[\w/-]+)\s*\}\}|(?P<value>[\w/-]+)\.[A-Za-z_])"
)
_FIGURE = re.compile(r"\]\(fig:(?P<target>[\w/.-]+)/[^/\s)\"]+")
_H1_END = re.compile(r"</h1\s*>", re.I)
# Python-Markdown's footnotes, which end a page.
_FOOTNOTES = re.compile(r'<div class="footnote">')


def snippets_used(markdown, sources):
    """The snippets a page uses, in the order it first mentions them.

    A page uses a snippet when it includes code from its file
    (``--8<-- "snippets/x/y.py:section"``), quotes one of its values
    (``{{ x/y.name }}``) or its output (``{{ output x/y }}``), or shows one
    of its figures (``fig:x/y/label``). Placeholders inside code (where
    pages show the syntax itself) do not count.

    Parameters
    ----------
    markdown : str
        The page's Markdown, before the page syntax is expanded.
    sources : dict
        ``{name: rel}`` of every snippet, as in :class:`sitebuild.markup.Snippets`.

    Returns
    -------
    list of str
        Snippet names, e.g. ``["gradients/descent"]``.
    """
    by_path = {rel: name for name, rel in sources.items()}
    found = []

    def use(name):
        if name in sources and name not in found:
            found.append(name)

    for line in markup.scan(markdown):
        if line.kind == markup.FENCE:
            continue
        if (include := _INCLUDE.match(line.text)) and include["path"] in by_path:
            use(by_path[include["path"]])
        if line.kind == markup.CODE:
            continue
        text = markup.prose(line.text)
        for match in _PLACEHOLDER.finditer(text):
            use(match["output"] or match["value"])
        for match in _FIGURE.finditer(text):
            use(match["target"])
    return found


def snippets_box(names, sources, page_uri, root):
    """HTML of a page's Downloads box, or ``""`` when the page uses no snippet.

    Parameters
    ----------
    names : list of str
        From :func:`snippets_used`.
    sources : dict
        ``{name: rel}``; ``rel`` is also the file's path in the site.
    page_uri : str
        The page's path in the built site, e.g. ``"gradients/index.html"``:
        links are relative to it.
    root : path-like
        Project root, where the snippet files are read for their docstrings.

    Returns
    -------
    str
    """
    if not names:
        return ""
    items = []
    for name in names:
        rel = sources[name]
        href = _relative(rel, page_uri)
        summary = _docstring(Path(root) / rel)
        item = (f'<a href="{html.escape(href)}" download><code>{html.escape(rel)}</code></a>')
        if summary:
            item += f": {html.escape(summary)}"
        items.append(f"<li>{item}</li>")
    example = html.escape(f"python {sources[names[0]]}")
    count = "script" if len(names) == 1 else "scripts"
    return (
        '\n<div class="admonition downloads">\n'
        '<p class="admonition-title">Downloads</p>\n'
        f"<p>The {count} behind the code, figures and numbers of this page. Run one from "
        f"the root of a clone of the repository: <code>{example}</code>.</p>\n"
        f'<ul>\n{"".join(items)}\n</ul>\n</div>\n'
    )


def notebook_uri(page_uri, name):
    """Where a notebook's source is published: next to its page.

    Parameters
    ----------
    page_uri : str
        The notebook page's path in the site, e.g. ``"labs/backprop/index.html"``.
    name : str
        The notebook's path under ``docs/``, e.g. ``"labs/backprop.ipynb"``.

    Returns
    -------
    str
        E.g. ``"labs/backprop/backprop.ipynb"``.
    """
    return posixpath.join(posixpath.dirname(page_uri), posixpath.basename(name))


def notebook_box(page_uri, name):
    """HTML of the box that offers a notebook page's ``.ipynb`` for download.

    Parameters
    ----------
    page_uri : str
        The page's path in the site.
    name : str
        The notebook's path under ``docs/``.

    Returns
    -------
    str
    """
    href = _relative(notebook_uri(page_uri, name), page_uri)
    file_name = posixpath.basename(name)
    return (
        '\n<div class="admonition downloads">\n'
        '<p class="admonition-title">Downloads</p>\n'
        f'<p><a href="{html.escape(href)}" download><code>{html.escape(file_name)}</code></a>: '
        "this notebook, without its outputs, to run in Jupyter from the root of a clone "
        f"of the repository (it is <code>docs/{html.escape(name)}</code> there). "
        "The outputs below were computed when this site was built.</p>\n</div>\n"
    )


def before_footnotes(content, box):
    """Insert ``box`` at the end of the page's text, before its footnotes if it has any."""
    footnotes = _FOOTNOTES.search(content)
    if footnotes is None:
        return content + box
    return content[:footnotes.start()] + box + content[footnotes.start():]


def after_title(content, box):
    """Insert ``box`` after the page's first ``<h1>`` (at the top if it has none)."""
    end = _H1_END.search(content)
    if end is None:
        return box + content
    return content[:end.end()] + box + content[end.end():]


def _relative(target, page_uri):
    return posixpath.relpath(target, posixpath.dirname(page_uri) or ".")


def _docstring(path):
    try:
        stat = path.stat()
    except OSError:
        return ""
    return _docstring_of(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=512)
def _docstring_of(path, mtime, size):
    try:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return ""
    text = ast.get_docstring(tree) or ""
    return text.strip().split("\n")[0].strip()
