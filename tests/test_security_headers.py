"""Every public page type answers with the security headers and cookie flags production sets.

The production values are read from `smart_site.settings.production` itself (in a
subprocess, as it refuses to load without its environment), then applied here with
override_settings, and requests are made over HTTPS as the proxy forwards them.
"""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.test import override_settings
from django.urls import path
from django.utils.csp import CSP

from .test_errors_and_settings import PRODUCTION_ENV, run_python

PUBLIC_PAGE_TYPES = {
    "home": "/",
    "standard": "/qui-sommes-nous/",
    "mission": "/qui-sommes-nous/le-projet/",
    "history": "/qui-sommes-nous/histoire/",
    "ecosystem": "/ecosysteme/",
    "cooperative": "/ecosysteme/alterna/",
    "equality_index": "/index-egalite/",
}
PRODUCTION_SECURITY_SETTINGS = [
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
]
LOGIN_URL = f"/{settings.ADMIN_URL_PATH}/login/"


@pytest.fixture(scope="session")
def production_security():
    """The security settings exactly as production computes them."""
    names = json.dumps(PRODUCTION_SECURITY_SETTINGS)
    result = run_python(
        "smart_site.settings.production",
        PRODUCTION_ENV,
        "-c",
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names}}}))",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def production_client(client, production_security):
    """A client behind production's TLS proxy, under production's security settings."""
    with override_settings(**production_security):
        client.defaults["HTTP_X_FORWARDED_PROTO"] = "https"
        yield client


