"""The console as a conversation: a number answers a question, plain words add to the
answer, and the case log ends with one case, rewritten."""

from __future__ import annotations

import asyncio
import io
from datetime import date
from pathlib import Path

from advice.clock import FixedClock
from bot.adapters.console import ConsoleAdapter, numbered_prompt
from commands.dispatcher import Dispatcher
from commands.handlers import HANDLERS
from commands.models import Question, QuestionChoice
from commands.services import Services
from storage.anonymize import IdHasher
from storage.interface import CaseQuery
from storage.sqlite import SqliteCaseStore
from storage.writer import CaseWriter

STORY = (
    "$0 contract, the client threatens a bad review if I ask to be paid. "
    "Three other contracts of $5,600, $2,500 and $10,000, all 5 stars."
)


async def converse(tmp_path: Path, lines: list[str]) -> tuple[str, SqliteCaseStore]:
    """Run the console over `lines` on a real case log; its output and the (open) store."""
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
    output = io.StringIO()
    console = ConsoleAdapter(
        Dispatcher(services, HANDLERS),
        input_stream=io.StringIO("".join(f"{line}\n" for line in lines)),
        output_stream=output,
    )
    await console.start()
    await asyncio.wait_for(console.finished.wait(), 30)
    await console.stop()
    await writer.flush(5)
    await writer.stop()
    return output.getvalue(), store


async def test_a_number_then_words_continue_one_case(tmp_path: Path) -> None:
    out, store = await converse(
        tmp_path, [f"/jss check {STORY}", "1", "the threat is in writing in the Upwork messages"]
    )
    try:
        assert "Type a number to answer" in out and "  1. Still open" in out
        assert "Now that I know it is still open:" in out
        assert "Now that I know the threat is in writing:" in out
        page = await store.search(CaseQuery())
        assert page.total == 1, "one case, rewritten in place"
        (case,) = page.cases
        assert case.draft.situation["contracts"][0]["status"] == "open"
        assert case.draft.situation["events"]["evidence_in_writing"] is True
    finally:
        await store.close()


async def test_a_number_before_any_answer_is_no_pick_and_words_before_one_are_a_command(
    tmp_path: Path,
) -> None:
    out, store = await converse(tmp_path, ["1", "help"])
    try:
        assert "Now that I know" not in out
        assert "/jss check" in out  # `help` without a slash is still the help command
        assert (await store.search(CaseQuery())).total == 0
    finally:
        await store.close()


def test_the_prompt_numbers_choices_across_questions_and_skips_questions_in_words() -> None:
    questions = (
        Question("contract-1-status", "Open?", (QuestionChoice("Yes", "open"),)),
        Question("contracts", "Which contracts?"),
        Question(
            "badge", "Badge?", (QuestionChoice("TR", "top-rated"), QuestionChoice("No", "none"))
        ),
    )
    prompt, picks = numbered_prompt("C-ABCDEFG", questions)
    assert [(p.key, p.value) for p in picks] == [
        ("contract-1-status", "open"),
        ("badge", "top-rated"),
        ("badge", "none"),
    ]
    assert "  3. No" in prompt and "Which contracts?" not in prompt
    assert picks[1].options() == {"case": "C-ABCDEFG", "key": "badge", "value": "top-rated"}
    assert numbered_prompt("C-ABCDEFG", questions[1:2]) == ("", ())
