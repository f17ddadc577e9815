"""Reading sentences: which facts a sentence holds and which contract each one is about.

The reader walks the tokens of one sentence left to right. Region tokens
("3 other contracts", "another job", "this contract") say which contract the
following facts belong to; inside a group, a fact next to an amount belongs to
that amount's contract, a sub-quantifier ("3 with 5 stars") to the next few, and
anything else to all members that lack it ("all went very well").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from advice.situation import MAX_CONTRACTS, Sentiment
from commands.parsing.contracts import (
    FACT_SETTERS,
    HEADER_FACTS,
    LABEL,
    ORDINALS,
    Draft,
    Group,
    member_client,
)
from commands.parsing.draft_facts import apply_fact
from commands.parsing.facts import Facts
from commands.parsing.feedback import GIVEN
from commands.parsing.happenings import read_events
from commands.parsing.kinds import Kind
from commands.parsing.lexer import Token
from commands.parsing.money import parts_value
from commands.parsing.phrasing import (
    amount_of_next,
    career_total,
    describes_clients,
    is_each,
    is_total,
    over_a_period,
    partial_refunds,
    plain_amount,
    said_of_next,
    states_a_requirement,
)
from commands.parsing.sanitize import snippet
from commands.parsing.sentence import Sentence, sentence
from commands.parsing.standing import read_standing
from commands.parsing.timeline import Timeline

_THE_BEFORE = re.compile(r"\b(?:the|that|my) $")
_ONE_AFTER = re.compile(r" (?:one|contract|job|project|gig)\b")


@dataclass
class _Region:
    group: Group | None = None
    subq: list[Draft] | None = None
    last_member: Draft | None = None
    last_clause: int = -1
    each: bool = False
    """The next amount is each picked member's ("2 at $250")."""
    item: bool = False
    """A line of a list ("1) $1,200 - 5 stars"): its facts open a contract of their own."""


