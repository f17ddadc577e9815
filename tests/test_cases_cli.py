"""`jss-helper cases export | purge` as an operator runs them: real processes, a real file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.test_cli import FORUM_POST, jss, stored_case_ids


def asked_twice(tmp_path: Path) -> list[str]:
    lines = f"/jss check {FORUM_POST}\n/jss check {FORUM_POST}\n"
    result = jss(tmp_path, "run", "--adapter", "console", stdin=lines)
    assert result.returncode == 0, result.stderr
    ids = stored_case_ids(tmp_path)
    assert len(ids) == 2
    return ids


def test_export_jsonl_has_every_case_and_no_member_hashes(tmp_path: Path) -> None:
    ids = asked_twice(tmp_path)
    result = jss(tmp_path, "cases", "export", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    assert "exported 2 cases" in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(record["case_id"] for record in records) == sorted(ids)
    first = records[0]
    assert "threat" in first["tags"] and first["situation"]["contracts"]
    assert first["created_week"] and first["summary"].startswith("Freelancer")
    for key in ("user_hash", "channel_hash", "community_hash", "event_key"):
        assert key not in first and key not in result.stdout


def test_export_csv_to_a_file(tmp_path: Path) -> None:
    ids = asked_twice(tmp_path)
    out = tmp_path / "cases.csv"
    result = jss(tmp_path, "cases", "export", "--format", "csv", "--output", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert sorted(row["case_id"] for row in rows) == sorted(ids)
    assert "threat" in rows[0]["tags"].split()
    assert json.loads(rows[0]["situation"])["contracts"]


def test_purge_deletes_only_what_is_older(tmp_path: Path) -> None:
    asked_twice(tmp_path)
    kept = jss(tmp_path, "cases", "purge", "--older-than", "30")
    assert kept.returncode == 0, kept.stderr
    assert "purged 0 cases" in kept.stderr and len(stored_case_ids(tmp_path)) == 2
    # Cases are dated by week: "older than 0 days" still keeps this week's cases...
    assert "purged 0 cases" in jss(tmp_path, "cases", "purge", "--older-than", "0").stderr
    # ...and a negative age is refused rather than deleting the future.
    refused = jss(tmp_path, "cases", "purge", "--older-than", "-8")
    assert refused.returncode == 2 and "0 or more" in refused.stderr
    assert len(stored_case_ids(tmp_path)) == 2


def test_a_bad_database_url_is_named(tmp_path: Path) -> None:
    result = jss(tmp_path, "cases", "export", DATABASE_URL="mysql://db/cases")
    assert result.returncode == 2 and "DATABASE_URL" in result.stderr
