"""A fake Discord on 127.0.0.1: REST and gateway on one random port, for the real discord.py.

Guilds with roles, channels and members; every REST call recorded; interactions of each type
injected through the gateway; member events; intents enforced the way Discord enforces them;
429s, closed DMs and privileged-intent refusals on demand. The hooks and payload shapes are
those of `shared/notes/testing-discord.md` (checked against discord.py 2.7).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from itertools import count
from typing import Any

import aiohttp
import discord
from aiohttp import web

API = "/api/v10"
APP_ID = BOT_ID = 100_000_000_000_000_001  # a bot user's id is its application's id
TOKEN = "fake-token"

# Gateway intents (https://discord.com/developers/docs/events/gateway#gateway-intents).
GUILDS = 1 << 0
GUILD_MEMBERS = 1 << 1
GUILD_MESSAGES = 1 << 9
DIRECT_MESSAGES = 1 << 12
MESSAGE_CONTENT = 1 << 15
PRIVILEGED = GUILD_MEMBERS | (1 << 8) | MESSAGE_CONTENT  # members, presences, content

ADMINISTRATOR = 1 << 3
ALL_PERMISSIONS = (1 << 50) - 1

# Discord's JSON error codes the fake can answer with.
CANNOT_SEND_TO_USER = 50007  # the member's DMs are closed
MISSING_PERMISSIONS = 50013

SEND_MESSAGES = 1 << 11
CREATE_PUBLIC_THREADS = 1 << 35
CHUNK_SIZE = 1000  # members per GUILD_MEMBERS_CHUNK, as Discord sends them

_ids = count(200_000_000_000_000_000)


def snowflake() -> int:
    """A new id, unique within the test run."""
    return next(_ids)


@dataclass
class User:
    id: int
    name: str
    bot: bool = False

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.name,
            "discriminator": "0",
            "global_name": self.name,
            "avatar": None,
            "bot": self.bot,
        }


@dataclass
class Role:
    id: int
    name: str
    permissions: int = 0
    position: int = 1

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
        }


@dataclass
class Channel:
    id: int
    name: str
    type: int = 0  # 0 text, 1 DM, 11 public thread
    guild_id: int | None = None
    recipient: User | None = None

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": str(self.id), "type": self.type, "name": self.name}
        if self.guild_id is not None:
            data.update(guild_id=str(self.guild_id), position=0, permission_overwrites=[])
        if self.recipient is not None:
            data.update(recipients=[self.recipient.payload()], last_message_id=None)
        return data


@dataclass
class Member:
    user: User
    roles: list[int] = field(default_factory=list)
    nick: str | None = None

    def payload(self) -> dict[str, Any]:
        return {
            "user": self.user.payload(),
            "roles": [str(r) for r in self.roles],
            "nick": self.nick,
            "flags": 0,
            "joined_at": "2026-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
        }


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    roles: dict[int, Role] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)

    def role(self, name: str) -> Role:
        """The role called `name`."""
        return next(r for r in self.roles.values() if r.name == name)

    def channel(self, name: str) -> Channel:
        """The channel called `name`."""
        return next(c for c in self.channels.values() if c.name == name)

    def member(self, name: str) -> Member:
        """The member whose user name is `name`."""
        return next(m for m in self.members.values() if m.user.name == name)

    def permissions(self, member: Member) -> int:
        """The member's guild permissions, as Discord computes them (owner and admin: all)."""
        if member.user.id == self.owner_id:
            return ALL_PERMISSIONS
        perms = self.roles[self.id].permissions
        for role_id in member.roles:
            perms |= self.roles[role_id].permissions
        return ALL_PERMISSIONS if perms & ADMINISTRATOR else perms


@dataclass
class Call:
    """One REST request as the fake received it."""

    method: str
    path: str  # without the /api/v10 prefix
    query: dict[str, str]
    body: Any
    files: list[tuple[str, bytes]] = field(default_factory=list)
    status: int = 200
    at: float = field(default_factory=time.perf_counter)  # when it arrived (benchmarks)


@dataclass
class Session:
    """One gateway connection (one shard)."""

    ws: web.WebSocketResponse
    intents: int = 0
    shard: tuple[int, int] = (0, 1)
    seq: int = 0
    session_id: str = ""

    def has(self, intent: int) -> bool:
        return bool(self.intents & intent)


@dataclass
class _Throttle:
    remaining: int
    match: Callable[[str, str], bool]
    retry_after: float
    via: bool


@dataclass
class Interaction:
    """An interaction the fake sent; its callback arrives as a REST call."""

    id: int
    token: str
    payload: dict[str, Any]
    sent_at: float = 0.0  # perf_counter() when INTERACTION_CREATE went out (benchmarks)


