"""What kind of question a member asks, from the words of the question itself.

Each sentence gets the first kind of `QUESTION_CUES` whose cue it holds; of the
question sentences, the kind listed first is what is asked ("How can one job cost
11 points? What can I do to get it back?" asks how to recover). A statement ("I
always wondered if those jobs dragged it down") speaks only when no question does.
With no cue at all, the facts decide (`advice.kinds`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache

from advice.situation import Intent, QuestionKind
from commands.parsing.firstchars import openings

_ME = r"(?:i|we)"
_IT = r"(?:it|this|that|he|she|they|the (?:client|review|feedback|rating|score|jss))"
_SCORE = r"(?:it|my (?:jss|score)|the (?:jss|score|badge)|my badge|top rated|tr)"

# Tried in order for each sentence; the first kind whose cue appears is the sentence's.
QUESTION_CUES: tuple[tuple[QuestionKind, str], ...] = (
    (
        QuestionKind.OTHER,
        r"what'?s the difference|difference between|do clients (?:actually )?see",
    ),
    (
        QuestionKind.ELIGIBILITY,
        rf"(?:use|apply) (?:it|the perk|my perk) (?:again|on)|between uses|allowed to use"
        r"|where'?s my (?:jss|score)"
        rf"|when (?:will|do|would|can) {_ME} (?:get|have|see|receive) (?:a |my |the )?"
        r"(?:jss|score|badge|top rated)|eligib\w{1,4}|qualif\w{1,6}"
        r"|(?:jss|score|badge) (?:just )?(?:disappeared|vanished|is gone|went away)",
    ),
    (
        QuestionKind.RECOVERY,
        rf"(?:get|bring|win) {_SCORE} back|\bway back|climb back|start over"
        rf"|(?:get|climb) back (?:above|over|up"
        rf"|to|in)|back (?:above|over)|how (?:do|can|could|should) {_ME} get back"
        r"|how many (?:more )?(?:[\w-]+ ){0,3}(?:jobs"
        r"|contracts|projects)|fastest way|what (?:can|should) i do|recover\w{0,3}"
        r"|(?:raise|improve|boost|fix|rebuild|repair|restore) (?:my |the )?(?:jss|score)",
    ),
    (
        QuestionKind.TIMING,
        rf"when (?:does|will|do) {_IT} (?:stop|go|drop|fall|come|count|expire|disappear|leave"
        r"|age)|how long|how many (?:days|weeks|months)|when (?:does|is|will) (?:the )?(?:jss|score"
        r"|it) (?:update|refresh|recalculat\w+)|(?:next|every other) (?:update|sunday|refresh)"
        r"|(?:drop|fall)s? off|when is the next|out by now|kick in|the order (?:i|we)"
        r"|when(?:'s| is) the (?:best|smartest|right) time|when (?:exactly )?(?:does|will) (?:that"
        r"|the|it) (?:\w+ ){0,2}(?:update|happen)",
    ),
    (
        QuestionKind.DIAGNOSIS,
        r"\bwhy\b|is (?:that|this|it|\d+) (?:really )?(?:the reason|what|right)|do something wrong"
        r"|something else (?:dragging|pulling)|dragging (?:me|it) down"
        r"|which (?:one|contract|job|client)"
        r"|what (?:caused|happened|did (?:it|this))|must have been|(?:dragged|pulled|brought"
        r"|pushed|took) (?:it|me|my (?:jss|score)) down|related|tanked|shouldn'?t it"
        r"|how (?:can|could|did|does) (?:one|a single|1) (?:job|contract|review|client)",
    ),
    (
        QuestionKind.TERMS,
        r"extortion|blackmail|(?:can|could) (?:i|we) (?:report|dispute|refuse|say no)"
        r"|(?:can|could|will|may) (?:upwork|the client|a client|clients|he|she|they) (?:still |even"
        r" |really )?(?:see|change|edit|leave|do|dispute|charge|threaten|ask|remove|ban)"
        r"|is (?:that|this|it) (?:a threat|even possible|possible|allowed|legal|against)"
        r"|can (?:he|she|they) (?:even )?do that|right move|ok(?:ay)? to (?:agree|accept|do)"
        r"|allowed|against (?:the )?(?:rules|tos|terms)|violat\w{0,5}|report (?:or|it|him|her)"
        r"|what are my options|(?:can|could|should) i open a dispute|is it ok(?:ay)? to",
    ),
    (
        QuestionKind.IMPACT,
        r"(?:hurt|affect|impact|lower|drop|damage|ruin|tank|kill|harm|change|reduce|decrease"
        r"|help|raise|touch)\w{0,3} (?:me\b|us\b|(?:my |the |our )?(?:jss|job success|score|badge"
        r"|\d))"
        r"|what (?:will|would|happens|does this do)|how (?:much|bad|badly|many points)"
        r"|(?:effect|impact) on|will (?:it|this|that|they) (?:count|matter|hurt|affect|show"
        r"|push)|does (?:it|this|that|(?:his|her|their|the|this|that) (?:review|feedback"
        r"|rating)) (?:still )?(?:count|matter)|(?:lose|keep) (?:the |my )?(?:badge|top rated|tr)"
        r"|safe to|a problem|will (?:it|my (?:jss|score)) (?:come|go) back"
        r"|where does (?:that|this|it) leave me",
    ),
)
OPENING = 3
"""Characters the cues are told apart by before any is tried."""


def _opens(cue: str) -> frozenset[str] | None:
    """How the cue's matches open (`openings`); None when not worked out, or when a match
    may be empty (it opens anywhere)."""
    found = openings(cue, OPENING)
    return None if found is None or "" in found else found


_OPENS = tuple(_opens(cue) for _, cue in QUESTION_CUES)


def _any_opening() -> str:
    """A pattern of every cue's openings, grouped by first character: the engine tries the
    openings of the one group whose character is there, where a flat alternation tries
    each opening in turn."""
    every = set().union(*(opens for opens in _OPENS if opens is not None))
    by_first: dict[str, list[str]] = {}
    for opening in sorted(every, key=len, reverse=True):
        by_first.setdefault(opening[0], []).append(re.escape(opening[1:]))
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in by_first.items())


@cache
def _any_cue() -> tuple[re.Pattern[str], dict[int, int]]:
    """Every cue at once, and the rank of the cue each of its tags ends: a match is empty,
    where a cue begins (no word character before it), and its last group is the tag of
    the first cue, in rank order, that matches there. Where no cue may open (most words),
    the openings turn the place down before any cue is tried. Compiled when first needed."""
    everywhere = any(opens is None for opens in _OPENS)
    gate = "" if everywhere else f"(?={_any_opening()})"
    cues = "|".join(f"(?:{cue})(?P<r{rank}>)" for rank, (_, cue) in enumerate(QUESTION_CUES))
    pattern = re.compile(rf"(?<!\w){gate}(?=(?:{cues}))")
    return pattern, {pattern.groupindex[f"r{rank}"]: rank for rank in range(len(QUESTION_CUES))}


@dataclass(frozen=True)
class CueMap:
    """Where question cues begin in a text, left to right, and at each place the rank of
    the first cue (in `QUESTION_CUES`) that begins there."""

    places: list[int]
    ranks: list[int]

    def kind_between(self, start: int, end: int) -> QuestionKind | None:
        """The kind of the first cue, by rank, that begins between `start` and `end`."""
        low, high = bisect_left(self.places, start), bisect_left(self.places, end)
        return QUESTION_CUES[min(self.ranks[low:high])][0] if high > low else None


def cue_map(text: str, end: int | None = None) -> CueMap:
    """The cues of `text`, up to `end`, found in one pass over it.

    A cue never holds a sentence's end mark, so a cue found in the whole text lies
    within one sentence, and is the one a search of that sentence alone finds."""
    pattern, rank_of = _any_cue()
    places: list[int] = []
    ranks: list[int] = []
    for match in pattern.finditer(text, 0, len(text) if end is None else end):
        places.append(match.start())
        ranks.append(rank_of[match.lastindex or 0])
    return CueMap(places, ranks)


KIND_INTENTS: dict[QuestionKind, Intent] = {QuestionKind.RECOVERY: Intent.RECOVER}
"""What asking a kind of question says the member wants."""
# A statement that is a question in all but its mark.
_WONDERING = re.compile(r"\b(?:i )?(?:wonder(?:ed|ing)?|not sure) (?:if|whether|why)\b")
_ORDER = [kind for kind, _ in QUESTION_CUES]


@dataclass
class Asked:
    """The kinds each sentence of a post asks, settled into the one question asked."""

    questions: list[QuestionKind] = field(default_factory=list)
    statements: list[QuestionKind] = field(default_factory=list)

    def read(self, text: str, start: int, end: int, question: bool, cues: CueMap) -> bool:
        """Note the kind the sentence of `text` from `start` to `end` asks, if any, by the
        text's `cues`; `question`: it ends with a question mark."""
        kind = cues.kind_between(start, end)
        if kind is None:
            return False
        if question or _WONDERING.search(text, start, end):
            self.questions.append(kind)
        else:
            self.statements.append(kind)
        return True

    def settle(self, has_score: bool | None) -> QuestionKind | None:
        """The questions' kind listed first, else the statements'; None leaves it to the facts.

        Without a score, why there is none and how to get one are questions of
        eligibility ("still no JSS. Why?")."""
        asked = self.questions or self.statements
        kind = min(asked, key=_ORDER.index) if asked else None
        if has_score is False and kind in {QuestionKind.DIAGNOSIS, QuestionKind.RECOVERY}:
            return QuestionKind.ELIGIBILITY
        return kind
