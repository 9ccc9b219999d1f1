"""Every page of the guide in a real browser, as a reader sees it.

Serves the warm build (the ``real_site`` fixture) on 127.0.0.1 and opens each
page in Debian's Chromium at desktop and phone widths: nothing fails, nothing
is fetched from another host, every image loads, every formula is MathML and
nothing overflows.  Screenshots of every page are kept in
``test-artifacts/screenshots/`` for a person to look at.  Skipped when
Chromium or Playwright is missing, except under ``GUIDE_REQUIRE_BROWSER=1``
(set by ``.ci/run``).
"""

import re

import pytest
from browsing import Watched
from sitetools import ROOT

pytestmark = pytest.mark.slow

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
#: TeX that escaped rendering: a command, or a display-math delimiter.
RAW_TEX = re.compile(r"\\(?:frac|sigma|partial|sum|delta|nabla|mathbf|left|right|odot|cdot)\b"
                     r"|\$\$|\\\(|\\\[")

INSPECT = """async () => {
    const article = document.querySelector('article') || document.body;
    const images = [...document.images].filter(i => i.closest('article'));
    // Lab figures load lazily: ask for every one, and wait until each has
    // loaded or failed, so that "broken" means broken, not "not scrolled to".
    for (const i of images) i.loading = 'eager';
    await Promise.all(images.filter(i => !i.complete).map(i => new Promise(done => {
        i.addEventListener('load', done);
        i.addEventListener('error', done);
        setTimeout(done, 15000);
    })));
    return {
        text: article.innerText,
        broken: images.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src),
        images: images.length,
        math: article.querySelectorAll('math').length,
        overflow: document.documentElement.scrollWidth - window.innerWidth,
    };
}"""


def pages_of(site):
    """Site-relative URLs of every page of a built site."""
    rel = (p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return sorted("" if r == "." else r + "/" for r in rel)


@pytest.fixture(scope="module")
def site(real_site):
    return real_site[1].site


@pytest.fixture(scope="module")
def pages(site):
    found = pages_of(site)
    assert len(found) >= 10
    return found


def visit(browser, base, page, width):
    w = Watched(browser, base, viewport=WIDTHS[width])
    try:
        w.page.goto(base + page, wait_until="networkidle", timeout=60_000)
        seen = w.page.evaluate(INSPECT)
        name = page.strip("/").replace("/", "_") or "index"
        SCREENSHOTS.joinpath(width).mkdir(parents=True, exist_ok=True)
        w.page.screenshot(path=SCREENSHOTS / width / f"{name}.png", full_page=True)
        return w, seen
    finally:
        w.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_page_renders_cleanly(browser, served, site, pages, width):
    problems = []
    math_pages = 0
    for page in pages:
        w, seen = visit(browser, served, page, width)
        problems += [f"{page}: console error: {e}" for e in w.errors]
        problems += [f"{page}: request failed: {f}" for f in w.failed]
        problems += [f"{page}: external request: {u}" for u in w.external]
        problems += [f"{page}: image did not load: {src}" for src in seen["broken"]]
        if RAW_TEX.search(seen["text"]):
            problems.append(f"{page}: raw TeX: {RAW_TEX.search(seen['text'])[0]!r}")
        if seen["overflow"] > 0:
            problems.append(f"{page}: {seen['overflow']}px wider than the screen")
        math_pages += seen["math"] > 0
    assert problems == []
    # The guide is mostly equations: most pages must have shown some.
    assert math_pages >= len(pages) // 2


def test_search_finds_backpropagation(browser, served):
    w = Watched(browser, served)
    try:
        page = w.page
        page.goto(served, wait_until="networkidle")
        page.keyboard.press("/")                       # Material's search shortcut
        # Typed key by key: the search reacts to keyboard events, not to a pasted value.
        page.locator("input.md-search__input").press_sequentially("backpropagation", delay=20)
        page.wait_for_selector(".md-search-result__item", timeout=30_000)
        links = page.eval_on_selector_all(".md-search-result__link",
                                          "els => els.map(e => e.getAttribute('href'))")
        assert any("backprop/" in href for href in links), links
        assert w.errors == [] and w.external == []
    finally:
        w.close()


def test_the_palette_toggle_switches_light_and_dark(browser, served):
    w = Watched(browser, served, color_scheme="light")
    try:
        page = w.page
        page.goto(served, wait_until="networkidle")

        def scheme():
            return page.evaluate("""() => [document.body.dataset.mdColorScheme,
                getComputedStyle(document.body).backgroundColor]""")

        seen = {tuple(scheme())}
        # Three states: follow the system, light, dark; each click moves to the next.
        for _ in range(3):
            page.locator("form[data-md-component=palette] label:visible").first.click()
            page.wait_for_timeout(200)
            seen.add(tuple(scheme()))
        names = {name for name, _ in seen}
        assert {"default", "slate"} <= names, seen
        assert len({colour for _, colour in seen}) == 2, seen
        assert w.errors == []
    finally:
        w.close()


def test_instant_navigation_keeps_math_and_figures(browser, served):
    w = Watched(browser, served)
    try:
        page = w.page
        page.goto(served, wait_until="networkidle")
        # A marker that a full page load would wipe out.
        page.evaluate("window.__stillHere = true")
        for target in ("backprop/", "vanishing/speed/", "gradients/"):
            # Mark the old content; instant navigation swaps in new content.
            page.evaluate("document.querySelector('article').dataset.old = '1'")
            # A reader's click on a link to the page (in the nav, perhaps in a
            # collapsed section, so dispatched in the page, where Material listens).
            page.evaluate("""(target) => [...document.querySelectorAll('a[href]')]
                .find(a => a.href.endsWith('/' + target)).click()""", target)
            page.wait_for_url(f"**/{target}")
            page.wait_for_function("""() => {
                const article = document.querySelector('article');
                return article && !article.dataset.old
                    && [...document.images].every(i => i.complete);
            }""", timeout=20_000)
            assert page.evaluate("window.__stillHere === true"), f"{target}: full reload"
            seen = page.evaluate(INSPECT)
            assert seen["math"] > 0, target
            assert seen["images"] > 0 and seen["broken"] == [], (target, seen["broken"])
            assert not RAW_TEX.search(seen["text"]), target
        assert w.errors == [] and w.external == [] and w.failed == []
    finally:
        w.close()
