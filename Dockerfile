# Production image of the site: gunicorn serving Django + Wagtail, static files
# served by WhiteNoise, media in a volume at /app/media.
#
#   docker build -t smart-site .
#   docker run --rm -e SECRET_KEY=... -e ALLOWED_HOSTS=... -e DATABASE_URL=... \
#       smart-site python manage.py migrate --no-input      # before each release
#   docker run -p 8000:8000 -e SECRET_KEY=... -e ALLOWED_HOSTS=... \
#       -e DATABASE_URL=... -v smart-media:/app/media smart-site
#
# compose.yaml runs the same image with PostgreSQL and Redis.

ARG PYTHON_IMAGE=python:3.13-slim-bookworm

# ---------------------------------------------------------------------------
# Build stage: the dependencies, in a virtualenv that the runtime stage copies.
# ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

# Only the dependencies listed in pyproject.toml are installed, not the project
# itself: the code runs from /app, next to templates/ and static/ (found through
# BASE_DIR). Copying pyproject.toml alone first keeps this layer cached until the
# dependencies change. Every dependency ships wheels (psycopg[binary] brings its
# own libpq), so no compiler is needed.
COPY pyproject.toml /tmp/pyproject.toml
RUN python -c "import tomllib; deps = tomllib.load(open('/tmp/pyproject.toml', 'rb'))['project']['dependencies']; print('\n'.join(deps))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt

# ---------------------------------------------------------------------------
# Runtime stage: the virtualenv, the source, the static files; runs as uid 10001.
# ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=smart_site.settings.production \
    PORT=8000

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin app

COPY --from=build /opt/venv /opt/venv

WORKDIR /app
# The code stays owned by root: the app user can read it, not change it.
COPY . /app

# Static files are collected (and compressed, with a manifest) at build time.
# Production settings refuse to load without these three variables; the values
# below exist only for this command and are not kept in the image.
# The bytecode is compiled now, since the app user cannot write to /app.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
        DATABASE_URL=sqlite:////tmp/build.sqlite3 \
        python manage.py collectstatic --no-input --verbosity 0 \
    && rm -f /tmp/build.sqlite3 \
    && python -m compileall -q /app \
    && mkdir -p /app/media \
    && chown app:app /app/media

# Uploaded images and documents; declared after the chown so that a new volume
# starts out owned by the app user.
VOLUME ["/app/media"]

# Numeric, so that an orchestrator can check it is not root (runAsNonRoot).
USER 10001:10001
EXPOSE 8000

# /healthz answers 200 when the database is reachable. The request carries
# X-Forwarded-Proto: https (otherwise SECURE_SSL_REDIRECT answers with a
# redirect) and, as Host, the first entry of ALLOWED_HOSTS (a leading dot is
# dropped; "*" becomes localhost). curl is not in the slim image; Python is.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; h = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); h = 'localhost' if h in ('', '*') else h; r = u.urlopen(u.Request('http://127.0.0.1:' + os.environ.get('PORT', '8000') + '/healthz', headers={'Host': h, 'X-Forwarded-Proto': 'https'}), timeout=4); raise SystemExit(r.status != 200)"]

# Migrations are not run here, so that several containers can start at once:
# run `python manage.py migrate --no-input` once per release (compose does it
# before starting gunicorn).
CMD ["gunicorn", "-c", "gunicorn.conf.py", "smart_site.wsgi"]
