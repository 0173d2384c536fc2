"""The console's community and the identities one person can take to try a board alone."""

from __future__ import annotations

import getpass

from bot.core.actor import Actor, CommunityRef

CONSOLE_COMMUNITY = CommunityRef("console", "local", "Console")


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "moi"


def console_actor(name: str | None = None, roles: frozenset[str] | None = None) -> Actor:
    """The person at the keyboard (admin, board member and member), or a named identity."""
    display = name or _login()
    user_id = "console:" + (name.casefold() if name else "owner")
    return Actor(
        community=CONSOLE_COMMUNITY,
        user_id=user_id,
        display_name=display,
        roles=roles if roles is not None else frozenset({"CA", "Membre", "Admin"}),
        is_admin=name is None,
        channel_id="console",
    )
