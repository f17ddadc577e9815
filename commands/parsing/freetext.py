"""Free text: a forum-style description read into a Situation, questions and read-back lines."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from itertools import count
from typing import Any

from advice.answer import MissingFact
from advice.askable import ask
from advice.situation import (
    Contract,
    Events,
    FeedbackStatus,
    Freelancer,
    Intent,
    Sentiment,
    Situation,
    Status,
    client_label,
    too_many_contracts,
)
from advice.tables import FEEDBACK_WINDOW_DAYS
from commands.parsing.contracts import Draft
from commands.parsing.dates import months_before, story_date
from commands.parsing.facts import Facts
from commands.parsing.language import reads_as_english
from commands.parsing.lexer import tokens
from commands.parsing.money import digits_for_number_words
from commands.parsing.negation import apply_negation
from commands.parsing.question_cues import KIND_INTENTS, cue_map
from commands.parsing.reader import Reader
from commands.parsing.result import ParseError, ParseResult, checked_situation
from commands.parsing.sanitize import check_length, clean, snippet
from commands.parsing.standing import settle_scores
from commands.parsing.summary import describe_facts, describe_group, describe_main

# Sentence ends: . ! ? followed by a space or the end (so "5.6k" and "$5,600.50"
# stay whole), semicolons and line breaks. Opening with the one class of all the marks,
# the search skips to the next mark without trying each character (four times faster
# than `[.!?]+(?=\s|$)|[;\n]+`, which it matches as). Clauses: commas and joining words.
_SENTENCE_END = re.compile(r"[.!?;\n](?:(?<=[.!?])[.!?]*(?=\s|$)|(?<=[;\n])[;\n]*)")
_CLAUSE_BREAK = re.compile(r", | but | and | while | whereas | - | so ")
_LETTERS = re.compile(r"[^\W_]{2,}")
MAX_UNREAD = 8
MAX_SENTENCES = 120
"""Sentences of one post read: four times a long real post's (30; the longest of the
reading corpus has 20). A sentence costs about as much whatever it holds, so this is
what keeps a text of the accepted length (a list of 200 short lines, each a contract)
under ten real posts' cost."""
TOO_MANY = f"a post is read up to {MAX_SENTENCES} sentences; say the rest in a reply"
MAX_TOKENS = 600
"""Facts, amounts and cue words of one post read: about seven times a long real post's
(85; the longest of the reading corpus has 40), so that no text of the accepted length
(lines of dates, amounts and stars over and over) costs more than ten posts."""
TOO_LONG = f"a post is read up to {MAX_TOKENS} facts and figures; say the rest in a reply"
# A line of a list: "- ...", "1) ...", "#2 ...", "client A - ...", "Contract 3: ...".
MIN_LIST = 2
_LIST_LINE = re.compile(
    r"(?m)^[ \t]*(?:[-*•·]|#?[0-9]{1,2}[).:]|[a-h][).]|(?:contract|client|job|project|gig)"
    r" (?:#?[0-9]{1,2}|[a-h])\b(?: again)? ?[-:)])\s"
)


