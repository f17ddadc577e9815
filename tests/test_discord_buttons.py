"""Buttons under an answer on the wire: only the asker may use them, also after a restart."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.discord_wire import Wire, case_id_of, running_bot
from tests.fake_discord import OTHER_MEMBER_ID, FakeDiscord, Recorded
from tests.test_discord_commands import SITUATION


def sent_message(fake: FakeDiscord, sent: Recorded) -> dict[str, Any]:
    """The message as Discord would show it in a button press: the bot's answer with buttons."""
    return fake.message_from_sent(sent)


async def answered(wire: Wire) -> Recorded:
    payload = wire.fake.command("jss", "check", situation=SITUATION)
    await wire.interact(payload)
    return await wire.follow_up(payload)


async def test_details_answer_the_asker_and_refuse_another_member(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        answer = await answered(wire)
        case_id = case_id_of(answer)
        on = sent_message(wire.fake, answer)
        press = wire.fake.button(f"jss:details:{case_id}", on_message=on)
        callback = await wire.interact(press)
        assert callback.json["type"] == 4  # answered directly, only to the asker
        assert callback.json["data"]["flags"] == 64
        assert callback.json["data"]["allowed_mentions"] == {"parse": []}
        shown = str(callback.json["data"]["embeds"])
        assert "Details" in shown and "Your options" in shown and "What I read" in shown
        other = wire.fake.button(f"jss:details:{case_id}", user_id=OTHER_MEMBER_ID, on_message=on)
        refused = await wire.interact(other)
        assert refused.json["data"]["flags"] == 64
        assert "Not your answer" in str(refused.json["data"]["embeds"])
        assert "Your options" not in str(refused.json["data"]["embeds"])


async def test_an_old_what_if_button_asks_the_top_question(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        answer = await answered(wire)
        case_id = case_id_of(answer)
        # Answers sent before questions had choices carry a What-if button.
        old = json.loads(
            json.dumps(sent_message(wire.fake, answer)).replace("jss:details:", "jss:what-if:")
        )
        press = wire.fake.button(f"jss:what-if:{case_id}", on_message=old)
        callback = await wire.interact(press)
        assert callback.json["type"] == 4 and callback.json["data"]["flags"] == 64
        assert "still open" in str(callback.json["data"]["embeds"])


async def test_buttons_keep_working_after_a_restart(tmp_path: Path) -> None:
    fake = FakeDiscord()
    await fake.start()
    try:
        async with running_bot(tmp_path / "cases.db", fake=fake) as wire:
            answer = await answered(wire)
            case_id = case_id_of(answer)
            await wire.writer.flush(5)
        async with running_bot(tmp_path / "cases.db", fake=fake) as wire:
            press = wire.fake.button(
                f"jss:details:{case_id}", on_message=sent_message(fake, answer)
            )
            callback = await wire.interact(press)
            assert callback.json["type"] == 4
            assert "Your options" in str(callback.json["data"]["embeds"])
            # Answers sent before Details carry a Compare button: it shows the same.
            before = json.loads(
                json.dumps(sent_message(fake, answer)).replace("details", "compare")
            )
            old = wire.fake.button(f"jss:compare:{case_id}", on_message=before)
            assert "Your options" in str((await wire.interact(old)).json["data"]["embeds"])
    finally:
        await fake.stop()


async def test_report_outcome_opens_a_form_and_records_the_result(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        answer = await answered(wire)
        case_id = case_id_of(answer)
        await wire.writer.flush(5)
        press = wire.fake.button(
            f"jss:outcome:{case_id}", on_message=sent_message(wire.fake, answer)
        )
        opened = await wire.interact(press)
        assert opened.json["type"] == 9
        submit = wire.fake.modal_submit(opened.json["data"]["custom_id"], {"result": "88%"})
        await wire.interact(submit)
        await wire.follow_up(submit)
        stored = await wire.store.get(case_id)
        assert stored is not None and stored.outcome is not None
