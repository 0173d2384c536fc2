# Coopilote image: the bot and its migrations, run by an unprivileged user.
# The database is PostgreSQL (docker-compose.yml) or, without COOPILOTE_DATABASE_URL,
# a SQLite file in /data.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    COOPILOTE_DATA_DIR=/data

# A fixed uid, so that files in volumes keep one owner across rebuilds.
RUN useradd --create-home --uid 10001 coopilote && mkdir -p /data && chown coopilote /data

WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY bot ./bot
COPY migrations ./migrations
COPY config ./config
# Editable install: the bot finds its migrations beside its source (bot/core/migrate.py).
RUN pip install --no-cache-dir -e .

# English messages compiled once (the bot compiles them in memory otherwise).
RUN pybabel compile --domain=coopilote --directory=bot/locale

USER coopilote
# The advisor's models trained now, in the user's cache, so that the bot starts in under a second.
RUN coopilote advise --json "échauffement" > /dev/null
VOLUME ["/data"]

# `coopilote run` migrates the database, then starts Discord and/or Matrix from the
# COOPILOTE_* variables.
CMD ["coopilote", "run"]
