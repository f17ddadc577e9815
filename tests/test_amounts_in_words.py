"""Amounts and counts as members write them: in words, several at one price, ranges."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commands.parsing import ParseError, parse_text
from commands.parsing.freetext import MAX_SENTENCES
from commands.parsing.money import digits_for_number_words

AS_OF = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("words", "digits"),
    [
        ("client paid me five hundred dollars", "client paid me 500 dollars"),
        ("twelve hundred bucks", "1200 bucks"),
        ("one for three thousand", "one for 3000"),
        ("twenty-five contracts", "25 contracts"),
        ("a hundred jobs", "100 jobs"),
        ("two $300 contracts and the $0 one", "2 $300 contracts and the $0 one"),
        ("no one knows", "no one knows"),
    ],
)
def test_number_words_become_digits_where_they_count(words: str, digits: str) -> None:
    assert digits_for_number_words(words) == digits


@given(st.integers(min_value=2, max_value=9), st.integers(min_value=1, max_value=9_999))
def test_a_count_before_an_amount_gives_that_many_contracts_of_it(count: int, amount: int) -> None:
    text = f"I have {count} ${amount:,} contracts, all ended with 5 stars. JSS 95%."
    contracts = parse_text(text, as_of=AS_OF).situation.contracts
    assert [c.earnings for c in contracts] == [float(amount)] * count


def test_a_count_at_a_price_gives_each_of_them_the_price() -> None:
    text = "Four contracts so far: two at $250, one at $1,800 and one for three thousand."
    contracts = parse_text(text, as_of=AS_OF).situation.contracts
    assert [c.earnings for c in contracts] == [250, 250, 1800, 3000]


def test_a_range_of_amounts_is_no_contract_s_earnings() -> None:
    text = "JSS 94%. Around 25 contracts, $500 to $4,000 each. A $1,200 client left 2 stars."
    contracts = parse_text(text, as_of=AS_OF).situation.contracts
    assert [c.earnings for c in contracts] == [1200]


@given(
    st.lists(st.integers(min_value=1, max_value=9_999), min_size=2, max_size=6),
    st.sampled_from(["{n}) ", "- ", "* ", "• "]),
)
def test_each_line_of_a_list_is_a_contract_of_its_own(amounts: list[int], marker: str) -> None:
    lines = [f"{marker.format(n=n)}${a:,} - 5 stars" for n, a in enumerate(amounts, 1)]
    text = "my contracts:\n" + "\n".join(lines) + "\nJSS 85%."
    contracts = parse_text(text, as_of=AS_OF).situation.contracts
    assert [(c.earnings, c.stars) for c in contracts] == [(float(a), 5.0) for a in amounts]


def test_a_list_of_one_contract_is_the_one_asked_about() -> None:
    text = (
        "- JSS 93 (TR)\n- fixed contract $1.8k, delivered\n- he hinted at bad feedback if I say no"
    )
    (contract,) = parse_text(text, as_of=AS_OF).situation.contracts
    assert contract.in_question and contract.earnings == 1800


@pytest.mark.parametrize(
    ("text", "pay", "status"),
    [
        ("I'm at 91. Have 3 ongoing hourly contracts, all paying weekly.", "hourly", "open"),
        ("JSS 95. I have 2 closed fixed-price contracts, $300 each.", "fixed", "ended"),
    ],
)
def test_what_a_group_is_called_is_said_of_each_member(text: str, pay: str, status: str) -> None:
    contracts = parse_text(text, as_of=AS_OF).situation.contracts
    assert contracts and all((c.pay.value, c.status.value) == (pay, status) for c in contracts)


def test_clients_counted_after_their_contracts_are_no_more_contracts() -> None:
    text = "I have 2 jobs from 2 different clients, both closed with feedback ($220 and $510)."
    contracts = parse_text(text, as_of=AS_OF).situation.contracts
    assert [(c.earnings, c.feedback.value) for c in contracts] == [(220, "given"), (510, "given")]


def test_the_first_and_the_second_one_are_the_group_s_members_in_order() -> None:
    text = (
        "Same client, two contracts. The first one (hourly, $2,300) ended with 5 stars. "
        "The second one, $500 fixed, he cancelled in September with 2 stars."
    )
    contracts = parse_text(text, as_of=AS_OF).situation.contracts
    assert [(c.earnings, c.stars, c.pay.value) for c in contracts] == [
        (2300, 5.0, "hourly"),
        (500, 2.0, "fixed"),
    ]


def test_a_client_again_on_a_new_line_is_another_contract() -> None:
    text = "client A - $120, 5 stars\nclient B - $80, 5 stars\nclient B again - $200, 4 stars"
    contracts = parse_text(text, as_of=AS_OF).situation.contracts
    assert [(c.earnings, c.stars) for c in contracts] == [(120, 5.0), (80, 5.0), (200, 4.0)]


def test_the_line_naming_the_current_one_is_the_contract_asked_about() -> None:
    text = "1) $1,200 - 5 stars\n2) $0 - current one, client wants to cancel\nJSS 85%."
    contracts = parse_text(text, as_of=AS_OF).situation.contracts
    asked = [c for c in contracts if c.in_question]
    assert len(contracts) == 2 and [(c.earnings, c.status.value) for c in asked] == [(0, "open")]


def test_counts_past_the_limit_are_refused_without_being_built() -> None:
    text = "I had 500 other contracts and they were all good. " * 100
    with pytest.raises(ParseError, match="50000 contracts is more than the 500"):
        parse_text(text[:6000], as_of=AS_OF)


def test_a_history_past_the_limit_with_a_stated_score_is_counted() -> None:
    text = "Since 2014, roughly 500 jobs lifetime, 99% JSS. One contract open, $3,000 paid."
    situation = parse_text(text, as_of=AS_OF).situation
    assert (len(situation.contracts), situation.freelancer.jobs) == (1, 500)


def test_a_post_is_read_up_to_its_sentence_budget_and_says_so() -> None:
    text = "The $300 contract ended with 5 stars. " + "It is ok.\n" * (MAX_SENTENCES + 20)
    result = parse_text(text[:6000], as_of=AS_OF)
    assert [c.earnings for c in result.situation.contracts] == [300]
    assert any("read up to" in line for line in result.unread)


def test_a_post_is_read_up_to_its_token_budget_and_says_so() -> None:
    text = ("JSS 92%. $300 contract. " + "0 3 92% " * 800)[:6000]
    result = parse_text(text, as_of=AS_OF)
    assert result.situation.freelancer.shown_jss == 92
    assert any("read up to" in line for line in result.unread)
