"""The one definition of every command: names, options, help, who may use it.

Every adapter builds its platform's commands from this table (Discord's command
tree, Slack's `/jss` text, the console's lines), so a command added here appears
everywhere. Handlers are attached separately in `commands/handlers/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class OptionKind(StrEnum):
    TEXT = "text"
    REST = "rest"
    DATE = "date"
    CHOICE = "choice"
    CASE_ID = "case-id"


@dataclass(frozen=True)
class OptionSpec:
    name: str
    kind: OptionKind
    help: str
    required: bool = True
    choices: tuple[str, ...] = ()
    max_length: int = 6000


@dataclass(frozen=True)
class CommandSpec:
    """One command. `path` is its words after `/jss` (`"case show"`)."""

    path: str
    help: str
    options: tuple[OptionSpec, ...] = ()
    moderator_only: bool = False
    example: str = ""
    opens_form: bool = False
    records_case: bool = False
    continues_case: bool = False
    """Re-answers a case (a choice, words added, a corrected reading): public like the
    answer it continues."""
    hidden: bool = False
    # False for a member's privacy right (forget-me): it is never refused for speed.
    rate_limited: bool = True
    private: bool = False
    """Answered to the asking member alone even when it answers a situation: checking
    someone else's message, whose author did not ask for a public answer."""

    @property
    def private_reply(self) -> bool:
        """Whether only the asking member sees the answer: moderator look-ups and everything
        about the member themself. Answers to situations are public so that others in the
        community learn from them; adapters that must choose before answering use this."""
        return self.private or self.moderator_only or not (self.records_case or self.continues_case)

    def command_text(self, platform: str = "") -> str:
        """How a member types the command on `platform`: `/jss case show`, or on Discord
        `/jss-case show`."""
        if self.moderator_only and platform in SEPARATE_MODERATOR_COMMAND:
            group, *rest = self.path.split()
            return " ".join([f"/jss-{group}", *rest])
        return f"/jss {self.path}"

    def usage_on(self, platform: str) -> str:
        """`/jss case note <id> <text>` as typed on `platform`, optional options in brackets."""
        words = [self.command_text(platform)]
        for option in self.options:
            words.append(f"<{option.name}>" if option.required else f"[{option.name}]")
        return " ".join(words)

    @property
    def usage(self) -> str:
        """`/jss case note <id> <text>`, as typed on every platform but Discord."""
        return self.usage_on("")


# Discord applies default member permissions only to top-level commands, so there the
# moderator commands are their own command (`/jss-case show`) that Discord can hide.
SEPARATE_MODERATOR_COMMAND = frozenset({"discord"})

BADGE_CHOICES = ("none", "rising-talent", "top-rated", "top-rated-plus", "expert-vetted")

SITUATION = OptionSpec(
    "situation",
    OptionKind.REST,
    "Your situation in your own words: contracts, amounts, feedback, what happened.",
)

COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(
        "check",
        "Estimate what a contract does to your JSS and what to do about it.",
        (SITUATION,),
        example=(
            "/jss check $0 contract, client threatens a bad review; three other contracts "
            "of $5,600, $2,500 and $10,000 all went well; not Top Rated"
        ),
        records_case=True,
    ),
    CommandSpec(
        "ask",
        "Open a form to tell a longer story; same answer as check.",
        (SITUATION,),
        opens_form=True,
        records_case=True,
    ),
    CommandSpec(
        "check-message",
        "Check the situation a message describes, answered to you alone (the message's menu).",
        (OptionSpec("message", OptionKind.REST, "The message's text."),),
        records_case=True,
        private=True,
        hidden=True,
    ),
    CommandSpec(
        "estimate",
        "Estimate from exact numbers written in the compact notation.",
        (
            OptionSpec(
                "contracts",
                OptionKind.REST,
                "Contracts in the compact notation, separated by ';' (see /jss help notation).",
            ),
            OptionSpec(
                "badge", OptionKind.CHOICE, "Your badge.", required=False, choices=BADGE_CHOICES
            ),
            OptionSpec("as_of", OptionKind.DATE, "Date to estimate for (YYYY-MM-DD).", False),
        ),
        example="/jss estimate 0 neg-private ask; 5600 5*; 2500 5*; 10000 5*",
        records_case=True,
    ),
    CommandSpec(
        "help",
        "List the commands, or explain one (`/jss help notation`).",
        (
            OptionSpec(
                "topic", OptionKind.TEXT, "A command or 'notation'.", required=False, max_length=40
            ),
        ),
    ),
    CommandSpec("forget-me", "Delete every case the bot logged for you.", rate_limited=False),
    CommandSpec(
        "outcome",
        "Tell the bot what really happened to your JSS after a case.",
        (
            OptionSpec("case", OptionKind.CASE_ID, "The case id from the answer, like C-7K2M9XQ."),
            OptionSpec(
                "result",
                OptionKind.REST,
                "Your new JSS (like 87%) or 'no change'.",
                required=False,
                max_length=100,
            ),
        ),
        example="/jss outcome C-7K2M9XQ 88%",
    ),
    CommandSpec(
        "details",
        "Everything behind an answer: options, reasons, figures, what I read.",
        (
            OptionSpec(
                "case",
                OptionKind.CASE_ID,
                "The case id from the answer; your last answer when left out.",
                required=False,
            ),
        ),
        example="/jss details C-7K2M9XQ",
    ),
    CommandSpec(
        "compare",
        "The details of a case (the button of answers sent before Details).",
        (OptionSpec("case", OptionKind.CASE_ID, "The case id."),),
        hidden=True,
    ),
    CommandSpec(
        "answer",
        "Answer one of the bot's questions with a choice (its buttons and menus).",
        (
            OptionSpec("case", OptionKind.CASE_ID, "The case id."),
            OptionSpec("key", OptionKind.TEXT, "The question's key.", max_length=60),
            OptionSpec("value", OptionKind.TEXT, "The choice.", max_length=60),
        ),
        continues_case=True,
        hidden=True,
    ),
    CommandSpec(
        "continue",
        "Tell the bot more about your last answer, in words (a reply in its thread).",
        (
            OptionSpec("text", OptionKind.REST, "What you add."),
            OptionSpec("case", OptionKind.CASE_ID, "The case id (from a form).", required=False),
        ),
        continues_case=True,
        hidden=True,
    ),
    CommandSpec(
        "edit",
        "Correct what the bot read, in the compact notation (the Edit what I read button).",
        (
            OptionSpec("case", OptionKind.CASE_ID, "The case id."),
            OptionSpec("reading", OptionKind.REST, "The corrected reading.", required=False),
        ),
        continues_case=True,
        hidden=True,
    ),
    CommandSpec(
        "what-if",
        "Answer the top open question of a case and see the new estimate.",
        (
            OptionSpec("case", OptionKind.CASE_ID, "The case id."),
            OptionSpec("answer", OptionKind.REST, "Your answer.", required=False, max_length=1000),
        ),
        hidden=True,
    ),
    CommandSpec(
        "case show",
        "Show a logged case.",
        (OptionSpec("case", OptionKind.CASE_ID, "The case id, like C-7K2M9XQ."),),
        moderator_only=True,
    ),
    CommandSpec(
        "case search",
        "Search: tag:x advice:y ruleset:z since:/until:YYYY-MM-DD page:N after:code, words.",
        (OptionSpec("query", OptionKind.REST, "What to look for.", required=False),),
        moderator_only=True,
        example="/jss case search tag:threat since:2026-01-01 dormant",
    ),
    CommandSpec(
        "case stats",
        "Counts by tag and advice over a period (30d, 12w, or FROM..TO); or `calibration`.",
        (
            OptionSpec(
                "period",
                OptionKind.TEXT,
                "Like 30d, 12w or 2026-01-01..2026-03-31; calibration: how estimates came true.",
                False,
            ),
        ),
        moderator_only=True,
    ),
    CommandSpec(
        "case note",
        "Add a moderator note to a case.",
        (
            OptionSpec("case", OptionKind.CASE_ID, "The case id, like C-7K2M9XQ."),
            OptionSpec("text", OptionKind.REST, "The note.", max_length=1000),
        ),
        moderator_only=True,
    ),
)

COMMANDS_BY_PATH: dict[str, CommandSpec] = {spec.path: spec for spec in COMMANDS}

# Commands a member types; the hidden ones are reached through buttons and forms.
VISIBLE_COMMANDS: tuple[CommandSpec, ...] = tuple(spec for spec in COMMANDS if not spec.hidden)


def find_command(path: str) -> CommandSpec | None:
    """The spec for a command path, or None."""
    return COMMANDS_BY_PATH.get(path)
