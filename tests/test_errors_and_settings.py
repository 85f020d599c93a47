"""Error pages, health check, robots.txt and the settings each environment runs with."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import OperationalError, connection
from django.test import RequestFactory, override_settings
from django.urls import path

from core.views import server_error
from pages.models import HomePage
from smart_site.middleware import DatabaseUnavailableMiddleware

PROJECT_DIR = Path(__file__).resolve().parent.parent


# This module doubles as a tiny urlconf (ROOT_URLCONF=__name__): one view needs the
# database, to meet an outage the way a real page does; the other has a bug, to
# reach the 500 handler while the database is down.
def view_that_queries_the_database(request):
    HomePage.objects.count()
    raise AssertionError("unreachable while the database is down")


def view_with_a_bug(request):
    raise RuntimeError("un bogue, pas une panne")


urlpatterns = [
    path("en-panne/", view_that_queries_the_database),
    path("bogue/", view_with_a_bug),
]
handler500 = "core.views.server_error"


class DatabaseDown:
    """An execute_wrapper that fails every query, and counts the attempts."""

    def __init__(self):
        self.attempts = 0

    def __call__(self, execute, sql, params, many, context):
        self.attempts += 1
        raise OperationalError("la base de données ne répond pas (simulé)")


def page_text(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


# --- 404 ---------------------------------------------------------------------------


def test_unknown_address_answers_404_in_french_with_the_site_navigation(client, demo_site):
    response = client.get("/cette-page-n-existe-pas/")

    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "fr"
    assert soup.find("h1").get_text(strip=True) == "Page introuvable"
    navigation = soup.find("nav", attrs={"aria-label": "Navigation principale"})
    assert navigation is not None, "the 404 page lost the site's main navigation"
    links = {link["href"] for link in navigation.find_all("a")}
    assert {"/qui-sommes-nous/", "/ecosysteme/"} <= links
    assert soup.find("header", class_="site-header") is not None


# --- 500 ---------------------------------------------------------------------------


@override_settings(ROOT_URLCONF=__name__)
def test_server_error_page_is_french_even_when_the_database_is_down(client, db):
    client.raise_request_exception = False

    with connection.execute_wrapper(DatabaseDown()):
        response = client.get("/bogue/")

    assert response.status_code == 500
    text = page_text(response)
    assert "Le site rencontre un problème" in text
    assert "réessayez dans quelques minutes" in text


def test_server_error_handler_makes_no_database_query(db):
    request = RequestFactory().get("/")
    database_down = DatabaseDown()

    with connection.execute_wrapper(database_down):
        response = server_error(request)

    assert response.status_code == 500
    assert database_down.attempts == 0
    assert "Le site rencontre un problème" in page_text(response)


# --- 503: the database is unreachable ---------------------------------------------


def assert_french_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert "no-cache" in response["Cache-Control"]
    text = page_text(response)
    assert "Site momentanément indisponible" in text
    assert "réessayez dans quelques minutes" in text
    assert "Traceback" not in text and "OperationalError" not in text


@override_settings(ROOT_URLCONF=__name__)
def test_a_view_that_meets_a_database_outage_answers_the_french_503_page(client, db):
    client.raise_request_exception = False
    database_down = DatabaseDown()

    with connection.execute_wrapper(database_down):
        response = client.get("/en-panne/")

    assert database_down.attempts >= 1, "the view did not hit the (failing) database"
    assert_french_unavailable_page(response)


def test_site_urlconf_sends_a_database_outage_to_the_french_503_page(client, demo_site):
    client.raise_request_exception = False
    database_down = DatabaseDown()

    with connection.execute_wrapper(database_down):
        response = client.get("/qui-sommes-nous/")

    assert database_down.attempts >= 1
    assert_french_unavailable_page(response)


def test_the_unavailable_page_makes_no_database_query(db):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    database_down = DatabaseDown()

    with connection.execute_wrapper(database_down):
        response = middleware.process_exception(
            RequestFactory().get("/"), OperationalError("connexion refusée")
        )

    assert database_down.attempts == 0
    assert_french_unavailable_page(response)


def test_other_errors_are_left_to_the_500_handler(db):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)

    assert middleware.process_exception(RequestFactory().get("/"), RuntimeError()) is None


def test_the_site_serves_again_as_soon_as_the_database_answers(client, demo_site):
    with connection.execute_wrapper(DatabaseDown()):
        assert client.get("/qui-sommes-nous/").status_code == 503

    assert client.get("/qui-sommes-nous/").status_code == 200


# --- /healthz ----------------------------------------------------------------------


def test_healthz_reports_the_database_up(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["database"] == "up"
    assert "no-cache" in response.headers["Cache-Control"]


def test_healthz_reports_the_database_down_with_503(client, db):
    with connection.execute_wrapper(DatabaseDown()):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "down"


# --- robots.txt --------------------------------------------------------------------


@override_settings(ALLOW_INDEXING=False)
def test_robots_txt_disallows_everything_when_indexing_is_off(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /" in lines
    assert not any(line.startswith("Sitemap:") for line in lines)


@override_settings(ALLOW_INDEXING=True)
def test_robots_txt_points_to_the_sitemap_when_indexing_is_on(client, db):
    response = client.get("/robots.txt")

    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /" not in lines
    assert f"Disallow: /{settings.ADMIN_URL_PATH}/" in lines


# --- Settings ----------------------------------------------------------------------


def test_site_speaks_french_on_paris_time():
    assert settings.LANGUAGE_CODE == "fr"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.USE_TZ


PRODUCTION_ENV = {
    "SECRET_KEY": "une-cle-de-test-longue-et-aleatoire-" + "x" * 40,
    "ALLOWED_HOSTS": "smart.example.org",
    "DATABASE_URL": "postgres://smart@db.example.org:5432/smart",
    "EMAIL_URL": "smtp+tls://site:secret@smtp.example.org:587",
    "DEFAULT_FROM_EMAIL": "site@smart.example.org",
}


def run_python(settings_module, env, *args):
    """Run the project's Python with only `env` (no inherited secrets or URLs)."""
    clean_env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONIOENCODING": "utf-8",
        "DJANGO_SETTINGS_MODULE": settings_module,
        **env,
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_DIR,
        env=clean_env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def django_setup(settings_module, env):
    return run_python(settings_module, env, "-c", "import django; django.setup()")


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_URL", "DEFAULT_FROM_EMAIL"]
)
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {name: value for name, value in PRODUCTION_ENV.items() if name != missing}

    result = django_setup("smart_site.settings.production", env)

    assert result.returncode != 0, f"production started without {missing}"
    assert "ImproperlyConfigured" in result.stderr
    assert (
        f"La variable d'environnement {missing} est obligatoire en production." in result.stderr
    ), result.stderr


