"""Console command modules; importing this package registers them all."""

from bot.console.commands import advisor, general

__all__ = ["advisor", "general"]
