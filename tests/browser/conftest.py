"""Browser tests: a real Chromium, driven by Playwright, against pytest-django's live server.

Chromium is the distribution's own (Debian's `chromium` package), never a browser
downloaded by Playwright: set PLAYWRIGHT_CHROMIUM to use another binary.
"""

import os
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connections

# Playwright's sync API keeps an asyncio event loop registered on the test thread,
# so Django's "async unsafe" guard would refuse every ORM call made by the tests
# and fixtures (loading the demo content, for instance). Nothing here is really
# asynchronous: this is the documented workaround for pytest-django's live_server
# combined with Playwright's sync API.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE_VIEWPORT = {"width": 390, "height": 844}
LOCALE = "fr-FR"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
INSTALL_HINT = (
    "Chromium est introuvable / Chromium not found. Installez-le avec "
    "`apt-get install chromium` (Debian), ou indiquez son chemin dans la variable "
    "d'environnement PLAYWRIGHT_CHROMIUM."
)


def pytest_collection_modifyitems(config, items):
    browser_dir = Path(__file__).parent
    for item in items:
        if browser_dir in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


def skip_or_fail(message):
    """Without a browser the suite skips on a laptop, but a CI run must not pass silently."""
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def find_chromium():
    configured = os.environ.get("PLAYWRIGHT_CHROMIUM")
    if configured:
        if not os.access(configured, os.X_OK):
            skip_or_fail(
                f"PLAYWRIGHT_CHROMIUM={configured} n'est pas un exécutable. {INSTALL_HINT}"
            )
        return configured
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    executable = find_chromium()
    if executable is None:
        skip_or_fail(INSTALL_HINT)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail('Playwright n\'est pas installé : `pip install -e ".[test]"`.')

    django_connections = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        # From here on the thread counts as running an event loop, and Django keeps
        # its connections in a separate, per-context store: without this, tests run
        # after the browser started would get new connection objects, without the
        # test database's serialized contents that live_site's rollback relies on.
        for alias, connection in django_connections.items():
            connections[alias] = connection
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_site):
    """Opens a page in a fresh browser context; contexts are closed after the test.

    It depends on live_site so that its contexts close before live_site waits for
    the server to finish and the database is flushed (fixtures end in reverse).
    """
    contexts = []

    def open_page(viewport=PHONE_VIEWPORT, bypass_csp=False):
        context = browser.new_context(locale=LOCALE, viewport=viewport, bypass_csp=bypass_csp)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A phone-sized page (390 x 844), French locale, with the site's CSP enforced."""
    return new_page()


@pytest.fixture
def axe_page(new_page):
    # axe-core is injected as an inline script, which the site's strict CSP
    # (script-src 'self' 'nonce-…') rightly blocks: this context bypasses the CSP
    # so that axe can run. The CSP itself is tested elsewhere, with it enforced.
    return new_page(bypass_csp=True)


@pytest.fixture
def live_site(live_server, transactional_db, django_db_serialized_rollback):
    """The live server, serving the demo content; returns its base URL.

    live_server needs a transactional database, which is flushed after each test:
    the serialized rollback puts back the demo site, built once for the whole run
    (tests/conftest.py, django_db_setup).
    """
    yield live_server.url
    wait_for_the_requests_in_progress(live_server)


def wait_for_the_requests_in_progress(live_server, timeout=10):
    # A request the browser sent just before its context closed (the admin polls
    # in the background) may still be running on the server: flushing the
    # database under it fails with "database table is locked" on SQLite.
    deadline = time.monotonic() + timeout
    for thread in list(getattr(live_server.thread.httpd, "_threads", [])):
        thread.join(max(0, deadline - time.monotonic()))


def axe_source():
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page, tags=WCAG_TAGS):
    """Runs axe-core on the page as it is now and returns its violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(results => results.violations)",
        tags,
    )


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            lines.append(f"    {', '.join(map(str, node['target']))}")
    return "\n".join(lines)


def assert_no_axe_violations(page, tags=WCAG_TAGS):
    violations = axe_violations(page, tags)
    if violations:
        pytest.fail(
            f"axe-core ({', '.join(tags)}) on {page.url}:\n{format_violations(violations)}",
            pytrace=False,
        )


class RequestGuard:
    """Records every request a page's context makes."""

    def __init__(self, page):
        self.urls = []
        page.context.on("request", lambda request: self.urls.append(request.url))

    def assert_only_to(self, base_url):
        allowed = urlsplit(base_url).netloc
        elsewhere = [
            url
            for url in self.urls
            if urlsplit(url).scheme not in {"data", "blob", "about"}
            and urlsplit(url).netloc != allowed
        ]
        if elsewhere:
            pytest.fail(
                f"Requests to hosts other than {allowed}:\n" + "\n".join(elsewhere),
                pytrace=False,
            )


@pytest.fixture
def request_guard(page):
    return RequestGuard(page)
