"""The reverse proxy (deploy/nginx) in front of a real gunicorn: what it protects the site from.

Debian's nginx runs the project's own templates (tests/proxy.py renders them as the
official image does) in front of gunicorn with production settings, on a fresh
database with the demo content (SQLite, or PostgreSQL when DATABASE_URL says so).
The app does not serve /media/ here (SERVE_MEDIA=false), as in compose: whatever
answers there is nginx. gunicorn logs, for each request, the headers nginx passed
on, so that a test can tell what reached the app and what did not.

Needs /usr/sbin/nginx (`apt-get install nginx`): skipped without it, except under
CI=true, where its absence is a failure. About a minute and a half, most of it the
two 30-second loads the issue asks for.
"""

import gzip
import http.client
import itertools
import os
import re
import shutil
import socket
import ssl
import statistics
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.proxy import Nginx, nginx_installed, self_signed_certificate, template_variables
from tests.servers import (
    DEMO_CONTENT_PAGES,
    REPO,
    Gunicorn,
    collected_static_root,
    fetch,
    free_port,
    fresh_database,
    prepare_site,
    production_env,
    stylesheet_url,
)

# gunicorn's access log, with what nginx passed on. GUNICORN_CMD_ARGS wins over
# gunicorn.conf.py.
ACCESS_LOG_FORMAT = (
    '"%(r)s" %(s)s host="%({host}i)s" xff="%({x-forwarded-for}i)s" '
    'proto="%({x-forwarded-proto}i)s" ssl="%({x-forwarded-ssl}i)s" '
    'request_id="%({x-request-id}i)s"'
)
MB = 1024 * 1024
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
PROXY_PAGE = 'data-error-source="proxy"'
# Bursts allowed by deploy/nginx/templates/smart/site.conf before 429.
PASSWORDS_BURST, CONTACT_BURST = 10, 6


def skip_or_fail(message):
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


# --- The site, gunicorn and nginx ---------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated site with the demo content, its static files and a few media files."""
    if not nginx_installed():
        skip_or_fail("nginx is not installed (/usr/sbin/nginx): apt-get install nginx")
    folder = tmp_path_factory.mktemp("proxy")
    media_root = folder / "media"
    with fresh_database("smart_proxy", folder) as database_url:
        # The static files are collected while the database is migrated.
        with ThreadPoolExecutor(max_workers=1) as pool:
            static_root = pool.submit(collected_static_root)
            env = production_env(
                database_url,
                static_root=folder / "not-yet",
                media_root=media_root,
                # The proxy serves media, as in compose; the app does not.
                SERVE_MEDIA="false",
                GUNICORN_CMD_ARGS=f"--access-logformat '{ACCESS_LOG_FORMAT}'",
            )
            prepare_site(env)
            env["STATIC_ROOT"] = str(static_root.result())
        for name, content in {
            "original_images/proxy-probe.png": PNG,
            "images/proxy-probe.fill-10x10.png": PNG,
            "documents/private-report.pdf": b"%PDF-1.4 private",
        }.items():
            (media_root / name).parent.mkdir(parents=True, exist_ok=True)
            (media_root / name).write_bytes(content)
        yield SimpleNamespace(
            env=env,
            folder=folder,
            static_root=Path(env["STATIC_ROOT"]),
            media_root=media_root,
        )


@pytest.fixture(scope="module")
def app(site):
    """gunicorn as gunicorn.conf.py sets it up by default (workers, threads, recycling)."""
    with Gunicorn(site.env, log_path=site.folder / "gunicorn.log") as server:
        yield server


def proxy_for(site, server, **options):
    return Nginx(
        server.port,
        static_root=site.static_root,
        media_root=site.media_root,
        folder=site.folder / f"nginx-{uuid.uuid4().hex[:8]}",
        **options,
    )


@pytest.fixture(scope="module")
def proxy(site, app):
    with proxy_for(site, app) as nginx:
        yield nginx


