"""Many workspaces on the wire: the OAuth install against the Slack fake, each workspace
answered with its own bot token, and an uninstall or a revoked token ending that.

The real bolt app runs behind our HTTP server on loopback, its installations and
install states in a SQLite file and in PostgreSQL.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from bot.adapters.registry import AdapterEnv, AdapterUnavailable, build_adapter
from bot.adapters.slack import SlackAdapter
from bot.adapters.slack.app import NOT_SERVED
from bot.adapters.slack.oauth import INSTALL_PATH, REDIRECT_PATH, OAuthConfig
from bot.settings import Settings
from commands.dispatcher import Dispatcher
from commands.services import Services
from storage.interface import CaseDatabase
from storage.sqlite import SqliteCaseStore
from tests import storage_fixtures
from tests.fake_slack import (
    BOT_USER_ID,
    CLIENT_ID,
    CLIENT_SECRET,
    INSTALLED_TEAM_ID,
    SIGNING_SECRET,
    TEAM_ID,
)
from tests.slack_wire import OAUTH, PUBLIC_URL, OAuthWire, oauth_bot, running_bot

store = storage_fixtures.store
store_kind = storage_fixtures.store_kind
store_url = storage_fixtures.store_url
pg_session_dsn = storage_fixtures.pg_session_dsn

STATE_COOKIE = "slack-app-oauth-state"
SITUATION = "check $0 contract, two other contracts of $500 and $2,000, both 5 stars"


async def install(wire: OAuthWire, team: str = INSTALLED_TEAM_ID) -> str:
    """Add the app to `team` as a member's browser does; returns the workspace's bot token."""
    # No cookie jar: the state cookie is carried by hand, as the browser carries it.
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as browser:
        async with browser.get(wire.base_url + INSTALL_PATH) as page:
            assert page.status == 200
            text = await page.text()
            cookie = page.headers["Set-Cookie"]
        link = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', text)
        assert link, text
        query = parse_qs(urlsplit(html.unescape(link[1])).query)
        assert query["client_id"] == [CLIENT_ID]
        assert query["scope"] == [",".join(OAUTH.scopes)]
        assert query["redirect_uri"] == [PUBLIC_URL + REDIRECT_PATH]
        state = query["state"][0]
        assert f"{STATE_COOKIE}={state}" in cookie

        # The member allows the app; Slack sends the browser back with a code and the state.
        back = {"code": wire.fake.grant(team), "state": state}
        with_cookie = {"Cookie": f"{STATE_COOKIE}={state}"}
        async with browser.get(wire.base_url + REDIRECT_PATH, params=back) as stranger:
            assert stranger.status == 400, "another browser cannot finish the install"
        async with browser.get(
            wire.base_url + REDIRECT_PATH, params=back, headers=with_cookie
        ) as done:
            assert done.status == 200, await done.text()
        async with browser.get(
            wire.base_url + REDIRECT_PATH, params=back, headers=with_cookie
        ) as again:
            assert again.status == 401, "a state is good once"
    installed = await wire.store.find_installation(None, team)
    assert installed is not None
    assert wire.fake.installed[installed.bot_token] == team
    return installed.bot_token


async def test_an_install_is_kept_and_its_workspace_answered_with_its_token(
    store: CaseDatabase,
) -> None:
    async with oauth_bot(store) as wire:
        token = await install(wire)
        # bolt asked Slack who the new token is, with that token.
        assert [c for c in wire.fake.of("auth.test") if c.data["_token"] == token]
        assert await store.count_installations() == 1

        status, _ = await wire.slack.command(SITUATION, team=INSTALLED_TEAM_ID)
        assert status == 200
        [post] = await wire.fake.wait_for("chat.postMessage")
        assert post.data["_token"] == token
        assert post.data["channel"] == "C0GENERAL"

        # Slack's 429 is waited out by the workspace's client too, with the same token.
        wire.fake.rate_limited["chat.postMessage"] = 1
        await wire.slack.command(SITUATION, team=INSTALLED_TEAM_ID)
        posts = await wire.fake.wait_for("chat.postMessage", count=3)
        assert [p.data["_token"] for p in posts] == [token] * 3


async def test_an_uninstall_deletes_the_installation(store: CaseDatabase) -> None:
    async with oauth_bot(store) as wire:
        token = await install(wire)
        wire.fake.revoke(token)  # Slack revokes the token, then tells the app
        body = wire.slack.app_event_body({"type": "app_uninstalled"}, team=INSTALLED_TEAM_ID)
        status, _ = await wire.slack.event(body)
        assert status == 200
        assert await store.find_installation(None, INSTALLED_TEAM_ID) is None
        await not_answered_with(wire, token)


async def test_a_revoked_bot_token_deletes_the_installation(store: CaseDatabase) -> None:
    async with oauth_bot(store) as wire:
        token = await install(wire)
        # A member's own token revoked leaves the bot's installation: none is kept.
        members_only = {"type": "tokens_revoked", "tokens": {"oauth": ["U0MEMBER1"], "bot": []}}
        await wire.slack.event(wire.slack.app_event_body(members_only, team=INSTALLED_TEAM_ID))
        assert await store.find_installation(None, INSTALLED_TEAM_ID) is not None

        wire.fake.revoke(token)
        bots = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": [BOT_USER_ID]}}
        status, _ = await wire.slack.event(wire.slack.app_event_body(bots, team=INSTALLED_TEAM_ID))
        assert status == 200
        assert await store.find_installation(None, INSTALLED_TEAM_ID) is None
        await not_answered_with(wire, token)


async def not_answered_with(wire: OAuthWire, token: str) -> None:
    """A command from the workspace that left is not answered with its old token: the
    member is told, through the command's own response_url, that the app is gone."""
    mark = len(wire.fake.calls)
    status, tag = await wire.slack.command(SITUATION, team=INSTALLED_TEAM_ID)
    assert status == 200
    [told] = await wire.fake.wait_for("response_url", where=lambda c: c.data["_tag"] == tag)
    assert "reinstall" in str(told.data.get("text", "")).lower()
    assert wire.adapter.bot is not None
    await wire.adapter.bot.drain(wire.adapter._grace)
    after = wire.fake.calls[mark:]
    assert [c.method for c in after] == ["response_url"]
    assert all(c.data.get("_token") != token for c in after)


