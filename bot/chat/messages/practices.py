"""Texts of the good-practice replies, dialogs and confirmations, in French and English."""

from bot.core.i18n import register

register(
    {
        "practices.action.useful": {"fr": "Marquer utile", "en": "Mark useful"},
        "practices.action.unmark": {"fr": "Retirer ma marque utile", "en": "Remove my useful mark"},
        "practices.action.versions": {"fr": "Versions précédentes", "en": "Earlier versions"},
        "practices.action.edit": {"fr": "Modifier", "en": "Edit"},
        "practices.action.withdraw": {"fr": "Retirer", "en": "Withdraw"},
        "practices.action.restore": {"fr": "Restaurer", "en": "Restore"},
        "practices.action.next": {"fr": "Page suivante", "en": "Next page"},
        "practices.useful_count": {
            "fr": "utile pour {count} membre(s)",
            "en": "useful to {count} member(s)",
        },
        "practices.from_community": {"fr": "partagée par {name}", "en": "shared by {name}"},
        "practices.shared_tag": {
            "fr": "partagée avec les autres communautés",
            "en": "shared with other communities",
        },
        "practices.withdrawn_tag": {"fr": "retirée", "en": "withdrawn"},
        "practices.corrected": {
            "fr": "« {wrong} » compris comme « {right} ».",
            "en": "“{wrong}” read as “{right}”.",
        },
        "practices.no_result": {
            "fr": "Aucune pratique ne correspond. Essayez d’autres mots, retirez un filtre, "
            "ou partagez la vôtre : /pratique partager",
            "en": "No practice matches. Try other words, drop a filter, or share yours: "
            "/pratique partager",
        },
        "practices.relaxed": {
            "fr": "Aucune pratique ne contient tous vos mots; voici celles qui en contiennent "
            "une partie.",
            "en": "No practice holds all your words; here are those holding some of them.",
        },
        "practices.results": {
            "fr": "{total} pratique(s) trouvée(s) — page {page} sur {pages}",
            "en": "{total} practice(s) found — page {page} of {pages}",
        },
        "practices.results_more": {
            "fr": "Plus de {total} pratiques trouvées — page {page} sur {pages}. "
            "Ajoutez un mot ou un filtre pour affiner.",
            "en": "More than {total} practices found — page {page} of {pages}. "
            "Add a word or a filter to narrow it down.",
        },
        "practices.page_empty": {
            "fr": "Cette page est vide : il y a {pages} page(s).",
            "en": "This page is empty: there are {pages} page(s).",
        },
        "practices.next_page": {
            "fr": "Page suivante : ajoutez page={page} à votre recherche.",
            "en": "Next page: add page={page} to your search.",
        },
        "practices.view_hint": {
            "fr": "Voir une pratique : /pratique voir <numéro>",
            "en": "See a practice: /pratique voir <number>",
        },
        "practices.list.recent": {
            "fr": "Pratiques récentes — page {page} sur {pages}",
            "en": "Recent practices — page {page} of {pages}",
        },
        "practices.list.useful": {
            "fr": "Pratiques les plus utiles — page {page} sur {pages}",
            "en": "Most useful practices — page {page} of {pages}",
        },
        "practices.list.withdrawn": {
            "fr": "Pratiques retirées (restaurables) — page {page} sur {pages}",
            "en": "Withdrawn practices (restorable) — page {page} of {pages}",
        },
        "practices.list.recent.empty": {
            "fr": "Aucune pratique pour l’instant. Partagez la première : /pratique partager",
            "en": "No practice yet. Share the first one: /pratique partager",
        },
        "practices.list.useful.empty": {
            "fr": "Aucune pratique pour l’instant. Partagez la première : /pratique partager",
            "en": "No practice yet. Share the first one: /pratique partager",
        },
        "practices.list.withdrawn.empty": {
            "fr": "Aucune pratique retirée que vous puissiez restaurer.",
            "en": "No withdrawn practice you could restore.",
        },
        "practices.context": {"fr": "Contexte", "en": "Context"},
        "practices.by": {"fr": "par {author}", "en": "by {author}"},
        "practices.published_on": {"fr": "publiée le {date}", "en": "published on {date}"},
        "practices.edited_on": {
            "fr": "version {version} du {date}",
            "en": "version {version} of {date}",
        },
        "practices.withdrawn_notice": {
            "fr": "Retirée par {who} le {when}.",
            "en": "Withdrawn by {who} on {when}.",
        },
        "practices.withdrawn_by_moderation": {
            "fr": "Retirée par la modération ({who}) le {when}.",
            "en": "Withdrawn by the moderators ({who}) on {when}.",
        },
        "practices.reason": {"fr": "Motif : {reason}", "en": "Reason: {reason}"},
        "practices.imported_from": {"fr": "(importée de {name})", "en": "(imported from {name})"},
        "practices.versions.purged": {
            "fr": "version {number} purgée le {when} par {who} — motif : {reason}",
            "en": "version {number} purged on {when} by {who} — reason: {reason}",
        },
        "practices.ask.withdraw_reason": {
            "fr": "Motif du retrait (l’auteur·e le lira; « annuler » pour renoncer) :",
            "en": "Reason for the withdrawal (the author will read it; “annuler” to give up):",
        },
        "practices.ask.purge_reason": {
            "fr": "Motif de la purge (ex. : numéro de téléphone personnel; « annuler » pour "
            "renoncer) :",
            "en": "Reason for the purge (e.g. a personal phone number; “annuler” to give up):",
        },
        "practices.ask.confirm_purge": {
            "fr": "Purger définitivement le contenu de la version {number} de la pratique "
            "n° {id}? Personne ne pourra plus le lire. (oui/non)",
            "en": "Purge the content of version {number} of practice #{id} for good? Nobody "
            "will be able to read it again. (yes/no)",
        },
        "practices.purged": {
            "fr": "Version {number} de la pratique n° {id} purgée : l’historique garde la date, "
            "votre nom et le motif, jamais le texte.",
            "en": "Version {number} of practice #{id} purged: the history keeps the date, your "
            "name and the reason, never the text.",
        },
        "practices.purge_usage": {
            "fr": "/pratique purger <numéro> <version> [motif], ex. : /pratique purger 12 1 "
            "numéro de téléphone personnel",
            "en": "/pratique purger <number> <version> [reason], e.g. /pratique purger 12 1 "
            "personal phone number",
        },
        "practices.versions.none": {"fr": "Aucune version.", "en": "No version."},
        "practices.versions.title": {
            "fr": "Versions de la pratique n° {id}",
            "en": "Versions of practice #{id}",
        },
        "practices.versions.created": {"fr": "publication", "en": "first post"},
        "practices.versions.changed": {"fr": "modifié : {fields}", "en": "changed: {fields}"},
        "practices.versions.current": {"fr": "(actuelle)", "en": "(current)"},
        "practices.versions.hint": {
            "fr": "Lire une version : /pratique versions {id} <numéro de version>",
            "en": "Read a version: /pratique versions {id} <version number>",
        },
        "practices.versions.one": {
            "fr": "Pratique n° {id}, version {number} — {editor}, {date}",
            "en": "Practice #{id}, version {number} — {editor}, {date}",
        },
        "practices.versions.unknown": {
            "fr": "la version {number} de la pratique n° {id}",
            "en": "version {number} of practice #{id}",
        },
        "practices.need_id": {
            "fr": "Donnez le numéro de la pratique, par exemple : {usage}",
            "en": "Give the practice’s number, for example: {usage}",
        },
        "practices.ask.intro": {
            "fr": "Partageons votre pratique, un champ à la fois. Entrée pour passer un champ "
            "facultatif, « fin » pour aller au résumé, « annuler » pour tout abandonner.",
            "en": "Let’s share your practice, one field at a time. Enter skips an optional "
            "field, “fin” jumps to the summary, “annuler” cancels everything.",
        },
        "practices.ask.edit_intro": {
            "fr": "Modification de la pratique n° {id}. Entrée garde la valeur actuelle, « - » "
            "l’efface (champs facultatifs), « fin » va au résumé, « annuler » abandonne.",
            "en": "Editing practice #{id}. Enter keeps the current value, “-” clears it "
            "(optional fields), “fin” jumps to the summary, “annuler” cancels.",
        },
        "practices.ask.required": {"fr": "obligatoire", "en": "required"},
        "practices.ask.optional": {"fr": "facultatif", "en": "optional"},
        "practices.ask.current": {"fr": "actuellement : {value}", "en": "now: {value}"},
        "practices.ask.still_required": {
            "fr": "Ce champ est obligatoire.",
            "en": "This field is required.",
        },
        "practices.ask.suggested": {
            "fr": "Suggestions d’après votre texte : {names}. Entrée pour les accepter, « - » "
            "pour aucune, ou tapez les vôtres (séparées par des virgules).",
            "en": "Suggested from your text: {names}. Enter accepts them, “-” for none, or "
            "type yours (comma-separated).",
        },
        "practices.ask.shared": {
            "fr": "Montrer aussi cette pratique aux autres communautés? (oui/non, non par défaut)",
            "en": "Show this practice to other communities too? (yes/no, no by default)",
        },
        "practices.ask.confirm": {
            "fr": "Publier cette pratique? (oui/non)",
            "en": "Publish this practice? (yes/no)",
        },
        "practices.ask.confirm_edit": {
            "fr": "Enregistrer ces changements ({fields})? (oui/non)",
            "en": "Save these changes ({fields})? (yes/no)",
        },
        "practices.ask.cancelled": {
            "fr": "Abandonné : rien n’a été enregistré.",
            "en": "Cancelled: nothing was saved.",
        },
        "practices.ask.nothing_changed": {
            "fr": "Aucun changement : la pratique reste telle quelle.",
            "en": "No change: the practice stays as it is.",
        },
        "practices.ask.preview": {"fr": "Résumé de votre pratique :", "en": "Your practice:"},
        "practices.posted": {
            "fr": "Merci! Votre pratique est publiée sous le n° {id}.",
            "en": "Thank you! Your practice is published as #{id}.",
        },
        "practices.edited": {
            "fr": "Pratique n° {id} modifiée (version {version}). Les versions précédentes "
            "restent consultables : /pratique versions {id}",
            "en": "Practice #{id} edited (version {version}). Earlier versions stay readable: "
            "/pratique versions {id}",
        },
        "practices.marked": {
            "fr": "Merci! « {title} » est marquée utile ({count} au total). Pour annuler : "
            "/pratique utile {id}",
            "en": "Thanks! “{title}” is marked useful ({count} in all). To undo: "
            "/pratique utile {id}",
        },
        "practices.unmarked": {
            "fr": "Votre marque « utile » sur « {title} » est retirée ({count} au total).",
            "en": "Your “useful” mark on “{title}” is removed ({count} in all).",
        },
        "practices.withdrawn_done": {
            "fr": "Pratique n° {id} retirée : elle n’apparaît plus nulle part. Rien n’est "
            "perdu : /pratique restaurer {id}",
            "en": "Practice #{id} withdrawn: it no longer shows anywhere. Nothing is lost: "
            "/pratique restaurer {id}",
        },
        "practices.restored": {
            "fr": "Pratique n° {id} restaurée : elle est de nouveau visible.",
            "en": "Practice #{id} restored: it is visible again.",
        },
        "practices.shared_on": {
            "fr": "La pratique n° {id} est maintenant visible par les autres communautés.",
            "en": "Practice #{id} is now visible to other communities.",
        },
        "practices.shared_off": {
            "fr": "La pratique n° {id} n’est plus visible que par votre communauté.",
            "en": "Practice #{id} is now visible to your community only.",
        },
    }
)
