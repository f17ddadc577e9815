"""The member's standing: badge, shown JSS, and the Top Rated feedback-removal perk."""

from __future__ import annotations

from advice.situation import Badge
from commands.parsing.kinds import Kind

_TR = r"top[- ]?rated"

# Order matters: at the same place the first pattern wins, so negations and
# "plus" come before the plain badge, and wishes ("reach Top Rated") before both.
STATUS_CUES: tuple[tuple[Kind, str], ...] = (
    (
        Kind.REACH_TR,
        rf"(?:reach|get|become|earn|achieve|regain|get back|qualify for|make) (?:the )?{_TR}"
        # "I'm not Top Rated yet": still to come, and wanted (the "not" before it is read
        # on its own as no badge).
        r"|(?:(?<=not top rated )|(?<=not top-rated )|(?<=not toprated )|(?<=not tr ))yet\b",
    ),
    (
        Kind.KEEP_TR,
        rf"(?:keep|lose|loose|losing|retain|maintain) (?:my |the )?(?:{_TR}|trs?\b|badge)"
        r"(?: status| badge)?",
    ),
    (Kind.LOST_TR, rf"lost (?:my |the )?(?:{_TR}|trs?\b)(?: status| badge)?"),
    (
        Kind.BADGE_NONE,
        rf"not (?:yet |even )?(?:a )?(?:{_TR}|trs?\b)|no (?:badge|{_TR})"
        rf"|lost (?:my |the )?(?:{_TR}|badge)"
        rf"|without (?:a |the )?(?:badge|{_TR})|don't have (?:a |the )?(?:badge|{_TR})",
    ),
    (Kind.BADGE_TRPLUS, rf"{_TR}(?: plus| \+|\+)|trs?\+"),
    (Kind.BADGE_TR_LOW, rf"(?:lower|bottom|low) (?:part|end|edge|side) of {_TR}"),
    (Kind.BADGE_TR, rf"{_TR}|\btrs?\b"),
    (Kind.BADGE_RISING, r"rising[- ]talent"),
    (Kind.BADGE_EXPERT, r"expert[- ]vetted"),
    (
        Kind.NO_JSS,
        r"no (?:jss|job success score|score) yet|(?:don't|do not|doesn't|haven't|have not) "
        r"(?:have |got |get )?(?:a |any |my )?(?:jss|job success score)(?: yet)?"
        r"|no (?:jss|job success score)"
        r"|jss (?:just |has |is |still |suddenly )*(?:not shown|hidden|gone|disappeared|vanished)"
        # "My JSS (92%) disappeared": the score in between is read on its own.
        r"|jss(?= \([0-9]{1,3} ?%?\) (?:just |has |suddenly )*(?:disappeared|vanished|is gone))"
        r"|(?:doesn't|does not|don't|do not) show (?:a |any |my )?(?:jss|job success score)"
        r"|jss (?:still )?(?:hasn't|has not|didn't|did not|doesn't|does not|isn't|is not) "
        r"(?:show(?:n|ing)? up|appear(?:ed|ing)?|show(?:n|ing)?)"
        # "When will I see a JSS?" asks for a first score: the member has none yet.
        r"|when (?:will|do|would|can) i (?:get|see|have|receive) (?:a|my first) (?:jss|score)",
    ),
    (Kind.JSS_WORD, r"jss|job success(?: score)?|success score|my score"),
    (
        Kind.PERK_USED,
        r"(?:used|applied|spent|claimed) (?:the |my |a )?(?:top[- ]?rated )?"
        r"(?:feedback[- ]removal )?perk|perk (?:was |got |has been )?used",
    ),
    (Kind.PERK_WORD, r"perk"),
    (Kind.SINCE_PERK, r"since (?:then|the perk|i used it|using it|the last perk)"),
)

BADGES: dict[Kind, Badge] = {
    Kind.KEEP_TR: Badge.TOP_RATED,
    Kind.LOST_TR: Badge.NONE,
    Kind.BADGE_NONE: Badge.NONE,
    Kind.BADGE_TRPLUS: Badge.TOP_RATED_PLUS,
    Kind.BADGE_TR_LOW: Badge.TOP_RATED,
    Kind.BADGE_TR: Badge.TOP_RATED,
    Kind.BADGE_RISING: Badge.RISING_TALENT,
    Kind.BADGE_EXPERT: Badge.EXPERT_VETTED,
}

BADGE_NAMES: dict[Badge, str] = {
    Badge.NONE: "no badge (not Top Rated)",
    Badge.RISING_TALENT: "Rising Talent",
    Badge.TOP_RATED: "Top Rated",
    Badge.TOP_RATED_PLUS: "Top Rated Plus",
    Badge.EXPERT_VETTED: "Expert-Vetted",
}
