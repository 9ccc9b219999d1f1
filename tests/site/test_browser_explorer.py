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
            grad: document.querySelector('.gf-explorer .gf-grad path').getAttribute('d'),
            mean: document.querySelector('.gf-explorer .gf-mean path').getAttribute('d'),
            points: document.querySelectorAll('.gf-explorer .gf-grad circle').length,
            rows: document.querySelectorAll('.gf-explorer .gf-table tbody tr').length,
            summary: document.querySelector('.gf-explorer .gf-summary').textContent,
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

    page.select_option(".gf-explorer select[name=activation]", "relu")
    relu = watched.state()
    assert relu["grad"] != start["grad"] and relu["mean"] != start["mean"]
    assert relu["selection"].startswith("relu|normal|10")
    assert relu["summary"] != start["summary"]

    page.select_option(".gf-explorer select[name=init]", "he")
    page.select_option(".gf-explorer select[name=depth]", "20")
    page.check(".gf-explorer input[name=bn]")
    page.check(".gf-explorer input[name=residual]")
    deep = watched.state()
    assert deep["selection"] == "relu|he|20|bn|residual"
    assert deep["points"] == deep["rows"] == 20
    assert "The gradient flows" in deep["summary"]

    # A kept network adds a grey series to both charts, and clearing removes it.
    page.click(".gf-explorer button.gf-pin")
    assert page.locator(".gf-explorer .gf-pin path").count() == 2
    page.click(".gf-explorer button.gf-pin")
    assert page.locator(".gf-explorer .gf-pin path").count() == 0

    assert watched.errors == []
    assert watched.external == []


def test_the_data_and_the_controls_are_accessible(watched, served):
    page = watched.page
    page.goto(served + PAGE, wait_until="networkidle")
    watched.explorer()
    controls = ".gf-explorer .gf-controls select, .gf-explorer .gf-controls input"
    for control in page.query_selector_all(controls):
        label = page.query_selector(f"label[for='{control.get_attribute('id')}']")
        assert label is not None and label.inner_text().strip()
    assert page.locator(".gf-explorer .gf-chart > title").count() == 2
    assert page.get_attribute(".gf-explorer .gf-summary", "aria-live") == "polite"


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
    page.select_option(".gf-explorer select[name=activation]", "tanh")
    assert watched.state()["selection"].startswith("tanh|")
    assert watched.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_it_fits_a_phone_in_both_schemes(browser, served, scheme):
    w = Explorer(browser, served, viewport={"width": 390, "height": 844}, color_scheme=scheme)
    try:
        w.page.goto(served + PAGE, wait_until="networkidle")
        w.explorer()
        w.page.select_option(".gf-explorer select[name=depth]", "20")
        assert w.page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        width = w.page.evaluate(
            "document.querySelector('.gf-explorer .gf-chart').getBoundingClientRect().width")
        assert 200 <= width <= 390
        # The series take their colour from the scheme's own variables.
        colour = w.page.evaluate(
            "getComputedStyle(document.querySelector('.gf-explorer .gf-grad path')).stroke")
        assert colour == ("rgb(0, 114, 178)" if scheme == "light" else "rgb(86, 180, 233)")
        assert w.errors == [] and w.external == []
    finally:
        w.close()


# -- the explorer in motion ---------------------------------------------------------------

class Training(Watched):
    """A watched page that knows the training explorer's parts."""

    def ready(self):
        self.page.wait_for_selector(".gf-training[data-ready='1'] .gf-grad path")
        return self.page

    def state(self):
        """What the reader sees: the per-layer profile, the epoch markers, the summary."""
        return self.page.evaluate("""() => {
            const root = document.querySelector('.gf-training');
            const cursor = (i) => root.querySelectorAll('.gf-cursor')[i]?.getAttribute('x1');
            return {
                selection: root.dataset.selection,
                epoch: Number(root.dataset.epoch),
                playing: root.dataset.playing,
                slider: Number(root.querySelector('input[type=range]').value),
                profile: root.querySelector('.gf-grad path')?.getAttribute('d'),
                start: root.querySelector('.gf-start path')?.getAttribute('d'),
                points: root.querySelectorAll('.gf-grad circle').length,
                accuracy: root.querySelector('.gf-acc path')?.getAttribute('d'),
                cursors: [cursor(0), cursor(1)],
                button: root.querySelector('button.gf-play').textContent,
                summary: root.querySelector('.gf-summary').textContent,
            };
        }""")


@pytest.fixture
def training(browser, served):
    w = Training(browser, served)
    w.page.goto(served + PAGE, wait_until="networkidle")
    w.ready()
    yield w
    w.close()


