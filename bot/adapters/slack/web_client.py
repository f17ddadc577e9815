"""The Slack Web API client the adapter uses: Slack's 429 answers are waited out and retried."""

from __future__ import annotations

import aiohttp
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

# A busy workspace can be rate limited for a moment; twice is enough to ride that out
# without holding an answer back for long (each wait is Slack's own Retry-After).
RATE_LIMIT_RETRIES = 2


def web_client(token: str | None, base_url: str, session: aiohttp.ClientSession) -> AsyncWebClient:
    """A client that retries a call Slack refused with 429 after its Retry-After.

    bolt copies its retry handlers into the client it makes for each request, so the
    clients of installed workspaces (no `token` here) retry the same way."""
    client = AsyncWebClient(token=token, base_url=base_url, session=session)
    client.retry_handlers.append(
        AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)
    )
    return client
