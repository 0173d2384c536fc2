"""Texts of the good-practice replies, dialogs and confirmations, in French and English."""

from bot.core.i18n import register

register(
    {
        "practices.action.useful": "Marquer utile",
        "practices.action.unmark": "Retirer ma marque utile",
        "practices.action.versions": "Versions précédentes",
        "practices.action.edit": "Modifier",
        "practices.action.withdraw": "Retirer",
        "practices.action.restore": "Restaurer",
        "practices.action.next": "Page suivante",
        "practices.useful_count": "utile pour {count} membre(s)",
        "practices.from_community": "partagée par {name}",
        "practices.shared_tag": "partagée avec les autres communautés",
        "practices.withdrawn_tag": "retirée",
        "practices.corrected": "« {wrong} » compris comme « {right} ».",
        "practices.no_result": (
            "Aucune pratique ne correspond. Essayez d’autres mots, retirez un filtre, "
            "ou partagez la vôtre : /pratique partager"
        ),
        "practices.relaxed": (
            "Aucune pratique ne contient tous vos mots; voici celles qui en contiennent une partie."
        ),
        "practices.results": "{total} pratique(s) trouvée(s) — page {page} sur {pages}",
        "practices.results_more": (
            "Plus de {total} pratiques trouvées — page {page} sur {pages}. "
            "Ajoutez un mot ou un filtre pour affiner."
        ),
        "practices.page_empty": "Cette page est vide : il y a {pages} page(s).",
        "practices.next_page": "Page suivante : ajoutez page={page} à votre recherche.",
        "practices.view_hint": "Voir une pratique : /pratique voir <numéro>",
        "practices.list.recent": "Pratiques récentes — page {page} sur {pages}",
        "practices.list.useful": "Pratiques les plus utiles — page {page} sur {pages}",
        "practices.list.withdrawn": "Pratiques retirées (restaurables) — page {page} sur {pages}",
        "practices.list.recent.empty": (
            "Aucune pratique pour l’instant. Partagez la première : /pratique partager"
        ),
        "practices.list.useful.empty": (
            "Aucune pratique pour l’instant. Partagez la première : /pratique partager"
        ),
        "practices.list.withdrawn.empty": "Aucune pratique retirée que vous puissiez restaurer.",
        "practices.context": "Contexte",
        "practices.by": "par {author}",
        "practices.published_on": "publiée le {date}",
        "practices.edited_on": "version {version} du {date}",
        "practices.withdrawn_notice": "Retirée par {who} le {when}.",
        "practices.withdrawn_by_moderation": "Retirée par la modération ({who}) le {when}.",
        "practices.reason": "Motif : {reason}",
        "practices.imported_from": "(importée de {name})",
        "practices.versions.purged": (
            "version {number} purgée le {when} par {who} — motif : {reason}"
        ),
        "practices.ask.withdraw_reason": (
            "Motif du retrait (l’auteur·e le lira; « annuler » pour renoncer) :"
        ),
        "practices.ask.purge_reason": (
            "Motif de la purge (ex. : numéro de téléphone personnel; « annuler » pour renoncer) :"
        ),
        "practices.ask.confirm_purge": (
            "Purger définitivement le contenu de la version {number} de la pratique "
            "n° {id}? Personne ne pourra plus le lire. (oui/non)"
        ),
        "practices.purged": (
            "Version {number} de la pratique n° {id} purgée : l’historique garde la date, "
            "votre nom et le motif, jamais le texte."
        ),
        "practices.purge_usage": (
            "/pratique purger <numéro> <version> [motif], ex. : /pratique purger 12 1 "
            "numéro de téléphone personnel"
        ),
        "practices.versions.none": "Aucune version.",
        "practices.versions.title": "Versions de la pratique n° {id}",
        "practices.versions.created": "publication",
        "practices.versions.changed": "modifié : {fields}",
        "practices.versions.current": "(actuelle)",
        "practices.versions.hint": "Lire une version : /pratique versions {id} <numéro de version>",
        "practices.versions.one": "Pratique n° {id}, version {number} — {editor}, {date}",
        "practices.versions.unknown": "la version {number} de la pratique n° {id}",
        "practices.need_id": "Donnez le numéro de la pratique, par exemple : {usage}",
        "practices.ask.intro": (
            "Partageons votre pratique, un champ à la fois. Entrée pour passer un champ "
            "facultatif, « fin » pour aller au résumé, « annuler » pour tout abandonner."
        ),
        "practices.ask.edit_intro": (
            "Modification de la pratique n° {id}. Entrée garde la valeur actuelle, « - » "
            "l’efface (champs facultatifs), « fin » va au résumé, « annuler » abandonne."
        ),
        "practices.ask.required": "obligatoire",
        "practices.ask.optional": "facultatif",
        "practices.ask.current": "actuellement : {value}",
        "practices.ask.still_required": "Ce champ est obligatoire.",
        "practices.ask.suggested": (
            "Suggestions d’après votre texte : {names}. Entrée pour les accepter, « - » "
            "pour aucune, ou tapez les vôtres (séparées par des virgules)."
        ),
        "practices.ask.shared": (
            "Montrer aussi cette pratique aux autres communautés? (oui/non, non par défaut)"
        ),
        "practices.ask.confirm": "Publier cette pratique? (oui/non)",
        "practices.ask.confirm_edit": "Enregistrer ces changements ({fields})? (oui/non)",
        "practices.ask.cancelled": "Abandonné : rien n’a été enregistré.",
        "practices.ask.nothing_changed": "Aucun changement : la pratique reste telle quelle.",
        "practices.ask.preview": "Résumé de votre pratique :",
        "practices.posted": "Merci! Votre pratique est publiée sous le n° {id}.",
        "practices.edited": (
            "Pratique n° {id} modifiée (version {version}). Les versions précédentes "
            "restent consultables : /pratique versions {id}"
        ),
        "practices.marked": (
            "Merci! « {title} » est marquée utile ({count} au total). Pour annuler : "
            "/pratique utile {id}"
        ),
        "practices.unmarked": (
            "Votre marque « utile » sur « {title} » est retirée ({count} au total)."
        ),
        "practices.withdrawn_done": (
            "Pratique n° {id} retirée : elle n’apparaît plus nulle part. Rien n’est "
            "perdu : /pratique restaurer {id}"
        ),
        "practices.restored": "Pratique n° {id} restaurée : elle est de nouveau visible.",
        "practices.shared_on": (
            "La pratique n° {id} est maintenant visible par les autres communautés."
        ),
        "practices.shared_off": "La pratique n° {id} n’est plus visible que par votre communauté.",
    }
)
