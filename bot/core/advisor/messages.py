"""Messages and labels of the advisor, French and English."""

from bot.core.i18n import register

register(
    {
        "advisor.need": {"fr": "Besoin : « {need} »", "en": "Need: “{need}”"},
        "advisor.empty": {
            "fr": "Décrivez votre besoin en quelques mots, par exemple : "
            "/outil faire voter le CA entre deux réunions",
            "en": "Describe your need in a few words, for example: "
            "/outil let the board vote between meetings",
        },
        "advisor.no_match": {
            "fr": "Je n’ai rien trouvé dans le référentiel qui réponde à ce besoin. Essayez "
            "d’autres mots, ou parcourez : /referentiel (sections et familles), "
            "/referentiel champ <champ>.",
            "en": "Nothing in the référentiel fits this need. Try other words, or browse: "
            "/referentiel (sections and families), /referentiel champ <field>.",
        },
        "advisor.truncated": {
            "fr": "(Besoin très long : seuls les {limit} premiers caractères ont été lus.)",
            "en": "(Very long need: only the first {limit} characters were read.)",
        },
        "advisor.score": {"fr": "pertinence {score}", "en": "relevance {score}"},
        "advisor.fields": {"fr": "Champs d’application", "en": "Fields of application"},
        "advisor.why": {"fr": "Mots reconnus", "en": "Words matched"},
        "advisor.tools": {"fr": "Outils suggérés", "en": "Suggested tools"},
        "advisor.no_tools": {
            "fr": "Aucun outil au catalogue pour cette famille.",
            "en": "No tool in the catalog for this family.",
        },
        "advisor.practices": {"fr": "Pratiques des pairs", "en": "Peers’ practices"},
        "advisor.useful": {"fr": "utile ×{count}", "en": "useful ×{count}"},
        "advisor.more_tools": {
            "fr": "Tous les outils : /referentiel famille {name}",
            "en": "All tools: /referentiel famille {name}",
        },
        "advisor.sections_title": {
            "fr": "Référentiel des usages du numérique en économie sociale",
            "en": "Référentiel of digital usages in the social economy",
        },
        "advisor.browse_hint": {
            "fr": "Une famille : /referentiel famille <nom> · "
            "Un champ : /referentiel champ <champ> ({fields})",
            "en": "One family: /referentiel famille <name> · One field: /referentiel champ <field> "
            "({fields})",
        },
        "advisor.field_title": {
            "fr": "Champ d’application : {name}",
            "en": "Field of application: {name}",
        },
        "advisor.section": {"fr": "Section", "en": "Section"},
        "advisor.examples": {"fr": "Exemples", "en": "Examples"},
        "advisor.unknown_family": {
            "fr": "Famille inconnue : « {name} ». La liste : /referentiel",
            "en": "Unknown family: “{name}”. The list: /referentiel",
        },
        "advisor.unknown_field": {
            "fr": "Champ d’application inconnu : « {name} ». Les champs : gestion des opérations, "
            "relation client, gestion démocratique, mobilisation et ancrages, collaboration et "
            "mutualisation.",
            "en": "Unknown field of application: “{name}”. The fields: operations, customer, "
            "democratic, mobilisation, collaboration.",
        },
        "tool.libre": {"fr": "libre", "en": "free/libre"},
        "tool.proprietary": {"fr": "propriétaire", "en": "proprietary"},
        "tool.french": {"fr": "en français", "en": "French interface"},
        "tool.english_only": {"fr": "en anglais seulement", "en": "English only"},
        "tool.cost.gratuit": {"fr": "gratuit", "en": "free of charge"},
        "tool.cost.freemium": {"fr": "gratuit avec options payantes", "en": "freemium"},
        "tool.cost.payant": {"fr": "payant", "en": "paid"},
        "tool.cost.tarif_osbl": {"fr": "tarif OBNL", "en": "nonprofit pricing"},
        "tool.hosting.infonuagique": {"fr": "en ligne", "en": "cloud"},
        "tool.hosting.auto_heberge": {"fr": "à installer", "en": "self-hosted"},
        "tool.hosting.les_deux": {
            "fr": "en ligne ou à installer",
            "en": "cloud or self-hosted",
        },
        "tool.quebec": {"fr": "fait au Québec/Canada", "en": "made in Québec/Canada"},
    }
)
