"""A platform-neutral `Reply` as Slack Block Kit, within Slack's limits.

A reply is one message: header, summary, fields, its sections, the questions
with choices (buttons for a few, a static select for more), then the footer with
the case id and the buttons. Every text goes through `escape`, so nothing a
member typed can notify anyone.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bot.adapters.slack.escape import to_mrkdwn, to_plain
from commands.models import ButtonAction, Question, Reply
from commands.text_split import shorten, split_text

Block = dict[str, Any]

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_FIELD_TEXT = 2000
MAX_FIELDS = 10
MAX_CONTEXT_TEXT = 2000
MAX_BUTTON_TEXT = 75
MAX_FALLBACK_TEXT = 3000
MAX_MODAL_TITLE = 24
MAX_INPUT_LENGTH = 3000
MAX_OPTION_VALUE = 150
MAX_OPTIONS = 100
MAX_PLACEHOLDER = 150

ACTION_PREFIX = "jss-"
CHOICE_PREFIX = "jss-choice-"
"""Action ids of the questions' buttons and menus; each element's value (a button's, a
menu option's) is `case:key:choice`, all a pick needs, also after a restart."""
FORM_CALLBACK = "jss-form"
FORM_BLOCK = "value"
FORM_ACTION = "value"

# A hard cut must not split an escape like `&amp;`: Slack would show it broken.
ENTITY_TAIL = re.compile(r"&[a-z]{0,3}$")


def _mrkdwn(text: str) -> Block:
    # verbatim: Slack must not turn names or addresses in the text into links.
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def _shorten_text(text: str, limit: int) -> str:
    return shorten(text, limit, unsplittable=ENTITY_TAIL)


def _split(text: str, limit: int) -> list[str]:
    return split_text(text, limit, unsplittable=ENTITY_TAIL)


def _plain(text: str, limit: int) -> Block:
    return {"type": "plain_text", "text": _shorten_text(to_plain(text), limit), "emoji": True}


def _sections(text: str) -> list[Block]:
    return [
        {"type": "section", "text": _mrkdwn(piece)}
        for piece in _split(to_mrkdwn(text), MAX_SECTION_TEXT)
    ]


def action_id(action: ButtonAction) -> str:
    """The button's action id; the case id travels in its value, so it survives restarts."""
    return ACTION_PREFIX + action.value


def summary_blocks(reply: Reply) -> list[Block]:
    """Header, summary, estimate fields, footer with the case id, and buttons."""
    blocks: list[Block] = [{"type": "header", "text": _plain(reply.title, MAX_HEADER_TEXT)}]
    if reply.summary:
        blocks.extend(_sections(reply.summary))
    if reply.fields:
        fields = [
            _mrkdwn(_shorten_text(to_mrkdwn(f"**{field.name}**\n{field.value}"), MAX_FIELD_TEXT))
            for field in reply.fields
        ]
        for start in range(0, len(fields), MAX_FIELDS):
            blocks.append({"type": "section", "fields": fields[start : start + MAX_FIELDS]})
    if reply.footer:
        footer = _shorten_text(to_mrkdwn(reply.footer), MAX_CONTEXT_TEXT)
        blocks.append({"type": "context", "elements": [_mrkdwn(footer)]})
    if reply.buttons:
        blocks.append(
            {
                "type": "actions",
                "block_id": f"jss-buttons-{reply.case_id or 'none'}",
                "elements": [
                    {
                        "type": "button",
                        "action_id": action_id(button.action),
                        "text": _plain(button.label, MAX_BUTTON_TEXT),
                        "value": button.case_id,
                    }
                    for button in reply.buttons
                ],
            }
        )
    return blocks


def choice_value(case_id: str, key: str, value: str) -> str:
    """What a question's button or menu option carries: the case, the question, the choice."""
    return f"{case_id}:{key}:{value}"


def read_choice(value: str) -> tuple[str, str, str] | None:
    """The case, question key and choice a pick carries; None for a value not ours."""
    parts = value.split(":", 2)
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 and all(parts) else None


def _question_block(case_id: str, index: int, question: Question) -> Block:
    values = [choice_value(case_id, question.key, c.value) for c in question.choices]
    if question.as_buttons:
        elements: list[Block] = [
            {
                "type": "button",
                "action_id": f"{CHOICE_PREFIX}{index}-{n}",
                "text": _plain(choice.label, MAX_BUTTON_TEXT),
                "value": value,
            }
            for n, (choice, value) in enumerate(zip(question.choices, values, strict=True))
        ]
    else:
        elements = [
            {
                "type": "static_select",
                "action_id": f"{CHOICE_PREFIX}{index}",
                "placeholder": _plain(question.text, MAX_PLACEHOLDER),
                "options": [
                    {"text": _plain(choice.label, MAX_BUTTON_TEXT), "value": value}
                    for choice, value in zip(question.choices, values, strict=True)
                ][:MAX_OPTIONS],
            }
        ]
    return {"type": "actions", "block_id": f"jss-question-{index}", "elements": elements}


def question_blocks(reply: Reply) -> list[Block]:
    """A block of buttons or a menu for each of the answer's questions with choices
    (a question whose values would not fit is still asked in the text)."""
    case_id = reply.case_id or ""
    return [
        _question_block(case_id, index, question)
        for index, question in enumerate(reply.questions)
        if case_id
        and question.choices
        and all(
            len(choice_value(case_id, question.key, c.value)) <= MAX_OPTION_VALUE
            for c in question.choices
        )
    ]


def detail_blocks(reply: Reply) -> list[Block]:
    """The sections (options, advice with sources, questions), each as one or more blocks."""
    blocks: list[Block] = []
    for section in reply.sections:
        blocks.extend(_sections(f"**{section.title}**\n{section.body}"))
    return _capped(blocks)


def reply_blocks(reply: Reply) -> list[Block]:
    """The whole reply as one message: summary first, details and the questions' choices
    before the footer and buttons."""
    head = summary_blocks(reply)
    tail_types = {"context", "actions"}
    tail = question_blocks(reply) + [block for block in head if block["type"] in tail_types]
    head = [block for block in head if block["type"] not in tail_types]
    room = MAX_BLOCKS - len(head) - len(tail)
    return head + _capped(detail_blocks(reply), room) + tail


def _capped(blocks: list[Block], room: int = MAX_BLOCKS) -> list[Block]:
    if len(blocks) <= room:
        return blocks
    note = {"type": "context", "elements": [_mrkdwn("(Shortened: the full answer is too long.)")]}
    return [*blocks[: room - 1], note]


def fallback_text(reply: Reply) -> str:
    """The message's `text`: shown in notifications and by clients that cannot show blocks."""
    return _shorten_text(to_mrkdwn(reply.as_text()), MAX_FALLBACK_TEXT)


def form_view(
    *,
    title: str,
    label: str,
    placeholder: str,
    metadata: dict[str, str],
    multiline: bool,
    max_length: int = MAX_INPUT_LENGTH,
    value: str = "",
) -> Block:
    """A modal with one text field, prefilled with `value`; `metadata` says what to run
    on submit."""
    longest = max(1, min(max_length, MAX_INPUT_LENGTH))
    element: Block = {
        "type": "plain_text_input",
        "action_id": FORM_ACTION,
        "multiline": multiline,
        "max_length": longest,
    }
    if value and len(value) <= longest:  # Slack refuses a longer one: then the field is empty
        element["initial_value"] = value
    if placeholder:
        element["placeholder"] = _plain(placeholder, 150)
    return {
        "type": "modal",
        "callback_id": FORM_CALLBACK,
        "private_metadata": json.dumps(metadata, separators=(",", ":")),
        "title": _plain(title, MAX_MODAL_TITLE),
        "submit": _plain("Send", MAX_MODAL_TITLE),
        "close": _plain("Cancel", MAX_MODAL_TITLE),
        "blocks": [
            {
                "type": "input",
                "block_id": FORM_BLOCK,
                "label": _plain(label, 2000),
                "element": element,
            }
        ],
    }
