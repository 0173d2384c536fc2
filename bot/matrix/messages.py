"""Texts of the Matrix adapter, French first, with English."""

from __future__ import annotations

from bot.core.i18n import register

register(
    {
        "matrix.help.title": {"fr": "Coopilote sur Matrix", "en": "Coopilote on Matrix"},
        "matrix.help.intro": {
            "fr": "Ce qui fonctionne ici aujourd’hui :",
            "en": "What works here today:",
        },
        "matrix.help.items": {
            "fr": (
                "!aide : ce message (aussi !help en anglais)\n"
                "Les membres du salon et leurs niveaux de pouvoir sont suivis : le CA et les "
                "admins sont prêts pour les votes\n"
                "Les conversations privées chiffrées avec le bot fonctionnent"
            ),
            "en": (
                "!help: this message (also !aide in French)\n"
                "The room's members and their power levels are followed: the board and the "
                "admins are ready for votes\n"
                "Encrypted direct chats with the bot work"
            ),
        },
        "matrix.help.soon": {
            "fr": "L’outilleur, les votes et le registre des pratiques arrivent bientôt ici; "
            "en attendant, ils sont dans la console et sur Discord.",
            "en": "The tool advisor, votes and the practice register are coming here soon; "
            "meanwhile they are in the console and on Discord.",
        },
    }
)
