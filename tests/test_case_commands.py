"""Moderator look-ups and member commands on the case log, through the real dispatcher,
a queue adapter and a real SQLite store; plus the query syntax they read.

The bot's clock is set, never read from the machine: every case-command test runs on
several days (an ordinary one, a leap day, a year end, both sides of a week boundary),
and every expected week and period is worked out from that day.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from advice.clock import FixedClock
from bot.adapters.testing import QueueAdapter
from commands.case_query import parse_case_query, parse_period
from commands.command_line import UsageError
from commands.dispatcher import Dispatcher
from commands.handlers import HANDLERS
from commands.handlers.member import parse_outcome
from commands.models import ReplyKind
from commands.services import Services
from storage.anonymize import IdHasher
from storage.coarsen import week_of
from storage.interface import CaseQuery
from storage.sqlite import SqliteCaseStore
from storage.writer import CaseWriter

TODAY = date(2026, 11, 21)
DAYS = {
    "ordinary": TODAY,
    "leap-day": date(2028, 2, 29),
    "year-end": date(2026, 12, 31),
    "sunday": date(2027, 1, 3),  # the last day of a week
    "monday": date(2027, 1, 4),  # the first day of the next
}
STORY = (
    "$0 contract, the client threatens a bad review unless I add features for free. "
    "Three other contracts of $5,600, $2,500 and $10,000, all 5 stars."
)
MODERATOR_COMMANDS = [
    "/jss case show {case}",
    "/jss case search tag:threat",
    "/jss case stats 30d",
    "/jss case note {case} looked fine",
    "/jss case stats calibration",
]


class Bot:
    def __init__(
        self, adapter: QueueAdapter, store: SqliteCaseStore, writer: CaseWriter, today: date
    ) -> None:
        self.adapter, self.store, self.writer, self.today = adapter, store, writer, today

    async def asked(self, user: str = "member-1") -> str:
        reply = await self.adapter.send(f"/jss check {STORY}", user=user)
        assert reply.case_id
        await self.writer.flush(5)
        return reply.case_id


@pytest.fixture(params=sorted(DAYS), ids=str)
async def bot(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[Bot]:
    today: date = DAYS[request.param]
    clock = FixedClock(today)
    store = SqliteCaseStore(tmp_path / "cases.db", clock=clock)
    await store.start()
    writer = CaseWriter(store)
    adapter = QueueAdapter(
        Dispatcher(
            Services(store=store, recorder=writer, hasher=IdHasher(b"k" * 32), clock=clock),
            HANDLERS,
        )
    )
    try:
        await writer.start()
        await adapter.start()
        yield Bot(adapter, store, writer, today)
    finally:
        await adapter.stop()
        await writer.stop()
        await store.close()


@pytest.mark.parametrize("command", MODERATOR_COMMANDS)
async def test_members_are_refused_moderator_commands_and_learn_nothing(
    bot: Bot, command: str
) -> None:
    case_id = await bot.asked()
    reply = await bot.adapter.send(command.format(case=case_id), user="member-2")
    assert reply.kind is ReplyKind.REFUSAL and reply.ephemeral
    assert case_id not in reply.as_text() and "threat" not in reply.as_text()
    case = await bot.store.get(case_id)
    assert case is not None and case.notes == ()


@pytest.mark.parametrize(
    ("command", "answer"),
    list(
        zip(
            MODERATOR_COMMANDS,
            [
                "can't find case",
                "No cases match",
                "**0** cases",
                "can't find case",
                "No case has a reported outcome",
            ],
            strict=True,
        )
    ),
)
async def test_a_moderator_of_another_community_sees_nothing_of_this_one(
    bot: Bot, command: str, answer: str
) -> None:
    case_id = await bot.asked()
    reply = await bot.adapter.send(
        command.format(case=case_id), moderator=True, community="community-2"
    )
    text = reply.as_text()
    assert reply.ephemeral and answer in text
    assert "threat" not in text and "report-extortion" not in text
    case = await bot.store.get(case_id)
    assert case is not None and case.notes == ()


async def test_moderator_look_ups_need_a_community(bot: Bot) -> None:
    case_id = await bot.asked()
    reply = await bot.adapter.send(f"/jss case show {case_id}", moderator=True, community=None)
    assert reply.kind is ReplyKind.REFUSAL and case_id not in reply.as_text()


async def test_case_show_renders_the_case_for_a_moderator(bot: Bot) -> None:
    case_id = await bot.asked()
    reply = await bot.adapter.send(f"/jss case show {case_id}", moderator=True)
    text = reply.as_text()
    assert reply.ephemeral and reply.case_id == case_id
    assert f"Case {case_id}" in text and f"Week of: {week_of(bot.today)}" in text
    assert "report-extortion" in text and "threat" in text
    assert "about $18,000 earned" in text  # coarsened, from the bot-written summary
    missing = await bot.adapter.send("/jss case show C-ZZZZZ", moderator=True)
    assert "can't find case C-ZZZZZ" in missing.summary


async def test_case_search_filters_and_pages(bot: Bot) -> None:
    ids = [await bot.asked(user=f"member-{n}") for n in range(12)]
    first = await bot.adapter.send("/jss case search tag:threat", moderator=True)
    assert first.title == "Case search: 12 found"
    assert first.summary.index(ids[-1]) < first.summary.index(ids[-2])  # newest first
    assert ids[0] not in first.summary and "Page 1 of 2" in first.footer
    code = re.search(r"`after:([0-9a-f]+)`", first.footer)
    assert code is not None
    second = await bot.adapter.send(f"/jss case search tag:threat after:{code[1]}", moderator=True)
    assert second.summary.splitlines()[0].startswith(f"- **{ids[1]}**")
    assert ids[0] in second.summary and ids[2] not in second.summary
    assert "after:" not in second.footer  # the last page offers no more
    numbered = await bot.adapter.send("/jss case search tag:threat page:2", moderator=True)
    assert numbered.summary == second.summary and "Page 2 of 2" in numbered.footer
    none = await bot.adapter.send("/jss case search tag:dormant threatens", moderator=True)
    assert none.summary == "No cases match."
    since = bot.today - timedelta(days=20)
    worded = await bot.adapter.send(f"/jss case search threatened since:{since}", moderator=True)
    assert worded.title == "Case search: 12 found"
    wrong = await bot.adapter.send("/jss case search tags:threat", moderator=True)
    assert "don't know the filter `tags:`" in wrong.summary


async def test_case_stats_counts_over_the_period(bot: Bot) -> None:
    await bot.asked()
    await bot.asked(user="member-2")
    reply = await bot.adapter.send("/jss case stats 30d", moderator=True)
    text = reply.as_text()
    period = f"{bot.today - timedelta(days=29)} to {bot.today}"
    assert "**2** cases" in reply.summary and period in reply.summary
    assert "- threat: 2" in text and "- report-extortion: 2" in text
    assert f"- {week_of(bot.today)}: 2" in text
    bad = await bot.adapter.send("/jss case stats fortnight", moderator=True)
    assert "can't read the period" in bad.summary


async def test_case_note_is_scrubbed_and_stored(bot: Bot) -> None:
    case_id = await bot.asked()
    reply = await bot.adapter.send(
        f"/jss case note {case_id} member wrote from jane@example.com, <@123456789012345678>",
        moderator=True,
    )
    assert reply.title == f"Note added to {case_id}"
    case = await bot.store.get(case_id)
    assert case is not None
    [note] = case.notes
    assert note.text == "member wrote from [email], [mention]"
    assert note.week == week_of(bot.today) and len(note.moderator_hash) == 64
    missing = await bot.adapter.send("/jss case note C-ZZZZZ hello", moderator=True)
    assert "can't find case" in missing.summary


async def test_forget_me_deletes_only_the_callers_cases(bot: Bot) -> None:
    mine = [await bot.asked(), await bot.asked()]
    theirs = await bot.asked(user="member-2")
    reply = await bot.adapter.send("/jss forget-me")
    assert reply.ephemeral and "Deleted 2 cases" in reply.summary
    for case_id in mine:
        assert await bot.store.get(case_id) is None
    assert await bot.store.get(theirs) is not None
    again = await bot.adapter.send("/jss forget-me")
    assert "no cases logged for you" in again.summary


async def test_forget_me_also_drops_cases_still_waiting_to_be_written(tmp_path: Path) -> None:
    store = SqliteCaseStore(tmp_path / "cases.db")  # not started: the log is down
    writer = CaseWriter(store, backoff_initial=60)
    services = Services(
        store=store, recorder=writer, hasher=IdHasher(b"k" * 32), clock=FixedClock(TODAY)
    )
    adapter = QueueAdapter(Dispatcher(services, HANDLERS))
    await adapter.start()
    try:
        await adapter.send(f"/jss check {STORY}")
        await adapter.send(f"/jss check {STORY}", user="member-2")
        assert writer.pending == 2
        await store.start()  # back, but forget-me comes before the retry
        reply = await adapter.send("/jss forget-me")
        assert "Deleted 1 case " in reply.summary
        assert await writer.stop() == 0
        page = await store.search(CaseQuery())
        assert page.total == 1 and page.cases[0].draft.user_hash == IdHasher(b"k" * 32).hash(
            "user", "member-2"
        )
    finally:
        await adapter.stop()
        await store.close()


async def test_outcome_only_by_the_asking_member(bot: Bot) -> None:
    case_id = await bot.asked()
    stranger = await bot.adapter.send(f"/jss outcome {case_id} 70%", user="member-2")
    assert f"can't find a case {case_id} of yours" in stranger.summary
    unknown = await bot.adapter.send("/jss outcome C-ZZZZZ 70%")
    assert unknown.summary.replace("C-ZZZZZ", case_id) == stranger.summary  # says nothing more
    done = await bot.adapter.send(f"/jss outcome {case_id} JSS 88 %")
    assert done.title == "Thanks, outcome recorded" and "88%" in done.summary
    case = await bot.store.get(case_id)
    assert case is not None and (case.outcome, case.outcome_week) == ("88%", week_of(bot.today))
    await bot.adapter.send(f"/jss outcome {case_id} no change")
    case = await bot.store.get(case_id)
    assert case is not None and case.outcome == "no change"
    bad = await bot.adapter.send(f"/jss outcome {case_id} better")
    assert "like `88%`" in bad.summary


@pytest.mark.parametrize(
    ("text", "outcome"),
    [("88%", "88%"), ("88", "88%"), ("JSS 91.5 %", "91.5%"), ("No Change", "no change"),
     ("same", "no change"), ("100", "100%"), ("0%", "0%")],
)  # fmt: skip
def test_outcome_words(text: str, outcome: str) -> None:
    assert parse_outcome(text) == outcome


@pytest.mark.parametrize("text", ["101%", "better", "-5", "88%%", ""])
def test_outcome_words_refused(text: str) -> None:
    with pytest.raises(UsageError):
        parse_outcome(text)


def test_search_syntax() -> None:
    query = parse_case_query(
        "tag:Threat tag:zero-dollar advice:ask-support ruleset:2025 since:2026-01-01 "
        "until:2026-03-31 page:3 client went silent"
    )
    assert query == CaseQuery(
        words="client went silent",
        tags=("threat", "zero-dollar"),
        advice_ids=("ask-support",),
        ruleset="2025",
        since=date(2026, 1, 1),
        until=date(2026, 3, 31),
        page=3,
        per_page=10,
    )
    assert parse_case_query("") == CaseQuery(per_page=10)
    assert parse_case_query("after:1A2b tag:x") == CaseQuery(
        tags=("x",), per_page=10, cursor="1a2b"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("since:2026-13-01", "`since:` needs a date"),
        ("until:soon", "`until:` needs a date"),
        ("page:0", "page number"),
        ("page:101", "use the `after:` code"),
        ("after:next", "`after:` needs the code"),
        ("after:" + "f" * 17, "`after:` needs the code"),
        ("tag:", "needs a value"),
        ("since:2026-03-01 until:2026-01-01", "comes after"),
        ("color:red", "don't know the filter"),
    ],
)
def test_search_syntax_errors_say_what_to_fix(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_case_query(text)


def test_periods() -> None:
    assert parse_period("30d", TODAY) == (date(2026, 10, 23), TODAY)
    assert parse_period("2w", TODAY) == (date(2026, 11, 8), TODAY)
    assert parse_period("", TODAY) == (date(2026, 8, 30), TODAY)
    assert parse_period("all", TODAY) == (None, None)
    assert parse_period("2026-01-01..2026-03-31", TODAY) == (date(2026, 1, 1), date(2026, 3, 31))
    assert parse_period("2026-01-01..", TODAY) == (date(2026, 1, 1), None)
    for bad in ("0d", "2026-03-31..2026-01-01", "last month", "2026-02-30.."):
        with pytest.raises(UsageError):
            parse_period(bad, TODAY)
