# syntax=docker/dockerfile:1
# PTO API: the web app (gunicorn) and, with another command, the notification sender.
#   docker build -t pto-api .
#   docker run -e SECRET_KEY=... -e DATABASE_URL=postgresql://... -p 8000:8000 pto-api
# docker-compose.yml runs it behind nginx with PostgreSQL and Redis.

# --- build: wheels for every pinned dependency ----------------------------------------------
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /build
COPY requirements.txt .
RUN pip wheel --wheel-dir /wheels -r requirements.txt

# --- runtime: the wheels installed, the code, a user without privileges ----------------------
FROM python:3.11-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    APP_ENV=prod \
    GUNICORN_BIND=0.0.0.0:8000
RUN groupadd --system --gid 10001 pto \
    && useradd --system --uid 10001 --gid pto --home-dir /app --shell /usr/sbin/nologin pto
WORKDIR /app
COPY requirements.txt .
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-index --find-links=/wheels -r requirements.txt
# The code stays owned by root: the service only reads it.
COPY gunicorn.conf.py manage.py ./
COPY migrations ./migrations
COPY server ./server
COPY client ./client
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
CMD ["gunicorn", "-c", "gunicorn.conf.py", "server:create_app()"]
