"""The `jss-helper` command line: run the bot, or answer one situation and exit.

Each subcommand imports what it uses when it runs: answering one situation
never loads the event loop, the case log's drivers or a chat library, so it
starts as fast as the engine and the reader allow.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from advice.clock import SYSTEM_CLOCK, Clock
from bot.adapters.registry import ADAPTERS, AdapterUnavailable, configured_adapters
from bot.cases_args import add_cases_parser
from bot.db_args import add_db_parser
from bot.logging_setup import configure_logging

if TYPE_CHECKING:
    from advice.answer import Answer
    from bot.doctor import Check
    from bot.settings import Settings
    from commands.parsing import ParseResult

EXIT_USAGE = 2
EXIT_PIPE_CLOSED = 1
# The shell's own status for a command ended by Ctrl-C (128 + SIGINT).
EXIT_INTERRUPTED = 130
# One answer uses no setting (no token, no case log), so it reads none and logs
# at the settings' default level.
ONE_SHOT_LOG_LEVEL = "INFO"

DESCRIPTION = """\
The JSS helper bot: estimates what a contract does to an Upwork Job Success
Score, compares the actions open to the freelancer, and gives sourced advice.

Start here:
  jss-helper run                      chat with the bot in this terminal
  jss-helper advise "TEXT"            answer one situation and exit
  jss-helper cases export --format csv   the anonymized case log, for moderators
  jss-helper doctor                   check settings, database, tokens before going live