def parse_text(text: str, *, as_of: date, score_known: bool = False) -> ParseResult:
    """Read a free-text description; raise ParseError when nothing in it can be read.

    `score_known`: the member stated their score before (a later message of the same
    conversation), so contracts only counted are the history behind it."""
    check_length(text)
    if not reads_as_english(text):
        raise ParseError(ENGLISH_ONLY)
    lowered = digits_for_number_words(clean(text).lower())
    as_of = story_date(lowered, as_of) or as_of
    unread_sentences: list[str] = []
    spans = _sentences(lowered)
    read_up_to = spans[MAX_SENTENCES - 1][1] if len(spans) > MAX_SENTENCES else len(lowered)
    found = apply_negation(lowered, tokens(lowered[:read_up_to], most=MAX_TOKENS))
    if len(found) >= MAX_TOKENS:
        unread_sentences.append(f"everything after {snippet(found[-1].text)}: {TOO_LONG}")
    reader = Reader(lowered, as_of)
    items = _list_items(lowered)
    if len(spans) > MAX_SENTENCES:
        unread_sentences.append(f"the last {len(spans) - MAX_SENTENCES} sentences: {TOO_MANY}")
    index = 0
    # Clause breaks hold no sentence end, so one pass finds each sentence's.
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(lowered, 0, read_up_to)]
    cues = cue_map(lowered, read_up_to)
    for start, end, question in spans[:MAX_SENTENCES]:
        first = index
        while index < len(found) and found[index].start < end:
            index += 1
        sentence_tokens = found[first:index]
        asked = reader.facts.asked.read(lowered, start, end, question, cues)
        if not sentence_tokens:
            if not asked and _LETTERS.search(lowered, start, end):
                unread_sentences.append(snippet(lowered[start:end].strip()))
            continue
        before = bisect_right(breaks, start)  # the breaks of the sentences before
        clauses = [bisect_right(breaks, tok.start) - before for tok in sentence_tokens]
        item = items.get(lowered.rfind("\n", 0, start) + 1)
        if item is not None:  # the list's numbering is no fact
            kept = [i for i, tok in enumerate(sentence_tokens) if tok.start >= item.marker_end]
            sentence_tokens, clauses = (
                [sentence_tokens[i] for i in kept],
                [clauses[i] for i in kept],
            )
        reader.read(sentence_tokens, clauses, question, item=item.line if item else None)
    reader.score_known = score_known
    result = _result(reader, as_of, unread_sentences) if reader.used else None
    if result is None or not says_something(result.situation):
        raise ParseError(NOTHING_READ)
    return result


@dataclass(frozen=True)
class _Item:
    line: int
    """Where the list line starts."""
    marker_end: int
    """Where its marker ("1)", "-") ends."""


def _list_items(text: str) -> dict[int, _Item]:
    """The lines of a list, by where they start; a list has two lines at least (a lone
    "- 5 stars" goes on with the line before)."""
    found: dict[int, _Item] = {}
    for marker in _LIST_LINE.finditer(text):
        numbering = marker.group().strip()
        numbered = numbering[:1] in "-*•·#0123456789"
        found[marker.start()] = _Item(marker.start(), marker.end() if numbered else marker.start())
    return found if len(found) >= MIN_LIST else {}


def says_something(situation: Situation) -> bool:
    """Whether a situation holds any fact at all, beyond a bare mention of "a contract"."""
    return bool(
        situation.freelancer != _NO_FREELANCER
        or situation.events != _NO_EVENTS
        or situation.intents
        or not all(map(_only_mentioned, situation.contracts))
    )


_MENTION_FIELDS = frozenset({"client", "in_question", "status"})
_UNSAID = {
    name: field.default
    for name, field in Contract.model_fields.items()
    if name not in _MENTION_FIELDS
}
"""A contract's facts as they stand when nothing was said of them."""


def _only_mentioned(contract: Contract) -> bool:
    """Whether nothing was said of a contract: it is unknown when asked about, else a past
    one, and every other fact is as unsaid."""
    status = Status.UNKNOWN if contract.in_question else Status.ENDED
    return contract.status is status and all(
        getattr(contract, name) == unsaid for name, unsaid in _UNSAID.items()
    )


_NO_FREELANCER = Freelancer()
_NO_EVENTS = Events()


ENGLISH_ONLY = (
    "I read English only, so I have not guessed at this. Please write your situation "
    "in English: your score, each contract's amount and feedback, and your question."
)
NOTHING_READ = (
    "I could not read any contract facts in that. Say what each contract earned "
    '("$5,600"), its feedback ("5 stars", "bad private feedback"), your badge and '
    "your question, or use the compact notation (see /jss help)."
)


def _sentences(text: str) -> list[tuple[int, int, bool]]:
    spans: list[tuple[int, int, bool]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end(), "?" in match.group()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text), False))
    return spans


