"""Texts of the help, language and personal-data commands, in French and English."""

from bot.core.i18n import register

register(
    {
        "chat.unknown_command": "Commande inconnue : {name}. Tapez /aide pour la liste.",
        "chat.help_title": "Commandes de Coopilote",
        "chat.help_footer": (
            "Détails d’une commande : /aide <commande>. Sans « / », votre texte est "
            "un besoin pour le conseiller d’outils."
        ),
        "chat.help_footer.discord": (
            "Détails d’une commande : /aide <commande>. Pour un besoin d’outil : /outil <besoin>."
        ),
        "chat.help_footer.matrix": (
            "Détails d’une commande : /aide <commande>. Pour un besoin d’outil : "
            "mentionnez le bot avec votre besoin, ou écrivez-lui en message direct."
        ),
        "chat.language_set": "Langue : français.",
        "chat.language_usage": "Utilisation : /langue fr ou /langue en",
        "chat.erase.practices": (
            "Supprimer aussi pour de bon vos {count} pratique(s)? « oui » : elles "
            "disparaissent avec leurs versions; « non » : elles restent, sans votre nom."
        ),
        "chat.erase.confirm": "Tapez EFFACER pour confirmer (autre chose pour renoncer) :",
        "chat.erase.cancelled": "Rien n’a été effacé.",
    }
)

register(
    {
        "chat.missing.number": (
            "Précisez le numéro du vote dans la commande (voir la liste ci-dessus)."
        ),
        "chat.missing.answer": (
            "Cette commande a besoin d’une réponse de plus, qui ne peut pas être demandée "
            "ici : {question}"
        ),
        "chat.export.empty": "Aucune décision pour {period} : aucun fichier écrit.",
        "chat.export.done": "Registre exporté ({count} décision(s)) : {path}",
        "chat.data.written": (
            "Tout ce que Coopilote garde à votre sujet dans cette communauté est dans "
            "le fichier {path} (JSON, lisible par vous seul·e sur cet ordinateur) : profil, "
            "{practices} pratique(s), {marks} marque(s) « utile », {ballots} vote(s) "
            "nominal(aux), {audit} entrée(s) du journal d’audit. Pour le faire effacer : "
            "/moi effacer"
        ),
    }
)
