"""Renderers shared by every platform: core results in, neutral replies (`bot.chat.reply`) out."""
