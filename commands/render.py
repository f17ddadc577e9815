"""Turn the engine's Answer into a platform-neutral Reply.

Adapters only format what is here (embed, Block Kit, text), so every platform
says the same thing in the same order: estimate, actions, advice, questions.
"""

from __future__ import annotations

from collections.abc import Sequence

from advice.answer import Answer, Scenario
from commands.models import Button, ButtonAction, Reply, ReplyField, ReplyKind, ReplySection

TOP_ADVICE = 5


def pct(value: float | None) -> str:
    """`82%`, or `n/a` when no score would show."""
    return "n/a" if value is None else f"{value:.0f}%"


def _spread(best: float | None, likely: float | None, worst: float | None) -> str:
    if likely is None:
        return "no score shown"
    if best == worst:
        return pct(likely)
    return f"{pct(likely)} (from {pct(worst)} to {pct(best)})"


def _scenario_line(scenario: Scenario) -> str:
    if not scenario.available:
        reason = scenario.notes[0] if scenario.notes else "not open to you"
        return f"- ~~{scenario.title}~~: {reason}"
    return f"- **{scenario.title}**: {_spread(scenario.best, scenario.likely, scenario.worst)}"


def answer_reply(
    answer: Answer,
    *,
    understood: Sequence[str] = (),
    unread: Sequence[str] = (),
    case_id: str | None = None,
) -> Reply:
    """The main answer: estimate, ranked actions, top advice, open questions, case id."""
    estimate = answer.estimate
    fields: tuple[ReplyField, ...] = ()
    if estimate.shown:
        summary = (
            f"Likely JSS **{pct(estimate.likely)}**, between {pct(estimate.worst)} and "
            f"{pct(estimate.best)} depending on what you can't see yet."
        )
        fields = (
            ReplyField("Best", pct(estimate.best), inline=True),
            ReplyField("Likely", pct(estimate.likely), inline=True),
            ReplyField("Worst", pct(estimate.worst), inline=True),
        )
    else:
        summary = "**No JSS would show yet**: not enough outcomes from enough clients."
    sections = [
        ReplySection("Your options", "\n".join(_scenario_line(s) for s in answer.scenarios))
    ]
    advice_lines = [
        f"{rank}. **{item.title}**: {item.why} _({item.source.value}: {item.reference})_"
        for rank, item in enumerate(answer.advice[:TOP_ADVICE], start=1)
    ]
    sections.append(ReplySection("What I'd do", "\n".join(advice_lines)))
    if answer.missing:
        questions = "\n".join(f"- {fact.question}" for fact in answer.missing)
        sections.append(ReplySection("Tell me more and I can be sharper", questions))
    if understood:
        sections.append(ReplySection("What I read", "\n".join(f"- {line}" for line in understood)))
    if unread:
        sections.append(ReplySection("What I couldn't read", "\n".join(f"- {u}" for u in unread)))
    if not answer.scenarios:
        sections.pop(0)
    footer = f"Rules of {answer.ruleset}, as of {answer.as_of.isoformat()}. {answer.caveat}"
    if case_id:
        footer = f"Case {case_id} · {footer}"
    return Reply(
        title="Your Job Success Score",
        summary=summary,
        fields=fields,
        sections=tuple(sections),
        buttons=_buttons(answer, case_id),
        footer=footer,
        kind=ReplyKind.ANSWER,
        case_id=case_id,
    )


def _buttons(answer: Answer, case_id: str | None) -> tuple[Button, ...]:
    if not case_id:
        return ()
    buttons = [Button(ButtonAction.COMPARE, "Compare actions", case_id)]
    if answer.missing:
        buttons.append(Button(ButtonAction.WHAT_IF, "What changes if…", case_id))
    buttons.append(Button(ButtonAction.OUTCOME, "Report outcome", case_id))
    return tuple(buttons)


def scenarios_reply(answer: Answer, case_id: str | None = None) -> Reply:
    """Every action in detail, with its dated notes (the "Compare actions" button)."""
    sections = tuple(
        ReplySection(
            scenario.title,
            "\n".join(
                [
                    f"Best {pct(scenario.best)} · likely {pct(scenario.likely)} · "
                    f"worst {pct(scenario.worst)}"
                    if scenario.available
                    else "Not open to you now."
                ]
                + [f"- {note}" for note in scenario.notes]
            ),
        )
        for scenario in answer.scenarios
    )
    return Reply(
        title="Compare actions",
        summary=f"Each action and where it would leave your score (rules of {answer.ruleset}).",
        sections=sections,
        footer=f"Case {case_id}" if case_id else "",
        kind=ReplyKind.ANSWER,
        ephemeral=True,
        case_id=case_id,
    )
