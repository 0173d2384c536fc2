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

register(
    {
        "chat.missing.number": {
            "fr": "Précisez le numéro du vote dans la commande (voir la liste ci-dessus).",
            "en": "Give the vote's number in the command (see the list above).",
        },
        "chat.missing.answer": {
            "fr": "Cette commande a besoin d’une réponse de plus, qui ne peut pas être demandée "
            "ici : {question}",
            "en": "This command needs one more answer, which cannot be asked here: {question}",
        },
        "chat.export.empty": {
            "fr": "Aucune décision pour {period} : aucun fichier écrit.",
            "en": "No decision for {period}: no file written.",
        },
        "chat.export.done": {
            "fr": "Registre exporté ({count} décision(s)) : {path}",
            "en": "Register exported ({count} decision(s)): {path}",
        },
        "chat.data.written": {
            "fr": "Tout ce que Coopilote garde à votre sujet dans cette communauté est dans "
            "le fichier {path} (JSON, lisible par vous seul·e sur cet ordinateur) : profil, "
            "{practices} pratique(s), {marks} marque(s) « utile », {ballots} vote(s) "
            "nominal(aux), {audit} entrée(s) du journal d’audit. Pour le faire effacer : "
            "/moi effacer",
            "en": "Everything Coopilote keeps about you in this community is in the file "
            "{path} (JSON, readable by you only on this computer): profile, {practices} "
            "practice(s), {marks} useful mark(s), {ballots} nominal ballot(s), {audit} audit "
            "log entr(y/ies). To have it erased: /moi effacer",
        },
    }
)
