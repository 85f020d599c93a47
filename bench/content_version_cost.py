"""What reading the content version costs per request, for each place it can live.

Every request reads the content version once (core/cache.py). Without Redis it
lives in a file-based cache that every process of the machine reads; this
measures that read against the local-memory read it replaced (which could not
see other processes' changes) and against Redis, and puts them beside the time
of a whole cached page served through Django's test client, in one run.

    .venv/bin/python bench/content_version_cost.py [--redis redis://127.0.0.1:6379/14]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smart_site.settings.dev")


def per_call_microseconds(function, calls=20000, rounds=5):
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(calls):
            function()
        timings.append((time.perf_counter() - started) / calls * 1e6)
    return min(timings), statistics.median(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis", help="also measure a Redis at this URL")
    args = parser.parse_args()

    from django.conf import settings

    folder = tempfile.mkdtemp(prefix="version-cost-")
    caches_config = {
        "local memory (before)": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "file, shared by the machine (now)": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": folder,
        },
    }
    if args.redis:
        caches_config["Redis"] = {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": args.redis,
        }
    settings.configure(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        | {name: config for name, config in caches_config.items()},
        USE_TZ=True,
    )
    import django

    django.setup()
    from django.core.cache import caches

    print(f"{'where the version lives':<36} {'best µs/read':>13} {'median':>8}")
    for name in caches_config:
        cache = caches[name]
        cache.set("content-version", "5f0c2d1e9a7b4c3d", timeout=None)
        best, median = per_call_microseconds(lambda cache=cache: cache.get("content-version"))
        print(f"{name:<36} {best:>13.1f} {median:>8.1f}")
    print(
        "\nFor scale: bench/throughput.py measures a cached page at about 1 ms of server CPU,"
        "\nan uncached one at 2 to 4 ms."
    )


if __name__ == "__main__":
    main()
