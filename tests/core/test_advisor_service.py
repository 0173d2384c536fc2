"""`/outil` as a service: the advisor's answer carries the practices peers logged for it."""

from __future__ import annotations

from bot.core.app import Services
from tests.conftest import OTHER_COMMUNITY, actor
from tests.core.practices.helpers import record

ANA = actor("Ana", "Membre")


async def test_advice_shows_the_communitys_practices_for_its_families(services: Services):
    ours = await services.practices.post(ANA, record(title="Nos inscriptions en ligne"))
    await services.practices.post(
        ANA, record(title="Notre infolettre mensuelle", families=["Infolettre"])
    )
    stranger = actor("Xavier", community=OTHER_COMMUNITY)
    hidden = await services.practices.post(stranger, record(title="Leurs inscriptions"))
    shared = await services.practices.post(
        stranger, record(title="Inscriptions partagées"), shared=True
    )

    answer = await services.advisor.advise(ANA, "inscriptions en ligne aux activités")
    assert answer.advice.matches[0].family.name == "Inscription en ligne"
    ids = [p.id for p in answer.practices]
    assert ours.id in ids and shared.id in ids
    assert hidden.id not in ids  # another community's record, not shared
    assert ids.index(ours.id) < ids.index(shared.id)  # the community's own first
    assert all(p.title != "Notre infolettre mensuelle" for p in answer.practices)


async def test_no_answer_no_practices(services: Services):
    await services.practices.post(ANA, record())
    answer = await services.advisor.advise(ANA, "horaire du match de hockey ce soir")
    assert answer.advice.matches == () and answer.practices == ()
