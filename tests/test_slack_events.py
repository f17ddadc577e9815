"""Mentions, retries, buttons, escaping and a failing case log, on the wire."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

from bot.adapters.base import Grace
from storage.interface import CaseDraft, StoreError
from storage.sqlite import SqliteCaseStore
from tests.fake_slack import Call
from tests.slack_wire import Wire, running_bot
from tests.test_slack_commands import MEMBER, SITUATION, ask, case_id_of, joined
from tests.waiting import eventually

LIVE_MENTION = re.compile(r"<[!@#]")


async def count_cases(wire: Wire) -> int:
    return len([case async for case in wire.store.export()])


async def drained(wire: Wire) -> None:
    """Every answer under way has been delivered (or dropped as a duplicate)."""
    assert wire.adapter.bot is not None
    await wire.adapter.bot.drain(Grace(answers=10.0, apology=1.0))


async def test_mention_in_a_channel_answers_in_its_thread(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        event = wire.slack.mention_body(SITUATION)
        status, _ = await wire.slack.event(event)
        assert status == 200
        (post,) = await wire.fake.wait_for("chat.postMessage")
        assert post.data["channel"] == "C0GENERAL"
        assert post.data["thread_ts"] == event["event"]["ts"]
        assert "What to do" in joined(post)  # the whole answer, in the thread
        assert case_id_of(post).startswith("C-")


async def test_mention_inside_a_thread_answers_in_that_thread(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        event = wire.slack.mention_body(f"check {SITUATION}", thread_ts="1699999999.000100")
        await wire.slack.event(event)
        (post,) = await wire.fake.wait_for("chat.postMessage")
        assert post.data["thread_ts"] == "1699999999.000100"
        case_id = case_id_of(post)
        stored = await eventually(lambda: wire.store.get(case_id))
        assert stored.draft.channel_kind == "thread"


async def test_a_retried_event_is_answered_once_and_logged_once(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        event = wire.slack.mention_body(SITUATION, event_id="Ev0RETRY01")
        assert (await wire.slack.event(event))[0] == 200
        (post,) = await wire.fake.wait_for("chat.postMessage")
        await eventually(lambda: wire.store.get(case_id_of(post)))
        assert (await wire.slack.event(event, retry=1))[0] == 200
        assert (await wire.slack.event(event, retry=2))[0] == 200
        # A later, different event is answered: once it is, the retries had their chance.
        await wire.slack.event(wire.slack.mention_body("help"))
        await wire.fake.wait_for("chat.postMessage", "chat.postEphemeral", count=2)
        await drained(wire)
        assert len(wire.fake.of("chat.postMessage")) == 1
        assert await count_cases(wire) == 1


async def test_a_retry_arriving_with_the_original_is_answered_once(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        event = wire.slack.mention_body(SITUATION, event_id="Ev0RACE001")
        statuses = await asyncio.gather(wire.slack.event(event), wire.slack.event(event, retry=1))
        assert [status for status, _ in statuses] == [200, 200]
        await wire.fake.wait_for("chat.postMessage")
        await wire.slack.event(wire.slack.mention_body("help"))
        await wire.fake.wait_for("chat.postEphemeral")
        await drained(wire)
        assert len(wire.fake.of("chat.postMessage")) == 1


async def test_member_text_never_notifies_anyone(tmp_path: Path) -> None:
    noisy = f"<!channel> <!here> <@U0OTHER01> <!subteam^S0TEAM|@team> {SITUATION} &lt;b&gt;"
    async with running_bot(tmp_path / "cases.db") as wire:
        await wire.slack.event(wire.slack.mention_body(noisy))
        await wire.slack.command(f"check {noisy}")
        await wire.slack.command(f"frobnicate {noisy}")
        await wire.fake.wait_for("chat.postMessage", count=2)
        await wire.fake.wait_for("response_url")
        for call in wire.fake.of("chat.postMessage", "chat.postEphemeral", "response_url"):
            for text in call.texts():
                assert not LIVE_MENTION.search(text), (call.method, text)
            assert call.data.get("link_names") in (False, "false", "0", None)
            assert call.data.get("parse") == "none"


ANSWER_TS = "1700000001.000100"
"""The ts of the answer a button is on: any message ts names it."""


async def _answer(wire: Wire) -> tuple[Call, str, str]:
    """A fresh answer: its post, its case id, and the ts of the message the buttons are on."""
    post = await ask(wire, f"check {SITUATION}")
    return post, case_id_of(post), ANSWER_TS


async def test_details_button_answers_the_asker_and_refuses_others(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        _, case_id, ts = await _answer(wire)
        mine = wire.slack.button_payload("jss-details", case_id, user=MEMBER, ts=ts)
        assert (await wire.slack.interaction(mine))[0] == 200
        (answer,) = await wire.fake.wait_for("response_url")
        assert answer.data["response_type"] == "ephemeral"
        assert "Your options" in joined(answer) and "What I read" in joined(answer)
        assert case_id in joined(answer)
        theirs = wire.slack.button_payload("jss-details", case_id, user="U0STRANGER", ts=ts)
        await wire.slack.interaction(theirs)
        (_, refusal) = await wire.fake.wait_for("response_url", count=2)
        assert refusal.data["response_type"] == "ephemeral"
        assert "Not your answer" in joined(refusal)
        assert "Your options" not in joined(refusal)


async def test_outcome_button_opens_a_form(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        _, case_id, ts = await _answer(wire)
        press = wire.slack.button_payload("jss-outcome", case_id, user=MEMBER, ts=ts)
        await wire.slack.interaction(press)
        (opened,) = await wire.fake.wait_for("views.open")
        assert opened.data["trigger_id"] == press["trigger_id"]
        assert case_id in opened.data["view"]["private_metadata"]


class FailingStore(SqliteCaseStore):
    """A real SQLite case log whose writes and event checks fail while `down` is set."""

    down = False

    async def record(self, draft: CaseDraft) -> str:
        self._check()
        return await super().record(draft)

    async def record_many(self, drafts: list[CaseDraft]) -> list[str]:
        self._check()
        return await super().record_many(drafts)

    async def seen(self, key: str) -> bool:
        self._check()
        return await super().seen(key)

    def _check(self) -> None:
        if self.down:
            raise StoreError("disk I/O error")


async def test_store_down_the_answer_is_posted_and_the_case_written_later(
    tmp_path: Path,
) -> None:
    store = FailingStore(tmp_path / "cases.db")
    async with running_bot(tmp_path / "cases.db", store=store) as wire:
        store.down = True
        summary, case_id, _ = await _answer(wire)
        assert "Sorry" not in joined(summary)
        assert await wire.store.get(case_id) is None
        store.down = False
        stored: Any = await eventually(lambda: wire.store.get(case_id))
        assert stored.case_id == case_id
        assert await count_cases(wire) == 1


async def test_an_old_what_if_button_asks_the_top_question(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        _, case_id, ts = await _answer(wire)
        press = wire.slack.button_payload("jss-what-if", case_id, user=MEMBER, ts=ts)
        assert (await wire.slack.interaction(press))[0] == 200
        (private,) = await wire.fake.wait_for("response_url")
        assert "still open" in joined(private)


async def test_a_bare_mention_gets_the_help_privately_in_its_thread(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        event = wire.slack.mention_body("")
        await wire.slack.event(event)
        (private,) = await wire.fake.wait_for("chat.postEphemeral")
        assert private.data["thread_ts"] == event["event"]["ts"]
        assert private.data["user"] == MEMBER
        assert "/jss check" in joined(private)
        assert not wire.fake.of("chat.postMessage")


async def test_an_answer_slack_rate_limits_is_retried_after_its_wait(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        wire.fake.rate_limited["chat.postMessage"] = 2
        await wire.slack.event(wire.slack.mention_body(SITUATION))
        posts = await wire.fake.wait_for("chat.postMessage", count=3)
        assert "What to do" in joined(posts[-1])
        assert wire.fake.rate_limited["chat.postMessage"] == 0
