#!/usr/bin/env python
"""Requests per second of each public page type, against a static file, from one gunicorn.

    .venv/bin/python bench/throughput.py             # about 2.5 minutes
    .venv/bin/python bench/throughput.py --help

Builds a fresh site in a temporary folder (SQLite unless DATABASE_URL is given:
migrate, demo content, collectstatic), starts gunicorn with production settings
on 127.0.0.1, and loads the site's CSS file (served by WhiteNoise) and five page
types, first with the page cache on, then with it off (PAGE_CACHE_SECONDS=0).
Prints requests per second, p50 and p99 latency, errors, the server's CPU time
per request, the page/CSS ratios against the issue's targets, and the workers'
memory. Exits 1 if any request failed (2 with --check-targets if a target is
missed). Only 127.0.0.1 is ever contacted. See bench/README.md.
"""

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.servers import (  # noqa: E402
    Gunicorn,
    ServerError,
    collect_static,
    fetch,
    flush_redis,
    free_port,
    prepare_site,
    production_env,
    redis_reachable,
    stylesheet_url,
)

PAGES = [
    "/",
    "/qui-sommes-nous/le-projet/",
    "/qui-sommes-nous/histoire/",
    "/ecosysteme/alterna/",
    "/index-egalite/",
]
# What a browser sends: WhiteNoise answers with the Brotli file, pages come gzipped.
ACCEPT_ENCODING = "gzip, deflate, br"
CACHED_TARGET = 0.5  # a cached page: at least half the requests per second of the CSS
UNCACHED_TARGET = 0.1  # an uncached page: at least a tenth
REQUEST_TIMEOUT_SECONDS = 5
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"


@dataclass
class Result:
    mode: str
    path: str
    requests: int = 0
    seconds: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    errors: int = 0  # non-2xx/3xx answers, refused connections, timeouts
    error_kinds: dict = field(default_factory=dict)
    resets: int = 0  # a kept-alive connection closed under a request (browsers retry these)
    worker_restarts: int = 0
    cpu_seconds: float = 0.0
    latencies: list = field(default_factory=list, repr=False)

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_request(self):
        return self.cpu_seconds * 1000 / self.requests if self.requests else 0.0


def merge(slices):
    """One result from the slices of a target measured in turns with the others.

    Latencies are merged exactly when the built-in client kept them; wrk gives only
    percentiles, so p50 is the median of the slices' and p99 the worst slice's.
    """
    first = slices[0]
    merged = Result(mode=first.mode, path=first.path)
    for part in slices:
        merged.requests += part.requests
        merged.seconds += part.seconds
        merged.errors += part.errors
        merged.resets += part.resets
        merged.worker_restarts += part.worker_restarts
        merged.cpu_seconds += part.cpu_seconds
        merged.latencies += part.latencies
        for kind, number in part.error_kinds.items():
            merged.error_kinds[kind] = merged.error_kinds.get(kind, 0) + number
    if merged.latencies:
        merged.p50_ms, merged.p99_ms = percentiles(merged.latencies)
    else:
        merged.p50_ms = sorted(part.p50_ms for part in slices)[len(slices) // 2]
        merged.p99_ms = max(part.p99_ms for part in slices)
    merged.latencies = []
    return merged


def percentiles(latencies):
    ordered = sorted(latencies)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


# --- Load generators ------------------------------------------------------------------


def run_wrk(url, duration, connections, result):
    command = [
        "wrk",
        "-t1",  # one thread: the client should take as little as it can of two cores
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        f"--timeout={REQUEST_TIMEOUT_SECONDS}s",
        "--latency",
        "-H",
        f"Accept-Encoding: {ACCEPT_ENCODING}",
        url,
    ]
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=duration + 60, check=True
    ).stdout
    requests = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", output)
    result.requests = int(requests.group(1))
    result.seconds = to_ms(requests.group(2), requests.group(3)) / 1000
    result.p50_ms = percentile_from_wrk(output, "50%")
    result.p99_ms = percentile_from_wrk(output, "99%")
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        connect, read, write, timeout = map(int, socket_errors.groups())
        count_error(result, "connect", connect)
        count_error(result, "timeout", timeout)
        result.resets += read + write
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        count_error(result, "HTTP 4xx/5xx", int(non_2xx.group(1)))
        result.requests -= int(non_2xx.group(1))


def count_error(result, kind, number=1):
    if number:
        result.errors += number
        result.error_kinds[kind] = result.error_kinds.get(kind, 0) + number


