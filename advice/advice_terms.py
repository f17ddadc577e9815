"""Advice on the Terms of Service: threats, off-platform offers, disputes, refunds, reviews."""

from __future__ import annotations

from advice.advice_spec import (
    CHANGE,
    COMMUNITY,
    FACTORS,
    OFFICIAL,
    OLD,
    TOS,
    AdviceSpec,
    Wording,
    intents,
    kinds,
)
from advice.conditions import (
    bad_public_review,
    money_held,
    off_platform,
    refund_relevant,
    scope_demand,
    suspension_matters,
    threat,
    vetting,
)
from advice.situation import Intent, QuestionKind

TERMS_ADVICE: tuple[AdviceSpec, ...] = (
    AdviceSpec(
        "off-platform-terms",
        off_platform,
        105,
        (
            Wording(
                "Decline the off-platform offer and report it",
                "Decline in writing and report it: your account, not just your score, is at risk.",
                "Taking the work, talk of payment or the payment itself off Upwork to avoid its "
                "fees breaks the Terms of Service (circumvention), whatever feedback is offered "
                "for it; the account, not just your {likely} score, can be suspended. Keep the "
                "offer in Upwork messages, say no there, and report it to support.",
                OFFICIAL,
                "Upwork Terms of Service (circumvention)",
            ),
        ),
        kinds=kinds(QuestionKind.TERMS),
    ),
    AdviceSpec(
        "report-extortion",
        threat,
        100,
        (
            Wording(
                "Report the threat to Upwork support",
                "Report the threat to support: a suspended client's feedback won't count.",
                "{q_client} {threat} on {q}: that is feedback manipulation. Report it to support; "
                "if the client is suspended their feedback does not count (up to {report_best}; "
                "likely {end_likely} if it counts).",
                OFFICIAL,
                TOS,
            ),
        ),
        intents(Intent.REMOVE_FEEDBACK, Intent.END_CONTRACT),
        kinds(QuestionKind.TERMS, QuestionKind.IMPACT),
    ),
    AdviceSpec(
        "evidence-in-writing",
        threat,
        95,
        (
            Wording(
                "Keep the evidence in Upwork messages",
                "Keep the threat in Upwork messages and take screenshots.",
                "What {q_client} {threat} is {evidence}. Keep it in Upwork messages and take "
                "screenshots; a threat made only on a call is hard to prove, so steer the talk "
                "back to Upwork messages before the feedback window closes {fb_close}.",
                OFFICIAL,
                TOS,
            ),
        ),
        kinds=kinds(QuestionKind.TERMS, QuestionKind.IMPACT),
    ),
    AdviceSpec(
        "dispute-get-paid",
        money_held,
        85,
        (
            Wording(
                "Get paid through the dispute process",
                "Ask for the held funds through Upwork's dispute process.",
                "{milestone} on {q} ({q_earnings} earned so far): ask for the funds through "
                "Upwork's dispute process; in practice the score reflects the feedback the "
                "client leaves, not the dispute itself.",
                OFFICIAL,
                FACTORS,
            ),
        ),
        intents(Intent.DISPUTE),
    ),
    AdviceSpec(
        "scope-change-new-milestone",
        scope_demand,
        80,
        (
            Wording(
                "Put extra scope in a new funded milestone",
                "Offer the extra work as a new funded milestone, never for a review.",
                "{q_client} wants work beyond the agreed scope of {q}: offer it as a new funded "
                "milestone; unpaid work for a review is feedback manipulation and earns nothing.",
                COMMUNITY,
                "Community forum advice on scope changes",
            ),
        ),
    ),
    AdviceSpec(
        "refund-effect",
        refund_relevant,
        72,
        (
            Wording(
                "What a refund does",
                "A full refund makes it a $0 contract; never refund for feedback.",
                "A full refund of {q_earnings} makes {q} a $0 contract: only negative feedback "
                "would count, as 1 job instead of {q_weight} (likely {refund_likely}). "
                "Refunding in exchange for good feedback is feedback manipulation.",
                OFFICIAL,
                FACTORS,
                {"zero_earnings_excluded": True},
            ),
            Wording(
                "What a refund does",
                "A full refund makes it a $0 contract, which still counts if feedback is poor.",
                "A full refund of {q_earnings} makes {q} a $0 contract; under the {era} rules a "
                "$0 contract without good feedback still counts as a negative (likely "
                "{refund_likely}). Refunding in exchange for good feedback is feedback "
                "manipulation.",
                OLD,
                CHANGE,
                {"zero_earnings_excluded": False},
            ),
        ),
        intents(Intent.REFUND),
    ),
    AdviceSpec(
        "reply-to-review",
        bad_public_review,
        69,
        (
            Wording(
                "Answer the review briefly and professionally",
                "Reply once, briefly and calmly; the review stays unless it breaks the Terms.",
                "A public review below 4.5 stars stays on your profile unless it breaks the "
                "Terms of Service (then report it, once). A short, professional reply under it "
                "shows future clients how you handle trouble; never argue there.",
                COMMUNITY,
                "Community forum advice on bad reviews; Help Center 'Feedback Removal'",
            ),
        ),
        intents(Intent.REMOVE_FEEDBACK),
    ),
    AdviceSpec(
        "suspended-client-excluded",
        suspension_matters,
        40,
        (
            Wording(
                "A suspended client's feedback does not count",
                "Feedback from a suspended client drops out without notice.",
                "Feedback from clients suspended or flagged for Terms of Service violations is "
                "excluded without notice (suspended here: {suspended}); if {q_client} is "
                "suspended, {q} drops out (likely {report_likely}).",
                OFFICIAL,
                FACTORS,
            ),
        ),
    ),
    AdviceSpec(
        "client-vetting",
        vetting,
        30,
        (
            Wording(
                "Vet clients before the next contract",
                "Before the next contract, check the client's history and hire rate.",
                "{q} reads as {q_reading} for now; before the next contract check the client's "
                "payment verification, hire rate and the feedback they give other freelancers.",
                COMMUNITY,
                "Community forum advice on client vetting",
            ),
        ),
    ),
)
