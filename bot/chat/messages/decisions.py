"""Texts of votes, ballots, lists, the register and their dialogs, in French and English."""

from bot.core.i18n import register

register(
    {
        "chat.vote.heading": {"fr": "{kind} n° {number}", "en": "{kind} #{number}"},
        "chat.vote.by": {
            "fr": "Proposée par {proposer}",
            "en": "Proposed by {proposer}",
        },
        "chat.vote.by_poll": {"fr": "Lancé par {proposer}", "en": "Started by {proposer}"},
        "chat.vote.seconded": {"fr": "appuyée par {seconder}", "en": "seconded by {seconder}"},
        "chat.vote.voters": {"fr": "votants : {voters}", "en": "voters: {voters}"},
        "chat.vote.rules": {"fr": "Règles", "en": "Rules"},
        "chat.vote.deadline": {
            "fr": "Échéance : {when} (dans {left})",
            "en": "Deadline: {when} (in {left})",
        },
        "chat.vote.duration": {
            "fr": "Durée du vote : {duration} après l’appui",
            "en": "Voting lasts {duration} once seconded",
        },
        "chat.vote.fixed_deadline": {
            "fr": "Échéance : {when}",
            "en": "Deadline: {when}",
        },
        "chat.vote.closed_at": {
            "fr": "Fermé le {when} ({reason})",
            "en": "Closed {when} ({reason})",
        },
        "chat.vote.participation": {
            "fr": "Participation : {voted} sur {electorate}",
            "en": "Turnout: {voted} of {electorate}",
        },
        "chat.vote.hidden": {
            "fr": "Résultats cachés jusqu’à la fermeture.",
            "en": "Results hidden until the close.",
        },
        "chat.vote.live": {"fr": "En direct", "en": "So far"},
        "chat.vote.result": {"fr": "Résultat", "en": "Result"},
        "chat.vote.resolution": {"fr": "Résolution {ref}", "en": "Resolution {ref}"},
        "chat.vote.conflicts": {
            "fr": "Conflits d’intérêts déclarés : {names}",
            "en": "Conflicts of interest declared: {names}",
        },
        "chat.vote.you_voted": {
            "fr": "Vous avez voté : {choice} (modifiable jusqu’à la fermeture).",
            "en": "You voted: {choice} (you may change it until the close).",
        },
        "chat.vote.you_voted_secret": {
            "fr": "Vous avez voté (scrutin secret : votre choix n’est affiché nulle part).",
            "en": "You voted (secret ballot: your choice is shown nowhere).",
        },
        "chat.vote.you_conflict": {
            "fr": "Vous avez déclaré un conflit d’intérêts : vous ne votez pas.",
            "en": "You declared a conflict of interest: you do not vote.",
        },
        "chat.vote.you_may_vote": {
            "fr": "À vous de voter :",
            "en": "Your vote:",
        },
        "chat.vote.you_may_second": {
            "fr": "En attente d’un appuyeur : /vote appuyer {number}",
            "en": "Waiting for a seconder: /vote appuyer {number}",
        },
        "chat.vote.answer_poll": {
            "fr": "Répondre : /repondre {number} <numéro(s) du choix>{more}",
            "en": "Answer: /repondre {number} <option number(s)>{more}",
        },
        "chat.vote.answer_poll_max": {
            "fr": " (jusqu’à {max}, séparés par des virgules)",
            "en": " (up to {max}, separated by commas)",
        },
        "chat.vote.answer_meeting": {
            "fr": "Répondre : /repondre {number} oui|peut-être|non pour chaque date, "
            "ou les numéros des dates qui vous conviennent",
            "en": "Answer: /repondre {number} yes|maybe|no for each date, or the numbers of "
            "the dates that suit you",
        },
        "chat.vote.extract_hint": {
            "fr": "Extrait pour le procès-verbal : /registre extrait {ref}",
            "en": "Minutes extract: /registre extrait {ref}",
        },
        "chat.vote.best": {"fr": "meilleure date", "en": "best date"},
        "chat.vote.leader": {"fr": "en tête", "en": "leading"},
        "chat.vote.votes": {"fr": "{count} vote(s)", "en": "{count} vote(s)"},
        "chat.vote.meeting_counts": {
            "fr": "oui {yes} · peut-être {maybe} · non {no}",
            "en": "yes {yes} · maybe {maybe} · no {no}",
        },
        "chat.vote.mode_secret_poll": {
            "fr": "réponses anonymes",
            "en": "anonymous answers",
        },
        "chat.vote.max_choices": {
            "fr": "jusqu’à {max} choix",
            "en": "up to {max} choices",
        },
        "chat.vote.early": {
            "fr": "fermeture dès que le résultat est acquis",
            "en": "closes as soon as the result is certain",
        },
        "chat.vote.no_seconder": {"fr": "sans appui", "en": "no seconder"},
        "chat.vote.reminders": {
            "fr": "rappels {list} avant l’échéance",
            "en": "reminders {list} before the deadline",
        },
        # Receipts
        "chat.receipt.recorded": {
            "fr": "Vote enregistré au n° {number} : {choice}.",
            "en": "Ballot recorded on #{number}: {choice}.",
        },
        "chat.receipt.changed": {
            "fr": "Vote modifié au n° {number} : {choice}.",
            "en": "Ballot changed on #{number}: {choice}.",
        },
        "chat.receipt.secret": {
            "fr": "Votre vote secret est enregistré au n° {number}.",
            "en": "Your secret ballot is recorded on #{number}.",
        },
        "chat.receipt.secret_changed": {
            "fr": "Votre vote secret au n° {number} est remplacé.",
            "en": "Your secret ballot on #{number} is replaced.",
        },
        "chat.receipt.until": {
            "fr": "Vous pouvez le changer jusqu’au {when}.",
            "en": "You may change it until {when}.",
        },
        "chat.receipt.closed": {
            "fr": "C’était le dernier vote attendu : le vote est fermé (résultat annoncé).",
            "en": "That was the last ballot expected: the vote is closed (result announced).",
        },
        # Lists
        "chat.list.title": {"fr": "Votes en cours", "en": "Current votes"},
        "chat.list.empty": {
            "fr": "Aucun vote en cours. Proposez-en un : /vote proposer",
            "en": "No current vote. Propose one: /vote proposer",
        },
        "chat.list.to_do": {"fr": "à vous", "en": "your turn"},
        "chat.list.done": {"fr": "vous avez voté", "en": "you voted"},
        "chat.list.hint": {
            "fr": "Détails : /vote voir <numéro>",
            "en": "Details: /vote voir <number>",
        },
        # Announcements and reminders
        "chat.announce.title": {
            "fr": "Annonce — résultat du vote n° {number}",
            "en": "Announcement — result of vote #{number}",
        },
        "chat.announce.lapsed": {
            "fr": "Annonce — la proposition n° {number} est tombée faute d’appui.",
            "en": "Announcement — motion #{number} lapsed for want of a seconder.",
        },
        "chat.reminder": {
            "fr": "Rappel pour {member} : le vote n° {number} « {title} » ferme dans {left} "
            "({when}). Vous n’avez pas encore voté : /vote voir {number}",
            "en": "Reminder for {member}: vote #{number} “{title}” closes in {left} ({when}). "
            "You have not voted yet: /vote voir {number}",
        },
        # Register
        "chat.register.title": {"fr": "Registre des décisions", "en": "Register of decisions"},
        "chat.register.empty": {
            "fr": "Le registre est vide pour ces critères.",
            "en": "The register is empty for these criteria.",
        },
        "chat.register.unnumbered": {"fr": "(sans numéro)", "en": "(no number)"},
        "chat.register.hint": {
            "fr": "Extrait : /registre extrait <CA-2026-001 ou numéro du vote> · "
            "Exporter : /registre exporter [année]",
            "en": "Extract: /registre extrait <CA-2026-001 or vote number> · "
            "Export: /registre exporter [year]",
        },
        "chat.defaults.title": {
            "fr": "Règles par défaut des votes de la communauté",
            "en": "The community’s default vote rules",
        },
        "chat.defaults.deadline": {"fr": "délai : {value}", "en": "deadline: {value}"},
        "chat.defaults.seconder": {
            "fr": "appui requis : {value}",
            "en": "seconder required: {value}",
        },
        "chat.defaults.board_quorum": {"fr": "CA : ", "en": "Board: "},
        "chat.defaults.members_quorum": {"fr": "membres : ", "en": "members: "},
        "chat.defaults.distance.reglements": {
            "fr": "vote à distance à la majorité : permis par les règlements (résolutions)",
            "en": "remote majority votes: allowed by the bylaws (resolutions)",
        },
        "chat.defaults.distance.enteriner": {
            "fr": "vote à distance à la majorité : consultation à entériner en réunion "
            "(changer : /vote regles distance=reglements si vos règlements le permettent)",
            "en": "remote majority votes: a consultation the next meeting ratifies "
            "(change: /vote regles distance=reglements if your bylaws allow it)",
        },
        "chat.vote.counts_hidden": {
            "fr": "totaux non publiés (scrutin secret de moins de 3 bulletins)",
            "en": "counts not published (secret ballot with fewer than 3 ballots)",
        },
        "chat.vote.seats": {
            "fr": "{in_office} en fonction, {recused} conflit(s) d’intérêts, {ballots} bulletin(s)",
            "en": "{in_office} in office, {recused} conflict(s) of interest, {ballots} ballot(s)",
        },
        "chat.yes": {"fr": "oui", "en": "yes"},
        "chat.no": {"fr": "non", "en": "no"},
        "chat.ask.options_unread": {
            "fr": "Options non comprises : « {text} ». Exemple : délai=72h secret majorité=2/3",
            "en": "Options not understood: “{text}”. Example: délai=72h secret majorité=2/3",
        },
        "chat.ask.number": {
            "fr": "Numéro du vote (voir la liste ci-dessus) :",
            "en": "Vote number (see the list above):",
        },
        "chat.ask.choice": {
            "fr": "Votre réponse :",
            "en": "Your answer:",
        },
        "chat.ask.question": {"fr": "Question du sondage :", "en": "Question of the poll:"},
        "chat.ask.option": {
            "fr": "Choix n° {n} (Entrée vide pour terminer) :",
            "en": "Option {n} (empty line to finish):",
        },
        "chat.ask.meeting_title": {
            "fr": "Objet de la réunion (ex. : CA de décembre) :",
            "en": "What the meeting is (e.g. December board meeting):",
        },
        "chat.ask.slot": {
            "fr": "Date et heure n° {n} (ex. : 2026-12-03 19:00; Entrée vide pour terminer) :",
            "en": "Date and time {n} (e.g. 2026-12-03 19:00; empty line to finish):",
        },
        "chat.ask.poll_options": {
            "fr": "Options (Entrée pour aucune; ex. : multiple max=2 anonyme délai=3j) :",
            "en": "Options (Enter for none; e.g. multiple max=2 anonyme délai=3j):",
        },
        "chat.ask.meeting_date": {
            "fr": "Date de la réunion qui l’a entérinée (ex. : 2026-12-10) :",
            "en": "Date of the meeting that ratified it (e.g. 2026-12-10):",
        },
        "chat.cancelled": {
            "fr": "Annulé : rien n’a été fait.",
            "en": "Cancelled: nothing done.",
        },
        "chat.vote.usage": {
            "fr": "Sous-commandes : proposer, appuyer, pour, contre, abstention, conflit, "
            "retirer, fermer, voir, regles, enteriner. Exemple : /vote pour 3",
            "en": "Sub-commands: proposer (propose), appuyer (second), pour (for), contre "
            "(against), abstention, conflit (conflict), retirer (withdraw), fermer (close), "
            "voir (show), regles (rules), enteriner (ratify). Example: /vote pour 3",
        },
        "chat.withdrawn": {
            "fr": "Le vote n° {number} est retiré.",
            "en": "Vote #{number} is withdrawn.",
        },
        "chat.closed": {
            "fr": "Le vote n° {number} est fermé.",
            "en": "Vote #{number} is closed.",
        },
        "chat.conflict": {
            "fr": "Conflit d’intérêts consigné au vote n° {number} : vous ne votez pas.",
            "en": "Conflict of interest recorded on vote #{number}: you do not vote.",
        },
        "chat.identity.none": {"fr": "aucun", "en": "none"},
        "chat.identity.admin": {"fr": "administrateur", "en": "administrator"},
        "chat.me": {
            "fr": "Vous êtes {name} — rôles : {roles}{admin}. Votes qui vous attendent : {todo}.",
            "en": "You are {name} — roles: {roles}{admin}. Votes waiting for you: {todo}.",
        },
        "chat.export.bad_year": {
            "fr": "Année illisible : « {value} ». Exemple : /registre exporter 2026. "
            "Rien n’a été fait.",
            "en": "Unreadable year: “{value}”. Example: /registre exporter 2026. Nothing was done.",
        },
    }
)