def to_ms(value, unit):
    factor = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]
    return float(value) * factor


def percentile_from_wrk(output, label):
    match = re.search(rf"^\s+{re.escape(label)}\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
    return to_ms(*match.groups()) if match else float("nan")


async def keep_alive_connection(port, request, deadline, result):
    """One HTTP/1.1 connection sending requests back to back until the deadline."""
    reader = writer = None
    reused = False
    while time.monotonic() < deadline:
        if writer is None:
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                count_error(result, "connect")
                await asyncio.sleep(0.05)
                continue
            reused = False
        started = time.perf_counter()
        try:
            async with asyncio.timeout(REQUEST_TIMEOUT_SECONDS):
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                lowered = head.lower()
                length = re.search(rb"\r\ncontent-length:\s*(\d+)", lowered)
                if length:
                    await reader.readexactly(int(length.group(1)))
                elif b"\r\ntransfer-encoding: chunked" in lowered:
                    await read_chunked_body(reader)
                else:
                    await reader.read()
                    lowered += b"\r\nconnection: close"
        except TimeoutError:
            count_error(result, "timeout")
            writer.close()
            writer = None
            continue
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            # The server closed a connection it had kept alive (a worker recycled):
            # a browser silently retries. On a new connection it is a real failure.
            if reused:
                result.resets += 1
            else:
                count_error(result, "closed")
            writer.close()
            writer = None
            continue
        result.latencies.append((time.perf_counter() - started) * 1000)
        status = int(head[9:12])
        if status >= 400:
            count_error(result, f"HTTP {status}")
        else:
            result.requests += 1
        reused = True
        if b"\r\nconnection: close" in lowered:
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


async def read_chunked_body(reader):
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        await reader.readexactly(size + 2)
        if size == 0:
            return


def run_python_client(port, path, duration, connections, result):
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Accept-Encoding: {ACCEPT_ENCODING}\r\nUser-Agent: smart-bench\r\n\r\n"
    ).encode()

    async def run_all():
        deadline = time.monotonic() + duration
        started = time.monotonic()
        await asyncio.gather(
            *(keep_alive_connection(port, request, deadline, result) for _ in range(connections))
        )
        result.seconds = time.monotonic() - started

    asyncio.run(run_all())
    if result.latencies:
        result.p50_ms, result.p99_ms = percentiles(result.latencies)


# --- Measuring ------------------------------------------------------------------------


