"""`/jss help`: the command list from the specs, or one command or topic in detail."""

from __future__ import annotations

from commands.command_line import UsageError
from commands.models import Reply, ReplySection
from commands.parsing import NOTATION_HELP
from commands.services import CommandContext
from commands.specs import VISIBLE_COMMANDS, CommandSpec, find_command

INTRO = (
    'Tell me your score and what happened ("Top Rated at 92%, a client went silent on an '
    'open contract", "dropped from 100% to 89%, why?"). I answer your question first, in '
    "a few lines, starting from the score you have: the figure, what to do, what would "
    "sharpen it, and the sources. Details shows everything behind it. Estimates only: "
    "Upwork does not publish the formula."
)


def _listing(spec: CommandSpec, platform: str) -> str:
    return f"- `{spec.usage_on(platform)}`: {spec.help}"


async def help_command(ctx: CommandContext) -> Reply:
    """List the commands this member may use, or explain one."""
    topic = ctx.option("topic").lower().removeprefix("/jss ").strip()
    if topic == "notation":
        return Reply(title="The compact notation", summary=NOTATION_HELP, ephemeral=True)
    if topic:
        spec = find_command(topic)
        if spec is None or spec.hidden or (spec.moderator_only and not ctx.invocation.is_moderator):
            raise UsageError(f"There is no help topic `{topic[:30]}`. Try `/jss help`.")
        body = "\n".join(
            [spec.help, f"Usage: `{spec.usage_on(ctx.invocation.platform)}`"]
            + [f"- `{option.name}`: {option.help}" for option in spec.options]
            + ([f"Example: `{spec.example}`"] if spec.example else [])
        )
        return Reply(title=f"/jss {spec.path}", summary=body, ephemeral=True)
    member = [
        _listing(spec, ctx.invocation.platform)
        for spec in VISIBLE_COMMANDS
        if not spec.moderator_only
    ]
    sections = [ReplySection("Commands", "\n".join(member))]
    if ctx.invocation.is_moderator:
        moderator = [
            _listing(spec, ctx.invocation.platform)
            for spec in VISIBLE_COMMANDS
            if spec.moderator_only
        ]
        sections.append(ReplySection("Moderator commands", "\n".join(moderator)))
    sections.append(
        ReplySection(
            "More", "`/jss help notation` explains the compact notation for exact numbers."
        )
    )
    return Reply(title="JSS helper", summary=INTRO, sections=tuple(sections), ephemeral=True)
