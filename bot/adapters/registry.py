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


class AdapterUnavailable(RuntimeError):
    """The adapter cannot start: not configured, or not part of this version."""


@dataclass(frozen=True)
class AdapterEnv:
    """Everything an adapter factory may use."""

    settings: Settings
    dispatcher: Dispatcher
    console_moderator: bool = False


AdapterFactory = Callable[[AdapterEnv], "Adapter"]

# name -> (module, factory function, the setting that must be present to start it)
ADAPTERS: dict[str, tuple[str, str, str | None]] = {
    "console": ("bot.adapters.console", "build", None),
    "discord": ("bot.adapters.discord", "build", "discord_token"),
    "slack": ("bot.adapters.slack", "build", "slack_bot_token"),
}


def configured_adapters(settings: Settings) -> list[str]:
    """The platform adapters whose tokens are set, else the console."""
    names = [
        name
        for name, (_, _, required) in ADAPTERS.items()
        if required and getattr(settings, required) is not None
    ]
    return names or ["console"]


def require_configured(name: str, settings: Settings) -> None:
    """Raise `AdapterUnavailable` naming the missing setting if `name` cannot start."""
    if name not in ADAPTERS:
        raise AdapterUnavailable(f"unknown adapter `{name}`; choose from {', '.join(ADAPTERS)}")
    required = ADAPTERS[name][2]
    if required and getattr(settings, required) is None:
        raise AdapterUnavailable(
            f"the {name} adapter is not configured: set {required.upper()} in .env"
        )


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
