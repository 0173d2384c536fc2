"""A copy of the database file, taken while a secret vote is open, links nobody to a choice."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import shutil
import sqlite3
import stat
from pathlib import Path

from bot.core.app import open_services
from bot.core.clock import FakeClock
from bot.core.communities import MemberInfo
from bot.core.decisions.options import RuleChoices
from tests.conftest import COMMUNITY, make_settings
from tests.core.decisions.conftest import BOARD, board_actor


def _key_like(db: Path) -> set[bytes]:
    """Every value of the copied database that could serve as a key, in every spelling."""
    found: set[bytes] = set()
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    if isinstance(value, bytes) and len(value) >= 16:
                        found.add(value)
                    elif isinstance(value, str) and len(value) >= 16:
                        found.add(value.encode())
                        with contextlib.suppress(ValueError):
                            found.add(bytes.fromhex(value))
    return found


def _attack(db: Path) -> list[tuple[int, str]]:
    """Try to tell whose ballot each stored voter is: hash every member id with every
    key-like value (directly, and as the per-vote key derived from it)."""
    with sqlite3.connect(db) as conn:
        voters = {v for (v,) in conn.execute("SELECT voter FROM ballots")}
        members = [m for (m,) in conn.execute("SELECT id FROM members")]
        votes = [v for (v,) in conn.execute("SELECT id FROM votes")]
    linked: list[tuple[int, str]] = []
    for key in _key_like(db):
        derived = [key] + [
            bytes.fromhex(hmac.new(key, f"vote:{v}".encode(), hashlib.sha256).hexdigest())
            for v in votes
        ]
        for k in derived:
            for mid in members:
                for spelling in (str(mid).encode(), mid.to_bytes(8, "big")):
                    digest = hmac.new(k, spelling, hashlib.sha256).hexdigest()
                    if digest in voters:
                        linked.append((mid, digest))
                    if hashlib.sha256(k + spelling).hexdigest() in voters:
                        linked.append((mid, "sha256"))
    return linked


async def test_a_copied_database_links_no_voter_to_a_choice(tmp_path: Path):
    folder = tmp_path / "data"
    services = await open_services(make_settings(folder), clock=FakeClock())
    try:
        infos = [MemberInfo(f"u-{n.lower()}", n, frozenset({"CA"})) for n in BOARD]
        await services.communities.sync_members(COMMUNITY, infos)
        people = [board_actor(n) for n in BOARD]
        d = services.decisions
        view = await d.propose(
            people[0], "Que le CA fixe les salaires.", choices=RuleChoices(secret=True)
        )
        await d.second(people[1], view.number)
        for who, choice in zip(people[:4], ("pour", "contre", "pour", "abstention"), strict=True):
            await d.cast(who, view.number, choice)
        await d.cast(people[1], view.number, "pour")  # a changed ballot
        # The sanity check: with the secret kept outside the database, the link is there.
        async with services.db.reading() as session:
            from sqlalchemy import text

            vote_id = await session.scalar(text("SELECT id FROM votes"))
            stored = set(await session.scalars(text("SELECT voter FROM ballots")))
            member_ids = list(await session.scalars(text("SELECT id FROM members ORDER BY id")))
        from bot.core.decisions.secrecy import voter_key

        key = d.keys.of(vote_id, True)
        assert len({voter_key(key, m) for m in member_ids} & stored) == 4
        # Copy the file (and its journal) while the vote is open, as anyone could.
        copy = tmp_path / "copy"
        copy.mkdir()
        for path in folder.iterdir():
            if path.name.startswith("coopilote.db"):
                shutil.copy(path, copy / path.name)
    finally:
        await services.close()
    db = copy / "coopilote.db"
    assert _attack(db) == []
    with sqlite3.connect(db) as conn:
        # Nothing per voter but « has voted » (and not even that while the vote is open),
        # and no key left in the vote row.
        keys = conn.execute("SELECT count(*) FROM votes WHERE ballot_key IS NOT NULL")
        assert keys.fetchone()[0] == 0
        voted = conn.execute("SELECT count(*) FROM vote_electors WHERE voted IS NOT NULL")
        assert voted.fetchone()[0] == 0
        events = [d for (d,) in conn.execute("SELECT data FROM audit_events")]
    assert not any('"choice"' in e for e in events)
    # The secret itself never enters the data folder.
    secret = make_settings(folder).ballot_secret_bytes()
    raw = b"".join(p.read_bytes() for p in copy.iterdir())
    assert secret not in raw


async def test_the_data_folder_and_database_are_owner_only(tmp_path: Path):
    folder = tmp_path / "data"
    settings = make_settings(folder)
    services = await open_services(settings, clock=FakeClock())
    try:
        await services.communities.sync_members(COMMUNITY, [MemberInfo("u-a", "A")])
    finally:
        await services.close()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.iterdir():
        if path.name.startswith("coopilote.db"):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    key_file = settings.ballot_key_path()
    assert key_file.exists() and folder not in key_file.parents
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    # The same secret on every start (a restart must still know who voted on open votes).
    assert make_settings(folder).ballot_secret_bytes() == settings.ballot_secret_bytes()


def _read_key(folder: Path, barrier: object) -> str:
    """One bot process starting: wait for the others, then read (or create) the ballot key."""
    barrier.wait()  # type: ignore[attr-defined]
    try:
        return make_settings(folder).ballot_secret_bytes().decode("ascii")
    except ValueError as error:
        return f"error: {error}"


def test_processes_starting_together_share_one_whole_ballot_key(tmp_path: Path):
    """Bot processes starting at once on a new machine all read the same complete key."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    workers = 6
    with context.Manager() as manager, ProcessPoolExecutor(workers, mp_context=context) as pool:
        for round_ in range(30):
            folder = tmp_path / f"start-{round_}" / "data"
            barrier = manager.Barrier(workers)
            keys = list(pool.map(_read_key, [folder] * workers, [barrier] * workers))
            assert len(set(keys)) == 1, keys
            assert len(keys[0]) == 64 and int(keys[0], 16) >= 0, keys
            # Only the key file is left beside the data folder: no half-written copies.
            assert [p.name for p in folder.parent.iterdir()] == [".data-ballots.key"]
