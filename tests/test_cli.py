"""The `jss-helper` command as a newcomer runs it: real processes, real SQLite files."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.advice_text import short

FORUM_POST = (
    "I have a $0 contract where the client says he will leave a bad review unless I do "
    "extra work for free. I have three other contracts of $5,600, $2,500 and $10,000, "
    "all 5 stars. I'm not Top Rated yet. Should I end the contract?"
)


def bot_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A clean environment: no tokens, data under tmp_path."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            (
                "DISCORD_",
                "SLACK_",
                "DATABASE_",
                "CASE_",
                "RATE_",
                "LOG_",
                "HEALTH_",
                "STORE_",
                "SHUTDOWN_",
            )
        )
    }
    env.update({"DATA_DIR": str(tmp_path / "data"), "PYTHONUNBUFFERED": "1"})
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'data' / 'cases.db'}"
    env.update(extra)
    return env


def jss(
    tmp_path: Path, *args: str, stdin: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=bot_env(tmp_path, **env),
        timeout=60,
    )


def stored_case_ids(tmp_path: Path) -> list[str]:
    with sqlite3.connect(tmp_path / "data" / "cases.db") as db:
        return [row[0] for row in db.execute("SELECT case_id FROM cases")]


def test_piped_help_prints_the_command_list_and_exits_0(tmp_path: Path) -> None:
    result = jss(tmp_path, "run", "--adapter", "console", stdin="/jss help\n")
    assert result.returncode == 0, result.stderr
    for command in ("/jss check", "/jss ask", "/jss estimate", "/jss forget-me", "/jss outcome"):
        assert command in result.stdout
    assert "/jss case show" not in result.stdout, "moderator commands only for moderators"
    assert "Traceback" not in result.stderr
    secret = tmp_path / "data" / "case_hash_secret"
    assert secret.stat().st_mode & 0o777 == 0o600


def test_moderator_flag_lists_moderator_commands(tmp_path: Path) -> None:
    result = jss(tmp_path, "run", "--adapter", "console", "--moderator", stdin="/jss help\n")
    assert result.returncode == 0
    assert "/jss case search" in result.stdout


def test_a_checked_situation_is_answered_and_logged_before_exit(tmp_path: Path) -> None:
    result = jss(tmp_path, "run", stdin=f"/jss check {FORUM_POST}\n")
    assert result.returncode == 0, result.stderr
    assert short("report-extortion") in result.stdout and "What to do" in result.stdout
    case_ids = stored_case_ids(tmp_path)
    assert len(case_ids) == 1
    assert f"Case {case_ids[0]}" in result.stdout
    raw = (tmp_path / "data" / "cases.db").read_bytes()
    assert b"unless I do extra work" not in raw, "the member's words never reach the log"


def test_sigterm_stops_gracefully_and_keeps_the_case(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--adapter", "console"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=bot_env(tmp_path),
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(f"/jss check {FORUM_POST}\n")
    process.stdin.flush()
    deadline = time.monotonic() + 30
    seen = ""
    while "Case C-" not in seen and time.monotonic() < deadline:
        seen += process.stdout.readline()
    assert "Case C-" in seen
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=15) == 0
    assert len(stored_case_ids(tmp_path)) == 1
    process.stdin.close()
    process.stdout.close()
    assert process.stderr is not None
    process.stderr.close()


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DATABASE_URL": "mysql://root@localhost/cases"}, "DATABASE_URL"),
        ({"DISCORD_GUILD_IDS": "12,twelve"}, "DISCORD_GUILD_IDS"),
        ({"CASE_RETENTION_DAYS": "-3"}, "CASE_RETENTION_DAYS"),
    ],
)
def test_a_bad_setting_stops_the_start_with_its_name(
    tmp_path: Path, env: dict[str, str], named: str
) -> None:
    result = jss(tmp_path, "run", stdin="/jss help\n", **env)
    assert result.returncode == 2
    assert named in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unconfigured_platform_says_which_setting_is_missing(tmp_path: Path) -> None:
    result = jss(tmp_path, "run", "--adapter", "discord")
    assert result.returncode == 2
    assert "DISCORD_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_platform_needs_a_hash_secret(tmp_path: Path) -> None:
    result = jss(tmp_path, "run", "--adapter", "slack", SLACK_BOT_TOKEN="xoxb-not-real-123456")
    assert result.returncode == 2
    assert "CASE_HASH_SECRET" in result.stderr
    assert "xoxb-not-real-123456" not in result.stderr


def test_advise_json_answers_a_forum_paragraph(tmp_path: Path) -> None:
    result = jss(tmp_path, "advise", "--json", "--as-of", "2026-11-21", FORUM_POST)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["as_of"] == "2026-11-21"
    assert answer["ruleset"]
    contracts = answer["situation"]["contracts"]
    assert sorted(c["earnings"] for c in contracts) == [0, 2500, 5600, 10000]
    asked = [c for c in contracts if c.get("in_question")]
    assert len(asked) == 1 and asked[0]["earnings"] == 0
    assert answer["estimate"]["shown"] is True
    estimate = answer["estimate"]
    assert estimate["best"] >= estimate["likely"] >= estimate["worst"]
    assert {s["action"] for s in answer["scenarios"]}
    ids = [item["id"] for item in answer["advice"]]
    assert "report-extortion" in ids and "check-insights-page" in ids
    assert isinstance(answer["missing"], list)


def test_advise_refuses_bad_input_with_a_message(tmp_path: Path) -> None:
    empty = jss(tmp_path, "advise", "   ")
    assert empty.returncode == 2 and "describe the situation" in empty.stderr
    bad_date = jss(tmp_path, "advise", "--as-of", "21/11/2026", "x")
    assert bad_date.returncode == 2 and "2026-03-31" in bad_date.stderr
    (tmp_path / "s.json").write_text(json.dumps({"contracts": [{"client": "A", "stars": 9}]}))
    impossible = jss(tmp_path, "advise", "--situation-file", "s.json")
    assert impossible.returncode == 2 and "stars go from 1 to 5" in impossible.stderr
    assert "Traceback" not in impossible.stderr + empty.stderr + bad_date.stderr


# What answering one situation must not load: the event loop, the case log and its
# drivers, the settings reader (it loads the event loop), the chat libraries, the bot.
NOT_FOR_ONE_ANSWER = (
    "asyncio",
    "asyncpg",
    "aiosqlite",
    "aiohttp",
    "discord",
    "slack_bolt",
    "slack_sdk",
    "prometheus_client",
    "pydantic_settings",
    "storage",
    "bot.app",
    "bot.adapters.console",
    "bot.adapters.discord",
    "bot.adapters.slack",
)

LOADED_BY_ADVISE = """
import sys
from bot.cli import main
status = main(sys.argv[1:])
print("\\n" + " ".join(sorted(sys.modules)))
raise SystemExit(status)
"""


def test_advise_loads_only_what_one_answer_uses(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", LOADED_BY_ADVISE, "advise", "--details", FORUM_POST],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        env=bot_env(tmp_path),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    answer, modules = result.stdout.rstrip().rsplit("\n", 1)
    assert "Your JSS" in answer
    loaded = set(modules.split())
    assert "advice.engine" in loaded and "commands.parsing" in loaded
    unwanted = sorted(
        name
        for name in loaded
        for top in NOT_FOR_ONE_ANSWER
        if name == top or name.startswith(top + ".")
    )
    assert unwanted == []


def test_top_level_help_explains_the_subcommands(tmp_path: Path) -> None:
    result = jss(tmp_path, "--help")
    assert result.returncode == 0
    assert "run" in result.stdout and "advise" in result.stdout
    assert "Job Success" in result.stdout and "jss-helper run" in result.stdout


def test_an_unreachable_case_log_is_reported_without_a_traceback(tmp_path: Path) -> None:
    url = "postgresql://postgres:hunter2-password@127.0.0.1:1/test"
    result = jss(tmp_path, "run", stdin="/jss help\n", DATABASE_URL=url)
    assert result.returncode == 2
    assert "case log (DATABASE_URL) cannot be used" in result.stderr
    assert "Traceback" not in result.stderr
    assert "hunter2-password" not in result.stderr


def test_a_case_log_from_a_newer_version_refuses_to_start(tmp_path: Path) -> None:
    assert jss(tmp_path, "run", stdin="/jss help\n").returncode == 0
    with sqlite3.connect(tmp_path / "data" / "cases.db") as db:
        db.execute("UPDATE schema_version SET version = version + 100")
    result = jss(tmp_path, "run", stdin="/jss help\n")
    assert result.returncode == 2
    assert "newer jss-helper" in result.stderr
    assert "Traceback" not in result.stderr
