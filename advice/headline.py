"""The first sentence of every answer: the member's question answered, with its figure.

One function per kind of question (JSS_MODEL section 9), each starting from the
score the member has now: "Likely no visible change: 100% stays 100%, at worst 99%."
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from advice.diagnosis import named_cause, not_counted
from advice.facts import Facts
from advice.outcomes import LIKELY
from advice.rulesets import PERK_PHASED_OUT
from advice.situation import FeedbackStatus, Intent, QuestionKind
from advice.spread import Unknown
from advice.tables import PERK_BADGES, TARGET_JSS, Kind
from advice.wording import counted, pct, points, recovery_sentence


class Headline(NamedTuple):
    """The first sentence, and the advice whose point it already makes (not said twice)."""

    text: str
    covers: str | None = None


_DRIVER_WORDS = {
    Unknown.HISTORY: "depending on how many jobs you have",
    Unknown.FEEDBACK: "depending on the feedback the client leaves",
    Unknown.EARNINGS: "depending on what the contract earned",
    Unknown.HIDDEN: "if private feedback you cannot see is poor",
}


def _driver(f: Facts) -> str:
    driver = f.spread.driver
    return f" {_DRIVER_WORDS[driver]}" if f.spread.wide and driver is not None else ""


def _range(f: Facts, worst: float | None) -> str:
    """', between 75% and 90%', or, when one unknown drives a wide spread, what it is:
    '; at worst 61% depending on how many jobs you have'."""
    best = f.figures.best
    if f.spread.wide and f.spread.driver is not None:
        return f"; at worst {pct(worst)}{_driver(f)}"
    return f", between {pct(worst)} and {pct(best)}" if best != worst else ""


def _no_score(f: Facts) -> str:
    rs = f.ruleset
    return (
        f"No score would show yet: a score needs {counted(rs.min_outcomes, 'job')} with "
        f"{counted(rs.min_clients, 'client')} in the last 24 months."
    )


_READS = {
    Kind.POSITIVE: "Likely it counts as a good job.",
    Kind.NEUTRAL: "Likely it counts as neutral, which lowers a score a little.",
    Kind.NEGATIVE: "Likely it counts against you.",
    Kind.EXCLUDED: "Likely it does not count at all.",
}
"""How the contract in question likely reads, said when no score can be shown."""


def impact(f: Facts) -> str:
    """Will this hurt? The change from the score now, likely and at worst."""
    est, baseline = f.figures, f.baseline
    start = baseline.shown_jss
    if est.likely is None and f.situation.freelancer.has_score is not False:
        # The member most likely has a score; the contracts listed just cannot show it.
        # Say how the contract reads, and ask for the score to say by how much.
        view = f.q_view
        reads = "" if view is None else _READS[view.kinds[LIKELY]] + " "
        return (
            f"{reads}Say your JSS (and about how many jobs are behind it) and I'll work out "
            "the change from it."
        )
    if est.likely is None:
        return _no_score(f)
    keeping = _keeping(f, start, TARGET_JSS)
    if keeping and Intent.REACH_TOP_RATED in f.situation.intents:
        return keeping  # "will I lose the badge?": the line answers it, with the figure
    if start is None:
        return f"Likely {pct(est.likely)}{_range(f, est.worst)}."
    now = baseline.label
    worst = est.worst if est.worst is not None else est.likely
    if baseline.holds(est.likely):
        if baseline.holds(worst) or worst >= start - 1:
            tail = "" if baseline.holds(worst) else f", at worst {pct(worst)}"
            return f"Likely no visible change: {now} stays {now}{tail}."
        driver = f",{_driver(f)}" if _driver(f) else ""
        return (
            f"Likely no change: {now} stays {now}; at worst {pct(worst)} "
            f"if it counts against you{driver}."
        )
    change = points(round(est.likely - start))
    return f"Likely {now} → {pct(est.likely)} ({change}){_range(f, worst)}."


def diagnosis(f: Facts) -> str:
    """Why did it drop? The cause the member's facts point at, then the arithmetic of the
    drop; else the cause that fits best."""
    arithmetic = f.text.get("drop_reason", "").split(": ", 1)[0]
    named = named_cause(f.situation, f.ruleset, f.baseline)
    if named is not None:
        said = f" ({arithmetic[:1].lower()}{arithmetic[1:]})" if arithmetic else ""
        return f"Most likely {named.words}{said}."
    if arithmetic:
        return arithmetic.rstrip(".") + "."
    excluded = [
        (v, f.situation.contracts[v.index]) for v in f.views if v.kinds[LIKELY] is Kind.EXCLUDED
    ]
    if excluded:
        # "Why don't C and D count?": say why each of them does not.
        reasons = "; ".join(f"{v.client}: {not_counted(c)}" for v, c in excluded[:3])
        return f"These do not count in your score: {reasons}."
    causes = f.text.get("causes", "")
    first = causes.split("; ", 1)[0]
    return f"The most likely cause is {first}." if first else impact(f)


def recovery(f: Facts) -> str | Headline:
    """How do I get back? Jobs to the next targets, and when the negative leaves."""
    needs = f.derived.recovery
    start = f.baseline.shown_jss or f.figures.likely
    if start is not None and start >= TARGET_JSS and not needs:
        return f"You are at {pct(start)}, above the {TARGET_JSS}% line: keep finishing good jobs."
    if not needs:
        return impact(f)
    joined = recovery_sentence(needs)
    window = f.text.get("recover_window", "")
    tail = f"; or wait: {window}" if window else ""
    return Headline(joined[:1].upper() + joined[1:] + tail + ".", "recovery-plan")


def _keeping(f: Facts, start: float | None, line: int) -> str:
    """'Will I lose the badge?' for a member who holds it and whose contract would lower
    the score: whether it likely takes them under the line; '' otherwise."""
    landed, worst = f.figures.likely, f.figures.worst
    holds = f.situation.freelancer.badge in PERK_BADGES
    if not holds or start is None or start < line or landed is None or landed >= start:
        return ""
    now = f.baseline.label
    if landed < line:
        return (
            f"Likely yes: {now} → {pct(landed)}, under the {line}% line Top Rated needs now "
            "and in 13 of the last 16 weeks."
        )
    if worst is not None and worst < line:
        return f"Likely not: {now} → {pct(landed)}; at worst {pct(worst)}{_driver(f)}."
    lowest = landed if worst is None else worst
    return f"No: {now} → {pct(landed)}, at worst {pct(lowest)}: still above the {line}% line."


def eligibility(f: Facts) -> str | Headline:
    """When do I get a score or the badge? What is missing. Asked of the perk ("am I
    eligible to use it?"), the perk's answer."""
    if {Intent.USE_PERK, Intent.REMOVE_FEEDBACK} & set(f.situation.intents):
        return terms(f)
    if not f.figures.shown and f.baseline.shown_jss is None:
        return Headline(_no_score(f) + f" I count {f.text['n24_words']}.", "min-history")
    start = f.baseline.shown_jss or f.figures.likely
    badge = f.derived.badge
    keeping = _keeping(f, start, badge.line)
    if keeping:
        return keeping
    if start is not None and start < badge.line:
        needs = [need for need in f.derived.recovery if need.target == badge.line]
        if needs:
            # The first thing missing is the score: say what brings it, then the rest.
            return Headline(
                f"Top Rated needs {badge.line}% (you: {pct(start)}): "
                f"{recovery_sentence(needs)}; then it must hold in 13 of 16 weeks, with "
                "$1,000 earned in 12 months.",
                "recovery-plan",
            )
        return (
            f"Top Rated needs {badge.line}% or more (you: {pct(start)}) now and in 13 of the "
            "last 16 weeks, plus $1,000 earned in 12 months."
        )
    return (
        f"Your {pct(start)} is at or above the {badge.line}% line; Top Rated also needs it in "
        "13 of the last 16 weeks and $1,000 earned in 12 months."
    )


_DORMANT = {
    True: (
        "No published limit: community reports say an open contract months without payment "
        "(3-6, a guess) may be counted; ended without feedback, it does not count."
    ),
    False: (
        "No published limit: community reports say an inactive contract with no earnings "
        "or feedback is counted as a negative after some months (3-6, a guess)."
    ),
}
"""How long a contract may sit quiet, by whether a no-feedback ending is excluded."""


def timing(f: Facts) -> str | Headline:
    """When will it go away? When is the update? In what order? Dates, by the era's
    calendar, and the order that helps when the member asks about closing contracts."""
    first = f.scenarios.get("close-good-first")
    if first is not None and first.available and Intent.END_CONTRACT in f.situation.intents:
        return Headline(
            f"Yes: close the good contracts first, then the risky one (likely "
            f"{f.text['close_likely']} instead of {f.text['end_likely']}); your score next "
            f"updates on {f.derived.next_update}.",
            "close-good-contracts-first",
        )
    q = f.question
    if q is not None and not q.may_be_open and q.feedback is FeedbackStatus.PENDING:
        # "How long does he have? And if he never leaves any?"
        never = (
            "it does not count at all"
            if f.ruleset.no_feedback_excluded
            else f"under the {f.ruleset.id} rules it can still count, badly"
        )
        return (
            f"The client can leave feedback {f.text['fb_until']}; if he never does, {never}. "
            f"Your score updates {f.text['cadence']}."
        )
    if Intent.DORMANT in f.situation.intents:
        return Headline(_DORMANT[f.ruleset.no_feedback_excluded], "dormant-contract")
    leaving = f.derived.negatives_leave
    if leaving:
        leaves = leaving[0].leaves
        dates = ", ".join(f"the {m}-month window on {day}" for m, day in leaves.items() if m != 3)
        return f"The negative dated {leaving[0].ended} leaves {dates}."
    return f"Your score next updates on {f.derived.next_update} ({f.text['cadence']})."


def terms(f: Facts) -> str | Headline:
    """Can the client do this? Can I do that? The Terms of Service answer."""
    events = f.situation.events
    if events.off_platform_offer:
        return Headline(
            "No: taking the work or the payment off Upwork, even for 5 stars, breaks the Terms "
            "of Service and puts your account at risk; decline in writing and report it.",
            "off-platform-terms",
        )
    perk = f.text.get("perk_short", "")
    intents = set(f.situation.intents)
    pressed = events.threat_of_bad_feedback or events.unpaid_scope_demand
    if Intent.REMOVE_FEEDBACK in intents and Intent.USE_PERK not in intents and not pressed:
        # An honest rating announced or given: nothing in it breaks the Terms.
        return (
            "No: an honest rating, even a poor one, is the client's to give; only feedback "
            "that breaks the Terms (a threat, a demand, an offer off Upwork) can be reported. "
            + impact(f)
        )
    if {Intent.USE_PERK, Intent.REMOVE_FEEDBACK} & intents:
        if not f.ruleset.perk_available:
            return Headline(
                f"No: the feedback-removal perk ended on {PERK_PHASED_OUT}; a review can only "
                "be removed if it breaks the Terms of Service (Report feedback, once).",
                "perk-phased-out",
            )
        if perk:
            return Headline(f"The Top Rated perk: {perk}.", "perk-eligibility")
    if pressed:
        return Headline(
            "No: holding a review over you for more work or money is feedback manipulation "
            "under the Terms of Service; keep it in Upwork messages and report it.",
            "report-extortion",
        )
    return impact(f)


HEADLINES: dict[QuestionKind, Callable[[Facts], str | Headline]] = {
    QuestionKind.IMPACT: impact,
    QuestionKind.DIAGNOSIS: diagnosis,
    QuestionKind.RECOVERY: recovery,
    QuestionKind.ELIGIBILITY: eligibility,
    QuestionKind.TIMING: timing,
    QuestionKind.TERMS: terms,
    QuestionKind.OTHER: impact,
}


def write_headline(facts: Facts) -> Headline:
    """The one sentence that answers the question asked."""
    written = HEADLINES[facts.kind](facts)
    return written if isinstance(written, Headline) else Headline(written)
