"""Drive the built site in Debian's Chromium through Playwright.

Shared by the browser tests: a local HTTP server for a built site, the
browser, and a page wrapper that records console errors, failed requests and
every request that would leave the local server (those are blocked).
"""

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]
#: Set by .ci/run: there, a missing browser is a failure, not a skip.
REQUIRED = os.environ.get("GUIDE_REQUIRE_BROWSER") == "1"


def missing(reason):
    """Skip locally, fail where the browser tests are required."""
    if REQUIRED:
        pytest.fail(f"{reason}, but GUIDE_REQUIRE_BROWSER=1")
    pytest.skip(reason)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Server:
    """Serve ``folder`` on 127.0.0.1 (on ``port``, or a free one) until :meth:`close`."""

    def __init__(self, folder, port=0):
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", port), functools.partial(_Quiet, directory=str(folder)))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


def launch(playwright):
    """Debian's Chromium, headless, with no background traffic."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)


class Watched:
    """A browser page that records what goes wrong and keeps every request local."""

    def __init__(self, browser, base, **context):
        self.base = base
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.errors, self.external, self.failed = [], [], []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", self._failed)
        self.page.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.base) or url.startswith(("data:", "blob:")):
            return route.continue_()
        self.external.append(url)
        return route.abort()

    def _failed(self, request):
        # Blocked external requests are reported once, as external.
        if request.url.startswith(self.base):
            self.failed.append(f"{request.url} ({request.failure})")

    def close(self):
        self.context.close()