async def test_a_workspace_not_served_still_loses_its_token_when_it_leaves(
    store: CaseDatabase,
) -> None:
    async with oauth_bot(store, allowed_teams=(TEAM_ID,)) as wire:
        token = await install(wire)
        body, _ = wire.slack.command_body(SITUATION, team=INSTALLED_TEAM_ID)
        status, text = await wire.slack.send(body, "application/x-www-form-urlencoded")
        assert (status, text) == (200, NOT_SERVED)
        wire.fake.revoke(token)
        body = wire.slack.app_event_body({"type": "app_uninstalled"}, team=INSTALLED_TEAM_ID)
        await wire.slack.event(body)
        assert await store.find_installation(None, INSTALLED_TEAM_ID) is None
        assert not wire.fake.of("chat.postMessage", "response_url")


@pytest.mark.parametrize("path", [INSTALL_PATH, REDIRECT_PATH])
async def test_single_token_mode_serves_no_install_pages(path: str, tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        url = wire.slack.url.replace("/slack/events", path)
        async with aiohttp.ClientSession() as browser, browser.get(url) as page:
            assert page.status == 404


def test_build_chooses_many_workspaces_from_the_client_settings(tmp_path: Path) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        slack_client_id=CLIENT_ID,
        slack_client_secret=CLIENT_SECRET,
        slack_signing_secret=SIGNING_SECRET,
        slack_public_url=PUBLIC_URL + "/",
    )
    dispatcher = Dispatcher(Services(), {})
    env = AdapterEnv(settings, dispatcher, installations=SqliteCaseStore(tmp_path / "cases.db"))
    adapter = build_adapter("slack", env)
    assert isinstance(adapter, SlackAdapter)
    # Only the scopes the settings need: no user group, so no usergroups:read.
    scopes = ("commands", "chat:write", "files:write", "app_mentions:read")
    scopes += ("channels:history", "groups:history")
    assert adapter._oauth == OAuthConfig(CLIENT_ID, CLIENT_SECRET, PUBLIC_URL + "/", scopes)
    assert adapter._oauth.redirect_uri == PUBLIC_URL + REDIRECT_PATH
    assert CLIENT_SECRET not in repr(adapter._oauth)
    with pytest.raises(AdapterUnavailable, match="case database"):
        build_adapter("slack", AdapterEnv(settings, dispatcher))
