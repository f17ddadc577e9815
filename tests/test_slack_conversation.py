"""Conversations on the Slack wire: the member who asked goes on in the answer's thread
(words, a button, a menu), others are not read, the reading is corrected in a
prefilled modal, and every step rewrites the same case."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from commands.models import Invocation
from storage.interface import Case, CaseQuery
from tests.discord_wire import LogWaiter
from tests.fake_slack import Call
from tests.slack_wire import Wire, running_bot
from tests.test_slack_commands import MEMBER, SITUATION, ask, case_id_of, joined
from tests.waiting import eventually

SILENT_CLIENT = "JSS 92%, Top Rated, a client went silent on an open hourly contract 4 months ago"
STRANGER = "U0STRANGER"


@pytest.fixture
def decisions() -> Iterator[LogWaiter]:
    """What the bolt app decided, as it logs it."""
    waiter = LogWaiter()
    logger = logging.getLogger("bot.adapters.slack.app")
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


async def bound(wire: Wire, thread_ts: str, user: str = MEMBER) -> str | None:
    where = Invocation("slack", "", {}, user, "C0GENERAL", conversation=f"C0GENERAL:{thread_ts}")
    return await wire.services.bound_case(where)


def elements(call: Call, kind: str) -> list[dict[str, Any]]:
    """The question blocks' elements of that type on a posted answer."""
    return [
        element
        for block in call.blocks
        if block["type"] == "actions" and block["block_id"].startswith("jss-question-")
        for element in block["elements"]
        if element["type"] == kind
    ]


async def next_post(wire: Wire, count: int) -> Call:
    """The bot's `count`-th chat.postMessage."""
    return (await wire.fake.wait_for("chat.postMessage", count=count))[count - 1]


async def test_the_member_goes_on_in_the_thread_and_a_stranger_is_not_read(
    tmp_path: Path, decisions: LogWaiter
) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        answer = await ask(wire, f"check {SITUATION}")
        case_id, ts = case_id_of(answer), answer.data["_ts"]
        assert await eventually(lambda: bound(wire, ts)) == case_id

        stranger = wire.slack.message_body("it has ended", user=STRANGER, thread_ts=ts)
        assert (await wire.slack.event(stranger))[0] == 200
        await decisions.wait_for("continues no case of its writer")

        (still_open, _) = elements(answer, "button")
        assert still_open["text"]["text"] == "Still open"
        press = wire.slack.button_payload(
            still_open["action_id"], still_open["value"], user=MEMBER, ts=ts
        )
        assert (await wire.slack.interaction(press))[0] == 200
        picked = await next_post(wire, 2)
        assert picked.data["thread_ts"] == ts
        assert "Now that I know it is still open:" in joined(picked)

        words = wire.slack.message_body(
            "the threat is in writing in the Upwork messages", thread_ts=ts
        )
        assert (await wire.slack.event(words))[0] == 200
        again = await next_post(wire, 3)
        assert again.data["thread_ts"] == ts and case_id_of(again) == case_id
        assert "Now that I know the threat is in writing:" in joined(again)

        case = await only_case(wire, case_id)
        assert case.draft.situation["contracts"][0]["status"] == "open"
        assert case.draft.situation["events"]["evidence_in_writing"] is True
        assert len(wire.fake.of("chat.postMessage")) == 3, "the stranger got no answer"


async def test_a_mention_in_the_thread_continues_too(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        answer = await ask(wire, f"check {SITUATION}")
        case_id, ts = case_id_of(answer), answer.data["_ts"]
        await eventually(lambda: bound(wire, ts))
        mention = wire.slack.mention_body("it is still open", thread_ts=ts)
        await wire.slack.event(mention)
        again = await next_post(wire, 2)
        assert again.data["thread_ts"] == ts
        assert "Now that I know still open:" in joined(again)
        case = await only_case(wire, case_id)
        assert case.draft.situation["contracts"][0]["status"] == "open"


async def test_a_menu_pick_sets_its_fact_on_the_same_case(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        answer = await ask(wire, f"check {SILENT_CLIENT}")
        case_id, ts = case_id_of(answer), answer.data["_ts"]
        (menu,) = elements(answer, "static_select")
        labels = [option["text"]["text"] for option in menu["options"]]
        assert labels == ["Under 10", "10-30", "30-100", "Over 100"]
        value = menu["options"][2]["value"]
        assert value == f"{case_id}:history-jobs:60"
        pick = wire.slack.select_payload(menu["action_id"], value, user=MEMBER, ts=ts)
        assert (await wire.slack.interaction(pick))[0] == 200
        again = await next_post(wire, 2)
        assert "Now that I know you finished 30-100 jobs in two years:" in joined(again)
        assert not elements(again, "static_select"), "the question is answered"
        case = await only_case(wire, case_id)
        assert case.draft.situation["freelancer"]["jobs"] == 60


async def test_the_edit_form_is_prefilled_and_its_submission_rewrites_the_case(
    tmp_path: Path,
) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        answer = await ask(wire, f"check {SITUATION}")
        case_id, ts = case_id_of(answer), answer.data["_ts"]
        press = wire.slack.button_payload("jss-edit", case_id, user=MEMBER, ts=ts)
        assert (await wire.slack.interaction(press))[0] == 200
        (opened,) = await wire.fake.wait_for("views.open")
        view = opened.data["view"]
        reading = view["blocks"][0]["element"]["initial_value"]
        assert "5600 pos-private" in reading and "no-badge" in reading
        submit = wire.slack.view_payload(
            view, reading.replace("no-badge", "top-rated"), user=MEMBER
        )
        assert (await wire.slack.interaction(submit))[0] == 200
        again = await next_post(wire, 2)
        assert again.data["thread_ts"] == ts and "Now that I know" in joined(again)
        case = await only_case(wire, case_id)
        assert case.draft.situation["freelancer"]["badge"] == "top-rated"
