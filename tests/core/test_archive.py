"""`bot.core.archive`: one community out to a JSON archive and back, on each engine."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from bot.core.app import Services
from bot.core.archive import (
    ARCHIVED,
    FORMAT,
    ArchiveRefused,
    _digest,
    export_community,
    find,
    import_community,
    read_archive,
    tables,
    write_archive,
)
from bot.core.clock import FakeClock
from bot.core.copying import copy_order
from bot.core.decisions.audit import verify
from bot.core.decisions.options import RuleChoices
from bot.core.decisions.secrecy import BallotKeys
from bot.settings import Settings
from tests.conftest import COMMUNITY, OTHER_COMMUNITY
from tests.core.archive_data import all_rows, fill, natural, people, target_services


async def _export(services: Services, clock: FakeClock, key: str = "console:test-coop") -> dict:
    [community] = await find(services.db, key)
    return await export_community(services.db, community.id, clock.now())


@pytest.fixture
async def document(services: Services, clock: FakeClock) -> dict:
    """The test community, filled, as its archive."""
    await fill(services, clock)
    return await _export(services, clock)


def test_every_model_table_is_archived():
    # A new table tied to a community must be added to the archive (or this test says why).
    assert {t.name for t in copy_order()} == set(ARCHIVED)
    assert [t.name for t in tables()] == [t.name for t in copy_order()]


async def test_round_trip_into_an_empty_database_is_identical(
    services: Services,
    clock: FakeClock,
    engine: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
):
    await fill(services, clock)
    before = await all_rows(services.db)
    for table in ARCHIVED:
        if table != "ballots":  # (checked below)
            assert before[table], f"the source has no {table}"
    document = await _export(services, clock)
    path = tmp_path / "coop.json"
    write_archive(path, document)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["format"] == FORMAT
    loaded = read_archive(path)

    async with target_services(engine, request, tmp_path, clock) as target:
        report = await import_community(target.db, loaded, clock.now())
        assert report.ids_kept
        after = await all_rows(target.db)
        # The same rows, ids and audit hashes included: published heads stay valid.
        assert after == before
        audit = await verify(target.db)
        assert audit.ok and audit.events == len(before["audit_events"])
        # The copy is a working community: the register and the practices answer.
        p = people(COMMUNITY)
        view = await target.decisions.show(p["Sophie"], 1)
        assert view.resolution == "CA-2026-001"
        found = await target.practices.search(p["Nadia"], "formulaire")
        assert [r.title for r in found.hits] == ["Inscriptions en ligne"]
        # The open motion closes on the target at its deadline, and the chain goes on.
        clock.advance(hours=24 * 8)
        await target.scheduler.run_due()
        assert (await target.decisions.show(p["Sophie"], 3)).status == "closed"
        assert (await verify(target.db)).ok


async def test_import_beside_another_community_remaps_ids_and_reseals_the_chain(
    services: Services,
    clock: FakeClock,
    document: dict,
    engine: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
):
    async with target_services(engine, request, tmp_path, clock) as target:
        await fill(target, clock, OTHER_COMMUNITY)  # takes ids 1.. in every table
        other_before = await _export(target, clock, "console:other-coop")
        report = await import_community(target.db, document, clock.now())
        assert not report.ids_kept and report.community_id != document["community"]["id"]
        audit = await verify(target.db)
        assert audit.ok, audit.problems
        again = await _export(target, clock)
        assert natural(again) == natural(document)
        # The new chain ends on the source's head.
        last = again["tables"]["audit_events"][-1]
        source_last = document["tables"]["audit_events"][-1]
        assert last["kind"] == "archive.imported"
        assert json.loads(last["data"])["source"]["head"] == [
            source_last["seq"],
            source_last["hash"],
        ]
        # Each result's audit reference follows the resealed chain.
        chain = {e["seq"]: e["hash"] for e in again["tables"]["audit_events"]}
        heads = [v["result"]["audit"] for v in again["tables"]["votes"] if v["result"]]
        assert heads and all(chain[seq] == digest for seq, digest in heads)
        key = "console:test-coop"
        assert (await verify(target.db, key, (heads[0][0], heads[0][1][:16]))).ok
        # The other community did not move.
        other_after = await _export(target, clock, "console:other-coop")
        assert other_after["tables"] == other_before["tables"]
        # Members of the imported community act on their own votes.
        p = people(COMMUNITY)
        await target.decisions.cast(p["Chloé"], 3, "pour")
        view = await target.decisions.show(p["Chloé"], 4)
        assert view.text.startswith("Où tenir")
        assert (await verify(target.db)).ok


async def test_export_holds_nothing_of_another_community(services: Services, clock: FakeClock):
    await fill(services, clock)
    await fill(services, clock, OTHER_COMMUNITY)
    # A member of the other community marks a shared practice of ours useful.
    mine = await services.practices.recent(people(COMMUNITY)["Nadia"])
    shared = next(r for r in mine.items if r.title == "Inscriptions en ligne")
    await services.practices.set_useful(people(OTHER_COMMUNITY)["Nadia"], shared.id, True)
    document = await _export(services, clock)
    other = await _export(services, clock, "console:other-coop")
    ours = document["tables"]
    assert [c["external_id"] for c in ours["communities"]] == ["test-coop"]
    community_id = ours["communities"][0]["id"]
    for table, rows in ours.items():
        for row in rows:
            if "community_id" in row:
                assert row["community_id"] == community_id, table
    theirs = other["tables"]
    for table in ("members", "votes", "practices", "practice_versions", "vote_options"):
        assert not {r["id"] for r in ours[table]} & {r["id"] for r in theirs[table]}, table
    member_ids = {m["id"] for m in ours["members"]}
    assert all(m["member_id"] in member_ids for m in ours["practice_useful_marks"])
    assert all(int(b["voter"]) in member_ids for b in ours["ballots"])
    text = json.dumps(document, ensure_ascii=False)
    assert "other-coop" not in text and "Autre coop" not in text


async def test_open_secret_vote_refuses_the_export(
    services: Services, clock: FakeClock, settings: Settings
):
    await fill(services, clock)
    p = people(COMMUNITY)
    vote = await services.decisions.propose(
        p["Sophie"], "Que le CA fixe un salaire.", choices=RuleChoices(secret=True)
    )
    await services.decisions.second(p["Marc"], vote.number)
    await services.decisions.cast(p["Luc"], vote.number, "pour")
    with pytest.raises(ArchiveRefused) as refused:
        await _export(services, clock)
    assert "un vote secret est ouvert" in refused.value.message("fr")
    clock.advance(days=10)
    await services.scheduler.run_due()  # every open vote closes at its deadline
    document = await _export(services, clock)
    assert all(v["ballot_key"] is None for v in document["tables"]["votes"])
    secret = {v["id"] for v in document["tables"]["votes"] if v["secret"]}
    assert not [b for b in document["tables"]["ballots"] if b["vote_id"] in secret]
    # Neither the ballot secret nor any key derived from it is in the archive.
    text = json.dumps(document)
    ballot_secret = settings.ballot_secret_bytes()
    assert ballot_secret.decode() not in text
    keys = BallotKeys(ballot_secret)
    assert all(str(keys.of(v, True).key) not in text for v in secret)


async def test_existing_community_is_refused_and_nothing_changes(
    services: Services, clock: FakeClock, document: dict
):
    before = await all_rows(services.db)
    with pytest.raises(ArchiveRefused) as refused:
        await import_community(services.db, document, clock.now())
    assert refused.value.message("fr") == (
        "la communauté console:test-coop existe déjà dans cette base : rien n’a été importé"
    )
    assert await all_rows(services.db) == before


async def test_bad_archives_are_refused_and_change_nothing(
    services: Services,
    clock: FakeClock,
    document: dict,
    engine: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
):
    def refused(doc: object) -> str:
        path = tmp_path / "bad.json"
        path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
        with pytest.raises(ArchiveRefused) as caught:
            read_archive(path)
        return caught.value.message("fr")

    assert "JSON illisible ou tronqué" in refused(json.dumps(document)[:-200])
    assert "pas une archive de communauté" in refused({"format": "coopilote-practices"})
    assert "version d’archive non prise en charge : 2" in refused({**document, "version": 2})
    edited = json.loads(json.dumps(document))
    edited["tables"]["votes"][0]["title"] = "Autre"
    assert "empreinte ne correspond plus" in refused(edited)
    assert "fichier illisible" in _missing(tmp_path)

    async with target_services(engine, request, tmp_path, clock) as target:
        await fill(target, clock, OTHER_COMMUNITY)
        before = await all_rows(target.db)
        # Hand-made archives whose fingerprint matches: a vote that contradicts its
        # log, an edited event, a reference out of the community.
        edited["sha256"] = _digest(edited)
        with pytest.raises(ArchiveRefused) as caught:
            await import_community(target.db, edited, clock.now())
        assert "vote n° 1 diffère de son journal" in caught.value.message("fr")
        chained = json.loads(json.dumps(document))
        chained["tables"]["audit_events"][1]["data"] = '{"number":1}'
        chained["sha256"] = _digest(chained)
        with pytest.raises(ArchiveRefused) as caught:
            await import_community(target.db, chained, clock.now())
        assert "journal d’audit de l’archive ne se vérifie pas (edited)" in (
            caught.value.message("fr")
        )
        stray = json.loads(json.dumps(document))
        stray["tables"]["vote_electors"][0]["member_id"] = 999
        stray["sha256"] = _digest(stray)
        with pytest.raises(ArchiveRefused) as caught:
            await import_community(target.db, stray, clock.now())
        assert "hors de la communauté" in caught.value.message("fr")
        assert await all_rows(target.db) == before


def _missing(tmp_path: Path) -> str:
    with pytest.raises(ArchiveRefused) as caught:
        read_archive(tmp_path / "absent.json")
    return caught.value.message("fr")


def test_write_is_atomic_and_does_not_overwrite(tmp_path: Path):
    path = tmp_path / "a.json"
    path.write_text("ancienne sauvegarde")
    with pytest.raises(ArchiveRefused):
        write_archive(path, {"format": FORMAT})
    assert path.read_text() == "ancienne sauvegarde"
    write_archive(path, {"format": FORMAT}, replace=True)
    assert json.loads(path.read_text()) == {"format": FORMAT}
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]
