"""Console-only commands; importing this package registers them all (and the shared ones)."""

from bot.console.commands import decisions, general

__all__ = ["decisions", "general"]
