"""Texts of the help, language and personal-data commands, in French and English."""

from bot.core.i18n import register

register(
    {
        "chat.unknown_command": {
            "fr": "Commande inconnue : {name}. Tapez /aide pour la liste.",
            "en": "Unknown command: {name}. Type /aide for the list.",
        },
        "chat.help_title": {"fr": "Commandes de Coopilote", "en": "Coopilote commands"},
        "chat.help_footer": {
            "fr": "Détails d’une commande : /aide <commande>. Sans « / », votre texte est "
            "un besoin pour le conseiller d’outils.",
            "en": "Details of a command: /aide <command>. Without “/”, your text is a need for "
            "the tool advisor.",
        },
        "chat.language_set": {
            "fr": "Langue : français.",
            "en": "Language: English.",
        },
        "chat.language_usage": {
            "fr": "Utilisation : /langue fr ou /langue en",
            "en": "Usage: /langue fr or /langue en",
        },
        "chat.erase.practices": {
            "fr": "Supprimer aussi pour de bon vos {count} pratique(s)? « oui » : elles "
            "disparaissent avec leurs versions; « non » : elles restent, sans votre nom.",
            "en": "Also delete your {count} practice(s) for good? “oui”: they go with their "
            "versions; “non”: they stay, without your name.",
        },
        "chat.erase.confirm": {
            "fr": "Tapez EFFACER pour confirmer (autre chose pour renoncer) :",
            "en": "Type EFFACER to confirm (anything else to give up):",
        },
        "chat.erase.cancelled": {
            "fr": "Rien n’a été effacé.",
            "en": "Nothing was erased.",
        },
    }
)
