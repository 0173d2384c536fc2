"""The bot's Matrix session on disk: device, E2E keys and sync token, owner-only.

Everything lives in `<data folder>/matrix/` (0700): `session.json` (0600) keeps the user id,
device id and access token so that a restart restores the same device instead of creating a
new one (which would lose the room keys others shared with it); nio's SQLite store beside it
keeps the encryption keys and the sync token.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from nio import AsyncClient, AsyncClientConfig, LoginResponse, WhoamiResponse

from bot.settings import Settings

log = logging.getLogger(__name__)

DEVICE_NAME = "Coopilote"
# Reconnecting after a homeserver outage: nio retries with a doubling wait, capped here.
RECONNECT_MAX_WAIT = 10.0


class MatrixLoginError(Exception):
    """The homeserver refused the credentials (the message says which setting to fix)."""


@dataclass(frozen=True, slots=True)
class SavedSession:
    """What restores a login without creating a device."""

    homeserver: str
    user_id: str
    device_id: str
    access_token: str


def store_dir(settings: Settings) -> Path:
    """The bot's Matrix folder under the data folder, created owner-only."""
    path = settings.data_dir / "matrix"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(settings.data_dir, 0o700)
    os.chmod(path, 0o700)
    return path


def _session_file(settings: Settings) -> Path:
    return store_dir(settings) / "session.json"


def load_session(settings: Settings) -> SavedSession | None:
    """The saved session for this homeserver and user, if any."""
    path = _session_file(settings)
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    saved = SavedSession(**data)
    if (saved.homeserver, saved.user_id) != (settings.matrix_homeserver, settings.matrix_user_id):
        return None  # another account or server: start afresh
    return saved


def save_session(settings: Settings, saved: SavedSession) -> None:
    """Write the session file 0600 (it holds an access token)."""
    path = _session_file(settings)
    fd = os.open(path, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump({name: getattr(saved, name) for name in SavedSession.__slots__}, handle)
    os.chmod(path, 0o600)


def make_client(settings: Settings) -> AsyncClient:
    """A nio client with encryption on, its store in the bot's Matrix folder."""
    assert settings.matrix_homeserver and settings.matrix_user_id
    config = AsyncClientConfig(
        encryption_enabled=True,
        store_sync_tokens=True,
        max_timeout_retry_wait_time=RECONNECT_MAX_WAIT,
    )
    return AsyncClient(
        settings.matrix_homeserver,
        settings.matrix_user_id,
        store_path=str(store_dir(settings)),
        config=config,
    )


def _lock_down(settings: Settings) -> None:
    """nio creates its SQLite store with the default umask: make every file owner-only."""
    for path in store_dir(settings).iterdir():
        if path.is_file():
            os.chmod(path, 0o600)


async def log_in(client: AsyncClient, settings: Settings) -> SavedSession:
    """Restore the saved device, else log in with the access token or the password."""
    assert settings.matrix_homeserver and settings.matrix_user_id
    saved = load_session(settings)
    token = settings.matrix_access_token
    if token is not None and token.get_secret_value():
        who = await _whoami(client, token.get_secret_value())
        if who is None or who.user_id != settings.matrix_user_id or not who.device_id:
            raise MatrixLoginError(
                "Le serveur Matrix refuse le jeton d’accès (COOPILOTE_MATRIX_ACCESS_TOKEN) "
                "ou il n’appartient pas à COOPILOTE_MATRIX_USER_ID."
            )
        saved = SavedSession(
            settings.matrix_homeserver, who.user_id, who.device_id, token.get_secret_value()
        )
    elif saved is not None and await _whoami(client, saved.access_token) is None:
        # The token was revoked (logged out elsewhere): log in again on the same device.
        client.device_id = saved.device_id
        saved = await _password_login(client, settings, saved.device_id)
    elif saved is None:
        saved = await _password_login(client, settings, None)
    client.restore_login(saved.user_id, saved.device_id, saved.access_token)
    save_session(settings, saved)
    _lock_down(settings)
    log.info("Matrix: logged in as %s (device %s)", saved.user_id, saved.device_id)
    return saved


async def _whoami(client: AsyncClient, access_token: str) -> WhoamiResponse | None:
    client.access_token = access_token
    reply = await client.whoami()
    return reply if isinstance(reply, WhoamiResponse) else None


async def _password_login(
    client: AsyncClient, settings: Settings, device_id: str | None
) -> SavedSession:
    assert settings.matrix_homeserver and settings.matrix_user_id
    password = settings.matrix_password
    if password is None or not password.get_secret_value():
        raise MatrixLoginError(
            "Aucun mot de passe Matrix (COOPILOTE_MATRIX_PASSWORD) ni jeton d’accès "
            "(COOPILOTE_MATRIX_ACCESS_TOKEN) valide."
        )
    client.access_token = ""
    if device_id:
        client.device_id = device_id
    reply = await client.login(password.get_secret_value(), device_name=DEVICE_NAME)
    if not isinstance(reply, LoginResponse):
        raise MatrixLoginError(
            "Le serveur Matrix refuse le mot de passe de COOPILOTE_MATRIX_USER_ID "
            "(COOPILOTE_MATRIX_PASSWORD)."
        )
    return SavedSession(
        settings.matrix_homeserver, reply.user_id, reply.device_id, reply.access_token
    )
