"""Socket Mode on the wire: envelopes down a websocket in, acks and Web API calls out.

The adapter is built from the settings as `jss-helper run` builds it (an app
token, no signing secret) and connects with the slack_sdk's own Socket Mode
client to the loopback fake, which opens the socket through
`apps.connections.open`, says `hello` and pushes envelopes as Slack does.
"""

from __future__ import annotations

from pathlib import Path

from bot.adapters.base import Grace
from tests.fake_slack import APP_TOKEN, BOT_TOKEN
from tests.slack_wire import SocketWire, socket_mode_bot
from tests.test_slack_commands import SITUATION, case_id_of, joined
from tests.waiting import eventually


async def count_cases(wire: SocketWire) -> int:
    return len([case async for case in wire.store.export()])


async def drained(wire: SocketWire) -> None:
    """Every answer under way has been delivered (or dropped as a duplicate)."""
    assert wire.adapter.bot is not None
    await wire.adapter.bot.drain(Grace(answers=10.0, apology=1.0))


def connected_once(wire: SocketWire) -> None:
    """One URL asked for with the app token, one socket, still open: no reconnect loop."""
    (opened,) = wire.fake.of("apps.connections.open")
    assert opened.data["_token"] == APP_TOKEN
    assert len(wire.fake.sockets) == 1
    assert not wire.fake.sockets[0].closed


async def test_a_command_is_acked_then_answered_in_the_channel_and_logged(
    tmp_path: Path,
) -> None:
    async with socket_mode_bot(tmp_path / "cases.db") as wire:
        assert wire.adapter.http is None  # the app token chose Socket Mode: no HTTP server
        envelope = wire.slack.command(f"check {SITUATION}", channel="C0SOCKET1")
        await wire.slack.send(envelope)
        (ack,) = await wire.fake.wait_for_ack(envelope["envelope_id"])
        assert ack.data == {"envelope_id": envelope["envelope_id"]}
        (post,) = await wire.fake.wait_for("chat.postMessage")
        assert ack.at < post.at  # acknowledged before the answer's work, not after
        assert post.data["channel"] == "C0SOCKET1"
        assert not post.data.get("thread_ts")
        assert post.data["_token"] == BOT_TOKEN
        case_id = case_id_of(post)
        assert case_id.startswith("C-")
        assert "What to do" in joined(post)
        stored = await eventually(lambda: wire.store.get(case_id))
        assert stored.draft.channel_kind == "slash"
        assert not wire.fake.of("response_url")
        connected_once(wire)


async def test_a_command_delivered_twice_is_answered_once(tmp_path: Path) -> None:
    async with socket_mode_bot(tmp_path / "cases.db") as wire:
        envelope = wire.slack.command(f"check {SITUATION}")
        await wire.slack.send(envelope)
        await wire.slack.send(envelope)  # the same envelope, the same trigger id, again
        await wire.fake.wait_for_ack(envelope["envelope_id"], count=2)
        (post,) = await wire.fake.wait_for("chat.postMessage")
        await eventually(lambda: wire.store.get(case_id_of(post)))
        # Both copies were handed to the bot before their acks went out.
        await drained(wire)
        assert len(wire.fake.of("chat.postMessage")) == 1  # one answer, once
        assert await count_cases(wire) == 1
        connected_once(wire)


async def test_a_retried_mention_is_answered_once(tmp_path: Path) -> None:
    async with socket_mode_bot(tmp_path / "cases.db") as wire:
        original = wire.slack.mention(SITUATION, event_id="Ev0SOCKET01")
        await wire.slack.send(original)
        await wire.fake.wait_for_ack(original["envelope_id"])
        (post,) = await wire.fake.wait_for("chat.postMessage")
        await eventually(lambda: wire.store.get(case_id_of(post)))
        retry = wire.slack.retry(original)
        await wire.slack.send(retry)
        await wire.fake.wait_for_ack(retry["envelope_id"])
        # A later, different event is answered: once it is, the retry had its chance.
        await wire.slack.send(wire.slack.mention("help"))
        await wire.fake.wait_for("chat.postEphemeral")
        await drained(wire)
        assert len(wire.fake.of("chat.postMessage")) == 1
        assert await count_cases(wire) == 1
        connected_once(wire)


async def test_a_mention_is_answered_in_its_thread(tmp_path: Path) -> None:
    async with socket_mode_bot(tmp_path / "cases.db") as wire:
        in_channel = wire.slack.mention(SITUATION, channel="C0SOCKET1")
        await wire.slack.send(in_channel)
        (ack,) = await wire.fake.wait_for_ack(in_channel["envelope_id"])
        assert ack.data == {"envelope_id": in_channel["envelope_id"]}
        (post,) = await wire.fake.wait_for("chat.postMessage")
        assert post.data["channel"] == "C0SOCKET1"
        assert post.data["thread_ts"] == in_channel["payload"]["event"]["ts"]
        assert "What to do" in joined(post)  # the whole answer, in the thread
        in_thread = wire.slack.mention(f"check {SITUATION}", thread_ts="1699999999.000100")
        await wire.slack.send(in_thread)
        (_, reply) = await wire.fake.wait_for("chat.postMessage", count=2)
        assert reply.data["thread_ts"] == "1699999999.000100"
        stored = await eventually(lambda: wire.store.get(case_id_of(reply)))
        assert stored.draft.channel_kind == "thread"
        connected_once(wire)
