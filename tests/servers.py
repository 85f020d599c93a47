"""The site as production runs it: gunicorn, production settings, collected static files.

Used by the tests that need a real server (two instances behind one database and
one Redis, the page weight in a browser) and by the scripts under bench/. Nothing
here imports Django: every step runs `manage.py` or gunicorn in a process of its
own, with the environment production would give it, on 127.0.0.1 only.
"""

import atexit
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
PRODUCTION_SETTINGS = "smart_site.settings.production"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
# The demo site's content pages, one or more of each type (load_demo_content).
DEMO_CONTENT_PAGES = [
    "/",
    "/qui-sommes-nous/",
    "/qui-sommes-nous/le-projet/",
    "/qui-sommes-nous/histoire/",
    "/ecosysteme/",
    "/ecosysteme/alterna/",
    "/index-egalite/",
    "/actualites/",
    "/actualites/index-egalite-2023/",
    "/agenda/",
    "/nous-rejoindre/",
    "/documents-publics/",
]
DEFAULT_REDIS_HOST, DEFAULT_REDIS_PORT = "127.0.0.1", 6379

# Variables of the caller's shell that would change what the server does: the
# helpers set the ones they need and nothing else leaks in.
SITE_VARIABLES = (
    "ADMIN_URL_PATH",
    "ALLOWED_HOSTS",
    "ALLOW_INDEXING",
    "AWS_STORAGE_BUCKET_NAME",
    "BIND",
    "CDN_CACHE_SECONDS",
    "CONTENT_VERSION_DIR",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "DEFAULT_FROM_EMAIL",
    "DJANGO_SETTINGS_MODULE",
    "EMAIL_URL",
    "FRONTEND_CACHE_PURGE_URL",
    "GUNICORN_ACCESSLOG",
    "GUNICORN_MAX_REQUESTS",
    "GUNICORN_MAX_REQUESTS_JITTER",
    "GUNICORN_THREADS",
    "MEDIA_ROOT",
    "PAGE_CACHE_SECONDS",
    "PORT",
    "REDIS_URL",
    "SECRET_KEY",
    "SECURE_SSL_REDIRECT",
    "SENTRY_DSN",
    "SERVE_MEDIA",
    "STATIC_ROOT",
    "WEB_CONCURRENCY",
)

# Straight to 127.0.0.1, whatever proxy the environment names.
direct_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class ServerError(RuntimeError):
    """A command or a server did not do what it should; the message holds its output."""


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url, static_root, media_root, **overrides):
    """The environment of a production instance on 127.0.0.1, over plain HTTP."""
    env = {key: value for key, value in os.environ.items() if key not in SITE_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE=PRODUCTION_SETTINGS,
        SECRET_KEY="bench-and-tests-only-not-secret",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(media_root),
        SERVE_MEDIA="true",
        # Nothing listens there: a test that needs the e-mail starts its own SMTP server.
        EMAIL_URL="smtp://127.0.0.1:9",
        DEFAULT_FROM_EMAIL="site@smart.example",
        PYTHONUNBUFFERED="1",
        # A stopped test server should not keep its requests for half a minute.
        GUNICORN_GRACEFUL_TIMEOUT="5",
    )
    env.update({key: str(value) for key, value in overrides.items() if value is not None})
    return env


