"""Every chat command, declared once: name, aliases, help in French and English, typed options.

Each platform builds its own commands from `COMMANDS`: the console's `/…` lines, Matrix's `!…`
lines (both through `find`), Discord's slash commands (groups of subcommands, typed options,
choices). `calls` names the one service method the command calls (« decisions.cast »); the
handlers live in `bot.chat.handlers`, shared by every platform.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from bot.core.text import fold

Kind = Literal["text", "integer", "choice"]
Platform = Literal["console", "discord", "matrix"]
EVERYWHERE: frozenset[Platform] = frozenset({"console", "discord", "matrix"})
TEXT_ONLY: frozenset[Platform] = frozenset({"console", "matrix"})


@dataclass(frozen=True, slots=True)
class Choice:
    """One allowed value of a `choice` option, with its label in each language."""

    value: str
    fr: str
    en: str

    def label(self, lang: str) -> str:
        """The label in `lang`."""
        return self.en if lang == "en" else self.fr


@dataclass(frozen=True, slots=True)
class Option:
    """A typed argument; text platforms read the options in order, the last may take the rest."""

    name: str  # French, as Discord shows it: lowercase, no space
    name_en: str
    help_fr: str
    help_en: str
    kind: Kind = "text"
    required: bool = False
    choices: tuple[Choice, ...] = ()
    # What stands before this option's value in the typed line (« | » before a poll's choices).
    sep: str = " "

    def help(self, lang: str) -> str:
        """The option's description in `lang`."""
        return self.help_en if lang == "en" else self.help_fr


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """One command or subcommand (`/referentiel champ`), as every platform offers it."""

    path: tuple[str, ...]
    help_fr: str
    help_en: str
    usage: str
    aliases: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    calls: str | None = None  # « job.method » of the service it calls; None: the adapter's own
    platforms: frozenset[Platform] = EVERYWHERE
    # A group's root (« /vote » alone) cannot be called on Discord: it is this subcommand there.
    root_as: str | None = None

    @property
    def name(self) -> str:
        """The full command as typed in the console, e.g. '/referentiel champ'."""
        return "/" + " ".join(self.path)

    def help(self, lang: str) -> str:
        """The one-line help in `lang`."""
        return self.help_en if lang == "en" else self.help_fr


def declare(
    name: str,
    *,
    fr: str,
    en: str,
    usage: str = "",
    aliases: tuple[str, ...] = (),
    options: tuple[Option, ...] = (),
    calls: str | None = None,
    platforms: frozenset[Platform] | set[Platform] = EVERYWHERE,
    root_as: str | None = None,
) -> CommandSpec:
    """A command from its name as typed ('/referentiel champ') and what it offers."""
    path = tuple(fold(part) for part in name.lstrip("/!").split())
    return CommandSpec(
        path, fr, en, usage or name, aliases, options, calls, frozenset(platforms), root_as
    )


def _opt(name: str, en: str, fr_help: str, en_help: str, **kw: object) -> Option:
    return Option(name, en, fr_help, en_help, **kw)  # type: ignore[arg-type]


VOTE = _opt("numero", "number", "Numéro du vote", "Vote number", kind="integer", required=True)
PRACTICE = _opt(
    "numero", "number", "Numéro de la pratique", "Practice number", kind="integer", required=True
)
RULES = _opt(
    "options",
    "options",
    "Règles : délai=48h majorité=2/3 secret quorum=50%",
    "Rules: délai=48h majorité=2/3 secret quorum=50%",
)
PAGE = _opt("page", "page", "Numéro de page", "Page number", kind="integer")
YEAR = _opt("annee", "year", "Année (ex. : 2026)", "Year (e.g. 2026)", kind="integer")

