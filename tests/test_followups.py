"""The answer path through the real dispatcher and a real SQLite case log: check, then the
buttons under the answer (compare, what-if, report outcome), owner-only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from advice.clock import FixedClock
from bot.adapters.testing import QueueAdapter
from commands.dispatcher import Dispatcher
from commands.handlers import HANDLERS
from commands.models import ButtonAction, ChannelKind, Invocation, ReplyKind
from commands.services import Services
from storage.anonymize import IdHasher
from storage.interface import CaseQuery
from storage.sqlite import SqliteCaseStore
from storage.writer import CaseWriter

STORY = (
    "$0 contract, the client threatens a bad review if I ask to be paid. "
    "Three other contracts of $5,600, $2,500 and $10,000, all 5 stars."
)


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[tuple[QueueAdapter, SqliteCaseStore]]:
    store = SqliteCaseStore(tmp_path / "cases.db")
    await store.start()
    writer = CaseWriter(store)
    await writer.start()
    services = Services(
        store=store,
        recorder=writer,
        hasher=IdHasher(b"k" * 32),
        clock=FixedClock(date(2026, 11, 21)),
    )
    adapter = QueueAdapter(Dispatcher(services, HANDLERS))
    await adapter.start()
    yield adapter, store
    await adapter.stop()
    await writer.stop()
    await store.close()


async def test_check_answers_with_buttons_and_logs_the_case(
    bot: tuple[QueueAdapter, SqliteCaseStore],
) -> None:
    adapter, store = bot
    reply = await adapter.send(f"/jss check {STORY}")
    assert reply.kind is ReplyKind.ANSWER and reply.case_id
    assert {b.action for b in reply.buttons} >= {ButtonAction.DETAILS, ButtonAction.OUTCOME}
    assert all(b.case_id == reply.case_id for b in reply.buttons)
    case = await store.get(reply.case_id)
    assert case is not None
    assert "report-extortion" in case.draft.advice_ids


async def test_details_are_for_the_asker_only(bot: tuple[QueueAdapter, SqliteCaseStore]) -> None:
    adapter, _ = bot
    answer = await adapter.send(f"/jss check {STORY}")
    mine = await adapter.send(f"/jss details {answer.case_id}")
    titles = [section.title for section in mine.sections]
    assert mine.title == "Details" and mine.ephemeral
    assert {"Your options", "Why", "Assumptions", "What I read"} <= set(titles)
    latest = await adapter.send("/jss details")  # no id: the member's latest answer
    assert latest.case_id == answer.case_id and latest.sections == mine.sections
    theirs = await adapter.send(f"/jss details {answer.case_id}", user="member-2")
    assert theirs.kind is ReplyKind.REFUSAL
    assert "Your options" not in theirs.as_text()
    none = await adapter.send("/jss details", user="member-3")
    assert "no recent answer" in none.summary


async def test_details_rebuild_from_the_log_after_a_restart(
    bot: tuple[QueueAdapter, SqliteCaseStore],
) -> None:
    adapter, _ = bot
    answer = await adapter.send(f"/jss check {STORY}")
    assert answer.case_id
    adapter.dispatcher.services.recent.forget_user(
        adapter.dispatcher.services.hasher.hash("user", "member-1")  # type: ignore[union-attr]
    )
    rebuilt = await adapter.send(f"/jss details {answer.case_id}")
    assert rebuilt.title == "Details" and "What I read" not in rebuilt.as_text()
    refused = await adapter.send(f"/jss details {answer.case_id}", user="member-2")
    assert refused.kind is ReplyKind.REFUSAL


async def test_a_question_shows_its_choices_and_a_pick_sets_the_fact_on_the_same_case(
    bot: tuple[QueueAdapter, SqliteCaseStore],
) -> None:
    adapter, store = bot
    answer = await adapter.send(f"/jss check {STORY}")
    assert answer.case_id and answer.questions[0].key == "contract-1-status"
    assert [c.value for c in answer.questions[0].choices] == ["open", "ended"]
    old = await adapter.send(f"/jss what-if {answer.case_id}")  # the button of older answers
    assert old.questions == answer.questions[:1] and old.form is None
    again = await adapter.send(f"/jss answer {answer.case_id} contract-1-status open")
    assert again.summary.startswith("Now that I know it is still open:")
    assert again.case_id == answer.case_id and again.kind is ReplyKind.ANSWER
    assert "contract-1-status" not in [q.key for q in again.questions]
    await adapter.dispatcher.services.recorder.flush(5)  # type: ignore[union-attr]
    page = await store.search(CaseQuery())
    assert page.total == 1, "the same case, rewritten"
    case = await store.get(answer.case_id)
    assert case is not None and case.draft.situation["contracts"][0]["status"] == "open"
    wrong = await adapter.send(f"/jss answer {answer.case_id} contract-1-status maybe")
    assert "takes Still open, It has ended" in wrong.summary
    theirs = await adapter.send(
        f"/jss answer {answer.case_id} contract-1-status open", user="member-2"
    )
    assert theirs.kind is ReplyKind.REFUSAL


async def test_words_added_continue_the_case_and_say_what_changed(
    bot: tuple[QueueAdapter, SqliteCaseStore],
) -> None:
    adapter, store = bot
    answer = await adapter.send(f"/jss check {STORY}")
    again = await adapter.send(
        f"/jss what-if {answer.case_id} the threat is in writing in the Upwork messages"
    )
    assert again.summary.startswith("Now that I know the threat is in writing:")
    assert again.case_id == answer.case_id
    await adapter.dispatcher.services.recorder.flush(5)  # type: ignore[union-attr]
    assert (await store.search(CaseQuery())).total == 1


async def test_a_continued_estimate_keeps_its_date_and_badge(
    bot: tuple[QueueAdapter, SqliteCaseStore],
) -> None:
    adapter, _ = bot
    typed = Invocation(
        platform="test",
        command="estimate",
        options={"contracts": "0 neg-private; 5600 5*; 2500 5*", "as_of": "2019-06-01"},
        user_id="member-1",
        channel_id="channel-1",
        community_id="community-1",
        channel_kind=ChannelKind.SLASH,
        event_id="evt-typed",
    )
    answer = await adapter.dispatcher.dispatch(typed)
    assert "as of 2019-06-01" in answer.footer
    again = await adapter.send(f"/jss what-if {answer.case_id} 10000 5*")
    assert again.kind is ReplyKind.ANSWER
    assert "as of 2019-06-01" in again.footer  # not today's rules: the date asked about
    assert "a contract of $10,000" in again.summary


async def test_report_outcome_button_opens_a_form(
    bot: tuple[QueueAdapter, SqliteCaseStore],
) -> None:
    adapter, _ = bot
    answer = await adapter.send(f"/jss check {STORY}")
    form_reply = await adapter.send(f"/jss outcome {answer.case_id}")
    assert form_reply.form is not None
    assert form_reply.form.submission("88%") == {"result": "88%", "case": answer.case_id}


async def test_an_unknown_case_is_answered_plainly(
    bot: tuple[QueueAdapter, SqliteCaseStore],
) -> None:
    adapter, _ = bot
    reply = await adapter.send("/jss details C-ZZZZZ")
    assert "can't find case C-ZZZZZ" in reply.summary


async def test_an_unreadable_situation_says_so_and_logs_nothing(
    bot: tuple[QueueAdapter, SqliteCaseStore],
) -> None:
    adapter, store = bot
    reply = await adapter.send("/jss check 🙂🙂🙂")
    assert reply.kind is ReplyKind.INFO and reply.case_id is None
    assert "couldn't read" in reply.title
    assert (await store.stats(None, None)).total == 0
