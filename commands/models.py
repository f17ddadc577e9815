"""Platform-neutral request and reply: what adapters hand in and what they render.

An adapter turns a platform event into an `Invocation` and renders the `Reply`
it gets back. Reply text uses a small markdown subset that every adapter can
render: `**bold**`, `- ` bullets, blank lines between paragraphs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from commands.charts import Chart


class ChannelKind(StrEnum):
    """How the question reached the bot; kept on the case."""

    SLASH = "slash"
    FORUM = "forum"
    THREAD = "thread"
    CONSOLE = "console"


class ReplyKind(StrEnum):
    ANSWER = "answer"
    INFO = "info"
    REFUSAL = "refusal"
    ERROR = "error"


class ButtonAction(StrEnum):
    """Buttons under an answer; adapters key them by case id so they survive restarts.

    Each value is the command path a press dispatches, with `{"case": case_id}`.
    """

    DETAILS = "details"
    EDIT = "edit"
    WHAT_IF = "what-if"
    OUTCOME = "outcome"
    COMPARE = "compare"
    """Answers sent before Details replaced it still carry this button; it shows Details."""


@dataclass(frozen=True)
class Invocation:
    """One command as the dispatcher sees it, whatever the platform.

    `command` is the command path (`"check"`, `"case show"`); `options` holds
    the option values as typed, by option name. Ids are the platform's raw ids:
    they go no further than the anonymizer. `received_at` is stamped by the
    dispatcher from the bot's clock when the adapter leaves it out. `rate_limited`
    is False only for a local adapter with one user (the console): the limit
    protects a shared community from one member, not a terminal from its owner.
    """

    platform: str
    command: str
    options: Mapping[str, str]
    user_id: str
    channel_id: str
    community_id: str | None = None
    channel_kind: ChannelKind = ChannelKind.SLASH
    event_id: str = ""
    is_moderator: bool = False
    received_at: datetime | None = None
    rate_limited: bool = True
    conversation: str = ""
    """Where a conversation happens (a thread, a Slack message's thread, the console):
    what the member says there next continues the case answered there."""


@dataclass(frozen=True)
class ReplyField:
    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True)
class ReplySection:
    title: str
    body: str


@dataclass(frozen=True)
class Button:
    action: ButtonAction
    label: str
    case_id: str


@dataclass(frozen=True)
class Form:
    """A one-field form the adapter opens (a modal on Discord and Slack, a prompt in the console).

    On submit the adapter dispatches `command` with `{"case": case_id, option: value}`.
    """

    title: str
    label: str
    command: str
    option: str
    case_id: str | None = None
    placeholder: str = ""
    multiline: bool = False
    max_length: int = 4000
    value: str = ""
    """What the field holds when the form opens (the reading to edit)."""

    def submission(self, value: str) -> dict[str, str]:
        """The options to dispatch `command` with once the member has filled the form in."""
        options = {self.option: value}
        if self.case_id:
            options["case"] = self.case_id
        return options


BUTTON_CHOICES = 3
"""A question with at most this many choices shows them as buttons; with more, as a menu."""


@dataclass(frozen=True)
class QuestionChoice:
    label: str
    value: str


@dataclass(frozen=True)
class Question:
    """A question an answer asks; a pick among `choices` runs `answer` with
    `{"case": case_id, "key": key, "value": value}` (no choices: answered in words)."""

    key: str
    text: str
    choices: tuple[QuestionChoice, ...] = ()

    @property
    def as_buttons(self) -> bool:
        """Whether the choices are few enough to show as buttons rather than a menu."""
        return len(self.choices) <= BUTTON_CHOICES


@dataclass(frozen=True)
class Reply:
    """What the bot says back, before any platform formatting."""

    title: str
    summary: str = ""
    fields: tuple[ReplyField, ...] = ()
    sections: tuple[ReplySection, ...] = ()
    buttons: tuple[Button, ...] = ()
    footer: str = ""
    kind: ReplyKind = ReplyKind.INFO
    ephemeral: bool = False
    case_id: str | None = None
    error_id: str | None = None
    form: Form | None = None
    questions: tuple[Question, ...] = ()
    """The questions of `sections` again, structured, for buttons and select menus."""
    chart: Chart | None = None
    """The answer's scenarios (or a report's figures) as a chart; adapters draw it after
    sending the text."""

    def as_text(self) -> str:
        """Plain-text rendering: the console's, and every adapter's fallback text."""
        parts = [f"**{self.title}**"]
        if self.summary:
            parts.append(self.summary)
        if self.fields:
            parts.append("\n".join(f"{f.name}: {f.value}" for f in self.fields))
        parts.extend(f"**{s.title}**\n{s.body}" for s in self.sections)
        if self.footer:
            parts.append(self.footer)
        return "\n\n".join(parts)
