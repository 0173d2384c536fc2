"""Who stands behind a ballot: the member id, or for a secret vote a keyed hash of it.

The key of a secret vote is derived from a secret that never enters the database (a setting,
or a key file with owner-only permissions outside the data folder, see `bot.settings`). The
`ballots` table of an open secret vote holds keyed hashes only: a copy of the database file
alone cannot tell which member a hashed voter is, nor who changed a ballot. At the close the
ballots are counted and deleted, and only « has voted » remains per elector.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from bot.core.decisions.views import MOTION


@dataclass(frozen=True, slots=True)
class VoteKey:
    """What never changes about an open vote (remembered for the ballot hot path)."""

    vote_id: int
    secret: bool
    key: str | None
    kind: str = MOTION


class BallotKeys:
    """Derives each secret vote's key from the secret kept outside the database."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise ValueError("the ballot secret must hold at least 128 bits")
        self._secret = secret

    def of(self, vote_id: int, secret: bool, kind: str = MOTION) -> VoteKey:
        """The key of a vote: derived for a secret one, none for a nominal one."""
        if not secret:
            return VoteKey(vote_id, False, None, kind)
        derived = hmac.new(self._secret, f"vote:{vote_id}".encode(), hashlib.sha256)
        return VoteKey(vote_id, True, derived.hexdigest(), kind)


def voter_key(vote: VoteKey, member_id: int) -> str:
    """The ballot key of a member: the member id, or its keyed hash for a secret vote."""
    if not vote.secret:
        return str(member_id)
    assert vote.key is not None, "a secret vote's key is derived by BallotKeys"
    return hmac.new(bytes.fromhex(vote.key), str(member_id).encode(), hashlib.sha256).hexdigest()
