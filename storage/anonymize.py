"""The one place where platform ids are hashed and cases are built from answers.

Nothing here ever sees the text a member typed: a case is made from the engine's
structured `Answer` and the adapter's `CaseOrigin`. Ids become keyed hashes,
amounts are rounded to two significant figures, dates fall to the Monday of their
week, client names become letters, and the summary is written from those
coarsened facts alone. Moderator notes are scrubbed in storage/scrub.py.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from advice.answer import Answer
from advice.situation import (
    Badge,
    Intent,
    Situation,
)
from storage.coarsen import coarsen_situation, week_of
from storage.interface import CaseDraft, CaseOrigin, CaseUpdate
from storage.summary import write_summary

SECRET_FILE = "case_hash_secret"

# Crockford's base32: digits and capitals without I, L, O and U, so an id read
# aloud or retyped from a screenshot cannot be confused.
CASE_ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Seven characters: 34 billion ids, so a log of millions of cases almost never has to
# give a new case another id than the one its answer already showed the member.
CASE_ID_LENGTH = 7
# Five characters was the first length; a very full log lengthens ids up to ten.
_CASE_ID_RE = re.compile(r"^C-[0-9A-HJKMNP-TV-Z]{5,10}$")
_BARE_LENGTHS = frozenset({5, CASE_ID_LENGTH})

_TAG_RE = re.compile(r"[^a-z0-9]+")


class IdHasher:
    """Keyed hashes of platform ids: the same id always gives the same hash, nobody
    without the secret can go back, and the kind is part of the key so a user and a
    channel sharing digits do not collide."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise ValueError("the case hash secret must be at least 16 bytes")
        self._secret = secret

    def hash(self, kind: str, raw: str) -> str:
        """HMAC-SHA256 of `raw` under `kind`, as 64 hex characters."""
        message = kind.encode() + b"\x00" + raw.encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def event_key(self, platform: str, event_id: str) -> str:
        """The idempotency key of one platform event (also what `seen()` is given)."""
        return self.hash("event", f"{platform}:{event_id}")


def load_or_create_secret(data_dir: Path) -> bytes:
    """The console default's hash secret: made once, kept owner-only, reused after.

    Losing it would orphan every stored case from its member (forget-me could no
    longer find them), so a damaged file is an error, never silently replaced.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / SECRET_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
        text = path.read_text(encoding="ascii").strip()
        try:
            secret = bytes.fromhex(text)
        except ValueError:
            secret = b""
        if len(secret) < 16:
            raise ValueError(
                f"{path} does not hold a valid case hash secret; restore it from a backup "
                "or set CASE_HASH_SECRET"
            ) from None
        return secret
    secret = secrets.token_bytes(32)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secret.hex() + "\n")
    return secret


def new_case_id(length: int = CASE_ID_LENGTH) -> str:
    """A fresh random case id like `C-7K2M9XQ`; the store retries on a collision."""
    return "C-" + "".join(secrets.choice(CASE_ID_ALPHABET) for _ in range(length))


def normalize_case_id(text: str) -> str | None:
    """A case id as a member may type it (`c-7k2m9xq`, `7K2M9XQ`, `C-7K2M9XO`) in canonical
    form, or None when it cannot be one. Crockford reads O as 0 and I, L as 1."""
    cleaned = text.strip().upper().replace(" ", "")
    if cleaned.startswith("C-"):
        cleaned = cleaned[2:]
    elif cleaned.startswith("C") and len(cleaned) == CASE_ID_LENGTH + 1:
        # "C7K2M9XQ": the usual length with the dash left out.
        cleaned = cleaned[1:]
    elif len(cleaned) not in _BARE_LENGTHS:
        # Without its "C", only an id of a length the bot gives out is taken for one,
        # so that an ordinary word is not.
        return None
    cleaned = cleaned.translate(str.maketrans("OIL", "011"))
    candidate = "C-" + cleaned
    return candidate if _CASE_ID_RE.match(candidate) else None


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Lower-case, dash-separated, de-duplicated tags in their first order."""
    seen: dict[str, None] = {}
    for tag in tags:
        cleaned = _TAG_RE.sub("-", tag.lower()).strip("-")[:40]
        if cleaned:
            seen.setdefault(cleaned, None)
    return tuple(seen)


def _label(value: str) -> str:
    """A platform or channel kind as a short plain word (they come from adapters, not members)."""
    cleaned = clean_tags([value])
    return cleaned[0] if cleaned else "unknown"


