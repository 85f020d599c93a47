"""Gunicorn settings for the site: `gunicorn -c gunicorn.conf.py smart_site.wsgi`.

Every value can be changed through the environment, so the same file serves the
Docker image, compose and a plain server. Defaults suit a 2-core machine.
"""

import os


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def cpu_count():
    # process_cpu_count (Python 3.13+) and sched_getaffinity honour a CPU set
    # given to the container; os.cpu_count() reports every core of the host.
    if hasattr(os, "process_cpu_count"):
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


# BIND wins (e.g. "unix:/run/gunicorn.sock" or "[::]:8000"); otherwise PORT, as
# most platforms set it. 0.0.0.0 because inside a container 127.0.0.1 is not
# reachable from outside.
bind = os.environ.get("BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"

# The usual 2 x cores + 1 workers, capped because a container limited by CPU
# quota still sees every core of the host and each Wagtail worker holds about
# 100 MB. With or without Redis: without it each worker keeps its own copies of
# the pages, but all of them check the content version every process of the
# machine shares (core/cache.py), so none serves a stale page. WEB_CONCURRENCY
# (the name Heroku and others use) sets it exactly.
MAX_DEFAULT_WORKERS = 5
workers = env_int("WEB_CONCURRENCY", min(2 * cpu_count() + 1, MAX_DEFAULT_WORKERS))

# A few threads per worker let a request waiting on the database not hold up a
# whole process; Django is thread-safe. Slow clients are the proxy's business:
# it buffers requests and responses, so a thread is never held by a slow network.
worker_class = "gthread"
threads = env_int("GUNICORN_THREADS", 2)


# Recycle each worker after this many requests, so a slow memory leak (image
# processing, caches that grow) cannot build up. Not too often: a new worker
# starts with cold caches, and under a rush 1000 requests go by in seconds.
# The jitter keeps the workers from all restarting at the same moment.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", max_requests // 10)

# Load the application once in the master, before forking: workers share its
# memory pages (tens of MB each) and a recycled worker is ready at once.
# GUNICORN_PRELOAD=false loads it in each worker instead, for code reloading
# by HUP.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").strip().lower() not in (
    "0",
    "false",
    "no",
    "off",
)

# Whatever nginx accepts, gunicorn must accept too: its own refusals are English
# pages nginx passes through. nginx takes a request line or header line of up to
# 8 kB and 32 kB of headers in all (large_client_header_buffers 4 8k in
# deploy/nginx), and answers past that with its French 414/431 pages; gunicorn's
# defaults (4,094 bytes, 100 fields) are lower. 8,190 is gunicorn's maximum line.
limit_request_line = 8190
limit_request_field_size = 8190
limit_request_fields = 32768

# A request that runs longer than this gets its worker killed and restarted.
# The admin's image uploads are the slowest thing we serve; 30 s is plenty.
timeout = env_int("GUNICORN_TIMEOUT", 30)
# On a restart or deploy, requests in flight get this long to finish.
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Seconds an idle keep-alive connection stays open: a few seconds saves a
# browser reconnecting for each asset. Behind a load balancer that keeps
# connections open to us, set it above the balancer's own idle timeout.
keepalive = env_int("GUNICORN_KEEPALIVE", 5)

# Logs go to stdout/stderr, where Docker, systemd and the platform collect them.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")

# Workers signal that they are alive by touching a file every few seconds. On
# Docker's overlay filesystem (or a slow disk) that can block long enough for a
# healthy worker to be killed; /dev/shm is in memory.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# Only requests from these addresses may set X-Forwarded-* headers that gunicorn
# trusts for the scheme and the client address. Set it to the reverse proxy's
# address (or "*" when only the proxy can reach this port).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Gunicorn 25.1+ opens a control socket in $HOME by default; in the image the
# home folder is read-only, so it is off unless a path is given. Older versions
# ignore both settings.
control_socket_path = os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip()
if control_socket_path:
    control_socket = control_socket_path
else:
    control_socket_disable = True
