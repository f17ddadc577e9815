"""A synthetic case log for the storage bench: communities, weeks, tags, advice and
summaries spread as a live log's are, and the drafts that fill it in week order."""

from __future__ import annotations

import random
from datetime import date, timedelta

from storage.anonymize import IdHasher, new_case_id
from storage.interface import CaseDraft
from storage.summary import write_summary

HASHER = IdHasher(b"bench-secret-of-the-case-log-012")
FIRST_WEEK = date(2024, 1, 1)
WEEKS = 104
TAGS = {  # tag: share of cases carrying it
    "impact": 0.45, "end-contract": 0.30, "threat": 0.25, "zero-dollar": 0.20,
    "top-rated": 0.18, "open-contract": 0.12, "refund": 0.08, "dispute": 0.06,
    "no-score": 0.05, "dormant": 0.04, "feedback-removed": 0.03, "scope-demand": 0.02,
    "rising-talent": 0.02, "use-perk": 0.01, "unresponsive-client": 0.01,
}  # fmt: skip
ADVICE = [f"advice-{n:02d}" for n in range(24)]
RULESETS = ["2020", "2024", "2025"]
WORDS = ["threatened", "milestone", "refunded", "hourly", "pending", "negative", "unfunded"]


def sample_summaries(rng: random.Random, n: int = 400) -> list[str]:
    """Summaries the bot would write, from varied coarsened situations."""
    out = []
    for _ in range(n):
        contracts = [
            {
                "client": chr(65 + i),
                "earnings": rng.choice([0, 250, 1200, 5600, 10000]),
                "pay": rng.choice(["hourly", "fixed", "unknown"]),
                "status": rng.choice(["ended", "open"]),
                "feedback": rng.choice(["given", "pending", "none"]),
                "private_sentiment": rng.choice([None, "negative", "neutral"]),
                "refunded": rng.random() < 0.1,
                "in_question": i == 0,
            }
            for i in range(rng.randint(1, 6))
        ]
        situation = {
            "freelancer": {"badge": rng.choice(["top-rated", "none", None]), "shown_jss": 90},
            "contracts": contracts,
            "events": {
                "threat_of_bad_feedback": rng.random() < 0.25,
                "milestone_unfunded": rng.random() < 0.1,
                "client_unresponsive": rng.random() < 0.1,
            },
            "intents": rng.sample(["impact", "end-contract", "refund", "dispute"], 2),
        }
        estimate = {"shown": True, "likely": 85.0, "best": 90.0, "worst": 80.0}
        out.append(write_summary(situation, estimate, rng.sample(ADVICE, 2)))
    return out


COMMUNITIES = 50


def make_drafts(
    start: int, n: int, total: int, rng: random.Random, summaries: list[str]
) -> list[CaseDraft]:
    """Drafts start..start+n of a log of `total`, spread evenly over the weeks in week
    order (as a live log fills) and over the communities."""
    drafts = []
    for i in range(start, start + n):
        week = FIRST_WEEK + timedelta(weeks=(i * WEEKS) // max(total, 1))
        tags = tuple(tag for tag, share in TAGS.items() if rng.random() < share) or ("impact",)
        drafts.append(
            CaseDraft(
                case_id=new_case_id(),
                event_key=HASHER.event_key("bench", str(i)),
                created_week=week,
                platform="discord",
                channel_kind="slash",
                user_hash=HASHER.hash("user", str(rng.randrange(50_000))),
                channel_hash=HASHER.hash("channel", str(rng.randrange(500))),
                community_hash=community(rng.randrange(COMMUNITIES)),
                ruleset=rng.choice(RULESETS),
                situation={"contracts": [{"client": "A", "earnings": 5600}], "intents": ["impact"]},
                estimate={"shown": True, "likely": 85.0, "best": 90.0, "worst": 80.0},
                advice_ids=tuple(rng.sample(ADVICE, 3)),
                tags=tags,
                summary=rng.choice(summaries),
            )
        )
    return drafts


def community(n: int) -> str:
    return HASHER.hash("community", str(n))
