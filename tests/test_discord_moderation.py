"""Moderator commands, forget-me and a case log that is down, on the wire."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storage.interface import CaseDraft, StoreError
from storage.sqlite import SqliteCaseStore
from tests.discord_wire import case_id_of, embed_text, running_bot
from tests.fake_discord import (
    ADMIN_ROLE_ID,
    GUILD_ID,
    MANAGE_MESSAGES,
    MEMBER_PERMISSIONS,
    MODERATOR_ROLE_ID,
    STAFF_ROLE_ID,
)
from tests.test_discord_commands import SITUATION
from tests.waiting import eventually


async def test_moderator_commands_are_a_separate_command_hidden_by_default(
    tmp_path: Path,
) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        synced = {c["name"]: c for c in wire.fake.commands[str(GUILD_ID)]}
        assert int(synced["jss-case"]["default_member_permissions"]) == MANAGE_MESSAGES
        assert synced["jss"]["default_member_permissions"] is None
        assert {o["name"] for o in synced["jss-case"]["options"]} == {
            "show",
            "search",
            "stats",
            "note",
        }
        assert "case" not in {o["name"] for o in synced["jss"]["options"]}


async def test_moderators_are_known_by_role_or_by_a_server_wide_permission(
    tmp_path: Path,
) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        for roles, permissions, moderator in (
            ((MODERATOR_ROLE_ID,), MEMBER_PERMISSIONS, True),
            ((STAFF_ROLE_ID,), MEMBER_PERMISSIONS | MANAGE_MESSAGES, True),  # via a role
            ((ADMIN_ROLE_ID,), MEMBER_PERMISSIONS, True),  # Manage Server
            # Manage Messages in this one channel only (an overwrite): not a moderator.
            ((), MEMBER_PERMISSIONS | MANAGE_MESSAGES, False),
            ((), MEMBER_PERMISSIONS, False),
        ):
            payload = wire.fake.command("jss", "help", roles=roles, permissions=permissions)
            await wire.interact(payload)
            listing = embed_text(await wire.follow_up(payload))
            assert ("Moderator commands" in listing) is moderator


async def test_moderator_allowed_by_role_and_refused_to_a_member(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        asked = wire.fake.command("jss", "check", situation=SITUATION)
        await wire.interact(asked)
        case_id = case_id_of(await wire.follow_up(asked))
        await eventually(lambda: wire.store.get(case_id))
        show = wire.fake.command("jss-case", "show", roles=(MODERATOR_ROLE_ID,), case=case_id)
        callback = await wire.interact(show)
        assert callback.json == {"type": 5, "data": {"flags": 64}}
        shown = await wire.follow_up(show)
        assert case_id in embed_text(shown) and shown.json["flags"] == 64
        # Discord hides the command from members, but a member who calls it anyway is refused.
        refused_call = wire.fake.command("jss-case", "show", case=case_id)
        await wire.interact(refused_call)
        refused = await wire.follow_up(refused_call)
        assert "Moderators only" in embed_text(refused) and refused.json["flags"] == 64
        assert "$5,600" not in embed_text(refused)


async def test_forget_me_deletes_the_members_cases(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        asked = wire.fake.command("jss", "check", situation=SITUATION)
        await wire.interact(asked)
        case_id = case_id_of(await wire.follow_up(asked))
        await eventually(lambda: wire.store.get(case_id))
        forget = wire.fake.command("jss", "forget-me")
        assert (await wire.interact(forget)).json == {"type": 5, "data": {"flags": 64}}
        done = await wire.follow_up(forget)
        assert done.json["flags"] == 64
        assert await wire.store.get(case_id) is None


class FlakyStore(SqliteCaseStore):
    """The real SQLite store, unable to write until `healthy` is set."""

    healthy = False

    async def record(self, draft: CaseDraft) -> str:
        if not self.healthy:
            raise StoreError("the case log is down")
        return await super().record(draft)

    async def record_many(self, drafts: list[CaseDraft]) -> list[str]:
        if not self.healthy:
            raise StoreError("the case log is down")
        return await super().record_many(drafts)

    async def seen(self, key: str) -> bool:
        if not self.healthy:
            raise StoreError("the case log is down")
        return await super().seen(key)


async def test_with_the_case_log_down_the_answer_goes_out_and_the_case_follows(
    tmp_path: Path,
) -> None:
    store = FlakyStore(tmp_path / "cases.db")
    async with running_bot(tmp_path / "cases.db", store=store) as wire:
        asked = wire.fake.command("jss", "check", situation=SITUATION)
        await wire.interact(asked)
        answer = await wire.follow_up(asked)
        case_id = case_id_of(answer)
        assert "Likely" in embed_text(answer) and not answer.json.get("flags")
        assert await wire.store.get(case_id) is None
        assert wire.writer.pending == 1
        store.healthy = True  # the case log is back: the kept case is retried and stored
        stored: Any = await eventually(lambda: wire.store.get(case_id))
        assert stored.draft.channel_kind == "slash"
