"""Who stands behind a ballot: the member id, or for a secret vote a keyed hash of it.

The key is drawn when voting opens and kept in the vote row only while it is open. Once it
is destroyed at the close, nothing can tell which member a hashed voter was.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from bot.core.decisions.views import MOTION


@dataclass(frozen=True, slots=True)
class VoteKey:
    """What never changes about an open vote (remembered for the ballot hot path)."""

    vote_id: int
    secret: bool
    key: str | None
    kind: str = MOTION


def new_key() -> str:
    """A fresh key for a secret vote (256 bits, hex)."""
    return secrets.token_hex(32)


def voter_key(vote: VoteKey, member_id: int) -> str:
    """The ballot key of a member: the member id, or its keyed hash for a secret vote."""
    if not vote.secret:
        return str(member_id)
    assert vote.key is not None, "a secret vote's key exists only while it is open"
    return hmac.new(bytes.fromhex(vote.key), str(member_id).encode(), hashlib.sha256).hexdigest()
