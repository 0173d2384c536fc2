"""Messages of decisions, French first with English (registered in the shared catalog)."""

from __future__ import annotations

from bot.core.i18n import register

_EXAMPLES_FR = "48h, 3j, 1 semaine ou 2026-12-01 17:00"
_EXAMPLES_EN = "48h, 3d, 1 week or 2026-12-01 17:00"

MESSAGES: dict[str, dict[str, str]] = {
    # --- Errors: deadlines and dates -------------------------------------------------------
    "decision.deadline.past": {
        "fr": f"L’échéance est déjà passée. Donnez une durée ou une date à venir : {_EXAMPLES_FR}.",
        "en": f"The deadline has already passed. Give a duration or a future date: {_EXAMPLES_EN}.",
    },
    "decision.deadline.too_close": {
        "fr": "L’échéance est trop proche : laissez au moins une minute pour voter.",
        "en": "The deadline is too close: leave at least one minute to vote.",
    },
    "decision.deadline.too_far": {
        "fr": "L’échéance est trop lointaine : au plus {days} jours.",
        "en": "The deadline is too far ahead: at most {days} days.",
    },
    "decision.deadline.unreadable": {
        "fr": f"Échéance illisible : « {{value}} ». Exemples : {_EXAMPLES_FR}.",
        "en": f"Unreadable deadline: “{{value}}”. Examples: {_EXAMPLES_EN}.",
    },
    "decision.slot.past": {
        "fr": "Une des dates proposées est déjà passée.",
        "en": "One of the proposed dates has already passed.",
    },
    "decision.slot.too_close": {
        "fr": "Une des dates proposées est trop proche.",
        "en": "One of the proposed dates is too close.",
    },
    "decision.slot.too_far": {
        "fr": "Une des dates proposées est trop lointaine : au plus {days} jours.",
        "en": "One of the proposed dates is too far ahead: at most {days} days.",
    },
    "decision.slot.unreadable": {
        "fr": "Date illisible : « {value} ». Donnez la date et l’heure, par exemple "
        "2026-12-03 19:00 ou 3 décembre 19 h.",
        "en": "Unreadable date: “{value}”. Give the date and time, for example "
        "2026-12-03 19:00 or December 3 7pm.",
    },
    # --- Errors: options -------------------------------------------------------------------
    "decision.option.bad_value": {
        "fr": "Valeur invalide pour « {key} » : « {value} ». Formes acceptées : délai=48h, "
        "délai=3j, délai=2026-12-05 17:00; majorité=simple, absolue, en-fonction, 2/3 ou "
        "unanimité; quorum=majorité, quorum=3 ou quorum=50%; secret ou nominal; "
        "votants=ca ou membres. Rien n’a été fait.",
        "en": "Invalid value for “{key}”: “{value}”. Accepted forms: délai=48h, délai=3j, "
        "délai=2026-12-05 17:00; majorité=simple, absolue, en-fonction, 2/3 or unanimité; "
        "quorum=majorité, quorum=3 or quorum=50%; secret or nominal; votants=ca or membres. "
        "Nothing was done.",
    },
    "decision.option.contradictory": {
        "fr": "Options contradictoires : « {name} » est donné deux fois avec des valeurs "
        "différentes. Gardez-en une seule. Rien n’a été fait.",
        "en": "Contradictory options: “{name}” is given twice with different values. Keep "
        "only one. Nothing was done.",
    },
    "decision.option.unknown": {
        "fr": "Option inconnue : « {name} ». Options : délai, majorité, quorum, secret, "
        "nominal, appui, anticipé, rappels, votants, résultats, max, titre, distance "
        "(ex. : délai=48h majorité=2/3 quorum=majorité secret). Rien n’a été fait.",
        "en": "Unknown option: “{name}”. Options: délai (deadline), majorité (majority), "
        "quorum, secret, nominal, appui (seconder), anticipé (early), rappels (reminders), "
        "votants (voters), résultats (results), max, titre (title), distance "
        "(e.g. délai=48h majorité=2/3 quorum=majorité secret). Nothing was done.",
    },
    "decision.option.bad_quorum": {
        "fr": "Quorum invalide : « {value} ». Exemples : quorum=majorité, quorum=3 ou "
        "quorum=50%. Rien n’a été fait.",
        "en": "Invalid quorum: “{value}”. Examples: quorum=majorité, quorum=3 or quorum=50%. "
        "Nothing was done.",
    },
    "decision.option.bad_majority": {
        "fr": "Majorité inconnue : « {value} ». Choix : simple, absolue, en-fonction, 2/3 (ou "
        "deux tiers), unanimité (ou résolution écrite). Rien n’a été fait.",
        "en": "Unknown majority: “{value}”. Choices: simple, absolue (absolute), en-fonction "
        "(in office), 2/3, unanimité (unanimity, or résolution écrite). Nothing was done.",
    },
    "decision.option.too_many_reminders": {
        "fr": "Au plus {limit} rappels.",
        "en": "At most {limit} reminders.",
    },
    "decision.early_close_secret": {
        "fr": "La fermeture anticipée n’est pas offerte pour un vote secret : le moment de la "
        "fermeture révélerait le choix du dernier votant.",
        "en": "Early close is not offered for a secret vote: the moment it closes would reveal "
        "the last voter’s choice.",
    },
    "decision.secret_live": {
        "fr": "Les résultats d’un vote secret restent cachés jusqu’à la fermeture : sinon, le "
        "décompte qui bouge juste après un vote révélerait ce choix.",
        "en": "A secret vote’s results stay hidden until it closes: otherwise the count moving "
        "right after a ballot would reveal that choice.",
    },
    # --- Errors: texts ---------------------------------------------------------------------
    "decision.text_empty": {
        "fr": "Le texte de la proposition est vide.",
        "en": "The motion’s text is empty.",
    },
    "decision.text_too_long": {
        "fr": "Le texte est trop long : {length} caractères, au plus {limit}. Raccourcissez-le "
        "ou mettez les détails dans un document joint.",
        "en": "The text is too long: {length} characters, at most {limit}. Shorten it or put "
        "the details in an attached document.",
    },
    "decision.title_too_long": {
        "fr": "Le titre est trop long : {length} caractères, au plus {limit}.",
        "en": "The title is too long: {length} characters, at most {limit}.",
    },
    "decision.reason_too_long": {
        "fr": "La raison est trop longue : {length} caractères, au plus {limit}.",
        "en": "The reason is too long: {length} characters, at most {limit}.",
    },
    # --- Errors: polls and meeting polls ----------------------------------------------------
    "decision.poll.question_empty": {
        "fr": "La question du sondage est vide.",
        "en": "The poll’s question is empty.",
    },
    "decision.poll.too_few": {
        "fr": "Un sondage a de 2 à 20 choix; vous en avez donné {count}. Séparez les choix "
        "par « | ».",
        "en": "A poll has 2 to 20 options; you gave {count}. Separate the options with “|”.",
    },
    "decision.poll.too_many": {
        "fr": "Un sondage a au plus 20 choix; vous en avez donné {count}.",
        "en": "A poll has at most 20 options; you gave {count}.",
    },
    "decision.poll.duplicate": {
        "fr": "Le choix « {label} » est en double.",
        "en": "The option “{label}” is given twice.",
    },
    "decision.poll.option_empty": {
        "fr": "Un des choix est vide.",
        "en": "One of the options is empty.",
    },
    "decision.poll.option_too_long": {
        "fr": "Le choix n° {position} est trop long : {length} caractères, au plus {limit}.",
        "en": "Option {position} is too long: {length} characters, at most {limit}.",
    },
    "decision.poll.bad_option": {
        "fr": "Il n’y a pas de choix « {value} » (choix de 1 à {count}).",
        "en": "There is no option “{value}” (options 1 to {count}).",
    },
    "decision.poll.too_many_choices": {
        "fr": "Vous pouvez choisir au plus {max} option(s).",
        "en": "You may choose at most {max} option(s).",
    },
    "decision.poll.no_choice": {
        "fr": "Indiquez au moins un choix (son numéro ou son texte).",
        "en": "Give at least one option (its number or its text).",
    },
    "decision.poll.bad_max": {
        "fr": "Le maximum de choix ({max}) dépasse le nombre d’options ({count}).",
        "en": "The maximum number of choices ({max}) exceeds the number of options ({count}).",
    },
    "decision.meeting.too_few": {
        "fr": "Un sondage de date propose de 2 à 20 dates; vous en avez donné {count}. "
        "Séparez-les par « | ».",
        "en": "A meeting poll proposes 2 to 20 dates; you gave {count}. Separate them with “|”.",
    },
    "decision.meeting.too_many": {
        "fr": "Un sondage de date propose au plus 20 dates; vous en avez donné {count}.",
        "en": "A meeting poll proposes at most 20 dates; you gave {count}.",
    },
    "decision.meeting.duplicate": {
        "fr": "La date « {label} » est proposée deux fois.",
        "en": "The date “{label}” is proposed twice.",
    },
    "decision.meeting.answers": {
        "fr": "Il y a {count} dates : donnez une réponse par date (ex. : oui non peut-être), "
        "ou les numéros des dates qui vous conviennent.",
        "en": "There are {count} dates: give one answer per date (e.g. yes no maybe), or the "
        "numbers of the dates that suit you.",
    },
    # --- Errors: ballots and state ---------------------------------------------------------
    "decision.choice.unknown": {
        "fr": "Choix inconnu : « {value} ». Répondez pour, contre ou abstention.",
        "en": "Unknown choice: “{value}”. Answer pour (for), contre (against) or abstention.",
    },
    "decision.answer.unknown": {
        "fr": "Réponse inconnue : « {value} ». Répondez oui, peut-être ou non.",
        "en": "Unknown answer: “{value}”. Answer yes, maybe or no.",
    },
    "decision.not_found": {
        "fr": "Aucun vote n° {number} dans cette communauté. Tapez /votes pour la liste.",
        "en": "No vote #{number} in this community. Type /votes for the list.",
    },
    "decision.bad_number": {
        "fr": "Numéro de vote invalide : « {value} ». Exemple : 3.",
        "en": "Invalid vote number: “{value}”. Example: 3.",
    },
    "decision.not_elector": {
        "fr": "Vous ne faites pas partie des votants du vote n° {number} : l’électorat a été "
        "fixé à l’ouverture ({role}).",
        "en": "You are not among the voters of vote #{number}: the electorate was fixed when "
        "voting opened ({role}).",
    },
    "decision.need_role.propose": {
        "fr": "Il faut le rôle « {role} » pour proposer ce vote.",
        "en": "You need the role “{role}” to propose this vote.",
    },
    "decision.need_role.second": {
        "fr": "Il faut le rôle « {role} » pour appuyer cette proposition.",
        "en": "You need the role “{role}” to second this motion.",
    },
    "decision.need_role.poll": {
        "fr": "Il faut le rôle « {role} » pour lancer ce sondage.",
        "en": "You need the role “{role}” to start this poll.",
    },
    "decision.need_role.conflict": {
        "fr": "Il faut le rôle « {role} » pour déclarer un conflit d’intérêts sur ce vote.",
        "en": "You need the role “{role}” to declare a conflict of interest on this vote.",
    },
    "decision.closed": {
        "fr": "Le vote n° {number} est fermé : il n’accepte plus de votes.",
        "en": "Vote #{number} is closed: it no longer accepts ballots.",
    },
    "decision.deadline_passed": {
        "fr": "L’échéance du vote n° {number} est passée : il n’accepte plus de votes.",
        "en": "The deadline of vote #{number} has passed: it no longer accepts ballots.",
    },
    "decision.awaiting_seconder": {
        "fr": "La proposition n° {number} attend un appuyeur : le vote n’est pas encore ouvert.",
        "en": "Motion #{number} is waiting for a seconder: voting is not open yet.",
    },
    "decision.not_proposed": {
        "fr": "La proposition n° {number} n’attend pas d’appui.",
        "en": "Motion #{number} is not waiting for a seconder.",
    },
    "decision.withdrawn": {
        "fr": "Le vote n° {number} a été retiré.",
        "en": "Vote #{number} was withdrawn.",
    },
    "decision.lapsed": {
        "fr": "La proposition n° {number} est tombée faute d’appui.",
        "en": "Motion #{number} lapsed for want of a seconder.",
    },
    "decision.own_motion": {
        "fr": "Vous ne pouvez pas appuyer votre propre proposition : un autre membre doit "
        "le faire.",
        "en": "You cannot second your own motion: another member must do it.",
    },
    "decision.conflict_already": {
        "fr": "Vous avez déjà déclaré un conflit d’intérêts sur le vote n° {number}.",
        "en": "You already declared a conflict of interest on vote #{number}.",
    },
    "decision.in_conflict": {
        "fr": "Vous avez déclaré un conflit d’intérêts sur le vote n° {number} : vous ne "
        "votez pas.",
        "en": "You declared a conflict of interest on vote #{number}: you do not vote.",
    },
    "decision.has_ballots": {
        "fr": "Des votes ont déjà été exprimés : le vote n° {number} ne peut plus être retiré. "
        "La personne qui l’a proposé ou un administrateur peut le fermer.",
        "en": "Ballots have already been cast: vote #{number} can no longer be withdrawn. Its "
        "proposer or an administrator can close it.",
    },
    "decision.not_manager.close": {
        "fr": "Seuls la personne qui a lancé le vote n° {number} et les administrateurs "
        "peuvent le fermer.",
        "en": "Only whoever launched vote #{number} and administrators may close it.",
    },
    "decision.not_manager.withdraw": {
        "fr": "Seuls la personne qui a lancé le vote n° {number} et les administrateurs "
        "peuvent le retirer.",
        "en": "Only whoever launched vote #{number} and administrators may withdraw it.",
    },
    "decision.no_electorate": {
        "fr": "Personne n’a le rôle « {role} » : le vote ne peut pas s’ouvrir. Un "
        "administrateur doit attribuer ce rôle.",
        "en": "Nobody holds the role “{role}”: voting cannot open. An administrator must give "
        "that role.",
    },
    "decision.not_motion": {
        "fr": "Le vote n° {number} n’est pas une proposition : répondez avec /repondre.",
        "en": "Vote #{number} is not a motion: answer with /repondre.",
    },
    "decision.not_a_poll": {
        "fr": "Le vote n° {number} est une proposition : votez pour, contre ou abstention.",
        "en": "Vote #{number} is a motion: vote for, against or abstain.",
    },
    "decision.not_motion_second": {
        "fr": "Seule une proposition s’appuie; le vote n° {number} est déjà ouvert.",
        "en": "Only a motion is seconded; vote #{number} is already open.",
    },
    "decision.extract.undecided": {
        "fr": "Le vote n° {number} n’est pas décidé : pas d’extrait avant sa fermeture.",
        "en": "Vote #{number} is not decided: no extract before it closes.",
    },
    "decision.extract.not_found": {
        "fr": "Aucune résolution « {ref} » dans le registre. Tapez /registre pour la liste.",
        "en": "No resolution “{ref}” in the register. Type /registre for the list.",
    },
    "decision.extract.not_motion": {
        "fr": "Le vote n° {number} n’est pas une proposition : il n’a pas d’extrait de "
        "procès-verbal.",
        "en": "Vote #{number} is not a motion: it has no minutes extract.",
    },
    "decision.quorum_impossible": {
        "fr": "Quorum impossible : il faudrait {required} bulletins et seulement {count} "
        "personne(s) peuvent voter. Choisissez quorum=majorité, un nombre ou une part "
        "(ex. : quorum=50%). Rien n’a été fait.",
        "en": "Impossible quorum: {required} ballots would be needed and only {count} can vote. "
        "Choose quorum=majorité, a number or a share (e.g. quorum=50%). Nothing was done.",
    },
    "decision.written_not_secret": {
        "fr": "Une résolution écrite (unanimité du CA) est signée par chaque administrateur : "
        "elle ne peut pas être secrète. Rien n’a été fait.",
        "en": "A written resolution (board unanimity) is signed by every director: it cannot "
        "be secret. Nothing was done.",
    },
    "decision.close_too_early": {
        "fr": "Le vote n° {number} ne peut pas encore être fermé : {cast} bulletin(s) sur "
        "{entitled}, et les votes à venir peuvent encore changer le résultat. Il fermera à "
        "l’échéance, le {deadline}, ou dès que le résultat sera acquis.",
        "en": "Vote #{number} cannot be closed yet: {cast} ballot(s) of {entitled}, and the "
        "ballots still to come can change the outcome. It closes at its deadline, {deadline}, "
        "or as soon as the outcome is certain.",
    },
    "decision.ratify.not_consultation": {
        "fr": "Le vote n° {number} n’est pas une consultation adoptée à entériner.",
        "en": "Vote #{number} is not a carried consultation awaiting ratification.",
    },
    "decision.ratify.bad_date": {
        "fr": "Date de réunion illisible : « {value} ». Exemple : 2026-12-10.",
        "en": "Unreadable meeting date: “{value}”. Example: 2026-12-10.",
    },
    "decision.ratify.before_close": {
        "fr": "La réunion qui entérine doit suivre la fermeture du vote ({closed}).",
        "en": "The ratifying meeting must come after the vote closed ({closed}).",
    },
    "decision.only_admins": {
        "fr": "Seuls les administrateurs peuvent changer les règles par défaut des votes.",
        "en": "Only administrators can change the default vote rules.",
    },
    # --- Labels ----------------------------------------------------------------------------
    "decision.kind.motion": {"fr": "Proposition", "en": "Motion"},
    "decision.kind.poll": {"fr": "Sondage", "en": "Poll"},
    "decision.kind.meeting": {"fr": "Sondage de date", "en": "Meeting poll"},
    "decision.body.board": {"fr": "conseil d’administration", "en": "board of directors"},
    "decision.body.members": {"fr": "membres", "en": "members"},
    "decision.body.board_voters": {"fr": "membres du CA", "en": "board members"},
    "decision.body.members_voters": {"fr": "membres", "en": "members"},
    "decision.status.proposed": {"fr": "en attente d’appui", "en": "awaiting a seconder"},
    "decision.status.open": {"fr": "vote ouvert", "en": "voting open"},
    "decision.status.closed": {"fr": "fermé", "en": "closed"},
    "decision.status.withdrawn": {"fr": "retiré", "en": "withdrawn"},
    "decision.status.lapsed": {"fr": "tombée faute d’appui", "en": "lapsed (no seconder)"},
    "decision.choice.pour": {"fr": "Pour", "en": "For"},
    "decision.choice.contre": {"fr": "Contre", "en": "Against"},
    "decision.choice.abstention": {"fr": "Abstention", "en": "Abstain"},
    "decision.answer.y": {"fr": "oui", "en": "yes"},
    "decision.answer.m": {"fr": "peut-être", "en": "maybe"},
    "decision.answer.n": {"fr": "non", "en": "no"},
    "decision.majority.simple": {
        "fr": "majorité des voix exprimées (abstentions non comptées)",
        "en": "majority of votes cast (abstentions not counted)",
    },
    "decision.majority.absolue": {
        "fr": "majorité absolue des voix exprimées (plus de la moitié; abstentions non comptées)",
        "en": "absolute majority of votes cast (more than half; abstentions not counted)",
    },
    "decision.majority.en_fonction": {
        "fr": "majorité des administrateurs (ou membres) en fonction",
        "en": "majority of the directors (or members) in office",
    },
    "decision.majority.2/3": {
        "fr": "deux tiers des voix exprimées (abstentions non comptées)",
        "en": "two thirds of votes cast (abstentions not counted)",
    },
    "decision.majority.unanimite": {
        "fr": "unanimité des personnes habiles à voter (résolution écrite au CA)",
        "en": "unanimity of those entitled to vote (written resolution for the board)",
    },
    "decision.quorum.none": {"fr": "aucun quorum", "en": "no quorum"},
    "decision.quorum.count": {"fr": "quorum de {value}", "en": "quorum of {value}"},
    "decision.quorum.majority": {
        "fr": "quorum de la majorité des personnes en fonction",
        "en": "quorum of a majority of those in office",
    },
    "decision.quorum.percent": {
        "fr": "quorum de {value} % des personnes en fonction",
        "en": "quorum of {value}% of those in office",
    },
    "decision.quorum.none_members": {
        "fr": "aucun quorum (les règlements n’en fixent pas pour un vote des membres)",
        "en": "no quorum (the bylaws set none for a members' vote)",
    },
    "decision.mode.secret": {"fr": "scrutin secret", "en": "secret ballot"},
    "decision.mode.nominal": {"fr": "vote nominal", "en": "recorded vote"},
    "decision.mode.anonymous": {"fr": "anonyme", "en": "anonymous"},
    "decision.mode.named": {"fr": "réponses nommées", "en": "named answers"},
    "decision.reason.deadline": {"fr": "échéance atteinte", "en": "deadline reached"},
    "decision.reason.all_voted": {"fr": "tout le monde a voté", "en": "everyone voted"},
    "decision.reason.decided": {
        "fr": "résultat acquis (fermeture anticipée)",
        "en": "result certain (early close)",
    },
    "decision.reason.manual": {"fr": "fermé manuellement", "en": "closed by hand"},
    "decision.reason.lapsed": {"fr": "aucun appui avant l’échéance", "en": "no seconder in time"},
    # Outcome in words, with its reason, as written in the minutes.
    "decision.seat.board": {"fr": "administrateurs", "en": "directors"},
    "decision.seat.members": {"fr": "membres", "en": "members"},
    "decision.outcome.no_ballots": {
        "fr": "Aucune décision : aucun bulletin",
        "en": "No decision: no ballot",
    },
    "decision.outcome.no_quorum": {
        "fr": "Aucune décision : quorum non atteint ({ballots} bulletin(s), {required} requis)",
        "en": "No decision: no quorum ({ballots} ballot(s), {required} required)",
    },
    "decision.outcome.adopted_hidden": {
        "fr": "Adoptée (scrutin secret de moins de 3 bulletins : totaux non publiés)",
        "en": "Carried (secret ballot with fewer than 3 ballots: counts not published)",
    },
    "decision.outcome.rejected_hidden": {
        "fr": "Rejetée (scrutin secret de moins de 3 bulletins : totaux non publiés)",
        "en": "Defeated (secret ballot with fewer than 3 ballots: counts not published)",
    },
    "decision.outcome.adopted_unanimous": {
        "fr": "Adoptée à l’unanimité des voix exprimées ({pour} sur {in_office})",
        "en": "Carried unanimously by the votes cast ({pour} of {in_office})",
    },
    "decision.outcome.adopted_written": {
        "fr": "Adoptée par résolution écrite : tous les {voters} habiles à voter sont pour "
        "({pour} sur {entitled})",
        "en": "Carried as a written resolution: every {voters} entitled to vote is for "
        "({pour} of {entitled})",
    },
    "decision.outcome.rejected_written": {
        "fr": "Rejetée : une résolution écrite exige l’accord de tous les {voters} habiles à "
        "voter ({pour} pour sur {entitled})",
        "en": "Defeated: a written resolution needs every {voters} entitled to vote "
        "({pour} for of {entitled})",
    },
    "decision.outcome.adopted.simple": {
        "fr": "Adoptée à la majorité des voix exprimées ({pour} pour, {contre} contre)",
        "en": "Carried by a majority of votes cast ({pour} for, {contre} against)",
    },
    "decision.outcome.adopted.absolue": {
        "fr": "Adoptée à la majorité absolue des voix exprimées ({pour} pour, {contre} contre)",
        "en": "Carried by an absolute majority of votes cast ({pour} for, {contre} against)",
    },
    "decision.outcome.adopted.en_fonction": {
        "fr": "Adoptée à la majorité des {voters} en fonction ({pour} voix pour sur {in_office})",
        "en": "Carried by a majority of the {voters} in office ({pour} for of {in_office})",
    },
    "decision.outcome.adopted.2/3": {
        "fr": "Adoptée aux deux tiers des voix exprimées ({pour} sur {expressed})",
        "en": "Carried by two thirds of votes cast ({pour} of {expressed})",
    },
    "decision.outcome.adopted.unanimite": {
        "fr": "Adoptée à l’unanimité des {voters} habiles à voter ({pour} sur {entitled})",
        "en": "Carried unanimously by the {voters} entitled to vote ({pour} of {entitled})",
    },
    "decision.outcome.rejected_no_votes": {
        "fr": "Rejetée : aucune voix pour ou contre (que des abstentions)",
        "en": "Defeated: no votes for or against (abstentions only)",
    },
    "decision.outcome.rejected.simple": {
        "fr": "Rejetée : {pour} voix pour, {contre} contre; il fallait plus de voix pour que "
        "contre",
        "en": "Defeated: {pour} for, {contre} against; more for than against was needed",
    },
    "decision.outcome.rejected.absolue": {
        "fr": "Rejetée : {pour} voix pour sur {expressed} voix exprimées, il en fallait plus "
        "de la moitié",
        "en": "Defeated: {pour} for of {expressed} votes cast, more than half was needed",
    },
    "decision.outcome.rejected.en_fonction": {
        "fr": "Rejetée : {pour} voix pour sur {in_office} {voters}, il en fallait {needed}",
        "en": "Defeated: {pour} for of {in_office} {voters}, {needed} were needed",
    },
    "decision.outcome.rejected.2/3": {
        "fr": "Rejetée : {pour} voix pour sur {expressed} voix exprimées, il en fallait {needed}",
        "en": "Defeated: {pour} for of {expressed} votes cast, {needed} were needed",
    },
    "decision.outcome.rejected.unanimite": {
        "fr": "Rejetée : {pour} voix pour sur {entitled} {voters} habiles à voter, il fallait "
        "l’unanimité",
        "en": "Defeated: {pour} for of {entitled} {voters} entitled to vote, unanimity was needed",
    },
    "decision.binding.resolution": {"fr": "résolution", "en": "resolution"},
    "decision.binding.written_resolution": {
        "fr": "résolution écrite (C.c.Q., art. 354)",
        "en": "written resolution (Civil Code of Québec, art. 354)",
    },
    "decision.binding.consultation": {
        "fr": "consultation à entériner à la prochaine réunion (les règlements ne prévoient "
        "pas le vote à distance à la majorité; lecture prudente de la loi : hors réunion, seule "
        "une résolution écrite signée de tous lie le conseil, C.c.Q. art. 354)",
        "en": "consultation to be ratified at the next meeting (the bylaws do not provide "
        "for remote majority votes; the safer reading of the law: outside a meeting only a "
        "written resolution signed by all binds the board, Civil Code art. 354)",
    },
    "decision.binding.ratified": {
        "fr": "consultation entérinée en réunion le {date}",
        "en": "consultation ratified at the meeting of {date}",
    },
    "decision.to_ratify": {"fr": "à entériner", "en": "to be ratified"},
    "decision.outcome_short.adopted": {"fr": "Adoptée", "en": "Carried"},
    "decision.outcome_short.rejected": {"fr": "Rejetée", "en": "Defeated"},
    "decision.outcome_short.no_quorum": {"fr": "Aucune décision", "en": "No decision"},
    "decision.outcome_short.no_ballots": {"fr": "Aucune décision", "en": "No decision"},
    # --- Minutes extract (Markdown) ---------------------------------------------------------
    "decision.md.resolution": {"fr": "Résolution {ref}", "en": "Resolution {ref}"},
    "decision.md.motion": {"fr": "Proposition n° {number}", "en": "Motion #{number}"},
    "decision.md.proposed_by": {"fr": "Proposée par", "en": "Moved by"},
    "decision.md.seconded_by": {"fr": "appuyée par", "en": "seconded by"},
    "decision.md.no_seconder": {"fr": "sans appui requis", "en": "no seconder required"},
    "decision.md.vote": {"fr": "Vote", "en": "Vote"},
    "decision.md.vote_line.board": {
        "fr": "vote du conseil d’administration à distance, {mode}; ouvert le {opened}, fermé "
        "le {closed} ({reason})",
        "en": "remote vote of the board of directors, {mode}; opened {opened}, closed {closed} "
        "({reason})",
    },
    "decision.md.vote_line.members": {
        "fr": "vote des membres à distance, {mode}; ouvert le {opened}, fermé le {closed} "
        "({reason})",
        "en": "remote vote of the members, {mode}; opened {opened}, closed {closed} ({reason})",
    },
    "decision.md.vote_line.written": {
        "fr": "résolution écrite soumise à la signature de chaque administrateur, {mode}; "
        "ouverte le {opened}, fermée le {closed} ({reason})",
        "en": "written resolution submitted to every director's signature, {mode}; opened "
        "{opened}, closed {closed} ({reason})",
    },
    "decision.md.binding": {"fr": "Valeur légale", "en": "Legal value"},
    "decision.md.seats": {"fr": "Présences", "en": "Attendance"},
    "decision.md.seats_line": {
        "fr": "{in_office} {voters} en fonction; {recused} conflit(s) d’intérêts déclaré(s); "
        "{entitled} habiles à voter; {ballots} bulletin(s) reçu(s)",
        "en": "{in_office} {voters} in office; {recused} conflict(s) of interest declared; "
        "{entitled} entitled to vote; {ballots} ballot(s) received",
    },
    "decision.md.quorum": {"fr": "Quorum", "en": "Quorum"},
    "decision.md.no_quorum_written": {
        "fr": "sans objet (résolution écrite : tous les administrateurs habiles à voter doivent "
        "la signer)",
        "en": "not applicable (written resolution: every director entitled to vote must sign)",
    },
    "decision.md.head": {
        "fr": "Tête du journal d’audit à la lecture : événement n° {seq}, empreinte `{hash}`",
        "en": "Audit log head when read: event #{seq}, fingerprint `{hash}`",
    },
    "decision.md.against": {"fr": "Ont voté contre", "en": "Voted against"},
    "decision.md.quorum_met": {"fr": "atteint", "en": "met"},
    "decision.md.quorum_missed": {"fr": "non atteint", "en": "not met"},
    "decision.md.rule": {"fr": "Règle", "en": "Rule"},
    "decision.md.result": {"fr": "Résultat", "en": "Result"},
    "decision.md.counts": {
        "fr": "Pour : {pour} · Contre : {contre} · Abstentions : {abstention}",
        "en": "For: {pour} · Against: {contre} · Abstentions: {abstention}",
    },
    "decision.md.voted_for": {"fr": "Ont voté pour", "en": "Voted for"},
    "decision.md.voted_against": {
        "fr": "Ont voté contre (dissidence inscrite)",
        "en": "Voted against (dissent recorded)",
    },
    "decision.md.abstained": {"fr": "Se sont abstenus", "en": "Abstained"},
    "decision.md.not_voted": {"fr": "N’ont pas voté", "en": "Did not vote"},
    "decision.md.secret_note": {
        "fr": "Scrutin secret : seuls les totaux sont consignés.",
        "en": "Secret ballot: only the totals are recorded.",
    },
    "decision.md.not_voted_count": {
        "fr": "{count} votant(s) inscrit(s) n’ont pas voté",
        "en": "{count} voter(s) did not vote",
    },
    "decision.md.conflicts": {
        "fr": "Conflits d’intérêts déclarés (hors du vote)",
        "en": "Conflicts of interest declared (out of the vote)",
    },
    "decision.md.no_conflicts": {
        "fr": "Aucun conflit d’intérêts déclaré.",
        "en": "No conflict of interest declared.",
    },
    "decision.md.audit": {
        "fr": "Empreinte du journal d’audit : `{hash}` (événement n° {seq})",
        "en": "Audit log fingerprint: `{hash}` (event #{seq})",
    },
    "decision.md.register_title": {
        "fr": "Registre des résolutions — {community} — {year}",
        "en": "Register of resolutions — {community} — {year}",
    },
    "decision.md.register_empty": {
        "fr": "Aucune proposition décidée pour cette période.",
        "en": "No decided motion for this period.",
    },
    "decision.md.none": {"fr": "personne", "en": "nobody"},
}

register(MESSAGES)
