"""Slash commands and forms on the wire: what the bot sends back to Discord, what it logs."""

from __future__ import annotations

import logging
from pathlib import Path

from commands.dispatcher import Handler
from commands.handlers import HANDLERS
from commands.models import Reply
from commands.services import CommandContext
from tests.advice_text import short
from tests.discord_wire import LogWaiter, case_id_of, custom_ids, embed_text, running_bot
from tests.fake_discord import (
    GUILD_ID,
    MEMBER_ID,
    MODERATOR_ROLE_ID,
    OTHER_MEMBER_ID,
    TEXT_CHANNEL_ID,
    message,
    user,
)
from tests.waiting import eventually

SITUATION = (
    "$0 contract, client threatens a bad review; three other contracts of $5,600, "
    "$2,500 and $10,000 all went well; not Top Rated"
)


async def test_check_defers_then_answers_with_the_estimate(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        synced = wire.fake.commands[str(GUILD_ID)]
        assert {c["name"] for c in synced} == {"jss", "jss-case", "Check with JSS helper"}
        payload = wire.fake.command("jss", "check", situation=SITUATION)
        callback = await wire.interact(payload)
        assert callback.json["type"] == 5  # deferred: acknowledged before any work
        assert not (callback.json.get("data") or {}).get("flags")  # public
        answer = await wire.follow_up(payload)
        assert answer.json["allowed_mentions"] == {"parse": []}
        assert not answer.json.get("flags")
        names = [field["name"] for field in answer.json["embeds"][0]["fields"]]
        assert {"What to do", "Sources"} <= set(names)
        assert short("report-extortion") in embed_text(answer)
        case_id = case_id_of(answer)
        # The question's choices first, then the case's buttons, Details leading them.
        ids = custom_ids(answer)
        assert ids[0] == f"jss:pick:{case_id}:contract-1-status:open"
        assert next(i for i in ids if not i.startswith("jss:pick:")) == f"jss:details:{case_id}"
        assert case_id in embed_text(answer)
        stored = await eventually(lambda: wire.store.get(case_id))
        assert stored.draft.platform == "discord"
        assert stored.draft.channel_kind == "slash"
        assert "threatens" not in str(stored.draft.situation)  # never the member's words


async def test_checking_a_message_from_its_menu_answers_privately_and_logs_a_case(
    tmp_path: Path,
) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        # Another member's message; the bot holds no Message Content intent for it to matter.
        target = message(
            wire.fake.next_id(), TEXT_CHANNEL_ID, SITUATION, user(OTHER_MEMBER_ID, "poster")
        )
        payload = wire.fake.message_command("Check with JSS helper", target)
        callback = await wire.interact(payload)
        assert callback.json["type"] == 5
        assert callback.json["data"]["flags"] == 64, "acknowledged privately"
        answer = await wire.follow_up(payload)
        assert answer.json["flags"] == 64, "only the member who picked it sees the answer"
        assert answer.json["allowed_mentions"] == {"parse": []}
        assert short("report-extortion") in embed_text(answer)
        case_id = case_id_of(answer)
        stored = await eventually(lambda: wire.store.get(case_id))
        assert stored.draft.tags[0] == "check-message"
        assert wire.services.hasher is not None
        assert stored.draft.user_hash == wire.services.hasher.hash("user", str(MEMBER_ID))
        assert "threatens" not in str(stored.draft.situation)  # never the message's words


async def test_ask_opens_a_form_and_answers_its_submission(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        opened = await wire.interact(wire.fake.command("jss", "ask"))
        assert opened.json["type"] == 9  # the modal is the first and only response
        modal = opened.json["data"]
        assert modal["custom_id"] == "jss:form:ask:situation"
        field = modal["components"][0]["components"][0]
        assert field["custom_id"] == "situation" and field["style"] == 2  # multi-line
        submit = wire.fake.modal_submit(modal["custom_id"], {"situation": SITUATION})
        callback = await wire.interact(submit)
        assert callback.json["type"] == 5
        answer = await wire.follow_up(submit)
        assert "Likely" in embed_text(answer)
        assert answer.json["allowed_mentions"] == {"parse": []}
        await eventually(lambda: wire.store.get(case_id_of(answer)))


async def test_estimate_takes_typed_options_and_suggests_dates(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        estimate = next(
            option
            for command in wire.fake.commands[str(GUILD_ID)]
            if command["name"] == "jss"
            for option in command["options"]
            if option["name"] == "estimate"
        )
        options = {option["name"]: option for option in estimate["options"]}
        assert [c["value"] for c in options["badge"]["choices"]][:2] == ["none", "rising-talent"]
        assert options["as_of"]["autocomplete"] is True
        assert options["contracts"]["required"] is True and not options["badge"]["required"]
        suggest = wire.fake.command("jss", "estimate", focused="as_of", contracts="1", as_of="2026")
        suggested = await wire.interact(suggest)
        assert suggested.json["type"] == 8
        assert all(c["value"].startswith("2026") for c in suggested.json["data"]["choices"])
        payload = wire.fake.command(
            "jss",
            "estimate",
            contracts="0 neg-private ask; 5600 5*; 2500 5*; 10000 5*",
            badge="none",
            as_of="2026-03-01",
        )
        assert (await wire.interact(payload)).json["type"] == 5
        answer = await wire.follow_up(payload)
        assert "as of 2026-03-01" in embed_text(answer)


async def test_a_malformed_situation_is_answered_privately(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        payload = wire.fake.command("jss", "check", situation="hello there, nice weather")
        start = len(wire.fake.requests)
        assert (await wire.interact(payload)).json["type"] == 5
        answer = await wire.follow_up(payload, start=start)
        assert answer.json["flags"] == 64  # only the member sees how to fix it
        assert "couldn't read" in embed_text(answer)
        # The public "thinking" message was removed before the private answer.
        deleted = wire.fake.sent_to("/messages/@original", start)
        assert [r.method for r in deleted] == ["DELETE"]
        assert not custom_ids(answer)


async def test_a_command_raising_inside_gets_an_apology_and_the_bot_keeps_serving(
    tmp_path: Path,
) -> None:
    async def broken(ctx: CommandContext) -> Reply:
        raise RuntimeError("broken on purpose")

    handlers: dict[str, Handler] = {**HANDLERS, "estimate": broken}
    async with running_bot(tmp_path / "cases.db", handlers=handlers) as wire:
        payload = wire.fake.command("jss", "estimate", contracts="5600 5*")
        await wire.interact(payload)
        apology = await wire.follow_up(payload)
        assert "something went wrong" in embed_text(apology)
        assert "E-" in embed_text(apology) and apology.json["flags"] == 64
        after = wire.fake.command("jss", "check", situation=SITUATION)
        await wire.interact(after)
        assert "Likely" in embed_text(await wire.follow_up(after))


async def test_an_answer_cut_off_on_the_way_is_logged_in_one_line(tmp_path: Path) -> None:
    ours, theirs = LogWaiter(), LogWaiter()
    loggers = (
        (logging.getLogger("bot.adapters.discord.client"), ours),
        (logging.getLogger("discord.app_commands.tree"), theirs),
    )
    for logger, waiter in loggers:
        logger.addHandler(waiter)
    try:
        async with running_bot(tmp_path / "cases.db") as wire:
            wire.fake.hang_up_on = {"POST"}
            payload = wire.fake.command("jss", "check", situation=SITUATION)
            await wire.interact(payload)
            record = await ours.wait_for("answering a Discord command failed")
            assert record.getMessage().endswith("(ServerDisconnectedError)")
            assert record.exc_info is None  # no traceback: its text could quote a member
            assert theirs.records.empty()  # discord.py's own handler, which logs one, is not used
            wire.fake.hang_up_on = set()
            after = wire.fake.command("jss", "check", situation=SITUATION)
            await wire.interact(after)
            assert "Likely" in embed_text(await wire.follow_up(after))
    finally:
        for logger, waiter in loggers:
            logger.removeHandler(waiter)


async def test_an_answer_quoting_everyone_pings_nobody(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        text = f"@everyone <@&{MODERATOR_ROLE_ID}> {SITUATION} @here"
        payload = wire.fake.command("jss", "check", situation=text)
        await wire.interact(payload)
        answer = await wire.follow_up(payload)
        assert answer.json["allowed_mentions"] == {"parse": []}
        every = [r for r in wire.fake.requests if r.method == "POST" and "/webhooks/" in r.path]
        assert every and all(r.json["allowed_mentions"] == {"parse": []} for r in every)


async def test_help_is_private_from_the_first_response(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        payload = wire.fake.command("jss", "help")
        callback = await wire.interact(payload)
        assert callback.json == {"type": 5, "data": {"flags": 64}}
        answer = await wire.follow_up(payload)
        assert "/jss check" in embed_text(answer)
        assert "Moderator commands" not in embed_text(answer)
