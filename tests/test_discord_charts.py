"""Discord on the wire: the answer goes out, then its chart is attached as its embed image."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from PIL import Image

from tests.discord_wire import LogWaiter, case_id_of, running_bot
from tests.fake_discord import FORUM_CHANNEL_ID, Recorded

SITUATION = "JSS 92%, Top Rated, a client went silent on an open hourly contract 4 months ago"


def check_chart_edit(edit: Recorded, answer: Recorded) -> None:
    assert edit.method == "PATCH"
    case_id = case_id_of(answer)
    name = f"jss-{case_id}.png"
    with Image.open(io.BytesIO(edit.files[name])) as image:
        assert image.size == (800, 400)
    (attachment,) = edit.json["attachments"]
    assert attachment["filename"] == name
    assert "Your score now: 92%" in attachment["description"]  # the alt text
    embeds = edit.json["embeds"]
    assert embeds[0]["image"]["url"] == f"attachment://{name}"
    # The answer itself is unchanged by the edit.
    assert embeds[0]["title"] == answer.json["embeds"][0]["title"]
    assert edit.json["allowed_mentions"] == {"parse": []}
    assert edit.at > answer.at


async def test_a_slash_answer_gets_its_chart_after_the_text(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        payload = wire.fake.command("jss", "check", situation=SITUATION)
        await wire.interact(payload)
        answer = await wire.follow_up(payload)
        assert not answer.files  # the text goes out without waiting for the chart
        edit = await wire.fake.wait_request(
            lambda r: r.method == "PATCH" and payload["token"] in r.path, within=60
        )
        check_chart_edit(edit, answer)


async def test_a_forum_answer_gets_its_chart(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        fake = wire.fake
        post_id = fake.next_id()
        thread = fake.thread(post_id, FORUM_CHANNEL_ID, name="Dormant contract")
        await fake.dispatch("THREAD_CREATE", {**thread, "newly_created": True})
        await fake.dispatch("MESSAGE_CREATE", fake.post(post_id, post_id, SITUATION))
        answer = await fake.wait_request(
            lambda r: r.method == "POST" and r.path == f"/channels/{post_id}/messages"
        )
        edit = await fake.wait_request(
            lambda r: r.method == "PATCH" and r.path.startswith(f"/channels/{post_id}/messages/"),
            within=60,
        )
        check_chart_edit(edit, answer)


async def test_an_answer_whose_chart_fails_stays_as_sent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(chart: object) -> bytes:
        raise RuntimeError("no fonts")

    monkeypatch.setattr("commands.charts.render.chart_png", broken)
    waiter = LogWaiter()
    logger = logging.getLogger("commands.charts.render")
    logger.addHandler(waiter)
    try:
        async with running_bot(tmp_path / "cases.db") as wire:
            payload = wire.fake.command("jss", "check", situation=SITUATION)
            await wire.interact(payload)
            answer = await wire.follow_up(payload)
            assert answer.json["embeds"][0]["title"] == "Your JSS"
            await waiter.wait_for("a chart could not be drawn (RuntimeError)")
            assert all(r.method != "PATCH" for r in wire.fake.sent_to(payload["token"]))
    finally:
        logger.removeHandler(waiter)


async def test_a_chart_edit_cut_off_leaves_the_answer_as_sent(tmp_path: Path) -> None:
    waiter = LogWaiter()
    logger = logging.getLogger("bot.adapters.discord.charts")
    logger.addHandler(waiter)
    try:
        async with running_bot(tmp_path / "cases.db") as wire:
            wire.fake.hang_up_on = {"PATCH"}  # as at a shutdown, or a server going away
            payload = wire.fake.command("jss", "check", situation=SITUATION)
            await wire.interact(payload)
            answer = await wire.follow_up(payload)
            assert answer.json["embeds"][0]["title"] == "Your JSS"
            record = await waiter.wait_for("the chart could not be attached", within=60)
            assert record.getMessage().endswith("(ServerDisconnectedError)")
            assert record.exc_info is None
    finally:
        logger.removeHandler(waiter)
