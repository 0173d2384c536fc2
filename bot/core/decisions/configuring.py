"""A community's default rules and the legal mode its bylaws allow (admins change them)."""

from __future__ import annotations

from typing import Any

from bot.core.actor import Actor
from bot.core.decisions import (
    messages,  # noqa: F401  (registers the texts)
    policy,
)
from bot.core.decisions.base import (
    DecisionBase,
)
from bot.core.decisions.deadlines import parse_deadline
from bot.core.decisions.options import (
    MEMBERS,
    RuleChoices,
)
from bot.core.decisions.rules import (
    QuorumKind,
)
from bot.core.decisions.views import (
    VoteDefaults,
)


class Configuring(DecisionBase):
    """Default rules per community."""

    # --- Community defaults ----------------------------------------------------------------

    async def defaults(self, actor: Actor) -> VoteDefaults:
        """The community's default rules for new votes."""
        async with self.db.transaction() as session:
            community, _member = await self.communities.member(session, actor)
            return self._defaults(self._settings(community))

    async def set_defaults(self, actor: Actor, choices: RuleChoices) -> VoteDefaults:
        """Change the community's default rules (admins only)."""
        now = self.clock.now()
        async with self.db.transaction() as session:
            community, member = await self.communities.member(session, actor)
            settings = self._settings(community)
            policy.check_configure(actor, member, settings)
            changes: dict[str, Any] = {}
            if choices.deadline is not None:
                parse_deadline(choices.deadline, now, community.timezone)
                changes["vote_deadline"] = choices.deadline
            if choices.majority is not None:
                changes["vote_majority"] = choices.majority.value
            if choices.quorum is not None:
                q = choices.quorum
                key = "vote_quorum_members" if choices.body == MEMBERS else "vote_quorum"
                changes[key] = {
                    QuorumKind.NONE: "aucun",
                    QuorumKind.COUNT: str(q.value),
                    QuorumKind.PERCENT: f"{q.value}%",
                    QuorumKind.MAJORITY: "majorite",
                }[q.kind]
            if choices.distance is not None:
                changes["vote_distance"] = choices.distance
            if choices.secret is not None:
                changes["vote_secret"] = choices.secret
            if choices.seconder is not None:
                changes["vote_seconder"] = choices.seconder
            if choices.early_close is not None:
                changes["vote_early_close"] = choices.early_close
            if choices.reminders is not None:
                changes["vote_reminders"] = list(choices.reminders)
            if changes:
                community.settings = {**(community.settings or {}), **changes}
                await self._audit(session, community.id, "settings.changed", changes, None, now)
            return self._defaults({**settings, **changes})
