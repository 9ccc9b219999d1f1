"""The gradient-flow explorer in a real browser: it draws, reacts to its controls, stays local.

Serves the guide's cached build (the ``real_site`` fixture) on 127.0.0.1 and
drives Debian's Chromium through Playwright. Skipped when either is missing.
"""

import pytest
from browsing import Watched

pytestmark = pytest.mark.slow

PAGE = "after/explorer/"


class Explorer(Watched):
    """A watched page that knows the explorer's parts."""

    def explorer(self):
        self.page.wait_for_selector(".gf-explorer[data-ready='1'] .gf-grad path")
        return self.page

    def state(self):
        """What the reader sees: the drawn paths, the summary and the table."""
        return self.page.evaluate("""() => ({
            selection: document.querySelector('.gf-explorer').dataset.selection,
            grad: document.querySelector('.gf-grad path').getAttribute('d'),
            mean: document.querySelector('.gf-mean path').getAttribute('d'),
            points: document.querySelectorAll('.gf-grad circle').length,
            rows: document.querySelectorAll('.gf-table tbody tr').length,
            summary: document.querySelector('.gf-summary').textContent,
        })""")

    def close(self):
        self.context.close()


@pytest.fixture
def watched(browser, served):
    w = Explorer(browser, served)
    yield w
    w.close()


def test_changing_a_control_redraws_the_chart(watched, served):
    page = watched.page
    page.goto(served + PAGE, wait_until="networkidle")
    watched.explorer()
    start = watched.state()
    assert start["selection"].startswith("sigmoid|normal|10")
    assert start["points"] == start["rows"] == 10
    assert "vanishes toward the input" in start["summary"]

    page.select_option("select[name=activation]", "relu")
    relu = watched.state()
    assert relu["grad"] != start["grad"] and relu["mean"] != start["mean"]
    assert relu["selection"].startswith("relu|normal|10")
    assert relu["summary"] != start["summary"]

    page.select_option("select[name=init]", "he")
    page.select_option("select[name=depth]", "20")
    page.check("input[name=bn]")
    page.check("input[name=residual]")
    deep = watched.state()
    assert deep["selection"] == "relu|he|20|bn|residual"
    assert deep["points"] == deep["rows"] == 20
    assert "The gradient flows" in deep["summary"]

    # A kept network adds a grey series to both charts, and clearing removes it.
    page.click("button.gf-pin")
    assert page.locator(".gf-pin path").count() == 2
    page.click("button.gf-pin")
    assert page.locator(".gf-pin path").count() == 0

    assert watched.errors == []
    assert watched.external == []


def test_the_data_and_the_controls_are_accessible(watched, served):
    page = watched.page
    page.goto(served + PAGE, wait_until="networkidle")
    watched.explorer()
    for control in page.query_selector_all(".gf-controls select, .gf-controls input"):
        label = page.query_selector(f"label[for='{control.get_attribute('id')}']")
        assert label is not None and label.inner_text().strip()
    assert page.locator(".gf-chart > title").count() == 2
    assert page.get_attribute(".gf-summary", "aria-live") == "polite"


def test_it_starts_when_material_swaps_in_a_page(watched, served):
    # With instant navigation, Material replaces the page content in place and
    # announces it on document$, without loading the scripts again. Do the same.
    page = watched.page
    page.goto(served + "after/", wait_until="networkidle")
    assert page.evaluate("typeof document$.next") == "function"
    assert page.locator(".gf-explorer").count() == 0
    page.evaluate("""async (url) => {
        const html = await (await fetch(url)).text();
        const next = new DOMParser().parseFromString(html, "text/html");
        document.querySelector(".md-content").replaceWith(next.querySelector(".md-content"));
        document$.next(document);
    }""", served + PAGE)
    watched.explorer()
    assert watched.state()["points"] == 10
    page.select_option("select[name=activation]", "tanh")
    assert watched.state()["selection"].startswith("tanh|")
    assert watched.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_it_fits_a_phone_in_both_schemes(browser, served, scheme):
    w = Explorer(browser, served, viewport={"width": 390, "height": 844}, color_scheme=scheme)
    try:
        w.page.goto(served + PAGE, wait_until="networkidle")
        w.explorer()
        w.page.select_option("select[name=depth]", "20")
        assert w.page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        width = w.page.evaluate(
            "document.querySelector('.gf-chart').getBoundingClientRect().width")
        assert 200 <= width <= 390
        # The series take their colour from the scheme's own variables.
        colour = w.page.evaluate(
            "getComputedStyle(document.querySelector('.gf-grad path')).stroke")
        assert colour == ("rgb(0, 114, 178)" if scheme == "light" else "rgb(86, 180, 233)")
        assert w.errors == [] and w.external == []
    finally:
        w.close()
