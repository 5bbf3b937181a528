"""
Browser tests: Playwright driving Debian's chromium (never a downloaded browser).

Without chromium they skip with a reason; with KZPRESS_REQUIRE_BROWSER=1 (CI) they fail
instead, so a CI run cannot pass with them skipped.
"""

import os
import shutil
import threading
import time

import pytest

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium")
    if path is None:
        reason = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("KZPRESS_REQUIRE_BROWSER"):
            pytest.fail(reason + " and KZPRESS_REQUIRE_BROWSER is set")
        pytest.skip(reason)
    return path


def wait_for_request_threads(timeout=10):
    """Let the live server's request threads end: each closes its database connections on the way out, which
    the in-memory SQLite database allows only while the live server shares it (until the session's end)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(
            thread.name.endswith("(process_request_thread)") for thread in threading.enumerate()):
        time.sleep(0.05)


@pytest.fixture(scope="session")
def browser(chromium_path, live_server):
    # Asks for live_server so that chromium, and the keep-alive connections it holds, close before the server stops.
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - requirements-dev.txt installs it
        if os.environ.get("KZPRESS_REQUIRE_BROWSER"):
            raise
        pytest.skip("playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
    wait_for_request_threads()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/**")  # the index, or the desk for editors and translators
    return page


@pytest.fixture
def admin_page(page, live_server, admin_user):
    """A browser page logged in to the admin as a superuser."""
    return log_in(page, live_server, admin_user.username, "password")


@pytest.fixture
def screenshot():
    """Save a screenshot under $KZPRESS_SCREENSHOTS (e.g. docs/) when set; the tests look at the page either way."""
    directory = os.environ.get("KZPRESS_SCREENSHOTS")

    def take(page, name, **options):
        if directory:
            page.screenshot(path=os.path.join(directory, f"{name}.png"), **options)

    return take


@pytest.fixture(autouse=True)
def reference_data(request):
    """Transactional tests flush every table after each test, data migrations' rows included: load them again."""
    if "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from articles.editorial.access import sync_groups
    from articles.glossary_data import load_glossary
    from articles.models import Agency, Region, SitePage, Term
    from articles.reference import load_reference_data
    from articles.site_pages import load_site_pages

    load_reference_data(Region, Agency)
    load_glossary(Term)
    load_site_pages(SitePage)
    sync_groups()
