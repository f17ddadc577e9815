"""`jss-helper db status | migrate | backup` as an operator runs them: real processes,
real SQLite files and a real PostgreSQL database."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from tests import storage_fixtures
from tests.test_cli import FORUM_POST, jss, stored_case_ids

fresh_pg_dsn = storage_fixtures.fresh_pg_dsn


def test_status_then_migrate_then_status_on_sqlite(tmp_path: Path) -> None:
    before = jss(tmp_path, "db", "status")
    assert before.returncode == 0, before.stderr
    assert "no case log yet" in before.stdout and "0001  cases" in before.stdout
    assert not (tmp_path / "data" / "cases.db").exists(), "status creates nothing"
    migrated = jss(tmp_path, "db", "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert "applied 0001_cases" in migrated.stdout
    after = jss(tmp_path, "db", "status")
    assert "pending" not in after.stdout and "applied" in after.stdout
    again = jss(tmp_path, "db", "migrate")
    assert "nothing to apply" in again.stdout


def test_start_refuses_pending_migrations_when_told_to(tmp_path: Path) -> None:
    refused = jss(
        tmp_path,
        "run",
        "--adapter",
        "console",
        stdin="/jss help\n",
        DATABASE_MIGRATE_AT_START="false",
    )
    assert refused.returncode != 0
    assert "jss-helper db migrate" in refused.stderr and "Traceback" not in refused.stderr
    assert jss(tmp_path, "db", "migrate").returncode == 0
    started = jss(
        tmp_path,
        "run",
        "--adapter",
        "console",
        stdin="/jss help\n",
        DATABASE_MIGRATE_AT_START="false",
    )
    assert started.returncode == 0, started.stderr


def test_backup_restores_the_cases_and_the_secret_that_finds_them(tmp_path: Path) -> None:
    asked = jss(tmp_path, "run", "--adapter", "console", stdin=f"/jss check {FORUM_POST}\n")
    assert asked.returncode == 0, asked.stderr
    cases = stored_case_ids(tmp_path)
    assert len(cases) == 1
    backup = tmp_path / "backups" / "monday"
    made = jss(tmp_path, "db", "backup", str(backup))
    assert made.returncode == 0, made.stderr
    assert (backup / "case_hash_secret").read_bytes() == (
        tmp_path / "data" / "case_hash_secret"
    ).read_bytes()
    for path in (backup, backup / "cases.db", backup / "case_hash_secret"):
        assert path.stat().st_mode & 0o077 == 0, f"{path} is private"
    assert jss(tmp_path, "db", "backup", str(backup)).returncode == 78, "never overwrites"

    # Restore as the README says: the bot stopped, both files back in the data folder.
    shutil.rmtree(tmp_path / "data")
    (tmp_path / "data").mkdir(mode=0o700)
    shutil.copy2(backup / "cases.db", tmp_path / "data" / "cases.db")
    shutil.copy2(backup / "case_hash_secret", tmp_path / "data" / "case_hash_secret")
    assert stored_case_ids(tmp_path) == cases
    forgot = jss(tmp_path, "run", "--adapter", "console", stdin="/jss forget-me\n")
    assert forgot.returncode == 0, forgot.stderr
    assert stored_case_ids(tmp_path) == [], "the restored secret still finds the member's case"


def test_backup_is_consistent_while_a_writer_holds_the_wal(tmp_path: Path) -> None:
    assert jss(tmp_path, "db", "migrate").returncode == 0
    live = sqlite3.connect(tmp_path / "data" / "cases.db")
    live.execute("PRAGMA journal_mode = WAL")
    live.execute("PRAGMA wal_autocheckpoint = 0")  # the rows stay in the WAL only
    live.execute("CREATE TABLE operator_marks (mark TEXT)")
    live.executemany("INSERT INTO operator_marks VALUES (?)", [(str(n),) for n in range(500)])
    live.commit()
    try:
        made = jss(tmp_path, "db", "backup", str(tmp_path / "copy"))
        assert made.returncode == 0, made.stderr
    finally:
        live.close()
    with sqlite3.connect(tmp_path / "copy" / "cases.db") as copy:
        assert copy.execute("SELECT COUNT(*) FROM operator_marks").fetchone()[0] == 500
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_postgres_status_migrate_and_backup_guidance(tmp_path: Path, fresh_pg_dsn: str) -> None:
    before = jss(tmp_path, "db", "status", DATABASE_URL=fresh_pg_dsn)
    assert before.returncode == 0, before.stderr
    assert "postgres: schema 0" in before.stdout and "pending" in before.stdout
    assert jss(tmp_path, "db", "migrate", DATABASE_URL=fresh_pg_dsn).returncode == 0
    after = jss(tmp_path, "db", "status", DATABASE_URL=fresh_pg_dsn)
    assert "pending" not in after.stdout
    guided = jss(tmp_path, "db", "backup", str(tmp_path / "b"), DATABASE_URL=fresh_pg_dsn)
    assert guided.returncode == 78 and "pg_dump" in guided.stderr
    assert not (tmp_path / "b").exists()


def test_an_unreachable_database_exits_69(tmp_path: Path) -> None:
    result = jss(tmp_path, "db", "status", DATABASE_URL="postgresql://postgres@127.0.0.1:9/x")
    assert result.returncode == 69
    assert "cannot be used" in result.stderr and "Traceback" not in result.stderr
