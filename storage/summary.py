"""The summary a case carries: a few sentences the bot writes from coarsened facts.

It reads only the already-coarsened situation data (client letters, rounded
amounts, Monday dates), so nothing it writes can be more precise than the case.
It feeds the moderators' free-word search (FTS5 on SQLite, tsvector on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from advice.situation import Badge, FeedbackStatus, Pay
from storage.coarsen import coarsen_amount


def write_summary(
    situation: dict[str, Any], estimate: dict[str, Any], advice: Sequence[str]
) -> str:
    """A few plain sentences from the coarsened facts, for moderators and word search."""
    freelancer = situation.get("freelancer", {})
    contracts = situation.get("contracts", [])
    events = situation.get("events", {})
    parts: list[str] = []

    who = _BADGE_WORDS.get(freelancer.get("badge") or "", "Freelancer")
    if freelancer.get("shown_jss") is not None:
        who += f" with a shown JSS of {freelancer['shown_jss']}%"
    elif freelancer.get("has_score") is False:
        who += " with no JSS yet"
    clients = len({contract.get("client") for contract in contracts})
    known = [c["earnings"] for c in contracts if isinstance(c.get("earnings"), int | float)]
    if contracts:
        who += f", {_count(len(contracts), 'contract')} with {_count(clients, 'client')}"
        if known:
            who += f" (about {_money(coarsen_amount(sum(known)))} earned)"
    parts.append(who + ".")

    intents = situation.get("intents", [])
    if intents:
        parts.append("Asks about: " + ", ".join(str(i).replace("-", " ") for i in intents) + ".")

    asked = next((c for c in contracts if c.get("in_question")), None)
    if asked is not None:
        parts.append("The contract in question: " + _describe_contract(asked) + ".")

    happened = [words for key, words in _EVENT_WORDS.items() if events.get(key)]
    if happened:
        parts.append("Reported: " + "; ".join(happened) + ".")

    if estimate.get("shown") and estimate.get("likely") is not None:
        line = f"Estimate: likely {estimate['likely']:g}%"
        if estimate.get("best") is not None and estimate.get("worst") is not None:
            line += f" (best {estimate['best']:g}%, worst {estimate['worst']:g}%)"
        parts.append(line + ".")
    elif estimate.get("shown") is False:
        parts.append("Estimate: no score would show.")

    if advice:
        parts.append("Advice given: " + ", ".join(advice) + ".")
    return " ".join(parts)


_BADGE_WORDS = {
    Badge.NONE.value: "Freelancer without a badge",
    Badge.RISING_TALENT.value: "Rising Talent freelancer",
    Badge.TOP_RATED.value: "Top Rated freelancer",
    Badge.TOP_RATED_PLUS.value: "Top Rated Plus freelancer",
    Badge.EXPERT_VETTED.value: "Expert-Vetted freelancer",
}

_EVENT_WORDS = {
    "threat_of_bad_feedback": "the client threatened bad feedback",
    "unpaid_scope_demand": "the client demanded unpaid extra work",
    "milestone_unfunded": "a milestone was not funded",
    "milestone_unreleased": "a milestone was not released",
    "client_unresponsive": "the client stopped responding",
    "client_reinstated": "the client account was reinstated",
}


def _describe_contract(contract: dict[str, Any]) -> str:
    words = []
    if contract.get("earnings") is not None:
        words.append(_money(contract["earnings"]))
    if contract.get("pay") in (Pay.HOURLY.value, Pay.FIXED.value):
        words.append("hourly" if contract["pay"] == Pay.HOURLY.value else "fixed price")
    words.append(str(contract.get("status") or "ended"))
    feedback = contract.get("feedback")
    if contract.get("stars") is not None:
        words.append(f"{contract['stars']:g} stars")
    elif feedback == FeedbackStatus.PENDING.value:
        expected = contract.get("expected")
        words.append(f"{expected} feedback expected" if expected else "feedback pending")
    elif feedback == FeedbackStatus.NONE.value:
        words.append("no feedback")
    if contract.get("private_sentiment"):
        words.append(f"{contract['private_sentiment']} private feedback")
    for flag, text in (("refunded", "refunded"), ("disputed", "disputed")):
        if contract.get(flag):
            words.append(text)
    return ", ".join(words)


def _money(amount: float | int) -> str:
    return f"${amount:,.0f}" if amount >= 10 or amount == 0 else f"${amount:,.2f}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
