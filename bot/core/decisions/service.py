"""The decision service: motions, polls and meeting polls of a community.

One module per use case, each reading authorize (`policy`) → validate → write → publish:
`proposing`, `opening` (seconding), `casting`, `recusing`, `closing` (withdraw, close,
deadlines, reminders), `reading`, `registering` (register, extracts, exports,
ratification) and `configuring`; `base` holds what they share. Each public method is one
unit of work that returns frozen data (`views`); bad input raises a typed error before
anything is committed. On SQLite a common ballot is one unit of work on the dedicated writer
(`writer`), and announcements are delivered right after the unit of work commits (`outbox`).

Secret ballots: the `ballots` row of a secret vote is keyed by a keyed hash of the member id
whose key is derived from a secret kept outside the database (`secrecy`). At close the counts
are frozen (hidden below 3 ballots), the ballots deleted; participation (who voted, never
when) is kept in `vote_electors`. Nothing shown, logged, exported or audited carries a
voter's choice, and live counts stay hidden until the close.
"""

from __future__ import annotations

from bot.core.decisions.base import (
    JOB_DEADLINE,
    JOB_REMINDER,
    VOTE_DEFAULTS,
    DecisionBase,
    Extract,
    RegisterExport,
    parse_number,
)
from bot.core.decisions.casting import Casting
from bot.core.decisions.closing import Closing
from bot.core.decisions.configuring import Configuring
from bot.core.decisions.opening import Opening
from bot.core.decisions.proposing import Proposing
from bot.core.decisions.reading import Reading
from bot.core.decisions.recusing import Recusing
from bot.core.decisions.registering import Registering

__all__ = [
    "JOB_DEADLINE",
    "JOB_REMINDER",
    "VOTE_DEFAULTS",
    "DecisionService",
    "Extract",
    "RegisterExport",
    "parse_number",
]


class DecisionService(
    Proposing, Opening, Casting, Recusing, Closing, Reading, Registering, Configuring, DecisionBase
):
    """Motions, polls and meeting polls of a community: one module per use case."""
