"""Texts of the guided dialogs (`bot.chat.forms`): titles, labels and hints."""

from bot.core.i18n import register

register(
    {
        "forms.practice": {"fr": "Partager une pratique", "en": "Share a practice"},
        "forms.practice.hint.title": {
            "fr": "ex. : Inscription en ligne à la popote roulante",
            "en": "e.g. Online sign-up",
        },
        "forms.practice.hint.need": {
            "fr": "le besoin ou le problème de départ",
            "en": "the need or problem you started from",
        },
        "forms.practice.hint.actions": {
            "fr": "ce que vous avez fait, concrètement",
            "en": "what you did, concretely",
        },
        "forms.practice.hint.results": {
            "fr": "les résultats et impacts observés",
            "en": "the results and impacts",
        },
        "forms.practice.hint.advice": {
            "fr": "vos conseils, les pièges à éviter",
            "en": "your advice, pitfalls to avoid",
        },
        "forms.practice.hint.tools": {
            "fr": "séparés par des virgules, ex. : Zoom, Loomio",
            "en": "comma-separated",
        },
        "forms.practice.hint.families": {
            "fr": "séparées par des virgules; voir /referentiel",
            "en": "comma-separated",
        },
        "forms.practice.hint.tags": {
            "fr": "mots-clés séparés par des virgules",
            "en": "comma-separated tags",
        },
        "forms.practice.hint.organisation": {
            "fr": "le nom de votre organisation",
            "en": "your organisation's name",
        },
        "forms.practice.hint.org_type": {
            "fr": "ex. : coopérative de solidarité, OBNL",
            "en": "e.g. co-op, non-profit",
        },
        "forms.practice.hint.sector": {
            "fr": "ex. : aide à domicile, culture, habitation",
            "en": "e.g. home care, housing",
        },
        "forms.practice.hint.size": {
            "fr": "ex. : 12 employés, 40 bénévoles",
            "en": "e.g. 12 staff, 40 volunteers",
        },
        "forms.practice.hint.region": {
            "fr": "ex. : Haute-Côte-Nord, Montréal",
            "en": "e.g. Côte-Nord, Montréal",
        },
        "forms.practice.hint.period": {
            "fr": "quand : ex. : automne 2025",
            "en": "when: e.g. fall 2025",
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