def csp_directives(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for directive in header.split(";"):
        name, *values = directive.split()
        directives[name] = values
    return directives


def assert_strict_script_policy(response):
    """script-src: our own files, plus the response's nonce when the page has inline scripts."""
    directives = csp_directives(response)
    script_src = directives["script-src"]
    assert "'self'" in script_src
    for loose in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"):
        assert loose not in script_src, f"script-src allows {loose}: {script_src}"
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    nonces = [
        value.removeprefix("'nonce-").removesuffix("'")
        for value in script_src
        if value.startswith("'nonce-")
    ]
    assert len(nonces) <= 1
    soup = BeautifulSoup(response.content, "html.parser")
    # Data blocks (JSON-LD) are never executed, so the policy does not apply to them.
    data_types = {"application/ld+json", "application/json"}
    inline_scripts = [
        script
        for script in soup.find_all("script")
        if not script.get("src") and script.get("type") not in data_types
    ]
    # Django adds the nonce to the header only when the page used it: every inline script
    # carries the response's nonce, and nothing else inline may run.
    for script in inline_scripts:
        assert nonces, f"inline script but no nonce in script-src: {script}"
        assert script.get("nonce") == nonces[0], f"inline script without the nonce: {script}"
    if nonces:
        assert len(nonces[0]) >= 16


def page_with_an_inline_script(request):
    template = Template('<!doctype html><script nonce="{{ csp_nonce }}">let x = 1;</script>')
    return HttpResponse(template.render(RequestContext(request)))


urlpatterns = [path("script-en-ligne/", page_with_an_inline_script)]


def assert_security_headers(response, production_security):
    assert response["Strict-Transport-Security"] == (
        f"max-age={production_security['SECURE_HSTS_SECONDS']}; includeSubDomains"
    )
    assert production_security["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] in {"DENY", "SAMEORIGIN"}
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy, f"{feature} is not switched off: {policy}"


@pytest.mark.parametrize("path", PUBLIC_PAGE_TYPES.values(), ids=PUBLIC_PAGE_TYPES.keys())
def test_public_page_type_sends_every_security_header(
    production_client, production_security, demo_site, path
):
    response = production_client.get(path)

    assert response.status_code == 200
    assert_security_headers(response, production_security)
    assert_strict_script_policy(response)
    directives = csp_directives(response)
    assert "'unsafe-inline'" not in directives["style-src"]
    assert directives["frame-ancestors"] == ["'self'"]


@override_settings(ROOT_URLCONF=__name__)
def test_an_inline_script_runs_only_with_a_fresh_nonce(client, production_security, db):
    assert CSP.NONCE in settings.SECURE_CSP["script-src"]
    first = client.get("/script-en-ligne/")
    second = client.get("/script-en-ligne/")

    nonce = re.search(r"'nonce-([^']+)'", first["Content-Security-Policy"]).group(1)
    assert f'<script nonce="{nonce}">' in first.content.decode()
    assert_strict_script_policy(first)
    assert_strict_script_policy(second)
    assert first["Content-Security-Policy"] != second["Content-Security-Policy"]
    # Never stored by the page cache or a CDN: its nonce would be served to others.
    assert "private" in first["Cache-Control"]
    assert "X-Page-Cache" not in second


def test_a_page_without_inline_script_stays_cacheable(client, demo_site):
    response = client.get("/ecosysteme/")

    assert "'nonce-" not in response["Content-Security-Policy"]
    assert "private" not in response.get("Cache-Control", "")


def test_every_live_page_of_the_demo_has_the_strict_policy(
    production_client, production_security, demo_site
):
    from wagtail.models import Page

    urls = [page.url for page in Page.objects.live().public().specific() if page.url]
    assert len(urls) >= len(PUBLIC_PAGE_TYPES)
    for url in urls:
        response = production_client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response, production_security)
        assert_strict_script_policy(response)


def test_error_and_data_addresses_send_the_security_headers(
    production_client, production_security, demo_site
):
    for address, status in [
        ("/cette-page-n-existe-pas/", 404),
        ("/index-egalite/donnees.csv", 200),
        ("/index-egalite/donnees-tableur.csv", 200),
        ("/index-egalite/donnees.json", 200),
        ("/robots.txt", 200),
        ("/sitemap.xml", 200),
    ]:
        response = production_client.get(address)
        assert response.status_code == status, address
        assert_security_headers(response, production_security)
        assert "'unsafe-inline'" not in csp_directives(response)["script-src"], address


def test_plain_http_is_redirected_to_https_in_production(client, production_security, db):
    with override_settings(**production_security):
        response = client.get("/qui-sommes-nous/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/qui-sommes-nous/"


# --- The admin's own policy ------------------------------------------------------------


def test_admin_gets_its_looser_policy_only_under_its_prefix(production_client, demo_site):
    admin = production_client.get(LOGIN_URL)
    public = production_client.get("/")
    lookalike = production_client.get(f"/{settings.ADMIN_URL_PATH}-copie/login/")

    assert "'unsafe-inline'" in csp_directives(admin)["script-src"]
    assert "'unsafe-inline'" not in csp_directives(public)["script-src"]
    assert lookalike.status_code == 404
    assert "'unsafe-inline'" not in csp_directives(lookalike)["script-src"]
    # The rest of the admin's policy stays as strict as the site's.
    assert csp_directives(admin)["object-src"] == ["'none'"]
    assert csp_directives(admin)["frame-ancestors"] == ["'self'"]


# --- Cookies -------------------------------------------------------------------------


def assert_cookie_is_locked_down(cookie):
    assert cookie["secure"] is True, f"{cookie.key} is not Secure"
    assert cookie["httponly"] is True, f"{cookie.key} is not HttpOnly"
    assert cookie["samesite"] in {"Lax", "Strict"}, f"{cookie.key} has no SameSite"


def test_csrf_cookie_set_by_the_admin_login_page_is_secure_httponly_samesite(production_client, db):
    response = production_client.get(LOGIN_URL)

    assert response.status_code == 200
    assert_cookie_is_locked_down(response.cookies[settings.CSRF_COOKIE_NAME])


def test_csrf_cookie_set_by_the_public_contact_form_is_locked_down(production_client, demo_site):
    response = production_client.get("/contact/")
    if response.status_code == 404:
        pytest.skip("contact page not present yet")

    assert_cookie_is_locked_down(response.cookies[settings.CSRF_COOKIE_NAME])


def test_session_cookie_set_at_login_is_secure_httponly_samesite(
    production_client, django_user_model
):
    django_user_model.objects.create_superuser(
        username="chloe", email="chloe@example.org", password="un mot de passe solide"
    )
    production_client.get(LOGIN_URL)

    response = production_client.post(
        LOGIN_URL, {"username": "chloe", "password": "un mot de passe solide"}
    )

    assert response.status_code == 302
    assert_cookie_is_locked_down(response.cookies[settings.SESSION_COOKIE_NAME])
    assert re.search(
        r"SameSite=(Lax|Strict)", response.cookies[settings.SESSION_COOKIE_NAME].output()
    )
