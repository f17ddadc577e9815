"""Which adapters exist and how each is built; loaded lazily so unused libraries stay idle."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Types only: the command line reads the adapter names without loading the bot.
    from bot.adapters.base import Adapter
    from bot.settings import Settings
    from commands.dispatcher import Dispatcher
    from storage.installations import InstallationStore


class AdapterUnavailable(RuntimeError):
    """The adapter cannot start: not configured, or not part of this version."""


@dataclass(frozen=True)
class AdapterEnv:
    """Everything an adapter factory may use. `installations`: the case database's Slack
    installations, for many-workspace Slack."""

    settings: Settings
    dispatcher: Dispatcher
    console_moderator: bool = False
    installations: InstallationStore | None = None


AdapterFactory = Callable[[AdapterEnv], "Adapter"]

# name -> (module, factory function, the settings any one of which starts it)
ADAPTERS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "console": ("bot.adapters.console", "build", ()),
    "discord": ("bot.adapters.discord", "build", ("discord_token",)),
    "slack": ("bot.adapters.slack", "build", ("slack_bot_token", "slack_client_id")),
}


def _configured(name: str, settings: Settings) -> bool:
    """Whether the settings `name` needs are there (the console needs none)."""
    required = ADAPTERS[name][2]
    return not required or any(getattr(settings, each) is not None for each in required)


def configured_adapters(settings: Settings) -> list[str]:
    """The platform adapters whose tokens are set, else the console."""
    names = [
        name
        for name, (_, _, required) in ADAPTERS.items()
        if required and _configured(name, settings)
    ]
    return names or ["console"]


def require_configured(name: str, settings: Settings) -> None:
    """Raise `AdapterUnavailable` naming the missing setting if `name` cannot start."""
    if name not in ADAPTERS:
        raise AdapterUnavailable(f"unknown adapter `{name}`; choose from {', '.join(ADAPTERS)}")
    if not _configured(name, settings):
        wanted = " or ".join(each.upper() for each in ADAPTERS[name][2])
        raise AdapterUnavailable(f"the {name} adapter is not configured: set {wanted} in .env")


def build_adapter(name: str, env: AdapterEnv) -> Adapter:
    """Build one adapter by name, or explain why it cannot start."""
    require_configured(name, env.settings)
    module_name, function, _ = ADAPTERS[name]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise
        raise AdapterUnavailable(
            f"the {name} adapter is not available in this version yet"
        ) from None
    factory: AdapterFactory = getattr(module, function)
    return factory(env)
