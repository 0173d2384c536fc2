"""Texts of the advisor's replies that the core does not hold (actions' labels)."""

from bot.core.i18n import register

register(
    {
        "chat.advisor.all_tools": "Tous les outils de « {name} »",
    }
)