"""


def package_version() -> str:
    """The installed version of jss-helper (from the package metadata)."""
    # Imported here: reading package metadata loads zipfile and email (40 ms), which
    # every other command would pay for a flag it does not use.
    from importlib import metadata

    try:
        return metadata.version("jss-helper")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


class _VersionAction(argparse.Action):
    """`--version`: print the version and exit, looking it up only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        sys.stdout.write(f"{parser.prog} {package_version()}\n")
        parser.exit()


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date like 2026-03-31, not {value!r}"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand and its help."""
    parser = argparse.ArgumentParser(
        prog="jss-helper",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = commands.add_parser(
        "run",
        help="start the bot (the console when no Discord or Slack token is set)",
        description=(
            "Start the bot. With no --adapter, starts Discord and/or Slack when their "
            "tokens are in .env, otherwise a chat in this terminal on the local SQLite "
            "case log under ./data/. Piped input is read one command per line."
        ),
    )
    run.add_argument(
        "--adapter",
        action="append",
        choices=sorted(ADAPTERS),
        help="adapter to start; repeat for several (default: what .env configures)",
    )
    run.add_argument(
        "--moderator",
        action="store_true",
        help="in the console, act as a moderator (allows /jss case ...)",
    )

    advise_cmd = commands.add_parser(
        "advise",
        help="answer one described situation and exit",
        description=(
            "Answer one situation, described in your own words or in the compact "
            "notation (see /jss help notation in the bot), and print the answer."
        ),
    )
    advise_cmd.add_argument("text", nargs="*", help="the situation; '-' reads standard input")
    advise_cmd.add_argument("--json", action="store_true", help="print the answer as JSON")
    advise_cmd.add_argument(
        "--details", action="store_true", help="also print everything behind the answer"
    )
    advise_cmd.add_argument(
        "--chart", type=Path, metavar="PNG", help="also write the scenario chart to this PNG file"
    )
    advise_cmd.add_argument("--as-of", type=_date, help="estimate as of this date (YYYY-MM-DD)")
    advise_cmd.add_argument("--ruleset", help="use this rule set id instead of the as-of era")
    advise_cmd.add_argument(
        "--situation-file", type=Path, help="read the situation as JSON from this file"
    )
    discord_cmd = commands.add_parser(
        "discord", help="Discord housekeeping", description="Discord housekeeping."
    )
    discord_cmd.add_argument(
        "action",
        choices=["sync"],
        help=(
            "sync: publish the commands (to DISCORD_GUILD_IDS, else globally) even when "
            "unchanged; the bot's start publishes only changed ones"
        ),
    )
    commands.add_parser(
        "doctor",
        help="check settings, the case log, Discord and Slack before going live",
        description=(
            "Check the settings, that the case log is reachable and migrated, that the "
            "Discord token works with its intents and servers, and that the Slack token "
            "works with every scope the bot uses. Exit status: 0 all good, 78 a setting "
            "is wrong, 69 a service cannot be reached."
        ),
    )
    add_db_parser(commands)
    add_cases_parser(commands)
    calibrate = commands.add_parser(
        "calibrate",
        help="how well estimates came true, over cases with a reported outcome",
        description="Over every case whose member reported their score afterwards: how "
        "often it fell inside best-worst and how far off the likely figure was, by rule set, "
        "question kind and situation tag, and which assumption the errors point at.",
    )
    calibrate.add_argument(
        "--chart", type=Path, metavar="PNG", help="also write predicted against reported to it"
    )
    return parser


def main(argv: Sequence[str] | None = None, clock: Clock = SYSTEM_CLOCK) -> int:
    """Entry point of `jss-helper` and `python -m bot`; `clock` tells every command the date.

    A reader that stops reading (`| head`) and Ctrl-C end the command quietly.
    """
    try:
        status = _main(argv, clock)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        # Python flushes stdout again at exit; point it somewhere that accepts the bytes.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PIPE_CLOSED
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


def _main(argv: Sequence[str] | None, clock: Clock) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "advise":
        configure_logging(ONE_SHOT_LOG_LEVEL)
        return _advise(args, clock)
    from bot.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as error:
        if args.command == "doctor":
            from bot.doctor import settings_failed

            return _doctor_report(settings_failed(error))
        return _fail(f"jss-helper: a setting is wrong:\n{error}")
    configure_logging(settings.log_level, settings.secrets(), settings.log_format)
    if args.command == "calibrate":
        return _calibrate(settings, args.chart, clock)
    if args.command == "discord":
        return _discord_sync(settings)
    if args.command == "cases":
        return _cases(settings, args, clock)
    if args.command == "doctor":
        return _doctor(settings)
    if args.command == "db":
        return _db(settings, args, clock)
    return _run(settings, args, clock)


def _doctor(settings: Settings) -> int:
    import asyncio

    from bot.doctor import run_checks

    return _doctor_report(asyncio.run(run_checks(settings)))


def _doctor_report(checks: list[Check]) -> int:
    from bot.doctor import exit_status, render_table

    print(render_table(checks))
    return exit_status(checks)


def _db(settings: Settings, args: argparse.Namespace, clock: Clock) -> int:
    import asyncio

    from bot.db_cli import DbCommandError, run_db
    from bot.doctor.report import EXIT_CONFIG, EXIT_UNAVAILABLE
    from storage.interface import StoreError

    try:
        print(asyncio.run(run_db(args, settings, clock)))
    except DbCommandError as error:
        return _fail(f"jss-helper: {error}", EXIT_CONFIG)
    except (StoreError, OSError) as error:
        return _fail(
            f"jss-helper: the case log (DATABASE_URL) cannot be used: {error}", EXIT_UNAVAILABLE
        )
    return 0


def _discord_sync(settings: Settings) -> int:
    if settings.discord_token is None:
        return _fail("jss-helper: set DISCORD_TOKEN in .env to publish the Discord commands")
    import asyncio

    from bot.app import hash_secret
    from bot.settings import SettingsError

    try:
        secret = hash_secret(settings, ["discord"])
    except SettingsError as error:
        return _fail(f"jss-helper: {error}")
    try:
        print("slash commands published to " + asyncio.run(_publish_discord(settings, secret)))
    except Exception as error:  # a network or login failure: say it in one line
        return _fail(f"jss-helper: publishing the Discord commands failed: {error}")
    return 0


async def _publish_discord(settings: Settings, secret: bytes) -> str:
    """Publish the Discord commands whether or not they changed, and remember them in the
    case log, so that the bot's next start does not publish them again."""
    from bot.adapters.discord.sync import sync_once  # discord.py loads only when asked for
    from storage.anonymize import IdHasher
    from storage.bounded import BoundedStore
    from storage.factory import open_store
    from storage.interface import StoreError

    store = BoundedStore(
        open_store(settings.database_url, migrate=settings.database_migrate_at_start),
        timeout=settings.store_timeout,
    )
    try:
        await store.start()
    except StoreError as error:
        print(
            f"jss-helper: the case log cannot be used ({error}); publishing anyway, and the "
            "bot's next start publishes again",
            file=sys.stderr,
        )
        return await sync_once(settings)
    try:
        return await sync_once(settings, store, IdHasher(secret))
    finally:
        await store.close()


def _calibrate(settings: Settings, chart: Path | None, clock: Clock) -> int:
    import asyncio

    from bot.calibrate_cli import every_outcome, print_report
    from storage.interface import StoreError

    try:
        outcomes = asyncio.run(every_outcome(settings.database_url, clock))
    except (StoreError, OSError) as error:
        return _fail(f"jss-helper: {error}")
    try:
        print_report(outcomes, chart)
    except OSError as error:
        return _fail(f"jss-helper: the chart could not be written: {error}")
    return 0


def _cases(settings: Settings, args: argparse.Namespace, clock: Clock) -> int:
    import asyncio

    from bot.cases_cli import run_cases
    from storage.interface import StoreError

    try:
        print(asyncio.run(run_cases(args, settings.database_url, clock)), file=sys.stderr)
    except (StoreError, ValueError, OSError) as error:
        return _fail(f"jss-helper: {error}")
    return 0


def _run(settings: Settings, args: argparse.Namespace, clock: Clock) -> int:
    import asyncio

    from bot.app import StartError, run_bot
    from bot.settings import SettingsError
    from storage.interface import StoreError

    names = args.adapter or configured_adapters(settings)
    try:
        return asyncio.run(run_bot(settings, names, moderator=args.moderator, clock=clock))
    except (SettingsError, AdapterUnavailable, StartError) as error:
        return _fail(f"jss-helper: {error}")
    except StoreError as error:
        # A newer schema or an unreachable database: say so; the URL may hold a password.
        return _fail(f"jss-helper: the case log (DATABASE_URL) cannot be used: {error}")


def _advise(args: argparse.Namespace, clock: Clock) -> int:
    from advice.engine import advise
    from advice.rulesets import UnknownRulesetError
    from advice.situation import SituationError
    from bot.adapters.terminal import terminal_text
    from commands.parsing import ParseError
    from commands.render import answer_reply, details_reply

    as_of = args.as_of or clock.today()
    try:
        parsed = _read_situation(args, as_of)
        answer = advise(
            parsed.situation,
            as_of=args.as_of or parsed.situation.as_of or as_of,
            ruleset_id=args.ruleset,
            missing=parsed.missing,
        )
    except (ParseError, SituationError, UnknownRulesetError, OSError, ValueError) as error:
        return _fail(f"jss-helper: {error}")
    if args.json:
        document = answer.to_json()
        document["understood"] = list(parsed.understood)
        document["unread"] = list(parsed.unread)
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        reply = answer_reply(answer)
        print(terminal_text(reply, color=sys.stdout.isatty()))
        if args.details:
            details = details_reply(answer, understood=parsed.understood, unread=parsed.unread)
            print("\n" + terminal_text(details, color=sys.stdout.isatty()))
    if args.chart is not None:
        return _write_chart(answer, args.chart)
    return 0


def _write_chart(answer: Answer, path: Path) -> int:
    """Draw the answer's scenario chart into `path`; say where, or why there is none."""
    from commands.charts.data import scenario_chart
    from commands.charts.draw import chart_png

    chart = scenario_chart(answer)
    if chart is None:
        print("jss-helper: no action is open here, so there is no chart", file=sys.stderr)
        return 0
    try:
        path.write_bytes(chart_png(chart))
    except OSError as error:
        return _fail(f"jss-helper: the chart could not be written: {error}")
    print(f"chart: {path}", file=sys.stderr)
    return 0


def _read_situation(args: argparse.Namespace, as_of: date) -> ParseResult:
    from advice.situation import situation_from_data
    from commands.parsing import ParseResult, parse_situation

    if args.situation_file is not None:
        data = json.loads(args.situation_file.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("the situation file must hold one JSON object")
        return ParseResult(
            situation=situation_from_data(data),
            missing=(),
            understood=(),
            unread=(),
            source="notation",
        )
    text = " ".join(args.text)
    if text.strip() == "-":
        text = sys.stdin.read()
    if not text.strip():
        raise ValueError('describe the situation, e.g. jss-helper advise "$0 contract, ..."')
    return parse_situation(text, as_of=as_of)


def _fail(message: str, status: int = EXIT_USAGE) -> int:
    print(message, file=sys.stderr)
    return status
