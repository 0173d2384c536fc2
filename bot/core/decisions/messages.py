"""Messages of decisions, French first with English (registered in the shared catalog)."""

from __future__ import annotations

from bot.core.i18n import register

_EXAMPLES_FR = "48h, 3j, 1 semaine ou 2026-12-01 17:00"
_EXAMPLES_EN = "48h, 3d, 1 week or 2026-12-01 17:00"

MESSAGES: dict[str, dict[str, str]] = {
    # --- Errors: deadlines and dates -------------------------------------------------------
    "decision.deadline.past": (
        f"L’échéance est déjà passée. Donnez une durée ou une date à venir : {_EXAMPLES_FR}."
    ),
    "decision.deadline.too_close": (
        "L’échéance est trop proche : laissez au moins une minute pour voter."
    ),
    "decision.deadline.too_far": "L’échéance est trop lointaine : au plus {days} jours.",
    "decision.deadline.unreadable": (
        f"Échéance illisible : « {{value}} ». Exemples : {_EXAMPLES_FR}."
    ),
    "decision.slot.past": "Une des dates proposées est déjà passée.",
    "decision.slot.too_close": "Une des dates proposées est trop proche.",
    "decision.slot.too_far": "Une des dates proposées est trop lointaine : au plus {days} jours.",
    "decision.slot.unreadable": (
        "Date illisible : « {value} ». Donnez la date et l’heure, par exemple "
        "2026-12-03 19:00 ou 3 décembre 19 h."
    ),
    # --- Errors: options -------------------------------------------------------------------
    "decision.option.bad_value": (
        "Valeur invalide pour « {key} » : « {value} ». Formes acceptées : délai=48h, "
        "délai=3j, délai=2026-12-05 17:00; majorité=simple, absolue, en-fonction, 2/3 ou "
        "unanimité; quorum=majorité, quorum=3 ou quorum=50%; secret ou nominal; "
        "votants=ca ou membres. Rien n’a été fait."
    ),
    "decision.option.contradictory": (
        "Options contradictoires : « {name} » est donné deux fois avec des valeurs "
        "différentes. Gardez-en une seule. Rien n’a été fait."
    ),
    "decision.option.unknown": (
        "Option inconnue : « {name} ». Options : délai, majorité, quorum, secret, "
        "nominal, appui, anticipé, rappels, votants, résultats, max, titre, distance "
        "(ex. : délai=48h majorité=2/3 quorum=majorité secret). Rien n’a été fait."
    ),
    "decision.option.bad_quorum": (
        "Quorum invalide : « {value} ». Exemples : quorum=majorité, quorum=3 ou "
        "quorum=50%. Rien n’a été fait."
    ),
    "decision.option.bad_majority": (
        "Majorité inconnue : « {value} ». Choix : simple, absolue, en-fonction, 2/3 (ou "
        "deux tiers), unanimité (ou résolution écrite). Rien n’a été fait."
    ),
    "decision.option.too_many_reminders": "Au plus {limit} rappels.",
    "decision.early_close_secret": (
        "La fermeture anticipée n’est pas offerte pour un vote secret : le moment de la "
        "fermeture révélerait le choix du dernier votant."
    ),
    "decision.secret_live": (
        "Les résultats d’un vote secret restent cachés jusqu’à la fermeture : sinon, le "
        "décompte qui bouge juste après un vote révélerait ce choix."
    ),
    # --- Errors: texts ---------------------------------------------------------------------
    "decision.text_empty": "Le texte de la proposition est vide.",
    "decision.text_too_long": (
        "Le texte est trop long : {length} caractères, au plus {limit}. Raccourcissez-le "
        "ou mettez les détails dans un document joint."
    ),
    "decision.title_too_long": "Le titre est trop long : {length} caractères, au plus {limit}.",
    "decision.reason_too_long": "La raison est trop longue : {length} caractères, au plus {limit}.",
    # --- Errors: polls and meeting polls ----------------------------------------------------
    "decision.poll.question_empty": "La question du sondage est vide.",
    "decision.poll.too_few": (
        "Un sondage a de 2 à 20 choix; vous en avez donné {count}. Séparez les choix par « | »."
    ),
    "decision.poll.too_many": "Un sondage a au plus 20 choix; vous en avez donné {count}.",
    "decision.poll.duplicate": "Le choix « {label} » est en double.",
    "decision.poll.option_empty": "Un des choix est vide.",
    "decision.poll.option_too_long": (
        "Le choix n° {position} est trop long : {length} caractères, au plus {limit}."
    ),
    "decision.poll.bad_option": "Il n’y a pas de choix « {value} » (choix de 1 à {count}).",
    "decision.poll.too_many_choices": "Vous pouvez choisir au plus {max} option(s).",
    "decision.poll.no_choice": "Indiquez au moins un choix (son numéro ou son texte).",
    "decision.poll.bad_max": "Le maximum de choix ({max}) dépasse le nombre d’options ({count}).",
    "decision.meeting.too_few": (
        "Un sondage de date propose de 2 à 20 dates; vous en avez donné {count}. "
        "Séparez-les par « | »."
    ),
    "decision.meeting.too_many": (
        "Un sondage de date propose au plus 20 dates; vous en avez donné {count}."
    ),
    "decision.meeting.duplicate": "La date « {label} » est proposée deux fois.",
    "decision.meeting.answers": (
        "Il y a {count} dates : donnez une réponse par date (ex. : oui non peut-être), "
        "ou les numéros des dates qui vous conviennent."
    ),
    # --- Errors: ballots and state ---------------------------------------------------------
    "decision.choice.unknown": "Choix inconnu : « {value} ». Répondez pour, contre ou abstention.",
    "decision.answer.unknown": "Réponse inconnue : « {value} ». Répondez oui, peut-être ou non.",
    "decision.not_found": (
        "Aucun vote n° {number} dans cette communauté. Tapez /votes pour la liste."
    ),
    "decision.bad_number": "Numéro de vote invalide : « {value} ». Exemple : 3.",
    "decision.not_elector": (
        "Vous ne faites pas partie des votants du vote n° {number} : l’électorat a été "
        "fixé à l’ouverture ({role})."
    ),
    "decision.need_role.propose": "Il faut le rôle « {role} » pour proposer ce vote.",
    "decision.need_role.second": "Il faut le rôle « {role} » pour appuyer cette proposition.",
    "decision.need_role.poll": "Il faut le rôle « {role} » pour lancer ce sondage.",
    "decision.need_role.conflict": (
        "Il faut le rôle « {role} » pour déclarer un conflit d’intérêts sur ce vote."
    ),
    "decision.closed": "Le vote n° {number} est fermé : il n’accepte plus de votes.",
    "decision.deadline_passed": (
        "L’échéance du vote n° {number} est passée : il n’accepte plus de votes."
    ),
    "decision.awaiting_seconder": (
        "La proposition n° {number} attend un appuyeur : le vote n’est pas encore ouvert."
    ),
    "decision.not_proposed": "La proposition n° {number} n’attend pas d’appui.",
    "decision.withdrawn": "Le vote n° {number} a été retiré.",
    "decision.lapsed": "La proposition n° {number} est tombée faute d’appui.",
    "decision.own_motion": (
        "Vous ne pouvez pas appuyer votre propre proposition : un autre membre doit le faire."
    ),
    "decision.conflict_already": (
        "Vous avez déjà déclaré un conflit d’intérêts sur le vote n° {number}."
    ),
    "decision.in_conflict": (
        "Vous avez déclaré un conflit d’intérêts sur le vote n° {number} : vous ne votez pas."
    ),
    "decision.has_ballots": (
        "Des votes ont déjà été exprimés : le vote n° {number} ne peut plus être retiré. "
        "La personne qui l’a proposé ou un administrateur peut le fermer."
    ),
    "decision.not_manager.close": (
        "Seuls la personne qui a lancé le vote n° {number} et les administrateurs "
        "peuvent le fermer."
    ),
    "decision.not_manager.withdraw": (
        "Seuls la personne qui a lancé le vote n° {number} et les administrateurs "
        "peuvent le retirer."
    ),
    "decision.no_electorate": (
        "Personne n’a le rôle « {role} » : le vote ne peut pas s’ouvrir. Un "
        "administrateur doit attribuer ce rôle."
    ),
    "decision.not_motion": (
        "Le vote n° {number} n’est pas une proposition : répondez avec /repondre."
    ),
    "decision.not_a_poll": (
        "Le vote n° {number} est une proposition : votez pour, contre ou abstention."
    ),
    "decision.not_motion_second": (
        "Seule une proposition s’appuie; le vote n° {number} est déjà ouvert."
    ),
    "decision.extract.undecided": (
        "Le vote n° {number} n’est pas décidé : pas d’extrait avant sa fermeture."
    ),
    "decision.extract.not_found": (
        "Aucune résolution « {ref} » dans le registre. Tapez /registre pour la liste."
    ),
    "decision.extract.not_motion": (
        "Le vote n° {number} n’est pas une proposition : il n’a pas d’extrait de procès-verbal."
    ),
    "decision.quorum_impossible": (
        "Quorum impossible : il faudrait {required} bulletins et seulement {count} "
        "personne(s) peuvent voter. Choisissez quorum=majorité, un nombre ou une part "
        "(ex. : quorum=50%). Rien n’a été fait."
    ),
    "decision.written_not_secret": (
        "Une résolution écrite (unanimité du CA) est signée par chaque administrateur : "
        "elle ne peut pas être secrète. Rien n’a été fait."
    ),
    "decision.close_too_early": (
        "Le vote n° {number} ne peut pas encore être fermé : {cast} bulletin(s) sur "
        "{entitled}, et les votes à venir peuvent encore changer le résultat. Il fermera à "
        "l’échéance, le {deadline}, ou dès que le résultat sera acquis."
    ),
    "decision.ratify.not_consultation": (
        "Le vote n° {number} n’est pas une consultation adoptée à entériner."
    ),
    "decision.ratify.bad_date": "Date de réunion illisible : « {value} ». Exemple : 2026-12-10.",
    "decision.ratify.before_close": (
        "La réunion qui entérine doit suivre la fermeture du vote ({closed})."
    ),
    "decision.only_admins": (
        "Seuls les administrateurs peuvent changer les règles par défaut des votes."
    ),
    # --- Labels ----------------------------------------------------------------------------
    "decision.kind.motion": "Proposition",
    "decision.kind.poll": "Sondage",
    "decision.kind.meeting": "Sondage de date",
    "decision.body.board": "conseil d’administration",
    "decision.body.members": "membres",
    "decision.body.board_voters": "membres du CA",
    "decision.body.members_voters": "membres",
    "decision.status.proposed": "en attente d’appui",
    "decision.status.open": "vote ouvert",
    "decision.status.closed": "fermé",
    "decision.status.withdrawn": "retiré",
    "decision.status.lapsed": "tombée faute d’appui",
    "decision.choice.pour": "Pour",
    "decision.choice.contre": "Contre",
    "decision.choice.abstention": "Abstention",
    "decision.answer.y": "oui",
    "decision.answer.m": "peut-être",
    "decision.answer.n": "non",
    "decision.majority.simple": "majorité des voix exprimées (abstentions non comptées)",
    "decision.majority.absolue": (
        "majorité absolue des voix exprimées (plus de la moitié; abstentions non comptées)"
    ),
    "decision.majority.en_fonction": "majorité des administrateurs (ou membres) en fonction",
    "decision.majority.2/3": "deux tiers des voix exprimées (abstentions non comptées)",
    "decision.majority.unanimite": (
        "unanimité des personnes habiles à voter (résolution écrite au CA)"
    ),
    "decision.quorum.none": "aucun quorum",
    "decision.quorum.count": "quorum de {value}",
    "decision.quorum.majority": "quorum de la majorité des personnes en fonction",
    # A non-breaking space after « % »: with a plain one, gettext tools (pybabel compile,
    # msgfmt -c) read « % d » as a printf placeholder and refuse the English.
    "decision.quorum.percent": "quorum de {value} %\u00a0des personnes en fonction",
    "decision.quorum.none_members": (
        "aucun quorum (les règlements n’en fixent pas pour un vote des membres)"
    ),
    "decision.mode.secret": "scrutin secret",
    "decision.mode.nominal": "vote nominal",
    "decision.mode.anonymous": "anonyme",
    "decision.mode.named": "réponses nommées",
    "decision.reason.deadline": "échéance atteinte",
    "decision.reason.all_voted": "tout le monde a voté",
    "decision.reason.decided": "résultat acquis (fermeture anticipée)",
    "decision.reason.manual": "fermé manuellement",
    "decision.reason.lapsed": "aucun appui avant l’échéance",
    # Outcome in words, with its reason, as written in the minutes.
    "decision.seat.board": "administrateurs",
    "decision.seat.members": "membres",
    "decision.outcome.no_ballots": "Aucune décision : aucun bulletin",
    "decision.outcome.no_quorum": (
        "Aucune décision : quorum non atteint ({ballots} bulletin(s), {required} requis)"
    ),
    "decision.outcome.adopted_hidden": (
        "Adoptée (scrutin secret de moins de 3 bulletins : totaux non publiés)"
    ),
    "decision.outcome.rejected_hidden": (
        "Rejetée (scrutin secret de moins de 3 bulletins : totaux non publiés)"
    ),
    "decision.outcome.adopted_unanimous": (
        "Adoptée à l’unanimité des voix exprimées ({pour} sur {in_office})"
    ),
    "decision.outcome.adopted_written": (
        "Adoptée par résolution écrite : tous les {voters} habiles à voter sont pour "
        "({pour} sur {entitled})"
    ),
    "decision.outcome.rejected_written": (
        "Rejetée : une résolution écrite exige l’accord de tous les {voters} habiles à "
        "voter ({pour} pour sur {entitled})"
    ),
    "decision.outcome.adopted.simple": (
        "Adoptée à la majorité des voix exprimées ({pour} pour, {contre} contre)"
    ),
    "decision.outcome.adopted.absolue": (
        "Adoptée à la majorité absolue des voix exprimées ({pour} pour, {contre} contre)"
    ),
    "decision.outcome.adopted.en_fonction": (
        "Adoptée à la majorité des {voters} en fonction ({pour} voix pour sur {in_office})"
    ),
    "decision.outcome.adopted.2/3": (
        "Adoptée aux deux tiers des voix exprimées ({pour} sur {expressed})"
    ),
    "decision.outcome.adopted.unanimite": (
        "Adoptée à l’unanimité des {voters} habiles à voter ({pour} sur {entitled})"
    ),
    "decision.outcome.rejected_no_votes": (
        "Rejetée : aucune voix pour ou contre (que des abstentions)"
    ),
    "decision.outcome.rejected.simple": (
        "Rejetée : {pour} voix pour, {contre} contre; il fallait plus de voix pour que contre"
    ),
    "decision.outcome.rejected.absolue": (
        "Rejetée : {pour} voix pour sur {expressed} voix exprimées, il en fallait plus de la moitié"
    ),
    "decision.outcome.rejected.en_fonction": (
        "Rejetée : {pour} voix pour sur {in_office} {voters}, il en fallait {needed}"
    ),
    "decision.outcome.rejected.2/3": (
        "Rejetée : {pour} voix pour sur {expressed} voix exprimées, il en fallait {needed}"
    ),
    "decision.outcome.rejected.unanimite": (
        "Rejetée : {pour} voix pour sur {entitled} {voters} habiles à voter, il fallait l’unanimité"
    ),
    "decision.binding.resolution": "résolution",
    "decision.binding.written_resolution": "résolution écrite (C.c.Q., art. 354)",
    "decision.binding.consultation": (
        "consultation à entériner à la prochaine réunion (les règlements ne prévoient "
        "pas le vote à distance à la majorité; lecture prudente de la loi : hors réunion, seule "
        "une résolution écrite signée de tous lie le conseil, C.c.Q. art. 354)"
    ),
    "decision.binding.ratified": "consultation entérinée en réunion le {date}",
    "decision.to_ratify": "à entériner",
    "decision.outcome_short.adopted": "Adoptée",
    "decision.outcome_short.rejected": "Rejetée",
    "decision.outcome_short.no_quorum": "Aucune décision",
    "decision.outcome_short.no_ballots": "Aucune décision",
    # --- Minutes extract (Markdown) ---------------------------------------------------------
    "decision.md.resolution": "Résolution {ref}",
    "decision.md.motion": "Proposition n° {number}",
    "decision.md.proposed_by": "Proposée par",
    "decision.md.seconded_by": "appuyée par",
    "decision.md.no_seconder": "sans appui requis",
    "decision.md.vote": "Vote",
    "decision.md.vote_line.board": (
        "vote du conseil d’administration à distance, {mode}; ouvert le {opened}, fermé "
        "le {closed} ({reason})"
    ),
    "decision.md.vote_line.members": (
        "vote des membres à distance, {mode}; ouvert le {opened}, fermé le {closed} ({reason})"
    ),
    "decision.md.vote_line.written": (
        "résolution écrite soumise à la signature de chaque administrateur, {mode}; "
        "ouverte le {opened}, fermée le {closed} ({reason})"
    ),
    "decision.md.binding": "Valeur légale",
    "decision.md.seats": "Présences",
    "decision.md.seats_line": (
        "{in_office} {voters} en fonction; {recused} conflit(s) d’intérêts déclaré(s); "
        "{entitled} habiles à voter; {ballots} bulletin(s) reçu(s)"
    ),
    "decision.md.quorum": "Quorum",
    "decision.md.no_quorum_written": (
        "sans objet (résolution écrite : tous les administrateurs habiles à voter doivent "
        "la signer)"
    ),
    "decision.md.head": (
        "Tête du journal d’audit à la lecture : événement n° {seq}, empreinte `{hash}`"
    ),
    "decision.md.against": "Ont voté contre",
    "decision.md.quorum_met": "atteint",
    "decision.md.quorum_missed": "non atteint",
    "decision.md.rule": "Règle",
    "decision.md.result": "Résultat",
    "decision.md.counts": "Pour : {pour} · Contre : {contre} · Abstentions : {abstention}",
    "decision.md.voted_for": "Ont voté pour",
    "decision.md.voted_against": "Ont voté contre (dissidence inscrite)",
    "decision.md.abstained": "Se sont abstenus",
    "decision.md.not_voted": "N’ont pas voté",
    "decision.md.secret_note": "Scrutin secret : seuls les totaux sont consignés.",
    "decision.md.not_voted_count": "{count} votant(s) inscrit(s) n’ont pas voté",
    "decision.md.conflicts": "Conflits d’intérêts déclarés (hors du vote)",
    "decision.md.no_conflicts": "Aucun conflit d’intérêts déclaré.",
    "decision.md.audit": "Empreinte du journal d’audit : `{hash}` (événement n° {seq})",
    "decision.md.register_title": "Registre des résolutions — {community} — {year}",
    "decision.md.register_empty": "Aucune proposition décidée pour cette période.",
    "decision.md.none": "personne",
}

register(MESSAGES)