def server_cpu_seconds(server):
    """CPU time of the master and every worker so far, exited workers included."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in [server.process.pid, *server.worker_pids()]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # utime, stime, then (master only) cutime, cstime of reaped workers.
        total += int(fields[11]) + int(fields[12])
        if pid == server.process.pid:
            total += int(fields[13]) + int(fields[14])
    return total / ticks


def wait_until_idle(server, timeout=90):
    """Until every worker has booted: gunicorn answers as soon as the first one is up."""
    deadline = time.monotonic() + timeout
    before = server_cpu_seconds(server)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = server_cpu_seconds(server)
        if now - before < 0.05:
            return
        before = now


def load(server, path, duration, connections, client, mode):
    result = Result(mode=mode, path=path)
    restarts_before = server.log(last_chars=None).count("Autorestarting worker")
    cpu_before = server_cpu_seconds(server)
    if client == "wrk":
        run_wrk(f"{server.url}{path}", duration, connections, result)
    else:
        run_python_client(server.port, path, duration, connections, result)
    result.cpu_seconds = server_cpu_seconds(server) - cpu_before
    result.worker_restarts = (
        server.log(last_chars=None).count("Autorestarting worker") - restarts_before
    )
    return result


def check_pages(server, css_path, expect_cache):
    """Every target answers 200, and the page cache is on or off as it should be.

    With the local memory cache each worker has its own copy: a page is fetched
    until some worker answers from its cache.
    """
    problems = []
    attempts = 3 * max(1, len(server.worker_pids())) if expect_cache else 2
    for path in [css_path, *PAGES]:
        seen = set()
        for _ in range(attempts):
            status, headers, _ = fetch(f"{server.url}{path}", {"Accept-Encoding": "gzip"})
            if status != 200:
                problems.append(f"{path}: HTTP {status}")
                break
            seen.add(headers.get("X-Page-Cache"))
            if "hit" in seen:
                break
        if path not in PAGES or status != 200:
            continue
        if expect_cache and "hit" not in seen:
            problems.append(f"{path}: never served from the page cache (X-Page-Cache {seen})")
        if not expect_cache and seen != {None}:
            problems.append(f"{path}: X-Page-Cache {seen} with the cache off")
    return problems


def memory_summary(server):
    memory = server.worker_memory_mb()
    if not memory:
        return "no worker found"
    rss = [value[0] for value in memory.values()]
    pss = [value[1] for value in memory.values() if value[1] is not None]
    summary = f"{len(rss)} workers, RSS {min(rss):.0f}-{max(rss):.0f} MB each"
    if pss:
        summary += f" (PSS, shared pages split: {min(pss):.0f}-{max(pss):.0f} MB)"
    return summary


# --- Reporting ------------------------------------------------------------------------


def print_table(results):
    header = (
        f"{'target':<42} {'cache':<8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'errors':>6} {'resets':>6} {'recycl.':>7} {'CPU ms/req':>10}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        print(
            f"{result.path:<42} {result.mode:<8} {result.rps:>8.0f} {result.p50_ms:>8.1f} "
            f"{result.p99_ms:>8.1f} {result.errors:>6} {result.resets:>6} "
            f"{result.worker_restarts:>7} {result.cpu_ms_per_request:>10.2f}"
        )


def ratios(results, mode):
    static = next(r for r in results if r.mode == mode and r.path not in PAGES)
    return {r.path: r.rps / static.rps for r in results if r.mode == mode and r.path in PAGES}


def cpu_ratios(results, mode):
    """CSS CPU time per request / page CPU time per request: the req/s ratio a server
    alone on its cores would reach, steadier than req/s on a busy machine."""
    static = next(r for r in results if r.mode == mode and r.path not in PAGES)
    return {
        r.path: static.cpu_ms_per_request / r.cpu_ms_per_request
        for r in results
        if r.mode == mode and r.path in PAGES and r.cpu_ms_per_request
    }


def print_ratio(name, page_ratios, target, by_cpu):
    worst_path = min(page_ratios, key=page_ratios.get)
    worst = page_ratios[worst_path]
    verdict = "met" if worst >= target else "MISSED"
    print(
        f"{name:<9} page req/s / CSS req/s: worst {worst:.2f} ({worst_path}), "
        f"best {max(page_ratios.values()):.2f}; target >= {target}: {verdict}"
    )
    if by_cpu:
        cpu_worst_path = min(by_cpu, key=by_cpu.get)
        print(
            f"{'':<9} by server CPU time per request: worst {by_cpu[cpu_worst_path]:.2f} "
            f"({cpu_worst_path}), best {max(by_cpu.values()):.2f}"
        )
    return worst >= target


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds per target (10)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="targets take turns in this many slices of --duration (3; slices of >= 2 s)",
    )
    parser.add_argument("--warmup", type=float, default=2, help="seconds of warm-up (2)")
    parser.add_argument(
        "--connections", type=int, default=16, help="concurrent keep-alive connections (16)"
    )
    parser.add_argument("--workers", type=int, help="WEB_CONCURRENCY (gunicorn.conf.py's)")
    parser.add_argument("--threads", type=int, help="GUNICORN_THREADS (gunicorn.conf.py's)")
    parser.add_argument(
        "--max-requests",
        type=int,
        help="GUNICORN_MAX_REQUESTS (gunicorn.conf.py's); 0 turns worker recycling off",
    )
    parser.add_argument(
        "--redis",
        nargs="?",
        const=DEFAULT_REDIS_URL,
        metavar="URL",
        help=f"cache in Redis (default URL {DEFAULT_REDIS_URL}, flushed before and after)",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="an existing database (default: DATABASE_URL, else a new SQLite file)",
    )
    parser.add_argument(
        "--client", choices=["auto", "wrk", "python"], default="auto", help="load generator"
    )
    parser.add_argument(
        "--settings",
        default="smart_site.settings.production",
        help="DJANGO_SETTINGS_MODULE of the server, to measure a change (PYTHONPATH is passed on)",
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument(
        "--check-targets", action="store_true", help="exit 2 when a ratio target is missed"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    return parser.parse_args()


def step(message):
    print(f"... {message}", flush=True)


def main():
    args = parse_args()
    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "python"
    elif client == "wrk" and not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install -y wrk), or use --client python")
    if args.redis and not redis_reachable(args.redis):
        sys.exit(f"Redis is not reachable at {args.redis}")

    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} "
        f"(other processes compete with the server and the client); client: {client}, "
        f"{args.connections} connections, {args.duration:g} s per target"
    )
    folder = Path(tempfile.mkdtemp(prefix="smart-bench-"))
    results, memory, problems = [], {}, []
    try:
        database_url = args.database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
        port = free_port()
        env = production_env(
            database_url,
            static_root=folder / "static",
            media_root=folder / "media",
            REDIS_URL=args.redis,
            WEB_CONCURRENCY=args.workers,
            GUNICORN_THREADS=args.threads,
            GUNICORN_MAX_REQUESTS=args.max_requests,
            DEMO_SITE_HOSTNAME="127.0.0.1",
            DEMO_SITE_PORT=port,
        )
        server_settings = {"DJANGO_SETTINGS_MODULE": args.settings}
        print(f"database: {database_url.split('@')[-1]}; cache: {args.redis or 'local memory'}")
        step("migrate, load_demo_content, collectstatic")
        prepare_site(env)
        collect_static(folder / "static", env)
        if args.redis:
            flush_redis(args.redis)

        for mode, page_cache_seconds in (("cached", None), ("uncached", 0)):
            step(f"gunicorn, page cache {'on' if page_cache_seconds is None else 'off'}")
            server_env = {**env, **server_settings}
            if page_cache_seconds is not None:
                server_env["PAGE_CACHE_SECONDS"] = str(page_cache_seconds)
            server = Gunicorn(server_env, port=port, log_path=folder / f"gunicorn-{mode}.log")
            with server:
                wait_until_idle(server)
                print(f"    {len(server.worker_pids())} workers, {server.url}")
                status, _, body = fetch(f"{server.url}/")
                if status != 200:
                    raise ServerError(f"the home page answers HTTP {status}")
                css_path = stylesheet_url(body.decode())
                problems += [
                    f"{mode}: {problem}"
                    for problem in check_pages(server, css_path, expect_cache=mode == "cached")
                ]
                targets = [css_path, *PAGES]
                step(f"{mode}: warm-up, {args.warmup:g} s per target")
                for path in targets:
                    load(server, path, args.warmup, args.connections, client, mode)
                # Targets take turns, so that a burst of load from other programs on
                # the machine does not fall on one of them only.
                rounds = max(1, min(args.rounds, int(args.duration // 2)))
                slices = {path: [] for path in targets}
                for number in range(rounds):
                    step(f"{mode}: round {number + 1}/{rounds}")
                    for path in targets:
                        slices[path].append(
                            load(
                                server,
                                path,
                                args.duration / rounds,
                                args.connections,
                                client,
                                mode,
                            )
                        )
                results += [merge(slices[path]) for path in targets]
                wait_until_idle(server)  # a worker recycled just now is still booting
                memory[mode] = memory_summary(server)
    except (ServerError, subprocess.SubprocessError) as error:
        print(f"\nFAILED: {error}", file=sys.stderr)
        return 1
    finally:
        if args.redis and redis_reachable(args.redis):
            flush_redis(args.redis)
        if args.keep:
            print(f"kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)

    print()
    print_table(results)
    print()
    cached_ok = print_ratio(
        "cached", ratios(results, "cached"), CACHED_TARGET, cpu_ratios(results, "cached")
    )
    uncached_ok = print_ratio(
        "uncached", ratios(results, "uncached"), UNCACHED_TARGET, cpu_ratios(results, "uncached")
    )
    for mode, summary in memory.items():
        print(f"memory after the {mode} run: {summary}")
    print(
        "columns: resets = kept-alive connections the server closed under a request "
        "(a browser retries them); recycl. = workers recycled by max_requests during "
        "the run; CPU ms/req = server CPU time (master + workers) per request."
    )
    errors = sum(result.errors for result in results)
    for result in results:
        if result.errors:
            print(f"ERRORS {result.mode} {result.path}: {result.error_kinds}")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "results": [
                        {
                            **asdict(r),
                            "rps": r.rps,
                            "cpu_ms_per_request": r.cpu_ms_per_request,
                            "latencies": None,
                        }
                        for r in results
                    ],
                    "ratios": {m: ratios(results, m) for m in ("cached", "uncached")},
                    "cpu_ratios": {m: cpu_ratios(results, m) for m in ("cached", "uncached")},
                    "memory": memory,
                    "client": client,
                    "connections": args.connections,
                },
                indent=2,
            )
        )
    if errors or problems:
        print(f"FAILED: {errors} request errors, {len(problems)} problems")
        return 1
    if args.check_targets and not (cached_ok and uncached_ok):
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
