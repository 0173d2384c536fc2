"""Backups that restore: authors, useful marks with who gave them, moderation and purges come
back as they were; imports into another community say where records come from."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.core.app import Services, open_services
from bot.core.clock import FakeClock
from bot.core.errors import CoopiloteError, InvalidInput, StateConflict
from tests.conftest import OTHER_COMMUNITY, actor, make_settings
from tests.core.practices.helpers import record, snapshot

ANA = actor("Ana", "Membre")
BOB = actor("Bob", "Membre")
CAROLE = actor("Carole", "Membre")
MOD = actor("Mo", "Modération")
ADMIN = actor("Adèle", admin=True)
NEWCOMER = actor("Dave", "Membre")
EVERYONE = (ANA, BOB, CAROLE, MOD, ADMIN, NEWCOMER)


@pytest.fixture
async def empty(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Services]:
    """Another bot on an empty database, same clock: where a backup is restored."""
    svc = await open_services(make_settings(tmp_path / "restored"), clock=clock)
    try:
        yield svc
    finally:
        await svc.close()


async def _community(services: Services, clock: FakeClock) -> None:
    """Several authors, versions, a purge, useful marks, and both kinds of withdrawal."""
    p = services.practices
    one = await p.post(ANA, record(title="Popote en ligne", advice="Appelez Luc au 418 555-0199."))
    clock.advance(hours=1)
    await p.edit(ANA, one.id, {"results": "Moins de files"})
    await p.edit(MOD, one.id, {"advice": "Appelez la coop."})
    await p.purge_version(MOD, one.id, 1, "Numéro de téléphone personnel")
    await p.purge_version(ANA, one.id, 2, "Idem")
    two = await p.post(BOB, record(title="Vote du CA à distance", tools=["Loomio"]), shared=True)
    clock.advance(minutes=5)
    await p.set_useful(ANA, two.id, True)
    await p.set_useful(CAROLE, two.id, True)
    await p.set_useful(MOD, one.id, True)
    three = await p.post(CAROLE, record(title="Infolettre"))
    await p.withdraw(CAROLE, three.id)
    four = await p.post(BOB, record(title="Sondage bénévoles"))
    await p.set_useful(ANA, four.id, True)
    await p.withdraw(MOD, four.id, "Données d’un tiers")
    await p.post(ANA, record(title="Tablettes à la popote", language="fr"))
    clock.advance(days=1)


async def _outcome(call: Any) -> Any:
    try:
        return await call
    except CoopiloteError as exc:
        return (type(exc).__name__, exc.code)


async def _what_everyone_sees(services: Services) -> dict[str, Any]:
    p = services.practices
    seen: dict[str, Any] = {}
    for who in EVERYONE:
        mine: dict[str, Any] = {
            "recent": await p.recent(who, per_page=50),
            "useful": await p.most_useful(who, per_page=50),
            "withdrawn": await p.withdrawn(who, per_page=50),
        }
        for practice_id in range(1, 6):
            mine[f"view {practice_id}"] = await _outcome(p.view(who, practice_id))
            mine[f"versions {practice_id}"] = await _outcome(p.versions(who, practice_id))
        seen[who.display_name] = mine
    return seen


async def test_a_backup_restores_the_same_community_for_every_member(
    services: Services, empty: Services, clock: FakeClock
):
    await _community(services, clock)
    exported = await services.practices.export_json(ADMIN)
    report = await empty.practices.import_json(ADMIN, exported)
    assert (report.imported, report.skipped) == (5, 0)
    # Identical views for every member: rights, counts, lists, versions, purges.
    assert await _what_everyone_sees(empty) == await _what_everyone_sees(services)
    # Exporting again gives the same file.
    assert await empty.practices.export_json(ADMIN) == exported
    # Rights work as before: authors edit and withdraw theirs, nobody marks their own,
    # nobody marks twice, only a moderator restores what a moderator withdrew.
    await empty.practices.edit(ANA, 1, {"results": "Encore moins de files"})
    with pytest.raises(StateConflict):
        await empty.practices.set_useful(BOB, 2, True)  # his own
    assert (await empty.practices.set_useful(ANA, 2, True)).useful_count == 2  # already marked
    assert (await empty.practices.set_useful(ANA, 2, False)).useful_count == 1
    await empty.practices.restore(CAROLE, 3)
    with pytest.raises(CoopiloteError):
        await empty.practices.restore(BOB, 4)
    await empty.practices.restore(MOD, 4)
    assert "418 555-0199" not in exported


async def test_into_another_community_nobody_is_taken_for_the_author(
    services: Services, clock: FakeClock
):
    await _community(services, clock)
    exported = await services.practices.export_json(ADMIN)
    other_admin = actor("Xena", community=OTHER_COMMUNITY, admin=True)
    report = await services.practices.import_json(other_admin, exported)
    assert report.imported == 5
    ana_there = actor("Ana", "Membre", community=OTHER_COMMUNITY)
    view = await services.practices.view(ana_there, report.ids[0])
    assert view.author == "Ana" and view.imported_from == "Coop de test"
    assert not view.can_edit and view.useful_count == 0
    # Ana there may mark it: she is not its author here.
    assert (await services.practices.set_useful(ana_there, report.ids[0], True)).marked


async def test_records_without_uid_are_matched_by_content(services: Services):
    data = json.dumps({"practices": [record(), record(title="Autre")]})
    first = await services.practices.import_json(ADMIN, data)
    assert (first.imported, first.skipped) == (2, 0)
    before = await snapshot(services)
    again = await services.practices.import_json(ADMIN, data)
    assert (again.imported, again.skipped) == (0, 2)
    assert await snapshot(services) == before
    # A record posted here with the very same content is that record too.
    await services.practices.post(ANA, record(title="Déjà là"))
    third = await services.practices.import_json(
        ADMIN, json.dumps([{**record(title="Déjà là"), "language": "fr"}])
    )
    assert (third.imported, third.skipped) == (0, 1)


async def test_a_shared_title_alone_does_not_make_a_record_already_here(services: Services):
    """Only the very same content is the same record: many records share a title."""
    posted = await services.practices.post(ANA, record(title="Assemblée générale"))
    await services.practices.edit(ANA, posted.id, {"results": "Quorum atteint."})
    same_title = [
        record(title="Assemblée générale", actions="Vote par courriel."),
        record(title="Assemblée générale", advice="Tester le son avant."),
        record(title="Assemblée générale"),  # what the posted record said before its edit
    ]
    report = await services.practices.import_json(ADMIN, json.dumps(same_title))
    assert (report.imported, report.skipped) == (3, 0)
    # Its current content is that record, even far in a large file (after the first 500).
    many = [record(title=f"Fiche {i}", actions=f"Action {i}.") for i in range(520)]
    many.insert(510, record(title="Assemblée générale", results="Quorum atteint."))
    report = await services.practices.import_json(ADMIN, json.dumps(many))
    assert (report.imported, report.skipped) == (520, 1)


async def test_imported_counts_are_recomputed_from_the_marks(services: Services):
    await services.practices.post(ANA, record(title="Vraie"))
    await services.practices.set_useful(BOB, 1, True)
    pinned = record(title="Épinglée", useful_count=1_000_000)
    await services.practices.import_json(ADMIN, json.dumps({"practices": [pinned]}))
    top = (await services.practices.most_useful(BOB)).items
    assert [(p.title, p.useful_count) for p in top] == [("Vraie", 1), ("Épinglée", 0)]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"created_at": "2199-01-01T00:00:00+00:00"}, "dans le futur"),
        ({"updated_at": "2026-11-27T00:00:00+00:00"}, "dans le futur"),
        (
            {
                "author_account": {"platform": "console", "user_id": "u-ana", "name": "Ana"},
                "useful_marks": [{"platform": "console", "user_id": "u-ana", "name": "Ana"}],
            },
            "sa propre fiche",
        ),
        (
            {
                "useful_marks": [
                    {"platform": "console", "user_id": "u-bob", "name": "Bob"},
                    {"platform": "console", "user_id": "u-bob", "name": "Bob"},
                ]
            },
            "deux fois",
        ),
        ({"useful_marks": [{"platform": "irc", "user_id": "x"}]}, "plateforme inconnue"),
        (
            {"versions": [{"number": 1, "purged_at": "2026-01-01T00:00:00Z", "content": {}}]},
            "dernière version",
        ),
        ({"status": "withdrawn", "withdrawn_as": "admin"}, "« moderator »"),
    ],
)
async def test_bad_accounts_dates_and_marks_are_refused_whole(
    services: Services, overrides: dict[str, Any], expected: str
):
    before = await snapshot(services)
    data = json.dumps({"practices": [record(), record(title="Deux", **overrides)]})
    with pytest.raises(InvalidInput) as caught:
        await services.practices.import_json(ADMIN, data)
    message = caught.value.message("fr")
    assert message.startswith("Fiche n° 2") and expected in message, message
    assert await snapshot(services) == before
