"""Reading `/jss ...` lines and checking option values, shared by every adapter."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commands.command_line import UsageError, parse_command_line, split_command, validate_options
from commands.specs import COMMANDS, find_command


@pytest.mark.parametrize(
    ("line", "path", "options"),
    [
        ("/jss help", "help", {}),
        ("/JSS  help   notation", "help", {"topic": "notation"}),
        ("jss check $0 contract, bad review", "check", {"situation": "$0 contract, bad review"}),
        ("/jss case show C-7K2M9", "case show", {"case": "C-7K2M9"}),
        (
            "/jss case note C-7K2M9 client reinstated later",
            "case note",
            {"case": "C-7K2M9", "text": "client reinstated later"},
        ),
        ("/jss case search", "case search", {}),
        ("/jss outcome C-AB12C no change", "outcome", {"case": "C-AB12C", "result": "no change"}),
        ("/jss forget-me", "forget-me", {}),
        ("check   multi   spaced\ttext", "check", {"situation": "multi   spaced\ttext"}),
    ],
)
def test_lines_parse_to_command_and_options(line: str, path: str, options: dict[str, str]) -> None:
    parsed = parse_command_line(line)
    assert parsed.spec.path == path
    assert parsed.options == options


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("/jss frobnicate", "don't know the command `frobnicate`"),
        ("/jss", "/jss help"),
        ("/jss check", "needs `situation`"),
        ("/jss case show", "needs `case`"),
        ("/jss case show 12345", "not a case id"),
        ("/jss case show C-7K2M9 extra", "Too many words"),
        ("/jss help " + "x" * 41, "limit is 40"),
        ("/jss forget-me now please", "Too many words"),
    ],
)
def test_bad_lines_say_what_to_type(line: str, fragment: str) -> None:
    with pytest.raises(UsageError) as error:
        parse_command_line(line)
    assert fragment in str(error.value)


def test_longer_command_path_wins_over_shorter_prefix() -> None:
    spec, rest = split_command("/jss case stats 30d")
    assert spec is not None and spec.path == "case stats"
    assert rest == "30d"


def test_typed_options_are_checked_like_typed_lines() -> None:
    spec = find_command("estimate")
    assert spec is not None
    with pytest.raises(UsageError, match="must be one of"):
        validate_options(spec, {"contracts": "0 neg", "badge": "legend"})
    with pytest.raises(UsageError, match="date like"):
        validate_options(spec, {"contracts": "0 neg", "as_of": "31/03/2026"})
    with pytest.raises(UsageError, match="has no option"):
        validate_options(spec, {"contracts": "0 neg", "colour": "red"})
    assert validate_options(spec, {"contracts": " 0 neg ", "badge": "top-rated"}) == {
        "contracts": "0 neg",
        "badge": "top-rated",
    }


def test_over_long_situation_is_refused_with_the_limit() -> None:
    with pytest.raises(UsageError, match="the limit is 6,000"):
        parse_command_line("/jss check " + "a" * 6001)


@given(st.text(max_size=300))
def test_any_line_parses_or_gives_a_usage_error(line: str) -> None:
    try:
        parsed = parse_command_line(line)
    except UsageError as error:
        assert str(error)
    else:
        assert parsed.spec in COMMANDS
        assert set(parsed.options) <= {option.name for option in parsed.spec.options}
