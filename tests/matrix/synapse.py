"""A real Synapse homeserver on 127.0.0.1 for the Matrix tests: config, start, users, stop.

One homeserver per test session (it takes a few seconds to import); each test makes fresh
users and rooms. Its folder is on /dev/shm when there is one: SQLite syncs to disk a lot and
room creation is about three times faster on tmpfs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# "No rate limit" for tests; the bot's own 429 handling is tested with a server's real 429.
FAST = {"per_second": 10000, "burst_count": 100000}
SERVER_NAME = "localhost"


def free_port() -> int:
    """A TCP port nothing listens on right now, on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http(url: str, data: dict[str, Any] | None = None, timeout: float = 10) -> dict[str, Any]:
    """A JSON request (POST when `data`), its JSON reply."""
    req = urllib.request.Request(
        url,
        data=json.dumps(data).encode() if data is not None else None,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=timeout) as reply:
        return dict(json.loads(reply.read()))


@dataclass(frozen=True)
class User:
    """A registered account: what a client needs to log in or restore its session."""

    user_id: str
    password: str
    access_token: str
    device_id: str

    @property
    def localpart(self) -> str:
        """The name before the server, e.g. « alice-3 »."""
        return self.user_id[1:].split(":", 1)[0]


class Synapse:
    """A Synapse subprocess with a test configuration written in its own folder."""

    def __init__(self, rate_limits: dict[str, Any] | None = None) -> None:
        shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
        self.dir = Path(tempfile.mkdtemp(prefix="coopilote-synapse-", dir=shm))
        self.port = free_port()
        self.secret = secrets.token_hex(16)
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self._names = itertools.count(1)
        self.config = self._write_config(rate_limits or {})

    def _write_config(self, rate_limits: dict[str, Any]) -> Path:
        d = self.dir
        key = base64.b64encode(secrets.token_bytes(32)).decode().rstrip("=")
        (d / "signing.key").write_text(f"ed25519 a_test {key}\n")
        log_config = {
            "version": 1,
            "formatters": {"p": {"format": "%(asctime)s %(name)s %(levelname)s %(message)s"}},
            "handlers": {
                "f": {
                    "class": "logging.FileHandler",
                    "formatter": "p",
                    "filename": str(d / "homeserver.log"),
                }
            },
            "root": {"level": "WARNING", "handlers": ["f"]},
            "disable_existing_loggers": False,
        }
        (d / "log.yaml").write_text(json.dumps(log_config))  # JSON is valid YAML
        config: dict[str, Any] = {
            "server_name": SERVER_NAME,
            "public_baseurl": f"{self.base_url}/",
            "pid_file": str(d / "homeserver.pid"),
            "listeners": [
                {
                    "port": self.port,
                    "bind_addresses": ["127.0.0.1"],  # loopback only
                    "type": "http",
                    "tls": False,
                    "x_forwarded": False,
                    "resources": [{"names": ["client"], "compress": False}],
                }
            ],
            "database": {"name": "sqlite3", "args": {"database": str(d / "homeserver.db")}},
            "media_store_path": str(d / "media"),
            "signing_key_path": str(d / "signing.key"),
            "log_config": str(d / "log.yaml"),
            "registration_shared_secret": self.secret,
            "enable_registration": False,
            "macaroon_secret_key": secrets.token_hex(16),
            "form_secret": secrets.token_hex(16),
            "report_stats": False,
            "enable_metrics": False,
            "trusted_key_servers": [],
            "suppress_key_server_warning": True,
            "federation_domain_whitelist": [],  # no federation
            "url_preview_enabled": False,
            "presence": {"enabled": False},
            "bcrypt_rounds": 4,  # the default 12 costs 0.3-0.6 s per login or registration
            "rc_message": FAST,
            "rc_registration": FAST,
            "rc_room_creation": FAST,
            "rc_login": {"address": FAST, "account": FAST, "failed_attempts": FAST},
            "rc_joins": {"local": FAST, "remote": FAST},
            "rc_joins_per_room": FAST,
            "rc_invites": {"per_room": FAST, "per_user": FAST, "per_issuer": FAST},
            "rc_presence": {"per_user": FAST},
            "rc_media_create": FAST,
            "rc_profile": FAST,
            **rate_limits,
        }
        path = d / "homeserver.yaml"
        path.write_text(json.dumps(config, indent=1))
        return path

    def start(self, within: float = 90.0) -> None:
        """Start Synapse (from this interpreter's environment) and wait until it answers."""
        assert self.proc is None, "already running"
        t0 = time.monotonic()
        with open(self.dir / "stderr", "ab") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "synapse.app.homeserver", "-c", str(self.config)],
                cwd=self.dir,
                stdout=subprocess.DEVNULL,
                stderr=err,
            )
        while True:
            try:
                http(f"{self.base_url}/_matrix/client/versions", timeout=2)
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() - t0 > within:
                    tail = (self.dir / "stderr").read_text(errors="replace")[-3000:]
                    self.stop()
                    raise RuntimeError(f"Synapse did not start:\n{tail}") from None
                time.sleep(0.05)  # polling a subprocess's readiness, not hiding a race

    def stop(self) -> None:
        """Stop Synapse with SIGTERM (killed if it does not stop within 10 s)."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def restart(self) -> None:
        """Stop and start again on the same port and database (clients must reconnect)."""
        self.stop()
        self.start()

    def close(self) -> None:
        """Stop Synapse and remove its folder."""
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def register(self, name: str | None = None, *, admin: bool = False) -> User:
        """A new account through the shared-secret admin API (unique name when none given)."""
        name = name or f"user{next(self._names)}"
        password = f"pw-{name}-{secrets.token_hex(4)}"
        url = f"{self.base_url}/_synapse/admin/v1/register"
        nonce = http(url)["nonce"]
        message = b"\0".join(
            [nonce.encode(), name.encode(), password.encode(), b"admin" if admin else b"notadmin"]
        )
        mac = hmac.new(self.secret.encode(), message, hashlib.sha1).hexdigest()
        reply = http(
            url,
            {"nonce": nonce, "username": name, "password": password, "admin": admin, "mac": mac},
        )
        return User(reply["user_id"], password, reply["access_token"], reply["device_id"])

    def admin_request(self, method: str, path: str, data: dict[str, Any]) -> dict[str, Any]:
        """A call to Synapse's admin API as a server admin (registered on first use)."""
        if not hasattr(self, "_admin"):
            self._admin = self.register(self.unique("admin"), admin=True)
        req = urllib.request.Request(
            f"{self.base_url}{path}",
            data=json.dumps(data).encode(),
            method=method,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self._admin.access_token}",
            },
        )
        with urllib.request.urlopen(req, timeout=10) as reply:
            return dict(json.loads(reply.read() or b"{}"))

    def limit_messages(self, user_id: str, per_second: float, burst: int) -> None:
        """Give one user a strict message rate limit (the real 429s a busy server sends)."""
        path = f"/_synapse/admin/v1/users/{urllib.parse.quote(user_id)}/override_ratelimit"
        self.admin_request("POST", path, {"messages_per_second": per_second, "burst_count": burst})

    def devices(self, user: User) -> list[str]:
        """The ids of the user's devices, as the homeserver lists them."""
        req = urllib.request.Request(
            f"{self.base_url}/_matrix/client/v3/devices",
            headers={"Authorization": f"Bearer {user.access_token}"},
        )
        with urllib.request.urlopen(req, timeout=10) as reply:
            return sorted(d["device_id"] for d in json.loads(reply.read())["devices"])

    def unique(self, prefix: str) -> str:
        """A localpart no other test of this session uses."""
        return f"{prefix}{next(self._names)}"

    def log(self) -> str:
        """What Synapse logged (warnings and errors)."""
        path = self.dir / "homeserver.log"
        return path.read_text(errors="replace") if path.exists() else ""
