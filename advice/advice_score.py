"""Advice on the score itself: why it moved, the way back, timing, badges, the perk, $0 and
inactive contracts."""

from __future__ import annotations

from advice.advice_spec import (
    BIWEEKLY,
    CHANGE,
    COMMUNITY,
    DERIVED,
    JSS,
    NEW_RULES,
    OFFICIAL,
    OLD,
    OLD_RULES,
    AdviceSpec,
    Wording,
    intents,
    kinds,
)
from advice.conditions import (
    always,
    badge_at_risk,
    dormant,
    drop_to_explain,
    feedback_to_come,
    good_open_first,
    little_to_lose,
    no_feedback_rule,
    perk_era,
    perk_gone,
    question_zero,
    risky_to_end,
    thin_history,
    way_back,
)
from advice.situation import Intent, QuestionKind

SCORE_ADVICE: tuple[AdviceSpec, ...] = (
    AdviceSpec(
        "no-action-needed",
        little_to_lose,
        89,
        (
            Wording(
                "Nothing to do",
                "Nothing to do: at your history's size this moves your score a point at most.",
                "Your {start} rests on {history}; one more outcome of this size changes it by "
                "less than the rounding of the score you see (likely {likely}, worst {worst}).",
                DERIVED,
                JSS,
            ),
        ),
        kinds=kinds(QuestionKind.IMPACT),
    ),
    AdviceSpec(
        "drop-causes",
        drop_to_explain,
        92,
        (
            Wording(
                "What explains the drop",
                "Look on your Job Success insights page for the job that now counts as negative.",
                "{drop_reason} Causes that fit, most likely first: {causes}.",
                DERIVED,
                JSS,
                {"insights_page": True},
            ),
            Wording(
                "What explains the drop",
                "Compare your jobs' feedback with your My Stats page to find the new negative.",
                "{drop_reason} Causes that fit, most likely first: {causes}.",
                DERIVED,
                CHANGE,
                {"insights_page": False},
            ),
        ),
        kinds=kinds(QuestionKind.DIAGNOSIS),
    ),
    AdviceSpec(
        "min-history",
        thin_history,
        90,
        (
            Wording(
                "A score needs enough outcomes and clients",
                "I count {n24_words} in your 24-month window; each new client counts.",
                "Under the {era} rules a window needs {min_outcomes} counted outcomes from "
                "{min_clients} distinct clients; your 24-month window has {n24_words}, so "
                "{shown_text}.",
                OFFICIAL,
                "Help Center 'Why did my JSS disappear' (38437621837203)",
            ),
        ),
        kinds=kinds(QuestionKind.ELIGIBILITY),
    ),
    AdviceSpec(
        "recovery-plan",
        way_back,
        88,
        (
            Wording(
                "Your way back",
                "Finish good jobs: {recover_jobs}.",
                "With the score you have, {recover_jobs}. {recover_window_sentence}Every good "
                "job counts in every window at once; negatives only leave with time.",
                DERIVED,
                JSS,
            ),
        ),
        intents(Intent.RECOVER, Intent.REACH_TOP_RATED),
        kinds(QuestionKind.RECOVERY, QuestionKind.DIAGNOSIS, QuestionKind.TIMING),
    ),
    AdviceSpec(
        "cushion-first",
        risky_to_end,
        74,
        (
            Wording(
                "Build a cushion first; leave it open for now",
                "Leave it open while it does not count; finish good contracts first.",
                "An inactive contract counts against you only after months without activity "
                "under the {era} rules, so ending {q} now brings the risk forward. Leave it "
                "open, finish good contracts first so one negative costs less, then end it.",
                OLD,
                CHANGE,
                OLD_RULES,
                priority=84,
            ),
            Wording(
                "Build a cushion of good contracts first",
                "Finish good contracts before you end this one.",
                "Ending {q} may bring a negative (worst {end_worst}); every good contract that "
                "ends first makes that one negative weigh less.",
                COMMUNITY,
                "Community forum advice on ending contracts",
                NEW_RULES,
            ),
        ),
        intents(Intent.END_CONTRACT, Intent.DORMANT),
    ),
    AdviceSpec(
        "dormant-contract",
        dormant,
        78,
        (
            Wording(
                "Inactive contracts become counted",
                "End it or ask for a small payment before it is counted as a negative.",
                "{dormant}. Under the {era} rules an inactive contract with no earnings or no "
                "feedback can be counted against you after some months (the period is not "
                "published; community guess: 3-6 months). Updates come {cadence}; next: "
                "{next_update}.",
                OLD,
                CHANGE,
                OLD_RULES,
            ),
            Wording(
                "Close or revive dormant contracts",
                "Ending it without feedback leaves your score as it is; ask for a small payment "
                "to keep it alive.",
                "{dormant}. If it ends without feedback it does not count; a long-dormant "
                "contract may be counted (the period is not published; community guess: 3-6 "
                "months). Updates come {cadence}; next: {next_update}.",
                COMMUNITY,
                "Community forum threads on dormant contracts",
                NEW_RULES,
            ),
        ),
        intents(Intent.DORMANT),
        # A contract gone quiet is one of the causes a drop is diagnosed by.
        kinds(QuestionKind.DIAGNOSIS, QuestionKind.TIMING),
    ),
    AdviceSpec(
        "end-before-update",
        risky_to_end,
        76,
        (
            Wording(
                "End it shortly before a biweekly update",
                "If you end it, do so just before a Sunday update ({next_update}) and watch it.",
                "Under the {era} rules the score is recomputed every two weeks, on Sundays: a "
                "contract ended shortly before an update shows its effect at once, and you have "
                "two weeks to act (finish good contracts, ask for feedback) before the next one.",
                COMMUNITY,
                "Community forum advice on update timing",
                BIWEEKLY,
            ),
        ),
        intents(Intent.END_CONTRACT),
    ),
    AdviceSpec(
        "zero-earnings-weight",
        question_zero,
        75,
        (
            Wording(
                "A $0 contract can only count against you",
                "With $0 earned only negative feedback makes it count, as 1 job.",
                "With $0 earned, under the {era} rules only negative feedback makes {q} "
                "count, as 1 job against {t24_weight} in your 24-month window (worst "
                "{end_worst} if it ends with negative feedback, likely {end_likely}).",
                OFFICIAL,
                "Upwork Community 'Job size will now be factored into your JSS' (2020)",
                {"zero_earnings_excluded": True},
            ),
            Wording(
                "A $0 contract without good feedback counts as a negative",
                "Under the {era} rules a $0 contract without good feedback counts as a negative.",
                "With $0 earned on {q}: under the {era} rules a contract with no earnings counts "
                "as a negative outcome when it ends without feedback or with poor feedback "
                "(likely {end_likely}, worst {end_worst}); only positive feedback keeps it from "
                "hurting.",
                OLD,
                CHANGE,
                {"zero_earnings_excluded": False},
            ),
        ),
        kinds=kinds(QuestionKind.IMPACT),
    ),
    AdviceSpec(
        "perk-eligibility",
        perk_era,
        70,
        (
            Wording(
                "The Top Rated feedback-removal perk",
                "The Top Rated perk: {perk_short}.",
                "Under the {era} rules Top Rated freelancers could remove one ended contract "
                "every 3 months, after 10 completed contracts since the last use; for you "
                "({badge}): {perk_notes}.",
                OLD,
                "Help Center 'Top Rated Perk: Feedback Removal' (219801228)",
                {"perk_available": True},
            ),
        ),
        intents(Intent.USE_PERK, Intent.REMOVE_FEEDBACK),
    ),
    AdviceSpec(
        "perk-phased-out",
        perk_gone,
        70,
        (
            Wording(
                "The feedback-removal perk no longer exists",
                "The perk ended in 2024; only feedback breaking the Terms can be removed.",
                "As of {as_of} the Top Rated feedback-removal perk is gone (phased out "
                "2024-09-03); feedback on {q} can only be removed if it violates the Terms of "
                "Service (Report feedback, once, decided in about a week).",
                OFFICIAL,
                "Upwork Community 'Update to our talent reputation system' (2024)",
                {"perk_available": False},
            ),
        ),
        intents(Intent.USE_PERK, Intent.REMOVE_FEEDBACK),
    ),
    AdviceSpec(
        "badge-risk",
        badge_at_risk,
        68,
        (
            Wording(
                "Top Rated depends on the 90% line",
                "Top Rated needs 90% now and in 13 of the last 16 weeks.",
                "Top Rated needs 90% or more now and in 13 of the last 16 weeks plus $1,000 in "
                "12 months; your likely {likely} (worst {worst}) {line_status}; 12-month "
                "earnings: {earn12}.",
                OFFICIAL,
                "Help Center 'Top Rated' (211068468)",
            ),
        ),
        intents(Intent.REACH_TOP_RATED),
        kinds(QuestionKind.ELIGIBILITY),
    ),
    AdviceSpec(
        "close-good-contracts-first",
        good_open_first,
        65,
        (
            Wording(
                "Close your good contracts first",
                "Close your good open contracts before this one ends.",
                "You have {good_open}; closing them with positive feedback before {q} ends "
                "makes up to {good_weight} of positive feedback count (likely {close_likely} "
                "instead of {end_likely}).",
                COMMUNITY,
                "Community forum advice on ending contracts",
            ),
        ),
        intents(Intent.END_CONTRACT),
    ),
    AdviceSpec(
        "no-feedback-excluded",
        no_feedback_rule,
        60,
        (
            Wording(
                "No feedback means the contract does not count",
                "If it ends without feedback, it does not count at all.",
                "Since 2020-11-08 a contract that ends without feedback is excluded: if "
                "{q_client} leaves none, {q} does not count (likely {nofb_likely}); you have "
                "{nofb}.",
                OFFICIAL,
                "Upwork Community 'No-feedback contracts no longer impact JSS' (2020)",
                NEW_RULES,
            ),
        ),
        intents(Intent.END_CONTRACT),
    ),
    AdviceSpec(
        "who-leaves-feedback",
        feedback_to_come,
        55,
        (
            Wording(
                "Who is asked for feedback",
                "Whoever ends the contract is asked for feedback; the other need not give any.",
                "The party that ends the contract is prompted for feedback; the other is not "
                "required to leave any. {q_client} has {fb_until}, and feedback stays hidden "
                "until both submit.",
                OFFICIAL,
                "Help Center 'Leave feedback for your freelancer' (211062188)",
            ),
        ),
        intents(Intent.END_CONTRACT),
    ),
    AdviceSpec(
        "check-insights-page",
        always,
        10,
        (
            Wording(
                "Check Upwork's own figures",
                "Your Job Success insights page lists which jobs count.",
                "Upwork does not publish the formula: this estimate (likely {likely}, {range}) "
                "uses the {era} rules; the score updates {cadence} (next {next_update}). "
                "{authority}",
                OFFICIAL,
                "Help Center 'Job Success insights' (32389629156755)",
                {"insights_page": True},
            ),
            Wording(
                "Check Upwork's own figures",
                "Your My Stats page shows the score Upwork computed.",
                "Upwork does not publish the formula: this estimate (likely {likely}, {range}) "
                "uses the {era} rules; the score updates {cadence} (next {next_update}). "
                "{authority}",
                OFFICIAL,
                JSS,
                {"insights_page": False},
            ),
        ),
    ),
)
