"""The home page on a phone: few requests, few bytes, no JavaScript, compressed and cached.

Measured against gunicorn with production settings and collected static files,
as the site is deployed (WhiteNoise, compressed and hashed files), not against
the test server, which serves neither compressed nor hashed files.
"""

import re

import pytest

from tests.servers import (
    Gunicorn,
    collected_static_root,
    fetch,
    fresh_database,
    prepare_site,
    production_env,
    stylesheet_url,
)

from .conftest import LOCALE, PHONE_VIEWPORT

MAX_REQUESTS = 8
MAX_TRANSFERRED_BYTES = 100 * 1024
MAX_STYLESHEET_BYTES = 15 * 1024
ONE_YEAR_SECONDS = 365 * 24 * 60 * 60


@pytest.fixture(scope="module")
def production_site(tmp_path_factory):
    """The demo site served by gunicorn with production settings; returns its base URL."""
    folder = tmp_path_factory.mktemp("page-weight")
    with fresh_database("smart_page_weight", folder) as database_url:
        env = production_env(
            database_url,
            static_root=collected_static_root(),
            media_root=folder / "media",
            WEB_CONCURRENCY=1,
            GUNICORN_THREADS=4,
        )
        prepare_site(env)
        with Gunicorn(env, log_path=folder / "gunicorn.log") as server:
            yield server.url


@pytest.fixture
def phone_context(browser):
    contexts = []

    def new_context(**options):
        context = browser.new_context(locale=LOCALE, viewport=PHONE_VIEWPORT, **options)
        contexts.append(context)
        return context

    yield new_context
    for context in contexts:
        context.close()


def load_and_record(context, url):
    """Loads the page until the network is idle; returns the response and every request."""
    page = context.new_page()
    finished, failed = [], []
    page.on("requestfinished", lambda request: finished.append(request))
    page.on("requestfailed", lambda request: failed.append(request))
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.status == 200, url
    assert not failed, [request.url for request in failed]
    return page, response, finished


def transferred_bytes(request):
    sizes = request.sizes()
    return sizes["responseHeadersSize"] + sizes["responseBodySize"]


def describe(requests):
    return "\n".join(
        f"  {transferred_bytes(request):>7} B  {request.resource_type:<10} {request.url}"
        for request in requests
    )


def test_home_page_loads_in_few_requests_and_few_bytes_on_a_phone(production_site, phone_context):
    _, _, requests = load_and_record(phone_context(), f"{production_site}/")
    total = sum(transferred_bytes(request) for request in requests)
    assert len(requests) <= MAX_REQUESTS, f"{len(requests)} requests:\n{describe(requests)}"
    assert total <= MAX_TRANSFERRED_BYTES, f"{total} bytes:\n{describe(requests)}"


def test_home_page_is_complete_without_javascript(production_site, phone_context):
    page, _, requests = load_and_record(
        phone_context(java_script_enabled=False), f"{production_site}/"
    )
    assert page.locator("h1").inner_text().strip() == "Smart en France"
    menu = page.get_by_role("navigation", name="Navigation principale")
    assert menu.get_by_role("link", name="L'écosystème").is_visible()
    cards = page.locator(".card")
    assert cards.count() >= 3
    assert cards.get_by_role("link", name="Alterna").is_visible()
    assert not [request for request in requests if request.resource_type == "script"]


def test_css_is_one_stylesheet_under_15_kb_compressed(production_site, phone_context):
    _, _, requests = load_and_record(phone_context(), f"{production_site}/")
    stylesheets = [request for request in requests if request.resource_type == "stylesheet"]
    assert len(stylesheets) == 1, describe(stylesheets)
    stylesheet = stylesheets[0]
    assert stylesheet.response().header_value("content-encoding") in {"br", "gzip"}
    assert stylesheet.sizes()["responseBodySize"] < MAX_STYLESHEET_BYTES


def test_html_is_compressed_when_the_browser_accepts_it(production_site, phone_context):
    _, response, _ = load_and_record(phone_context(), f"{production_site}/")
    assert response.header_value("content-encoding") in {"br", "gzip"}

    status, headers, _ = fetch(f"{production_site}/", {"Accept-Encoding": "gzip"})
    assert (status, headers.get("Content-Encoding")) == (200, "gzip")
    # A client that does not accept compression gets the page as it is.
    status, headers, body = fetch(f"{production_site}/", {"Accept-Encoding": "identity"})
    assert status == 200 and headers.get("Content-Encoding") is None
    assert b"<h1>Smart en France</h1>" in body


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_static_files_are_served_compressed_and_cached_for_a_year(production_site, encoding):
    _, _, home = fetch(f"{production_site}/")
    css_url = f"{production_site}{stylesheet_url(home.decode())}"
    status, headers, _ = fetch(css_url, {"Accept-Encoding": encoding})
    assert status == 200
    assert headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in headers.get("Vary", "")
    cache_control = headers["Cache-Control"]
    max_age = re.search(r"max-age=(\d+)", cache_control)
    assert max_age and int(max_age.group(1)) >= ONE_YEAR_SECONDS, cache_control
    assert "immutable" in cache_control, cache_control
