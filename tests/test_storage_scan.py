"""The anonymization scan: personal data in, none of it anywhere in the database.

A member's message full of personal data becomes a situation and an answer (the
parser may keep a client's name or e-mail as the client label, the engine may
quote amounts in its assumptions); the case is written with a note and an
outcome, and then every byte of the SQLite file (and its WAL) and every row of
every PostgreSQL table is searched for each piece of that data.
"""

from __future__ import annotations

from pathlib import Path

import asyncpg

from storage.anonymize import make_case_draft
from storage.interface import CaseNote, CaseStore
from storage.scrub import scrub_note
from tests import storage_fixtures
from tests.storage_fixtures import HASHER, answer_for, origin

pg_session_dsn = storage_fixtures.pg_session_dsn
store_kind = storage_fixtures.store_kind
store_url = storage_fixtures.store_url
store = storage_fixtures.store

MESSAGE = (
    "Hi, I'm Jane Doe (jane.doe@example.com, +1 555 010 0199, https://janedoe.dev). "
    "Client Bob Smith paid $5,613.27 from 2024-03-06 to 2024-05-02, then went silent; "
    "Rachel Green (rachel@greenworks.io) paid $2,487.55. Bob threatens a bad review."
)

SITUATION = {
    "freelancer": {"badge": "top-rated", "shown_jss": 92},
    "contracts": [
        {"client": "Bob Smith", "earnings": 5613.27, "start": "2024-03-06", "end": "2024-05-02"},
        {"client": "rachel@greenworks.io", "earnings": 2487.55, "last_payment": "2024-07-17"},
        {"client": "https://janedoe.dev/clients", "earnings": 1234.56},
        {"client": "+1 555 010 0199", "earnings": 0, "in_question": True},
    ],
    "events": {"threat_of_bad_feedback": True, "client_unresponsive": True},
    "intents": ["end-contract"],
    "as_of": "2025-06-12",
}

DISCORD_USER = "123456789012345678"
SLACK_USER = "U024BE7LH"

PERSONAL = [
    "Jane Doe",
    "jane.doe@example.com",
    "example.com",
    "janedoe",
    "+1 555 010 0199",
    "555 010 0199",
    "5550100199",
    "Bob Smith",
    "Smith",
    "Rachel",
    "greenworks",
    "5,613.27",
    "5613.27",
    "5613",
    "2487.55",
    "2487",
    "1234.56",
    "2024-03-06",
    "2024-05-02",
    "2024-07-17",
    DISCORD_USER,
    "223456789012345678",
    "323456789012345678",
    "987654321098765432",
    SLACK_USER,
    "C024BE91L",
    "T024BE7LD",
    "1718200000.000100",
]


async def write_personal_cases(store: CaseStore) -> list[str]:
    answer = answer_for(
        SITUATION,
        assumptions=(
            "Bob Smith's $5,613.27 contract ran 2 months",
            "rachel@greenworks.io gave no feedback",
        ),
    )
    discord = make_case_draft(
        answer,
        origin(user=DISCORD_USER, event="987654321098765432"),
        HASHER,
        case_id="C-7K2M9",
    )
    slack = make_case_draft(
        answer,
        origin(
            platform="slack",
            user=SLACK_USER,
            channel="C024BE91L",
            community="T024BE7LD",
            event="1718200000.000100",
        ),
        HASHER,
        case_id="C-8M3N4",
    )
    ids = await store.record_many([discord, slack])
    note = scrub_note(
        f"{DISCORD_USER} wrote from jane.doe@example.com, see https://janedoe.dev, "
        f"call +1 555 010 0199, ask <@{DISCORD_USER}> or <@{SLACK_USER}>"
    )
    moderator = HASHER.hash("user", "223456789012345679")
    assert await store.add_note(ids[0], CaseNote(discord.created_week, moderator, note))
    assert await store.set_outcome(ids[1], slack.user_hash, "no change", slack.created_week)
    return ids


def found_in(haystack: str) -> list[str]:
    lowered = haystack.lower()
    return [needle for needle in PERSONAL if needle.lower() in lowered]


def sqlite_text(path: Path) -> str:
    """Every byte of the database file and its WAL and shared-memory files."""
    data = b""
    for suffix in ("", "-wal", "-shm"):
        part = Path(str(path) + suffix)
        if part.exists():
            data += part.read_bytes()
    return data.decode("latin-1")


async def postgres_text(dsn: str) -> str:
    conn = await asyncpg.connect(dsn)
    try:
        tables = await conn.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        )
        assert {"cases", "case_notes", "seen_events", "schema_version"} <= {
            row[0] for row in tables
        }
        lines = []
        for row in tables:
            rows = await conn.fetch(f'SELECT t::text FROM "{row[0]}" t')
            lines += [f"{row[0]}: {item[0]}" for item in rows]
        return "\n".join(lines)
    finally:
        await conn.close()


async def test_no_personal_data_reaches_the_database(
    store: CaseStore, store_kind: str, store_url: str
) -> None:
    assert found_in(MESSAGE)  # the message does carry the data searched for
    ids = await write_personal_cases(store)
    assert await store.seen(HASHER.event_key("discord", "987654321098765432")) is False

    if store_kind == "sqlite":
        dumps = [sqlite_text(Path(store_url))]
        await store.close()  # checkpoints the WAL into the main file
        dumps.append(sqlite_text(Path(store_url)))
    else:
        dumps = [await postgres_text(store_url)]

    for dump in dumps:
        # The scan sees the cases (so an empty read cannot pass) ...
        assert all(case_id in dump for case_id in ids)
        assert "5600" in dump and "[email]" in dump and "threatened" in dump
        # ... and none of the personal data.
        assert found_in(dump) == []


async def test_the_scan_finds_data_that_does_get_in(
    store: CaseStore, store_kind: str, store_url: str
) -> None:
    # The control: a draft carrying a name and an id in its summary is caught,
    # so the scan above passing means the data is absent, not unreadable.
    leaky = storage_fixtures.draft(1, summary=f"Bob Smith, user {DISCORD_USER}")
    await store.record(leaky)
    if store_kind == "sqlite":
        dump = sqlite_text(Path(store_url))
    else:
        dump = await postgres_text(store_url)
    assert {"Bob Smith", "Smith", DISCORD_USER} <= set(found_in(dump))
