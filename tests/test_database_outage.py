"""A real PostgreSQL stopped under a running site, then started again.

A throwaway cluster (initdb in a temporary folder, a free port) holds a migrated
database with the demo content; gunicorn serves the site on it with production
settings. Stopping the cluster must turn every page that needs the database into the
French 503 page and /healthz into a 503 "down", while pages the site already holds in
memory (their route and data, content unchanged) are still served; starting it again
must bring every page back on the very next request, with no restart of the site.

It needs PostgreSQL's server binaries and root (to run them as the `postgres` user).
Without them the test is skipped, except under CI=true where it must run.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .servers import REPO, Gunicorn, fetch, free_port, production_env

# Visited before the database stops. These then need nothing from it: their
# route and everything they show are in memory.
# (The history page's events are kept per content version too.)
PAGES_HELD = ["/", "/ecosysteme/alterna/", "/index-egalite/", "/qui-sommes-nous/histoire/"]
# Visited too, but they read their own rows on every request (child pages, form fields).
PAGES_READING_ROWS = ["/qui-sommes-nous/", "/contact/"]
# First visited while the database is down: their route is not known yet.
PAGES_NOT_VISITED = ["/ecosysteme/", "/plan-du-site/"]


def skip_or_fail(message):
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def postgres_bin_dir():
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parts[-3])
    return versions[-1].parent if versions else None


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, **kwargs)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


class ThrowawayPostgres:
    """A PostgreSQL cluster of our own, in a temporary folder, run as the postgres user."""

    def __init__(self, bin_dir, folder):
        self.bin_dir = bin_dir
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()

    def as_postgres(self, program, *args):
        return run(["runuser", "-u", "postgres", "--", str(self.bin_dir / program), *args])

    def create(self):
        self.as_postgres(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions",
        )  # fmt: skip

    def start(self):
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self.as_postgres(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"),
            "-w", "-t", "30", "start",
        )  # fmt: skip

    def stop(self, mode="fast"):
        self.as_postgres("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"


@pytest.fixture
def postgres():
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        skip_or_fail("PostgreSQL's server (initdb) is not installed: apt-get install postgresql")
    if os.geteuid() != 0 or shutil.which("runuser") is None:
        skip_or_fail("Starting a throwaway PostgreSQL needs root (to run it as postgres).")
    folder = Path(tempfile.mkdtemp(prefix="smart-outage-"))
    shutil.chown(folder, "postgres", "postgres")
    cluster = ThrowawayPostgres(bin_dir, folder)
    try:
        cluster.create()
        cluster.start()
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=cluster.port, user="postgres", dbname="postgres", autocommit=True
        ) as connection:
            connection.execute("CREATE DATABASE smart")
        yield cluster
    finally:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(bin_dir / "pg_ctl"), "-D", str(cluster.data),
             "-m", "immediate", "-w", "stop"],
            capture_output=True, timeout=60,
        )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


def manage_in_background(env, *args):
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for(process, what):
    output, _ = process.communicate(timeout=300)
    assert process.returncode == 0, f"{what} failed:\n{output}"


def get(base_url, path):
    status, headers, body = fetch(base_url + path)
    return status, headers, body.decode()


@pytest.fixture
def site_on(postgres):
    """gunicorn serving the demo site, with production settings, on the throwaway cluster."""
    folder = postgres.folder
    env = production_env(
        postgres.url("smart"),
        static_root=folder / "static",
        media_root=folder / "media",
        # Every request goes to the database: no page may come from the page cache.
        PAGE_CACHE_SECONDS=0,
        WEB_CONCURRENCY=1,
        GUNICORN_THREADS=2,
        LOG_LEVEL="WARNING",
    )
    # Collecting static files needs no database: it runs while the database is migrated.
    # Public pages use only the site's own files; leaving out the admin's (most of the
    # files, each compressed twice) saves a quarter of a minute.
    collectstatic = manage_in_background(
        env, "collectstatic", "--no-input", "--verbosity", "0", "--ignore", "wagtail*"
    )
    wait_for(manage_in_background(env, "migrate", "--no-input", "--verbosity", "0"), "migrate")
    wait_for(manage_in_background(env, "load_demo_content"), "load_demo_content")
    wait_for(collectstatic, "collectstatic")

    with Gunicorn(env, log_path=folder / "gunicorn.log") as server:
        yield server.url


def assert_french_503(status, headers, body, path):
    assert status == 503, f"{path} answered {status} with the database stopped"
    assert headers["Retry-After"].isdigit()
    soup = BeautifulSoup(body, "html.parser")
    assert soup.html["lang"] == "fr"
    assert soup.find("h1").get_text(strip=True) == "Site momentanément indisponible"
    for leak in ("Traceback", "OperationalError", "psycopg", "5432", "postgres"):
        assert leak not in body, f"{path}: the 503 page shows {leak!r}"


def assert_page_served(base_url, path, when):
    status, _, body = get(base_url, path)
    assert status == 200, f"{path} answered {status} {when}"
    assert "Site momentanément indisponible" not in body


def test_site_answers_503_in_french_while_postgresql_is_down_and_recovers_without_restart(
    postgres, site_on
):
    for path in PAGES_HELD + PAGES_READING_ROWS:
        assert get(site_on, path)[0] == 200, path

    postgres.stop()

    for path in PAGES_READING_ROWS + PAGES_NOT_VISITED:
        assert_french_503(*get(site_on, path), path)
    for path in PAGES_HELD:
        assert_page_served(site_on, path, "though it needs nothing from the database")
    status, _, body = get(site_on, "/healthz")
    assert status == 503
    assert json.loads(body)["database"] == "down"

    postgres.start()

    # The very next requests are served: Django reconnects, gunicorn was never restarted.
    for path in PAGES_HELD + PAGES_READING_ROWS + PAGES_NOT_VISITED:
        assert_page_served(site_on, path, "after the database came back")
    status, _, body = get(site_on, "/healthz")
    assert status == 200
    assert json.loads(body)["database"] == "up"
