"""What happened around the contract, and what the member is asking.

Threats are read two ways: a direct word ("threatened", "blackmail"), or a
pressure phrase ("suggested", "would hurt us", "unless", "in exchange for")
in the same sentence as a feedback word, which is how indirect threats are
written. Unpaid extra scope is likewise a scope word plus an unpaid word.
Actions (dispute, refund, remove feedback, end the contract) are facts in a
statement and intents in a question ("should I open a dispute?").
"""

from __future__ import annotations

from advice.situation import Intent
from commands.parsing.kinds import Kind

_NEG = (
    r"(?:not|never|hasn't|has not|didn't|did not|won't|will not|doesn't|does not|refuses? to"
    r"|refused to|refusing to)"
)

EVENT_CUES: tuple[tuple[Kind, str], ...] = (
    # "Is this extortion?", "is that a threat?": the member asks what to call it, which
    # says nothing was threatened (the words are read here, before the threat's).
    (
        Kind.ASKED_THREAT,
        r"(?:is|was) (?:this|that|it) (?:even |really |just )?(?:an? )?(?:extortion|blackmail"
        r"|threat|coercion|manipulation)",
    ),
    (
        Kind.THREAT,
        r"threat\w{0,6}|blackmail\w{0,4}|extort\w{0,6}|coerc\w{0,6}|intimidat\w{0,5}"
        r"|hold\w{0,3} (?:the |a |my )?(?:review|feedback|rating) (?:over|hostage)",
    ),
    (
        Kind.PRESSURE,
        r"suggest\w{0,4}|hint\w{0,4}|impl(?:ied|ies|y|ying)|warn\w{0,4}|remind\w{0,4}"
        r"|(?:would|could|might|will|'ll|can) (?:really )?(?:hurt|damage|harm|ruin|affect|tank"
        r"|kill)"
        r"|or else|otherwise|unless|in exchange for|in return for|as long as|depends? on"
        r"|or (?:he|she|they|i|you|we)(?:'ll|'m|'s| will| is| am| would)? (?:leave|leaves|leaving"
        r"|give|gives|giving|write|writes|see|reconsider|end|close|closes|post|rate)"
        r"|if (?:i|we) (?:don't|do not|didn't|did not|refuse|won't|will not|can't|cannot|say no"
        r"|not)",
    ),
    # "He said he'd leave 2 stars": feedback announced, to expect (a threat only with a demand).
    (
        Kind.PROMISE,
        r"(?:said|told me|says?|mentioned) (?:that )?(?:he|she|they|the client)(?:'d| would"
        r"| will|'ll)? (?:leave|give|write)s?",
    ),
    (
        Kind.SCOPE_FREE,
        r"scope creep|(?:for )?free (?:work|revisions?|changes|features?)"
        r"|work(?:ing)? (?:for )?free"
        r"|unpaid (?:extra |additional )?(?:work|scope|tasks?|features?|revisions?|changes)"
        r"|(?:not|n't|never) (?:in|part of) (?:the )?(?:scope|brief|contract|agreement)",
    ),
    (
        Kind.SCOPE,
        r"(?:extra|additional|more|new|out[- ]of[- ]scope|bonus) (?:[a-z]{1,12} )?(?:work|scope"
        r"|features?|tasks?|revisions?|pages?|changes|deliverables|sections?|rounds?|versions?)"
        r"|beyond (?:the )?scope|outside (?:the )?scope|(?:redo|rework|redesign)\w{0,3}"
        r"|add(?:ing)? (?:[a-z]{1,12} ){0,2}(?:features?|pages?|tasks?|work|screens?|revisions?"
        r"|sections?|versions?)",
    ),
    (
        Kind.UNPAID,
        rf"without (?:extra |additional |any )?pay\w{{0,3}}|for free|unpaid|free of charge"
        rf"|for the same (?:price|budget|money|amount)|at no (?:extra )?(?:cost|charge)"
        rf"|{_NEG} (?:to )?pay\w{{0,3}}|no (?:extra|additional) (?:pay|payment|money|budget)",
    ),
    (
        Kind.MS_UNRELEASED,
        rf"funded but (?:not|never) released|{_NEG} (?:yet )?(?:been )?releas\w{{0,4}}|unreleased"
        # Money said to sit in escrow: funded, and not said to be released.
        r"|(?:it|milestone)(?:'s| is| was) (?:already |fully )?funded(?! and (?:paid|released))",
    ),
    (
        Kind.MS_UNFUNDED,
        rf"unfunded|{_NEG} (?:yet )?(?:been )?fund\w{{0,3}}|no (?:funded )?milestones?"
        r"|(?:nothing|no money|no funds) in escrow|escrow (?:is )?empty",
    ),
    (Kind.REINSTATED, r"reinstated|unsuspended|unbanned|back on (?:upwork|the platform)|restored"),
    (Kind.SUSPENDED, r"suspended|banned|deactivated|flagged|removed from (?:upwork|the platform)"),
    (Kind.SELF, r"my (?:account|profile)|i (?:was|got|am|have been) (?:suspended|banned|flagged)"),
    (
        Kind.UNRESPONSIVE,
        r"unresponsive|(?:not|stopped|isn't|is not|wasn't|was not|never|no longer) (?:responding"
        r"|replying"
        r"|answering"
        r"|communicating)|ghost\w{0,3}|disappeared|vanished"
        r"|(?:went|gone|going|go) (?:\w+ly )?(?:silent|quiet|dark|mia|awol)"
        r"|no (?:response|reply|answer|contact|communication)|radio silence"
        r"|(?:can't|cannot|couldn't|can not) (?:reach|contact|get hold of)"
        r"|(?:doesn't|does not|don't|won't|didn't|did not|hasn't|has not) (?:\w+ or )?(?:respond"
        r"|reply|answer)\w{0,3}|(?:client|he|she|they) (?:is |has been |went |been )?silent",
    ),
    # "No new feedback at all": what did not happen, said of no contract.
    (
        Kind.NOTHING_NEW,
        r"no new (?:feedback|reviews?|ratings?|negatives?|contracts?|jobs?)|nothing new"
        r"|nothing (?:has )?changed",
    ),
    (
        Kind.UNVERIFIED,
        r"(?:payment(?: method)?|card|account) (?:is |was )?(?:not|isn't|never|un)[- ]?verified"
        r"|unverified (?:payment|client|card|account)|(?:0|no|zero) (?:previous |prior )?hires"
        r"|(?:before|without) (?:he|she|they|the client) (?:adds?|verif\w{1,4}) (?:a|his|her|their)"
        r" (?:card|payment)",
    ),
    # A partial refund leaves a paid contract: it must not read as a full one.
    (
        Kind.REFUND_PARTIAL,
        r"(?:(?:i|we) (?:gave|issued|sent|made|did) (?:(?:the client|him|her|them) )?(?:a |the )?"
        r"|a |the )?partial refund|partially refunded|(?:i|we) refunded (?:only )?(?:part|half"
        r"|some|a part|a portion)(?: of (?:it|the (?:money|payment|amount)))?",
    ),
    (
        Kind.REFUNDED,
        r"(?:got|gets|received|was given) (?:a |the )?(?:full )?refund"
        r"|(?:i|we) refunded|(?:i|we) (?:gave|issued|sent|made|did) (?:(?:the client|him|her"
        r"|them) )?(?:a |the )?(?:full )?refund|(?:was|got|been|fully) refunded|chargeback"
        r"|charged back",
    ),
    (Kind.REFUND_WORD, r"refund\w{0,3}|money back"),
    (
        Kind.DISPUTED,
        r"in (?:a |the )?dispute|disputed|(?:opened|filed|started|raised|lost|won) (?:a |the )?"
        r"dispute|dispute (?:is|was) (?:open|opened|filed|ongoing)|in mediation|in arbitration",
    ),
    (Kind.DISPUTE_WORD, r"disput\w{0,4}|mediation|arbitration"),
    (
        Kind.FB_REMOVED,
        r"(?:feedback|review|rating) (?:was |got |has been )?removed"
        r"|removed (?:the|his|her|their|that) (?:feedback|review|rating)",
    ),
    (
        Kind.REMOVE_FB,
        r"(?:remove|delete|take down|get rid of|erase|appeal|report|hide)(?: the| this| that"
        r"| my| his| her| their)?"
        r"(?: bad| negative| unfair)? (?:feedback|review|rating)"
        r"|report (?:him|her|them|the client|this client)",
    ),
    # Evidence: "not in writing" comes first so "in writing" inside it does not win.
    (
        Kind.VERBAL,
        r"not in writing|(?:on|over|during|in) (?:a |the )?(?:video |voice |zoom |phone |skype "
        r"|teams |meet |google meet )?(?:call|meeting)|verbally|on the phone|over the phone|on zoom"
        r"|on skype|in person|out loud",
    ),
    (
        Kind.WRITTEN,
        r"in writing|written|(?:via|by|through|over) (?:upwork )?(?:chat|messages?|e-?mail|text)"
        r"|screenshots?|in (?:an )?e-?mail|(?:wrote|messaged|texted)",
    ),
    # Where words were exchanged, not that they were written ("he's careful in the chat"):
    # evidence in writing only when nothing else is said of it.
    (
        Kind.IN_CHAT,
        r"in (?:the )?(?:upwork )?(?:chat|messages?|message room|messenger|message thread|inbox)"
        r"|on (?:upwork )?(?:chat|messages?)",
    ),
    # Work, payment or feedback offered outside the platform (circumvention).
    (
        Kind.OFF_PLATFORM,
        r"off (?:the )?(?:platform|upwork|site)|outside (?:of )?(?:upwork|the platform|the site)"
        r"|(?:pay|paid|paying|continue|work|working|move|moving|take|taking) (?:me |us |you "
        r"|it |the work |this |with (?:me|us|you) )?(?:directly|outside|off[- ]platform)"
        r"|no (?:more )?upwork|direct (?:payments?|pay|transfers?|deals?)"
        r"|(?:via|through|by|over|on) (?:paypal|payoneer|wise|venmo|zelle|crypto|bank transfer"
        r"|wire transfer|whatsapp|telegram)",
    ),
    # What the member asks.
    (
        Kind.ACT_END,
        r"(?:end|close|cancel|terminate|wrap up)(?:ing)?(?= (?:the |this |that |my |our |a )?"
        r"(?:\$?[0-9][0-9,.]*k? )?(?:contract|job|project|it|them|this one|one)\b)"
        r"|(?:if|should|can|could|shall) (?:i|we|he|she|they|the client) (?:just )?(?:end|close"
        r"|cancel|terminate)|(?:end|close|cancel) (?:it |them |one )?first"
        r"|(?:wants?|going|plans?|planning|asked me|asks me) to (?:end|close"
        r"|cancel)|safe to (?:end|close|cancel)",
    ),
    (
        Kind.IMPACT,
        r"(?:hurt|affect|impact|lower|drop|damage|ruin|tank|kill|harm|change|reduce|decrease|"
        r"help|raise)\w{0,3} (?:my |the |our )?(?:jss|job success|score)|what (?:will|would"
        r"|happens)"
        r"|how (?:much|bad|badly|many points)|(?:effect|impact) on (?:my |the )?(?:jss|score"
        r"|job success)"
        r"|will (?:it|this|that) (?:count|matter|hurt|affect|show)|does (?:it|this"
        r"|that) (?:count|matter)"
        r"|(?:will|would) i (?:get|have|lose|keep) (?:a |my )?(?:jss|score)",
    ),
    (
        Kind.USE_PERK,
        r"(?:use|using|apply|claim) (?:the |my "
        r"|a )?(?:top[- ]?rated )?(?:feedback[- ]removal )?perk",
    ),
    (
        Kind.RECOVER,
        r"recover\w{0,3}|(?:raise|improve|boost|increase|fix|rebuild|repair|restore|bring up"
        r"|get back|push)"
        r" (?:my |the )?(?:jss|job success|score)|get (?:my )?(?:jss|score) back",
    ),
    # A story told as a what-if: its events did not happen.
    (
        Kind.HYPOTHETICAL,
        r"what if|hypothetical\w{0,4}|in general|general question|nothing (?:has )?happened"
        r"|if (?:a|any|some) client (?:ever )?",
    ),
    # "Can I use it again?" after the perk was named: a question about the perk.
    (Kind.USE_IT, r"(?:use|using|apply) it(?: again)?|remove (?:it|this one|that one)"),
    (
        Kind.ASK,
        r"should i|shall i|can i|could i|do i|would it|is it (?:better|worth|wise|ok|okay|possible)"
        r"|what (?:should|can|do) i|whether (?:to|i)|want to|thinking (?:of|about)|planning to"
        r"|considering|how (?:do|can|should) i|better to|worth it|any advice",
    ),
)

