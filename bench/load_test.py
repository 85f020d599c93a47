#!/usr/bin/env python
"""Many visitors at once, for a bounded time, against the site as production runs it.

    .venv/bin/python bench/load_test.py                       # 32 clients, 60 s
    .venv/bin/python bench/load_test.py --clients 8 --seconds 10
    .venv/bin/python bench/load_test.py --proxy              # through nginx
    .venv/bin/python bench/load_test.py --help

Builds a fresh site in a temporary folder (SQLite unless DATABASE_URL names a
PostgreSQL server: migrate, demo content, collectstatic), starts gunicorn with
production settings on 127.0.0.1 (a free port), with --proxy the project's nginx
in front of it (deploy/nginx, run by Debian's nginx: tests/proxy.py, `apt-get
install nginx`), then runs N clients in parallel,
each with its own keep-alive connection, requesting the public pages in turn
until the time is up. Prints requests per second, p50/p99 latency and every
error (a status other than 200, a timeout, a dropped connection); exits 1 if
there was any. Only 127.0.0.1 is contacted. Not part of the test suite.
"""

import argparse
import contextlib
import http.client
import itertools
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.proxy import NGINX, Nginx, nginx_installed  # noqa: E402
from tests.servers import (  # noqa: E402
    DEMO_CONTENT_PAGES,
    Gunicorn,
    ServerError,
    collect_static,
    fresh_database,
    prepare_site,
    production_env,
)

PAGES = [
    *DEMO_CONTENT_PAGES,
    "/index-egalite/donnees.csv",
    "/index-egalite/donnees.json",
    "/recherche/?q=coop%C3%A9rative",
]
REQUEST_TIMEOUT_SECONDS = 10
HEADERS = {"Host": "127.0.0.1", "Accept-Encoding": "gzip", "User-Agent": "smart-load-test"}


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = []
        self.statuses = Counter()
        self.errors = Counter()
        self.unanswered = 0
        self.retries = 0

    def answered(self, latency, status, path):
        with self.lock:
            self.latencies.append(latency)
            self.statuses[status] += 1
            if status != 200:
                self.errors[f"HTTP {status} on {path}"] += 1

    def retried(self):
        with self.lock:
            self.retries += 1

    def failed(self, error, path):
        with self.lock:
            self.unanswered += 1
            self.errors[f"{type(error).__name__} on {path}: {error}"] += 1


# What a browser or a proxy does when a kept-alive connection turns out to be closed
# (gunicorn recycles a worker every GUNICORN_MAX_REQUESTS requests and closes the
# connections it held): send the request again, once, on a new connection. Counted
# apart; a failure on a new connection, or a second one, is an error.
CLOSED_BEFORE_ANSWER = (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected)


def client(port, pages, deadline, results):
    """One visitor: a keep-alive connection, the pages in turn, until the deadline."""
    connection = None
    for path in itertools.cycle(pages):
        if time.monotonic() >= deadline:
            break
        for attempt in (1, 2):
            reused = connection is not None
            if connection is None:
                connection = http.client.HTTPConnection(
                    "127.0.0.1", port, timeout=REQUEST_TIMEOUT_SECONDS
                )
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=HEADERS)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = None
                if attempt == 1 and reused and isinstance(error, CLOSED_BEFORE_ANSWER):
                    results.retried()
                    continue
                results.failed(error, path)
                break
            results.answered(time.perf_counter() - started, response.status, path)
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
            break
    if connection is not None:
        connection.close()


def percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


def run_load(port, clients, seconds):
    results = Results()
    deadline = time.monotonic() + seconds
    threads = []
    for number in range(clients):
        # Each client starts at a different page, so every page is always being asked for.
        pages = PAGES[number % len(PAGES) :] + PAGES[: number % len(PAGES)]
        thread = threading.Thread(target=client, args=(port, pages, deadline, results))
        threads.append(thread)
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - started


def report(results, elapsed, clients):
    latencies = sorted(results.latencies)
    total = len(latencies) + results.unanswered
    error_count = sum(results.errors.values())
    print(f"clients:        {clients}")
    print(f"duration:       {elapsed:.1f} s")
    print(f"requests:       {total}")
    print(f"requests/s:     {total / elapsed:.1f}")
    print(f"latency p50:    {percentile(latencies, 0.50) * 1000:.1f} ms")
    print(f"latency p99:    {percentile(latencies, 0.99) * 1000:.1f} ms")
    if latencies:
        print(f"latency mean:   {statistics.fmean(latencies) * 1000:.1f} ms")
        print(f"latency max:    {latencies[-1] * 1000:.1f} ms")
    print(f"statuses:       {dict(sorted(results.statuses.items()))}")
    print(f"resent once on a new connection (kept-alive one closed): {results.retries}")
    print(f"errors:         {error_count}")
    for name, count in results.errors.most_common():
        print(f"  {count:6d}  {name}")
    return error_count


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (32)")
    parser.add_argument("--seconds", type=float, default=60, help="duration of the load (60)")
    parser.add_argument(
        "--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py's choice)"
    )
    parser.add_argument("--threads", type=int, help="threads per worker (default: 2)")
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="every request renders its page (PAGE_CACHE_SECONDS=0)",
    )
    parser.add_argument(
        "--proxy",
        action="store_true",
        help="through the project's nginx (deploy/nginx) in front of gunicorn, as in compose",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.seconds <= 0:
        parser.error("--clients must be at least 1 and --seconds positive")
    if args.proxy and not nginx_installed():
        parser.error(f"--proxy needs nginx at {NGINX} (apt-get install nginx)")

    folder = Path(tempfile.mkdtemp(prefix="smart-load-"))
    errors = 0
    try:
        with fresh_database("smart_load", folder) as database_url:
            env = production_env(
                database_url,
                folder / "static",
                folder / "media",
                WEB_CONCURRENCY=args.workers,
                GUNICORN_THREADS=args.threads,
                PAGE_CACHE_SECONDS=0 if args.no_page_cache else None,
                # Behind the proxy, as in compose, nginx serves the media.
                SERVE_MEDIA="false" if args.proxy else None,
            )
            print(f"Preparing the site in {folder} ({database_url.split('://')[0]}) ...")
            collect_static(folder / "static", env)
            prepare_site(env)
            with contextlib.ExitStack() as servers:
                server = servers.enter_context(Gunicorn(env, log_path=folder / "gunicorn.log"))
                target = server
                if args.proxy:
                    target = servers.enter_context(
                        Nginx(
                            server.port,
                            static_root=folder / "static",
                            media_root=folder / "media",
                            folder=folder / "nginx",
                        )
                    )
                print(
                    f"Loading {target.url}{' (nginx, then gunicorn)' if args.proxy else ''} "
                    f"with {args.clients} clients for {args.seconds:g} s ({len(PAGES)} "
                    f"addresses, page cache {'off' if args.no_page_cache else 'on'})"
                )
                results, elapsed = run_load(target.port, args.clients, args.seconds)
                errors = report(results, elapsed, args.clients)
                if args.proxy:
                    print(f"resent by nginx on a new connection: {target.resent_requests()}")
                if errors:
                    print(f"\nLast lines of the server's log:\n{server.log(3000)}")
                    if args.proxy:
                        print(f"\nLast lines of nginx's log:\n{target.log(3000)}")
    except ServerError as error:
        print(error, file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"Kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
