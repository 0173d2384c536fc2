"""Texts of the guided dialogs (`bot.chat.forms`): titles, labels and hints."""

from bot.core.i18n import register

register(
    {
        "forms.practice": "Partager une pratique",
        "forms.practice.hint.title": "ex. : Inscription en ligne à la popote roulante",
        "forms.practice.hint.need": "le besoin ou le problème de départ",
        "forms.practice.hint.actions": "ce que vous avez fait, concrètement",
        "forms.practice.hint.results": "les résultats et impacts observés",
        "forms.practice.hint.advice": "vos conseils, les pièges à éviter",
        "forms.practice.hint.tools": "séparés par des virgules, ex. : Zoom, Loomio",
        "forms.practice.hint.families": "séparées par des virgules; voir /referentiel",
        "forms.practice.hint.tags": "mots-clés séparés par des virgules",
        "forms.practice.hint.organisation": "le nom de votre organisation",
        "forms.practice.hint.org_type": "ex. : coopérative de solidarité, OBNL",
        "forms.practice.hint.sector": "ex. : aide à domicile, culture, habitation",
        "forms.practice.hint.size": "ex. : 12 employés, 40 bénévoles",
        "forms.practice.hint.region": "ex. : Haute-Côte-Nord, Montréal",
        "forms.practice.hint.period": "quand : ex. : automne 2025",
        "forms.motion": "Proposer une résolution",
        "forms.motion.text": "Texte de la proposition",
        "forms.motion.text.hint": "ex. : « Que le conseil adopte… »",
        "forms.motion.title": "Titre court",
        "forms.motion.title.hint": "Entrée pour passer; ex. : Budget 2027",
        "forms.motion.rules": "Règles",
        "forms.motion.rules.hint": (
            "Entrée pour garder celles-ci; ex. : délai=72h secret majorité=2/3 quorum=3 "
            "votants=membres"
        ),
    }
)
