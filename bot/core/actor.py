"""Who is acting, and where: the only identity the core knows, built by each adapter."""

from __future__ import annotations

from dataclasses import dataclass, field

PLATFORMS = ("console", "discord", "matrix")


@dataclass(frozen=True, slots=True)
class CommunityRef:
    """A community as the platform names it: a Discord guild, a Matrix room or space."""

    platform: str
    external_id: str
    name: str = ""

    @property
    def key(self) -> str:
        """Stable text key, e.g. 'discord:1234'."""
        return f"{self.platform}:{self.external_id}"


@dataclass(frozen=True, slots=True)
class Actor:
    """A member acting in a community, with the platform roles they hold right now."""

    community: CommunityRef
    user_id: str
    display_name: str
    roles: frozenset[str] = field(default_factory=frozenset)
    # Platform-level administrator (guild manager, room admin, console owner).
    is_admin: bool = False
    # Preferred language of this user if the platform tells it (else the community's).
    language: str | None = None
    # Where the command came from (channel, room, thread), for announcements.
    channel_id: str | None = None

    @property
    def platform(self) -> str:
        """The platform of the community."""
        return self.community.platform

    def has_role(self, role: str) -> bool:
        """Whether the actor holds `role` (case-insensitive)."""
        wanted = role.casefold()
        return any(r.casefold() == wanted for r in self.roles)