class LoopbackOnly(aiohttp.TCPConnector):
    """A connector that refuses any host but 127.0.0.1: no test can reach the internet."""

    async def _create_connection(self, req, traces, timeout):  # type: ignore[no-untyped-def]  # noqa: ASYNC109
        if req.url.host != "127.0.0.1":
            raise aiohttp.ClientConnectionError(f"blocked non-loopback request to {req.url}")
        return await super()._create_connection(req, traces, timeout)


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # Exactly "application/json": json_response() appends "; charset=utf-8", and discord.py
    # then takes the body for a string.
    return web.Response(
        status=status,
        body=json.dumps(data).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def _error(status: int, message: str, code: int = 0) -> web.Response:
    return _json({"message": message, "code": code}, status=status)


def _option_type(value: Any) -> int:
    if isinstance(value, Role):
        return 8
    if isinstance(value, Channel):
        return 7
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return 10
    return 3


class FakeDiscord:
    """REST under /api/v10 and the websocket gateway at / on one loopback port."""

    def __init__(self) -> None:
        self.token = TOKEN
        self.bot_user = User(BOT_ID, "coopilote", bot=True)
        self.guilds: dict[int, Guild] = {}
        self.dm_channels: dict[int, Channel] = {}  # by recipient id
        self.calls: list[Call] = []
        self.messages: dict[int, dict[str, Any]] = {}  # every message the bot posted, by id
        self.commands: dict[int | None, list[dict[str, Any]]] = {}  # synced, by guild (None)
        self.sessions: list[Session] = []
        self.resumed = 0  # sessions resumed (op 6) after a dropped connection
        self.closed_dms: set[int] = set()
        self.denied: dict[int, int] = {}  # channel id -> permissions the bot lacks there
        # True: interactions still tell the bot it has every permission (a change since).
        self.app_permissions_ignore_denied = False
        # Privileged intents this application may use (the portal's switches).
        self.allowed_privileged = GUILD_MEMBERS
        self.errors: list[Any] = []  # log records of errors (the fixture fills it)
        self.error_logged = asyncio.Event()
        self.refused: list[str] = []  # what the fake refused to send, and why
        self._interactions: dict[int, Interaction] = {}
        self._answered: set[int] = set()  # interactions already called back (once only)
        self._throttles: list[_Throttle] = []
        self._changed = asyncio.Condition()
        self.port = 0
        app = web.Application()
        app.router.add_get("/", self._gateway)
        app.router.add_route("*", API + "/{path:.*}", self._rest)
        self._runner = web.AppRunner(app)

    # ---- lifecycle --------------------------------------------------------------------------
    async def start(self) -> None:
        """Listen on a random port of 127.0.0.1."""
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def close(self) -> None:
        """Close every gateway connection and stop listening."""
        for session in self.sessions:
            await session.ws.close()
        await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        """What COOPILOTE_DISCORD_API_URL points at."""
        return f"http://127.0.0.1:{self.port}{API}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

    # ---- the world ---------------------------------------------------------------------------
    def add_guild(
        self,
        name: str,
        *,
        roles: dict[str, int] | None = None,
        channels: Iterable[str] = ("general",),
        members: dict[str, Iterable[str]] | None = None,
        owner: str | None = None,
    ) -> Guild:
        """A guild with roles {name: permissions}, text channels and members {name: [roles]}."""
        gid = snowflake()
        guild = Guild(gid, name, owner_id=0)
        guild.roles[gid] = Role(gid, "@everyone", permissions=104324673, position=0)
        for position, (role_name, perms) in enumerate((roles or {}).items(), start=1):
            rid = snowflake()
            guild.roles[rid] = Role(rid, role_name, permissions=perms, position=position)
        for channel_name in channels:
            cid = snowflake()
            guild.channels[cid] = Channel(cid, channel_name, guild_id=gid)
        guild.members[BOT_ID] = Member(self.bot_user)
        for member_name, role_names in (members or {}).items():
            self._new_member(guild, member_name, role_names)
        first_human = next((m for m in guild.members.values() if not m.user.bot), None)
        owner_member = guild.member(owner) if owner else first_human
        guild.owner_id = owner_member.user.id if owner_member else BOT_ID
        self.guilds[gid] = guild
        return guild

    def _new_member(self, guild: Guild, name: str, role_names: Iterable[str]) -> Member:
        user = User(snowflake(), name)
        member = Member(user, [guild.role(r).id for r in role_names])
        guild.members[user.id] = member
        return member

    def guild(self, name: str) -> Guild:
        """The guild called `name`."""
        return next(g for g in self.guilds.values() if g.name == name)

    # ---- what the bot did --------------------------------------------------------------------
    async def _record(self, call: Call) -> None:
        self.calls.append(call)
        await self._notify()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def error(self, record: Any) -> None:
        """An error was logged (by the fixture's collector): waiting tests fail at once."""
        self.errors.append(record)
        self.error_logged.set()
        asyncio.get_running_loop().create_task(self._notify())

    def calls_to(self, method: str, pattern: str) -> list[Call]:
        """Recorded calls of `method` whose path matches the regular expression `pattern`."""
        rx = re.compile(pattern)
        return [c for c in self.calls if c.method == method and rx.fullmatch(c.path)]

    async def wait_for(self, predicate: Callable[[], Any], within: float = 5.0) -> Any:
        """Wait until `predicate()` is truthy and return it.

        It is checked again at each REST call only: for the bot's own state, wait on an event.
        """

        async def _wait() -> Any:
            async with self._changed:
                result = predicate()
                while not result:
                    if self.errors:
                        raise AssertionError(f"errors logged while waiting: {self.errors}")
                    await self._changed.wait()
                    result = predicate()
                return result

        return await asyncio.wait_for(_wait(), within)

    async def wait_for_call(self, method: str, pattern: str, n: int = 1, **kw: float) -> Call:
        """The n-th call matching (waiting for it)."""
        calls = await self.wait_for(lambda: len(self.calls_to(method, pattern)) >= n, **kw)
        assert calls
        return self.calls_to(method, pattern)[n - 1]

    def channel_messages(self, channel: Channel | int) -> list[dict[str, Any]]:
        """Messages the bot posted in a channel, oldest first (edits applied)."""
        cid = str(channel.id if isinstance(channel, Channel) else channel)
        return [m for m in self.messages.values() if m["channel_id"] == cid]

    # ---- failures on demand ------------------------------------------------------------------
    def rate_limit(
        self,
        times: int = 1,
        *,
        method: str | None = None,
        path: str = ".*",
        retry_after: float = 0.05,
        via: bool = True,
    ) -> None:
        """Answer the next `times` matching requests with a 429 and `retry_after`."""
        rx = re.compile(path)

        def match(m: str, p: str) -> bool:
            return (method is None or m == method) and bool(rx.fullmatch(p))

        self._throttles.append(_Throttle(times, match, retry_after, via))

    def _throttled(self, method: str, path: str) -> web.Response | None:
        for throttle in self._throttles:
            if throttle.remaining and throttle.match(method, path):
                throttle.remaining -= 1
                # discord.py retries a 429 only with a JSON body and a Via header; without Via
                # it takes it for a Cloudflare ban and raises at once.
                headers = {"Via": "1.1 google"} if throttle.via else {}
                body = {
                    "message": "You are being rate limited.",
                    "retry_after": throttle.retry_after,
                    "global": False,
                }
                return _json(body, status=429, headers=headers)
        return None

    async def drop_connection(self, code: int = 4000) -> None:
        """Close the bot's gateway connection as Discord does when it restarts a node."""
        await self.session.ws.close(code=code, message=b"Unknown error.")

    def deny_bot(self, channel: Channel, permissions: int) -> None:
        """The bot lacks `permissions` in `channel` (Discord then answers 403, code 50013)."""
        self.denied[channel.id] = self.denied.get(channel.id, 0) | permissions

    def close_dms(self, member: Member | User) -> None:
        """This person accepts no direct message from the bot (Discord's error 50007)."""
        user = member.user if isinstance(member, Member) else member
        self.closed_dms.add(user.id)

    # ---- REST --------------------------------------------------------------------------------
    async def _read_body(self, req: web.Request) -> tuple[Any, list[tuple[str, bytes]]]:
        if not req.can_read_body:
            return None, []
        if req.content_type.startswith("multipart/"):
            body: Any = None
            files: list[tuple[str, bytes]] = []
            reader = await req.multipart()
            async for part in reader:
                data = await part.read()  # type: ignore[union-attr]
                if part.name == "payload_json":  # type: ignore[union-attr]
                    body = json.loads(data)
                else:
                    files.append((part.filename or "", bytes(data)))  # type: ignore[union-attr]
            return body, files
        return await req.json(), []

    async def _rest(self, req: web.Request) -> web.Response:
        body, files = await self._read_body(req)
        path = "/" + req.match_info["path"]
        call = Call(req.method, path, dict(req.query), body, files)
        # Interaction callbacks and webhooks are authorised by their token in the path.
        authorised = req.headers.get("Authorization") == f"Bot {self.token}" or path.startswith(
            ("/interactions/", "/webhooks/")
        )
        throttled = self._throttled(req.method, path)
        if not authorised:
            response = _error(401, "401: Unauthorized")
        else:
            response = throttled or self._route(call)
        call.status = response.status
        await self._record(call)
        return response

    def _route(self, call: Call) -> web.Response:
        method, path, body = call.method, call.path, call.body
        if path == "/users/@me" and method == "GET":
            return _json(self.bot_user.payload())
        if path == "/oauth2/applications/@me":
            # AppInfo reads every one of these keys without defaults.
            owner = User(snowflake(), "owner")
            return _json(
                {
                    "id": str(APP_ID),
                    "name": "coopilote",
                    "description": "",
                    "icon": None,
                    "bot_public": False,
                    "bot_require_code_grant": False,
                    "owner": owner.payload(),
                    "verify_key": "0" * 64,
                    "flags": 0,
                    "interactions_endpoint_url": None,
                }
            )
        if path in ("/gateway", "/gateway/bot"):
            return _json(
                {
                    "url": f"ws://127.0.0.1:{self.port}",
                    "shards": 1,
                    "session_start_limit": {
                        "total": 1000,
                        "remaining": 1000,
                        "reset_after": 0,
                        "max_concurrency": 1,
                    },
                }
            )
        if match := re.fullmatch(r"/applications/\d+(?:/guilds/(\d+))?/commands", path):
            guild = int(match.group(1)) if match.group(1) else None
            if method == "PUT":
                synced = [
                    {**c, "id": str(snowflake()), "application_id": str(APP_ID), "version": "1"}
                    for c in body
                ]
                self.commands[guild] = synced
                return _json(synced)
            return _json(self.commands.get(guild, []))
        if match := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path):
            return self._callback(int(match.group(1)), body)
        if match := re.fullmatch(r"/webhooks/\d+/([^/]+)(/messages/(@original|\d+))?", path):
            return self._webhook(method, match.group(1), match.group(3), body)
        if path == "/users/@me/channels" and method == "POST":
            return self._open_dm(int(body["recipient_id"]))
        if match := re.fullmatch(r"/channels/(\d+)/messages(?:/(\d+))?", path):
            return self._channel_message(method, int(match.group(1)), match.group(2), body)
        if match := re.fullmatch(r"/channels/(\d+)/messages/(\d+)/threads", path):
            return self._thread(int(match.group(1)), body)
        return _error(404, "404: Not Found")

    def _find_channel(self, channel_id: int) -> Channel | None:
        for guild in self.guilds.values():
            if channel_id in guild.channels:
                return guild.channels[channel_id]
        return next((c for c in self.dm_channels.values() if c.id == channel_id), None)

    def _message(self, channel_id: int, body: dict[str, Any] | None) -> dict[str, Any]:
        body = body or {}
        message = {
            "id": str(snowflake()),
            "channel_id": str(channel_id),
            "type": 0,
            "content": body.get("content") or "",
            "author": self.bot_user.payload(),
            "attachments": [],
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "flags": body.get("flags") or 0,
            "timestamp": "2026-01-01T00:00:00+00:00",
            "edited_timestamp": None,
            # What the bot asked for: tests check that nobody could be pinged.
            "allowed_mentions": body.get("allowed_mentions"),
        }
        self.messages[int(message["id"])] = message
        return message

    def _edit(self, message_id: int, body: dict[str, Any]) -> web.Response:
        message = self.messages.get(message_id)
        if message is None:
            return _error(404, "Unknown Message", 10008)
        for key in ("content", "embeds", "components", "allowed_mentions", "flags"):
            if key in body:
                message[key] = body[key]
        message["edited_timestamp"] = "2026-01-01T00:00:01+00:00"
        return _json(message)

    def _channel_message(
        self, method: str, channel_id: int, message_id: str | None, body: Any
    ) -> web.Response:
        channel = self._find_channel(channel_id)
        if channel is None:
            return _error(404, "Unknown Channel", 10003)
        if message_id is not None:
            if method == "PATCH":
                return self._edit(int(message_id), body)
            if method == "GET" and int(message_id) in self.messages:
                return _json(self.messages[int(message_id)])
            if method == "DELETE":
                self.messages.pop(int(message_id), None)
                return web.Response(status=204)
            return _error(404, "Unknown Message", 10008)
        if method != "POST":
            return _json(self.channel_messages(channel_id)[::-1])
        if self.denied.get(channel_id, 0) & SEND_MESSAGES:
            return _error(403, "Missing Permissions", MISSING_PERMISSIONS)
        if channel.recipient is not None and channel.recipient.id in self.closed_dms:
            return _error(403, "Cannot send messages to this user", CANNOT_SEND_TO_USER)
        return _json(self._message(channel_id, body))

    def _open_dm(self, user_id: int) -> web.Response:
        user = next(
            (g.members[user_id].user for g in self.guilds.values() if user_id in g.members), None
        )
        if user is None:
            return _error(400, "Invalid Recipient(s)", 50033)
        if user_id not in self.dm_channels:
            self.dm_channels[user_id] = Channel(snowflake(), "", type=1, recipient=user)
        return _json(self.dm_channels[user_id].payload())

    def _thread(self, channel_id: int, body: dict[str, Any]) -> web.Response:
        parent = self._find_channel(channel_id)
        if parent is None or parent.guild_id is None:
            return _error(404, "Unknown Channel", 10003)
        if self.denied.get(channel_id, 0) & CREATE_PUBLIC_THREADS:
            return _error(403, "Missing Permissions", MISSING_PERMISSIONS)
        thread = Channel(snowflake(), body.get("name", ""), type=11, guild_id=parent.guild_id)
        self.guilds[parent.guild_id].channels[thread.id] = thread
        data = thread.payload()
        data.update(
            parent_id=str(channel_id),
            owner_id=str(BOT_ID),
            thread_metadata={
                "archived": False,
                "auto_archive_duration": body.get("auto_archive_duration", 1440),
                "archive_timestamp": "2026-01-01T00:00:00+00:00",
                "locked": False,
            },
            message_count=0,
            member_count=1,
        )
        return _json(data)

    def _callback(self, interaction_id: int, body: dict[str, Any]) -> web.Response:
        interaction = self._interactions.get(interaction_id)
        if interaction is None:
            return _error(404, "Unknown interaction", 10062)
        if interaction.id in self._answered:
            return _error(400, "Interaction has already been acknowledged.", 40060)
        kind = body["type"]
        if kind == 9 and interaction.payload["type"] in (1, 5):
            # Discord opens a modal only in answer to a command or a click.
            return _error(400, "Invalid interaction response type", 50035)
        self._answered.add(interaction.id)
        data = body.get("data") or {}
        answer: dict[str, Any] = {
            "interaction": {
                "id": str(interaction_id),
                "type": interaction.payload["type"],
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool((data.get("flags") or 0) & 64),
            }
        }
        channel_id = int(interaction.payload["channel_id"])
        message: dict[str, Any] | None = None
        if kind in (4, 5):  # a new message (5: « is thinking… », filled in later)
            message = self._message(channel_id, data)
            interaction.payload["_original"] = int(message["id"])
        elif kind in (6, 7) and "message" in interaction.payload:  # the clicked message
            original = int(interaction.payload["message"]["id"])
            if kind == 7:
                self._edit(original, data)
            message = self.messages.get(original, interaction.payload["message"])
        if message is not None:
            answer["interaction"]["response_message_id"] = message["id"]
            answer["resource"] = {"type": kind, "message": message}
        return _json(answer)

    def _webhook(
        self, method: str, token: str, target: str | None, body: dict[str, Any] | None
    ) -> web.Response:
        interaction = next((i for i in self._interactions.values() if i.token == token), None)
        if interaction is None:
            return _error(404, "Unknown Webhook", 10015)
        channel_id = int(interaction.payload["channel_id"])
        if target is None and method == "POST":  # a follow-up message
            return _json(self._message(channel_id, body))
        if target == "@original":
            original = interaction.payload.get("_original")
            if original is None and "message" in interaction.payload:
                original = int(interaction.payload["message"]["id"])
            if original is None:
                return _error(404, "Unknown Message", 10008)
            if method == "PATCH":
                return self._edit(int(original), body or {})
            if method == "DELETE":
                self.messages.pop(int(original), None)
                return web.Response(status=204)
            if int(original) not in self.messages:  # deleted, as Discord answers then
                return _error(404, "Unknown Message", 10008)
            return _json(self.messages[int(original)])
        if target is not None and method == "PATCH":
            return self._edit(int(target), body or {})
        return _error(404, "404: Not Found")

    # ---- gateway -----------------------------------------------------------------------------
    @property
    def session(self) -> Session:
        """The latest gateway connection."""
        assert self.sessions, "the bot never connected to the gateway"
        return self.sessions[-1]

    async def _send(self, session: Session, event: str, data: Any) -> None:
        session.seq += 1
        payload = {"op": 0, "s": session.seq, "t": event, "d": data}
        await session.ws.send_str(json.dumps(payload))

    def _sessions_for(self, guild_id: int | None, intent: int, why: str) -> list[Session]:
        out = []
        for session in self.sessions:
            if session.ws.closed:
                continue
            count_, shard = session.shard[1], session.shard[0]
            if guild_id is not None and (guild_id >> 22) % count_ != shard:
                continue
            if intent and not session.has(intent):
                self.refused.append(why)
                continue
            out.append(session)
        return out

    async def dispatch(self, event: str, data: Any, *, guild_id: int | None = None) -> None:
        """Send a dispatch to every connection that serves `guild_id` (no intent needed)."""
        for session in self._sessions_for(guild_id, 0, event):
            await self._send(session, event, data)

    def _guild_create(self, guild: Guild) -> dict[str, Any]:
        # Only the bot's own member: the others arrive by chunking (op 8), which needs the
        # members intent, as on Discord for a guild of any size.
        return {
            "id": str(guild.id),
            "name": guild.name,
            "unavailable": False,
            "owner_id": str(guild.owner_id),
            "member_count": len(guild.members),
            "large": len(guild.members) > 1,
            "roles": [r.payload() for r in guild.roles.values()],
            "channels": [
                c.payload() for c in guild.channels.values() if c.type in (0, 2, 4, 5, 13, 15)
            ],
            "members": [guild.members[BOT_ID].payload()],
            "emojis": [],
            "stickers": [],
            "features": [],
            "threads": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "voice_states": [],
            "presences": [],
            "preferred_locale": "fr",
            "system_channel_id": None,
        }

    async def _gateway(self, req: web.Request) -> web.WebSocketResponse:
        # Plain text frames are accepted whatever compression the client asked for.
        ws = web.WebSocketResponse()
        await ws.prepare(req)
        session = Session(ws)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}}))
        async for frame in ws:
            if frame.type != aiohttp.WSMsgType.TEXT:
                continue
            msg = json.loads(frame.data)
            op, data = msg["op"], msg.get("d")
            if op == 1:
                await ws.send_str(json.dumps({"op": 11}))
            elif op == 2:
                await self._identify(session, data)
            elif op == 6:
                known = next((s for s in self.sessions if s.session_id == data["session_id"]), None)
                if known is None:  # op 9: invalid session, not resumable: identify again
                    await ws.send_str(json.dumps({"op": 9, "d": False}))
                    continue
                known.ws, session = ws, known
                self.resumed += 1
                await self._send(session, "RESUMED", {})
            elif op == 8:
                await self._chunk(session, data)
        return ws

    async def _identify(self, session: Session, data: dict[str, Any]) -> None:
        if data.get("token") != self.token:
            await session.ws.close(code=4004, message=b"Authentication failed.")
            return
        intents = int(data.get("intents") or 0)
        if intents & PRIVILEGED & ~self.allowed_privileged:
            await session.ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        session.intents = intents
        session.shard = tuple(data.get("shard") or (0, 1))  # type: ignore[assignment]
        session.session_id = f"session-{snowflake()}"
        self.sessions.append(session)
        guilds = [
            g for g in self.guilds.values() if (g.id >> 22) % session.shard[1] == session.shard[0]
        ]
        await self._send(
            session,
            "READY",
            {
                "v": 10,
                "user": self.bot_user.payload(),
                "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
                "session_id": session.session_id,
                "shard": list(session.shard),
                # Every reconnect and resume goes here: it must stay on loopback.
                "resume_gateway_url": self.gateway_url.rstrip("/"),
                "application": {"id": str(APP_ID), "flags": 0},
            },
        )
        if session.has(GUILDS):
            for guild in guilds:
                await self._send(session, "GUILD_CREATE", self._guild_create(guild))

    async def _chunk(self, session: Session, data: dict[str, Any]) -> None:
        guild = self.guilds.get(int(data["guild_id"]))
        if guild is None:
            return
        if not session.has(GUILD_MEMBERS):
            # Discord refuses a request for the whole member list without the members intent.
            self.refused.append("GUILD_MEMBERS_CHUNK")
            await session.ws.close(code=4013, message=b"Invalid intent(s).")
            return
        wanted = [int(u) for u in data.get("user_ids") or []]
        members = [m for m in guild.members.values() if not wanted or m.user.id in wanted]
        parts = [members[i : i + CHUNK_SIZE] for i in range(0, len(members), CHUNK_SIZE)] or [[]]
        for index, part in enumerate(parts):
            chunk = {
                "guild_id": str(guild.id),
                "members": [m.payload() for m in part],
                "chunk_index": index,
                "chunk_count": len(parts),
            }
            if data.get("nonce"):
                chunk["nonce"] = data["nonce"]
            await self._send(session, "GUILD_MEMBERS_CHUNK", chunk)

    # ---- member events (need the members intent) --------------------------------------------
    async def _member_event(self, guild: Guild, event: str, data: dict[str, Any]) -> None:
        for session in self._sessions_for(guild.id, GUILD_MEMBERS, event):
            await self._send(session, event, {**data, "guild_id": str(guild.id)})

    async def member_join(self, guild: Guild, name: str, roles: Iterable[str] = ()) -> Member:
        """A new person joins the guild."""
        member = self._new_member(guild, name, roles)
        await self._member_event(guild, "GUILD_MEMBER_ADD", member.payload())
        return member

    async def member_leave(self, guild: Guild, member: Member) -> None:
        """A member leaves (or is kicked from) the guild."""
        guild.members.pop(member.user.id, None)
        await self._member_event(guild, "GUILD_MEMBER_REMOVE", {"user": member.user.payload()})

    async def member_update(
        self, guild: Guild, member: Member, *, roles: Iterable[str], nick: str | None = None
    ) -> None:
        """A member's roles (or nickname) change."""
        member.roles = [guild.role(r).id for r in roles]
        member.nick = nick if nick is not None else member.nick
        await self._member_event(guild, "GUILD_MEMBER_UPDATE", member.payload())

    async def role_rename(self, guild: Guild, name: str, new_name: str) -> None:
        """An admin renames a role (GUILD_ROLE_UPDATE needs only the guilds intent)."""
        role = guild.role(name)
        role.name = new_name
        for session in self._sessions_for(guild.id, GUILDS, "GUILD_ROLE_UPDATE"):
            await self._send(
                session, "GUILD_ROLE_UPDATE", {"guild_id": str(guild.id), "role": role.payload()}
            )

    async def message_create(self, channel: Channel, author: Member, content: str) -> None:
        """A member writes in a channel; its text is blank without the message-content intent."""
        guild = self.guilds[channel.guild_id] if channel.guild_id else None
        intent = GUILD_MESSAGES if guild else DIRECT_MESSAGES
        data = {
            "id": str(snowflake()),
            "channel_id": str(channel.id),
            "type": 0,
            "author": author.user.payload(),
            "attachments": [],
            "embeds": [],
            "components": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "flags": 0,
            "timestamp": "2026-01-01T00:00:00+00:00",
            "edited_timestamp": None,
        }
        if guild is not None:
            data["guild_id"] = str(guild.id)
            data["member"] = {k: v for k, v in author.payload().items() if k != "user"}
        mentioned = f"<@{BOT_ID}>" in content
        for session in self._sessions_for(guild.id if guild else None, intent, "MESSAGE_CREATE"):
            # Discord blanks content for bots without the intent, except DMs and mentions.
            shown = session.has(MESSAGE_CONTENT) or guild is None or mentioned
            if not shown:
                self.refused.append("message content")
            await self._send(
                session, "MESSAGE_CREATE", {**data, "content": content if shown else ""}
            )

    # ---- interactions ------------------------------------------------------------------------
    async def _interact(
        self,
        kind: int,
        guild: Guild,
        member: Member,
        data: dict[str, Any],
        *,
        channel: Channel | None = None,
        locale: str = "fr",
        message: dict[str, Any] | None = None,
    ) -> Interaction:
        channel = channel or next(iter(guild.channels.values()))
        iid = snowflake()
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(APP_ID),
            "type": kind,
            "token": f"token-{iid}",
            "version": 1,
            "attachment_size_limit": 8 * 1024 * 1024,
            "guild_id": str(guild.id),
            "channel_id": str(channel.id),
            "channel": {"id": str(channel.id), "type": channel.type, "name": channel.name},
            "member": {**member.payload(), "permissions": str(guild.permissions(member))},
            "app_permissions": str(
                ALL_PERMISSIONS
                if self.app_permissions_ignore_denied
                else ALL_PERMISSIONS & ~self.denied.get(channel.id, 0)
            ),
            "locale": locale,
            "guild_locale": "fr",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(guild.id)},
            "context": 0,
            "data": data,
        }
        if message is not None:
            payload["message"] = message
        interaction = Interaction(iid, payload["token"], payload)
        self._interactions[iid] = interaction
        interaction.sent_at = time.perf_counter()
        # Interactions go to the shard that serves the guild; they need no intent.
        await self.dispatch("INTERACTION_CREATE", payload, guild_id=guild.id)
        return interaction

    def _command_data(
        self, guild: Guild, name: str, options: dict[str, Any], sub: str | None
    ) -> dict[str, Any]:
        synced = self.commands.get(guild.id, []) + self.commands.get(None, [])
        command = next((c for c in synced if c["name"] == name), None)
        # Python keywords cannot hold « - »: role_ca=… is the option « role-ca ».
        options = {k.replace("_", "-"): v for k, v in options.items()}
        opts = [
            {
                "name": k,
                "type": _option_type(v),
                "value": str(v.id) if isinstance(v, Role | Channel) else v,
            }
            for k, v in options.items()
        ]
        resolved: dict[str, dict[str, Any]] = {}
        for v in options.values():  # Discord sends the objects that options name
            if isinstance(v, Role):
                resolved.setdefault("roles", {})[str(v.id)] = v.payload()
            elif isinstance(v, Channel):
                channel = {**v.payload(), "permissions": str(ALL_PERMISSIONS)}
                resolved.setdefault("channels", {})[str(v.id)] = channel
        if sub is not None:
            opts = [{"name": sub, "type": 1, "options": opts}]
        data: dict[str, Any] = {
            "id": command["id"] if command else str(snowflake()),
            "name": name,
            "type": 1,
            "options": opts,
        }
        if command and command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        if resolved:
            data["resolved"] = resolved
        return data

    async def slash(
        self,
        guild: Guild,
        member: Member,
        name: str,
        sub: str | None = None,
        *,
        channel: Channel | None = None,
        locale: str = "fr",
        **options: Any,
    ) -> Interaction:
        """`member` runs the slash command `/name [sub] option=value…`."""
        data = self._command_data(guild, name, options, sub)
        return await self._interact(2, guild, member, data, channel=channel, locale=locale)

    async def autocomplete(
        self,
        guild: Guild,
        member: Member,
        name: str,
        focused: str,
        sub: str | None = None,
        *,
        locale: str = "fr",
        **options: Any,
    ) -> Interaction:
        """`member` is typing in the option `focused` of `/name [sub]`."""
        data = self._command_data(guild, name, options, sub)
        leaf = data["options"][0]["options"] if sub is not None else data["options"]
        for option in leaf:
            if option["name"] == focused:
                option["focused"] = True
        return await self._interact(4, guild, member, data, locale=locale)

    async def click(
        self,
        guild: Guild,
        member: Member,
        custom_id: str,
        *,
        values: list[str] | None = None,
        message_id: int | None = None,
        channel: Channel | None = None,
        locale: str = "fr",
    ) -> Interaction:
        """`member` clicks the button `custom_id`, or picks `values` in that select menu,
        on a message the bot posted (`message_id`) or on a blank one."""
        channel = channel or next(iter(guild.channels.values()))
        if message_id is not None:
            message = self.messages[message_id]
        else:
            message = self._message(channel.id, {"content": ""})
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": 2}
        if values is not None:
            data.update(component_type=3, values=values)
        return await self._interact(
            3, guild, member, data, channel=channel, locale=locale, message=message
        )

    async def submit_modal(
        self,
        guild: Guild,
        member: Member,
        custom_id: str,
        values: dict[str, str],
        *,
        channel: Channel | None = None,
        locale: str = "fr",
    ) -> Interaction:
        """`member` submits the modal `custom_id` with {field custom_id: text}."""
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]}
            for k, v in values.items()
        ]
        data = {"custom_id": custom_id, "components": rows}
        return await self._interact(5, guild, member, data, channel=channel, locale=locale)

    @staticmethod
    def modal_inputs(body: dict[str, Any]) -> tuple[str, dict[str, dict[str, Any]]]:
        """A MODAL callback (type 9): its custom id and its text inputs by their custom id."""
        assert body["type"] == 9, f"not a modal: {body}"
        data = body["data"]
        inputs: dict[str, dict[str, Any]] = {}
        for row in data["components"]:
            for component in row.get("components") or [row.get("component") or row]:
                if component.get("type") == 4:
                    inputs[component["custom_id"]] = component
        return data["custom_id"], inputs

    @staticmethod
    def button(message: dict[str, Any], label: str) -> str:
        """The custom id of the button labelled `label` on a message (or a callback's data)."""
        for row in message.get("components") or []:
            for component in row.get("components") or []:
                if component.get("type") == 2 and component.get("label") == label:
                    return str(component["custom_id"])
        raise AssertionError(f"no button {label!r} in {message.get('components')}")

    def original(self, interaction: Interaction) -> dict[str, Any]:
        """The message the bot's response to `interaction` created (edits applied)."""
        return self.messages[int(interaction.payload["_original"])]

    def followups(self, interaction: Interaction) -> list[dict[str, Any]]:
        """Messages the bot sent as follow-ups (or edits of @original) for `interaction`."""
        pattern = rf"/webhooks/\d+/{re.escape(interaction.token)}(/messages/@original)?"
        return [
            c.body
            for c in self.calls
            if c.method in ("POST", "PATCH") and re.fullmatch(pattern, c.path)
        ]

    async def response(self, interaction: Interaction, within: float = 5.0) -> dict[str, Any]:
        """The body of the bot's callback to `interaction` (waiting for it)."""
        pattern = rf"/interactions/{interaction.id}/[^/]+/callback"
        call = await self.wait_for_call("POST", pattern, within=within)
        return call.body


@asynccontextmanager
async def running(
    client: discord.Client, fake: FakeDiscord, within: float = 10.0
) -> AsyncIterator[discord.Client]:
    """Start `client` on the fake, wait for on_ready, and close it on the way out."""
    task = asyncio.create_task(client.start(fake.token))
    ready = asyncio.create_task(client.wait_until_ready())
    try:
        done, _ = await asyncio.wait({task, ready}, timeout=within, return_when="FIRST_COMPLETED")
        if task in done:
            task.result()  # raises what start() raised
            raise AssertionError("the client stopped before it was ready")
        assert ready in done, "the client was not ready in time"
        yield client
    finally:
        ready.cancel()
        await client.close()
        await asyncio.wait_for(asyncio.gather(task, return_exceptions=True), within)
