"""French and English texts of the chat layer, registered with `bot.core.i18n` on import."""
