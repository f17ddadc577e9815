"""`jss-helper cases export | purge`: the case log from the command line.

Exports leave out the hashed member, channel and community ids and the event
keys: a file that travels should not let anyone link cases to one member.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any, TextIO

from advice.clock import SYSTEM_CLOCK, Clock
from storage.factory import open_store
from storage.interface import Case, CaseStore
from storage.scrub import scrub_note

EXPORT_FIELDS = (
    "case_id",
    "created_week",
    "platform",
    "channel_kind",
    "ruleset",
    "tags",
    "advice_ids",
    "likely",
    "best",
    "worst",
    "outcome",
    "outcome_week",
    "summary",
    "notes",
    "situation",
    "estimate",
)


def export_record(case: Case) -> dict[str, Any]:
    """One case as exported: what moderators see, without hashes or event keys."""
    draft = case.draft
    return {
        "case_id": draft.case_id,
        "created_week": draft.created_week.isoformat(),
        "platform": draft.platform,
        "channel_kind": draft.channel_kind,
        "ruleset": draft.ruleset,
        "tags": list(draft.tags),
        "advice_ids": list(draft.advice_ids),
        "likely": draft.estimate.get("likely"),
        "best": draft.estimate.get("best"),
        "worst": draft.estimate.get("worst"),
        "outcome": case.outcome,
        "outcome_week": case.outcome_week.isoformat() if case.outcome_week else None,
        "summary": draft.summary,
        # Scrubbed again: a note stored by an older version may still name someone.
        "notes": [
            {"week": note.week.isoformat(), "text": scrub_note(note.text)} for note in case.notes
        ],
        "situation": draft.situation,
        "estimate": draft.estimate,
    }


async def write_export(cases: AsyncIterator[Case], out: TextIO, fmt: str) -> int:
    """Write cases as CSV (lists joined by spaces, objects as JSON) or JSON lines."""
    count = 0
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS) if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    async for case in cases:
        record = export_record(case)
        if writer is None:
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        else:
            writer.writerow(_csv_row(record))
        count += 1
    return count


def _csv_row(record: dict[str, Any]) -> dict[str, Any]:
    row = dict(record)
    row["tags"] = " ".join(record["tags"])
    row["advice_ids"] = " ".join(record["advice_ids"])
    for key in ("notes", "situation", "estimate"):
        row[key] = json.dumps(record[key], ensure_ascii=False, sort_keys=True)
    return row


async def run_cases(
    args: argparse.Namespace, database_url: str, clock: Clock = SYSTEM_CLOCK
) -> str:
    """Do the action; returns the line to print on standard error."""
    store: CaseStore = open_store(database_url, clock)
    await store.start()
    try:
        if args.action == "purge":
            if args.older_than < 0:
                raise ValueError("--older-than takes a number of days, 0 or more")
            cutoff = clock.today() - timedelta(days=args.older_than)
            removed = await store.purge(cutoff)
            return f"purged {removed} cases created before the week of {cutoff}"
        if args.output is None:
            count = await write_export(store.export(), sys.stdout, args.format)
            return f"exported {count} cases"
        with args.output.open("w", encoding="utf-8", newline="") as out:
            count = await write_export(store.export(), out, args.format)
        return f"exported {count} cases to {args.output}"
    finally:
        await store.close()
