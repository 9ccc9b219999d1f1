"""The guide itself: a strict build from an empty cache, then a second, cached build.

Both builds are made once per session (the ``real_site`` fixture) into
temporary folders; the project's own ``.cache`` and ``site`` are not used.
"""

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitetools import ROOT

from sitebuild import jobs
from sitebuild.mathml import find_math_font

pytestmark = pytest.mark.slow

#: Attributes through which a page makes the browser fetch something.
FETCHING = {
    "script": ("src",), "link": ("href",), "img": ("src", "srcset"), "source": ("src", "srcset"),
    "iframe": ("src",), "video": ("src", "poster"), "audio": ("src",), "embed": ("src",),
    "object": ("data",), "input": ("src",), "track": ("src",), "image": ("href",),
    "use": ("href",),
}
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")


class Fetches(HTMLParser):
    """Every URL a page would load: scripts, styles, images, fonts, frames."""

    def __init__(self):
        super().__init__()
        self.urls = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        names = FETCHING.get(tag, ())
        if tag == "link":
            # rel=canonical, next, prev... name pages; they are not fetched.
            rel = (attrs.get("rel") or "").lower()
            fetched = ("stylesheet", "icon", "preload", "prefetch", "manifest")
            names = ("href",) if any(word in rel for word in fetched) else ()
        for name in names:
            value = attrs.get(name) or ""
            self.urls += [part.split()[0] for part in value.split(",") if part.strip()]
        self.urls += CSS_URL.findall(attrs.get("style") or "")
        self._in_style = tag == "style"

    def handle_data(self, data):
        if self._in_style:
            self.urls += CSS_URL.findall(data)

    def handle_endtag(self, tag):
        self._in_style = False


@pytest.fixture(scope="module")
def cold(real_site):
    return real_site[0]


@pytest.fixture(scope="module")
def warm(real_site):
    return real_site[1]


def test_the_strict_build_succeeds(cold):
    assert cold.returncode == 0, cold.log[-5000:]


def snippet_rows(build):
    # The table lists the lab notebooks too (names ending in .ipynb).
    return {name: status for name, status in build.snippet_rows().items()
            if not name.endswith(".ipynb")}


def test_every_snippet_runs_in_a_cold_build(cold):
    names = {s.name for s in jobs.discover(ROOT)}
    assert names
    assert snippet_rows(cold) == dict.fromkeys(names, "ran"), cold.log[-5000:]
    total = len(names) + len(list((ROOT / "docs" / "labs").glob("*.ipynb")))
    assert f"{total}/{total} done" in cold.log


def test_a_second_build_runs_nothing(cold, warm):
    assert warm.returncode == 0, warm.log[-5000:]
    names = {s.name for s in jobs.discover(ROOT)}
    assert warm.snippet_rows() == dict.fromkeys(cold.snippet_rows(), "cached")
    assert snippet_rows(warm) == dict.fromkeys(names, "cached")
    assert f"{len(names)} of {len(names)} from cache" in warm.log
    assert " done (" not in warm.log


def test_cached_figures_are_the_fresh_ones(cold, warm):
    def figures(site):
        return {p.relative_to(site): p.read_bytes() for p in (site / "figures").rglob("*.svg")}

    assert figures(cold.site) == figures(warm.site)


def test_the_warm_build_is_the_cold_one_byte_for_byte(cold, warm):
    # Pages, search index, figures, lab figures and stylesheets: nothing
    # depends on the moment of the build or on where a result came from.
    def files(site):
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
                if p.is_file()}

    first, second = files(cold.site), files(warm.site)
    assert set(first) == set(second)
    assert sorted(name for name in first if first[name] != second[name]) == []


def test_lab_pages_are_light(cold):
    import gzip

    for page in (cold.site / "labs").glob("*/index.html"):
        html = page.read_bytes()
        body = html[html.index(b'<div class="jupyter-wrapper">'):]
        assert b"data:image" not in body and b"<style" not in body
        assert len(gzip.compress(html)) < 50_000, page


def test_nothing_is_fetched_from_another_host(cold):
    found = []
    for page in cold.site.rglob("*.html"):
        parser = Fetches()
        parser.feed(page.read_text(encoding="utf-8"))
        found += [f"{page.relative_to(cold.site)}: {url}" for url in parser.urls
                  if EXTERNAL.match(url)]
    for sheet in cold.site.rglob("*.css"):
        found += [f"{sheet.relative_to(cold.site)}: {url}"
                  for url in CSS_URL.findall(sheet.read_text(encoding="utf-8"))
                  if EXTERNAL.match(url)]
    assert found == []


def test_every_formula_is_mathml(cold):
    for page in cold.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'class="arithmatex">\s*\\[(\[]', html), page


def test_every_figure_has_alt_text_a_caption_and_a_link_to_its_code(cold):
    count = 0
    for page in cold.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for figure in re.findall(r'<figure class="snippet-figure".*?</figure>', html, re.DOTALL):
            count += 1
            assert re.search(r'<img alt="[^"]+"', figure), figure
            assert "<figcaption>" in figure
            link = re.search(r'<a class="snippet-source" href="([^"]+)"', figure)
            assert link, figure
            target = (page.parent / link[1]).resolve()
            assert target.is_file() and target.suffix == ".py", (page, link[1])
    assert count > 0


def test_the_math_font_ships_when_the_build_machine_has_it(cold):
    font = cold.site / "assets" / "guide" / "latinmodern-math.otf"
    css = (cold.site / "assets" / "guide" / "math-font.css").read_text()
    if find_math_font() is None:
        pytest.skip("no Latin Modern Math on this machine (apt-get install fonts-lmodern)")
    assert font.is_file()
    assert 'url("latinmodern-math.otf")' in css


def test_the_contributor_guide_is_a_page(cold):
    html = (cold.site / "contributing" / "index.html").read_text(encoding="utf-8")
    assert "How the build runs snippets" in html
    # Its examples of the include syntax are shown, not executed.
    text = unescape(re.sub(r"<[^>]+>", "", html))
    assert '--8<-- "snippets/gradients/descent.py:descend"' in text


def test_docs_hold_no_python_files():
    assert [p for p in (ROOT / "docs").rglob("*.py")] == []


def test_the_build_wrote_nothing_into_docs(cold):
    generated = {"figures", "snippets", "assets"}
    assert not [p for p in (ROOT / "docs").iterdir() if p.name in generated]
    assert not list(Path(ROOT / "docs").rglob("*.svg"))
