# Production images of the site, from one build:
#
#   app (the default, last stage): gunicorn serving Django + Wagtail, static files
#       collected (WhiteNoise serves them when no proxy does), media in a volume
#       at /app/media.
#   proxy: nginx with the project's configuration (deploy/nginx) and a copy of
#       the same static files, which it serves itself.
#
#   docker build -t smart-site .
#   docker build -t smart-site-proxy --target proxy .
#   docker run --rm -e SECRET_KEY=... -e ALLOWED_HOSTS=... -e DATABASE_URL=... \
#       -e EMAIL_URL=... -e DEFAULT_FROM_EMAIL=... \
#       smart-site python manage.py migrate --no-input      # before each release
#
# compose.yaml runs both, with PostgreSQL and Redis.

ARG PYTHON_IMAGE=python:3.13-slim-bookworm
# The stable branch of nginx (even minor version), Debian-based.
ARG NGINX_IMAGE=nginx:1.30

# ---------------------------------------------------------------------------
# Build stage: the dependencies, in a virtualenv that the other stages copy.
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
# Static files, collected once (compressed, hashed names, a manifest) for the
# app and the proxy alike, so that both always hold the same release.
# ---------------------------------------------------------------------------
FROM build AS static

WORKDIR /app
COPY . /app
# Production settings refuse to load without these variables; the values below
# exist only for this command and are not kept in any image.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
        DATABASE_URL=sqlite:////tmp/build.sqlite3 \
        EMAIL_URL=smtp://localhost:25 DEFAULT_FROM_EMAIL=collectstatic@localhost \
        DJANGO_SETTINGS_MODULE=smart_site.settings.production \
        python manage.py collectstatic --no-input --verbosity 0 \
    && rm -f /tmp/build.sqlite3

# ---------------------------------------------------------------------------
# Proxy: the official nginx image renders /etc/nginx/templates/**/*.template
# into /etc/nginx/conf.d/ at start, from its environment (PROXY_*, see
# deploy/nginx/templates/default.conf.template and compose.yaml).
# ---------------------------------------------------------------------------
FROM ${NGINX_IMAGE} AS proxy

COPY deploy/nginx/templates /etc/nginx/templates
COPY deploy/nginx/errors /usr/share/nginx/smart-errors
COPY --from=static /app/staticfiles /srv/static
# Certbot's webroot and the certificates are volumes (compose.yaml); the paths
# exist in the image so that nginx starts without them.
RUN mkdir -p /var/www/certbot /etc/letsencrypt

EXPOSE 80 443

# ---------------------------------------------------------------------------
# App: the virtualenv, the source, the static files; runs as uid 10001.
# Last, so that a plain `docker build .` builds it.
# ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS app

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
COPY --from=static /app/staticfiles /app/staticfiles

# The bytecode is compiled now, since the app user cannot write to /app.
RUN python -m compileall -q /app \
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
