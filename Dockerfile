# Coopilote image: the bot and its migrations; data in /data (SQLite) unless
# COOPILOTE_DATABASE_URL points elsewhere.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    COOPILOTE_DATA_DIR=/data

WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY bot ./bot
COPY migrations ./migrations
COPY config ./config
RUN pip install --no-cache-dir -e . && useradd --create-home coopilote && mkdir -p /data \
    && chown coopilote /data
USER coopilote
VOLUME ["/data"]

# `coopilote run` starts Discord and/or Matrix from the COOPILOTE_* variables.
CMD ["coopilote", "run"]
