"""Turn the engine's Answer into platform-neutral Replies: the chat answer and its Details.

The chat answer is what a forum veteran writes: the headline that answers the question
with its figure, at most three things to do, at most two questions (the one that would
move the answer most first) and the sources, in at most `ANSWER_WORDS` words.
Everything else (the actions open and where each leads, the windows, the assumptions,
what was read) is one press away, behind Details. Adapters only format what is here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from advice.answer import AdviceItem, Answer, Scenario
from advice.baseline import BaselineSource
from advice.scenarios import asked_about
from commands.charts.data import scenario_chart
from commands.models import (
    Button,
    ButtonAction,
    Question,
    QuestionChoice,
    Reply,
    ReplyKind,
    ReplySection,
)

ANSWER_WORDS = 120
"""Longest chat answer, in words, everything before Details included."""
MAX_ACTIONS = 3
MAX_QUESTIONS = 2
RANK_SPAN = 50
"""Actions shown are within this many rank points of the first: a question about the
Terms gets the Terms answer, not routine advice that happens to apply too."""
_REFERENCE_ID = re.compile(r"\s*\(\d+\)")
_MARKUP = re.compile(r"[*_~`]")

ANSWER_TITLE = "Your JSS"
"""The title of every answer to a situation: adapters and tests recognise answers by it."""


def pct(value: float | None) -> str:
    """`82%`, or `n/a` when no score would show."""
    return "n/a" if value is None else f"{value:.0f}%"


def word_count(reply: Reply) -> int:
    """Words a member reads in a reply (markup aside; buttons are not words)."""
    return len(_MARKUP.sub("", reply.as_text()).split())


def _short_reference(reference: str) -> str:
    """ "Help Center 'Top Rated' (211068468); ..." -> "Help Center 'Top Rated'"."""
    return _REFERENCE_ID.sub("", reference.split(";", 1)[0]).strip()


def _sources(items: Sequence[AdviceItem]) -> str:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(f"{_short_reference(item.reference)} ({item.source.value})", None)
    return "; ".join(seen)


def _footer(answer: Answer, case_id: str | None) -> str:
    where = "Case " + case_id + " · " if case_id else ""
    return (
        f"{where}rules of {answer.ruleset}, as of {answer.as_of.isoformat()} · an estimate: "
        "Upwork's own page is the authority."
    )


def _chat(answer: Answer, case_id: str | None, actions: int, questions: int) -> Reply:
    summary = "\n".join([*answer.corrections, f"**{answer.headline}**"])
    top = answer.advice[0].rank if answer.advice else 0
    near = [item for item in answer.advice if item.rank >= top - RANK_SPAN]
    said = [item for item in near if item.id == answer.headline_covers]
    shown = [item for item in near if item not in said][:actions]
    sections = []
    if shown:
        lines = "\n".join(f"{n}. {item.short}" for n, item in enumerate(shown, start=1))
        sections.append(ReplySection("What to do", lines))
    asked = answer.missing[:questions]
    if asked:
        sections.append(
            ReplySection("To sharpen this", "\n".join(f"- {fact.question}" for fact in asked))
        )
    structured = tuple(
        Question(
            fact.key,
            fact.question,
            tuple(QuestionChoice(choice.label, choice.value) for choice in fact.choices),
        )
        for fact in asked
    )
    if shown or said:
        sections.append(ReplySection("Sources", _sources([*said, *shown])))
    return Reply(
        title=ANSWER_TITLE,
        summary=summary,
        sections=tuple(sections),
        buttons=_buttons(answer, case_id),
        footer=_footer(answer, case_id),
        kind=ReplyKind.ANSWER,
        case_id=case_id,
        questions=structured if case_id else (),
    )


def answer_reply(answer: Answer, *, case_id: str | None = None) -> Reply:
    """The chat answer: the headline, then what to do, what to tell me, and the sources,
    shortened (questions first, then actions) until it fits in `ANSWER_WORDS` words."""
    actions, questions = MAX_ACTIONS, MAX_QUESTIONS
    reply = _chat(answer, case_id, actions, questions)
    while word_count(reply) > ANSWER_WORDS and (actions > 1 or questions > 0):
        if questions > 1 or (questions and actions == 1):
            questions -= 1
        else:
            actions -= 1
        reply = _chat(answer, case_id, actions, questions)
    return replace(reply, chart=scenario_chart(answer))


def _buttons(answer: Answer, case_id: str | None) -> tuple[Button, ...]:
    if not case_id:
        return ()
    buttons = [
        Button(ButtonAction.DETAILS, "Details", case_id),
        Button(ButtonAction.EDIT, "Edit what I read", case_id),
        Button(ButtonAction.OUTCOME, "Report outcome", case_id),
    ]
    return tuple(buttons)


def _change(value: float | None, start: float | None) -> str:
    if value is None or start is None or value == start:
        return ""
    return f", {value - start:+.0f} points"


def _scenario_line(scenario: Scenario, start: float | None) -> str:
    if not scenario.available:
        reason = scenario.notes[0] if scenario.notes else "not open to you"
        return f"- ~~{scenario.title}~~: {reason}"
    if scenario.likely is None:
        return f"- **{scenario.title}**: no score would show"
    spread = (
        f" (from {pct(scenario.worst)} to {pct(scenario.best)})"
        if scenario.best != scenario.worst
        else ""
    )
    return (
        f"- **{scenario.title}**: likely {pct(scenario.likely)}"
        f"{_change(scenario.likely, start)}{spread}"
    )


def _options(answer: Answer) -> ReplySection | None:
    start = answer.baseline.shown_jss
    intents = answer.situation.intents
    lines = [
        _scenario_line(s, start) for s in answer.scenarios if s.available or asked_about(s, intents)
    ]
    return ReplySection("Your options", "\n".join(lines)) if lines else None


def _starting_point(answer: Answer) -> ReplySection:
    baseline, estimate = answer.baseline, answer.estimate
    lines = []
    if baseline.source is BaselineSource.STATED:
        lines.append(f"- Your score now, as you said: {pct(baseline.shown_jss)}")
    elif baseline.source is BaselineSource.COMPUTED:
        lines.append(f"- Your score now, from the contracts listed: {pct(baseline.shown_jss)}")
    if estimate.shown:
        lines.append(
            f"- Estimate: likely {pct(estimate.likely)}, best {pct(estimate.best)}, "
            f"worst {pct(estimate.worst)}"
        )
    for window in estimate.windows:
        if window.total:
            lines.append(
                f"- {window.months}-month window: {window.positive:g} of {window.total:g} "
                f"jobs' weight positive ({pct(window.likely)})"
            )
    return ReplySection("Where the figures come from", "\n".join(lines) or "- no outcome counts")


def details_reply(
    answer: Answer,
    *,
    understood: Sequence[str] = (),
    unread: Sequence[str] = (),
    case_id: str | None = None,
) -> Reply:
    """Everything behind the chat answer: options, reasons with sources, windows,
    assumptions, every open question, and what was read."""
    sections = [section for section in (_options(answer),) if section is not None]
    why = "\n".join(
        f"{n}. **{item.title}**: {item.why} _({item.source.value}: {item.reference})_"
        for n, item in enumerate(answer.advice, start=1)
    )
    sections.append(ReplySection("Why", why))
    sections.append(_starting_point(answer))
    if answer.estimate.assumptions:
        lines = "\n".join(f"- {line}" for line in answer.estimate.assumptions)
        sections.append(ReplySection("Assumptions", lines))
    if answer.missing:
        lines = "\n".join(f"- {fact.question}" for fact in answer.missing)
        sections.append(ReplySection("What would sharpen it", lines))
    if understood:
        sections.append(ReplySection("What I read", "\n".join(f"- {line}" for line in understood)))
    if unread:
        sections.append(ReplySection("What I couldn't read", "\n".join(f"- {u}" for u in unread)))
    footer = f"Rules of {answer.ruleset}, as of {answer.as_of.isoformat()}. {answer.caveat}"
    return Reply(
        title="Details",
        summary=f"**{answer.headline}**",
        sections=tuple(sections),
        footer=f"Case {case_id} · {footer}" if case_id else footer,
        kind=ReplyKind.ANSWER,
        ephemeral=True,
        case_id=case_id,
    )
