"""The advisor's answers as terminal text (the neutral replies of `bot.chat.render.advisor`)."""

from __future__ import annotations

from bot.chat.render import advisor
from bot.console.render.reply import as_text
from bot.console.style import Style
from bot.core.advisor.service import AdviceWithPractices


def render_advice(answer: AdviceWithPractices, lang: str, s: Style) -> str:
    """The answer to a need, as `coopilote advise` and the console print it."""
    return as_text(advisor.advice(answer, lang), s)
