"""What a member adds later ("it's still open", "I have about 40 jobs") merged into the
situation read so far.

The addition is read on its own, like any post; what it says overrides what was known,
what it leaves unsaid keeps what was known. Its contract in question is the same one
as before (members go on about the contract they asked about); other contracts it
names are added, and, next to a stated score, contracts only counted are history.
"""

from __future__ import annotations

from typing import Any

from advice.situation import (
    Contract,
    Sentiment,
    Situation,
    Status,
    client_label,
    situation_from_data,
)

_NOT_FACTS = frozenset({"client", "in_question"})


def _said(contract: Contract) -> dict[str, Any]:
    """The fields a contract read from words actually says (defaults left out)."""
    bare = Contract(
        client=contract.client,
        in_question=contract.in_question,
        status=Status.UNKNOWN if contract.in_question else Status.ENDED,
    )
    said = contract.model_dump()
    default = bare.model_dump()
    return {k: v for k, v in said.items() if k not in _NOT_FACTS and v != default[k]}


def _only_counted(contract: Contract) -> bool:
    said = _said(contract)
    kind = said.pop("private_sentiment", Sentiment.POSITIVE)
    stars = said.pop("stars", 5.0)
    said.pop("feedback", None)
    return not said and kind is Sentiment.POSITIVE and stars >= 4.5


def merge(before: Situation, added: Situation) -> Situation:
    """`before` with what `added` says; raises `SituationError` if together they cannot be."""
    data = before.model_dump()
    data["freelancer"].update(added.freelancer.model_dump(exclude_defaults=True))
    for name, value in added.events.model_dump().items():
        if value is True or (name == "evidence_in_writing" and value is not None):
            data["events"][name] = value
    data["intents"] = list(dict.fromkeys([*before.intents, *added.intents]))
    if added.question is not None:
        data["question"] = added.question
    contracts: list[dict[str, Any]] = list(data["contracts"])
    data["contracts"] = contracts
    asked = next((i for i, c in enumerate(before.contracts) if c.in_question), None)
    stated = data["freelancer"].get("shown_jss") is not None
    for contract in added.contracts:
        if contract.in_question and asked is not None:
            contracts[asked].update(_said(contract))
            if contracts[asked].get("status") not in (None, Status.ENDED):
                contracts[asked]["end"] = None
        elif stated and not contract.in_question and _only_counted(contract):
            data["freelancer"]["jobs"] = (data["freelancer"].get("jobs") or 0) + 1
        else:
            fresh = contract.model_dump()
            fresh["client"] = client_label(len(contracts))
            fresh["in_question"] = contract.in_question and asked is None
            contracts.append(fresh)
    return situation_from_data(data)
