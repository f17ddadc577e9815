"""`/jss` slash commands on the wire: signed form posts in, Web API calls out."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

import pytest

from commands.compute import ComputePool
from tests.advice_text import short
from tests.fake_slack import Call
from tests.slack_wire import Wire, running_bot
from tests.waiting import eventually

SITUATION = (
    "$0 contract, client threatens a bad review; three other contracts of $5,600, "
    "$2,500 and $10,000 all went well; not Top Rated"
)
MODERATOR = "U0MOD0001"
MEMBER = "U0MEMBER1"


def case_id_of(call: Call) -> str:
    for block in call.blocks:
        if block["type"] == "actions" and block["block_id"].startswith("jss-buttons"):
            return str(block["elements"][0]["value"])
    raise AssertionError("no buttons on the answer")


def joined(call: Call) -> str:
    return "\n".join(call.texts())


async def ask(wire: Wire, text: str, user: str = MEMBER) -> Call:
    """A member command that answers in the channel: the one post of its answer."""
    status, _ = await wire.slack.command(text, user=user)
    assert status == 200
    (post,) = await wire.fake.wait_for("chat.postMessage")
    return post


async def ephemeral(wire: Wire, text: str, user: str = MEMBER) -> Call:
    """A command answered only to its sender, through its response_url."""
    status, tag = await wire.slack.command(text, user=user)
    assert status == 200
    (call,) = await wire.fake.wait_for("response_url", where=lambda c: c.data["_tag"] == tag)
    assert call.data["response_type"] == "ephemeral"
    return call


async def test_check_answers_in_the_channel_in_one_short_message(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        post = await ask(wire, f"check {SITUATION}")
        assert post.data["channel"] == "C0GENERAL"
        assert not post.data.get("thread_ts")
        assert post.data["_token"] == "xoxb-test-bot-token"
        assert post.blocks[0]["type"] == "header"
        assert "What to do" in joined(post) and short("report-extortion") in joined(post)
        actions = [b for b in post.blocks if b["type"] == "actions"]
        # The question's choices first, then the case's buttons, Details leading them.
        assert [e["action_id"] for e in actions[0]["elements"]] == [
            "jss-choice-0-0",
            "jss-choice-0-1",
        ]
        assert actions[-1]["elements"][0]["action_id"] == "jss-details"
        case_id = case_id_of(post)
        assert await eventually(lambda: wire.store.get(case_id))
        assert len(wire.fake.of("chat.postMessage")) == 1  # nothing in a thread
        assert not wire.fake.of("response_url")


P = ParamSpec("P")
T = TypeVar("T")


class GatedPool(ComputePool):
    """A compute pool whose work waits until the test opens the gate."""

    def __init__(self) -> None:
        super().__init__(processes=0)
        self.gate = asyncio.Event()

    async def run(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        await self.gate.wait()
        return await super().run(function, *args, **kwargs)


async def test_the_ack_never_waits_for_the_answer(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        pool = GatedPool()
        wire.services.compute = pool
        # Were the answer worked out before the 200, this would never return.
        status, _ = await asyncio.wait_for(wire.slack.command(f"check {SITUATION}"), 30)
        assert status == 200
        assert not wire.fake.of("chat.postMessage")
        pool.gate.set()
        (post,) = await wire.fake.wait_for("chat.postMessage")
        assert case_id_of(post).startswith("C-")
        assert "What to do" in joined(post)


async def test_estimate_from_the_notation(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        post = await ask(wire, "estimate 0 neg-private ask; 5600 5*; 2500 5*; 10000 5*")
        assert "Your JSS" in joined(post) and "100% → 82%" in joined(post)
        assert case_id_of(post).startswith("C-")


async def test_help_is_ephemeral_and_lists_commands(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        call = await ephemeral(wire, "help")
        assert "/jss check" in joined(call)
        assert "/jss case show" not in joined(call)  # members don't see moderator commands
        assert not wire.fake.of("chat.postMessage")


@pytest.mark.parametrize("text", ["frobnicate the score", ""])
async def test_unknown_or_missing_subcommand_gets_the_help(tmp_path: Path, text: str) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        call = await ephemeral(wire, text)
        assert "/jss check" in joined(call)
        if text:
            assert "frobnicate" in joined(call)


async def test_ask_opens_a_modal_and_the_submission_is_answered(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        status, _ = await wire.slack.command("ask")
        assert status == 200
        (opened,) = await wire.fake.wait_for("views.open")
        assert opened.data["trigger_id"].endswith("trigger000001")
        view = opened.data["view"]
        assert view["blocks"][0]["element"]["multiline"] is True
        status, _ = await wire.slack.interaction(
            wire.slack.view_payload(view, SITUATION, user=MEMBER)
        )
        assert status == 200
        (post,) = await wire.fake.wait_for("chat.postMessage")
        assert post.data["channel"] == "C0GENERAL" and not post.data.get("thread_ts")
        assert case_id_of(post).startswith("C-")


async def test_forget_me_deletes_the_members_cases(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        summary = await ask(wire, f"check {SITUATION}")
        case_id = case_id_of(summary)
        await eventually(lambda: wire.store.get(case_id))
        call = await ephemeral(wire, "forget-me")
        assert "1" in joined(call)
        assert await wire.store.get(case_id) is None


async def test_outcome_with_a_result_and_through_its_form(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        summary = await ask(wire, f"check {SITUATION}")
        case_id = case_id_of(summary)
        await eventually(lambda: wire.store.get(case_id))
        await ephemeral(wire, f"outcome {case_id} 88%")
        stored = await wire.store.get(case_id)
        assert stored is not None and stored.outcome is not None
        # Without a result, the command opens a form; its submission is answered privately.
        status, _ = await wire.slack.command(f"outcome {case_id}")
        assert status == 200
        (opened,) = await wire.fake.wait_for("views.open")
        payload = wire.slack.view_payload(opened.data["view"], "no change", user=MEMBER)
        await wire.slack.interaction(payload)
        (private,) = await wire.fake.wait_for("chat.postEphemeral")
        assert private.data["user"] == MEMBER


async def test_moderator_commands_answer_moderators_privately(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db", moderators=[MODERATOR]) as wire:
        summary = await ask(wire, f"check {SITUATION}")
        case_id = case_id_of(summary)
        await eventually(lambda: wire.store.get(case_id))
        shown = await ephemeral(wire, f"case show {case_id}", user=MODERATOR)
        assert case_id in joined(shown)
        await ephemeral(wire, f"case note {case_id} asked support, waiting", user=MODERATOR)
        stored = await wire.store.get(case_id)
        assert stored is not None and stored.notes
        found = await ephemeral(wire, "case search tag:check", user=MODERATOR)
        assert case_id in joined(found)
        stats = await ephemeral(wire, "case stats 30d", user=MODERATOR)
        assert "1" in joined(stats)
        assert len(wire.fake.of("chat.postMessage")) == 1  # nothing moderators ask is public


async def test_moderator_command_refused_to_a_member(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db", moderators=[MODERATOR]) as wire:
        summary = await ask(wire, f"check {SITUATION}")
        case_id = case_id_of(summary)
        refused = await ephemeral(wire, f"case show {case_id}")
        assert "Moderators only" in joined(refused)
        assert case_id not in joined(refused)
        assert "$5,600" not in joined(refused)


async def test_user_group_members_are_moderators_and_the_list_is_cached(tmp_path: Path) -> None:
    async with running_bot(
        tmp_path / "cases.db", usergroup="S0MODS001", group_members=["U0GROUPMOD"]
    ) as wire:
        first = await ephemeral(wire, "help", user="U0GROUPMOD")
        assert "/jss case show" in joined(first)
        second = await ephemeral(wire, "help")
        assert "/jss case show" not in joined(second)
        lookups = wire.fake.of("usergroups.users.list")
        assert len(lookups) == 1 and lookups[0].data["usergroup"] == "S0MODS001"


async def test_not_in_channel_falls_back_to_the_response_url(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        wire.fake.not_in_channels.add("C0PRIVATE")
        status, tag = await wire.slack.command(f"check {SITUATION}", channel="C0PRIVATE")
        assert status == 200
        (call,) = await wire.fake.wait_for("response_url")
        assert call.data["_tag"] == tag
        assert call.data["response_type"] == "in_channel"
        assert "What to do" in joined(call)
