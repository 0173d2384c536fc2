"""Texts of the practices feature, French first, with English."""

from __future__ import annotations

from bot.core.i18n import register

# Labels of a practice record's fields (forms, exports, views).
register(
    {
        "practices.field.title": {"fr": "Titre", "en": "Title"},
        "practices.field.org_type": {"fr": "Type d’organisation", "en": "Type of organisation"},
        "practices.field.sector": {"fr": "Secteur", "en": "Sector"},
        "practices.field.size": {"fr": "Taille", "en": "Size"},
        "practices.field.region": {"fr": "Région", "en": "Region"},
        "practices.field.organisation": {"fr": "Organisation", "en": "Organisation"},
        "practices.field.period": {"fr": "Période", "en": "Period"},
        "practices.field.need": {"fr": "Besoin ou problème", "en": "Need or problem"},
        "practices.field.actions": {"fr": "Ce qui a été fait", "en": "What was done"},
        "practices.field.results": {"fr": "Résultats et impacts", "en": "Results and impacts"},
        "practices.field.advice": {"fr": "Conseils et pièges", "en": "Advice and pitfalls"},
        "practices.field.tools": {"fr": "Outils utilisés", "en": "Tools used"},
        "practices.field.families": {"fr": "Familles du référentiel", "en": "Référentiel families"},
        "practices.field.tags": {"fr": "Mots-clés", "en": "Tags"},
        "practices.field.language": {"fr": "Langue", "en": "Language"},
        "practices.field.author": {"fr": "Auteur·e", "en": "Author"},
        "practices.field.uid": {"fr": "Identifiant", "en": "Identifier"},
        "practices.field.shared": {"fr": "Partagée", "en": "Shared"},
        "practices.field.status": {"fr": "Statut", "en": "Status"},
        "practices.field.created_at": {"fr": "Date de publication", "en": "Publication date"},
        "practices.field.updated_at": {"fr": "Date de modification", "en": "Modification date"},
        "practices.field.withdrawn_at": {"fr": "Date de retrait", "en": "Withdrawal date"},
        "practices.field.withdrawn_by": {"fr": "Retirée par", "en": "Withdrawn by"},
        "practices.field.useful_count": {"fr": "Nombre de marques « utile »", "en": "Useful count"},
        "practices.field.versions": {"fr": "Version", "en": "Version"},
        "practices.field.number": {"fr": "Numéro", "en": "Number"},
        "practices.field.editor": {"fr": "Auteur·e de la version", "en": "Version author"},
        "practices.field.content": {"fr": "Contenu", "en": "Content"},
        "practices.field.record": {"fr": "Fiche", "en": "Record"},
        "practices.field.author_account": {"fr": "Compte de l’auteur·e", "en": "Author’s account"},
        "practices.field.imported_from": {"fr": "Importée de", "en": "Imported from"},
        "practices.field.withdrawn_by_account": {
            "fr": "Compte de qui l’a retirée",
            "en": "Account that withdrew it",
        },
        "practices.field.withdrawn_as": {"fr": "Retirée à titre de", "en": "Withdrawn as"},
        "practices.field.withdrawn_reason": {
            "fr": "Motif du retrait",
            "en": "Reason for withdrawal",
        },
        "practices.field.useful_marks": {"fr": "Marques « utile »", "en": "Useful marks"},
        "practices.field.editor_account": {
            "fr": "Compte de l’auteur·e de la version",
            "en": "Version author’s account",
        },
        "practices.field.purged_at": {"fr": "Date de purge", "en": "Purge date"},
        "practices.field.purged_by": {"fr": "Purgée par", "en": "Purged by"},
        "practices.field.purged_by_account": {
            "fr": "Compte de qui l’a purgée",
            "en": "Account that purged it",
        },
        "practices.field.purge_reason": {"fr": "Motif de la purge", "en": "Reason for the purge"},
        "practices.field.community": {"fr": "Communauté", "en": "Community"},
        "practices.field.community_key": {
            "fr": "Identifiant de la communauté",
            "en": "Community identifier",
        },
        "practices.field.user_id": {"fr": "Identifiant de compte", "en": "Account identifier"},
    }
)


