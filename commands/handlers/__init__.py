"""Command handlers by command path; the dispatcher looks them up here."""

from __future__ import annotations

from collections.abc import Mapping

from commands.dispatcher import Handler
from commands.handlers.cases import (
    case_note_command,
    case_search_command,
    case_show_command,
    case_stats_command,
)
from commands.handlers.check import check_command, check_message_command, estimate_command
from commands.handlers.conversation import answer_command, continue_command, edit_command
from commands.handlers.followups import details_command, what_if_command
from commands.handlers.help import help_command
from commands.handlers.member import forget_me_command, outcome_command

HANDLERS: Mapping[str, Handler] = {
    "check": check_command,
    "ask": check_command,
    "check-message": check_message_command,
    "estimate": estimate_command,
    "help": help_command,
    "details": details_command,
    "answer": answer_command,
    "continue": continue_command,
    "edit": edit_command,
    "compare": details_command,
    "what-if": what_if_command,
    "forget-me": forget_me_command,
    "outcome": outcome_command,
    "case show": case_show_command,
    "case search": case_search_command,
    "case stats": case_stats_command,
    "case note": case_note_command,
}
