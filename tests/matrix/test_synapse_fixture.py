"""The test homeserver itself: real nio clients talk through it, in clear and encrypted."""

from __future__ import annotations

import asyncio
import json
import os
import urllib.error

import pytest
from nio import (
    JoinResponse,
    MegolmEvent,
    RoomCreateResponse,
    RoomMessageNotice,
    RoomMessageText,
    RoomSendResponse,
)

from tests.matrix.conftest import must
from tests.matrix.synapse import Synapse, http


def test_synapse_listens_on_loopback_only_with_federation_off(synapse: Synapse):
    config = json.loads(synapse.config.read_text())
    assert [lis["bind_addresses"] for lis in config["listeners"]] == [["127.0.0.1"]]
    assert config["federation_domain_whitelist"] == []
    assert config["bcrypt_rounds"] == 4
    if os.path.isdir("/dev/shm"):  # SQLite on tmpfs: rooms are created 3x faster
        assert synapse.dir.is_relative_to("/dev/shm")
    assert "versions" in http(f"{synapse.base_url}/_matrix/client/versions")


def test_registration_needs_the_shared_secret(synapse: Synapse):
    user = synapse.register()
    assert user.user_id.endswith(":localhost") and user.access_token
    url = f"{synapse.base_url}/_synapse/admin/v1/register"
    nonce = http(url)["nonce"]
    with pytest.raises(urllib.error.HTTPError) as refused:
        http(url, {"nonce": nonce, "username": "intruder", "password": "x", "mac": "00" * 20})
    assert refused.value.code == 403


async def test_two_members_exchange_a_notice_with_html(member_factory):
    alice, bob = await member_factory("alice"), await member_factory("bob")
    room = must(
        await alice.client.room_create(name="Coop", invite=[bob.user_id]), RoomCreateResponse
    )
    must(await bob.client.join(room.room_id), JoinResponse)
    must(
        await alice.client.room_send(
            room.room_id,
            "m.room.message",
            {
                "msgtype": "m.notice",
                "body": "Bonjour *Bob*",
                "format": "org.matrix.custom.html",
                "formatted_body": "Bonjour <b>Bob</b>",
            },
        ),
        RoomSendResponse,
    )
    seen = await bob.events_until(
        room.room_id, lambda evs: any(isinstance(e, RoomMessageNotice) for e in evs)
    )
    notice = next(e for e in seen if isinstance(e, RoomMessageNotice))
    assert notice.formatted_body == "Bonjour <b>Bob</b>" and notice.sender == alice.user_id


async def test_an_encrypted_direct_chat_decrypts_on_the_other_side(member_factory):
    alice = await member_factory("alice", encrypted=True)
    bob = await member_factory("bob", encrypted=True)
    room = must(
        await alice.client.room_create(
            is_direct=True,
            invite=[bob.user_id],
            initial_state=[
                {
                    "type": "m.room.encryption",
                    "state_key": "",
                    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
                }
            ],
        ),
        RoomCreateResponse,
    )
    must(await bob.client.join(room.room_id), JoinResponse)
    await alice.sync()  # learns that bob joined, then queries his device keys
    await alice.sync()
    must(
        await alice.client.room_send(
            room.room_id,
            "m.room.message",
            {"msgtype": "m.text", "body": "secret"},
            ignore_unverified_devices=True,
        ),
        RoomSendResponse,
    )
    seen = await bob.events_until(
        room.room_id, lambda evs: any(isinstance(e, RoomMessageText) for e in evs)
    )
    text = next(e for e in seen if isinstance(e, RoomMessageText))
    assert text.body == "secret" and text.decrypted
    # Every message was decrypted: none stayed an undecryptable MegolmEvent.
    assert not any(isinstance(e, MegolmEvent) for e in seen)


async def test_members_carry_on_after_synapse_restarts(synapse: Synapse, member_factory):
    alice, bob = await member_factory("alice"), await member_factory("bob")
    room = must(await alice.client.room_create(invite=[bob.user_id]), RoomCreateResponse)
    must(await bob.client.join(room.room_id), JoinResponse)
    await asyncio.to_thread(synapse.restart)  # the clients keep running meanwhile
    must(
        await alice.client.room_send(
            room.room_id, "m.room.message", {"msgtype": "m.text", "body": "encore là"}
        ),
        RoomSendResponse,
    )
    seen = await bob.events_until(
        room.room_id,
        lambda evs: any(isinstance(e, RoomMessageText) and e.body == "encore là" for e in evs),
    )
    assert seen
