"""Practices you can trust: valid text at every boundary, authority read fresh, moderation that
sticks, purged versions (Loi 25), and the review's smaller defects."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from bot.core.app import Services
from bot.core.clock import FakeClock
from bot.core.errors import InvalidInput, NotFound, PermissionDenied, StateConflict
from bot.core.practices.exchange import parse_document
from bot.core.practices.inert import inert_markdown
from bot.settings import Settings
from tests.conftest import actor
from tests.core.practices.helpers import record, snapshot

ANA = actor("Ana", "Membre")
BOB = actor("Bob", "Membre")
MOD = actor("Mo", "Modération")
ADMIN = actor("Adèle", admin=True)
DEMOTED = actor("Adèle")  # the same person after the platform took the admin flag away


def _doc(*records: object) -> str:
    # ensure_ascii: a lone surrogate travels as « \udfff », as in the review's file.
    return json.dumps({"format": "coopilote-practices", "version": 1, "practices": list(records)})


# ----------------------------------------------------------------------------- valid text

# Every hostile string of the review, in every kind of field.
HOSTILE_TEXT = {
    "lone surrogate": "avant\udfffaprès",
    "terminal escapes": "\x1b[2K\r12 pratique(s) importée(s).",
    "bidi override": "abc\u202edef",
    "arabic letter mark": "mot\u061cclé",
    "byte order mark": "\ufeffdébut",
    "word joiner": "mot\u2060clé",
    "soft hyphen": "coo\u00adpérative",
    "nul": "a\x00b",
    "markup": "<script>alert(1)</script> @everyone [x](javascript:y) **gras**",
    "ordered list": "1. Première étape\n2. Deuxième étape",
}
INVISIBLE = ("\udfff", "\x1b", "\r", "\u202e", "\u061c", "\ufeff", "\u2060", "\u00ad", "\x00")


@pytest.mark.parametrize("field", ["title", "actions", "tags", "author"])
@pytest.mark.parametrize("name", list(HOSTILE_TEXT))
async def test_every_hostile_string_imports_cleaned_or_refused_and_exports(
    services: Services, field: str, name: str
):
    value = HOSTILE_TEXT[name]
    data = _doc(record(**{field: [value[:45]] if field == "tags" else value}))
    before = await snapshot(services)
    try:
        await services.practices.import_json(ADMIN, data)
    except InvalidInput as exc:
        # Refused whole, with a message that can be printed and names the field.
        message = exc.message("fr")
        message.encode("utf-8")
        assert "caractères invalides" in message and "Rien n’a été importé" in message
        assert not any(c in message for c in INVISIBLE)
        assert await snapshot(services) == before
        assert name == "lone surrogate"
    else:
        assert name != "lone surrogate"
    exported = await services.practices.export_json(ADMIN)
    markdown = await services.practices.export_markdown(ANA)
    for out in (exported, markdown):
        out.encode("utf-8")  # never a UnicodeEncodeError
        assert not any(c in out for c in INVISIBLE)


async def test_a_broken_record_stored_before_the_cleaning_does_not_block_the_backup(
    services: Services,
):
    view = await services.practices.post(ANA, record(title="Fiche abîmée"))
    # As the review found it: a lone surrogate in a tag, stored by an earlier version.
    async with services.db.transaction() as session:
        await session.execute(
            text("UPDATE practices SET tags = :tags WHERE id = :id"),
            {"tags": '["ok", "\\udfff"]', "id": view.id},
        )
    report = await services.practices.export_json_report(ADMIN)
    report.text.encode("utf-8")
    assert json.loads(report.text)["practices"][0]["tags"] == ["ok", "\ufffd"]
    assert [r.message("fr") for r in report.repairs] == [
        "Fiche n° 1 (« Fiche abîmée »), champ « Mots-clés » : un caractère invalide "
        "enregistré avant la vérification du texte est exporté comme « \ufffd »."
    ]
    (await services.practices.export_markdown(ANA)).encode("utf-8")
    seen = await services.practices.view(BOB, view.id)
    assert seen.content.tags == ("ok", "\udfff")  # stored as is; renderers show « � »
    assert inert_markdown(seen.content.tags[1]) == "\ufffd"


async def test_an_import_error_quotes_the_title_cleaned(services: Services):
    fake = "\x1b[2K\r12 pratique(s) importée(s).\udfff"
    data = _doc(record(title=fake, need="x" * 5000))
    with pytest.raises(InvalidInput) as caught:
        await services.practices.import_json(ADMIN, data)
    message = caught.value.message("fr")
    message.encode("utf-8")
    assert "\x1b" not in message and "\r" not in message
    assert message.startswith("Fiche n° 1 (« [2K12 pratique(s) importée(s).\ufffd »)")


def test_json_errors_are_explained_in_words_never_cut():
    cases = {
        '{"practices": [], "practices": []}': "Le fichier JSON répète la clé « practices »",
        '{"practices": [{"title": NaN}]}': "contient « NaN », qui n’est pas un nombre JSON",
        '{"practices": [{"title": Infinity}]}': "« Infinity »",
        '{"practices": [{"useful_count": 1' + "0" * 5000 + "}]}": "nombre beaucoup trop long",
    }
    for data, expected in cases.items():
        with pytest.raises(InvalidInput) as caught:
            parse_document(data)
        message = caught.value.message("fr")
        assert expected in message and message.endswith("Rien n’a été importé."), message
        assert "duplicate" not in message and "constant" not in message


def test_a_big_file_is_refused_with_its_own_size():
    big = b'{"practices": [' + b" " * (10 * 1024 * 1024 + 512 * 1024) + b"]}"
    with pytest.raises(InvalidInput) as caught:
        parse_document(big)
    assert "Fichier trop gros (10,5 Mo; maximum 5 Mo)" in caught.value.message("fr")
    assert "(10.5 MB; at most 5 MB)" in caught.value.message("en")
    # Only the beginning was read: the whole file's size is said, not the part read.
    with pytest.raises(InvalidInput) as caught:
        parse_document(big[: 5 * 1024 * 1024 + 1], size=len(big))
    assert "(10,5 Mo; maximum 5 Mo)" in caught.value.message("fr")


# ----------------------------------------------------------------------------- authority


async def test_authority_is_read_fresh_on_every_read(services: Services):
    view = await services.practices.post(ANA, record())
    await services.practices.edit(ANA, view.id, {"results": "Revu"})
    await services.practices.withdraw(ANA, view.id)
    assert (await services.practices.view(ADMIN, view.id)).withdrawn  # stores the admin flag
    # Demoted on the platform: no more moderator reads, before any write of theirs.
    with pytest.raises(NotFound):
        await services.practices.view(DEMOTED, view.id)
    with pytest.raises(NotFound):
        await services.practices.versions(DEMOTED, view.id)
    assert (await services.practices.withdrawn(DEMOTED)).total == 0
    assert (await services.practices.withdrawn(ADMIN)).total == 1


# ----------------------------------------------------------------------------- moderation


async def test_a_moderators_withdrawal_sticks_and_tells_the_author_why(services: Services):
    view = await services.practices.post(ANA, record())
    before = await snapshot(services)
    with pytest.raises(InvalidInput) as caught:
        await services.practices.withdraw(MOD, view.id)
    assert "motif" in caught.value.message("fr")
    assert await snapshot(services) == before
    await services.practices.withdraw(MOD, view.id, "Coordonnées personnelles d’un tiers")
    seen = await services.practices.view(ANA, view.id)
    assert seen.withdrawn and seen.withdrawn_as == "moderator" and seen.withdrawn_by == "Mo"
    assert seen.withdrawn_reason == "Coordonnées personnelles d’un tiers"
    assert not seen.can_restore
    with pytest.raises(PermissionDenied) as caught:
        await services.practices.restore(ANA, view.id)
    assert "seule la modération" in caught.value.message("fr")
    restored = await services.practices.restore(MOD, view.id)
    assert not restored.withdrawn and restored.withdrawn_reason == ""


async def test_the_author_restores_their_own_withdrawal(services: Services):
    view = await services.practices.post(ANA, record())
    await services.practices.withdraw(ANA, view.id)
    assert (await services.practices.view(ANA, view.id)).can_restore
    assert not (await services.practices.restore(ANA, view.id)).withdrawn


async def test_a_withdrawn_record_cannot_be_shared(services: Services):
    view = await services.practices.post(ANA, record())
    await services.practices.withdraw(ANA, view.id)
    before = await snapshot(services)
    with pytest.raises(StateConflict) as caught:
        await services.practices.set_shared(ANA, view.id, True)
    assert "retirée" in caught.value.message("fr")
    assert await snapshot(services) == before


# ----------------------------------------------------------------------------- purge (Loi 25)

PHONE = "418 555-0199"


async def test_a_purged_version_keeps_who_when_and_why_never_the_text(services: Services):
    view = await services.practices.post(ANA, record(advice=f"Appelez Luc au {PHONE}."))
    await services.practices.edit(MOD, view.id, {"advice": "Appelez la coop."})
    before = await snapshot(services)
    for refused in (
        services.practices.purge_version(BOB, view.id, 1, "Téléphone"),  # not theirs
        services.practices.purge_version(MOD, view.id, 2, "Téléphone"),  # the current one
        services.practices.purge_version(MOD, view.id, 1, "  "),  # no reason
        services.practices.purge_version(MOD, view.id, 9, "Téléphone"),  # no such version
    ):
        with pytest.raises((PermissionDenied, StateConflict, InvalidInput, NotFound)):
            await refused
    assert await snapshot(services) == before
    history = await services.practices.purge_version(
        MOD, view.id, 1, "Numéro de téléphone personnel"
    )
    assert history[0].purged and history[0].purged_by == "Mo"
    assert history[0].purge_reason == "Numéro de téléphone personnel"
    for who in (ANA, BOB, MOD):
        versions = await services.practices.versions(who, view.id)
        assert PHONE not in repr(versions)
        assert versions[0].purged and versions[1].content.advice == "Appelez la coop."
    assert PHONE not in await services.practices.export_json(ADMIN)
    assert PHONE not in repr(await snapshot(services))
    with pytest.raises(StateConflict):
        await services.practices.purge_version(ANA, view.id, 1, "Encore")


# It migrates a new database from an old revision: the run's PostgreSQL database is at head.
@pytest.mark.sqlite_only
async def test_withdrawals_made_before_the_migration_stay_restorable_by_their_author(
    settings: Settings, clock: FakeClock
):
    from bot.core.app import open_services
    from bot.core.db import Database
    from bot.core.migrate import upgrade

    db = Database(settings.resolved_database_url())
    await upgrade(db, "0003")
    async with db.transaction() as session:
        await session.execute(
            text(
                "INSERT INTO communities (id, platform, external_id, name, language, timezone, "
                "settings, created_at) VALUES (1, 'console', 'test-coop', 'Coop de test', 'fr', "
                "'America/Montreal', '{}', '2026-11-01 00:00:00')"
            )
        )
        await session.execute(
            text(
                "INSERT INTO members (id, community_id, user_id, display_name, roles, is_admin, "
                "active, first_seen, last_seen) VALUES (1, 1, 'u-ana', 'Ana', '[]', 0, 1, "
                "'2026-11-01 00:00:00', '2026-11-01 00:00:00')"
            )
        )
        await session.execute(
            text(
                "INSERT INTO practices (id, community_id, uid, author_id, author_name, status, "
                "shared, language, title, org_type, sector, size, region, organisation, period, "
                "need, actions, results, advice, tools, families, tags, version, useful_count, "
                "useful_imported, created_at, updated_at, withdrawn_at, withdrawn_by) VALUES "
                "(1, 1, 'u1', 1, 'Ana', 'withdrawn', 0, 'fr', 'Ancienne', '', '', '', '', '', "
                "'', '', 'Fait.', '', '', '[]', '[]', '[]', 1, 0, 0, '2026-11-01 00:00:00', "
                "'2026-11-01 00:00:00', '2026-11-02 00:00:00', 'Ana')"
            )
        )
    await db.dispose()
    services = await open_services(settings, clock=clock)
    try:
        # Its backup says so, and can be read back (a withdrawal says as what it was made).
        exported = json.loads(await services.practices.export_json(ADMIN))
        assert exported["practices"][0]["withdrawn_as"] == "author"
        parse_document(json.dumps(exported))
        assert not (await services.practices.restore(ANA, 1)).withdrawn
    finally:
        await services.close()
