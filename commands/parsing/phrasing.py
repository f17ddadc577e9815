"""Small turns of wording that decide which contract a fact belongs to, or what it is.

Each looks only at the text and its tokens: whether "2500" is an amount, "$2,000 on
another job" (the amount is the next contract's), "I closed 3 contracts" (the status
is the group's), "$1,000 each", "$60,000 in total", "refunded $200 of $600".
"""

from __future__ import annotations

import re

from commands.parsing.kinds import Kind
from commands.parsing.lexer import Token
from commands.parsing.money import parts_value

REVIEWISH = frozenset(
    {
        Kind.FB_NEG,
        Kind.FB_POS,
        Kind.FB_NEG_PRIVATE,
        Kind.FB_GIVEN,
        Kind.REVIEW_WORD,
        Kind.STARS,
        Kind.RATING,
        Kind.FB_NONE,
    }
)
"""Tokens that speak of feedback or a review."""

# "$2,000 on another job", "$5,000 from another client": the amount belongs to
# the contract named just after it.
_AMOUNT_OF_NEXT = re.compile(r" (?:on|from|with|for|in|at|through|via|by|of) ")
_FACT_TO_GROUP = re.compile(
    r" (?:(?:on|for|of|with) )?(?:(?:any|all|each|both|none) of )?(?:my |the |all |these |those )?"
)
_SAID_OF_GROUPS = frozenset(
    {Kind.ST_ENDED, Kind.ST_OPEN, Kind.FB_PENDING, Kind.FB_NONE, Kind.FB_GIVEN}
)
_EACH = re.compile(r" (?:each|apiece|a piece|per (?:contract|job|project))\b")
# "two open contracts with $0": one amount said of a plural group is every member's,
# unless a list of amounts follows ("contracts with $5,600, $2,500 and $10,000").
_GROUP_WITH = re.compile(
    r"(?:contracts|jobs|projects|gigs) (?:both |all )?(?:with|at) (?:only |just )?$"
)
_AMOUNT_LIST = re.compile(r"(?:,| and| or| to|-) ?\$")
# "$60,000 in total" said of a group is no one contract's earnings.
_IS_TOTAL = re.compile(
    r" (?:(?:earned|made|billed|paid) )?(?:in total|total|altogether|combined|overall|in all"
    r"|all together|lifetime)\b"
)
_CAREER = re.compile(
    r"\b(?:years? on (?:here|upwork|the platform)|on (?:here|upwork) since|lifetime|all[- ]time"
    r"|career|in my (?:\w+ )?years|since (?:19|20)[0-9]{2})\b"
)
_OF_ONE = re.compile(
    r" (?:on|from|for|with) (?:this|the|that|my|our) (?:contract|job|project|client)"
)
_REFUNDED_TO = re.compile(r" (?:the client |him |her |them )?")
# A plain number is an amount only after words like these ("earned 2500")...
_EARN_BEFORE = re.compile(
    r"(?:earned|earning|paid|made|worth|billed|received|got|totaling|totalling|total|budget"
    r"|value|of|for|at) ?$"
)
# ...or next in a list of amounts ("$5,600, 2500 and 900").
_LIST_GAP = re.compile(r"^ ?(?:,|, and|and|&|/|\+)? ?$")
MIN_PLAIN_AMOUNT = 20.0
"""Plain numbers below this are counts, not dollars, even next to an earning word."""


def plain_amount(text: str, tok: Token, previous: Token | None) -> bool:
    """Whether a number without $ is an amount: after an earning word or another amount."""
    if tok.kind == Kind.YEAR and tok.parts.get("pre"):
        return False
    value = parts_value(tok.parts) if tok.kind == Kind.NUMBER else float(tok.parts.get("y") or 0)
    if value < MIN_PLAIN_AMOUNT:
        return False
    before = text[max(0, tok.start - 14) : tok.start]
    after_amount = previous is not None and _LIST_GAP.match(text[previous.end : tok.start])
    return bool(after_amount or _EARN_BEFORE.search(before))


# "2 jobs from 2 different clients": a count of the clients of contracts just named.
_OF_CLIENTS = re.compile(r"(?:from|with|for|by) $")


# "you only need 2 clients", "at least 4 jobs": a rule of the platform, no contracts.
_REQUIREMENT = re.compile(r"(?:need|needs|needed|require[sd]?|at least|minimum of) (?:only )?$")


