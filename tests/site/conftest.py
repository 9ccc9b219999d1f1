"""Fixtures for the tests of the site build.

The real site is built twice per session, cold and warm, into temporary
folders and shared by every test that needs it.
"""

import pytest
from sitetools import ROOT, build, make_project


@pytest.fixture
def tiny(tmp_path):
    """A tiny project with one page and one snippet."""
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """The guide built twice from an empty cache: ``(cold, warm)`` builds."""
    tmp = tmp_path_factory.mktemp("real-site")
    cold = build(ROOT, cache=tmp / "cache", site=tmp / "cold")
    warm = build(ROOT, cache=tmp / "cache", site=tmp / "warm")
    return cold, warm
