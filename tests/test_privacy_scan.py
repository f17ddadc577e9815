"""The scan that runs after the suite finds what it looks for (and nothing else)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests import privacy_scan
from tests.fake_discord import MEMBER_ID, TOKEN


def test_the_scan_finds_secrets_ids_and_words_in_logs_and_files(tmp_path: Path) -> None:
    planted = tmp_path / "planted.sqlite"  # not a name the suite's own scan looks at
    with sqlite3.connect(planted) as db:
        db.execute("CREATE TABLE cases (summary TEXT)")
        db.execute("INSERT INTO cases VALUES (?)", (f"asked by {MEMBER_ID}",))
    shown = [("discord.client", f"logging in with {TOKEN}")]
    written = [("bot.adapters.x", "the client threatens a bad review, they said")]
    found = privacy_scan.leaks(shown, written, [planted])
    assert any(TOKEN in leak for leak in found)
    assert any("threatens" in leak for leak in found)
    assert any(str(MEMBER_ID) in leak and "planted.sqlite" in leak for leak in found)


def test_the_scan_passes_clean_logs_and_files(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "cases.db") as db:
        db.execute("CREATE TABLE cases (summary TEXT)")
        db.execute("INSERT INTO cases VALUES ('a $0 contract, likely 81%')")
    shown = [("bot.app", "stopped; every case stored, case log closed")]
    assert privacy_scan.leaks(shown, shown, privacy_scan.case_logs(tmp_path)) == []
