# Installed the way CI installs (pip, editable, from pyproject.toml), on a slim Python base.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATABASE_URL=sqlite+aiosqlite:////app/data/bot.db \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080

WORKDIR /app
RUN useradd --create-home --uid 10001 bot

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY content ./content
COPY migrations ./migrations
RUN pip install -e . && mkdir -p /app/data && chown bot:bot /app/data

USER bot
EXPOSE 8080
VOLUME ["/app/data"]
CMD ["sh", "-c", "python -m bot migrate && exec python -m bot run"]
