"""Forum posts and mentions on the wire: answered in their thread, once, even after a restart."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.discord_wire import LogWaiter, Wire, case_id_of, embed_text, running_bot
from tests.fake_discord import BOT_ID, FORUM_CHANNEL_ID, TEXT_CHANNEL_ID, FakeDiscord, Recorded
from tests.test_discord_commands import SITUATION
from tests.waiting import eventually


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


async def new_post(
    fake: FakeDiscord, text: str, title: str = "My contract"
) -> tuple[int, dict[str, object]]:
    """A member opens a forum post: THREAD_CREATE, then its starter MESSAGE_CREATE."""
    post_id = fake.next_id()
    thread = fake.thread(post_id, FORUM_CHANNEL_ID, name=title)
    await fake.dispatch("THREAD_CREATE", {**thread, "newly_created": True})
    starter = fake.post(post_id, post_id, text)
    await fake.dispatch("MESSAGE_CREATE", starter)
    return post_id, starter


async def answer_in(wire: Wire, thread_id: int, start: int = 0) -> Recorded:
    return await wire.fake.wait_request(
        lambda r: r.method == "POST" and r.path == f"/channels/{thread_id}/messages", start=start
    )


async def test_a_forum_post_is_answered_once_across_resume_and_restart(
    tmp_path: Path, decisions: LogWaiter
) -> None:
    fake = FakeDiscord()
    await fake.start()
    try:
        async with running_bot(tmp_path / "cases.db", fake=fake) as wire:
            post_id, starter = await new_post(fake, SITUATION)
            answer = await answer_in(wire, post_id)
            assert answer.json["allowed_mentions"] == {"parse": []}
            assert "Likely" in embed_text(answer)
            stored = await eventually(lambda: wire.store.get(case_id_of(answer)))
            assert stored.draft.channel_kind == "forum"
            # THREAD_CREATE and MESSAGE_CREATE both announced the post: one answer.
            await decisions.wait_for("a forum post was delivered again")
            # Discord replays the post after a RESUME: still one answer.
            fake.replay_on_resume = [("MESSAGE_CREATE", starter)]
            await fake.drop_connection()
            await decisions.wait_for("a forum post was delivered again")
            assert fake.resumes == 1
        async with running_bot(tmp_path / "cases.db", fake=fake):
            await fake.dispatch("MESSAGE_CREATE", starter)  # the same post, after a restart
            await decisions.wait_for("a forum post was delivered again")
        posted = [r for r in fake.sent_to(f"/channels/{post_id}/messages") if r.method == "POST"]
        assert len(posted) == 1
    finally:
        await fake.stop()


async def test_a_post_that_is_no_situation_gets_one_line(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        post_id, _ = await new_post(wire.fake, "hello there, nice weather", title="Weekend plans")
        hint = await answer_in(wire, post_id)
        (embed,) = hint.json["embeds"]
        assert "\n" not in embed["description"] and "/jss check" in embed["description"]
        assert not hint.json.get("components")


async def test_posts_outside_the_listed_forums_are_left_alone(
    tmp_path: Path, decisions: LogWaiter
) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        other_forum = wire.fake.next_id()
        post_id = wire.fake.next_id()
        thread = wire.fake.thread(post_id, other_forum)
        await wire.fake.dispatch("THREAD_CREATE", {**thread, "newly_created": True})
        await wire.fake.dispatch("MESSAGE_CREATE", wire.fake.post(post_id, post_id, SITUATION))
        # A later post in the listed forum is answered; the first one never was.
        listed, _ = await new_post(wire.fake, SITUATION)
        await answer_in(wire, listed)
        assert not [r for r in wire.fake.sent_to(f"/channels/{post_id}/") if r.method == "POST"]


async def test_a_mention_in_a_thread_is_answered_in_that_thread(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        thread_id = wire.fake.next_id()
        thread = wire.fake.thread(thread_id, TEXT_CHANNEL_ID)
        await wire.fake.dispatch("THREAD_CREATE", {**thread, "newly_created": True})
        message_id = wire.fake.next_id()
        mention = wire.fake.post(
            message_id,
            thread_id,
            f"<@{BOT_ID}> {SITUATION} @everyone",
            mentions=[{"id": str(BOT_ID), "username": "jss-helper", "discriminator": "0"}],
            mention_everyone=True,
        )
        await wire.fake.dispatch("MESSAGE_CREATE", mention)
        answer = await answer_in(wire, thread_id)
        assert int(answer.json["message_reference"]["message_id"]) == message_id
        assert answer.json["allowed_mentions"] == {"parse": [], "replied_user": False}
        stored = await eventually(lambda: wire.store.get(case_id_of(answer)))
        assert stored.draft.channel_kind == "thread"
