"""Two communities on one bot: a moderator of one sees nothing of the other's cases,
through any command or button, on Discord and on Slack."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests import discord_wire, slack_wire
from tests.discord_wire import case_id_of, embed_text
from tests.fake_discord import GUILD_ID, OTHER_GUILD_ID, STAFF_ROLE_ID, FakeDiscord
from tests.fake_slack import OTHER_TEAM_ID, TEAM_ID
from tests.test_discord_commands import SITUATION
from tests.test_slack_commands import case_id_of as slack_case_id
from tests.test_slack_commands import joined
from tests.waiting import eventually

STAFF = 900_000_000_000_002_001  # holds the staff role, in whichever server is asked about
SECRETS = ("5,600", "5600", "10,000", "threat", "zero-dollar", "Likely")


async def test_discord_a_moderator_of_one_server_sees_nothing_of_another(tmp_path: Path) -> None:
    fake = FakeDiscord()
    fake.guilds = (GUILD_ID, OTHER_GUILD_ID)
    await fake.start()
    try:
        async with discord_wire.running_bot(
            tmp_path / "cases.db", fake=fake, discord_guild_ids=f"{GUILD_ID},{OTHER_GUILD_ID}"
        ) as wire:
            asked = fake.command("jss", "check", situation=SITUATION)
            await wire.interact(asked)
            answer = await wire.follow_up(asked)
            case_id = case_id_of(answer)
            await eventually(lambda: wire.store.get(case_id))

            async def moderator(guild: int, *path: str, **options: str) -> str:
                payload = fake.command(
                    "jss-case",
                    *path,
                    user_id=STAFF,
                    roles=(STAFF_ROLE_ID,),
                    guild_id=guild,
                    **options,
                )
                await wire.interact(payload)
                return embed_text(await wire.follow_up(payload))

            seen = {
                "show": await moderator(OTHER_GUILD_ID, "show", case=case_id),
                "search": await moderator(OTHER_GUILD_ID, "search", query="tag:threat"),
                "stats": await moderator(OTHER_GUILD_ID, "stats", period="all"),
                "note": await moderator(OTHER_GUILD_ID, "note", case=case_id, text="seen"),
            }
            assert "can't find case" in seen["show"] and "can't find case" in seen["note"]
            assert "No cases match" in seen["search"]
            assert "**0** cases" in seen["stats"] or "0 cases" in seen["stats"]
            press = fake.button(
                f"jss:details:{case_id}",
                user_id=STAFF,
                roles=(STAFF_ROLE_ID,),
                guild_id=OTHER_GUILD_ID,
                on_message=fake.message_from_sent(answer),
            )
            pressed = await wire.interact(press)
            seen["button"] = str(pressed.json)
            for command, text in seen.items():
                for secret in SECRETS:
                    assert secret not in text, (command, secret)
            stored = await wire.store.get(case_id)
            assert stored is not None and not stored.notes, "no note reached the other's case"
            # The community's own moderator does see it.
            assert case_id in await moderator(GUILD_ID, "show", case=case_id)
    finally:
        await fake.stop()


async def test_slack_a_moderator_of_one_workspace_sees_nothing_of_another(
    tmp_path: Path,
) -> None:
    mine, theirs = "U0MODMINE", "U0MODTHEIRS"
    async with slack_wire.running_bot(tmp_path / "cases.db", moderators=[mine, theirs]) as wire:
        status, _ = await wire.slack.command(f"check {SITUATION}", team=TEAM_ID)
        assert status == 200
        (summary,) = await wire.fake.wait_for("chat.postMessage")
        case_id = slack_case_id(summary)
        await eventually(lambda: wire.store.get(case_id))

        async def moderator(user: str, team: str, text: str) -> str:
            status, tag = await wire.slack.command(text, user=user, team=team)
            assert status == 200
            (call,) = await wire.fake.wait_for(
                "response_url", where=lambda c: c.data["_tag"] == tag
            )
            return joined(call)

        seen = {
            "show": await moderator(theirs, OTHER_TEAM_ID, f"case show {case_id}"),
            "search": await moderator(theirs, OTHER_TEAM_ID, "case search tag:threat"),
            "stats": await moderator(theirs, OTHER_TEAM_ID, "case stats all"),
            "note": await moderator(theirs, OTHER_TEAM_ID, f"case note {case_id} seen it"),
        }
        assert "can't find case" in seen["show"] and "can't find case" in seen["note"]
        assert "No cases match" in seen["search"]
        assert "*0*" in seen["stats"] or " 0 cases" in seen["stats"]
        payload = wire.slack.button_payload("jss-details", case_id, user=theirs, team=OTHER_TEAM_ID)
        before = len(wire.fake.calls)
        assert (await wire.slack.interaction(payload))[0] == 200
        await wire.fake.wait_for("response_url", where=lambda c: "button" in c.data["_tag"])
        seen["button"] = "\n".join(joined(call) for call in wire.fake.calls[before:])
        for command, text in seen.items():
            for secret in SECRETS:
                assert secret not in text, (command, secret)
        stored = await wire.store.get(case_id)
        assert stored is not None and not stored.notes
        assert case_id in await moderator(mine, TEAM_ID, f"case show {case_id}")


async def test_slack_a_workspace_not_listed_is_not_served(tmp_path: Path) -> None:
    async with slack_wire.running_bot(tmp_path / "cases.db", allowed_teams=[TEAM_ID]) as wire:
        status, body = await wire.slack.send(*_command(wire, f"check {SITUATION}", OTHER_TEAM_ID))
        assert status == 200 and "not set up to serve this workspace" in body
        assert not wire.fake.of("chat.postMessage", "response_url")
        status, _ = await wire.slack.command("help", team=TEAM_ID)
        await wire.fake.wait_for("response_url")


def _command(wire: slack_wire.Wire, text: str, team: str) -> tuple[str, str]:
    body, _ = wire.slack.command_body(text, team=team)
    return body, "application/x-www-form-urlencoded"


async def test_discord_a_server_not_listed_is_left(tmp_path: Path) -> None:
    fake = FakeDiscord()
    fake.guilds = (GUILD_ID, OTHER_GUILD_ID)
    await fake.start()
    try:
        async with discord_wire.running_bot(
            tmp_path / "cases.db",
            fake=fake,
            discord_guild_ids=f"{GUILD_ID},{OTHER_GUILD_ID}",
            discord_allowed_guild_ids=str(GUILD_ID),
        ) as wire:
            await eventually(lambda: asyncio.sleep(0, fake.left_guilds == [OTHER_GUILD_ID]))
            refused = fake.command("jss", "help", guild_id=OTHER_GUILD_ID)
            callback = await wire.interact(refused)
            assert callback.json["type"] == 4
            assert "not set up to serve this server" in str(callback.json)
    finally:
        await fake.stop()