class Reader:
    """Reads sentences one by one into drafts and facts."""

    def __init__(self, text: str, as_of: date) -> None:
        self.text = text
        self.as_of = as_of
        self.facts = Facts()
        self.drafts: list[Draft] = []
        self.groups: list[Group] = []
        self.main: Draft | None = None
        self.last_group: Group | None = None
        self.threat = False
        self.used = 0
        self.sentence = 0
        self.timeline = Timeline(as_of, self._unread)
        self.item_line: int | None = None
        """Where the list line being read starts, when the sentence is in one."""
        self.item_group: Group | None = None
        self.counted = 0
        """Contracts counted so far, built or not (a count past the limit is not built)."""
        self.score_known = False
        """The member stated their score in an earlier message of the conversation."""

    # -- contracts -------------------------------------------------------

    def ensure_main(self) -> Draft:
        if self.main is None:
            self.counted += 1
            self.main = Draft(order=len(self.drafts), in_question=True)
            self.drafts.append(self.main)
        return self.main

    def _named_group(self) -> Group:
        """A group of the one contract "another contract" names."""
        group = self._new_group(1)
        group.named = True
        return group

    def _new_group(self, count: int | None) -> Group:
        group = Group(index=len(self.groups), count=count)
        self.groups.append(group)
        self.counted += count or 0
        # Counted before anything is built: "500 other contracts." said a hundred times
        # must not build fifty thousand contracts to refuse them afterwards.
        built = min(count or 0, max(0, MAX_CONTRACTS + 1 - len(self.drafts)))
        group.unbuilt = (count or 0) - built
        for _ in range(built):
            self._add_member(group)
        self.last_group = group
        return group

    def _add_member(self, group: Group) -> Draft:
        if group.count is None:
            self.counted += 1
        member = Draft(order=len(self.drafts), group=group.index)
        group.members.append(member)
        self.drafts.append(member)
        return member

    # -- one sentence ----------------------------------------------------

    def read(
        self,
        toks: list[Token],
        clauses: list[int],
        question: bool,
        item: int | None = None,
    ) -> None:
        """Read one sentence's tokens; `clauses[i]` is the clause number of `toks[i]`;
        `item` is where its line starts when the line is an item of a list."""
        if item != self.item_line:
            self.item_line, self.item_group = item, None
        said = sentence(toks, clauses, question)
        if item is not None and not said.kinds.isdisjoint(_TROUBLE):
            item = self.item_line = None  # a threat in a list is the contract in question's
        self.threat = self.threat or said.threat
        if said.threat:
            self.facts.events["threat_of_bad_feedback"] = True
        if said.scope:
            self.facts.events["unpaid_scope_demand"] = True
        scores = read_standing(self.text, toks, said.kinds, said.question, self.facts, self._unread)
        if scores:  # "JSS 100 -> 93": read as the score, not as amounts
            kept = [i for i, tok in enumerate(toks) if tok.start not in scores]
            toks, clauses = [toks[i] for i in kept], [clauses[i] for i in kept]
        dormancy = said.dormancy
        read_events(self.facts, toks, said.kinds, said.question, dormancy)
        targets = self._walk(toks, clauses, said)
        self.timeline.read(toks, said.kinds, targets, dormancy, self.main)
        # Trouble is the contract in question's, unless the sentence said it of several
        # ("two contracts still open, the clients went quiet"): those are named already.
        troubled = said.threat or said.scope or not said.kinds.isdisjoint(_TROUBLE_EVENTS)
        if troubled and not any(len(drafts) > 1 for drafts in targets.values()):
            self._promote_labelled(targets)
            self.ensure_main()
        self.used += len(toks)
        self.sentence += 1

    # -- which contract each fact is about ---------------------------------

    def _walk(
        self, toks: list[Token], clauses: list[int], said: Sentence
    ) -> dict[int, list[Draft]]:
        """Assign contract facts to drafts; returns the drafts each token was given to."""
        if said.kinds.isdisjoint(_WALKED):
            return {}
        region = _Region(group=self.item_group, item=self.item_line is not None)
        first = next((t.kind for t in toks if t.kind in _REGION_OR_FACT), None)
        if first in _BACK_TO_GROUP and self.last_group is not None:
            region.group = self.last_group
        given_to: dict[int, list[Draft]] = {}
        previous: Token | None = None
        # A region cue already opened by the word before it ("$2,000 on another job",
        # "closed 3 contracts"), so that reaching the cue does not open a second one.
        opened_early = -1
        refunds = Kind.REFUNDED in said.kinds
        kept_after_refund = partial_refunds(self.text, toks) if refunds else {}
        for i, tok in enumerate(toks):
            if i in kept_after_refund:
                # "I refunded $200 of $600": a paid contract of $400, not a full refund.
                kept = kept_after_refund[i]
                if kept is not None:
                    given_to[i] = self._place_amount(tok, region, clauses[i], value=kept)
                continue
            kind = tok.kind
            if kind not in _WALKED:
                continue
            clause = clauses[i]
            if kind in _REGION_CUES:
                region = self._region_cue(tok, region, opened=i == opened_early)
            elif kind == Kind.NOUN and (named := self._named_again(tok)) is not None:
                region = named
            elif kind in _AMOUNTS or (
                kind in _PLAIN_NUMBERS and plain_amount(self.text, tok, previous)
            ):
                if i + 1 < len(toks) and amount_of_next(self.text, tok, toks[i + 1]):
                    region = _Region(group=self._named_group())
                    opened_early = i + 1
                given_to[i] = self._place_amount(tok, region, clause)
            elif kind in _FACTS:
                if kind == Kind.DORMANT and not said.dormancy:
                    continue
                if kind in _ASKED_NOT_TOLD and said.question:
                    continue  # "can the client still leave feedback?" tells nothing
                if kind in _HAPPENINGS and said.not_yet(clause):
                    continue  # "unless I refunded him", "he'll file a chargeback": not done
                if kind == Kind.SUSPENDED and Kind.SELF in said.kinds:
                    continue
                if region.group is None and said_of_next(self.text, toks, i):
                    # "I closed 3 contracts": the status is theirs, not the one in question's.
                    region = _Region(group=self._header_group(toks[i + 1]))
                    opened_early = i + 1
                targets = self._targets(region, clause)
                given_to[i] = targets
                for draft in targets:
                    apply_fact(
                        draft,
                        tok,
                        (said.threat and _single(region) and not said.told_as_given(clause))
                        or said.expecting(clause),
                        force=region.group is None or len(targets) == 1,
                        sentence=self.sentence,
                        unread=self._unread,
                    )
            elif kind == Kind.MONEY_RANGE:
                self._unread(tok, "a range of amounts; each contract's own amount sets its weight")
            elif kind in _PLAIN_NUMBERS:
                if kind == Kind.NUMBER:
                    self._unread(tok, "a number without $: is it an amount?")
                continue
            previous = tok if kind in _LISTED else previous
        return given_to

    def _region_cue(self, tok: Token, region: _Region, *, opened: bool) -> _Region:
        """Which contracts the facts after a region cue are about ("3 other contracts",
        "another job", "this contract", "one of them"); `opened`: the word before the cue
        already opened its group."""
        kind = tok.kind
        if kind == Kind.HEADER:
            if describes_clients(self.text, tok) and region.group is not None:
                return region  # "2 jobs from 2 different clients": the same contracts' clients
            if states_a_requirement(self.text, tok) or opened:
                return region
            return _Region(group=self._header_group(tok))
        if kind == Kind.HEADER_OTHER:
            # "the other contracts" refers back to a group already named.
            return _Region(group=self.last_group or self._new_group(None))
        if kind == Kind.ANOTHER:
            return region if opened else _Region(group=self._named_group())
        if kind == Kind.LABEL:
            return _Region(group=self._labelled(tok.text))
        if kind == Kind.MAIN:
            self._unlist_question(region)
            if region.group is not None and region.group is self.item_group:
                self._promote(region.group)  # "5) $0 - current one": this line's contract
            return _Region()
        if kind == Kind.ORDINAL:
            if self.last_group is None:
                return region
            return self._nth(self.last_group, ORDINALS[tok.parts.get("nth") or ""])
        if kind == Kind.SAME_CLIENT:
            if region.group is not None:
                region.group.same_client = True
            elif self.groups:
                self.ensure_main().client = "same"
            return region
        group = region.group
        if group is None:
            return region  # a member of no group in hand: nothing to pick
        if kind == Kind.SUBQ:
            region.subq = self._claim(group, int(tok.parts.get("n") or 0))
            region.each = tok.text.endswith(_EACH_AFTER)
        elif kind == Kind.SUBQ_REST:
            # "one of them" picks one; "the rest", "the other one" take what is left.
            single = tok.text.startswith(("one", "1 "))
            region.subq = self._claim(group, 1 if single else None)
        elif kind == Kind.QUANT_ALL:
            region.subq = list(group.members)
        return region

    def _nth(self, group: Group, index: int) -> _Region:
        """ "The second one": that member of the group, added when only counted so far."""
        while len(group.members) <= index and (group.count is None or index < group.count):
            self._add_member(group)
        if index >= len(group.members):
            return _Region(group=group)
        return _Region(group=group, subq=[group.members[index]])

    def _labelled(self, label: str) -> Group:
        """The one-contract group a label names; the same group when named again, except
        on a new line of a list ("client B again - $200": another contract of client B)."""
        found = next((g for g in reversed(self.groups) if g.label == label), None)
        if found is not None and self.item_line is not None and found is not self.item_group:
            found = None
        if found is None:
            found = self._new_group(1)
            found.label = label
            for member in found.members:
                member.client = member_client(label)
        return found

    def _named_again(self, noun: Token) -> _Region | None:
        """Where a labelled contract named again without its colon ("contract A ran 6
        months") sends the facts that follow: its own group, or the contract in question
        once it became that one."""
        match = _LABEL_AGAIN.match(self.text, noun.start)
        group = next((g for g in self.groups if match and g.label == match.group()), None)
        if group is None or (self.item_line is not None and group is not self.item_group):
            return None  # on a new line of a list, a contract of its own
        return _Region(group=group) if group.members else _Region()

    def _promote_labelled(self, given_to: dict[int, list[Draft]]) -> None:
        """A labelled contract the threat (or trouble) of its sentence is about is the
        contract in question, when no other one is."""
        if self.main is not None:
            return
        named = {
            id(d): (d, self.groups[d.group])
            for drafts in given_to.values()
            for d in drafts
            if d.group is not None and self.groups[d.group].label
        }
        if len(named) != 1:
            return
        ((draft, _),) = named.values()
        self._take_as_main(draft)

    def _unlist_question(self, region: _Region) -> None:
        """The contract in question was counted in the group ("4 contracts; one of them is
        the $0 one"), so the member just picked out is it, not one more contract."""
        picked = region.subq
        if region.group is None or picked is None or len(picked) != 1:
            return
        member = picked[0]
        if member != Draft(order=member.order, group=member.group):
            return  # facts were already said of it: a listed contract after all
        group = region.group
        group.members.remove(member)
        group.claimed -= 1
        if group.count is not None:
            group.count -= 1
        self.drafts.remove(member)

    def _header_group(self, header: Token) -> Group:
        """The group a header ("3 other contracts", "2 $300 contracts") introduces."""
        count = int(header.parts.get("n") or 0)
        group = self._new_group(count if 0 < count <= MAX_GROUP else None)
        each = header.parts.get("each")
        said = [fact for word, fact in HEADER_FACTS.items() if word in header.text]
        for member in group.members:
            if each is not None:
                member.earnings = parts_value({"n": each, "k": header.parts.get("k")})
            for name, value in said:
                setattr(member, name, value)
        return group

    def _claim(self, group: Group, count: int | None) -> list[Draft]:
        start = group.claimed
        end = len(group.members) if count is None else min(len(group.members), start + count)
        group.claimed = end
        return group.members[start:end]

    def _place_amount(
        self, tok: Token, region: _Region, clause: int, *, value: float | None = None
    ) -> list[Draft]:
        if value is None:
            value = (
                parts_value(tok.parts) if tok.kind != Kind.YEAR else float(tok.parts.get("y") or 0)
            )
        self._open_item(region)
        group = region.group
        named = self._named_by_amount(tok, value)
        if named is not None and named.group is not None:
            # "the $10,000 one ran for 4 months": back to a contract already listed.
            region.group, region.subq = self.groups[named.group], [named]
            return [named]
        if over_a_period(self.text, tok):
            self._unread(tok, "earnings over a period, not one contract's")
            return []
        if is_total(self.text, tok) and (group is not None or career_total(self.text, tok)):
            self._unread(tok, "a total of several contracts; each one's own amount sets its weight")
            return []
        if group is None:
            main = self.ensure_main()
            if tok.kind == Kind.RATE:
                main.rate = value
            elif tok.kind == Kind.HOURS:
                main.hours = value
            elif main.earnings is None:
                main.earnings = value
                main.earnings_sentence = self.sentence
            else:
                self._unread(tok, "a second amount for the same contract")
            return [main]
        if tok.kind in {Kind.RATE, Kind.HOURS}:
            targets = self._targets(region, clause)
            for draft in targets:
                setattr(draft, "rate" if tok.kind == Kind.RATE else "hours", value)
            return targets
        if region.each and region.subq:
            region.each = False
            for picked in region.subq:
                picked.earnings = value
            return list(region.subq)
        if is_each(self.text, tok):
            # "5 other contracts, about $1,000 each": every one not yet given an amount.
            unset = [m for m in group.members if m.earnings is None]
            for m in unset:
                m.earnings = value
            if unset:
                return unset
        member = next((m for m in group.members if m.earnings is None), None)
        if member is None:
            if group.count is not None:
                self._unread(tok, "more amounts than contracts")
                return []
            member = self._add_member(group)
        member.earnings = value
        region.last_member, region.last_clause = member, clause
        region.subq = None
        return [member]

    def _named_by_amount(self, tok: Token, value: float) -> Draft | None:
        if tok.kind != Kind.MONEY or not _THE_BEFORE.search(
            self.text, max(0, tok.start - 5), tok.start
        ):
            return None
        if not _ONE_AFTER.match(self.text, tok.end):
            return None
        return next((d for d in self.drafts if d.earnings == value and d.group is not None), None)

    def _open_item(self, region: _Region) -> None:
        """The first fact of a list line opens its contract."""
        if region.item and region.group is None:
            region.group = self.item_group = self._new_group(1)
            region.group.item = True
        region.item = False

    def promote_single_item(self) -> None:
        """A list of one contract ("- FP contract $1.8k, delivered") is about the contract
        in question when nothing else was said of that one."""
        items = [g for g in self.groups if g.item and g.members]
        if len(items) != 1 or (self.main is not None and self.main.settled_earnings() is not None):
            return
        self._promote(items[0])

    def promote_the_troubled(self) -> None:
        """Of several contracts listed, the one whose feedback is feared ("one where the
        client is unhappy and will leave a bad review") is the one asked about, when no
        other one is."""
        if self.main is not None:
            return
        troubled = [
            d
            for d in self.drafts
            if d.group is not None and d.expected not in (None, Sentiment.POSITIVE)
        ]
        if len(troubled) != 1:
            return
        self._take_as_main(troubled[0])

    def _promote(self, item: Group) -> None:
        """The one contract of a list line becomes the contract in question, taking what
        was said of that one so far ("- he hinted at bad feedback")."""
        (draft,) = item.members
        if self.main is not None and self.main is not draft:
            self.main.merge_into(draft)
            self.drafts.remove(self.main)
        self._take_as_main(draft)

    def _take_as_main(self, draft: Draft) -> None:
        """`draft` leaves its group, which counts one contract fewer, and becomes the
        contract in question."""
        assert draft.group is not None
        group = self.groups[draft.group]
        group.members.remove(draft)
        if group.count is not None:
            group.count -= 1
        draft.group, draft.in_question = None, True
        self.main = draft

    def _targets(self, region: _Region, clause: int) -> list[Draft]:
        self._open_item(region)
        group = region.group
        if group is None:
            return [self.ensure_main()]
        if region.subq is not None:
            return region.subq
        if region.last_member is not None and region.last_clause == clause:
            return [region.last_member]
        if not group.members and group.count is None:
            return []
        return list(group.members)

    def _unread(self, tok: Token, why: str) -> None:
        if len(self.facts.unread) >= _UNREAD_KEPT:
            self.facts.unread_dropped += 1  # only a few are shown; counting is enough
            return
        self.facts.unread.append(f"{snippet(tok.text)}: {why}")


