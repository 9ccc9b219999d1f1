"""Fixtures for the tests of the site build.

The real site is built twice per session, cold and warm, into temporary
folders and shared by every test that needs it.
"""

import socket

import pytest
from browsing import CHROMIUM, Server, launch, missing
from sitetools import ROOT, build, make_project


@pytest.fixture
def tiny(tmp_path):
    """A tiny project with one page and one snippet."""
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def site_port():
    """A free local port, chosen before the build so the site knows its own address."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def real_site(tmp_path_factory, site_port):
    """The guide built twice from an empty cache: ``(cold, warm)`` builds.

    Built for ``http://127.0.0.1:<site_port>/``, where ``served`` serves it:
    Material's instant navigation only follows links within ``site_url``.
    """
    tmp = tmp_path_factory.mktemp("real-site")
    cache = tmp / "cache"
    env = {"SITE_URL": f"http://127.0.0.1:{site_port}/"}
    cold = build(ROOT, cache=cache, site=tmp / "cold", env=env)
    warm = build(ROOT, cache=cache, site=tmp / "warm", env=env)
    return cold, warm


@pytest.fixture(scope="session")
def served(real_site, site_port):
    """Base URL of the warm build of the guide, served on 127.0.0.1."""
    site = real_site[1]
    assert site.returncode == 0, site.log[-3000:]
    server = Server(site.site, site_port)
    yield server.url
    server.close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skipped (or, in CI, failed) when absent."""
    if not CHROMIUM.exists():
        missing(f"no Chromium at {CHROMIUM} (Debian package 'chromium')")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright's Python package is not installed (pip install playwright)")
    with sync_playwright() as pw:
        chromium = launch(pw)
        yield chromium
        chromium.close()