def manage(env, *args, timeout=300):
    """Runs `manage.py <args>` and returns its output; raises ServerError if it fails."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise ServerError(
            f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return result.stdout


def collect_static(static_root, env):
    manage({**env, "STATIC_ROOT": str(static_root)}, "collectstatic", "--no-input")
    if not (Path(static_root) / "staticfiles.json").exists():
        raise ServerError(
            f"collectstatic wrote no manifest in {static_root}: STATIC_ROOT is read from "
            "the environment by smart_site/settings/base.py; check that it still is."
        )


_collected = {}


def collected_static_root():
    """Static files collected once per process (about 10 s), removed at exit."""
    if "root" not in _collected:
        root = Path(tempfile.mkdtemp(prefix="smart-static-"))
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        env = production_env(f"sqlite:///{root / 'unused.sqlite3'}", root, root / "media")
        collect_static(root, env)
        _collected["root"] = root
    return _collected["root"]


def prepare_site(env, superuser_password=None):
    """Migrates, loads the demo content and optionally creates the superuser `admin`."""
    manage(env, "migrate", "--no-input")
    manage(env, "load_demo_content")
    if superuser_password:
        manage(
            {**env, "DJANGO_SUPERUSER_PASSWORD": superuser_password},
            "createsuperuser",
            "--noinput",
            "--username",
            "admin",
            "--email",
            "admin@example.org",
        )


# --- Databases --------------------------------------------------------------------


def is_postgres(url):
    return urlsplit(url or "").scheme in {"postgres", "postgresql", "pgsql", "postgis"}


def with_database_name(url, name):
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def postgres_server_url():
    """Where to create databases: the server of DATABASE_URL, or the local one."""
    configured = os.environ.get("DATABASE_URL", "")
    base = configured if is_postgres(configured) else DEFAULT_POSTGRES_URL
    return with_database_name(base, "postgres")


def postgres_reachable(url=None):
    try:
        import psycopg

        with psycopg.connect(conninfo(url or postgres_server_url()), connect_timeout=3):
            return True
    except Exception:
        return False


def conninfo(url):
    # psycopg takes postgresql:// URLs; dj-database-url also accepts postgres://.
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, ""))


@contextmanager
def fresh_postgres_database(prefix):
    """A new, empty PostgreSQL database (unique name), dropped afterwards."""
    import psycopg

    server = postgres_server_url()
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(conninfo(server), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_database_name(server, name)
    finally:
        with psycopg.connect(conninfo(server), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def fresh_database(prefix, directory):
    """A new database of the kind the suite runs on: PostgreSQL if DATABASE_URL says so."""
    if is_postgres(os.environ.get("DATABASE_URL")):
        with fresh_postgres_database(prefix) as url:
            yield url
    else:
        yield f"sqlite:///{Path(directory) / f'{prefix}.sqlite3'}"


# --- Redis ------------------------------------------------------------------------


def redis_reachable(url):
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_timeout=3).ping())
    except Exception:
        return False


def flush_redis(url):
    import redis

    redis.Redis.from_url(url, socket_timeout=5).flushdb()


# --- gunicorn ---------------------------------------------------------------------


class Gunicorn:
    """One gunicorn master and its workers, started on 127.0.0.1:<port>."""

    def __init__(self, env, port=None, log_path=None):
        self.port = port or free_port()
        self.env = {**env, "BIND": f"127.0.0.1:{self.port}"}
        if log_path is None:
            descriptor, log_path = tempfile.mkstemp(prefix="gunicorn-", suffix=".log")
            os.close(descriptor)
        self.log_path = Path(log_path)
        self.process = None
        self._log = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=60, wait=True):
        """Starts gunicorn; waits (unless told not to) until a worker answers /healthz."""
        self._log = open(self.log_path, "ab")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "smart_site.wsgi"],
            cwd=REPO,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            # Its own process group: stop() ends the master and its workers, nothing else.
            start_new_session=True,
        )
        if wait:
            self.wait_until_ready(timeout)
        return self

    def wait_until_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"gunicorn exited ({self.process.returncode}):\n{self.log()}")
            try:
                with direct_opener.open(f"{self.url}/healthz", timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise ServerError(f"gunicorn did not answer /healthz within {timeout} s:\n{self.log()}")

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.process = None
        if self._log:
            self._log.close()
            self._log = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    def log(self, last_chars=5000):
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""
        return text if last_chars is None else text[-last_chars:]

    def worker_pids(self):
        master = self.process.pid
        pids = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{master}$", text, re.MULTILINE):
                pids.append(int(status.parent.name))
        return sorted(pids)

    def worker_memory_mb(self):
        """{pid: (RSS, PSS)} of each worker in MB; PSS shares the pages workers share."""
        memory = {}
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                rss = int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE).group(1))
                pss = None
                rollup = Path(f"/proc/{pid}/smaps_rollup")
                if rollup.exists():
                    match = re.search(r"^Pss:\s+(\d+) kB", rollup.read_text(), re.MULTILINE)
                    pss = int(match.group(1)) / 1024 if match else None
            except (OSError, AttributeError):
                continue
            memory[pid] = (rss / 1024, pss)
        return memory


def fetch(url, headers=None, timeout=15):
    """(status, headers, body) of a GET, errors included (no exception for a 4xx/5xx)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with direct_opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def stylesheet_url(home_html):
    """The hashed URL of the site's stylesheet, as the home page links it."""
    match = re.search(r'<link rel="stylesheet" href="([^"]+\.css)"', home_html)
    if not match:
        raise ServerError("The home page links no stylesheet.")
    return match.group(1)
