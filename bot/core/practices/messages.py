"""Texts of the practices feature, French first, with English."""

from __future__ import annotations

from bot.core.i18n import register

# Labels of a practice record's fields (forms, exports, views).
register(
    {
        "practices.field.title": "Titre",
        "practices.field.org_type": "Type d’organisation",
        "practices.field.sector": "Secteur",
        "practices.field.size": "Taille",
        "practices.field.region": "Région",
        "practices.field.organisation": "Organisation",
        "practices.field.period": "Période",
        "practices.field.need": "Besoin ou problème",
        "practices.field.actions": "Ce qui a été fait",
        "practices.field.results": "Résultats et impacts",
        "practices.field.advice": "Conseils et pièges",
        "practices.field.tools": "Outils utilisés",
        "practices.field.families": "Familles du référentiel",
        "practices.field.tags": "Mots-clés",
        "practices.field.language": "Langue",
        "practices.field.author": "Auteur·e",
        "practices.field.uid": "Identifiant",
        "practices.field.shared": "Partagée",
        "practices.field.status": "Statut",
        "practices.field.created_at": "Date de publication",
        "practices.field.updated_at": "Date de modification",
        "practices.field.withdrawn_at": "Date de retrait",
        "practices.field.withdrawn_by": "Retirée par",
        "practices.field.useful_count": "Nombre de marques « utile »",
        "practices.field.versions": "Version",
        "practices.field.number": "Numéro",
        "practices.field.editor": "Auteur·e de la version",
        "practices.field.content": "Contenu",
        "practices.field.record": "Fiche",
        "practices.field.author_account": "Compte de l’auteur·e",
        "practices.field.imported_from": "Importée de",
        "practices.field.withdrawn_by_account": "Compte de qui l’a retirée",
        "practices.field.withdrawn_as": "Retirée à titre de",
        "practices.field.withdrawn_reason": "Motif du retrait",
        "practices.field.useful_marks": "Marques « utile »",
        "practices.field.editor_account": "Compte de l’auteur·e de la version",
        "practices.field.purged_at": "Date de purge",
        "practices.field.purged_by": "Purgée par",
        "practices.field.purged_by_account": "Compte de qui l’a purgée",
        "practices.field.purge_reason": "Motif de la purge",
        "practices.field.community": "Communauté",
        "practices.field.community_key": "Identifiant de la communauté",
        "practices.field.user_id": "Identifiant de compte",
    }
)


