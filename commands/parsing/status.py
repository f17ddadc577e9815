"""The member's standing: badge, shown JSS, and the Top Rated feedback-removal perk."""

from __future__ import annotations

from advice.situation import Badge

_TR = r"top[- ]?rated"

# Order matters: at the same place the first pattern wins, so negations and
# "plus" come before the plain badge, and wishes ("reach Top Rated") before both.
STATUS_CUES: tuple[tuple[str, str], ...] = (
    (
        "reach_tr",
        rf"(?:reach|get|become|earn|achieve|regain|get back|qualify for|make) (?:the )?{_TR}",
    ),
    (
        "keep_tr",
        rf"(?:keep|lose|loose|losing|retain|maintain) (?:my |the )?(?:{_TR}|trs?\b|badge)"
        r"(?: status| badge)?",
    ),
    ("lost_tr", rf"lost (?:my |the )?(?:{_TR}|trs?\b)(?: status| badge)?"),
    (
        "badge_none",
        rf"not (?:yet |even )?(?:a )?(?:{_TR}|trs?\b)|no (?:badge|{_TR})"
        rf"|lost (?:my |the )?(?:{_TR}|badge)"
        rf"|without (?:a |the )?(?:badge|{_TR})|don't have (?:a |the )?(?:badge|{_TR})",
    ),
    ("badge_trplus", rf"{_TR}(?: plus| \+|\+)|trs?\+"),
    ("badge_tr_low", rf"(?:lower|bottom|low) (?:part|end|edge|side) of {_TR}"),
    ("badge_tr", rf"{_TR}|\btrs?\b"),
    ("badge_rising", r"rising[- ]talent"),
    ("badge_expert", r"expert[- ]vetted"),
    (
        "no_jss",
        r"no (?:jss|job success score|score) yet|(?:don't|do not|doesn't|haven't|have not) "
        r"(?:have |got |get )?(?:a |any |my )?(?:jss|job success score)(?: yet)?"
        r"|no (?:jss|job success score)"
        r"|jss (?:just |has |is |still |suddenly )*(?:not shown|hidden|gone|disappeared|vanished)"
        r"|jss (?:still )?(?:hasn't|has not|didn't|did not|doesn't|does not|isn't|is not) "
        r"(?:show(?:n|ing)? up|appear(?:ed|ing)?|show(?:n|ing)?)"
        # "When will I see a JSS?" asks for a first score: the member has none yet.
        r"|when (?:will|do|would|can) i (?:get|see|have|receive) (?:a|my first) (?:jss|score)",
    ),
    ("jss_word", r"jss|job success(?: score)?|success score|my score"),
    (
        "perk_used",
        r"(?:used|applied|spent|claimed) (?:the |my |a )?(?:top[- ]?rated )?"
        r"(?:feedback[- ]removal )?perk|perk (?:was |got |has been )?used",
    ),
    ("perk_word", r"perk"),
    ("since_perk", r"since (?:then|the perk|i used it|using it|the last perk)"),
)

BADGES: dict[str, Badge] = {
    "keep_tr": Badge.TOP_RATED,
    "lost_tr": Badge.NONE,
    "badge_none": Badge.NONE,
    "badge_trplus": Badge.TOP_RATED_PLUS,
    "badge_tr_low": Badge.TOP_RATED,
    "badge_tr": Badge.TOP_RATED,
    "badge_rising": Badge.RISING_TALENT,
    "badge_expert": Badge.EXPERT_VETTED,
}

BADGE_NAMES: dict[Badge, str] = {
    Badge.NONE: "no badge (not Top Rated)",
    Badge.RISING_TALENT: "Rising Talent",
    Badge.TOP_RATED: "Top Rated",
    Badge.TOP_RATED_PLUS: "Top Rated Plus",
    Badge.EXPERT_VETTED: "Expert-Vetted",
}
