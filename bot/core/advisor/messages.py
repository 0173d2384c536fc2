"""Messages and labels of the advisor, French and English."""

from bot.core.i18n import register

register(
    {
        "advisor.need": "Besoin : « {need} »",
        "advisor.empty": (
            "Décrivez votre besoin en quelques mots, par exemple : "
            "/outil faire voter le CA entre deux réunions"
        ),
        "advisor.no_match": (
            "Je n’ai rien trouvé dans le référentiel qui réponde à ce besoin. Essayez "
            "d’autres mots, ou parcourez : /referentiel (sections et familles), "
            "/referentiel champ <champ>."
        ),
        "advisor.truncated": (
            "(Besoin très long : seuls les {limit} premiers caractères ont été lus.)"
        ),
        "advisor.score": "pertinence {score}",
        "advisor.fields": "Champs d’application",
        "advisor.why": "Mots reconnus",
        "advisor.tools": "Outils suggérés",
        "advisor.no_tools": "Aucun outil au catalogue pour cette famille.",
        "advisor.practices": "Pratiques des pairs",
        "advisor.useful": "utile ×{count}",
        "advisor.more_tools": "Tous les outils : /referentiel famille {name}",
        "advisor.sections_title": "Référentiel des usages du numérique en économie sociale",
        "advisor.browse_hint": (
            "Une famille : /referentiel famille <nom> · "
            "Un champ : /referentiel champ <champ> ({fields})"
        ),
        "advisor.field_title": "Champ d’application : {name}",
        "advisor.section": "Section",
        "advisor.examples": "Exemples",
        "advisor.unknown_family": "Famille inconnue : « {name} ». La liste : /referentiel",
        "advisor.unknown_field": (
            "Champ d’application inconnu : « {name} ». Les champs : gestion des opérations, "
            "relation client, gestion démocratique, mobilisation et ancrages, collaboration et "
            "mutualisation."
        ),
        "tool.libre": "libre",
        "tool.proprietary": "propriétaire",
        "tool.french": "en français",
        "tool.english_only": "en anglais seulement",
        "tool.cost.gratuit": "gratuit",
        "tool.cost.freemium": "gratuit avec options payantes",
        "tool.cost.payant": "payant",
        "tool.cost.tarif_osbl": "tarif OBNL",
        "tool.hosting.infonuagique": "en ligne",
        "tool.hosting.auto_heberge": "à installer",
        "tool.hosting.les_deux": "en ligne ou à installer",
        "tool.quebec": "fait au Québec/Canada",
    }
)