COMMANDS: tuple[CommandSpec, ...] = (
    # --- The advisor -------------------------------------------------------------------------
    declare(
        "/outil",
        fr="Trouver les familles d’usages et les outils qui répondent à un besoin.",
        en="Find the tools that fit a need",
        usage="/outil <besoin>",
        aliases=("/tool",),
        options=(
            _opt(
                "besoin",
                "need",
                "Votre besoin en mots simples",
                "Your need, in plain words",
                required=True,
            ),
        ),
        calls="advisor.advise",
    ),
    declare(
        "/referentiel",
        fr="Parcourir le référentiel : sections et familles d’usages.",
        en="Browse the référentiel: sections and families",
        aliases=("/referential",),
        calls="advisor.referentiel",
        root_as="sections",
    ),
    declare(
        "/referentiel champ",
        fr="Les familles d’un champ d’application (ex. : gestion démocratique).",
        en="Families serving one field of application",
        usage="/referentiel champ <champ>",
        options=(
            _opt("champ", "field", "Champ d’application", "Field of application", required=True),
        ),
        calls="advisor.field",
    ),
    declare(
        "/referentiel famille",
        fr="Une famille d’usages et ses outils.",
        en="One family with its tools",
        usage="/referentiel famille <nom>",
        options=(_opt("nom", "name", "Nom de la famille", "Family name", required=True),),
        calls="advisor.family",
    ),
    # --- Decisions ---------------------------------------------------------------------------
    declare(
        "/vote",
        fr="Propositions : proposer, appuyer, voter, voir (détails : /aide vote).",
        en="Motions: propose, second, vote, show (details: /aide vote)",
        usage="/vote [numéro]",
        aliases=("/motion",),
        calls="decisions.list_open",
        root_as="liste",
    ),
    declare(
        "/vote proposer",
        fr="Proposer une résolution (options : délai=48h majorité=2/3 secret quorum=50%).",
        en="Propose a motion (options: délai=48h majorité=2/3 secret quorum=50% votants=membres)",
        usage="/vote proposer [texte] [options]",
        options=(_opt("texte", "text", "Texte de la proposition", "Text of the motion"), RULES),
        calls="decisions.propose",
    ),
    declare(
        "/vote appuyer",
        fr="Appuyer une proposition : le vote s’ouvre.",
        en="Second a motion: voting opens",
        usage="/vote appuyer <numéro>",
        options=(VOTE,),
        calls="decisions.second",
    ),
    declare(
        "/vote pour",
        fr="Voter pour une proposition (modifiable jusqu’à la fermeture).",
        en="Vote for a motion",
        usage="/vote pour <numéro>",
        options=(VOTE,),
        calls="decisions.cast",
    ),
    declare(
        "/vote contre",
        fr="Voter contre une proposition.",
        en="Vote against a motion",
        usage="/vote contre <numéro>",
        options=(VOTE,),
        calls="decisions.cast",
    ),
    declare(
        "/vote abstention",
        fr="S’abstenir sur une proposition.",
        en="Abstain on a motion",
        usage="/vote abstention <numéro>",
        options=(VOTE,),
        calls="decisions.cast",
    ),
    declare(
        "/vote conflit",
        fr="Déclarer un conflit d’intérêts : vous sortez de ce vote (consigné).",
        en="Declare a conflict of interest (you leave that vote)",
        usage="/vote conflit <numéro> [raison]",
        options=(VOTE, _opt("raison", "reason", "Raison (facultative)", "Reason (optional)")),
        calls="decisions.declare_conflict",
    ),
    declare(
        "/vote retirer",
        fr="Retirer un vote avant tout vote exprimé (la personne qui l’a lancé, ou un admin).",
        en="Withdraw a vote before any ballot",
        usage="/vote retirer <numéro>",
        options=(VOTE,),
        calls="decisions.withdraw",
    ),
    declare(
        "/vote fermer",
        fr="Fermer un vote maintenant (qui l’a lancé, ou un admin); le résultat est annoncé.",
        en="Close a vote now (proposer or admin)",
        usage="/vote fermer <numéro>",
        options=(VOTE,),
        calls="decisions.close",
    ),
    declare(
        "/vote voir",
        fr="Voir un vote : texte, règles, échéance, participation, résultats visibles.",
        en="Show a vote",
        usage="/vote voir <numéro>",
        options=(VOTE,),
        calls="decisions.show",
    ),
    declare(
        "/vote regles",
        fr="Voir ou changer (admins) les règles par défaut : délai, majorité, quorum, secret, "
        "appui.",
        en="Show or change (admins) the default vote rules",
        usage="/vote regles [options]",
        options=(RULES,),
        calls="decisions.set_defaults",
    ),
    declare(
        "/vote enteriner",
        fr="Consigner qu’une réunion a entériné une consultation (admins) : elle reçoit son "
        "numéro.",
        en="Record that a meeting ratified a consultation: /vote enteriner 3 2026-12-10 (admins)",
        usage="/vote enteriner <numéro> <date de la réunion>",
        options=(
            VOTE,
            _opt(
                "reunion",
                "meeting",
                "Date de la réunion (ex. : 2026-12-10)",
                "Date of the meeting (e.g. 2026-12-10)",
                required=True,
            ),
        ),
        calls="decisions.ratify",
    ),
    declare(
        "/votes",
        fr="Les votes en cours, l’échéance la plus proche d’abord.",
        en="Current votes (yours first to do)",
        aliases=("/open",),
        calls="decisions.list_open",
    ),
    declare(
        "/repondre",
        fr="Répondre à un sondage (numéros des choix) ou à un sondage de date (oui/peut-être/non).",
        en="Answer a poll or a meeting poll",
        usage="/repondre <numéro> <choix>",
        aliases=("/answer",),
        options=(
            VOTE,
            _opt(
                "choix",
                "choice",
                "Vos choix (ex. : 1,3 ou oui non)",
                "Your choices (e.g. 1,3 or oui non)",
                required=True,
            ),
        ),
        calls="decisions.cast",
    ),
    declare(
        "/sondage",
        fr="Lancer un sondage : /sondage Question ? | choix 1 | choix 2 [multiple max=2 anonyme].",
        en="Start a poll: /sondage Question? | option | option … [multiple max=2 anonyme délai=3j]",
        usage="/sondage <question> | <choix> | <choix> … [options]",
        aliases=("/poll",),
        options=(
            _opt("question", "question", "La question", "The question", required=True),
            _opt(
                "choix",
                "options",
                "Les choix, séparés par « | »",
                "The options, split by “|”",
                required=True,
                sep=" | ",
            ),
            _opt(
                "options",
                "settings",
                "multiple max=2 anonyme délai=3j",
                "multiple max=2 anonyme délai=3j",
            ),
        ),
        calls="decisions.create_poll",
    ),
    declare(
        "/reunion",
        fr="Trouver une date de réunion : /reunion CA de décembre | 2026-12-03 19:00 | "
        "2026-12-04 12h.",
        en="Find a meeting date: /reunion Title | 2026-12-03 19:00 | 2026-12-04 12:00 …",
        usage="/reunion <objet> | <date et heure> | <date et heure> … [options]",
        aliases=("/meeting",),
        options=(
            _opt("objet", "title", "Objet de la réunion", "What the meeting is", required=True),
            _opt(
                "dates",
                "dates",
                "Dates et heures, séparées par « | »",
                "Dates and times, split by “|”",
                required=True,
                sep=" | ",
            ),
        ),
        calls="decisions.create_meeting",
    ),
    declare(
        "/registre",
        fr="Le registre des décisions : chercher par mots, année, adoptées ou rejetées.",
        en="The register of decisions: [words] [year] [adoptées|rejetées]",
        usage="/registre [mots] [année] [adoptées|rejetées]",
        aliases=("/register",),
        options=(
            _opt("mots", "words", "Mots cherchés", "Words to find"),
            YEAR,
            _opt(
                "issue",
                "outcome",
                "Adoptées ou rejetées",
                "Adopted or rejected",
                kind="choice",
                choices=(
                    Choice("adoptees", "adoptées", "adopted"),
                    Choice("rejetees", "rejetées", "rejected"),
                    Choice("sans-quorum", "sans quorum", "no quorum"),
                ),
            ),
        ),
        calls="decisions.register",
        root_as="chercher",
    ),
    declare(
        "/registre extrait",
        fr="Extrait de procès-verbal (Markdown) d’une décision : /registre extrait CA-2026-001.",
        en="Minutes extract (Markdown) of a decision",
        usage="/registre extrait <CA-2026-001 | numéro>",
        options=(
            _opt(
                "reference",
                "reference",
                "CA-2026-001 ou numéro du vote",
                "CA-2026-001 or the vote's number",
                required=True,
            ),
        ),
        calls="decisions.extract",
    ),
    declare(
        "/registre exporter",
        fr="Exporter le registre (Markdown) dans le dossier des données : /registre exporter 2026.",
        en="Export the register as a Markdown file",
        usage="/registre exporter [année]",
        options=(YEAR,),
        calls="decisions.export_register",
    ),
    declare(
        "/moi",
        fr="Qui vous êtes en ce moment, vos rôles, et les votes qui vous attendent.",
        en="Who you are acting as, and what waits for you",
        aliases=("/whoami", "/me"),
        calls="decisions.list_open",
        root_as="profil",
    ),
    declare(
        "/moi donnees",
        fr="Tout ce que le bot garde à votre sujet, dans un fichier (Loi 25).",
        en="Everything the bot holds about you, as a file (Loi 25)",
        calls="privacy.personal_data",
    ),
    declare(
        "/moi effacer",
        fr="Effacer ou rendre anonyme ce que le bot garde à votre sujet; dit ce qui reste et "
        "pourquoi.",
        en="Erase or anonymise what the bot holds about you; says what the law keeps",
        calls="privacy.erase",
    ),
    # --- General -----------------------------------------------------------------------------
    declare(
        "/aide",
        fr="Lister les commandes, ou expliquer l’une d’elles.",
        en="List the commands, or explain one",
        usage="/aide [commande]",
        aliases=("/help",),
        options=(_opt("commande", "command", "Une commande à expliquer", "A command to explain"),),
    ),
    declare(
        "/langue",
        fr="Changer la langue des réponses (fr, en).",
        en="Switch the language (fr, en)",
        usage="/langue fr|en",
        aliases=("/language",),
        options=(
            _opt(
                "langue",
                "language",
                "fr ou en",
                "fr or en",
                kind="choice",
                required=True,
                choices=(Choice("fr", "français", "French"), Choice("en", "anglais", "English")),
            ),
        ),
        # On Discord the user's own locale chooses; admins set the community's with /coopilote.
        platforms=TEXT_ONLY,
    ),
    # --- Configuration (admins; who may configure is the core's decision) ---------------------
    # Text platforms type one setting and its value (« /coopilote langue en », « !coopilote
    # language en »: the English names are the options' `name_en`), or several as
    # « réglage=valeur ». Discord offers the same settings as the typed options of ONE
    # /coopilote command with role and channel pickers (bot/cogs/config.py): each subcommand's
    # option below is that Discord option (names, help, choices), so nothing is written twice;
    # both run the shared handler (bot/chat/handlers/config.py).
    declare(
        "/coopilote",
        fr="Configurer Coopilote pour la communauté (admins); seul : la configuration.",
        en="Configure Coopilote for this community (admins); alone: the settings",
        usage="/coopilote [réglage valeur]",
        options=(
            _opt(
                "reglage",
                "setting",
                "Un réglage et sa valeur (ex. : langue en)",
                "A setting and its value (e.g. language en)",
            ),
        ),
        calls="decisions.set_defaults",
        platforms=TEXT_ONLY,
    ),
    declare(
        "/coopilote voir",
        fr="La configuration : rôles, salon des annonces, langue, fuseau, règles des votes.",
        en="The settings: roles, announcements, language, timezone, vote rules (or: show)",
        usage="/coopilote voir",
        calls="decisions.defaults",
        platforms=TEXT_ONLY,
    ),
    declare(
        "/coopilote role-ca",
        fr="Le rôle du conseil d’administration : qui vote aux votes du CA.",
        en="The board's role: who votes on board motions (or: board-role)",
        usage="/coopilote role-ca <nom du rôle>",
        options=(
            _opt(
                "role-ca",
                "board-role",
                "Le rôle des administrateurs (CA)",
                "The board's role",
                required=True,
            ),
        ),
        platforms=TEXT_ONLY,
    ),
    declare(
        "/coopilote role-membres",
        fr="Le rôle des membres : qui vote aux votes des membres.",
        en="The members' role: who votes on members' motions (or: member-role)",
        usage="/coopilote role-membres <nom du rôle>",
        options=(
            _opt(
                "role-membres",
                "member-role",
                "Le rôle des membres",
                "The members' role",
                required=True,
            ),
        ),
        platforms=TEXT_ONLY,
    ),
    declare(
        "/coopilote role-moderation",
        fr="Le rôle qui modère les pratiques partagées.",
        en="The role that moderates shared practices (or: moderator-role)",
        usage="/coopilote role-moderation <nom du rôle>",
        options=(
            _opt(
                "role-moderation",
                "moderator-role",
                "Qui modère les pratiques",
                "Who moderates practices",
                required=True,
            ),
        ),
        platforms=TEXT_ONLY,
    ),
    declare(
        "/coopilote role-admin",
        fr="Le rôle qui configure Coopilote, en plus des admins de la plateforme.",
        en="The role that configures Coopilote, besides the platform's admins (or: admin-role)",
        usage="/coopilote role-admin <nom du rôle>",
        options=(
            _opt(
                "role-admin",
                "admin-role",
                "Qui configure Coopilote (en plus des admins du serveur)",
                "Who configures Coopilote (besides the server's admins)",
                required=True,
            ),
        ),
        platforms=TEXT_ONLY,
    ),
    declare(
        "/coopilote annonces",
        fr="Où annoncer les résultats : un salon, « ici », ou « defaut » (où le vote a été lancé).",
        en="Where results are announced: a channel, « ici » (here) or « defaut » (or: "
        "announcements)",
        usage="/coopilote annonces <salon | ici | defaut>",
        options=(
            _opt(
                "salon-annonces",
                "announcement-channel",
                "Où annoncer les résultats",
                "Where results are announced",
                required=True,
            ),
        ),
        platforms=TEXT_ONLY,
    ),
    declare(
        "/coopilote langue",
        fr="La langue de la communauté : fr ou en.",
        en="The community's language: fr or en (or: language)",
        usage="/coopilote langue fr|en",
        options=(
            _opt(
                "langue",
                "language",
                "Langue de la communauté",
                "The community's language",
                kind="choice",
                required=True,
                choices=(Choice("fr", "français", "French"), Choice("en", "anglais", "English")),
            ),
        ),
        platforms=TEXT_ONLY,
    ),
    declare(
        "/coopilote fuseau",
        fr="Le fuseau horaire des dates et des échéances (ex. : America/Montreal).",
        en="The timezone of dates and deadlines, e.g. America/Montreal (or: timezone)",
        usage="/coopilote fuseau <America/Montreal>",
        options=(
            _opt(
                "fuseau",
                "timezone",
                "Fuseau horaire (ex. : America/Montreal)",
                "Timezone (e.g. America/Montreal)",
                required=True,
            ),
        ),
        platforms=TEXT_ONLY,
    ),
    declare(
        "/coopilote distance",
        fr="Votes à distance : « enteriner » (la réunion suivante entérine) ou « reglements ».",
        en="Remote votes: « enteriner » (the next meeting ratifies) or « reglements » (bylaws "
        "allow)",
        usage="/coopilote distance enteriner|reglements",
        options=(
            _opt(
                "distance",
                "remote-votes",
                "Ce que vos règlements permettent",
                "What your bylaws allow",
                kind="choice",
                required=True,
                choices=(
                    Choice(
                        "enteriner",
                        "consultation à entériner en réunion",
                        "a consultation the next meeting ratifies",
                    ),
                    Choice(
                        "reglements",
                        "permis par nos règlements (résolutions)",
                        "allowed by our bylaws (resolutions)",
                    ),
                ),
            ),
        ),
        calls="decisions.set_defaults",
        platforms=TEXT_ONLY,
    ),
    declare(
        "/coopilote appui",
        fr="Une proposition doit-elle être appuyée avant le vote? oui ou non.",
        en="Must a motion be seconded before the vote? oui or non (or: seconder)",
        usage="/coopilote appui oui|non",
        options=(
            _opt(
                "appui",
                "seconder",
                "Une proposition doit-elle être appuyée?",
                "Must a motion be seconded?",
                kind="choice",
                required=True,
                choices=(Choice("oui", "oui", "yes"), Choice("non", "non", "no")),
            ),
        ),
        calls="decisions.set_defaults",
        platforms=TEXT_ONLY,
    ),
    declare(
        "/coopilote rappels",
        fr="Les rappels avant l’échéance d’un vote (ex. : 48h,2h ou aucun).",
        en="Reminders before a vote's deadline, e.g. 48h,2h or aucun (or: reminders)",
        usage="/coopilote rappels <48h,2h | aucun>",
        options=(
            _opt(
                "rappels",
                "reminders",
                "Rappels avant l’échéance (ex. : 24h, 1h ou aucun)",
                "Reminders before the deadline (e.g. 24h, 1h or aucun)",
                required=True,
            ),
        ),
        calls="decisions.set_defaults",
        platforms=TEXT_ONLY,
    ),
    # --- Good practices ----------------------------------------------------------------------
    declare(
        "/pratique partager",
        fr="Partager une pratique, guidé un champ à la fois (seuls titre et actions sont requis).",
        en="Share a practice, guided one field at a time",
        calls="practices.post",
    ),
    declare(
        "/pratique chercher",
        fr="Chercher des pratiques : des mots, puis famille=… tag=… secteur=… outil=… page=2.",
        en="Search practices: words, then famille=… tag=… secteur=… outil=… page=2",
        usage="/pratique chercher <mots> [famille=…] [tag=…] [secteur=…] [outil=…] [page=N]",
        options=(
            _opt("mots", "words", "Mots cherchés", "Words to find", required=True),
            _opt("famille", "family", "Famille d’usages", "Family of uses"),
            _opt("tag", "tag", "Mot-clé", "Tag"),
            _opt("secteur", "sector", "Secteur d’activité", "Sector"),
            _opt("outil", "tool", "Outil", "Tool"),
            PAGE,
        ),
        calls="practices.search",
    ),
    declare(
        "/pratique voir",
        fr="Afficher une pratique en entier.",
        en="Show a practice in full",
        usage="/pratique voir <numéro>",
        options=(PRACTICE,),
        calls="practices.view",
    ),
    declare(
        "/pratique versions",
        fr="Toutes les versions d’une pratique, ou l’une d’elles en entier.",
        en="Every version of a practice, or one of them",
        usage="/pratique versions <numéro> [version]",
        options=(
            PRACTICE,
            _opt("version", "version", "Numéro de version", "Version number", kind="integer"),
        ),
        calls="practices.versions",
    ),
    declare(
        "/pratique utile",
        fr="Marquer une pratique comme utile, ou retirer votre marque.",
        en="Mark a practice useful, or undo your mark",
        usage="/pratique utile <numéro>",
        options=(PRACTICE,),
        calls="practices.toggle_useful",
    ),
    declare(
        "/pratique modifier",
        fr="Modifier une pratique, guidé (auteur·e ou modération); chaque version est gardée.",
        en="Edit a practice, guided (author or moderators)",
        usage="/pratique modifier <numéro>",
        options=(PRACTICE,),
        calls="practices.edit",
    ),
    declare(
        "/pratique retirer",
        fr="Retirer une pratique (auteur·e ou modération, avec le motif); elle reste restaurable.",
        en="Withdraw a practice (restorable); moderators give the reason",
        usage="/pratique retirer <numéro> [motif]",
        options=(
            PRACTICE,
            _opt(
                "motif", "reason", "Motif (la modération le donne)", "Reason (moderators give one)"
            ),
        ),
        calls="practices.withdraw",
    ),
    declare(
        "/pratique purger",
        fr="Effacer pour de bon le contenu d’une ancienne version (renseignements personnels).",
        en="Erase a past version's content for good (personal information)",
        usage="/pratique purger <numéro> <version> [motif]",
        options=(
            PRACTICE,
            _opt(
                "version",
                "version",
                "Numéro de version",
                "Version number",
                kind="integer",
                required=True,
            ),
            _opt("motif", "reason", "Motif de la purge", "Reason for the purge"),
        ),
        calls="practices.purge_version",
    ),
    declare(
        "/pratique restaurer",
        fr="Restaurer une pratique retirée (sans numéro : la liste des pratiques retirées).",
        en="Restore a withdrawn practice",
        usage="/pratique restaurer <numéro>",
        options=(
            _opt("numero", "number", "Numéro de la pratique", "Practice number", kind="integer"),
        ),
        calls="practices.restore",
    ),
    declare(
        "/pratique diffuser",
        fr="Montrer une pratique aux autres communautés aussi (« non » pour arrêter).",
        en="Show a practice to other communities too (or « non » to stop)",
        usage="/pratique diffuser <numéro> [non]",
        options=(
            PRACTICE,
            _opt(
                "diffuser",
                "share",
                "oui ou non",
                "yes or no",
                kind="choice",
                choices=(Choice("oui", "oui", "yes"), Choice("non", "non", "no")),
            ),
        ),
        calls="practices.set_shared",
    ),
    declare(
        "/pratiques",
        fr="Les pratiques récentes (« populaires » : les plus utiles; « retirees » : retirées).",
        en="Recent practices (« populaires »: most useful; « retirees »: withdrawn)",
        usage="/pratiques [populaires|retirees] [page=N]",
        aliases=("/practices",),
        options=(
            _opt(
                "ordre",
                "order",
                "Lesquelles",
                "Which ones",
                kind="choice",
                choices=(
                    Choice("recentes", "récentes", "recent"),
                    Choice("populaires", "populaires", "most useful"),
                    Choice("retirees", "retirées", "withdrawn"),
                ),
            ),
            PAGE,
        ),
        calls="practices.recent",
    ),
    declare(
        "/pratique",
        fr="Une pratique par son numéro, ou une recherche; seul : les pratiques récentes.",
        en="A practice by number, or a search; alone: the recent ones",
        usage="/pratique [numéro | mots]",
        aliases=("/practice",),
        options=(_opt("quoi", "what", "Un numéro ou des mots", "A number or words"),),
        calls="practices.view",
        root_as="recentes",
    ),
)

