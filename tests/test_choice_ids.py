"""Every question the bot asks with choices can be picked on Discord and Slack: each
pick's id fits the platform's limit and reads back as the same case, key and choice."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from advice.askable import ASKABLE, ask
from bot.adapters.discord.views import (
    CUSTOM_ID_LIMIT,
    MENU_TEMPLATE,
    PICK_TEMPLATE,
    fits,
    menu_id,
    pick_id,
)
from bot.adapters.slack.blocks import MAX_OPTION_VALUE, choice_value, read_choice
from commands.models import Question, QuestionChoice

CASE_IDS = st.from_regex(r"C-[0-9A-HJKMNP-TV-Z]{5,10}", fullmatch=True)
KEYS = st.sampled_from(sorted(key for key, row in ASKABLE.items() if row.choices))


def question(key: str, contract: int) -> Question:
    """The question as an answer carries it, for contract number `contract` if it asks
    about one."""
    full = f"contract-{contract}-{key}" if ASKABLE[key].about_contract else key
    fact = ask(full)
    return Question(
        fact.key, fact.question, tuple(QuestionChoice(c.label, c.value) for c in fact.choices)
    )


@given(CASE_IDS, KEYS, st.integers(min_value=1, max_value=999))
def test_every_pick_fits_and_reads_back_on_discord(case_id: str, key: str, contract: int) -> None:
    asked = question(key, contract)
    assert fits(asked, case_id)
    menu = MENU_TEMPLATE.fullmatch(menu_id(case_id, asked.key))
    assert menu is not None and (menu["case"], menu["key"]) == (case_id, asked.key)
    for choice in asked.choices:
        custom = pick_id(case_id, asked.key, choice.value)
        assert len(custom) <= CUSTOM_ID_LIMIT
        found = PICK_TEMPLATE.fullmatch(custom)
        assert found is not None
        assert (found["case"], found["key"], found["value"]) == (case_id, asked.key, choice.value)


@given(CASE_IDS, KEYS, st.integers(min_value=1, max_value=999))
def test_every_pick_fits_and_reads_back_on_slack(case_id: str, key: str, contract: int) -> None:
    asked = question(key, contract)
    for choice in asked.choices:
        value = choice_value(case_id, asked.key, choice.value)
        assert len(value) <= MAX_OPTION_VALUE
        assert read_choice(value) == (case_id, asked.key, choice.value)


def test_a_value_not_ours_is_no_pick() -> None:
    assert read_choice("C-ABCDE:badge") is None
    assert read_choice("::") is None
    assert not fits(Question("bad:key", "?", (QuestionChoice("Yes", "y"),)), "C-ABCDE")