# Events set whenever their cue is read, in a question or not.
EVENT_FLAGS: dict[Kind, str] = {
    Kind.OFF_PLATFORM: "off_platform_offer",
    Kind.MS_UNRELEASED: "milestone_unreleased",
    Kind.MS_UNFUNDED: "milestone_unfunded",
    Kind.UNRESPONSIVE: "client_unresponsive",
    Kind.UNVERIFIED: "client_unverified",
    Kind.REINSTATED: "client_reinstated",
}

# Intents read from their cue wherever it appears.
DIRECT_INTENTS: dict[Kind, Intent] = {
    Kind.IMPACT: Intent.IMPACT,
    Kind.USE_PERK: Intent.USE_PERK,
    Kind.RECOVER: Intent.RECOVER,
    Kind.REACH_TR: Intent.REACH_TOP_RATED,
    Kind.KEEP_TR: Intent.REACH_TOP_RATED,
    Kind.LOST_TR: Intent.REACH_TOP_RATED,
}

# Actions: an intent in a question, a fact about the contract in a statement.
ACTION_INTENTS: dict[Kind, Intent] = {
    Kind.ACT_END: Intent.END_CONTRACT,
    Kind.REFUND_WORD: Intent.REFUND,
    Kind.DISPUTE_WORD: Intent.DISPUTE,
    Kind.DISPUTED: Intent.DISPUTE,
    Kind.REMOVE_FB: Intent.REMOVE_FEEDBACK,
    Kind.FB_REMOVED: Intent.REMOVE_FEEDBACK,
}
