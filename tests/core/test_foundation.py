"""The foundation: migrations, settings, communities and members, text and dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from bot.core.app import Services
from bot.core.communities import MemberInfo
from bot.core.errors import InvalidInput, PermissionDenied
from bot.core.migrate import current_revision, head_revision
from bot.core.text import clean_text, fold, words
from bot.core.timefmt import format_date, format_datetime, format_duration
from bot.models import Base, Member
from bot.settings import Settings
from tests.conftest import COMMUNITY, OTHER_COMMUNITY, actor, make_settings


@pytest.mark.sqlite_only  # the file; tests/core/test_postgres_foundation.py has both engines
async def test_database_is_created_and_migrated_to_head(services: Services, settings: Settings):
    assert (settings.data_dir / "coopilote.db").exists()
    assert await current_revision(services.db) == head_revision()


async def test_migrations_match_the_models(services: Services):
    """Autogenerate finds nothing to do: the migrations build exactly the models' schema."""

    def diff(sync_conn):  # type: ignore[no-untyped-def]
        ctx = MigrationContext.configure(sync_conn, opts={"compare_type": True})
        return compare_metadata(ctx, Base.metadata)

    async with services.db.engine.connect() as conn:
        changes = await conn.run_sync(diff)
    # Full-text index tables are the search engine's, not the models'.
    changes = [c for c in changes if "fts" not in str(c) and "practices_search" not in str(c)]
    assert changes == []


async def test_member_roles_follow_the_platform(services: Services):
    sophie = actor("Sophie", "CA")
    async with services.db.transaction() as session:
        _, member = await services.communities.member(session, sophie)
        assert member.roles == ["CA"]
    async with services.db.transaction() as session:
        _, member = await services.communities.member(session, actor("Sophie", "Membre"))
        assert member.roles == ["Membre"]


async def test_sync_members_marks_departures_inactive(services: Services):
    await services.communities.sync_members(
        COMMUNITY, [MemberInfo("u-a", "A", frozenset({"CA"})), MemberInfo("u-b", "B")]
    )
    await services.communities.sync_members(COMMUNITY, [MemberInfo("u-a", "A", frozenset({"CA"}))])
    async with services.db.reading() as session:
        rows = {m.user_id: m.active for m in await session.scalars(select(Member))}
    assert rows == {"u-a": True, "u-b": False}


async def test_communities_are_separate(services: Services):
    async with services.db.transaction() as session:
        c1, _ = await services.communities.member(session, actor("Ana"))
        c2, _ = await services.communities.member(session, actor("Ana", community=OTHER_COMMUNITY))
    assert c1.id != c2.id


async def test_only_admins_change_settings(services: Services):
    with pytest.raises(PermissionDenied):
        await services.communities.update_settings(actor("Bob", "CA"), board_role="Conseil")
    view = await services.communities.update_settings(
        actor("Alice", admin=True), board_role="Conseil", timezone="America/Toronto"
    )
    assert view.settings["board_role"] == "Conseil"
    assert view.timezone == "America/Toronto"
    with pytest.raises(InvalidInput):
        await services.communities.update_settings(actor("Alice", admin=True), timezone="Mars/Base")


def test_settings_default_to_sqlite_in_the_data_folder(tmp_path):
    settings = make_settings(tmp_path / "d")
    url = settings.resolved_database_url()
    assert url.startswith("sqlite+aiosqlite:///") and url.endswith("coopilote.db")
    assert (tmp_path / "d").is_dir()


def test_secrets_are_never_printed(tmp_path):
    settings = make_settings(tmp_path, discord_token="tres-secret", matrix_password="mdp-secret")
    shown = repr(settings) + str(settings) + settings.model_dump_json()
    assert "tres-secret" not in shown and "mdp-secret" not in shown


def test_unknown_timezone_is_refused(tmp_path):
    with pytest.raises(ValueError):
        make_settings(tmp_path, timezone="Nowhere/City")


def test_folding_and_words():
    assert fold("Réseaux SOCIAUX") == "reseaux sociaux"
    assert words("L’assemblée générale d'automne") == ["assemblee", "generale", "automne"]


def test_clean_text_strips_controls_and_enforces_limits():
    assert clean_text("  bon\x00jour\x1b  ", limit=10) == "bonjour"
    with pytest.raises(InvalidInput):
        clean_text("x" * 11, limit=10)
    with pytest.raises(InvalidInput):
        clean_text(" \n ", limit=10, required=True)


def test_quebec_dates():
    when = datetime(2026, 12, 1, 19, 5, tzinfo=UTC)  # 14 h 05 in Montréal
    assert format_datetime(when, "America/Montreal") == "mardi 1er décembre 2026 à 14 h 05"
    assert format_datetime(when, "America/Montreal", "en") == (
        "Tuesday, December 1, 2026 at 2:05 p.m."  # en_CA (CLDR), was « PM »
    )
    assert format_date(when, "America/Montreal") == "1er décembre 2026"
    assert format_duration(timedelta(days=2, hours=3)) == "2 jours 3 h"
