"""Settings read from the environment (prefix COOPILOTE_) and an optional .env file."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from functools import cached_property
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Language = Literal["fr", "en"]


class Settings(BaseSettings):
    """Everything an operator can set; secrets are SecretStr and never printed."""

    model_config = SettingsConfigDict(
        env_prefix="COOPILOTE_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    data_dir: Path = Path("data")
    # Full SQLAlchemy URL; empty means the embedded SQLite file data_dir/coopilote.db.
    # A SecretStr because a PostgreSQL URL carries a password.
    database_url: SecretStr | None = None
    language: Language = "fr"
    timezone: str = "America/Montreal"
    log_level: str = "INFO"

    # The secret that keys secret ballots while a vote is open. Kept out of the database so
    # that a copy of the data folder links no voter to a choice: this setting, or else a key
    # file (owner-only) beside the data folder, generated at first start.
    ballot_secret: SecretStr | None = None
    ballot_secret_file: Path | None = None

    discord_token: SecretStr | None = None
    # Discord's REST base; through GET /gateway/bot it also names the gateway. Any
    # Discord-compatible server can stand in (the tests' fake Discord on 127.0.0.1).
    discord_api_url: str = "https://discord.com/api/v10"
    # Several processes sharing one bot: the shards this process runs (« 0-3 », « 0,1 »,
    # « 4-7,9 »; empty: every shard) out of the total count (empty: Discord's recommended
    # count, one process only). Each process of a deployment gets its own range.
    discord_shard_ids: str = ""
    discord_shard_count: int | None = None

    matrix_homeserver: str | None = None
    matrix_user_id: str | None = None
    matrix_password: SecretStr | None = None
    matrix_access_token: SecretStr | None = None
    # Invites accepted only from these servers (exemple.org) or users (@ana:exemple.org),
    # comma-separated; empty: any invite is accepted.
    matrix_invite_allow: str = ""
    # The board of a room's community: members with at least this power level, or the users
    # listed (comma-separated Matrix ids) when the list is not empty.
    matrix_board_power_level: int = 50
    matrix_board_users: str = ""
    # A guided form on Matrix (a motion, a practice) waits this many seconds for each answer.
    matrix_form_timeout: float = 600.0
    # Replies in a thread under the command; off: as plain replies (clients without threads).
    matrix_threads: bool = True
    # In a space, the room whose power levels make the board and the admins (a room id);
    # empty: the space itself when the bot is in it, else the space's first room.
    matrix_space_reference: str = ""

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"fuseau horaire inconnu / unknown timezone: {value}") from exc
        return value

    @field_validator("discord_api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError(f"adresse http(s) attendue / http(s) URL expected: {value}")
        return value.rstrip("/")

    @field_validator("discord_shard_ids")
    @classmethod
    def _shard_ranges(cls, value: str) -> str:
        parse_shard_ids(value)
        return value.strip()

    @model_validator(mode="after")
    def _shards_in_count(self) -> Settings:
        ids = parse_shard_ids(self.discord_shard_ids)
        count = self.discord_shard_count
        if count is not None and count < 1:
            raise ValueError(f"COOPILOTE_DISCORD_SHARD_COUNT ≥ 1 attendu / expected: {count}")
        if ids and count is None:
            raise ValueError(
                "COOPILOTE_DISCORD_SHARD_IDS demande COOPILOTE_DISCORD_SHARD_COUNT / "
                "shard ids need the shard count"
            )
        if ids and count is not None and ids[-1] >= count:
            raise ValueError(
                f"shard {ids[-1]} hors de 0-{count - 1} / out of 0-{count - 1} "
                "(COOPILOTE_DISCORD_SHARD_IDS, COOPILOTE_DISCORD_SHARD_COUNT)"
            )
        return self

    @property
    def discord_shards(self) -> tuple[int, ...]:
        """This process's shard ids, in order (empty: every shard)."""
        return parse_shard_ids(self.discord_shard_ids)

    @field_validator("matrix_homeserver")
    @classmethod
    def _homeserver_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError(f"adresse http(s) attendue / http(s) URL expected: {value}")
        return value.rstrip("/") if value else value

    @staticmethod
    def _id_list(value: str) -> frozenset[str]:
        return frozenset(part.strip() for part in value.split(",") if part.strip())

    @property
    def matrix_invite_allowed(self) -> frozenset[str]:
        """Servers and users whose invites the bot accepts (empty: anyone's)."""
        return self._id_list(self.matrix_invite_allow)

    @property
    def matrix_board(self) -> frozenset[str]:
        """The explicit board list (Matrix user ids); empty: by power level."""
        return self._id_list(self.matrix_board_users)

    @cached_property
    def tz(self) -> ZoneInfo:
        """The community default timezone as a ZoneInfo."""
        return ZoneInfo(self.timezone)

    def resolved_database_url(self) -> str:
        """The database URL, creating the data folder for the embedded default."""
        if self.database_url is not None and self.database_url.get_secret_value():
            return self.database_url.get_secret_value()
        # Owner-only: the folder 0700 and the database 0600 (SQLite gives its journal files
        # the database file's permissions).
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.data_dir, 0o700)
        path = (self.data_dir / "coopilote.db").resolve()
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        os.chmod(path, 0o600)
        return f"sqlite+aiosqlite:///{path}"

    def ballot_key_path(self) -> Path:
        """Where the ballot secret is kept when no setting gives it: outside the data folder."""
        if self.ballot_secret_file is not None:
            return self.ballot_secret_file
        data = self.data_dir.resolve()
        return data.parent / f".{data.name}-ballots.key"

    def ballot_secret_bytes(self) -> bytes:
        """The ballot secret: the setting, else the key file (created 0600 on first use)."""
        if self.ballot_secret is not None and self.ballot_secret.get_secret_value():
            return self.ballot_secret.get_secret_value().encode("utf-8")
        path = self.ballot_key_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            _publish_key_file(path, secrets.token_hex(32) + "\n")
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
        return path.read_text(encoding="ascii").strip().encode("ascii")

    @property
    def discord_configured(self) -> bool:
        """True when a Discord bot token is set."""
        return bool(self.discord_token and self.discord_token.get_secret_value())

    @property
    def matrix_configured(self) -> bool:
        """True when a Matrix homeserver, user and a password or token are set."""
        secret = self.matrix_password or self.matrix_access_token
        return bool(
            self.matrix_homeserver and self.matrix_user_id and secret and secret.get_secret_value()
        )

    def missing_for_platforms(self) -> list[str]:
        """Names of the variables still missing to start any chat platform."""
        missing: list[str] = []
        if not self.discord_configured:
            missing.append("COOPILOTE_DISCORD_TOKEN")
        if not self.matrix_configured:
            for name, value in (
                ("COOPILOTE_MATRIX_HOMESERVER", self.matrix_homeserver),
                ("COOPILOTE_MATRIX_USER_ID", self.matrix_user_id),
            ):
                if not value:
                    missing.append(name)
            if not (self.matrix_password or self.matrix_access_token):
                missing.append("COOPILOTE_MATRIX_PASSWORD | COOPILOTE_MATRIX_ACCESS_TOKEN")
        return missing


def parse_shard_ids(value: str) -> tuple[int, ...]:
    """« 0-3 » → (0, 1, 2, 3); « 0,1 » → (0, 1); « 4-5,9 » → (4, 5, 9); « » → ()."""
    ids: set[int] = set()
    for part in value.replace(" ", "").split(","):
        if not part:
            continue
        low, dash, high = part.partition("-")
        if not low.isdigit() or (dash and not high.isdigit()):
            raise ValueError(f"numéros de shards attendus (« 0-3 », « 0,1 ») / shard ids: {value}")
        first, last = int(low), int(high) if dash else int(low)
        if last < first:
            raise ValueError(f"intervalle à l’envers / reversed range: {part}")
        ids.update(range(first, last + 1))
    return tuple(sorted(ids))


def _publish_key_file(path: Path, content: str) -> None:
    """Create the key file whole, once: processes starting together all read the same key.

    The key is written to a private temporary file first and then hard-linked into place,
    which fails if another process got there first; a reader never sees an empty key file.
    """
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        # If another process published its key first, everyone uses that one.
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