register(
    {
        # Errors of the records and their use cases.
        "practices.error.not_found": (
            "Aucune pratique n° {id} ici. Vérifiez le numéro avec /pratiques."
        ),
        "practices.error.not_author": (
            "Seuls l’auteur·e de cette pratique et les personnes qui modèrent la "
            "communauté peuvent la modifier, la retirer ou la restaurer. Rien n’a été changé."
        ),
        "practices.error.moderators_only": (
            "Seules les personnes qui modèrent la communauté (administration ou rôle de "
            "modération) peuvent faire cela. Rien n’a été changé."
        ),
        "practices.error.withdrawn_edit": (
            "La pratique n° {id} est retirée : restaurez-la d’abord (/pratique restaurer {id})."
        ),
        "practices.error.already_withdrawn": "La pratique n° {id} est déjà retirée.",
        "practices.error.not_withdrawn": (
            "La pratique n° {id} n’est pas retirée : rien à restaurer."
        ),
        "practices.error.reason_required": (
            "Vous retirez la pratique n° {id} de quelqu’un d’autre : donnez le motif, "
            "l’auteur·e le lira (/pratique retirer {id} <motif>). Rien n’a été changé."
        ),
        "practices.error.moderator_withdrawal": (
            "La pratique n° {id} a été retirée par la modération : seule la modération "
            "peut la restaurer. Rien n’a été changé."
        ),
        "practices.error.withdrawn_share": (
            "La pratique n° {id} est retirée : elle ne peut pas être diffusée. Rien n’a été changé."
        ),
        "practices.error.purge_reason": (
            "Donnez le motif de la purge (ex. : numéro de téléphone personnel). "
            "Rien n’a été changé."
        ),
        "practices.error.no_version": "La pratique n° {id} n’a pas de version {number}.",
        "practices.error.purge_current": (
            "La version {number} est la version actuelle de la pratique n° {id} : "
            "modifiez d’abord la fiche pour retirer l’information (/pratique modifier {id}), "
            "puis purgez l’ancienne version. Rien n’a été changé."
        ),
        "practices.error.already_purged": (
            "La version {number} de la pratique n° {id} est déjà purgée."
        ),
        "practices.error.own_useful": (
            "Vous ne pouvez pas marquer comme utile votre propre pratique."
        ),
        "practices.error.page_beyond": "Il n’y a pas de page {page} : il y a {pages} page(s).",
        "practices.error.page": "Le numéro de page doit être entre 1 et {limit}.",
        "practices.error.list_page": "Il n’y a pas de page {page} : la liste a {pages} page(s).",
        "practices.error.per_page": "Le nombre de résultats par page doit être entre 1 et {limit}.",
        "practices.error.search_empty": (
            "Que cherchez-vous? Donnez au moins un mot (ex. : « inscription en ligne ») "
            "ou un filtre (famille=…, tag=…, secteur=…, outil=…)."
        ),
        "practices.error.search_unavailable": (
            "La recherche de pratiques n’est pas encore offerte sur cette base de données."
        ),
        "practices.error.language": "Langue inconnue : « {value} ». Choisissez fr ou en.",
        "practices.error.list_of_text": "Le champ « {field} » doit être une liste de textes.",
        "practices.error.text_expected": "Le champ « {field} » doit être un texte.",
        "practices.error.too_many": "Trop d’éléments dans « {field} » ({count}; maximum {limit}).",
        "practices.error.unknown_family": (
            "Famille inconnue : « {name} ». Les 39 familles sont listées par /referentiel."
        ),
        "practices.error.unknown_field": "Champ inconnu : « {name} ».",
        # Imports.
        "practices.import.record_error": (
            "{where}, champ « {field} » : {problem} Rien n’a été importé."
        ),
        "practices.import.record": "Fiche n° {index}",
        "practices.import.record_titled": "Fiche n° {index} (« {title} »)",
        "practices.import.too_big": (
            "Fichier trop gros ({size}; maximum {limit}). Rien n’a été importé."
        ),
        "practices.import.duplicate_key": (
            "Le fichier JSON répète la clé « {name} » dans un même objet. Rien n’a été importé."
        ),
        "practices.import.bad_constant": (
            "Le fichier JSON contient « {name} », qui n’est pas un nombre JSON. "
            "Rien n’a été importé."
        ),
        "practices.import.huge_number": (
            "Le fichier JSON contient un nombre beaucoup trop long. Rien n’a été importé."
        ),
        "practices.import.future_date": "cette date est dans le futur.",
        "practices.import.unknown_subfield": (
            "« {name} » n’existe pas ici (platform, user_id et name sont attendus)."
        ),
        "practices.import.bad_platform": "plateforme inconnue (console, discord ou matrix).",
        "practices.import.bad_user_id": "l’identifiant de compte (user_id) doit être un texte.",
        "practices.import.too_many_marks": "trop de marques « utile » (maximum {limit}).",
        "practices.import.duplicate_mark": "{name} a marqué cette fiche utile deux fois.",
        "practices.import.own_mark": "{name} ne peut pas marquer utile sa propre fiche.",
        "practices.import.text_expected": "un texte est attendu.",
        "practices.import.bad_withdrawn_as": (
            "« author » ou « moderator » est attendu pour une fiche retirée, rien sinon."
        ),
        "practices.import.purged_content": "une version purgée ne peut pas avoir de contenu.",
        "practices.import.purge_without_date": "une purge doit avoir sa date (purged_at).",
        "practices.export.repaired": (
            "{where}, champ « {field} » : un caractère invalide enregistré avant la "
            "vérification du texte est exporté comme « \ufffd »."
        ),
        "practices.import.not_utf8": "Le fichier n’est pas un texte UTF-8. Rien n’a été importé.",
        "practices.import.too_deep": (
            "Le fichier JSON est imbriqué trop profondément. Rien n’a été importé."
        ),
        "practices.import.not_json": (
            "Le fichier n’est pas du JSON valide (ligne {line}, colonne {column}). "
            "Rien n’a été importé."
        ),
        "practices.import.unknown_key": (
            "Clé inconnue au début du fichier : « {name} ». Rien n’a été importé."
        ),
        "practices.import.bad_format": (
            "Ce fichier n’est pas un export de pratiques Coopilote. Rien n’a été importé."
        ),
        "practices.import.bad_version": (
            "Version de format non prise en charge : {version}. Rien n’a été importé."
        ),
        "practices.import.no_list": (
            "Le fichier doit contenir une liste « practices ». Rien n’a été importé."
        ),
        "practices.import.too_many": (
            "Trop de fiches ({count}; maximum {limit} par fichier). Rien n’a été importé."
        ),
        "practices.import.not_object": "un objet JSON ({{…}}) est attendu.",
        "practices.import.not_list": "une liste JSON ([…]) est attendue.",
        "practices.import.unknown_field": "ce champ n’existe pas.",
        "practices.import.bad_uid": (
            "identifiant invalide (lettres, chiffres, - et _; 32 caractères au plus)."
        ),
        "practices.import.duplicate_uid": (
            "cet identifiant est déjà celui d’une autre fiche du fichier."
        ),
        "practices.import.bad_bool": "true ou false est attendu.",
        "practices.import.bad_status": "« published » ou « withdrawn » est attendu.",
        "practices.import.bad_date": (
            "date invalide (format ISO 8601 attendu, ex. 2026-11-26T15:00:00+00:00)."
        ),
        "practices.import.bad_count": "un nombre entier entre 0 et {limit} est attendu.",
        "practices.import.too_many_versions": "trop de versions (maximum {limit}).",
        "practices.import.bad_version_number": (
            "les versions doivent être numérotées 1, 2, 3… dans l’ordre (attendu : {number})."
        ),
        "practices.import.last_version_differs": (
            "la dernière version ne correspond pas au contenu de la fiche."
        ),
        # Markdown export.
        "practices.md.title": "Bonnes pratiques — {community}",
        "practices.md.exported": "Exporté le {date} · {count} pratique(s)",
        "practices.md.footer": (
            "Par {author} · publiée le {date} · version {version} · utile pour {useful} membre(s)"
        ),
    }
)
