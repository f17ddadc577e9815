"""Slash commands on the wire: what the bot sends back to Discord, and what it logs."""

from __future__ import annotations

from pathlib import Path

from tests.discord_wire import running_bot
from tests.fake_discord import GUILD_ID

SITUATION = (
    "$0 contract, client threatens a bad review; three other contracts of $5,600, "
    "$2,500 and $10,000 all went well; not Top Rated"
)


async def test_check_defers_then_answers_with_the_estimate(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        synced = wire.fake.commands[str(GUILD_ID)]
        assert {c["name"] for c in synced} == {"jss", "jss-case"}
        payload = wire.fake.command("jss", "check", situation=SITUATION)
        callback = await wire.interact(payload)
        assert callback.json["type"] == 5  # deferred: acknowledged before any work
        assert not (callback.json.get("data") or {}).get("flags")  # public
        answer = await wire.follow_up(payload)
        assert answer.json["allowed_mentions"] == {"parse": []}
        embed = answer.json["embeds"][0]
        names = [field["name"] for field in embed["fields"]]
        assert {"Best", "Likely", "Worst"} <= set(names)
        print(answer.json)
