"""Conversations on the Discord wire: the post's author goes on in the thread (words, a
button, a menu), others are not read, the reading is corrected in a prefilled form,
and every step rewrites the same case."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from commands.models import Invocation
from storage.interface import Case, CaseQuery
from tests.discord_wire import (
    LogWaiter,
    Wire,
    case_id_of,
    components_of,
    embed_text,
    running_bot,
)
from tests.fake_discord import MEMBER_ID, OTHER_MEMBER_ID, Recorded
from tests.test_discord_commands import SITUATION
from tests.test_discord_forum import answer_in, new_post
from tests.waiting import eventually

SILENT_CLIENT = "JSS 92%, Top Rated, a client went silent on an open hourly contract 4 months ago"


@pytest.fixture
def decisions() -> Iterator[LogWaiter]:
    """What the thread responder decided, as it logs it."""
    waiter = LogWaiter()
    logger = logging.getLogger("bot.adapters.discord.forum")
    logger.addHandler(waiter)
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    yield waiter
    logger.removeHandler(waiter)
    logger.setLevel(previous)


async def only_case(wire: Wire, case_id: str) -> Case:
    """The one case in the log, once every write is done; it must be `case_id`."""
    await wire.writer.flush(5)
    page = await wire.store.search(CaseQuery())
    assert page.total == 1, "one case, rewritten in place, never a second"
    assert page.cases[0].case_id == case_id
    return page.cases[0]


async def bound(wire: Wire, thread_id: int, user_id: int) -> str | None:
    """The case a member's messages in a thread continue, as the case log keeps it."""
    where = Invocation("discord", "", {}, str(user_id), str(thread_id), conversation=str(thread_id))
    return await wire.services.bound_case(where)


async def slash_answer(wire: Wire, situation: str) -> Recorded:
    payload = wire.fake.command("jss", "check", situation=situation)
    await wire.interact(payload)
    return await wire.follow_up(payload)


async def test_the_author_goes_on_in_the_thread_and_a_stranger_is_not_read(
    tmp_path: Path, decisions: LogWaiter
) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        fake = wire.fake
        post_id, _ = await new_post(fake, SITUATION)
        answer = await answer_in(wire, post_id)
        case_id = case_id_of(answer)
        buttons = {item["custom_id"]: item for item in components_of(answer)}
        still_open = f"jss:pick:{case_id}:contract-1-status:open"
        assert buttons[still_open]["label"] == "Still open"
        assert await eventually(lambda: bound(wire, post_id, MEMBER_ID)) == case_id

        stranger = fake.post(fake.next_id(), post_id, "it is still open", author_id=OTHER_MEMBER_ID)
        await fake.dispatch("MESSAGE_CREATE", stranger)
        await decisions.wait_for("continues no case of its writer")

        start = len(fake.requests)
        press = fake.button(
            still_open, on_message=fake.message_from_sent(answer), thread_id=post_id
        )
        assert (await wire.interact(press)).json["type"] == 5  # acknowledged, in public
        picked = await wire.follow_up(press, start=start)
        assert "flags" not in picked.json or not picked.json["flags"] & 64
        assert "Now that I know it is still open:" in embed_text(picked)
        assert case_id_of(picked) == case_id

        start = len(fake.requests)
        words = fake.post(
            fake.next_id(), post_id, "the threat is in writing in the Upwork messages"
        )
        await fake.dispatch("MESSAGE_CREATE", words)
        again = await answer_in(wire, post_id, start=start)
        assert "Now that I know the threat is in writing:" in embed_text(again)
        assert int(again.json["message_reference"]["message_id"]) == int(words["id"])
        assert again.json["allowed_mentions"]["parse"] == []

        case = await only_case(wire, case_id)
        assert case.draft.situation["contracts"][0]["status"] == "open"
        assert case.draft.situation["events"]["evidence_in_writing"] is True
        posted = [r for r in fake.sent_to(f"/channels/{post_id}/messages") if r.method == "POST"]
        assert len(posted) == 2, "the stranger got no answer"


async def test_a_menu_pick_sets_its_fact_on_the_same_case(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        answer = await slash_answer(wire, SILENT_CLIENT)
        case_id = case_id_of(answer)
        (menu,) = [item for item in components_of(answer) if item["type"] == 3]
        assert menu["custom_id"] == f"jss:menu:{case_id}:history-jobs"
        assert [o["label"] for o in menu["options"]] == ["Under 10", "10-30", "30-100", "Over 100"]
        assert all(len(item["custom_id"]) <= 100 for item in components_of(answer))
        start = len(wire.fake.requests)
        pick = wire.fake.select(
            menu["custom_id"], ["60"], on_message=wire.fake.message_from_sent(answer)
        )
        assert (await wire.interact(pick)).json["type"] == 5
        again = await wire.follow_up(pick, start=start)
        assert "Now that I know you finished 30-100 jobs in two years:" in embed_text(again)
        assert not [i for i in components_of(again) if i.get("custom_id") == menu["custom_id"]]
        case = await only_case(wire, case_id)
        assert case.draft.situation["freelancer"]["jobs"] == 60


async def test_a_strangers_pick_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        answer = await slash_answer(wire, SITUATION)
        case_id = case_id_of(answer)
        pick = wire.fake.button(
            f"jss:pick:{case_id}:contract-1-status:ended",
            user_id=OTHER_MEMBER_ID,
            on_message=wire.fake.message_from_sent(answer),
        )
        await wire.interact(pick)
        refused = await wire.follow_up(pick)
        assert refused.json["flags"] & 64 and "Not your answer" in embed_text(refused)
        case = await only_case(wire, case_id)
        assert case.draft.situation["contracts"][0]["status"] != "ended"


def modal_value(callback: Recorded) -> str:
    """The text field's prefilled value in a modal the bot opened."""
    data: dict[str, Any] = callback.json["data"]
    return str(data["components"][0]["components"][0]["value"])


async def test_the_edit_form_is_prefilled_and_its_submission_rewrites_the_case(
    tmp_path: Path,
) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        answer = await slash_answer(wire, SITUATION)
        case_id = case_id_of(answer)
        edit = f"jss:edit:{case_id}"
        assert edit in [item["custom_id"] for item in components_of(answer)]
        press = wire.fake.button(edit, on_message=wire.fake.message_from_sent(answer))
        opened = await wire.interact(press)
        assert opened.json["type"] == 9  # the modal
        reading = modal_value(opened)
        assert "5600 pos-private" in reading and "no-badge" in reading
        corrected = reading.replace("no-badge", "top-rated")
        submit = wire.fake.modal_submit(opened.json["data"]["custom_id"], {"reading": corrected})
        start = len(wire.fake.requests)
        await wire.interact(submit)
        again = await wire.follow_up(submit, start=start)
        assert "Now that I know" in embed_text(again) and case_id_of(again) == case_id
        case = await only_case(wire, case_id)
        assert case.draft.situation["freelancer"]["badge"] == "top-rated"
