"""Many-workspace mode: bolt's OAuth install flow, its stores in the case database.

Communities add the app themselves. `GET /slack/install` shows Slack's "Add to
Slack" link carrying a one-time state (also set as a cookie, so that only the
browser that started the install can finish it); Slack sends the member back to
`GET /slack/oauth_redirect` with a code and that state; bolt exchanges the code
(`oauth.v2.access`) for the workspace's bot token and the store keeps it. From
then on each request is answered with the token of the workspace it came from,
and `app_uninstalled` or `tokens_revoked` deletes the installation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from logging import Logger

from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings

from bot.adapters.slack.installations import StoredInstallations, StoredStates
from bot.adapters.slack.scopes import needed_scopes
from bot.settings import Settings
from storage.installations import InstallationStore

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600
"""How long a member has between opening the install page and allowing the app."""


@dataclass(frozen=True)
class OAuthConfig:
    """The app's credentials and public address for the install flow."""

    client_id: str
    client_secret: str = field(repr=False)
    public_url: str
    scopes: tuple[str, ...]

    @property
    def redirect_uri(self) -> str:
        """Where Slack sends installing members back (registered with the app)."""
        return self.public_url.rstrip("/") + REDIRECT_PATH


def oauth_config(settings: Settings) -> OAuthConfig | None:
    """The install flow's configuration; None in single-token mode."""
    if not settings.slack_oauth:
        return None
    # Settings validation guarantees these in many-workspace mode.
    assert settings.slack_client_id is not None and settings.slack_client_secret is not None
    assert settings.slack_public_url is not None
    return OAuthConfig(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        public_url=settings.slack_public_url,
        scopes=needed_scopes(settings),
    )


def oauth_settings(
    config: OAuthConfig, store: InstallationStore, logger: Logger
) -> AsyncOAuthSettings:
    """bolt's OAuth settings: bot scopes only, installations and states in `store`."""
    return AsyncOAuthSettings(
        client_id=config.client_id,
        client_secret=config.client_secret,
        scopes=list(config.scopes),
        user_scopes=[],
        redirect_uri=config.redirect_uri,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=StoredInstallations(store),
        installation_store_bot_only=True,
        state_store=StoredStates(store, expiration_seconds=STATE_SECONDS),
        state_expiration_seconds=STATE_SECONDS,
        logger=logger,
    )


def stored_authorize(
    settings: AsyncOAuthSettings, logger: Logger
) -> AsyncInstallationStoreAuthorize:
    """Each request's workspace token, from the store.

    bolt's default asks Slack who a token is (`auth.test`) before every ack; the
    answer for a token does not change, so it is asked once per token, as in
    single-token mode. The store is read first on every request, so a deleted
    installation's token is never used again.
    """
    return AsyncInstallationStoreAuthorize(
        logger=logger,
        installation_store=settings.installation_store,
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        bot_only=True,
        cache_enabled=True,
    )