_BY_PATH = {spec.path: spec for spec in COMMANDS}


def spec(name: str) -> CommandSpec:
    """The declared command called `name` ('/vote pour'); KeyError when there is none."""
    return _BY_PATH[tuple(fold(part) for part in name.lstrip("/!").split())]


def groups(specs: tuple[CommandSpec, ...] = COMMANDS) -> dict[str, list[CommandSpec]]:
    """Commands by their first word, in declaration order (a Discord group, a help section)."""
    out: dict[str, list[CommandSpec]] = {}
    for one in specs:
        out.setdefault(one.path[0], []).append(one)
    return out


def for_platform(platform: Platform) -> tuple[CommandSpec, ...]:
    """The commands a platform offers."""
    return tuple(one for one in COMMANDS if platform in one.platforms)


def find(
    line: str, specs: dict[tuple[str, ...], CommandSpec], aliases: dict[str, str]
) -> tuple[tuple[str, ...] | None, str]:
    """The path a typed line (`/vote pour 3`, `!vote pour 3`) calls, and the rest of the line.

    `aliases` maps a folded first word (« tool ») to the command's (« outil »).
    """
    parts = line.strip().lstrip("/!").split(maxsplit=2)
    if not parts:
        return None, ""
    head = fold(parts[0])
    head = aliases.get(head, head)
    if len(parts) >= 2 and (head, fold(parts[1])) in specs:
        return (head, fold(parts[1])), parts[2] if len(parts) > 2 else ""
    rest = line.strip().split(maxsplit=1)
    return ((head,) if (head,) in specs else None), rest[1] if len(rest) > 1 else ""


def alias_table(specs: tuple[CommandSpec, ...]) -> dict[str, str]:
    """Folded alias (without its « / ») → the first word of the command it names."""
    return {fold(alias.lstrip("/!")): one.path[0] for one in specs for alias in one.aliases}


def args_line(spec: CommandSpec, values: Mapping[str, object]) -> str:
    """Typed options (by their French `Option.name`) as the text a handler reads.

    Options in declared order, empty ones skipped; a value not declared is ignored.
    """
    parts: list[str] = []
    for option in spec.options:
        value = values.get(option.name)
        if value is None:
            continue
        if isinstance(value, bool):
            value = "oui" if value else "non"
        text = str(value).strip()
        if text:
            parts.append((option.sep if parts else "") + text)
    return "".join(parts)
