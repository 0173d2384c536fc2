"""Personal information (Loi 25): a member's data as a file, and what erasure erases, anonymises
and keeps (the register and its hash-chained audit log stay whole)."""

from __future__ import annotations

import contextlib
import json

import pytest

from bot.core.app import Services
from bot.core.communities import MemberInfo
from bot.core.decisions import audit
from bot.core.decisions.options import RuleChoices
from bot.core.errors import CoopiloteError, NotFound
from bot.core.privacy import PrivacyService
from tests.conftest import COMMUNITY, actor
from tests.core.practices.helpers import record

SOPHIE = actor("Sophie", "CA", "Membre")
MARC = actor("Marc", "CA", "Membre")
AMINA = actor("Amina", "CA", "Membre")


def _privacy(services: Services) -> PrivacyService:
    return PrivacyService(services.db, services.clock, services.communities, services.practices)


async def _community(services: Services) -> dict[str, int]:
    await services.communities.sync_members(
        COMMUNITY,
        [MemberInfo(a.user_id, a.display_name, a.roles) for a in (SOPHIE, MARC, AMINA)],
    )
    d = services.decisions
    # Bylaws that allow remote votes: the adopted motion is a numbered resolution.
    await d.set_defaults(actor("Admin", admin=True), RuleChoices(distance="reglements"))
    nominal = await d.propose(SOPHIE, "Que le conseil adopte le budget 2027.")
    await d.second(MARC, nominal.number)
    for who in (SOPHIE, MARC, AMINA):
        await d.cast(who, nominal.number, "pour")
    with contextlib.suppress(CoopiloteError):  # already closed once everyone voted
        await d.close(SOPHIE, nominal.number)
    secret = await d.propose(
        SOPHIE, "Que la directrice soit reconduite.", choices=RuleChoices(secret=True)
    )
    await d.second(MARC, secret.number)
    await d.cast(AMINA, secret.number, "contre")
    p = services.practices
    mine = await p.post(AMINA, record(title="La fiche d’Amina"))
    theirs = await p.post(SOPHIE, record(title="La fiche de Sophie"))
    await p.set_useful(AMINA, theirs.id, True)
    return {"nominal": nominal.number, "mine": mine.id, "theirs": theirs.id}


async def test_a_member_gets_everything_held_about_them_and_nothing_else(services: Services):
    ids = await _community(services)
    data = await _privacy(services).personal_data(AMINA)
    assert data["profile"]["user_id"] == "u-amina" and data["profile"]["display_name"] == "Amina"
    assert [p["title"] for p in data["practices"]] == ["La fiche d’Amina"]
    assert [m["title"] for m in data["useful_marks"]] == ["La fiche de Sophie"]
    ballots = data["decisions"]["nominal_ballots"]
    assert [(b["number"], b["choice"]) for b in ballots] == [(ids["nominal"], "pour")]
    assert ballots[0]["resolution"]  # adopted: in the register
    kinds = {e["kind"] for e in data["audit_entries"]}
    assert "vote.opened" in kinds and len(data["audit_entries"]) >= 2
    text = await _privacy(services).personal_data_json(AMINA)
    json.loads(text)
    # Nothing of anyone else's, and never a secret ballot's choice.
    assert "contre" not in text and "La fiche de Sophie" in text  # only as her mark's title
    assert "u-sophie" not in text


async def test_erasure_anonymises_keeps_the_register_and_the_chain_verifies(services: Services):
    ids = await _community(services)
    report = await _privacy(services).erase(AMINA)
    assert report.marks_removed == 1 and report.practices_anonymised == 1
    assert report.ballots_kept == 1 and report.audit_entries_kept >= 2
    p = services.practices
    assert (await p.view(SOPHIE, ids["theirs"])).useful_count == 0
    view = await p.view(SOPHIE, ids["mine"])
    assert view.author == "ancien·ne membre" and not (await p.view(AMINA, ids["mine"])).can_edit
    versions = await p.versions(SOPHIE, ids["mine"])
    assert versions[0].editor == "ancien·ne membre"
    # The register keeps her nominal ballot under her name; its audit log still verifies.
    after = await _privacy(services).personal_data(AMINA)
    assert len(after["decisions"]["nominal_ballots"]) == 1 and after["useful_marks"] == []
    assert after["practices"] == []
    assert (await audit.verify(services.db)).ok


async def test_erasure_can_delete_the_members_practices(services: Services):
    ids = await _community(services)
    report = await _privacy(services).erase(AMINA, delete_practices=True)
    assert report.practices_deleted == 1
    with pytest.raises(NotFound):
        await services.practices.view(SOPHIE, ids["mine"])
    assert (await services.practices.search(SOPHIE, "Amina")).total == 0
    assert (await services.practices.view(SOPHIE, ids["theirs"])).useful_count == 0
