"""A role configured by its platform id follows its renames (both engines)."""

from __future__ import annotations

from bot.core.actor import Actor, CommunityRef
from bot.core.app import Services

REF = CommunityRef("discord", "42", "Coop")


async def test_a_role_chosen_by_id_takes_its_new_name_and_others_stay(services: Services):
    admin = Actor(REF, "1", "Admin", is_admin=True)
    await services.communities.update_settings(
        admin, board_role="CA", board_role_id="900", member_role="Membre"
    )
    # A role configured by id, renamed on the platform: the setting follows it.
    assert await services.communities.follow_role(REF, "900", "Conseil") == ["board_role"]
    # A role nobody chose by id (matched by name until then): nothing changes.
    assert await services.communities.follow_role(REF, "901", "Membres") == []
    view = await services.communities.settings(REF)
    assert view.settings["board_role"] == "Conseil" and view.settings["member_role"] == "Membre"
    assert view.settings["board_role_id"] == "900"
