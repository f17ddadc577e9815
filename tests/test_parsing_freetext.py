"""Free-text phrasings, table-driven: each row states the facts a correct reading gives."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advice.situation import (
    Badge,
    Contract,
    FeedbackStatus,
    Intent,
    Pay,
    Sentiment,
    Situation,
    Status,
)
from commands.parsing import ParseError, parse_situation, parse_text
from commands.parsing.freetext import says_something

AS_OF = date(2024, 8, 1)
G, N, P = FeedbackStatus.GIVEN, FeedbackStatus.NONE, FeedbackStatus.PENDING
POS, NEG, NEU = Sentiment.POSITIVE, Sentiment.NEGATIVE, Sentiment.NEUTRAL


@dataclass
class Case:
    text: str
    contracts: list[dict[str, Any]] | None = None
    freelancer: dict[str, Any] = field(default_factory=dict)
    events: dict[str, Any] = field(default_factory=dict)
    intents: set[Intent] | None = None
    missing: set[str] | None = None
    not_missing: set[str] = field(default_factory=set)
    unreadable: bool = False  # nothing in it is a fact: the member is asked to say more


CASES: list[Case] = [
    # Money in its many spellings.
    Case("I have a $0 contract with this client.", [{"earnings": 0.0, "in_question": True}]),
    Case("This contract paid $5,600 and ended.", [{"earnings": 5600.0, "status": Status.ENDED}]),
    Case("The client paid 5.6k so far", [{"earnings": 5600.0}]),
    Case("The job earned USD 2500.", [{"earnings": 2500.0}]),
    Case("0 hours, $0, the client never logged in again", [{"earnings": 0.0}]),
    Case("Nothing paid on the contract yet.", [{"earnings": 0.0}]),
    Case("It was a $10,000 fixed-price project.", [{"earnings": 10000.0, "pay": Pay.FIXED}]),
    Case(
        "Hourly at $40/h for 3 months, 5 stars.",
        [{"earnings": None, "pay": Pay.HOURLY, "paid_months": 3, "stars": 5.0}],
        missing={"contract-1-earnings"},
    ),
    Case("Hourly job at $25/hr, 80 hours logged.", [{"earnings": 2000.0, "pay": Pay.HOURLY}]),
    Case("The client made me work 0 hours and paid 300 dollars", [{"earnings": 300.0}]),
    Case("Got paid US$ 1,250.50 for the logo.", [{"earnings": 1250.5}]),
    # Several contracts in one sentence.
    Case(
        "$0 contract, the client threatens a bad review; two others of $900 and $4,000, 5 stars",
        [
            {"earnings": 0.0, "in_question": True, "expected": NEG},
            {"earnings": 900.0, "stars": 5.0, "in_question": False},
            {"earnings": 4000.0, "stars": 5.0, "in_question": False},
        ],
        events={"threat_of_bad_feedback": True},
    ),
    Case(
        "$0 contract, client threatened a bad review, three other contracts of $5,600, $2,500,"
        " and $10,000, all went very well, not Top Rated",
        [
            {"earnings": 0.0, "in_question": True, "expected": NEG},
            {"earnings": 5600.0, "private_sentiment": POS, "feedback": G},
            {"earnings": 2500.0, "private_sentiment": POS},
            {"earnings": 10000.0, "private_sentiment": POS, "in_question": False},
        ],
        freelancer={"badge": Badge.NONE},
        events={"threat_of_bad_feedback": True},
        missing={"evidence", "contract-1-status"},
        not_missing={"other-earnings", "other-feedback"},
    ),
    Case(
        "4 jobs, 3 with 5 stars and one with 2 stars.",
        [{"stars": 5.0}, {"stars": 5.0}, {"stars": 5.0}, {"stars": 2.0}],
        missing={"other-earnings"},
    ),
    Case(
        "Two other contracts: $800 with 5 stars, $1,200 with 4 stars.",
        [{"earnings": 800.0, "stars": 5.0}, {"earnings": 1200.0, "stars": 4.0}],
    ),
    Case(
        "I have five previous jobs, all 5 stars, but I don't remember the amounts.",
        [{"stars": 5.0, "earnings": None}] * 5,
        missing={"other-earnings"},
    ),
    Case(
        "Other contracts were $300, $450 and $900.",
        [{"earnings": 300.0}, {"earnings": 450.0}, {"earnings": 900.0}],
        missing={"other-feedback"},
    ),
    Case(
        "Two contracts with the same client, $500 and $700, both 5 stars.",
        [{"earnings": 500.0, "client": "A"}, {"earnings": 700.0, "client": "A"}],
    ),
    Case(
        "3 other clients of 1500, 2200 and 3100, all positive.",
        [
            {"earnings": 1500.0},
            {"earnings": 2200.0},
            {"earnings": 3100.0, "private_sentiment": POS},
        ],
    ),
    Case(
        "I had other contracts before.",
        unreadable=True,
    ),
    Case(
        "This one is $0 and the client left bad private feedback. Another contract of $3,000 got "
        "4.8 stars.",
        [
            {"earnings": 0.0, "private_sentiment": NEG, "in_question": True, "client": "A"},
            {"earnings": 3000.0, "stars": 4.8, "in_question": False, "client": "B"},
        ],
    ),
    # An amount said before the contract it belongs to.
    Case(
        "This one is $0 and the client threatens a bad review. I also earned $2,000 on another "
        "job, 5 stars.",
        [
            {"earnings": 0.0, "in_question": True},
            {"earnings": 2000.0, "stars": 5.0, "in_question": False},
        ],
    ),
    Case(
        "My $300 contract is disputed. I made $5,000 from another client, 4.9 stars.",
        [
            {"earnings": 300.0, "in_question": True},
            {"earnings": 5000.0, "stars": 4.9, "in_question": False},
        ],
    ),
    # The README's own example: an open contract whose client went silent 4 months ago,
    # so nothing was billed since then.
    Case(
        "JSS 92%, Top Rated, a client went silent on an open hourly contract 4 months ago",
        [{"status": Status.OPEN, "in_question": True, "last_payment": date(2024, 4, 1)}],
        freelancer={"badge": Badge.TOP_RATED, "shown_jss": 92},
        events={"client_unresponsive": True},
        not_missing={"contract-1-last-payment"},
    ),
    # A contract open for months that has gone quiet: its start and its last payment.
    Case(
        "I have an hourly contract open for 8 months, the client stopped paying in June. "
        "I earned $6,000 on it. I also have 5 other contracts with 5 stars, about $1,000 each.",
        [
            {
                "earnings": 6000.0,
                "status": Status.OPEN,
                "start": date(2023, 12, 1),
                "last_payment": date(2024, 6, 1),
                "paid_months": None,
                "in_question": True,
            },
            *[{"earnings": 1000.0, "stars": 5.0, "in_question": False}] * 5,
        ],
    ),
    # A status said of the group named right after it.
    Case(
        "I closed 3 contracts this week: $400 5 stars, $1200 4.9 stars, $90 no feedback.",
        [
            {"earnings": 400.0, "stars": 5.0, "in_question": False},
            {"earnings": 1200.0, "stars": 4.9, "in_question": False},
            # Closed this week: its 14-day feedback window is open, feedback may still come.
            {"earnings": 90.0, "feedback": P, "in_question": False},
        ],
    ),
    # The score written without a percent sign.
    Case(
        "JSS 100 -> 93 after a contract closed w/o feedback ($80).",
        [{"earnings": 80.0, "feedback": N}],
        freelancer={"shown_jss": 93},
    ),
    Case(
        "My JSS is 87 and I have a $500 contract with 4 stars.",
        [{"earnings": 500.0, "stars": 4.0}],
        freelancer={"shown_jss": 87},
    ),
    # Plain and hurried English.
    Case(
        "client say he give me bad feedback if i not do extra work. contract is 0$ fixed",
        [{"earnings": 0.0, "expected": NEG, "feedback": P}],
        events={"threat_of_bad_feedback": True},
    ),
    # A date next to feedback given, with nothing else to take it, dates the end.
    Case(
        "A client I worked with for $20 left a 1 star review 18 months ago.",
        [{"earnings": 20.0, "stars": 1.0, "end": date(2023, 2, 1)}],
    ),
    Case(
        "The $700 contract ended in March with 5 stars.",
        [{"earnings": 700.0, "stars": 5.0, "end": date(2024, 3, 1)}],
    ),
    Case(
        "A negative contract from 25 months ago, does it still count?",
        [{"private_sentiment": NEG, "end": date(2022, 7, 1)}],
    ),
    # Contracts the member labels in a list; the troubled one is the one in question.
    Case(
        "My stats:\n- contract A: $3,000, 5 stars\n- contract B: $500, 4 stars\n"
        "- contract C: $0, client threatening 1 star\nContract C is still open.",
        [
            {"earnings": 3000.0, "stars": 5.0, "in_question": False},
            {"earnings": 500.0, "stars": 4.0, "in_question": False},
            {"earnings": 0.0, "expected": NEG, "status": Status.OPEN, "in_question": True},
        ],
        events={"threat_of_bad_feedback": True},
    ),
    Case(
        "Contract A: $3,000, 5 stars. Contract B: $500. Contract A ran 6 months.",
        [
            {"earnings": 3000.0, "stars": 5.0, "paid_months": 6, "in_question": False},
            {"earnings": 500.0, "in_question": False},
        ],
    ),
    # A badge wanted is not a badge held.
    Case(
        "My JSS is 89%, I need 90% for Top Rated. My $500 contract got 4 stars.",
        [{"earnings": 500.0, "stars": 4.0}],
        freelancer={"badge": None, "shown_jss": 89},
    ),
    Case(
        "As a Top Rated freelancer I have a $500 contract.",
        freelancer={"badge": Badge.TOP_RATED},
    ),
    # Groups named by state ("2 open contracts") and by "everything else".
    Case(
        "I have 2 open contracts with no activity for over a year. One paid $4k, the other $150.",
        [
            {"earnings": 4000.0, "status": Status.OPEN, "in_question": False},
            {"earnings": 150.0, "status": Status.OPEN, "in_question": False},
        ],
    ),
    Case(
        "This contract is $300 and the client threatens a bad review. Everything else is 5 stars.",
        [{"earnings": 300.0, "stars": None, "expected": NEG, "in_question": True}],
    ),
    # A partial refund leaves a paid contract; only a full one makes it a $0 one.
    Case(
        "I refunded the client $200 of $600 after he complained. Still got 3 stars.",
        [{"earnings": 400.0, "refunded": False, "stars": 3.0}],
    ),
    Case(
        "I gave a partial refund on my $800 job and the client left 4 stars.",
        [{"earnings": 800.0, "refunded": False, "stars": 4.0}],
    ),
    Case(
        "I gave the client a full refund on the $500 contract.",
        [{"earnings": 500.0, "refunded": True}],
    ),
    Case(
        "The client asked for a full refund of the $700.",
        [{"earnings": 700.0, "refunded": False}],
    ),
    # A total of several contracts is no one contract's earnings.
    Case(
        "Three other contracts, $9,000 combined, all 5 stars.",
        [{"earnings": None, "stars": 5.0}] * 3,
    ),
    Case(
        "I earned $45k in total on this contract and the client left no feedback.",
        [{"earnings": 45000.0, "feedback": N}],
    ),
    # Stars threatened or promised are feedback to come, not feedback given.
    Case(
        "I'm Expert-Vetted, JSS 97%. A client threatens 1 star unless I give him a discount.",
        [{"feedback": P, "stars": None, "expected": NEG, "in_question": True}],
        events={"threat_of_bad_feedback": True},
    ),
    # Announced with nothing asked for: an honest rating to expect, not extortion.
    Case(
        "The client said he'll leave 2 stars.",
        [{"feedback": P, "expected": NEG}],
        events={"threat_of_bad_feedback": False},
    ),
    Case(
        "The client said he'll leave 2 stars unless I redo the logo.",
        [{"feedback": P, "expected": NEG}],
        events={"threat_of_bad_feedback": True},
    ),
    Case(
        "The client said she will give me 10/10 and 5 stars when we finish.",
        [{"feedback": P, "stars": None, "private_rating": None, "expected": POS}],
        events={"threat_of_bad_feedback": False},
    ),
    Case("The contract ended with 5 stars when we finished.", [{"feedback": G, "stars": 5.0}]),
    # Nothing billed for a while: a quiet contract, not one that never earned.
    Case(
        "The hourly contract has been inactive since March. Nothing billed for 5 months.",
        [{"earnings": None, "status": Status.OPEN, "paid_months": None}],
    ),
    Case(
        "Nothing paid since 2024-03-01 on my hourly contract.",
        [{"earnings": None, "status": Status.OPEN, "last_payment": date(2024, 3, 1)}],
    ),
    # "One of them" picks one contract of a group; the one in question may be it.
    Case(
        "I have 4 contracts. One of them is a $0 contract and the client threatens a bad "
        "review. The others paid $1,200, $800 and $3,000, all 5 stars.",
        [
            {"earnings": 1200.0, "stars": 5.0, "in_question": False},
            {"earnings": 800.0, "stars": 5.0, "in_question": False},
            {"earnings": 3000.0, "stars": 5.0, "in_question": False},
            {"earnings": 0.0, "in_question": True},
        ],
    ),
    Case(
        "I have 3 contracts, one of them is still open and paid $500.",
        [
            {"earnings": 500.0, "status": Status.OPEN},
            {"earnings": None, "status": Status.ENDED},
            {"earnings": None, "status": Status.ENDED},
        ],
    ),
    # Feedback.
    Case("The client rated me 10/10 on a $400 job.", [{"private_rating": 10, "earnings": 400.0}]),
    Case("$900 job, 4.6★ public feedback.", [{"stars": 4.6, "feedback": G}]),
    Case("$150 gig, the client gave 2 stars.", [{"stars": 2.0, "earnings": 150.0}]),
    Case("$700 contract ended with no feedback.", [{"feedback": N, "earnings": 700.0}]),
    Case(
        "The $0 contract has bad private feedback.",
        [{"earnings": 0.0, "private_sentiment": NEG, "feedback": G}],
    ),
    Case(
        "The client is likely to leave a negative review on this $200 job.",
        [{"expected": NEG, "feedback": P}],
    ),
    Case("$350 project, ⭐⭐⭐⭐ from the client.", [{"stars": 4.0}]),
    Case("A 3 out of 5 on the $600 job.", [{"stars": 3.0}]),
    Case("The client gave me 8 out of 10 privately on a $90 task.", [{"private_rating": 8}]),
    Case(
        "No feedback yet on the $1,000 contract, it is still open.",
        [{"feedback": P, "status": Status.OPEN, "expected": None}],
    ),
    Case("$2,000 contract with neutral private feedback.", [{"private_sentiment": NEU}]),
    Case("The $500 job went badly.", [{"private_sentiment": NEG}]),
    # Status.
    Case(
        "I'm Top Rated with a JSS of 92%.", freelancer={"badge": Badge.TOP_RATED, "shown_jss": 92}
    ),
    Case("Not yet Top Rated, JSS 88%.", freelancer={"badge": Badge.NONE, "shown_jss": 88}),
    Case(
        "I am Rising Talent and have no JSS yet.",
        freelancer={"badge": Badge.RISING_TALENT, "has_score": False},
    ),
    Case("On the lower part of Top Rated.", freelancer={"badge": Badge.TOP_RATED}),
    Case(
        "Top Rated Plus, job success score 97%.",
        freelancer={"badge": Badge.TOP_RATED_PLUS, "shown_jss": 97},
    ),
    Case("My JSS dropped from 95% to 86%.", freelancer={"shown_jss": 86}),
    Case("Expert-Vetted freelancer here.", freelancer={"badge": Badge.EXPERT_VETTED}),
    # The perk.
    Case(
        "I used the perk a few days ago and I'm Top Rated.",
        freelancer={"perk_last_used": date(2024, 7, 29), "badge": Badge.TOP_RATED},
    ),
    Case("Perk used in March.", freelancer={"perk_last_used": date(2024, 3, 1)}, missing={"badge"}),
    Case(
        "Can I use the perk to remove this feedback?",
        intents={Intent.USE_PERK, Intent.REMOVE_FEEDBACK},
        missing={"badge"},
    ),
    Case("I used my perk, I'm Top Rated.", missing={"perk-date"}, not_missing={"badge"}),
    # Events: threats, direct and indirect.
    Case(
        "The client threatened to leave a 1-star review unless I add features for free.",
        events={"threat_of_bad_feedback": True, "unpaid_scope_demand": True},
        missing={"evidence"},
    ),
    Case(
        "He suggested a negative review would hurt us if we didn't finish the extra pages.",
        events={"threat_of_bad_feedback": True},
    ),
    Case(
        "The buyer hinted that the feedback depends on the bonus work, said on a video call.",
        events={"threat_of_bad_feedback": True, "evidence_in_writing": False},
        not_missing={"evidence"},
    ),
    Case(
        "She told me she would leave a bad review if I don't refund, it's all in the message room.",
        events={"threat_of_bad_feedback": True, "evidence_in_writing": True},
    ),
    Case(
        "A good review in exchange for a refund, he wrote in Upwork messages.",
        events={"threat_of_bad_feedback": True, "evidence_in_writing": True},
    ),
    Case(
        "The client wants extra features without paying more.", events={"unpaid_scope_demand": True}
    ),
    Case("Classic scope creep on a $1,500 fixed job.", events={"unpaid_scope_demand": True}),
    Case("The milestone was never funded.", events={"milestone_unfunded": True}),
    Case(
        "Milestone funded but not released.",
        events={"milestone_unreleased": True, "milestone_unfunded": False},
    ),
    Case("The client won't release the payment.", events={"milestone_unreleased": True}),
    Case("The client was suspended by Upwork.", [{"client_suspended": True}]),
    Case(
        "The client got suspended and then reinstated.",
        [{"client_suspended": True}],
        events={"client_reinstated": True},
    ),
    Case("My account was suspended once, long ago.", unreadable=True),
    Case("The client ghosted me after delivery.", events={"client_unresponsive": True}),
    Case("Client stopped responding two weeks ago.", events={"client_unresponsive": True}),
    Case("We are in a dispute over the $800 contract.", [{"disputed": True, "earnings": 800.0}]),
    Case("Should I open a dispute?", [], intents={Intent.DISPUTE}),
    Case("I refunded the client in full.", [{"refunded": True}]),
    Case("The client asked for a refund, should I refund him?", intents={Intent.REFUND}),
    # Dormant and dated contracts.
    Case(
        "My contract has been inactive for 4 months.",
        [{"status": Status.OPEN, "last_payment": date(2024, 4, 1), "in_question": True}],
        intents={Intent.DORMANT},
    ),
    Case(
        "Dormant for 6 weeks, $1,200 paid before that.",
        [{"status": Status.OPEN, "last_payment": date(2024, 6, 20), "earnings": 1200.0}],
    ),
    Case(
        "No payments since January on that hourly contract.",
        [{"status": Status.OPEN, "last_payment": date(2024, 1, 1), "pay": Pay.HOURLY}],
    ),
    Case("The client hasn't paid in two months.", [{"last_payment": date(2024, 6, 1)}]),
    Case(
        "The contract is dormant.",
        [{"status": Status.OPEN, "last_payment": None}],
        missing={"contract-1-last-payment"},
    ),
    Case(
        "The $400 contract ended 2 weeks ago with no feedback yet.",
        [{"end": date(2024, 7, 18), "feedback": P}],
    ),
    Case("Started 3 months ago, $2,000 so far.", [{"start": date(2024, 5, 1), "earnings": 2000.0}]),
    # Intents.
    Case("Should I end the contract?", intents={Intent.END_CONTRACT}),
    Case("Will it hurt my JSS?", intents={Intent.IMPACT}, missing={"contracts"}),
    Case("How do I get the review removed?", intents={Intent.REMOVE_FEEDBACK}),
    Case(
        "I want to reach Top Rated by December.",
        intents={Intent.REACH_TOP_RATED},
        freelancer={"badge": None},
    ),
    Case("How can I recover my JSS?", intents={Intent.RECOVER}),
    Case("What will happen in three months?", intents={Intent.IMPACT}),
    Case(
        "I'm afraid I'll lose Top Rated.",
        freelancer={"badge": Badge.TOP_RATED},
        intents={Intent.REACH_TOP_RATED},
    ),
    # Amounts that are not earnings.
    Case("In 2019 I joined; the $0 contract is from 2023.", [{"earnings": 0.0}]),
    Case("JSS 92% and a $300 contract.", [{"earnings": 300.0}], freelancer={"shown_jss": 92}),
    Case("The job got 5 stars.", [{"earnings": None, "stars": 5.0}]),
    Case("I billed 120 hours on the contract.", unreadable=True),
    Case("The client rated me 10/10.", [{"earnings": None, "private_rating": 10}]),
    Case("A contract from 2022 with 4 stars.", [{"earnings": None, "stars": 4.0}]),
    Case("About 30% of my proposals get a reply.", unreadable=True),
    # Referring back, advice versus fact, and stray facts.
    Case(
        "Two other contracts of $900 and $4,000. The $4,000 one ran for 6 months.",
        [{"earnings": 900.0, "paid_months": None}, {"earnings": 4000.0, "paid_months": 6}],
    ),
    Case(
        "A friend told me to open a dispute on the $200 job.",
        [{"disputed": False}],
        intents={Intent.DISPUTE},
    ),
    Case(
        "I have a $0 contract. The client has other hires with 5 stars.",
        [{"earnings": 0.0, "stars": None}],
    ),
    Case("Freelancing over the last 3 years, the $600 job is open.", [{"paid_months": None}]),
    Case("One more contract: $250, no feedback.", [{"earnings": 250.0, "feedback": N}]),
    # Markdown, emoji, other scripts around facts.
    Case(
        "**$0 contract**, client _threatened_ a bad review 😡",
        [{"earnings": 0.0}],
        events={"threat_of_bad_feedback": True},
    ),
    Case("Контракт $700, 5 stars ✅", [{"earnings": 700.0, "stars": 5.0}]),
    Case("> quoted: $1,000 job\n- 5★", [{"earnings": 1000.0, "stars": 5.0}]),
]


def _check(case: Case) -> None:
    if case.unreadable:
        with pytest.raises(ParseError, match="could not read any contract facts"):
            parse_text(case.text, as_of=AS_OF)
        return
    result = parse_text(case.text, as_of=AS_OF)
    situation = result.situation
    if case.contracts is not None:
        assert len(situation.contracts) == len(case.contracts), result.understood
        for got, want in zip(situation.contracts, case.contracts, strict=True):
            for name, value in want.items():
                assert getattr(got, name) == value, (name, got, result.understood)
    for name, value in case.freelancer.items():
        assert getattr(situation.freelancer, name) == value, (name, situation.freelancer)
    for name, value in case.events.items():
        assert getattr(situation.events, name) == value, (name, situation.events)
    if case.intents is not None:
        assert case.intents <= set(situation.intents), situation.intents
    keys = {fact.key for fact in result.missing}
    if case.missing is not None:
        assert case.missing <= keys, keys
    assert not (case.not_missing & keys), keys
    assert situation.as_of == AS_OF


@pytest.mark.parametrize("case", CASES, ids=[c.text[:40] for c in CASES])
def test_phrasing(case: Case) -> None:
    _check(case)


def test_there_are_at_least_sixty_phrasings() -> None:
    assert len(CASES) >= 60


def test_in_question_is_the_threatened_contract_not_the_group() -> None:
    result = parse_situation(
        "Three other contracts of $5,600, $2,500 and $10,000. The current one is $0 and the "
        "client threatened me.",
        as_of=AS_OF,
    )
    asked = result.situation.in_question
    assert asked is not None and asked.earnings == 0.0
    assert [c.in_question for c in result.situation.contracts].count(True) == 1


def test_understood_line_lists_the_group() -> None:
    result = parse_text(
        "three other contracts of $5,600, $2,500, and $10,000, all went very well", as_of=AS_OF
    )
    assert "3 other contracts: $5,600, $2,500, $10,000, all positive" in result.understood


def test_a_total_is_said_back_as_unread_and_unknown_amounts_in_one_phrase() -> None:
    result = parse_text(
        "My other 30 contracts are all 5 stars and I earned about $60,000 in total.", as_of=AS_OF
    )
    assert "30 other contracts: amounts not said, all 5★" in result.understood
    assert any(line.startswith("$60,000: a total") for line in result.unread)


def test_labelled_contracts_are_said_back_by_their_labels() -> None:
    result = parse_text("Client 1 - $900, 5 stars. Client 2 - $1,500, no feedback.", as_of=AS_OF)
    assert "Client 1: $900, 5★" in result.understood
    assert "Client 2: $1,500, no feedback" in result.understood


def test_future_date_is_said_back_not_stored() -> None:
    result = parse_text("What will my score be in three months with the $0 contract?", as_of=AS_OF)
    assert any("2024-11-01" in line for line in result.understood)
    assert all(c.end is None and c.last_payment is None for c in result.situation.contracts)


def test_plain_number_without_context_is_unread_not_earnings() -> None:
    result = parse_text("The contract, 5600, and 5 stars", as_of=AS_OF)
    assert result.situation.contracts[0].earnings is None
    assert any("5600" in line for line in result.unread)


def test_earnings_question_wording() -> None:
    result = parse_text("4 jobs, 3 with 5 stars", as_of=AS_OF)
    questions = {fact.key: fact.question for fact in result.missing}
    assert questions["other-earnings"] == "How much did you earn on each of the other contracts?"


# One fact said of a contract, beside its bare mention: each one makes the situation say
# something (`says_something`), as a contract built with that fact alone differs.
_ONE_FACT: dict[str, object] = {
    "earnings": 0.0,
    "pay": Pay.FIXED,
    "start": date(2026, 1, 5),
    "last_payment": date(2026, 2, 1),
    "paid_months": 2,
    "feedback": FeedbackStatus.NONE,
    "expected": Sentiment.NEGATIVE,
    "refunded": True,
    "disputed": True,
    "client_suspended": True,
    "feedback_removed": True,
}


@given(st.booleans(), st.sampled_from(sorted(_ONE_FACT)))
def test_a_contract_says_something_only_beyond_its_mention(asked: bool, fact: str) -> None:
    status = Status.UNKNOWN if asked else Status.ENDED
    bare = Contract(client="A", in_question=asked, status=status)
    assert not says_something(Situation(contracts=(bare,)))
    told = Contract(client="A", in_question=asked, status=status, **{fact: _ONE_FACT[fact]})
    assert says_something(Situation(contracts=(told,)))
    other = Status.OPEN if status is Status.ENDED else Status.ENDED
    assert says_something(Situation(contracts=(bare.model_copy(update={"status": other}),)))