def derived_tags(situation: Situation) -> list[str]:
    """Tags moderators search by, read off the structured situation."""
    tags: list[str] = []
    asked = situation.in_question
    if any(contract.earnings == 0 for contract in situation.contracts):
        tags.append("zero-dollar")
    if situation.events.threat_of_bad_feedback:
        tags.append("threat")
    if situation.events.unpaid_scope_demand:
        tags.append("scope-demand")
    if situation.events.client_unresponsive:
        tags.append("unresponsive-client")
    if Intent.DORMANT in situation.intents:
        tags.append("dormant")
    if asked is not None and asked.is_open:
        tags.append("open-contract")
    if situation.freelancer.badge in (Badge.TOP_RATED, Badge.TOP_RATED_PLUS):
        tags.append("top-rated")
    elif situation.freelancer.badge is not None:
        tags.append(situation.freelancer.badge.value)
    if situation.freelancer.has_score is False:
        tags.append("no-score")
    # The next two say which estimates lean on a tunable assumption (advice/assumptions.toml),
    # so that calibration can tell whether its misses point there.
    if situation.freelancer.shown_jss is not None:
        tags.append("stated-score")
    if any(c.private_rating is not None or c.private_sentiment for c in situation.contracts):
        tags.append("private-feedback")
    if any(contract.refunded for contract in situation.contracts):
        tags.append("refund")
    if any(contract.disputed for contract in situation.contracts):
        tags.append("dispute")
    if any(contract.feedback_removed for contract in situation.contracts):
        tags.append("feedback-removed")
    return tags


@dataclass(frozen=True)
class CaseBody:
    """What a case says, built from an answer alone: no ids, no raw text.

    Building it (coarsening, the summary) is the costly, pure half of a case;
    the running bot does it next to the engine, away from the event loop.
    """

    ruleset: str
    situation: dict[str, Any]
    estimate: dict[str, Any]
    advice_ids: tuple[str, ...]
    tags: tuple[str, ...]
    summary: str


def case_body(answer: Answer, tags: Sequence[str] = ()) -> CaseBody:
    """The anonymized content of one answer's case. Raw text never reaches this function."""
    situation = coarsen_situation(answer.situation)
    estimate = answer.estimate.to_json()
    # The engine's assumption sentences may quote a client's label or an exact
    # amount; keep how many there were, not their words.
    estimate["assumptions"] = len(estimate.get("assumptions", []))
    # Calibration groups reported outcomes by the kind of question answered.
    estimate["question_kind"] = answer.question_kind.value
    advice_ids = tuple(item.id for item in answer.advice)
    all_tags = clean_tags(
        [
            *tags,
            *(intent.value for intent in answer.situation.intents),
            *derived_tags(answer.situation),
        ]
    )
    summary = write_summary(situation, estimate, advice_ids)
    return CaseBody(answer.ruleset, situation, estimate, advice_ids, all_tags, summary)


def draft_from_body(
    body: CaseBody, origin: CaseOrigin, hasher: IdHasher, *, case_id: str | None = None
) -> CaseDraft:
    """The case ready to write: the body, with the origin's ids as keyed hashes."""
    created = origin.created_at
    if created.tzinfo is not None:
        created = created.astimezone(UTC)
    return CaseDraft(
        case_id=case_id or new_case_id(),
        event_key=hasher.event_key(origin.platform, origin.event_id),
        created_week=week_of(created.date()),
        platform=_label(origin.platform),
        channel_kind=_label(origin.channel_kind),
        user_hash=hasher.hash("user", origin.user_id),
        channel_hash=hasher.hash("channel", origin.channel_id),
        community_hash=(
            hasher.hash("community", origin.community_id)
            if origin.community_id is not None
            else None
        ),
        ruleset=body.ruleset,
        situation=body.situation,
        estimate=body.estimate,
        advice_ids=body.advice_ids,
        tags=body.tags,
        summary=body.summary,
    )


def update_from_body(body: CaseBody, case_id: str, user_hash: str) -> CaseUpdate:
    """What a case the member continued says now: the new body, under the same id."""
    return CaseUpdate(
        case_id=case_id,
        user_hash=user_hash,
        ruleset=body.ruleset,
        situation=body.situation,
        estimate=body.estimate,
        advice_ids=body.advice_ids,
        tags=body.tags,
        summary=body.summary,
    )


def make_case_draft(
    answer: Answer,
    origin: CaseOrigin,
    hasher: IdHasher,
    *,
    tags: Sequence[str] = (),
    case_id: str | None = None,
) -> CaseDraft:
    """The anonymized case of one answer. Raw text never reaches this function."""
    return draft_from_body(case_body(answer, tags), origin, hasher, case_id=case_id)