def _single(region: _Region) -> bool:
    """Whether facts here are about one contract named alone: the one in question or a
    labelled one ("Contract C: the client threatens 1 star")."""
    return region.group is None or bool(region.group.label)


_LABEL_AGAIN = re.compile(rf"{LABEL}\b")
_UNREAD_KEPT = 20
_TROUBLE = frozenset({Kind.THREAT, Kind.PRESSURE, Kind.PROMISE, Kind.SCOPE, Kind.SCOPE_FREE})
# "2 at $250", "3 paid $100": the amount that follows is each one's.
_EACH_AFTER = (" at", " paid", " earned", " made")
MAX_GROUP = 500
"""Most contracts one count may stand for; a larger count is a history, not a list."""
_AMOUNTS = frozenset({Kind.MONEY, Kind.RATE, Kind.HOURS})
_PLAIN_NUMBERS = frozenset({Kind.NUMBER, Kind.YEAR})
_LISTED = frozenset({*_AMOUNTS, Kind.NUMBER})
"""What a plain number right after may continue a list of ("$5,600, 2500 and 900")."""
# Kind.NOUN ("the client", "this job") only says that the contract in question exists.
_FACTS = frozenset(
    {
        *GIVEN,
        Kind.STARS,
        Kind.STAR_RUN,
        Kind.RATING,
        *FACT_SETTERS,
        Kind.STARTED,
        Kind.SPAN_VERB,
        Kind.NOUN,
    }
)
_REGIONS = (
    Kind.HEADER,
    Kind.HEADER_OTHER,
    Kind.ANOTHER,
    Kind.LABEL,
    Kind.MAIN,
    Kind.SUBQ,
    Kind.SUBQ_REST,
    Kind.QUANT_ALL,
    Kind.ORDINAL,
)
# A sentence opening with these goes on about the group named before.
# Facts that a question only asks about ("should I open a dispute?", "who gets to leave
# feedback?").
_ASKED_NOT_TOLD = frozenset({Kind.DISPUTED, Kind.FB_REMOVED, Kind.FB_GIVEN})
# What a contract went through: not so when its clause is a condition or to come.
_HAPPENINGS = frozenset({Kind.REFUNDED, Kind.REFUND_PARTIAL, Kind.DISPUTED, Kind.SUSPENDED})
_TROUBLE_EVENTS = frozenset({Kind.MS_UNRELEASED, Kind.MS_UNFUNDED, Kind.UNRESPONSIVE})
_BACK_TO_GROUP = frozenset({Kind.QUANT_ALL, Kind.GROUP_REF, Kind.SUBQ, Kind.SUBQ_REST})
_REGION_OR_FACT = frozenset({*_REGIONS, Kind.GROUP_REF, *_AMOUNTS, *_FACTS})
_REGION_CUES = frozenset({*_REGIONS, Kind.SAME_CLIENT})
_WALKED = frozenset(
    {*_REGIONS, Kind.SAME_CLIENT, *_AMOUNTS, *_PLAIN_NUMBERS, *_FACTS, Kind.MONEY_RANGE}
)
"""The kinds the walk does anything with; the others pass it by."""
