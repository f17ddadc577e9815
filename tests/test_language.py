"""Posts not in English get a short reply in English and nothing is guessed or logged."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advice.clock import FixedClock
from bot.adapters.testing import QueueAdapter
from commands.dispatcher import Dispatcher
from commands.handlers import HANDLERS
from commands.models import ReplyKind
from commands.parsing.freetext import ENGLISH_ONLY
from commands.parsing.language import ENGLISH_WORDS, MIN_WORDS, reads_as_english
from commands.services import Services
from storage.anonymize import IdHasher
from storage.interface import CaseQuery
from storage.sqlite import SqliteCaseStore
from storage.writer import CaseWriter
from tests.corpus.reading import posts

NOT_ENGLISH = [post["text"] for post in posts() if post["language"] != "en"]
ENGLISH = [post["text"] for post in posts() if post["language"] == "en"]


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[tuple[QueueAdapter, SqliteCaseStore, CaseWriter]]:
    store = SqliteCaseStore(tmp_path / "cases.db")
    await store.start()
    writer = CaseWriter(store)
    await writer.start()
    services = Services(
        store=store,
        recorder=writer,
        hasher=IdHasher(b"k" * 32),
        clock=FixedClock(date(2026, 12, 2)),
    )
    adapter = QueueAdapter(Dispatcher(services, HANDLERS))
    await adapter.start()
    yield adapter, store, writer
    await adapter.stop()
    await writer.stop()
    await store.close()


@pytest.mark.parametrize("text", NOT_ENGLISH, ids=lambda text: text[:24])
async def test_a_post_in_another_language_is_not_read_or_logged(
    bot: tuple[QueueAdapter, SqliteCaseStore, CaseWriter], text: str
) -> None:
    adapter, store, writer = bot
    reply = await adapter.send(f"/jss check {text}")
    assert reply.kind is not ReplyKind.ANSWER and reply.case_id is None
    assert reply.summary == ENGLISH_ONLY
    assert len(reply.summary.split()) <= 40  # short
    await writer.flush(5)
    assert (await store.search(CaseQuery())).total == 0


def test_every_english_post_of_the_corpus_is_read_as_english() -> None:
    assert [text[:40] for text in ENGLISH if not reads_as_english(text)] == []


@given(st.lists(st.sampled_from(sorted(ENGLISH_WORDS)), min_size=1, max_size=40))
def test_text_made_of_english_words_is_english(words: list[str]) -> None:
    assert reads_as_english(" ".join(words))


@given(st.integers(min_value=MIN_WORDS, max_value=40))
def test_many_words_in_another_script_are_not_english(count: int) -> None:
    assert not reads_as_english(" ".join(["контракт"] * count))
    assert not reads_as_english("Klien minta refund penuh " + "dan bintang satu " * count)


def test_a_short_terse_line_is_given_the_benefit_of_the_doubt() -> None:
    assert reads_as_english("TR 94, $0 contract, hourly")
