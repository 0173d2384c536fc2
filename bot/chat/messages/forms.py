"""Texts of the guided dialogs (`bot.chat.forms`): titles, labels and hints."""

from bot.core.i18n import register

_PRACTICE_HINTS = {
    "title": ("ex. : Inscription en ligne à la popote roulante", "e.g. Online sign-up"),
    "need": ("le besoin ou le problème de départ", "the need or problem you started from"),
    "actions": ("ce que vous avez fait, concrètement", "what you did, concretely"),
    "results": ("les résultats et impacts observés", "the results and impacts"),
    "advice": ("vos conseils, les pièges à éviter", "your advice, pitfalls to avoid"),
    "tools": ("séparés par des virgules, ex. : Zoom, Loomio", "comma-separated"),
    "families": ("séparées par des virgules; voir /referentiel", "comma-separated"),
    "tags": ("mots-clés séparés par des virgules", "comma-separated tags"),
    "organisation": ("le nom de votre organisation", "your organisation's name"),
    "org_type": ("ex. : coopérative de solidarité, OBNL", "e.g. co-op, non-profit"),
    "sector": ("ex. : aide à domicile, culture, habitation", "e.g. home care, housing"),
    "size": ("ex. : 12 employés, 40 bénévoles", "e.g. 12 staff, 40 volunteers"),
    "region": ("ex. : Haute-Côte-Nord, Montréal", "e.g. Côte-Nord, Montréal"),
    "period": ("quand : ex. : automne 2025", "when: e.g. fall 2025"),
}

register(
    {
        "forms.practice": {"fr": "Partager une pratique", "en": "Share a practice"},
        **{
            f"forms.practice.hint.{name}": {"fr": fr, "en": en}
            for name, (fr, en) in _PRACTICE_HINTS.items()
        },
        "forms.motion": {"fr": "Proposer une résolution", "en": "Propose a motion"},
        "forms.motion.text": {"fr": "Texte de la proposition", "en": "Text of the motion"},
        "forms.motion.text.hint": {
            "fr": "ex. : « Que le conseil adopte… »",
            "en": "e.g. “That the board adopt…”",
        },
        "forms.motion.title": {"fr": "Titre court", "en": "Short title"},
        "forms.motion.title.hint": {
            "fr": "Entrée pour passer; ex. : Budget 2027",
            "en": "Enter to skip; e.g. 2027 budget",
        },
        "forms.motion.rules": {"fr": "Règles", "en": "Rules"},
        "forms.motion.rules.hint": {
            "fr": "Entrée pour garder celles-ci; ex. : délai=72h secret majorité=2/3 quorum=3 "
            "votants=membres",
            "en": "Enter to keep these; e.g. délai=72h secret majorité=2/3 quorum=3 "
            "votants=membres",
        },
    }
)
