"""The Slack installations and install states, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import dataclasses

from storage.installations import SlackInstallation
from storage.interface import CaseDatabase
from tests import storage_fixtures

store = storage_fixtures.store
store_kind = storage_fixtures.store_kind
store_url = storage_fixtures.store_url
pg_session_dsn = storage_fixtures.pg_session_dsn

TEAM = "T0STORE01"
TOKEN = "xoxb-installed-store-test-token"


def installation(**changes: object) -> SlackInstallation:
    base = SlackInstallation(
        enterprise_id=None,
        team_id=TEAM,
        is_enterprise_install=False,
        app_id="A0APP0001",
        bot_id="B0BOT0001",
        bot_user_id="UBOT00001",
        bot_token=TOKEN,
        bot_scopes=("commands", "chat:write"),
        installed_at=1_750_000_000.5,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


async def test_an_installation_is_kept_replaced_and_deleted(store: CaseDatabase) -> None:
    assert await store.find_installation(None, TEAM) is None
    await store.save_installation(installation())
    assert await store.find_installation(None, TEAM) == installation()
    assert await store.count_installations() == 1

    # Installing again replaces the workspace's row: one token per workspace.
    await store.save_installation(installation(bot_token=TOKEN + "-2", bot_scopes=()))
    assert await store.find_installation(None, TEAM) == installation(
        bot_token=TOKEN + "-2", bot_scopes=()
    )
    assert await store.count_installations() == 1

    assert await store.delete_installation(None, TEAM) is True
    assert await store.delete_installation(None, TEAM) is False
    assert await store.find_installation(None, TEAM) is None
    assert await store.count_installations() == 0


async def test_workspaces_and_organisations_are_told_apart(store: CaseDatabase) -> None:
    org = installation(enterprise_id="E0ORG0001", team_id=None, is_enterprise_install=True)
    in_org = installation(enterprise_id="E0ORG0001", bot_token=TOKEN + "-w")
    rotating = installation(
        team_id="T0STORE02", bot_refresh_token="xoxe-refresh", bot_token_expires_at=1_750_003_600
    )
    for each in (org, in_org, rotating):
        await store.save_installation(each)
    assert await store.find_installation("E0ORG0001", None) == org
    assert await store.find_installation("E0ORG0001", TEAM) == in_org
    assert await store.find_installation(None, TEAM) is None
    assert await store.find_installation(None, "T0STORE02") == rotating
    assert TOKEN not in repr(org) and "xoxe-refresh" not in repr(rotating)


async def test_a_state_is_good_once_and_only_until_it_expires(store: CaseDatabase) -> None:
    await store.issue_state("state-1", expires_at=1_000.0, now=400.0)
    await store.issue_state("state-2", expires_at=1_000.0, now=400.0)
    assert await store.consume_state("state-1", now=999.0) is True
    assert await store.consume_state("state-1", now=999.0) is False, "used up"
    assert await store.consume_state("state-2", now=1_001.0) is False, "expired"
    assert await store.consume_state("never-issued", now=500.0) is False
    # An expired state left behind is cleared when the next one is issued.
    await store.issue_state("state-3", expires_at=1_200.0, now=600.0)
    await store.issue_state("state-4", expires_at=2_000.0, now=1_300.0)
    assert await store.consume_state("state-3", now=1_100.0) is False
    assert await store.consume_state("state-4", now=1_400.0) is True
