"""gunicorn.conf.py: how many workers and threads, and how they are recycled."""

import runpy
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


GUNICORN_VARIABLES = (
    "WEB_CONCURRENCY",
    "GUNICORN_THREADS",
    "GUNICORN_MAX_REQUESTS",
    "GUNICORN_MAX_REQUESTS_JITTER",
    "GUNICORN_PRELOAD",
    "GUNICORN_TIMEOUT",
)


def gunicorn_settings(monkeypatch, **environment):
    """gunicorn.conf.py's values as gunicorn reads them under this environment."""
    for name in GUNICORN_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(PROJECT / "gunicorn.conf.py"))


def test_gunicorn_shares_the_loaded_app_and_recycles_workers_with_jitter(monkeypatch):
    defaults = gunicorn_settings(monkeypatch)
    assert defaults["preload_app"] is True
    assert 1 <= defaults["workers"] <= 5
    assert defaults["threads"] == 2
    assert defaults["max_requests"] == 20000
    assert defaults["max_requests_jitter"] == 2000
    assert defaults["timeout"] == 30

    tuned = gunicorn_settings(
        monkeypatch, WEB_CONCURRENCY="3", GUNICORN_MAX_REQUESTS="500", GUNICORN_PRELOAD="false"
    )
    assert tuned["workers"] == 3
    assert tuned["max_requests"] == 500
    assert tuned["max_requests_jitter"] == 50
    assert tuned["preload_app"] is False
