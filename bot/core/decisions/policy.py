"""Who may do what with a community's decisions, in one place.

Only holders of a body's role move, second and vote on that body's motions (the board role
for the board, the member role for members). Admins configure, may withdraw a vote before any
ballot and close one once its outcome can no longer change; they never vote for someone, nor
move a board motion unless they are directors themselves. Polls and meeting polls may be
launched by the body's members or an admin, and closed by whoever launched them (or an admin).
"""

from __future__ import annotations

from typing import Any

from bot.core.actor import Actor
from bot.core.communities import is_admin
from bot.core.decisions.views import BOARD, LAPSED, MOTION, PROPOSED, WITHDRAWN
from bot.core.errors import PermissionDenied, StateConflict

__all__ = [
    "check_configure",
    "check_launch",
    "check_manage",
    "check_move",
    "check_second",
    "in_body",
    "is_admin",
    "role_of",
    "state_error",
]
from bot.models import Member
from bot.models.decisions import Vote


def role_of(body: str, settings: dict[str, Any]) -> str:
    """The role whose holders make up `body` (« CA » for the board, « Membre » for members)."""
    return str(settings["board_role"] if body == BOARD else settings["member_role"])


def in_body(actor: Actor, body: str, settings: dict[str, Any]) -> bool:
    """The actor holds the role of `body`."""
    return actor.has_role(role_of(body, settings))


def check_move(actor: Actor, body: str, settings: dict[str, Any]) -> None:
    """Moving a motion: the body's role only (being an admin is not enough)."""
    if not in_body(actor, body, settings):
        raise PermissionDenied("decision.need_role.propose", role=role_of(body, settings))


def check_launch(actor: Actor, member: Member, body: str, settings: dict[str, Any]) -> None:
    """Launching a poll or a meeting poll: the body's role, or an admin."""
    if not (in_body(actor, body, settings) or is_admin(actor, member, settings)):
        raise PermissionDenied("decision.need_role.poll", role=role_of(body, settings))


def check_second(actor: Actor, member: Member, vote: Vote, settings: dict[str, Any]) -> None:
    """Seconding: another holder of the body's role than the proposer."""
    if vote.proposer_id == member.id:
        raise PermissionDenied("decision.own_motion")
    if not in_body(actor, vote.body, settings):
        raise PermissionDenied("decision.need_role.second", role=role_of(vote.body, settings))


def check_manage(
    actor: Actor, member: Member, vote: Vote, settings: dict[str, Any], action: str
) -> bool:
    """Withdrawing or closing: the proposer or launcher, or an admin; returns « is admin »."""
    admin = is_admin(actor, member, settings)
    if not (admin or vote.proposer_id == member.id):
        raise PermissionDenied(f"decision.not_manager.{action}", number=vote.number)
    if vote.kind == MOTION and not admin and not in_body(actor, vote.body, settings):
        # A proposer who left the board no longer speaks for its motion.
        raise PermissionDenied(f"decision.not_manager.{action}", number=vote.number)
    return admin


def check_configure(actor: Actor, member: Member, settings: dict[str, Any]) -> None:
    """Changing the default rules, the legal mode or recording a ratification: admins."""
    if not is_admin(actor, member, settings):
        raise PermissionDenied("decision.only_admins")


def state_error(status: str, number: int) -> StateConflict:
    """Why a vote in `status` cannot take this action, in the user's words."""
    key = {
        PROPOSED: "decision.awaiting_seconder",
        WITHDRAWN: "decision.withdrawn",
        LAPSED: "decision.lapsed",
    }.get(status, "decision.closed")
    return StateConflict(key, number=number)
