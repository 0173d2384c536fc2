"""When the advisor stays quiet, and when a need still gets its family (issue 8).

The sentences below were written for these tests; the dev sets (advisor-needs-dev4.tsv,
advisor-none-dev4.tsv) were written before the changes they measure, and their first run is
recorded in each test's docstring.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.advisor.engine import Advisor, default_advisor
from bot.core.advisor.evaluation import evaluate, read_tsv

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def advisor() -> Advisor:
    return default_advisor()


def _families(advisor: Advisor, need: str) -> list[str]:
    return [match.family.name for match in advisor.advise(need).matches]


@pytest.mark.parametrize(
    "message",
    [
        # News that names a family's words (états financiers, infolettre) is still news.
        "notre vérificatrice a trouvé un écart dans les états financiers",
        "the members got the spring newsletter yesterday",
        # A tool's word does not make news a need.
        "the application for the youth grant was approved",
        # Questions and complaints about the bot itself.
        "le bot a mal compris ma question tantôt",
        "who runs this bot anyway?",
        # Rules, in English too.
        "can a staff member also be the treasurer?",
        "how long should we keep the ballots after an election?",
        # Someone late; a colleague named, asking for nothing.
        "je serai en retard à la rencontre de ce soir",
        "Ghislain a encore oublié ses clés au local",
    ],
)
def test_non_needs_stay_quiet(advisor: Advisor, message: str):
    advice = advisor.advise(message)
    assert advice.matches == (), (message, _families(advisor, message))
    assert advice.reason == "no_match"


@pytest.mark.parametrize(
    ("need", "family"),
    [
        # An explicit request for what a family names passes whatever the gate reads of its style.
        ("how can we run a poll of our volunteers?", "Sondages en ligne"),
        ("start a podcast", "Podcast et blogues vidéos"),
        # A negation tells a problem even beside a marker of news (« a été »).
        (
            "notre trésorier a été absent deux mois et personne n'a pu faire les dépôts",
            "Comptabilité",
        ),
        # In a request, « je cherche un outil » is the asking, not the topic.
        ("je cherche un outil pour faire un sondage auprès de nos bénévoles", "Sondages en ligne"),
        # A date does not make a need quiet.
        ("il faut que les membres votent d'ici vendredi sans se déplacer", "Vote en ligne"),
    ],
)
def test_needs_still_get_their_family(advisor: Advisor, need: str, family: str):
    assert family in _families(advisor, need)[:3], (need, _families(advisor, need))


@pytest.mark.parametrize(
    ("need", "family"),
    [
        (
            "les gens nous postent des chèques et quelqu'un doit aller les déposer",
            "Paiement en ligne",
        ),
        ("les parents oublient les dates des sorties même avec le calendrier", "Textos de masse"),
        ("les employés des deux bureaux ne se parlent jamais", "Clavardage d’entreprise"),
    ],
)
def test_a_need_told_by_its_problem_finds_its_family(advisor: Advisor, need: str, family: str):
    assert family in _families(advisor, need)[:3], (need, _families(advisor, need))


def test_payroll_is_not_payments(advisor: Advisor):
    """Snowball gives « paie » and « paiement » one stem: payroll met the payment tools."""
    payroll = advisor.advise("gérer la paie de nos six employés")
    assert payroll.matches[0].family.name == "Comptabilité"
    assert "Paiement en ligne" not in [m.family.name for m in payroll.matches]
    payroll_tools = {"Nethris", "Employeur D", "Wagepoint", "ADP", "Acomba"}
    assert payroll_tools & {t.name for t in payroll.matches[0].tools[:3]}
    payments = advisor.advise("recevoir le paiement des cotisations en ligne")
    assert payments.matches[0].family.name == "Paiement en ligne"


def test_mail_is_not_a_social_media_post(advisor: Advisor):
    """« par la poste » shared its stem with « posts »."""
    advice = advisor.advise("les membres paient encore par la poste avec des chèques")
    assert advice.matches[0].family.name == "Paiement en ligne"


def test_signing_the_minutes_shows_e_signature_tools(advisor: Advisor):
    signing = {"DocuSign", "Yousign", "Dropbox Sign", "Adobe Acrobat Sign", "ConsignO Cloud"}
    for need in ("faire signer les procès-verbaux", "we need the board to sign the minutes"):
        first = advisor.advise(need).matches[0]
        assert signing & {t.name for t in first.tools[:3]}, (need, first.family.name)


def test_new_non_needs_dev4(advisor: Advisor):
    """80 non-needs written for issue 8 (first run, before the changes: 72/80 quiet)."""
    result = evaluate(advisor, read_tsv(DATA / "advisor-none-dev4.tsv"))
    assert result.none_empty / result.none_rows >= 0.95, result.misses


def test_new_needs_dev4(advisor: Advisor):
    """80 needs written for issue 8, named, by their problem and in English (first run, before
    the changes: top-1 77/80, top-3 78/80)."""
    result = evaluate(advisor, read_tsv(DATA / "advisor-needs-dev4.tsv"))
    assert result.top1_rate >= 0.9, result.misses
    assert result.top3_rate >= 0.97, result.misses


@pytest.mark.parametrize(
    "message",
    [
        # Praise for finished work names the work (a poster, a newsletter) and asks for nothing.
        "chapeau au comité pour la belle affiche du bazar",
        "great job on the spring newsletter, everyone loved it",
        # Feedback on the advisor's last answer, and questions about how it works.
        "la plateforme que tu nous as recommandée fait bien l'affaire, merci",
        "the app you suggested was too expensive for us, never mind",
        "comment tu choisis les outils que tu proposes? qui t'a créé?",
        "who programmed you, and how do you pick your answers?",
        # One word that names no family: a probe, not a need.
        "essai",
        "hmm",
        # Looking for a place, not a tool.
        "on cherche une salle de réception pour le souper des bénévoles en mai",
        "we're looking for a venue for the regional gathering, any ideas?",
        # A quarrel between people is for whoever manages them.
        "our two cooks don't get along and the kitchen is tense",
        # Property taxes, annual returns and accounting treatment are for the accountant.
        "notre compte de taxes foncières a doublé, c'est normal?",
        "when is our charity return due this year?",
        "comment comptabiliser le don d'un véhicule dans nos livres?",
        # A thing taken or stolen.
        "quelqu'un a pris la rallonge électrique de la salle communautaire",
        "the ladder was stolen from the garden shed",
    ],
)
def test_more_non_needs_stay_quiet(advisor: Advisor, message: str):
    """Classes of non-needs found in the readable held-out sets (issue 8), in other words."""
    advice = advisor.advise(message)
    assert advice.matches == (), (message, _families(advisor, message))
    assert advice.reason == "no_match"


@pytest.mark.parametrize(
    ("need", "family"),
    [
        # A need that also thanks someone is still a need.
        ("bravo pour le gala! l'an prochain on veut vendre les billets en ligne", None),
        # Speaking to the bot about its advice, then asking for something new.
        (
            "l'outil que tu m'as suggéré n'a pas de vote secret, nous cherchons un outil de vote",
            "Vote en ligne",
        ),
        # One word that names a family.
        ("infolettre", "Infolettre"),
        ("visioconférence", "Webconférence"),
        # Booking the organisation's own rooms is a need, not a venue search.
        ("réserver les salles du centre communautaire sans conflits d'horaire", None),
        # A survey about the mood at work is a survey.
        ("un sondage anonyme sur l'ambiance au travail", "Sondages en ligne"),
        # Asking for a good tool, in English and in French.
        ("what's a good app to send text reminders to volunteers?", "Textos de masse"),
        ("c'est quoi le meilleur outil pour faire notre comptabilité?", "Comptabilité"),
        ("how can our board vote between meetings?", "Vote en ligne"),
        ("comment avoir un site web pour notre coop sans programmeur?", None),
    ],
)
def test_needs_near_the_quiet_classes_keep_their_family(
    advisor: Advisor, need: str, family: str | None
):
    """Needs that share words with the classes above still get families (`None`: any)."""
    found = _families(advisor, need)
    assert found, need
    if family is not None:
        assert family in found[:3], (need, found)


@pytest.mark.parametrize(
    "message",
    [
        # Passing on what one heard or read: news, even when it names money or funding.
        "avez-vous entendu que la ville coupe les subventions aux loisirs l'an prochain?",
        "did you hear the province is cutting funding for community groups?",
        # Questions of rules in the spoken « -tu » form, and of consent.
        "faut-tu que le trésorier signe tous les chèques?",
        "on peut-tu engager un membre du CA comme employé contractuel?",
        "est-ce qu'on a le droit de filmer les participants sans leur consentement?",
        "can we post pictures of the kids without asking their parents first?",
        # Telling people hard news, keeping their spirits up.
        "comment annoncer aux employés qu'il n'y aura pas d'augmentation cette année?",
        "how do I tell the team we lost our biggest grant without everyone panicking?",
        # Advice on what to write: content, not a tool.
        "comment rédiger une bonne lettre de remerciement à un donateur?",
        "what should go in a good conflict of interest policy?",
        # Opinions, objects to carry, feedback on the bot's answer.
        "I think newsletters are a waste of time honestly",
        "il faut rapporter les chaises pliantes au sous-sol avant vendredi",
        "ta réponse m'a pas aidé pantoute",
        "franchement, à mon avis les sondages c'est overrated",
        # Asking the bot to write, and asking who gives a course.
        "peux-tu m'écrire un mot de bienvenue pour les nouveaux membres?",
        "qui offre des ateliers de prise de parole pour les administrateurs?",
        # Who is entitled to what, who is eligible: rules of a program.
        "les employés à temps partiel ont-ils droit aux congés fériés?",
        "sommes-nous admissibles au crédit pour la rénovation écoénergétique?",
        # Doing something without consent is a question for a lawyer.
        "est-ce qu'on peut afficher les noms des bénévoles sans leur consentement?",
        # A person to hire or to find, not a tool.
        "on cherche une nouvelle comptable pour l'an prochain, des noms?",
        "we need a volunteer to pick up the bread at the bakery on Saturday",
        # Something delivered or done at last is news.
        "the new brochures finally arrived from the printer",
    ],
)
def test_round_two_non_needs_stay_quiet(advisor: Advisor, message: str):
    """Classes of non-needs of set F (issue 8, second round), in our own words."""
    advice = advisor.advise(message)
    assert advice.matches == (), (message, _families(advisor, message))


@pytest.mark.parametrize(
    ("need", "family"),
    [
        # A marker of rules (« règlements généraux ») inside a stated problem is not a question.
        (
            "nos administrateurs ne retrouvent jamais la dernière version des règlements généraux",
            None,
        ),
        (
            "le CA doit se prononcer sur le budget et les membres sont dispersés partout",
            "Vote en ligne",
        ),
        # Consent collected with a tool, training given online, opinions gathered anonymously.
        (
            "on voudrait recueillir le consentement des parents pour les photos avant le camp",
            None,
        ),
        ("how can we train new volunteers remotely with short videos and quizzes?", None),
        ("on veut savoir ce que pensent nos membres du nouveau tarif, de façon anonyme", None),
        (
            "personne lit notre infolettre, on voudrait savoir qui l'ouvre et qui clique",
            "Infolettre",
        ),
        # « Is it possible…? » asks for what a family does, like « how can we…? ».
        ("is it possible for our members to vote online for the new board?", "Vote en ligne"),
        ("est-il possible de faire voter les membres à distance?", "Vote en ligne"),
        # People arriving is not news when what they must do follows.
        ("les nouveaux membres sont arrivés et doivent remplir leur fiche d'adhésion", None),
        # Hiring someone to build a tool is still about the tool.
        ("on veut engager un pigiste pour refaire notre site web", None),
        # An opinion that comes with a need, and registering for our own courses online.
        (
            "je trouve que nos réunions sont trop longues, on voudrait un ordre du jour partagé",
            None,
        ),
        ("on veut que les gens puissent s'inscrire à nos cours en ligne et payer d'avance", None),
    ],
)
def test_round_two_needs_keep_their_family(advisor: Advisor, need: str, family: str | None):
    """Needs that share words with the round-two classes still get families (`None`: any)."""
    found = _families(advisor, need)
    assert found, need
    if family is not None:
        assert family in found[:3], (need, found)


def test_new_non_needs_dev5(advisor: Advisor):
    """50 non-needs written for issue 8's second round, before its changes (first run: 42/50
    quiet; after: 49/50, the miss is a course to attend told without « who gives it »)."""
    result = evaluate(advisor, read_tsv(DATA / "advisor-none-dev5.tsv"))
    assert result.none_empty / result.none_rows >= 0.95, result.misses


def test_new_non_needs_dev6(advisor: Advisor):
    """40 more non-needs of other classes (eligibility, people to hire, asking the bot to write,
    facts), written after the first changes of round two to see whether they carry (first run:
    36/40; after: 39/40, the miss is a lack of money)."""
    result = evaluate(advisor, read_tsv(DATA / "advisor-none-dev6.tsv"))
    assert result.none_empty / result.none_rows >= 0.95, result.misses


def test_new_needs_dev5(advisor: Advisor):
    """16 needs near those non-needs, written with them (first run: top-1 12/16, top-3 14/16;
    after: 13/16 and 15/16)."""
    result = evaluate(advisor, read_tsv(DATA / "advisor-needs-dev5.tsv"))
    assert result.top1_rate >= 0.8, result.misses
    assert result.top3_rate >= 0.9, result.misses


def test_new_needs_dev7(advisor: Advisor):
    """25 needs of every kind written during round two to check that needs do not drop (first
    run, before round two: top-1 20/25, top-3 21/25; after: 21/25 and 23/25; after round
    three, which reads « how do we… ? » as a statement: 22/25 and 24/25)."""
    result = evaluate(advisor, read_tsv(DATA / "advisor-needs-dev7.tsv"))
    assert result.top1_rate >= 0.8, result.misses
    assert result.top3_rate >= 0.88, result.misses


def test_new_non_needs_dev8(advisor: Advisor):
    """40 more non-needs (tiredness, ideas for a party, hardware, probes, facts, shifts to
    cover), written late in round two (first run: 38/40; after: 40/40)."""
    result = evaluate(advisor, read_tsv(DATA / "advisor-none-dev8.tsv"))
    assert result.none_empty / result.none_rows >= 0.95, result.misses


@pytest.mark.parametrize(
    "message",
    [
        # The order of things at a meeting: a question of procedure.
        "on adopte le rapport annuel avant ou après la période de questions?",
        "should the auditor's report come before or after the vote on dues?",
        # What sets two things apart: a definition, not a need.
        "quelle est la différence entre un don et une commandite?",
        "what's the difference between a member and a volunteer in our bylaws?",
        # Someone's conduct to deal with: a person, not a tool's work.
        "comment gérer une employée qui répond mal aux usagers?",
        "what should I do with a board member who keeps talking over everyone?",
        "our cook is rude to the kitchen volunteers, any advice?",
        # A terse judgement naming no work to do.
        "caisse pas claire",
        "minutes not great",
        # A person to hire stays quiet when nothing says the work will be done in-house.
        "on veut engager un graphiste pour l'été",
    ],
)
def test_round_three_non_needs_stay_quiet(advisor: Advisor, message: str):
    """Classes of non-needs of set G (issue 8, third round), in our own words."""
    advice = advisor.advise(message)
    assert advice.matches == (), (message, _families(advisor, message))


@pytest.mark.parametrize(
    ("need", "family"),
    [
        # A person the organisation cannot pay for: the work is done in-house, with a tool.
        (
            "pas les moyens d'engager un comptable, on doit suivre nos dépenses nous-mêmes",
            "Comptabilité",
        ),
        ("no budget to hire a video editor for our campaign clips", "Production audio et vidéo"),
        # A chore that eats someone's hours is a problem to solve.
        ("je passe mes dimanches à recopier les présences dans un cahier", None),
        ("we spend hours each week phoning parents to confirm the pickup time", None),
        # Short needs that name their work, even with a negation, keep their family.
        ("pas encore d'infolettre", "Infolettre"),
        ("no online payment", "Paiement en ligne"),
        # A problem told in few words with a negation is no judgement: it keeps its family.
        ("horaires des bénévoles jamais à jour", None),
        ("no more paper sign-up sheets", None),
        # Two tools compared is a need, however it is asked.
        ("quelle est la différence entre Zoom et Teams pour nos réunions?", None),
    ],
)
def test_round_three_needs_keep_their_family(advisor: Advisor, need: str, family: str | None):
    found = _families(advisor, need)
    assert found, need
    if family is not None:
        assert family in found[:3], (need, found)


def test_new_non_needs_dev9(advisor: Advisor):
    """13 non-needs of round three (order of business, definitions, people's conduct, venting,
    terse judgements), written before its changes (first run: 9/13; after: 13/13)."""
    result = evaluate(advisor, read_tsv(DATA / "advisor-none-dev9.tsv"))
    assert result.none_empty / result.none_rows >= 0.95, result.misses


def test_new_needs_dev9(advisor: Advisor):
    """20 needs of round three, many asked as questions, chores and work without hiring,
    written before its changes (first run: top-1 12/20, top-3 15/20; after: 13/20, 18/20; the
    questions whose words name no family's work stay quiet: the gate reads « ? » and
    « how do we » as questions of rules)."""
    result = evaluate(advisor, read_tsv(DATA / "advisor-needs-dev9.tsv"))
    assert result.top1_rate >= 0.65, result.misses
    assert result.top3_rate >= 0.9, result.misses


@pytest.mark.parametrize(
    ("need", "family"),
    [
        # A kind of software asked for in a question is a request for a tool.
        ("what is a simple payroll software for a tiny charity?", "Comptabilité"),
        ("quelle appli pour gérer les quarts des bénévoles?", None),
        # Keeping two things apart is work, not a definition asked.
        ("comment faire la différence entre les dons et les cotisations dans nos comptes?", None),
    ],
)
def test_questions_asking_how_or_for_a_tool_are_needs(
    advisor: Advisor, need: str, family: str | None
):
    found = _families(advisor, need)
    assert found, need
    if family is not None:
        assert family in found[:3], (need, found)


@pytest.mark.parametrize(
    "message",
    [
        # Read as statements, « how do we… ? » questions of rules or of people stay quiet.
        "how do we register as a charity?",
        "how do we record a restricted donation?",
        "how could we tell our coordinator her job is being cut?",
        "comment pouvons-nous obtenir un numéro d'organisme de bienfaisance?",
        "comment faire pour dissoudre l'organisme?",
        "how can we deduct mileage for volunteers?",
    ],
)
def test_how_to_questions_of_rules_stay_quiet(advisor: Advisor, message: str):
    assert advisor.advise(message).matches == (), (message, _families(advisor, message))
