"""The HTML of a lab page, as mkdocs-jupyter renders it, made light and self-contained.

Everything here edits the page with a parser (BeautifulSoup), not with
patterns on the text:

- :func:`clean`: remove the scripts of mkdocs-jupyter's template that would
  fetch from other hosts;
- :func:`describe_figures`: give each figure the alt text its cell's metadata holds;
- :func:`extract_styles`: move the notebook stylesheet (some 600 kB, the same
  on every lab page) out of the page, into one file named by its content
  that the browser caches;
- :func:`extract_figures`: move the figures out of the page (base64 PNG
  inside ``src``, and again inside the lightbox link) into files named by
  their content, loaded lazily and opened in the lightbox.

None of this changes what a notebook computes, so none of it is part of a
cache key: editing this module re-renders lab pages without re-running labs.
"""

import base64
import hashlib
import html as html_module
import io
import posixpath
import re

from bs4 import BeautifulSoup
from PIL import Image

#: What nbconvert writes when an image has no description.
DEFAULT_ALT = "No description has been provided for this image"

#: Where the extracted files go in the site.
STYLE_FOLDER = "assets/guide"
FIGURE_FOLDER = "figures"

_OFF_SITE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
_CDN_IMPORT = re.compile(r"""\bimport\s*\(\s*["'](?:https?:)?//""")
_DATA_URI = re.compile(r"^data:image/(?P<kind>png|jpeg|gif|svg\+xml);base64,(?P<data>.*)$",
                       re.S)
_EXTENSIONS = {"png": "png", "jpeg": "jpg", "gif": "gif", "svg+xml": "svg"}


def parse(html):
    """A BeautifulSoup tree of a page's content."""
    return BeautifulSoup(html, "html.parser")


def clean(soup):
    """Remove the template's scripts that fetch from other hosts; return how many.

    The template loads MathJax (formulas here are MathML made at build time,
    so its configuration and its empty ``<script src="">`` go), require.js
    when asked to, and mermaid from a CDN (imported by an inline module
    script). The copy-to-clipboard script, which is inline, stays.
    """
    removed = 0
    for script in soup.find_all("script"):
        src = script.get("src")
        kind = (script.get("type") or "").strip().lower()
        if ((src is not None and (not src.strip() or _OFF_SITE.match(src)))
                or kind == "text/x-mathjax-config"
                or _CDN_IMPORT.search(script.string or "")):
            script.decompose()
            removed += 1
    return removed


def describe_figures(soup, cells):
    """Give each figure the alt text of its cell; return the cells that lack one.

    Jupyter has no place for a figure's description, so a code cell that
    draws figures says what they show in its metadata, ``"alt": "..."`` (or a
    list, one text per figure, in order). nbconvert marks the cells of the
    page with ``id="cell-id=<the cell's id>"``.

    Parameters
    ----------
    soup : bs4.BeautifulSoup
    cells : list of dict
        The notebook's cells, as in its JSON.

    Returns
    -------
    list of int
        Positions (from 1) of the cells that draw a figure without a description.
    """
    alts, position = {}, {}
    for number, cell in enumerate(cells, start=1):
        alt = cell.get("metadata", {}).get("alt")
        position[cell.get("id")] = number
        if alt:
            alts[cell.get("id")] = [alt] if isinstance(alt, str) else list(alt)
    missing = set()
    for element in soup.find_all(id=re.compile(r"^cell-id=")):
        cell_id = element["id"][len("cell-id="):]
        texts = iter(alts.get(cell_id, []))
        for img in element.find_all("img", alt=DEFAULT_ALT):
            text = next(texts, None)
            if text is None:
                missing.add(position.get(cell_id, 0))
            else:
                img["alt"] = text
    return sorted(missing)


def extract_styles(soup, page_url):
    """Replace the page's ``<style>`` elements by one link to a stylesheet file.

    Returns
    -------
    dict
        ``{site path: bytes}`` of the stylesheet (empty when the page has no styles).
    """
    styles = soup.find_all("style")
    if not styles:
        return {}
    css = "\n".join(style.string or "" for style in styles).encode()
    uri = f"{STYLE_FOLDER}/notebook-{hashlib.sha256(css).hexdigest()[:16]}.css"
    link = soup.new_tag("link", rel="stylesheet", href=_relative(uri, page_url))
    styles[0].replace_with(link)
    for style in styles[1:]:
        style.decompose()
    return {uri: css}


def extract_figures(soup, page_url, name):
    """Replace every inline (base64) figure by a file, loaded lazily, in the lightbox.

    Parameters
    ----------
    soup : bs4.BeautifulSoup
    page_url : str
        The page's URL relative to the site root (``"labs/x/"``).
    name : str
        Folder for this page's figures under :data:`FIGURE_FOLDER`: the notebook's path
        without ``.ipynb``, ``"labs/x"``.

    Returns
    -------
    dict
        ``{site path: bytes}``, each file named by a hash of its contents.
    """
    files = {}
    for img in soup.find_all("img", src=_DATA_URI):
        match = _DATA_URI.match(img["src"])
        data = base64.b64decode(match["data"])
        if match["kind"] == "png":
            data = palette_png(data)
        uri = (f"{FIGURE_FOLDER}/{name}/{hashlib.sha256(data).hexdigest()[:16]}."
               f"{_EXTENSIONS[match['kind']]}")
        files[uri] = data
        link = img.parent if img.parent is not None and img.parent.name == "a" else None
        if link is not None and link.get("href") == img["src"]:
            link["href"] = _relative(uri, page_url)
        elif link is None:
            link = soup.new_tag("a", href=_relative(uri, page_url), **{"class": "glightbox"})
            img.wrap(link)
        img["src"] = _relative(uri, page_url)
        img["loading"] = "lazy"
    return files


def palette_png(data):
    """The same PNG with at most 256 colours, about a third of the bytes.

    Plots have few colours besides the anti-aliased edges of their lines, so a
    palette keeps them looking the same; the double-resolution figures of the
    labs would otherwise weigh a few hundred kilobytes a page.  Deterministic,
    like every file of the site.  A figure with transparent pixels keeps its
    alpha channel.
    """
    image = Image.open(io.BytesIO(data))
    image.load()
    if image.mode == "RGBA" and image.getextrema()[3][0] < 255:
        quantized = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE,
                                   dither=Image.Dither.NONE)
    else:
        quantized = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                                  dither=Image.Dither.NONE)
    out = io.BytesIO()
    quantized.save(out, format="PNG", optimize=True)
    return out.getvalue() if out.tell() < len(data) else data


def text(soup):
    """The page's HTML again."""
    return str(soup)


def failure_page(description):
    """HTML of a lab page whose notebook failed (under ``mkdocs serve``)."""
    return ("<h1>This notebook failed</h1><p>Save a fix and the page reloads.</p><pre>"
            + html_module.escape(description) + "</pre>")


def _relative(uri, page_url):
    folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
    return posixpath.relpath(uri, folder.strip("/") or ".")
