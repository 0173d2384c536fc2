"""Texts of the Matrix adapter, French first, with English."""

from __future__ import annotations

from bot.core.i18n import register

register(
    {
        "matrix.help.title": "Coopilote sur Matrix",
        "matrix.help.intro": "Ce qui fonctionne ici aujourd’hui :",
        "matrix.help.items": (
            "!aide : ce message (aussi !help en anglais)\n"
            "Les membres du salon et leurs niveaux de pouvoir sont suivis : le CA et les "
            "admins sont prêts pour les votes\n"
            "Les conversations privées chiffrées avec le bot fonctionnent"
        ),
        "matrix.help.soon": (
            "L’outilleur, les votes et le registre des pratiques arrivent bientôt ici; "
            "en attendant, ils sont dans la console et sur Discord."
        ),
    }
)
