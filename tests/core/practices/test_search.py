"""Search that understands French: morphology, accents, typos, filters, ranking, pages."""

from __future__ import annotations

import pytest

from bot.core.app import Services
from bot.core.clock import FakeClock
from bot.core.errors import InvalidInput
from bot.core.practices.records import SearchRequest
from bot.core.practices.syntax import parse_id, parse_search
from tests.conftest import OTHER_COMMUNITY, actor
from tests.core.practices.helpers import record

ANA = actor("Ana", "Membre")
BOB = actor("Bob", "Membre")


async def _post(services: Services, title: str, actions: str, **more: object) -> int:
    values = record(title=title, actions=actions, need="", results="", advice="", tags=[])
    values.update(more)
    return (await services.practices.post(ANA, values)).id


async def _ids(services: Services, query: str | SearchRequest) -> list[int]:
    return [h.id for h in (await services.practices.search(BOB, query)).hits]


@pytest.fixture
async def corpus(services: Services, clock: FakeClock) -> dict[str, int]:
    """A few practices with the words the tests look for, in various forms."""
    ids = {}
    ids["reseaux"] = await _post(
        services, "Animer nos réseaux sociaux", "Une page et un groupe pour les membres."
    )
    clock.advance(minutes=1)
    ids["financement"] = await _post(
        services,
        "Campagne de sociofinancement",
        "Le financement participatif a validé le besoin.",
        families=["Production participative (crowdsourcing)"],
        tags=["Financement", "Lancement"],
        sector="Librairie indépendante",
        tools=["Ulule"],
    )
    clock.advance(minutes=1)
    ids["tablettes"] = await _post(
        services,
        "Des tablettes pour les préposés",
        "Les préposés ont recruté trois bénévoles pour mobiliser l’équipe.",
        families=["Calendriers collaboratifs"],
        tags=["horaires"],
        sector="Aide à domicile",
        tools=["Outil maison"],
    )
    return ids


async def test_plural_and_singular_meet(services: Services, corpus: dict[str, int]):
    assert await _ids(services, "tablette") == [corpus["tablettes"]]
    assert await _ids(services, "réseau social") == [corpus["reseaux"]]


async def test_verb_forms_the_stemmer_joins_meet(services: Services, corpus: dict[str, int]):
    # « recruter » / « recruté », « mobilisation » / « mobiliser », « financer » / « financement »
    assert await _ids(services, "recruter") == [corpus["tablettes"]]
    assert await _ids(services, "mobilisation") == [corpus["tablettes"]]
    assert await _ids(services, "financer") == [corpus["financement"]]


async def test_accents_and_case_are_folded(services: Services, corpus: dict[str, int]):
    assert await _ids(services, "reseaux sociaux") == [corpus["reseaux"]]
    assert await _ids(services, "RÉSEAUX SOCIAUX") == [corpus["reseaux"]]
    assert await _ids(services, "preposes") == [corpus["tablettes"]]


async def test_typos_on_the_words_that_matter_are_corrected(
    services: Services, corpus: dict[str, int]
):
    page = await services.practices.search(BOB, "finacement")
    assert [h.id for h in page.hits] == [corpus["financement"]]
    assert page.corrections == (("finacement", "financement"),)
    assert await _ids(services, "tabletes") == [corpus["tablettes"]]
    assert await _ids(services, "réseaux sociuax") == [corpus["reseaux"]]
    # Words that exist are never « corrected », and gibberish finds nothing.
    assert (await services.practices.search(BOB, "tablettes")).corrections == ()
    assert (await services.practices.search(BOB, "xqzwkj")).total == 0


async def test_a_typo_is_corrected_to_a_word_a_record_holds_only_in_its_lists(
    services: Services,
):
    # « relève » only in a tag (a list, stored as JSON text with escapes on SQLite).
    pid = await _post(services, "Passer le flambeau", "Un plan sur cinq ans.", tags=["relève"])
    page = await services.practices.search(BOB, "rlève")
    assert [h.id for h in page.hits] == [pid]
    assert page.corrections == (("rleve", "releve"),)


async def test_all_words_first_then_some(services: Services, corpus: dict[str, int]):
    both = await services.practices.search(BOB, "tablettes préposés")
    assert [h.id for h in both.hits] == [corpus["tablettes"]] and not both.relaxed
    some = await services.practices.search(BOB, "tablettes sociofinancement")
    assert {h.id for h in some.hits} == {corpus["tablettes"], corpus["financement"]}
    assert some.relaxed


async def test_filters_by_family_tag_sector_and_tool(services: Services, corpus: dict[str, int]):
    fin, tab = corpus["financement"], corpus["tablettes"]
    assert await _ids(services, SearchRequest(families=("production participative",))) == [fin]
    assert await _ids(services, SearchRequest(tags=("financements",))) == [fin]
    assert await _ids(services, SearchRequest(sectors=("librairie",))) == [fin]
    assert await _ids(services, SearchRequest(sectors=("aide a domicile",))) == [tab]
    assert await _ids(services, SearchRequest(tools=("ulule",))) == [fin]
    assert await _ids(services, SearchRequest(tools=("outil maison",))) == [tab]
    # Words and filters together: both must hold.
    assert await _ids(services, SearchRequest(text="tablettes", tags=("horaires",))) == [tab]
    assert await _ids(services, SearchRequest(text="tablettes", tags=("financement",))) == []
    with pytest.raises(InvalidInput):
        await services.practices.search(BOB, SearchRequest(families=("Télépathie",)))


