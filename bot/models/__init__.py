"""SQLAlchemy models; importing this package registers every table on Base.metadata."""

from bot.models import decisions, practices  # noqa: F401  (their tables)
from bot.models.base import Base
from bot.models.community import Community, Member

__all__ = ["Base", "Community", "Member"]
