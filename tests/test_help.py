"""`/jss help`: built from the command table, per platform and per role."""

from __future__ import annotations

import pytest

from commands.command_line import UsageError
from commands.handlers.help import help_command
from commands.models import Invocation
from commands.services import CommandContext, Services
from commands.specs import VISIBLE_COMMANDS


def context(platform: str, *, moderator: bool, topic: str = "") -> CommandContext:
    invocation = Invocation(
        platform=platform,
        command="help",
        options={},
        user_id="u",
        channel_id="c",
        is_moderator=moderator,
    )
    return CommandContext(invocation, {"topic": topic} if topic else {}, Services())


async def test_discord_moderators_see_the_separate_moderator_command() -> None:
    reply = await help_command(context("discord", moderator=True))
    text = reply.as_text()
    assert "/jss-case show <case>" in text
    assert "/jss case show" not in text
    assert "/jss check <situation>" in text


async def test_other_platforms_show_the_moderator_group_under_jss() -> None:
    text = (await help_command(context("slack", moderator=True))).as_text()
    assert "/jss case show <case>" in text


async def test_members_see_every_member_command_and_no_hidden_one() -> None:
    text = (await help_command(context("console", moderator=False))).as_text()
    for spec in VISIBLE_COMMANDS:
        assert (spec.usage in text) is (not spec.moderator_only), spec.path
    assert "/jss compare" not in text and "/jss what-if" not in text


async def test_notation_topic_and_unknown_topics() -> None:
    notation = await help_command(context("console", moderator=False, topic="notation"))
    assert ";" in notation.summary and "5*" in notation.summary
    with pytest.raises(UsageError, match="no help topic"):
        await help_command(context("console", moderator=False, topic="case show"))
    detail = await help_command(context("console", moderator=True, topic="case note"))
    assert "Usage: `/jss case note <case> <text>`" in detail.summary


async def test_help_says_how_answers_are_shaped() -> None:
    reply = await help_command(context("console", moderator=False))
    assert "I answer your question first" in reply.summary and "Details" in reply.summary
    assert "/jss details" in reply.as_text()
