"""Console command modules; importing this package registers them all."""

from bot.console.commands import advisor, decisions, general, practices

__all__ = ["advisor", "decisions", "general", "practices"]