@pytest.fixture
def fresh_proxy(site, app):
    """An nginx of its own: its rate-limit counters start at zero."""
    with proxy_for(site, app) as nginx:
        yield nginx


# --- Clients ---------------------------------------------------------------------------


def request(port, method, path, headers=None, body=None, source="127.0.0.1", timeout=15):
    """(status, headers, body) of one request on a new connection; redirects not followed."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=timeout, source_address=(source, 0)
    )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def raw_exchange(port, data, timeout=10):
    """Sends bytes as they are; returns (status, headers and body as text)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    text = received.decode("utf-8", errors="replace")
    match = re.match(r"HTTP/1\.[01] (\d{3})", text)
    assert match, f"not an HTTP response: {text[:200]!r}"
    return int(match.group(1)), text


def send_large_body(port, path, size, chunked=False):
    """POSTs `size` bytes; returns (status, body). Stops sending once nginx has answered."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    try:
        framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}"
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/octet-stream\r\n{framing}\r\n\r\n".encode()
        )
        block = b"x" * (256 * 1024)
        sent = 0
        try:
            while sent < size:
                piece = block[: size - sent]
                sock.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n" if chunked else piece)
                sent += len(piece)
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # nginx answered and closed before the end of the body
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, response.read().decode("utf-8", errors="replace")
    finally:
        sock.close()


def gunicorn_lines(server, marker):
    """gunicorn's access log lines with `marker`, once the requests answered so far are logged.

    gunicorn writes a line just after its answer: a request of our own, straight
    to gunicorn, is waited for first.
    """
    sentinel = f"sentinel={uuid.uuid4().hex}"
    assert fetch(f"{server.url}/healthz?{sentinel}")[0] == 200
    deadline = time.monotonic() + 5
    while sentinel not in server.log(None) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)  # other workers' lines, written at the same moment
    return [line for line in server.log(None).splitlines() if marker in line]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed_gets(port, until=None, count=None, pause=0.0):
    """Visitors one after another over the demo pages: [(status, seconds)]."""
    results = []
    for path in itertools.cycle(DEMO_CONTENT_PAGES):
        if (count is not None and len(results) >= count) or (
            until is not None and time.monotonic() >= until
        ):
            break
        started = time.perf_counter()
        status, _, _ = request(port, "GET", path, timeout=10)
        results.append((status, time.perf_counter() - started))
        time.sleep(pause)
    return results


class SlowClients:
    """Connections that send their request header one line every few seconds, and never end it.

    Each reconnects as soon as the server closes it, so that there are always
    `count` of them until `seconds` have passed.
    """

    def __init__(self, port, count, seconds, line_interval):
        self.port, self.count, self.line_interval = port, count, line_interval
        self.deadline = time.monotonic() + seconds
        self.lock = threading.Lock()
        self.lines_sent = 0
        self.closed_by_server = 0
        self.answers = []
        self.threads = [threading.Thread(target=self.run, args=(n,)) for n in range(count)]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        for thread in self.threads:
            thread.join()

    def run(self, number):
        while time.monotonic() < self.deadline:
            with socket.create_connection(("127.0.0.1", self.port), timeout=5) as sock:
                sock.sendall(f"GET /?slow={number} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())
                sock.settimeout(self.line_interval)
                for line in itertools.count():
                    if time.monotonic() >= self.deadline:
                        return
                    try:
                        data = sock.recv(4096)
                    except TimeoutError:
                        try:
                            sock.sendall(f"X-Slow-{line}: {'a' * 20}\r\n".encode())
                        except OSError:
                            break
                        with self.lock:
                            self.lines_sent += 1
                        continue
                    except OSError:
                        data = b""
                    with self.lock:
                        if data:
                            self.answers.append(data[:100])
                        self.closed_by_server += 1
                    break


# --- Slow clients and recycled workers ---------------------------------------------------


SLOW_CLIENTS, SLOW_SECONDS, SLOW_LINE_INTERVAL = 10, 30, 3


def test_slow_clients_do_not_hold_up_other_visitors(proxy, app):
    timed_gets(proxy.http_port, count=len(DEMO_CONTENT_PAGES))  # every page cached
    before = timed_gets(proxy.http_port, count=40)
    assert all(status == 200 for status, _ in before), Counter(s for s, _ in before)

    with SlowClients(proxy.http_port, SLOW_CLIENTS, SLOW_SECONDS, SLOW_LINE_INTERVAL) as slow:
        time.sleep(SLOW_LINE_INTERVAL + 1)  # every slow client is in the middle of its header
        during = timed_gets(proxy.http_port, until=slow.deadline - 1, pause=0.2)

    statuses = Counter(status for status, _ in during)
    latencies = [seconds for _, seconds in during]
    p95_before = percentile([seconds for _, seconds in before], 0.95)
    summary = (
        f"{len(during)} requests {dict(statuses)}; without slow clients p95 "
        f"{p95_before * 1000:.0f} ms; with them p50 "
        f"{statistics.median(latencies) * 1000:.0f} ms, p95 "
        f"{percentile(latencies, 0.95) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms; "
        f"slow clients sent {slow.lines_sent} header lines, were cut off "
        f"{slow.closed_by_server} times"
    )
    print(summary)
    assert statuses == {200: len(during)} and len(during) >= 50, summary
    assert max(latencies) < 1.0, summary
    assert percentile(latencies, 0.95) < max(0.25, 5 * p95_before), summary
    # The slow clients did trickle their headers all along, and nginx cut each of
    # them off (client_header_timeout) without answering or passing anything on.
    expected_lines = SLOW_CLIENTS * (SLOW_SECONDS - SLOW_LINE_INTERVAL) / SLOW_LINE_INTERVAL
    assert slow.lines_sent >= 0.7 * expected_lines, summary
    assert slow.closed_by_server >= SLOW_CLIENTS, summary
    assert not slow.answers, slow.answers[:3]
    assert not gunicorn_lines(app, "/?slow="), "a slow request reached gunicorn"


LOAD_CLIENTS, LOAD_SECONDS = 32, 30
# Of the 32, these send a form (POST /, which the app refuses for want of a CSRF
# token) instead of reading pages: nginx never resends a POST, so none may meet a
# connection a recycled worker is closing.
POSTING_CLIENTS = 4
FORM = b"name=Camille&message=Bonjour"
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}


def load(port, clients, posting_clients, seconds):
    """Visitors on keep-alive connections, one request after another: (statuses, errors).

    Statuses are counted by method: {("GET", 200): n, ("POST", 403): m, ...}.
    """
    deadline = time.monotonic() + seconds
    statuses, errors, lock = Counter(), Counter(), threading.Lock()

    def visitor(number):
        method = "POST" if number < posting_clients else "GET"
        offset = number % len(DEMO_CONTENT_PAGES)
        pages = DEMO_CONTENT_PAGES[offset:] + DEMO_CONTENT_PAGES[:offset]
        connection = None
        for path in itertools.cycle(["/"] if method == "POST" else pages):
            if time.monotonic() >= deadline:
                break
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                if method == "POST":
                    connection.request("POST", path, body=FORM, headers=FORM_HEADERS)
                else:
                    connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                # No second chance: through the proxy, nothing may fail.
                with lock:
                    errors[f"{type(error).__name__} on {method} {path}"] += 1
                connection.close()
                connection = None
                continue
            with lock:
                statuses[method, response.status] += 1
            if response.will_close:
                connection.close()
                connection = None
        if connection is not None:
            connection.close()

    threads = [threading.Thread(target=visitor, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses, errors


def test_workers_recycled_under_load_cost_no_request(site):
    env = {**site.env, "GUNICORN_MAX_REQUESTS": "300", "GUNICORN_MAX_REQUESTS_JITTER": "50"}
    with (
        Gunicorn(env, log_path=site.folder / "gunicorn-recycled.log") as server,
        proxy_for(site, server) as nginx,
    ):
        # What the app answers that form, asked directly.
        form_status = request(server.port, "POST", "/", FORM_HEADERS, FORM)[0]
        statuses, errors = load(nginx.http_port, LOAD_CLIENTS, POSTING_CLIENTS, LOAD_SECONDS)
        recycled = server.log(None).count("Autorestarting worker")
        resent = nginx.resent_requests()
    total = sum(statuses.values()) + sum(errors.values())
    summary = (
        f"{total} requests in {LOAD_SECONDS} s ({total / LOAD_SECONDS:.0f}/s), "
        f"statuses {dict(statuses)}, errors {dict(errors)}, {recycled} workers recycled, "
        f"{resent} GETs resent by nginx"
    )
    print(summary)
    assert form_status == 403
    assert not errors and set(statuses) == {("GET", 200), ("POST", 403)}, summary
    assert statuses["GET", 200] > 3000 and statuses["POST", 403] > 100, summary
    # Far more restarts than workers: every worker was replaced, several times.
    assert recycled >= 10, summary


# --- Limits ------------------------------------------------------------------------------


def test_a_body_over_the_limit_is_refused_with_the_french_413_page(proxy, app):
    for chunked in (False, True):
        status, body = send_large_body(proxy.http_port, "/?probe=big-body", 20 * MB, chunked)
        assert status == 413, (chunked, status, body[:300])
        assert PROXY_PAGE in body and "Envoi trop volumineux" in body
    assert not gunicorn_lines(app, "probe=big-body"), "the body reached gunicorn"

    # The admin takes uploads up to 25 MB: the same body reaches the app, which
    # refuses it for its own reasons (no CSRF token), not for its size.
    status, body = send_large_body(proxy.http_port, "/admin/?probe=big-upload", 20 * MB)
    assert status == 403, (status, body[:300])
    assert gunicorn_lines(app, "probe=big-upload")


def test_documents_are_never_served_from_media_but_images_are(proxy, app, site):
    for path in (
        "/media/original_images/proxy-probe.png",
        "/media/images/proxy-probe.fill-10x10.png",
    ):
        status, headers, body = request(proxy.http_port, "GET", f"{path}?probe=media")
        assert status == 200 and body == PNG, (path, status)
        assert headers["Content-Type"] == "image/png"
        assert headers["Cache-Control"] == "public, max-age=86400"
        assert headers["X-Content-Type-Options"] == "nosniff"
    assert (site.media_root / "documents" / "private-report.pdf").exists()
    for path in (
        "/media/documents/private-report.pdf",
        "/media//documents/private-report.pdf",
        "/media/images/../documents/private-report.pdf",
        "/media/%64ocuments/private-report.pdf",
        "/media/documents%2Fprivate-report.pdf",
        "/media/./documents/private-report.pdf",
        # Nothing but images: an unknown folder is refused too.
        "/media/",
        "/media/backups/x.json",
    ):
        status, _, body = request(proxy.http_port, "GET", f"{path}?probe=media")
        assert status == 404, (path, status)
        assert b"private" not in body
        assert PROXY_PAGE.encode() in body and b"Page introuvable" in body
    # Neither the images nor the refusals came from the app.
    assert not gunicorn_lines(app, "probe=media")
    # The error pages themselves are internal.
    assert request(proxy.http_port, "GET", "/_proxy/errors/404.html")[0] == 404
    assert request(proxy.http_port, "GET", "/_proxy/errors/429.html")[0] == 404


def test_static_files_come_from_nginx_with_far_future_caching(proxy, app, site):
    status, _, home = request(proxy.http_port, "GET", "/")
    assert status == 200
    stylesheet = stylesheet_url(home.decode())
    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet), stylesheet
    status, headers, body = request(
        proxy.http_port, "GET", f"{stylesheet}?probe=static", {"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    # The .gz collectstatic wrote next to it (gzip_static).
    assert headers["Content-Encoding"] == "gzip" and headers["Vary"] == "Accept-Encoding"
    on_disk = (site.static_root / stylesheet.removeprefix("/static/")).read_bytes()
    assert gzip.decompress(body) == on_disk
    # A name without a hash may change with the next release: an hour only.
    status, headers, _ = request(proxy.http_port, "GET", "/static/staticfiles.json?probe=static")
    assert status == 200 and headers["Cache-Control"] == "public, max-age=3600"
    assert not gunicorn_lines(app, "probe=static"), "a static file was asked of gunicorn"


def burst(port, method, path, times, source="127.0.0.1"):
    body = b"username=admin&password=wrong" if method == "POST" else None
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
    return [request(port, method, path, headers, body, source=source) for _ in range(times)]


@pytest.mark.parametrize(
    ("path", "allowed_burst"),
    [("/admin/login/", PASSWORDS_BURST), ("/contact/", CONTACT_BURST)],
)
def test_login_and_contact_posts_are_limited_per_address_and_gets_are_not(
    fresh_proxy, app, path, allowed_burst
):
    port = fresh_proxy.http_port
    marker = f"probe={uuid.uuid4().hex}"
    gets = burst(port, "GET", f"{path}?{marker}-get", 3 * allowed_burst)
    assert {status for status, _, _ in gets} == {200}

    posts = burst(port, "POST", f"{path}?{marker}", 3 * allowed_burst)
    statuses = [status for status, _, _ in posts]
    # The first ones reach the app (which refuses them: no CSRF token); once the
    # burst is spent, nginx answers 429 itself.
    assert statuses[0] == 403 and 429 not in statuses[:allowed_burst], statuses
    refused = [(headers, body) for status, headers, body in posts if status == 429]
    assert len(refused) >= 3 * allowed_burst - allowed_burst - 2, statuses
    headers, body = refused[-1]
    assert PROXY_PAGE.encode() in body and b"Trop de demandes" in body
    assert headers["Retry-After"] == "60"
    assert len(gunicorn_lines(app, f"POST {path}?{marker} ")) == len(posts) - len(refused)

    # Reading the page is still fine, and another address has its own allowance.
    assert request(port, "GET", path)[0] == 200
    assert burst(port, "POST", f"{path}?{marker}", 1, source="127.0.0.2")[0][0] == 403


def test_a_request_header_too_large_gets_the_french_431_page(proxy, app):
    status, _, body = request(
        proxy.http_port, "GET", "/?probe=big-header", {"Cookie": "pile=" + "x" * 10_000}
    )
    assert status == 431
    assert PROXY_PAGE.encode() in body and b"Demande trop volumineuse" in body
    assert not gunicorn_lines(app, "probe=big-header")

    status, text = raw_exchange(proxy.http_port, b"NONSENSE\r\n\r\n")
    assert status == 400 and PROXY_PAGE in text and "Requête incorrecte" in text


def test_gunicorn_gets_the_client_address_scheme_host_and_a_request_id_only_from_nginx(proxy, app):
    marker = f"probe={uuid.uuid4().hex}"
    status, _, _ = request(
        proxy.http_port,
        "GET",
        f"/?{marker}",
        {
            "Host": f"127.0.0.1:{proxy.http_port}",
            "X-Forwarded-For": "203.0.113.9",
            "X-Request-ID": "made-up-by-the-client",
            # Would make gunicorn see HTTPS (and refuse the contradiction with
            # X-Forwarded-Proto: 400) if nginx passed it on.
            "X-Forwarded-Ssl": "on",
        },
    )
    assert status == 200
    (line,) = gunicorn_lines(app, marker)
    assert f'host="127.0.0.1:{proxy.http_port}"' in line, line
    # Appended: the last address is the one nginx saw, which the app counts.
    assert 'xff="203.0.113.9, 127.0.0.1"' in line, line
    assert 'proto="http"' in line and 'ssl="-"' in line, line
    assert re.search(r'request_id="[0-9a-f]{32}"', line), line


def test_an_unreachable_app_gets_the_french_502_page(site):
    nobody = SimpleNamespace(port=free_port())
    with proxy_for(site, nobody) as nginx:
        status, _, body = request(nginx.http_port, "GET", "/")
    assert status == 502
    assert PROXY_PAGE.encode() in body and "momentanément indisponible".encode() in body


# --- TLS ------------------------------------------------------------------------------


def test_with_tls_on_the_site_is_served_over_https_and_http_redirects(site, app, tmp_path):
    if not shutil.which("openssl"):
        skip_or_fail("openssl is needed to make a test certificate.")
    certificate, key = self_signed_certificate(tmp_path)
    with proxy_for(site, app, tls=True, certificate=certificate, certificate_key=key) as nginx:
        (nginx.acme_root / ".well-known" / "acme-challenge").mkdir(parents=True)
        (nginx.acme_root / ".well-known" / "acme-challenge" / "token-123").write_text("proof")

        status, headers, _ = request(nginx.http_port, "GET", "/ecosysteme/?page=2")
        assert status == 301
        assert headers["Location"] == "https://127.0.0.1/ecosysteme/?page=2"
        status, _, body = request(nginx.http_port, "GET", "/.well-known/acme-challenge/token-123")
        assert (status, body) == (200, b"proof")

        context = ssl.create_default_context(cafile=str(certificate))
        connection = http.client.HTTPSConnection(
            "127.0.0.1", nginx.https_port, context=context, timeout=15
        )
        try:
            connection.request("GET", "/ecosysteme/")
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
    assert response.status == 200
    # Django knew the request came over HTTPS (X-Forwarded-Proto), so it sent HSTS.
    assert "max-age=" in response.headers["Strict-Transport-Security"]


# --- compose gives the proxy what its templates need --------------------------------------


def test_compose_sets_every_variable_the_proxy_templates_use():
    compose = (REPO / "compose.yaml").read_text()
    proxy_service = compose[compose.index("\n  proxy:") :]
    proxy_service = proxy_service[: re.search(r"\n  \w[\w-]*:\n", proxy_service[1:]).start() + 1]
    missing = [
        name
        for name in sorted(template_variables())
        if not re.search(rf"^\s+{name}:", proxy_service, re.MULTILINE)
    ]
    assert not missing, f"compose.yaml's proxy service does not set {missing}"
    assert re.search(r'NGINX_ENVSUBST_FILTER: "\^PROXY_"', proxy_service)


# Requests nginx accepts as they are and passes on, at the edge of what gunicorn's
# defaults refuse (a 4,094-byte request line, 8,190-byte header lines, 100 header
# fields): gunicorn would answer them with its own English "Bad Request".
REQUESTS_AT_GUNICORNS_LIMITS = {
    "long request line": ("/?q=" + "a" * 7000, {}),
    "request line past nginx's buffer": ("/?q=" + "a" * 9000, {}),
    "long header line": ("/", {"X-Long": "b" * 8000}),
    "many header fields": ("/", {f"X-Field-{n}": "c" for n in range(150)}),
    "latin-1 header value": ("/", {"X-Name": "Ren\xe9e"}),
}


@pytest.mark.parametrize(
    "path, headers", REQUESTS_AT_GUNICORNS_LIMITS.values(), ids=REQUESTS_AT_GUNICORNS_LIMITS
)
def test_what_nginx_lets_through_gunicorn_never_refuses_in_english(proxy, app, path, headers):
    status, _, body = request(proxy.http_port, "GET", path, headers)
    text = body.decode("utf-8", errors="replace")
    assert "Bad Request" not in text and "Request Header" not in text, (status, text[:300])
    assert status in (200, 400, 414, 431), (status, text[:300])
    if status != 200:
        assert PROXY_PAGE in text or 'lang="fr"' in text, text[:300]
