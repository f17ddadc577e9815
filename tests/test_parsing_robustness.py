"""Bad input: empty, too long, noise, control characters, mentions, markup, other scripts."""

from __future__ import annotations

import contextlib
import random
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commands.parsing import MAX_INPUT_CHARS, ParseError, parse_situation, parse_text
from commands.parsing.sanitize import neutralise

AS_OF = date(2024, 8, 1)
GRAMMAR_TEXT = (
    "$0 $5,600 5.6k usd 2500 10/10 5 stars 4.6★ ⭐⭐ 2019 92% 0 hours $40/h contract contracts "
    "3 other jobs of and , all with one the rest no feedback bad private feedback threatened "
    "suggested review would hurt us top rated not yet rising talent jss perk used in march "
    "a few days ago inactive for 4 months since january milestone funded but not released "
    "dispute refund suspended reinstated ghosted should i end it ? . ; fixed-price hourly "
    "@everyone <@123> <#9> ** __ ` > # \x00 \u202e 😡 контракт 契約"
)
GRAMMAR_WORDS = tuple(GRAMMAR_TEXT.split())


def test_empty_text_is_a_parse_error() -> None:
    for text in ("", "   ", "\n\t"):
        with pytest.raises(ParseError, match="nothing to read"):
            parse_situation(text, as_of=AS_OF)


def test_long_noise_names_the_limit_and_the_length() -> None:
    noise = "".join(random.Random(4).choice("ab $5,.%") for _ in range(20_000))
    with pytest.raises(ParseError) as error:
        parse_situation(noise, as_of=AS_OF)
    assert f"{MAX_INPUT_CHARS:,}" in str(error.value) and "20,000" in str(error.value)


def test_text_at_the_limit_is_read() -> None:
    text = ("The client paid $300. " * 400)[:MAX_INPUT_CHARS]
    assert parse_text(text, as_of=AS_OF).situation.contracts[0].earnings == 300.0


def test_nothing_recognisable_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="could not read any contract facts"):
        parse_situation("lorem ipsum dolor sit amet", as_of=AS_OF)


def test_impossible_situation_message_comes_from_the_model() -> None:
    with pytest.raises(ParseError, match="public stars go from 1 to 5, not 7"):
        parse_situation("The $500 job got 7 stars.", as_of=AS_OF)


def test_control_and_format_characters_are_ignored() -> None:
    result = parse_text("The \x00client\x07 paid $4\u200b00 \u202eand 5 stars\x1b[31m", as_of=AS_OF)
    contract = result.situation.contracts[0]
    assert contract.earnings == 400.0 and contract.stars == 5.0


def test_mentions_never_echo_live() -> None:
    text = (
        "@everyone @here <@123> <@!55> <@&5> <#9> <!channel> <@U123ABC> hello there friends. "
        "The client paid 5600 @here and gave 5 stars. zzz <@&77> qqq 12345 @everyone."
    )
    result = parse_text(text, as_of=AS_OF)
    echoed = " ".join(result.understood + result.unread)
    for live in ("@everyone", "@here", "<@", "<#", "<!", "@"):
        assert live not in echoed, echoed
    assert result.situation.contracts[0].stars == 5.0


def test_mention_digits_are_not_amounts() -> None:
    result = parse_text("<@123456> paid $50 on the job <#987654>", as_of=AS_OF)
    assert [c.earnings for c in result.situation.contracts] == [50.0]


def test_unread_pieces_are_short() -> None:
    long_sentence = "and then the thing that was said " * 10 + "."
    result = parse_text(long_sentence + " The job paid $100.", as_of=AS_OF)
    assert result.unread and all(len(piece) <= 80 for piece in result.unread)


def test_markdown_emoji_and_other_scripts() -> None:
    text = "# My case\n> **$2,500** job ✅ 😀\n- 5⭐️ from the client 顧客\n`code`"
    contract = parse_text(text, as_of=AS_OF).situation.contracts[0]
    assert contract.earnings == 2500.0 and contract.stars == 1.0 + 4


def test_neutralise_keeps_text_but_not_pings() -> None:
    assert neutralise("hi @everyone <@&5>") == "hi ＠everyone"


def test_adversarial_input_reads_in_bounded_time() -> None:
    for text in (
        "1," * 3000,
        "$" + "9" * 5999,
        "no " * 2000,
        "not yet top rated " * 333,
        "a" * 6000,
        "3 other contracts of " * 285,
        "⭐" * 6000,
    ):
        with contextlib.suppress(ParseError):
            parse_situation(text[:MAX_INPUT_CHARS], as_of=AS_OF)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_raises_only_parse_errors(text: str) -> None:
    try:
        parse_situation(text, as_of=AS_OF)
    except ParseError as error:
        assert str(error)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(GRAMMAR_WORDS) | st.text(max_size=5), max_size=60), st.dates())
def test_grammar_word_soup_raises_only_parse_errors(words: list[str], as_of: date) -> None:
    try:
        result = parse_situation(" ".join(words), as_of=as_of)
    except ParseError:
        return
    echoed = " ".join(result.understood + result.unread)
    assert "@everyone" not in echoed and "<@" not in echoed
