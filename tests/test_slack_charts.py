"""Slack on the wire: the answer is posted, then its chart is uploaded into its thread
with files upload v2 (get an upload URL, post the bytes there, complete the upload)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from PIL import Image

from tests.fake_slack import Call
from tests.slack_wire import Wire, running_bot

SITUATION = "JSS 92%, Top Rated, a client went silent on an open hourly contract 4 months ago"


def case_id_of(post: Call) -> str:
    """The case id the answer's own buttons (Details, Edit) carry."""
    for block in post.blocks:
        if str(block.get("block_id", "")).startswith("jss-buttons-"):
            return str(block["elements"][0]["value"])
    raise AssertionError("no buttons on the answer")


async def uploaded_chart(wire: Wire, thread_ts: str, filename: str) -> None:
    """The three calls of one upload, in order, landing in `thread_ts`."""
    (url,) = await wire.fake.wait_for("files.getUploadURLExternal", within=60)
    assert url.data["filename"] == filename
    assert "Your score now: 92%" in url.data["alt_txt"]
    (done,) = await wire.fake.wait_for("files.completeUploadExternal", within=60)
    (upload,) = wire.fake.of("upload")
    assert url.at < upload.at < done.at
    files = json.loads(done.data["files"])
    assert [f["id"] for f in files] == [upload.data["file_id"]]
    assert done.data["channel_id"] == "C0GENERAL"
    assert done.data["thread_ts"] == thread_ts
    with Image.open(io.BytesIO(wire.fake.uploads[upload.data["file_id"]])) as image:
        assert image.size == (800, 400)
    assert int(url.data["length"]) == upload.data["size"]


async def test_a_slash_answer_gets_its_chart_in_its_thread(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        await wire.slack.command(f"check {SITUATION}")
        (post,) = await wire.fake.wait_for("chat.postMessage")
        assert not post.data.get("thread_ts")  # the answer itself is in the channel
        (answer_ts,) = wire.fake.posted
        await uploaded_chart(wire, answer_ts, f"jss-{case_id_of(post)}.png")


async def test_a_mention_gets_its_chart_in_the_same_thread(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        event = wire.slack.mention_body(f"check {SITUATION}", thread_ts="1699999999.000100")
        await wire.slack.event(event)
        (post,) = await wire.fake.wait_for("chat.postMessage")
        assert post.data["thread_ts"] == "1699999999.000100"
        await uploaded_chart(wire, "1699999999.000100", f"jss-{case_id_of(post)}.png")
