"""Short lines saying back what was read, so a member can spot a misreading at once."""

from __future__ import annotations

from advice.situation import FeedbackStatus, Intent, Sentiment, Status
from commands.parsing.contracts import Draft, Group
from commands.parsing.facts import Facts
from commands.parsing.money import format_usd
from commands.parsing.status import BADGE_NAMES

_SENTIMENT = {
    Sentiment.POSITIVE: "positive",
    Sentiment.NEUTRAL: "neutral",
    Sentiment.NEGATIVE: "negative",
}
_EVENTS = {
    "threat_of_bad_feedback": "the client threatened bad feedback",
    "unpaid_scope_demand": "the client asked for extra work without pay",
    "milestone_unfunded": "a milestone is not funded",
    "milestone_unreleased": "a funded milestone is not released",
    "client_unresponsive": "the client does not respond",
    "client_reinstated": "the client was reinstated",
    "client_unverified": "the client's payment method is not verified",
}


def feedback_words(draft: Draft) -> str:
    """'5★', 'private 9/10', 'negative', 'no feedback', 'negative feedback expected'."""
    parts: list[str] = []
    if draft.stars is not None:
        parts.append(f"{draft.stars:g}★")
    if draft.private_rating is not None:
        parts.append(f"private {draft.private_rating}/10")
    if draft.private_sentiment is not None and not parts:
        parts.append(_SENTIMENT[draft.private_sentiment])
    if parts:
        return " ".join(parts)
    if draft.feedback is FeedbackStatus.NONE:
        return "no feedback"
    if draft.expected is not None:
        return f"{_SENTIMENT[draft.expected]} feedback expected"
    if draft.feedback is FeedbackStatus.GIVEN:
        return "feedback given"
    return "feedback not said"


def _contract_words(draft: Draft) -> list[str]:
    earned = draft.settled_earnings()
    words = [format_usd(earned) if earned is not None else "earnings not said"]
    if draft.rate is not None:
        words.append(f"{format_usd(draft.rate)}/h")
    if draft.status is Status.OPEN or draft.dormant:
        words.append("open")
    if draft.start is not None:
        words.append(f"started {draft.start.isoformat()}")
    if draft.last_payment is not None:
        words.append(f"last paid {draft.last_payment.isoformat()}")
    if draft.end is not None:
        words.append(f"ended {draft.end.isoformat()}")
    if draft.paid_months is not None:
        words.append(f"{draft.paid_months} months with payments")
    words.append(feedback_words(draft))
    flags = {
        "refunded": draft.refunded,
        "disputed": draft.disputed,
        "client suspended": draft.client_suspended,
        "feedback removed": draft.feedback_removed,
    }
    words.extend(name for name, on in flags.items() if on)
    return words


def describe_main(main: Draft | None) -> list[str]:
    if main is None:
        return []
    return ["The contract you ask about: " + ", ".join(_contract_words(main))]


def describe_group(group: Group) -> str:
    """'3 other contracts: $5,600, $2,500, $10,000, all positive'."""
    members = group.members
    if group.label:
        # A labelled contract: said back by its label, or not at all once it became
        # the contract in question.
        words = ", ".join(_contract_words(members[0])) if members else ""
        return f"{_label_name(group.label)}: {words}" if words else ""
    if not members:
        return "Other contracts: how many and what they earned was not said"
    noun = "contract" if len(members) == 1 else "contracts"
    amounts = [d.settled_earnings() for d in members]
    if all(a is None for a in amounts) and len(amounts) > 1:
        money = "amounts not said"
    else:
        money = ", ".join(format_usd(a) if a is not None else "?" for a in amounts)
    feedback = [feedback_words(d) for d in members]
    if len(set(feedback)) == 1:
        tail = feedback[0] if len(members) == 1 else f"all {feedback[0]}"
    else:
        tail = "; ".join(f"{word}" for word in feedback)
    same = ", same client" if group.same_client and len(members) > 1 else ""
    return f"{len(members)} other {noun}: {money}, {tail}{same}"


def _label_name(label: str) -> str:
    """'contract b' -> 'Contract B', 'client 2' -> 'Client 2'."""
    noun, name = label.split(" ", 1)
    return f"{noun.capitalize()} {name.upper()}"


def describe_facts(facts: Facts, threat: bool) -> list[str]:
    lines: list[str] = []
    if facts.badge is not None:
        low = " (lower part of the range)" if facts.badge_low else ""
        lines.append(f"Badge: {BADGE_NAMES[facts.badge]}{low}")
    if facts.shown_jss is not None:
        high = f"-{facts.shown_jss_high}" if facts.shown_jss_high is not None else ""
        before = f" (before: {facts.previous_jss}%)" if facts.previous_jss is not None else ""
        lines.append(f"JSS shown now: {facts.shown_jss}{high}%{before}")
    if facts.jobs is not None:
        lines.append(f"Jobs in your history: about {facts.jobs}")
    elif facts.has_score is False:
        lines.append("No JSS shown yet")
    if facts.perk_last_used is not None:
        lines.append(f"Perk last used: {facts.perk_last_used.isoformat()}")
    for key, words in _EVENTS.items():
        if facts.events.get(key):
            lines.append(words[0].upper() + words[1:])
    evidence = facts.events.get("evidence_in_writing")
    if evidence is not None:
        lines.append("Evidence in writing" if evidence else "Said on a call, not in writing")
    if facts.intents:
        lines.append("You ask about: " + ", ".join(_intent_words(i) for i in facts.intents))
    lines.extend(facts.notes)
    _ = threat
    return lines


_INTENT_WORDS = {
    Intent.END_CONTRACT: "ending the contract",
    Intent.IMPACT: "the effect on your JSS",
    Intent.REMOVE_FEEDBACK: "removing the feedback",
    Intent.USE_PERK: "using the Top Rated perk",
    Intent.REFUND: "a refund",
    Intent.DISPUTE: "a dispute",
    Intent.DORMANT: "a dormant contract",
    Intent.REACH_TOP_RATED: "Top Rated",
    Intent.RECOVER: "raising your JSS",
}


def _intent_words(intent: Intent) -> str:
    return _INTENT_WORDS[intent]