def test_the_slider_moves_the_charts_through_the_epochs(training):
    page = training.page
    start = training.state()
    # It opens on the lab's network, at its first epoch.
    assert start["selection"] == "sigmoid|scaled_normal|4|0.5"
    assert start["epoch"] == start["slider"] == 0 and start["points"] == 4
    assert start["profile"] == start["start"]
    assert start["summary"].startswith("Epoch 0 of 60")
    assert "last hidden layer learns" in start["summary"]

    page.locator(".gf-training input[type=range]").fill("30")
    mid = training.state()
    assert mid["epoch"] == 30
    assert mid["profile"] != start["profile"] and mid["start"] == start["start"]
    assert mid["accuracy"] == start["accuracy"]                   # the history stays put
    assert all(m != s for m, s in zip(mid["cursors"], start["cursors"], strict=True))
    assert mid["summary"].startswith("Epoch 30 of 60") and mid["summary"] != start["summary"]

    # The keyboard moves it too: the slider is a range input.
    page.focus(".gf-training input[type=range]")
    page.keyboard.press("End")
    end = training.state()
    assert end["epoch"] == 60 and end["profile"] not in (start["profile"], mid["profile"])
    # The lab's finding: off the plateau, the first hidden layer is the faster one.
    assert "first hidden layer learns" in end["summary"]
    page.keyboard.press("ArrowLeft")
    assert training.state()["epoch"] == 59

    # Another network: its own history and its own learning rates.
    page.select_option(".gf-training select[name=activation]", "relu")
    relu = training.state()
    assert relu["selection"] == "relu|scaled_normal|4|0.05"
    assert relu["accuracy"] != end["accuracy"]
    assert page.eval_on_selector_all(".gf-training select[name=rate] option",
                                     "os => os.map(o => o.value)") == ["0.01", "0.05"]
    assert training.errors == [] and training.external == []


def test_play_and_pause(training):
    page = training.page
    play = page.locator(".gf-training button.gf-play")
    assert play.text_content() == "Play"
    play.click()
    page.wait_for_function(
        "Number(document.querySelector('.gf-training').dataset.epoch) >= 3")
    running = training.state()
    assert running["playing"] == "true" and running["button"] == "Pause"
    play.click()
    paused = training.state()
    assert paused["playing"] == "false" and paused["button"] == "Play"
    assert paused["slider"] == paused["epoch"] >= 3
    page.wait_for_timeout(600)
    assert training.state()["epoch"] == paused["epoch"]           # stopped means stopped
    assert training.state()["profile"] != training.state()["start"]

    # Played to the end, it stops there; playing again starts from the first epoch.
    page.locator(".gf-training input[type=range]").fill("58")
    play.press("Enter")                                           # a button, by keyboard
    page.wait_for_function("document.querySelector('.gf-training').dataset.playing === 'false'")
    assert training.state()["epoch"] == 60 and play.text_content() == "Play again"
    play.click()
    page.wait_for_function("document.querySelector('.gf-training').dataset.epoch !== '60'")
    assert training.state()["epoch"] < 60
    play.click()
    assert training.errors == []


def test_dead_and_diverged_networks_are_said_so(training):
    page = training.page
    page.select_option(".gf-training select[name=activation]", "relu")
    page.select_option(".gf-training select[name=init]", "normal")
    page.locator(".gf-training input[type=range]").fill("10")
    assert "every one's gradient is 0" in training.state()["summary"]
    page.select_option(".gf-training select[name=depth]", "6")
    assert page.is_visible(".gf-training .gf-missing")
    assert "training diverged at epoch 1" in page.text_content(".gf-training .gf-missing")
    assert page.is_disabled(".gf-training input[type=range]")
    assert page.is_disabled(".gf-training button.gf-play")
    page.select_option(".gf-training select[name=init]", "he")
    assert not page.is_visible(".gf-training .gf-missing")
    assert not page.is_disabled(".gf-training input[type=range]")
    assert training.errors == []


def test_the_training_controls_are_labelled(training):
    page = training.page
    controls = page.query_selector_all(".gf-training select, .gf-training input")
    assert len(controls) == 5
    for control in controls:
        label = page.query_selector(f"label[for='{control.get_attribute('id')}']")
        assert label is not None and label.inner_text().strip()
    assert page.get_attribute(".gf-training input[type=range]", "aria-valuetext") == \
        "epoch 0 of 60"
    assert page.locator(".gf-training .gf-chart > title").count() == 3
    # The page ships the whole grid, and little of it.
    sizes = page.eval_on_selector_all(
        "script[type='application/json'][id^=gf-]", "ss => ss.map(s => s.textContent.length)")
    assert len(sizes) == 13 and sum(sizes) < 300_000


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_training_explorer_fits_a_phone_in_both_schemes(browser, served, scheme):
    w = Training(browser, served, viewport={"width": 390, "height": 844}, color_scheme=scheme)
    try:
        w.page.goto(served + PAGE, wait_until="networkidle")
        w.ready()
        w.page.locator(".gf-training input[type=range]").fill("25")
        assert w.page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        widths = w.page.eval_on_selector_all(
            ".gf-training .gf-chart", "cs => cs.map(c => c.getBoundingClientRect().right)")
        assert len(widths) == 3 and all(200 <= r <= 390 for r in widths)
        colour = w.page.evaluate(
            "getComputedStyle(document.querySelector('.gf-training .gf-grad path')).stroke")
        assert colour == ("rgb(0, 114, 178)" if scheme == "light" else "rgb(86, 180, 233)")
        assert w.errors == [] and w.external == []
    finally:
        w.close()
