"""Texts of /coopilote (a community's configuration), in French and English, for every platform."""

from bot.core.i18n import register

register(
    {
        "config.title": {
            "fr": "Configuration de Coopilote",
            "en": "Coopilote configuration",
        },
        "config.saved": {
            "fr": "Enregistré : {names}.",
            "en": "Saved: {names}.",
        },
        # Discord: one slash command whose options are the settings.
        "config.none": {
            "fr": "Rien n’a changé : choisissez une option de /coopilote pour la modifier.",
            "en": "Nothing changed: pick an option of /coopilote to change it.",
        },
        # Text platforms (console, Matrix): a setting and its value after the command.
        "config.hint": {
            "fr": "Pour changer un réglage : /coopilote langue en, /coopilote fuseau "
            "America/Montreal, /coopilote distance reglements… (tous : /aide coopilote)",
            "en": "To change a setting: /coopilote language en, /coopilote timezone "
            "America/Montreal, /coopilote distance reglements… (all: /aide coopilote)",
        },
        "config.role_ca": {"fr": "Rôle du CA", "en": "Board role"},
        "config.role_membres": {"fr": "Rôle des membres", "en": "Member role"},
        "config.role_moderation": {"fr": "Rôle de modération", "en": "Moderator role"},
        "config.role_admin": {"fr": "Rôle des admins", "en": "Admin role"},
        "config.annonces": {"fr": "Salon des annonces", "en": "Announcement channel"},
        "config.langue": {"fr": "Langue", "en": "Language"},
        "config.fuseau": {"fr": "Fuseau horaire", "en": "Timezone"},
        "config.distance": {"fr": "Votes à distance", "en": "Remote votes"},
        "config.appui": {"fr": "Appui requis", "en": "Seconder required"},
        "config.rappels": {"fr": "Rappels", "en": "Reminders"},
        "config.by_name": {
            "fr": "{name} (par son nom, tant qu’il n’est pas choisi ici)",
            "en": "{name} (by name, until it is picked here)",
        },
        "config.announce_default": {
            "fr": "le salon où chaque vote a été lancé",
            "en": "the channel where each vote was launched",
        },
        "config.vote_rules": {"fr": "Règles des votes", "en": "Vote rules"},
        "config.unknown_setting": {
            "fr": "Réglage inconnu : « {name} ». Les réglages : {known}.",
            "en": "Unknown setting: “{name}”. The settings: {known}.",
        },
        "config.missing_value": {
            "fr": "Il manque la valeur. Utilisation : {usage}",
            "en": "The value is missing. Usage: {usage}",
        },
        "config.bad_language": {
            "fr": "Langue inconnue : « {value} ». Choisissez fr (français) ou en (anglais).",
            "en": "Unknown language: “{value}”. Choose fr (French) or en (English).",
        },
    }
)