def _result(reader: Reader, as_of: date, unread_sentences: list[str]) -> ParseResult:
    facts = reader.facts
    settle_scores(facts)
    question = facts.asked.settle(facts.has_score)
    if question in KIND_INTENTS:
        facts.intend(KIND_INTENTS[question])
    facts.perk_last_used = reader.timeline.perk_last_used
    facts.notes.extend(reader.timeline.notes)
    drafts = _finish(reader)
    if any(group.unbuilt and not group.history for group in reader.groups):
        problem = too_many_contracts(reader.counted)
        raise ParseError(f"That situation cannot be right: contracts: {problem}.")
    data: dict[str, Any] = {
        "freelancer": {
            "badge": facts.badge,
            "shown_jss": facts.shown_jss,
            "shown_jss_high": facts.shown_jss_high,
            "previous_jss": facts.previous_jss,
            "jobs": facts.jobs,
            "has_score": facts.has_score,
            "perk_last_used": facts.perk_last_used,
            "completed_since_perk": facts.completed_since_perk,
        },
        "contracts": [draft.to_data() for draft in drafts],
        "events": dict(facts.events),
        "intents": list(facts.intents),
        "question": question,
        "as_of": as_of,
    }
    situation = checked_situation(data)
    groups = [g for g in reader.groups if not g.history]
    understood = [*describe_main(reader.main), *(describe_group(g) for g in groups)]
    understood += describe_facts(facts, reader.threat)
    unread = [*unread_sentences, *facts.unread]
    extra = len(unread) - MAX_UNREAD + facts.unread_dropped
    if extra > 0:
        unread = [*unread[:MAX_UNREAD], f"and {extra} more pieces"]
    return ParseResult(
        situation=situation,
        missing=tuple(_missing(reader, drafts)),
        understood=tuple(line for line in understood if line),
        unread=tuple(unread),
        source="text",
    )


# What happens only while a contract runs: its state when the member does not say it.
OPEN_EVENTS = frozenset(
    {
        "milestone_unfunded",
        "milestone_unreleased",
        "client_unresponsive",
        "unpaid_scope_demand",
        "off_platform_offer",
    }
)
OPEN_INTENTS = frozenset({Intent.END_CONTRACT})  # only an open contract can be ended


def _implies_open(facts: Facts) -> bool:
    events = {name for name, happened in facts.events.items() if happened}
    return bool(events & OPEN_EVENTS or OPEN_INTENTS & set(facts.intents))


def _start_from_length(draft: Draft, as_of: date) -> None:
    """'Running for 8 months', 'we worked together for a year' and then it ended in
    November: a contract that paid all along started its length before its end (or
    before today, while open)."""
    if draft.start is not None or draft.paid_months is None or draft.last_payment is not None:
        return
    if draft.end is not None:
        draft.start = months_before(draft.end, draft.paid_months)
    elif draft.status is Status.OPEN:
        draft.start = months_before(as_of, draft.paid_months)


def _feedback_still_possible(draft: Draft, as_of: date) -> None:
    """No feedback said of a contract that ended less than 14 days ago is feedback still
    to come: the client can leave it until the window closes ("ended 9 days ago and the
    client hasn't left feedback")."""
    ended = draft.end
    recent = ended is not None and (as_of - ended).days < FEEDBACK_WINDOW_DAYS
    if draft.feedback is FeedbackStatus.NONE and recent:
        draft.feedback = FeedbackStatus.PENDING


def _finish(reader: Reader) -> list[Draft]:
    """Settle what follows from the whole text, then give clients their labels."""
    facts = reader.facts
    reader.promote_single_item()
    reader.promote_the_troubled()
    main = reader.main
    if facts.shown_jss is not None or reader.score_known:
        _counted_as_history(reader)
    if main is not None:
        if main.status is None and _implies_open(facts) and main.feedback is None:
            main.status = Status.OPEN
        if facts.events.get("milestone_unfunded") or facts.events.get("milestone_unreleased"):
            main.milestones = True
        if reader.threat and main.expected is None and not main.has_feedback_details():
            main.expected = Sentiment.NEGATIVE
    drafts = sorted(reader.drafts, key=lambda d: d.order)
    for draft in drafts:
        _start_from_length(draft, reader.as_of)
        _feedback_still_possible(draft, reader.as_of)
    # The member's own names for clients ("client B", "client B again") are kept, so one
    # client named twice is one client; the other contracts get the letters left.
    taken = {d.client for d in drafts if d.client not in ("", "same")}
    free = (label for n in count() if (label := client_label(n)) not in taken)
    labels: dict[int, str] = {}
    for draft in drafts:
        if draft.client in taken:
            continue
        if draft.group is not None and reader.groups[draft.group].same_client:
            if draft.group not in labels:
                labels[draft.group] = next(free)
            draft.client = labels[draft.group]
        elif draft.client == "same":
            draft.client = ""  # labelled below, after the others
        else:
            draft.client = next(free)
    for draft in drafts:
        if not draft.client:
            others = [d.client for d in drafts if d is not draft and d.client]
            draft.client = others[0] if others else next(free)
    return drafts


