import os
from pathlib import Path

import pytest

from dashboard.browser import CHROMIUM, launch, serve_app

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "artifacts"


def pytest_collection_modifyitems(items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"{CHROMIUM} is missing: CI must install Debian's chromium")
    for item in items:
        item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} is not installed"))


@pytest.fixture(scope="session")
def server():
    with serve_app() as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    from dashboard.browser import Guard

    context = browser.new_context(viewport={"width": 1400, "height": 2400}, accept_downloads=True)
    page = context.new_page()
    page.guard = Guard()
    page.route("**/*", page.guard)
    yield page
    assert page.guard.blocked == [], f"the app asked for the internet: {page.guard.blocked}"
    context.close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


VIEWPORTS = {"desktop": (1440, 900), "phone": (390, 844)}  # the sizes the app is checked at


@pytest.fixture(params=list(VIEWPORTS))
def sized_page(request, browser):
    """A page at each of VIEWPORTS in turn, guarded against the internet; `viewport_name` says which."""
    from dashboard.browser import Guard

    width, height = VIEWPORTS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.guard = Guard()
    page.route("**/*", page.guard)
    page.viewport_name = request.param
    yield page
    assert page.guard.blocked == [], f"the app asked for the internet: {page.guard.blocked}"
    context.close()