register(
    {
        # Errors of the records and their use cases.
        "practices.error.not_found": {
            "fr": "Aucune pratique n° {id} ici. Vérifiez le numéro avec /pratiques.",
            "en": "No practice #{id} here. Check the number with /pratiques.",
        },
        "practices.error.not_author": {
            "fr": "Seuls l’auteur·e de cette pratique et les personnes qui modèrent la "
            "communauté peuvent la modifier, la retirer ou la restaurer. Rien n’a été changé.",
            "en": "Only this practice’s author and the community’s moderators may edit, "
            "withdraw or restore it. Nothing was changed.",
        },
        "practices.error.moderators_only": {
            "fr": "Seules les personnes qui modèrent la communauté (administration ou rôle de "
            "modération) peuvent faire cela. Rien n’a été changé.",
            "en": "Only the community’s moderators (admins or the moderator role) may do that. "
            "Nothing was changed.",
        },
        "practices.error.withdrawn_edit": {
            "fr": "La pratique n° {id} est retirée : restaurez-la d’abord (/pratique restaurer "
            "{id}).",
            "en": "Practice #{id} is withdrawn: restore it first (/pratique restaurer {id}).",
        },
        "practices.error.already_withdrawn": {
            "fr": "La pratique n° {id} est déjà retirée.",
            "en": "Practice #{id} is already withdrawn.",
        },
        "practices.error.not_withdrawn": {
            "fr": "La pratique n° {id} n’est pas retirée : rien à restaurer.",
            "en": "Practice #{id} is not withdrawn: nothing to restore.",
        },
        "practices.error.reason_required": {
            "fr": "Vous retirez la pratique n° {id} de quelqu’un d’autre : donnez le motif, "
            "l’auteur·e le lira (/pratique retirer {id} <motif>). Rien n’a été changé.",
            "en": "You are withdrawing someone else’s practice #{id}: give the reason, the "
            "author will read it (/pratique retirer {id} <reason>). Nothing was changed.",
        },
        "practices.error.moderator_withdrawal": {
            "fr": "La pratique n° {id} a été retirée par la modération : seule la modération "
            "peut la restaurer. Rien n’a été changé.",
            "en": "Practice #{id} was withdrawn by the moderators: only they can restore it. "
            "Nothing was changed.",
        },
        "practices.error.withdrawn_share": {
            "fr": "La pratique n° {id} est retirée : elle ne peut pas être diffusée. "
            "Rien n’a été changé.",
            "en": "Practice #{id} is withdrawn: it cannot be shared. Nothing was changed.",
        },
        "practices.error.purge_reason": {
            "fr": "Donnez le motif de la purge (ex. : numéro de téléphone personnel). "
            "Rien n’a été changé.",
            "en": "Give the reason for the purge (e.g. a personal phone number). "
            "Nothing was changed.",
        },
        "practices.error.no_version": {
            "fr": "La pratique n° {id} n’a pas de version {number}.",
            "en": "Practice #{id} has no version {number}.",
        },
        "practices.error.purge_current": {
            "fr": "La version {number} est la version actuelle de la pratique n° {id} : "
            "modifiez d’abord la fiche pour retirer l’information (/pratique modifier {id}), "
            "puis purgez l’ancienne version. Rien n’a été changé.",
            "en": "Version {number} is the current version of practice #{id}: first edit the "
            "record to remove the information (/pratique modifier {id}), then purge the old "
            "version. Nothing was changed.",
        },
        "practices.error.already_purged": {
            "fr": "La version {number} de la pratique n° {id} est déjà purgée.",
            "en": "Version {number} of practice #{id} is already purged.",
        },
        "practices.error.own_useful": {
            "fr": "Vous ne pouvez pas marquer comme utile votre propre pratique.",
            "en": "You cannot mark your own practice as useful.",
        },
        "practices.error.page_beyond": {
            "fr": "Il n’y a pas de page {page} : il y a {pages} page(s).",
            "en": "There is no page {page}: there are {pages} page(s).",
        },
        "practices.error.page": {
            "fr": "Le numéro de page doit être entre 1 et {limit}.",
            "en": "The page number must be between 1 and {limit}.",
        },
        "practices.error.list_page": {
            "fr": "Il n’y a pas de page {page} : la liste a {pages} page(s).",
            "en": "There is no page {page}: the list has {pages} page(s).",
        },
        "practices.error.per_page": {
            "fr": "Le nombre de résultats par page doit être entre 1 et {limit}.",
            "en": "Results per page must be between 1 and {limit}.",
        },
        "practices.error.search_empty": {
            "fr": "Que cherchez-vous? Donnez au moins un mot (ex. : « inscription en ligne ») "
            "ou un filtre (famille=…, tag=…, secteur=…, outil=…).",
            "en": "What are you looking for? Give at least one word (e.g. “online "
            "registration”) or a filter (famille=…, tag=…, secteur=…, outil=…).",
        },
        "practices.error.search_unavailable": {
            "fr": "La recherche de pratiques n’est pas encore offerte sur cette base de données.",
            "en": "Practice search is not available on this database yet.",
        },
        "practices.error.language": {
            "fr": "Langue inconnue : « {value} ». Choisissez fr ou en.",
            "en": "Unknown language: “{value}”. Choose fr or en.",
        },
        "practices.error.list_of_text": {
            "fr": "Le champ « {field} » doit être une liste de textes.",
            "en": "The field “{field}” must be a list of texts.",
        },
        "practices.error.text_expected": {
            "fr": "Le champ « {field} » doit être un texte.",
            "en": "The field “{field}” must be a text.",
        },
        "practices.error.too_many": {
            "fr": "Trop d’éléments dans « {field} » ({count}; maximum {limit}).",
            "en": "Too many items in “{field}” ({count}; at most {limit}).",
        },
        "practices.error.unknown_family": {
            "fr": "Famille inconnue : « {name} ». Les 39 familles sont listées par /referentiel.",
            "en": "Unknown family: “{name}”. The 39 families are listed by /referentiel.",
        },
        "practices.error.unknown_field": {
            "fr": "Champ inconnu : « {name} ».",
            "en": "Unknown field: “{name}”.",
        },
        # Imports.
        "practices.import.record_error": {
            "fr": "{where}, champ « {field} » : {problem} Rien n’a été importé.",
            "en": "{where}, field “{field}”: {problem} Nothing was imported.",
        },
        "practices.import.record": {
            "fr": "Fiche n° {index}",
            "en": "Record #{index}",
        },
        "practices.import.record_titled": {
            "fr": "Fiche n° {index} (« {title} »)",
            "en": "Record #{index} (“{title}”)",
        },
        "practices.import.too_big": {
            "fr": "Fichier trop gros ({size}; maximum {limit}). Rien n’a été importé.",
            "en": "File too big ({size}; at most {limit}). Nothing was imported.",
        },
        "practices.import.duplicate_key": {
            "fr": "Le fichier JSON répète la clé « {name} » dans un même objet. "
            "Rien n’a été importé.",
            "en": "The JSON file repeats the key “{name}” in one object. Nothing was imported.",
        },
        "practices.import.bad_constant": {
            "fr": "Le fichier JSON contient « {name} », qui n’est pas un nombre JSON. "
            "Rien n’a été importé.",
            "en": "The JSON file holds “{name}”, which is not a JSON number. Nothing was imported.",
        },
        "practices.import.huge_number": {
            "fr": "Le fichier JSON contient un nombre beaucoup trop long. Rien n’a été importé.",
            "en": "The JSON file holds a far too long number. Nothing was imported.",
        },
        "practices.import.future_date": {
            "fr": "cette date est dans le futur.",
            "en": "this date is in the future.",
        },
        "practices.import.unknown_subfield": {
            "fr": "« {name} » n’existe pas ici (platform, user_id et name sont attendus).",
            "en": "“{name}” does not exist here (platform, user_id and name are expected).",
        },
        "practices.import.bad_platform": {
            "fr": "plateforme inconnue (console, discord ou matrix).",
            "en": "unknown platform (console, discord or matrix).",
        },
        "practices.import.bad_user_id": {
            "fr": "l’identifiant de compte (user_id) doit être un texte.",
            "en": "the account identifier (user_id) must be a text.",
        },
        "practices.import.too_many_marks": {
            "fr": "trop de marques « utile » (maximum {limit}).",
            "en": "too many useful marks (at most {limit}).",
        },
        "practices.import.duplicate_mark": {
            "fr": "{name} a marqué cette fiche utile deux fois.",
            "en": "{name} marked this record useful twice.",
        },
        "practices.import.own_mark": {
            "fr": "{name} ne peut pas marquer utile sa propre fiche.",
            "en": "{name} cannot mark their own record useful.",
        },
        "practices.import.text_expected": {
            "fr": "un texte est attendu.",
            "en": "a text is expected.",
        },
        "practices.import.bad_withdrawn_as": {
            "fr": "« author » ou « moderator » est attendu pour une fiche retirée, rien sinon.",
            "en": "“author” or “moderator” is expected for a withdrawn record, nothing otherwise.",
        },
        "practices.import.purged_content": {
            "fr": "une version purgée ne peut pas avoir de contenu.",
            "en": "a purged version cannot have content.",
        },
        "practices.import.purge_without_date": {
            "fr": "une purge doit avoir sa date (purged_at).",
            "en": "a purge needs its date (purged_at).",
        },
        "practices.export.repaired": {
            "fr": "{where}, champ « {field} » : un caractère invalide enregistré avant la "
            "vérification du texte est exporté comme « \ufffd ».",
            "en": "{where}, field “{field}”: an invalid character stored before text was "
            "checked is exported as “\ufffd”.",
        },
        "practices.import.not_utf8": {
            "fr": "Le fichier n’est pas un texte UTF-8. Rien n’a été importé.",
            "en": "The file is not UTF-8 text. Nothing was imported.",
        },
        "practices.import.too_deep": {
            "fr": "Le fichier JSON est imbriqué trop profondément. Rien n’a été importé.",
            "en": "The JSON file is nested too deeply. Nothing was imported.",
        },
        "practices.import.not_json": {
            "fr": "Le fichier n’est pas du JSON valide (ligne {line}, colonne {column}). "
            "Rien n’a été importé.",
            "en": "The file is not valid JSON (line {line}, column {column}). "
            "Nothing was imported.",
        },
        "practices.import.unknown_key": {
            "fr": "Clé inconnue au début du fichier : « {name} ». Rien n’a été importé.",
            "en": "Unknown key at the top of the file: “{name}”. Nothing was imported.",
        },
        "practices.import.bad_format": {
            "fr": "Ce fichier n’est pas un export de pratiques Coopilote. Rien n’a été importé.",
            "en": "This file is not a Coopilote practices export. Nothing was imported.",
        },
        "practices.import.bad_version": {
            "fr": "Version de format non prise en charge : {version}. Rien n’a été importé.",
            "en": "Unsupported format version: {version}. Nothing was imported.",
        },
        "practices.import.no_list": {
            "fr": "Le fichier doit contenir une liste « practices ». Rien n’a été importé.",
            "en": "The file must hold a “practices” list. Nothing was imported.",
        },
        "practices.import.too_many": {
            "fr": "Trop de fiches ({count}; maximum {limit} par fichier). Rien n’a été importé.",
            "en": "Too many records ({count}; at most {limit} per file). Nothing was imported.",
        },
        "practices.import.not_object": {
            "fr": "un objet JSON ({{…}}) est attendu.",
            "en": "a JSON object ({{…}}) is expected.",
        },
        "practices.import.not_list": {
            "fr": "une liste JSON ([…]) est attendue.",
            "en": "a JSON list ([…]) is expected.",
        },
        "practices.import.unknown_field": {
            "fr": "ce champ n’existe pas.",
            "en": "this field does not exist.",
        },
        "practices.import.bad_uid": {
            "fr": "identifiant invalide (lettres, chiffres, - et _; 32 caractères au plus).",
            "en": "invalid identifier (letters, digits, - and _; at most 32 characters).",
        },
        "practices.import.duplicate_uid": {
            "fr": "cet identifiant est déjà celui d’une autre fiche du fichier.",
            "en": "another record of the file already has this identifier.",
        },
        "practices.import.bad_bool": {
            "fr": "true ou false est attendu.",
            "en": "true or false is expected.",
        },
        "practices.import.bad_status": {
            "fr": "« published » ou « withdrawn » est attendu.",
            "en": "“published” or “withdrawn” is expected.",
        },
        "practices.import.bad_date": {
            "fr": "date invalide (format ISO 8601 attendu, ex. 2026-11-26T15:00:00+00:00).",
            "en": "invalid date (ISO 8601 expected, e.g. 2026-11-26T15:00:00+00:00).",
        },
        "practices.import.bad_count": {
            "fr": "un nombre entier entre 0 et {limit} est attendu.",
            "en": "a whole number between 0 and {limit} is expected.",
        },
        "practices.import.too_many_versions": {
            "fr": "trop de versions (maximum {limit}).",
            "en": "too many versions (at most {limit}).",
        },
        "practices.import.bad_version_number": {
            "fr": "les versions doivent être numérotées 1, 2, 3… dans l’ordre "
            "(attendu : {number}).",
            "en": "versions must be numbered 1, 2, 3… in order (expected: {number}).",
        },
        "practices.import.last_version_differs": {
            "fr": "la dernière version ne correspond pas au contenu de la fiche.",
            "en": "the last version does not match the record’s content.",
        },
        # Markdown export.
        "practices.md.title": {
            "fr": "Bonnes pratiques — {community}",
            "en": "Good practices — {community}",
        },
        "practices.md.exported": {
            "fr": "Exporté le {date} · {count} pratique(s)",
            "en": "Exported on {date} · {count} practice(s)",
        },
        "practices.md.footer": {
            "fr": "Par {author} · publiée le {date} · version {version} · utile pour {useful} "
            "membre(s)",
            "en": "By {author} · published on {date} · version {version} · useful to {useful} "
            "member(s)",
        },
    }
)