def test_production_refuses_a_blank_secret_key():
    result = django_setup("smart_site.settings.production", {**PRODUCTION_ENV, "SECRET_KEY": " "})

    assert result.returncode != 0
    assert "SECRET_KEY est obligatoire" in result.stderr


@pytest.mark.parametrize(
    "email_url", ["console://", "file:///tmp/mails", "memory://", "dummy://", "smtp://x:0"]
)
def test_production_refuses_an_email_backend_that_would_not_send_over_smtp(email_url):
    result = django_setup(
        "smart_site.settings.production", {**PRODUCTION_ENV, "EMAIL_URL": email_url}
    )

    if email_url.startswith("smtp"):
        assert result.returncode == 0, result.stderr
        return
    assert result.returncode != 0, f"production started with EMAIL_URL={email_url}"
    assert "EMAIL_URL doit désigner un serveur SMTP" in result.stderr


def test_production_starts_with_the_required_variables():
    result = django_setup("smart_site.settings.production", PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr


def deploy_check(tmp_path):
    env = {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}"}
    return run_python("smart_site.settings.production", env, "manage.py", "check", "--deploy")


def test_production_passes_the_deploy_check(tmp_path):
    result = deploy_check(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_deploy_check_reports_no_warning(tmp_path):
    result = deploy_check(tmp_path)
    output = result.stdout + result.stderr

    assert "System check identified no issues" in output, output


def database_settings(settings_module, env):
    result = run_python(
        settings_module,
        env,
        "-c",
        "import django, json; django.setup(); from django.conf import settings; "
        "db = settings.DATABASES['default']; "
        "print(json.dumps({'ENGINE': db['ENGINE'], 'NAME': str(db['NAME'])}))",
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("settings_module", "env"),
    [
        ("smart_site.settings.dev", {}),
        ("smart_site.settings.test", {}),
        ("smart_site.settings.production", PRODUCTION_ENV),
    ],
)
def test_database_url_selects_the_database(settings_module, env):
    database = database_settings(
        settings_module, {**env, "DATABASE_URL": "postgres://u@h:5432/dbname"}
    )

    assert database == {"ENGINE": "django.db.backends.postgresql", "NAME": "dbname"}


@pytest.mark.parametrize("settings_module", ["smart_site.settings.dev", "smart_site.settings.test"])
def test_without_database_url_the_site_runs_on_sqlite_in_the_project(settings_module):
    database = database_settings(settings_module, {})

    assert database == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(PROJECT_DIR / "db.sqlite3"),
    }


# --- The admin ---------------------------------------------------------------------


def admin_login_page(client):
    response = client.get(f"/{settings.ADMIN_URL_PATH}/login/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_admin_login_page_is_in_french(client, db):
    soup = admin_login_page(client)

    assert soup.html["lang"] == "fr"
    assert soup.find("h1").get_text(strip=True) == "S'identifier"
    text = " ".join(soup.get_text(" ").split())
    assert "Nom d\u2019utilisateur" in text  # Wagtail writes a typographic apostrophe
    assert "Mot de passe oublié ?" in text
    assert "Se souvenir de moi" in text
    assert soup.find("button", attrs={"type": "submit"}).get_text(strip=True) == "S'identifier"


def test_admin_login_password_label_is_in_french(client, db):
    soup = admin_login_page(client)

    label = soup.find("label", attrs={"for": "id_password"})
    assert " ".join(label.get_text(" ").split()).startswith("Mot de passe")


def test_the_proxys_error_pages_are_as_their_generator_writes_them():
    # deploy/nginx/errors/*.html are served by nginx and committed; an edit made to
    # one file by hand, and not to error_pages.py, would drift from the others.
    result = subprocess.run(
        [sys.executable, "deploy/nginx/error_pages.py", "--check"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    committed = sorted(path.name for path in (PROJECT_DIR / "deploy/nginx/errors").glob("*.html"))
    assert committed == [
        f"{status}.html" for status in (400, 403, 404, 413, 414, 429, 431, 500, 502, 503, 504)
    ]
