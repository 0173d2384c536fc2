"""Texts of /coopilote (a community's configuration), in French and English, for every platform."""

from bot.core.i18n import register

register(
    {
        "config.title": "Configuration de Coopilote",
        "config.saved": "Enregistré : {names}.",
        # Discord: one slash command whose options are the settings.
        "config.none": "Rien n’a changé : choisissez une option de /coopilote pour la modifier.",
        # Text platforms (console, Matrix): a setting and its value after the command.
        "config.hint": (
            "Pour changer un réglage : /coopilote langue en, /coopilote fuseau "
            "America/Montreal, /coopilote distance reglements… (tous : /aide coopilote)"
        ),
        "config.role_ca": "Rôle du CA",
        "config.role_membres": "Rôle des membres",
        "config.role_moderation": "Rôle de modération",
        "config.role_admin": "Rôle des admins",
        "config.annonces": "Salon des annonces",
        "config.langue": "Langue",
        "config.fuseau": "Fuseau horaire",
        "config.distance": "Votes à distance",
        "config.appui": "Appui requis",
        "config.rappels": "Rappels",
        "config.by_name": "{name} (par son nom, tant qu’il n’est pas choisi ici)",
        "config.announce_default": "le salon où chaque vote a été lancé",
        "config.vote_rules": "Règles des votes",
        "config.unknown_setting": "Réglage inconnu : « {name} ». Les réglages : {known}.",
        "config.missing_value": "Il manque la valeur. Utilisation : {usage}",
        "config.bad_language": (
            "Langue inconnue : « {value} ». Choisissez fr (français) ou en (anglais)."
        ),
    }
)
