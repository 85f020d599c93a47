"""Redis stopped, hung or full under a real gunicorn: pages are served, /healthz says so.

A throwaway redis-server on a free port is the cache of gunicorn (production
settings, two workers). It is stopped, paused (SIGSTOP), filled past its memory
limit with no eviction, and restarted: every page keeps answering 200 in well
under a second, /healthz answers 200 with the cache reported down, each failure
is logged once per interval rather than per request, and the cache is used
again once it is back, without restarting anything.
"""

import os
import shutil
import signal
import subprocess
import time

import pytest

from tests.servers import (
    DEMO_CONTENT_PAGES,
    Gunicorn,
    collected_static_root,
    fetch,
    free_port,
    fresh_database,
    prepare_site,
    production_env,
)

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
PAGES = [*DEMO_CONTENT_PAGES, "/plan-du-site/"]
FAILURE_LOG_LINE = "unavailable"


def skip_or_fail(message):
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


class ThrowawayRedis:
    def __init__(self, port, *extra):
        self.port = port
        self.extra = extra
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                *self.extra,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.cli("PING") is True:
                return self
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def cli(self, *args):
        import redis

        try:
            client = redis.Redis(port=self.port, socket_timeout=2)
            result = client.execute_command(*args)
            return result.decode() if isinstance(result, bytes) else result
        except redis.RedisError as error:
            return error

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def pause(self):
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture(scope="module")
def site_on_redis(tmp_path_factory):
    if not os.path.exists(REDIS_SERVER):
        skip_or_fail("redis-server is not installed (apt-get install redis-server).")
    folder = tmp_path_factory.mktemp("cache-faults")
    redis_server = ThrowawayRedis(
        free_port(), "--maxmemory", "4mb", "--maxmemory-policy", "noeviction"
    ).start()
    try:
        with fresh_database("smart_cache_faults", folder) as database_url:
            env = production_env(
                database_url,
                static_root=collected_static_root(),
                media_root=folder / "media",
                REDIS_URL=redis_server.url,
                WEB_CONCURRENCY=2,
                GUNICORN_THREADS=2,
            )
            prepare_site(env)
            with Gunicorn(env, log_path=folder / "gunicorn.log") as server:
                yield server, redis_server
    finally:
        redis_server.stop()


def visit_every_page(server, rounds=3):
    """(statuses, cache headers, slowest seconds) of every page, several times."""
    statuses, cache_headers, slowest = set(), set(), 0.0
    for _ in range(rounds):
        for path in PAGES:
            started = time.monotonic()
            status, headers, _ = fetch(f"{server.url}{path}", timeout=10)
            slowest = max(slowest, time.monotonic() - started)
            statuses.add(status)
            cache_headers.add(headers.get("X-Page-Cache"))
    return statuses, cache_headers, slowest


def health(server):
    import json

    status, _, body = fetch(f"{server.url}/healthz")
    return status, json.loads(body)


def failures_logged(server):
    return server.log(last_chars=None).count(FAILURE_LOG_LINE)


def wait_until_cached_again(server, limit=15):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if "hit" in visit_every_page(server, rounds=2)[1]:
            return True
        time.sleep(0.5)
    return False


def assert_served_without_the_cache(server, what):
    statuses, _, slowest = visit_every_page(server, rounds=5)
    assert statuses == {200}, f"{what}: {statuses}"
    assert slowest < 1.0, f"{what}: a page took {slowest:.2f} s"
    status, report = health(server)
    assert status == 200 and report["database"] == "up", report
    assert report["cache"] == "down", f"{what}: {report}"


def assert_back_to_normal(server, what):
    assert wait_until_cached_again(server), f"{what}: the cache is not used again"
    assert health(server) == (200, {"status": "ok", "database": "up", "cache": "up"})


def test_pages_are_cached_while_redis_is_healthy(site_on_redis):
    server, _ = site_on_redis
    statuses, cache_headers, _ = visit_every_page(server)
    assert statuses == {200}
    assert "hit" in cache_headers
    assert health(server)[1]["cache"] == "up"


def test_redis_stopped_then_started_again(site_on_redis):
    server, redis_server = site_on_redis
    logged_before = failures_logged(server)
    redis_server.stop()
    try:
        assert_served_without_the_cache(server, "stopped")
        # 5 rounds of every page, on two workers: logged once per worker, not per request.
        logged = failures_logged(server) - logged_before
        assert 1 <= logged <= 4, f"{logged} failure lines in the log"
    finally:
        redis_server.start()
    assert_back_to_normal(server, "restarted")


def test_redis_paused_costs_milliseconds_not_seconds(site_on_redis):
    server, redis_server = site_on_redis
    redis_server.pause()
    try:
        assert_served_without_the_cache(server, "paused")
    finally:
        redis_server.resume()
    assert_back_to_normal(server, "resumed")


def test_redis_full_with_no_eviction(site_on_redis):
    server, redis_server = site_on_redis
    # Fill it past its 4 MB limit: every write is now refused ("OOM command not allowed").
    filler = 0
    while not isinstance(redis_server.cli("SET", f"filler:{filler}", "x" * 100_000), Exception):
        filler += 1
        assert filler < 200, "maxmemory is not enforced"
    errors_before = server.log(last_chars=None).count("Internal Server Error")
    try:
        statuses, _, slowest = visit_every_page(server, rounds=5)
        assert statuses == {200}
        assert slowest < 1.0
        assert server.log(last_chars=None).count("Internal Server Error") == errors_before
    finally:
        redis_server.cli("FLUSHALL")
    assert_back_to_normal(server, "emptied")
