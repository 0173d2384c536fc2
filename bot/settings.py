"""Settings read from the environment (prefix COOPILOTE_) and an optional .env file."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import SecretStr, field_validator
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

    discord_token: SecretStr | None = None
    # Discord's REST base; through GET /gateway/bot it also names the gateway. Any
    # Discord-compatible server can stand in (the tests' fake Discord on 127.0.0.1).
    discord_api_url: str = "https://discord.com/api/v10"

    matrix_homeserver: str | None = None
    matrix_user_id: str | None = None
    matrix_password: SecretStr | None = None
    matrix_access_token: SecretStr | None = None

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

    @cached_property
    def tz(self) -> ZoneInfo:
        """The community default timezone as a ZoneInfo."""
        return ZoneInfo(self.timezone)

    def resolved_database_url(self) -> str:
        """The database URL, creating the data folder for the embedded default."""
        if self.database_url is not None and self.database_url.get_secret_value():
            return self.database_url.get_secret_value()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite+aiosqlite:///{(self.data_dir / 'coopilote.db').resolve()}"

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