def _counted_as_history(reader: Reader) -> None:
    """With a stated score, contracts only counted ("about 280 jobs", "20 jobs, all 5
    stars") are the history behind the score, not contracts of their own."""
    gone: list[Draft] = []
    for group in reader.groups:
        members = group.members
        if group.label or not members or not all(d.only_counted() for d in members):
            continue
        if not group.named:
            # "another one" with nothing said of it is neither a history nor a contract.
            reader.facts.jobs = (reader.facts.jobs or 0) + len(members) + group.unbuilt
        gone.extend(members)
        members.clear()
        group.history = True
    _remove_each(reader.drafts, gone)


def _remove_each(drafts: list[Draft], gone: list[Draft]) -> None:
    """`drafts` without each of `gone`, as `list.remove` leaves it (the first draft equal
    to each). In one pass when no two drafts can be equal (each has an order of its own)
    and each of `gone` is there once: removed one at a time, every draft before it was
    compared field by field, which made a list of a few hundred contracts ("- $0 another
    one" over and over) take 40% longer to read."""
    orders = {draft.order for draft in drafts}
    leaving = {id(draft) for draft in gone}
    there = {id(draft) for draft in drafts}
    if len(orders) == len(drafts) and len(leaving) == len(gone) and leaving <= there:
        drafts[:] = [draft for draft in drafts if id(draft) not in leaving]
        return
    for draft in gone:
        drafts.remove(draft)


def _missing(reader: Reader, drafts: list[Draft]) -> list[MissingFact]:
    """Questions for the facts that would change the answer, nothing else.

    Questions about the contract in question carry the engine's key for the same fact
    (`contract-2-earnings`), so that the two are asked once.
    """
    facts: Facts = reader.facts
    keys: list[str] = []
    main = reader.main
    others = [d for d in drafts if d is not main]
    asked: list[MissingFact] = []
    if main is not None:
        number = drafts.index(main) + 1

        def ask_about(field: str) -> None:
            asked.append(ask(f"contract-{number}-{field}"))

        if main.settled_earnings() is None:
            ask_about("earnings")
        feedback_open = (
            main.feedback in (None, FeedbackStatus.PENDING) and not main.has_feedback_details()
        )
        if main.status is None and not main.dormant and feedback_open:
            ask_about("status")
        # A quiet contract, or an open one whose client went silent: when it last paid
        # decides whether it has started to count.
        quiet = main.dormant or (
            main.status is Status.OPEN and facts.events.get("client_unresponsive", False)
        )
        if quiet and main.last_payment is None:
            ask_about("last-payment")
        if feedback_open and main.expected is None and main.status is Status.ENDED:
            ask_about("feedback")
    if any(d.settled_earnings() is None for d in others):
        keys.append("other-earnings")
    if any(g.count is None and not g.members and not g.history for g in reader.groups):
        keys.append("other-contracts")
    if any(
        d.feedback is None and not d.has_feedback_details() and d.expected is None for d in others
    ):
        keys.append("other-feedback")
    if not drafts and facts.intents:
        keys.append("contracts")
    if reader.threat and "evidence_in_writing" not in facts.events:
        keys.append("evidence")
    if facts.perk_mentioned and facts.badge is None:
        keys.append("badge")
    if facts.perk_used_undated and facts.perk_last_used is None:
        keys.append("perk-date")
    return [*asked, *(ask(key) for key in keys)]
