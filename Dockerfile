# The runtime lock (the versions CI tests, without pytest, ruff and mypy) on a pinned slim Python.
# To pin the digest as well: `docker buildx imagetools inspect python:3.11.16-slim-bookworm`,
# then FROM python:3.11.16-slim-bookworm@sha256:<the index digest>.
FROM python:3.11.16-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    DATABASE_URL=sqlite+aiosqlite:////app/data/bot.db \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080

WORKDIR /app
RUN groupadd --gid 10001 bot \
    && useradd --create-home --uid 10001 --gid bot bot \
    && install -d -o bot -g bot -m 0700 /app/data

# Dependencies before the source: editing the code reuses this layer, only a new lock reinstalls.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

# The bot runs from its source tree (an editable install, as in CI): content/ and migrations/
# are read from beside the bot package. The build backend (setuptools) comes from the lock.
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY content ./content
COPY migrations ./migrations
RUN pip install --no-deps --no-build-isolation -e .

USER 10001:10001
EXPOSE 8080
VOLUME ["/app/data"]
# Healthy while GET /healthz answers 200 (webhook and polling mode alike): the standard library
# only, no proxy; a refused connection, a timeout or any other status is unhealthy (exit 1).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import sys, urllib.request as r; \
        sys.excepthook = lambda t, e, tb: print(f'unhealthy: {e}'); \
        url = 'http://127.0.0.1:${HTTP_PORT}/healthz'; \
        sys.exit(r.build_opener(r.ProxyHandler({})).open(url, timeout=4).status != 200)"
# `run` migrates the database before it serves: no separate migrate step.
CMD ["python", "-m", "bot", "run"]