def states_a_requirement(text: str, header: Token) -> bool:
    """Whether a header is a count the rules ask for ("you only need 2 clients")."""
    return bool(_REQUIREMENT.search(text, max(0, header.start - 16), header.start))


def describes_clients(text: str, header: Token) -> bool:
    """Whether a header counts the clients of the contracts named before it."""
    return header.text.endswith(("clients", "buyers")) and bool(
        _OF_CLIENTS.search(text, max(0, header.start - 6), header.start)
    )


def amount_of_next(text: str, amount: Token, cue: Token) -> bool:
    """Whether `amount` is said of the contract `cue` names next ("$2,000 on another job")."""
    return (
        cue.kind == Kind.ANOTHER
        and _AMOUNT_OF_NEXT.fullmatch(text, amount.end, cue.start) is not None
    )


def said_of_next(text: str, toks: list[Token], i: int) -> bool:
    """Whether the fact `toks[i]` is said of the group named right after it ("I closed 3
    contracts", "no feedback yet on any of my 3 open contracts")."""
    return (
        toks[i].kind in _SAID_OF_GROUPS
        and i + 1 < len(toks)
        and toks[i + 1].kind == Kind.HEADER
        and _FACT_TO_GROUP.fullmatch(text, toks[i].end, toks[i + 1].start) is not None
    )


def is_each(text: str, amount: Token) -> bool:
    """'$1,000 each', 'two contracts with $0': the amount of every contract of a group."""
    if _EACH.match(text, amount.end) is not None:
        return True
    said_of_group = _GROUP_WITH.search(text, max(0, amount.start - 40), amount.start)
    return said_of_group is not None and _AMOUNT_LIST.match(text, amount.end) is None


def career_total(text: str, amount: Token) -> bool:
    """'Six years on here, around $180k earned in total': all the member has earned, not
    the contract in question's ('about $16,000 total' on its own is that one's)."""
    return _CAREER.search(text, max(0, amount.start - 60), amount.start) is not None


# "$5,200 earned this year": what the member earned over a period, no one contract's.
_OVER_A_PERIOD = re.compile(
    r" (?:(?:earned|made|billed|in earnings) )?(?:this year|last year|so far this year"
    r"|in the (?:last|past) (?:12 months|twelve months|year))\b"
)


def over_a_period(text: str, amount: Token) -> bool:
    """'$5,200 earned this year': the member's earnings over a period."""
    return amount.kind == Kind.MONEY and _OVER_A_PERIOD.match(text, amount.end) is not None


def is_total(text: str, amount: Token) -> bool:
    """'$60,000 in total': the sum of several contracts ('$45k in total on this
    contract' is one contract's)."""
    total = _IS_TOTAL.match(text, amount.end) if amount.kind == Kind.MONEY else None
    return total is not None and _OF_ONE.match(text, total.end()) is None


def partial_refunds(text: str, toks: list[Token]) -> dict[int, float | None]:
    """Tokens of "refunded $200 of $600": the cue and the part refunded map to None
    (read, nothing to set), the whole to what the contract kept."""
    found: dict[int, float | None] = {}
    for i, cue in enumerate(toks):
        if cue.kind != Kind.REFUNDED:
            continue
        # "the client" between the cue and the amounts is a noun token of its own.
        j = next((j for j in range(i + 1, len(toks)) if toks[j].kind != Kind.NOUN), len(toks))
        if j + 1 >= len(toks):
            continue
        part, whole = toks[j], toks[j + 1]
        if not (
            part.kind == Kind.MONEY
            and whole.kind == Kind.MONEY
            and _REFUNDED_TO.fullmatch(text, cue.end, part.start)
            and text[part.end : whole.start] == " of "
        ):
            continue
        refunded, paid = parts_value(part.parts), parts_value(whole.parts)
        if refunded < paid:
            kept = round(paid - refunded, 2)
            found.update({i: None, **dict.fromkeys(range(i + 1, j + 1)), j + 1: kept})
    return found


def score_value(tok: Token) -> float:
    """The number of a stars, star-run or rating token ("4.5 stars", "⭐⭐⭐", "9/10")."""
    return float(len(tok.text)) if tok.kind == Kind.STAR_RUN else parts_value(tok.parts)
