# syntax=docker/dockerfile:1
#
# Production image for Norec Exchange. One image runs every role; docker-compose.yml picks the command:
#   web      gunicorn (the default CMD at the end of this file)
#   worker   celery -A norec worker
#   beat     celery -A norec beat
#   migrate  python manage.py migrate --no-input
#
# Stages: `assets` fetches the npm front-end packages; `base` is Python with the system libraries the
# app loads at run time; `build` installs the Python dependencies into /opt/venv and compiles the
# translations and collects the static files; `runtime` is `base` plus the results of `build`.
# The Debian release is pinned so that the apt package names below stay valid.

# --- Front-end assets: Designsystemet, Inter and htmx, served by whitenoise via STATICFILES_DIRS ---
FROM node:22-bookworm-slim AS assets
WORKDIR /assets
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --no-audit --no-fund --loglevel=error

# --- Python and what WeasyPrint loads at run time (Pango, HarfBuzz via dlopen) plus fonts ---
# Noto covers every script partners' names are written in (norec/core/pdf.py names the families).
FROM python:3.11-slim-bookworm AS base
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
        fonts-liberation2 \
        fonts-noto-core \
        fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
# The code runs from /app (see below), whatever the working directory of a command.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app
WORKDIR /app

# --- Python dependencies, compiled translations, collected static files ---
FROM base AS build
# msgfmt, for compilemessages; needed while building only.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv

# The runtime dependencies of pyproject.toml (no dev extra), in a layer of their own so that a code
# change does not reinstall them. The project is deliberately not pip-installed as a package:
# settings.BASE_DIR is the directory above the norec package, and templates/, static/, node_modules/
# and the locale files are found there. A copy in site-packages would have none of them beside it.
COPY pyproject.toml ./
RUN --mount=type=cache,target=/root/.cache/pip \
    python -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies'], sep=chr(10))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt

COPY --from=assets /assets/node_modules ./node_modules
COPY . .

# NOREC_ENV is not set in this stage, so settings import with the development defaults; the key is a
# throwaway that lives only in this RUN and is not kept in the image.
# norec/locale is settings.LOCALE_PATHS: git does not keep it while it holds no .po file, and
# compilemessages stops with an error when it finds no locale directory at all.
RUN mkdir -p norec/locale \
    && SECRET_KEY=build-only-not-secret-build-only-not-secret-build-only-not-secret \
       python manage.py compilemessages --ignore=node_modules --verbosity 0 \
    && SECRET_KEY=build-only-not-secret-build-only-not-secret-build-only-not-secret \
       python manage.py collectstatic --no-input --verbosity 0

# --- Runtime ---
FROM base AS runtime
RUN groupadd --system --gid 10001 norec \
    && useradd --system --uid 10001 --gid norec --home-dir /app --no-create-home --shell /usr/sbin/nologin norec \
    && install -d -o norec -g norec /var/lib/norec/media /var/lib/norec/beat

# NOREC_ENV=production: a container started without configuration refuses to run (settings.py checks
# SECRET_KEY, DEBUG and ALLOWED_HOSTS) instead of serving the demo setup with DEBUG on.
# WEB_CONCURRENCY is gunicorn's number of workers; set it per host (about 2 x CPUs + 1).
ENV NOREC_ENV=production \
    MEDIA_ROOT=/var/lib/norec/media \
    WEB_CONCURRENCY=3

COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app

# Code and collected static files stay owned by root, so the app cannot change them. Uploads go to
# MEDIA_ROOT and the beat schedule to /var/lib/norec/beat, both owned by this user (mount volumes there).
USER 10001:10001
EXPOSE 8000

# Sync workers (PDF rendering is CPU-bound); a request running longer than 60 s is killed and logged.
# Access log to stdout, errors to stderr; workers are replaced now and then to bound memory growth.
CMD ["gunicorn", "norec.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--timeout", "60", \
     "--graceful-timeout", "30", \
     "--keep-alive", "5", \
     "--max-requests", "1000", \
     "--max-requests-jitter", "100", \
     "--worker-tmp-dir", "/dev/shm", \
     "--access-logfile", "-", \
     "--error-logfile", "-"]