async def test_the_typed_filter_syntax_is_forgiving():
    req = parse_search("inscription en ligne famille=Inscription en ligne tag: aînés page=2")
    assert req.text == "inscription en ligne"
    assert req.families == ("Inscription en ligne",) and req.tags == ("aînés",)
    assert req.page == 2
    req = parse_search('Secteur="aide à domicile" tablettes outils=Zoom, Loomio')
    assert req.sectors == ("aide à domicile",) and req.text == "tablettes"
    assert req.tools == ("Zoom", "Loomio")
    assert parse_search("note: à lire").text == "note: à lire"
    with pytest.raises(InvalidInput):
        parse_search("vote page=deux")
    assert parse_id("#12") == 12 and parse_id("n° 7") == 7 and parse_id("douze") is None


async def test_ranking_title_first_then_usefulness_then_recency(
    services: Services, clock: FakeClock
):
    in_body = await _post(services, "Une autre histoire", "Nous parlons ici d’infolettre.")
    clock.advance(minutes=1)
    in_title = await _post(services, "Notre infolettre mensuelle", "Envoyée aux membres.")
    clock.advance(minutes=1)
    # Two identical texts: equal relevance, so usefulness then recency decide.
    older = await _post(services, "Infolettre des bénévoles", "Une lettre mensuelle.")
    clock.advance(minutes=1)
    newer = await _post(services, "Infolettre des bénévoles", "Une lettre mensuelle.")
    ids = await _ids(services, "infolettre")
    assert ids.index(in_title) < ids.index(in_body)
    assert ids.index(newer) < ids.index(older)
    await services.practices.toggle_useful(BOB, older)
    ids = await _ids(services, "infolettre")
    assert ids.index(older) < ids.index(newer)
    assert ids[-1] == in_body


async def test_pagination(services: Services, clock: FakeClock):
    posted = []
    for i in range(12):
        clock.advance(minutes=1)
        posted.append(await _post(services, f"Sondage numéro {i}", "Un sondage en ligne."))
    pages = [
        await services.practices.search(BOB, SearchRequest("sondage", page=p)) for p in (1, 2, 3)
    ]
    assert [len(p.hits) for p in pages] == [5, 5, 2]
    assert all(p.total == 12 and p.pages == 3 for p in pages)
    seen = [h.id for p in pages for h in p.hits]
    assert sorted(seen) == sorted(posted) and len(set(seen)) == 12
    assert seen[:3] == posted[::-1][:3]  # equal relevance: newest first
    # « page 9 sur 3 » is refused with the number of pages, never shown as an empty page.
    with pytest.raises(InvalidInput) as beyond:
        await services.practices.search(BOB, SearchRequest("sondage", page=9))
    assert beyond.value.message("fr") == "Il n’y a pas de page 9 : il y a 3 page(s)."
    for page in (0, -1):
        with pytest.raises(InvalidInput):
            await services.practices.search(BOB, SearchRequest("sondage", page=page))


async def test_withdrawn_records_never_show(services: Services, corpus: dict[str, int]):
    await services.practices.withdraw(ANA, corpus["tablettes"])
    for query in ("tablettes", "tabletes", "préposés recruter", SearchRequest(tags=("horaires",))):
        assert corpus["tablettes"] not in await _ids(services, query)
    assert await services.practices.for_families(BOB, ["Calendriers collaboratifs"], 3) == ()
    await services.practices.restore(ANA, corpus["tablettes"])
    assert await _ids(services, "tablettes") == [corpus["tablettes"]]


async def test_search_respects_communities(services: Services, corpus: dict[str, int]):
    stranger = actor("Xavier", community=OTHER_COMMUNITY)
    theirs = (await services.practices.post(stranger, record(title="Nos tablettes à nous"))).id
    assert await _ids(services, "tablettes") == [corpus["tablettes"]]
    assert [h.id for h in (await services.practices.search(stranger, "tablettes")).hits] == [theirs]


async def test_snippets_highlight_the_matched_words(services: Services, corpus: dict[str, int]):
    page = await services.practices.search(BOB, "financement participatif")
    hit = page.hits[0]
    assert hit.snippet is not None
    marked = hit.snippet.marked("[", "]")
    assert "[financement] [participatif]" in marked
    assert hit.title_marked is not None
    typo = (await services.practices.search(BOB, "preposes")).hits[0]
    assert "[préposés]" in typo.title_marked.marked("[", "]")  # accents kept in what is shown


async def test_empty_or_oversized_queries_are_refused(services: Services):
    with pytest.raises(InvalidInput):
        await services.practices.search(BOB, "le la les")
    with pytest.raises(InvalidInput):
        await services.practices.search(BOB, "")
    with pytest.raises(InvalidInput):
        await services.practices.search(BOB, "x" * 501)
    # FTS5 operators in the query are plain words, never syntax.
    assert (await services.practices.search(BOB, 'NOT "AND OR* NEAR(')).total == 0
