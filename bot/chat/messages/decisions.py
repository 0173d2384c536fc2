"""Texts of votes, ballots, lists, the register and their dialogs, in French and English."""

from bot.core.i18n import register

register(
    {
        "chat.vote.heading": "{kind} n° {number}",
        "chat.vote.by": "Proposée par {proposer}",
        "chat.vote.by_poll": "Lancé par {proposer}",
        "chat.vote.seconded": "appuyée par {seconder}",
        "chat.vote.voters": "votants : {voters}",
        "chat.vote.rules": "Règles",
        "chat.vote.deadline": "Échéance : {when} (dans {left})",
        "chat.vote.duration": "Durée du vote : {duration} après l’appui",
        "chat.vote.fixed_deadline": "Échéance : {when}",
        "chat.vote.closed_at": "Fermé le {when} ({reason})",
        "chat.vote.participation": "Participation : {voted} sur {electorate}",
        "chat.vote.hidden": "Résultats cachés jusqu’à la fermeture.",
        "chat.vote.live": "En direct",
        "chat.vote.result": "Résultat",
        "chat.vote.resolution": "Résolution {ref}",
        "chat.vote.conflicts": "Conflits d’intérêts déclarés : {names}",
        "chat.vote.you_voted": "Vous avez voté : {choice} (modifiable jusqu’à la fermeture).",
        "chat.vote.you_voted_secret": (
            "Vous avez voté (scrutin secret : votre choix n’est affiché nulle part)."
        ),
        "chat.vote.you_conflict": "Vous avez déclaré un conflit d’intérêts : vous ne votez pas.",
        "chat.vote.you_may_vote": "À vous de voter :",
        "chat.vote.you_may_second": "En attente d’un appuyeur : /vote appuyer {number}",
        "chat.vote.answer_poll": "Répondre : /repondre {number} <numéro(s) du choix>{more}",
        "chat.vote.answer_poll_max": " (jusqu’à {max}, séparés par des virgules)",
        "chat.vote.answer_meeting": (
            "Répondre : /repondre {number} oui|peut-être|non pour chaque date, "
            "ou les numéros des dates qui vous conviennent"
        ),
        "chat.vote.extract_hint": "Extrait pour le procès-verbal : /registre extrait {ref}",
        "chat.vote.best": "meilleure date",
        "chat.vote.leader": "en tête",
        "chat.vote.votes": "{count} vote(s)",
        "chat.vote.meeting_counts": "oui {yes} · peut-être {maybe} · non {no}",
        "chat.vote.mode_secret_poll": "réponses anonymes",
        "chat.vote.max_choices": "jusqu’à {max} choix",
        "chat.vote.early": "fermeture dès que le résultat est acquis",
        "chat.vote.no_seconder": "sans appui",
        "chat.vote.reminders": "rappels {list} avant l’échéance",
        # Receipts
        "chat.receipt.recorded": "Vote enregistré au n° {number} : {choice}.",
        "chat.receipt.changed": "Vote modifié au n° {number} : {choice}.",
        "chat.receipt.secret": "Votre vote secret est enregistré au n° {number}.",
        "chat.receipt.secret_changed": "Votre vote secret au n° {number} est remplacé.",
        "chat.receipt.until": "Vous pouvez le changer jusqu’au {when}.",
        "chat.receipt.closed": (
            "C’était le dernier vote attendu : le vote est fermé (résultat annoncé)."
        ),
        # Lists
        "chat.list.title": "Votes en cours",
        "chat.list.empty": "Aucun vote en cours. Proposez-en un : /vote proposer",
        "chat.list.to_do": "à vous",
        "chat.list.done": "vous avez voté",
        "chat.list.hint": "Détails : /vote voir <numéro>",
        # Announcements and reminders
        "chat.announce.title": "Annonce — résultat du vote n° {number}",
        "chat.announce.lapsed": "Annonce — la proposition n° {number} est tombée faute d’appui.",
        "chat.reminder": (
            "Rappel pour {member} : le vote n° {number} « {title} » ferme dans {left} "
            "({when}). Vous n’avez pas encore voté : /vote voir {number}"
        ),
        # Register
        "chat.register.title": "Registre des décisions",
        "chat.register.empty": "Le registre est vide pour ces critères.",
        "chat.register.unnumbered": "(sans numéro)",
        "chat.register.hint": (
            "Extrait : /registre extrait <CA-2026-001 ou numéro du vote> · "
            "Exporter : /registre exporter [année]"
        ),
        "chat.defaults.title": "Règles par défaut des votes de la communauté",
        "chat.defaults.deadline": "délai : {value}",
        "chat.defaults.seconder": "appui requis : {value}",
        "chat.defaults.board_quorum": "CA : ",
        "chat.defaults.members_quorum": "membres : ",
        "chat.defaults.distance.reglements": (
            "vote à distance à la majorité : permis par les règlements (résolutions)"
        ),
        "chat.defaults.distance.enteriner": (
            "vote à distance à la majorité : consultation à entériner en réunion "
            "(changer : /vote regles distance=reglements si vos règlements le permettent)"
        ),
        "chat.vote.counts_hidden": "totaux non publiés (scrutin secret de moins de 3 bulletins)",
        "chat.vote.seats": (
            "{in_office} en fonction, {recused} conflit(s) d’intérêts, {ballots} bulletin(s)"
        ),
        "chat.yes": "oui",
        "chat.no": "non",
        "chat.ask.options_unread": (
            "Options non comprises : « {text} ». Exemple : délai=72h secret majorité=2/3"
        ),
        "chat.ask.number": "Numéro du vote (voir la liste ci-dessus) :",
        "chat.ask.choice": "Votre réponse :",
        "chat.ask.question": "Question du sondage :",
        "chat.ask.option": "Choix n° {n} (Entrée vide pour terminer) :",
        "chat.ask.meeting_title": "Objet de la réunion (ex. : CA de décembre) :",
        "chat.ask.slot": (
            "Date et heure n° {n} (ex. : 2026-12-03 19:00; Entrée vide pour terminer) :"
        ),
        "chat.ask.poll_options": (
            "Options (Entrée pour aucune; ex. : multiple max=2 anonyme délai=3j) :"
        ),
        "chat.ask.meeting_date": "Date de la réunion qui l’a entérinée (ex. : 2026-12-10) :",
        "chat.cancelled": "Annulé : rien n’a été fait.",
        "chat.vote.usage": (
            "Sous-commandes : proposer, appuyer, pour, contre, abstention, conflit, "
            "retirer, fermer, voir, regles, enteriner. Exemple : /vote pour 3"
        ),
        "chat.withdrawn": "Le vote n° {number} est retiré.",
        "chat.closed": "Le vote n° {number} est fermé.",
        "chat.conflict": "Conflit d’intérêts consigné au vote n° {number} : vous ne votez pas.",
        "chat.identity.none": "aucun",
        "chat.identity.admin": "administrateur",
        "chat.me": "Vous êtes {name} — rôles : {roles}{admin}. Votes qui vous attendent : {todo}.",
        "chat.export.bad_year": (
            "Année illisible : « {value} ». Exemple : /registre exporter 2026. Rien n’a été fait."
        ),
    }
)
