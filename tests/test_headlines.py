"""The first sentence answers the question asked, read from the member's own words."""

from __future__ import annotations

from datetime import date

from advice.answer import Answer
from advice.engine import advise
from commands.parsing import parse_situation

TODAY = date(2026, 12, 2)


def _answer(text: str, day: date = TODAY) -> Answer:
    parsed = parse_situation(text, as_of=day)
    return advise(parsed.situation, as_of=day, missing=parsed.missing)


def test_an_honest_rating_the_member_would_report_is_no_breach_and_its_cost_follows() -> None:
    answer = _answer(
        "Client told me he'll give me 3 stars because I missed the first deadline. He's "
        "not asking for anything. Can I report him for this? JSS 95."
    )
    assert answer.headline.startswith("No: an honest rating")
    assert "95%" in answer.headline  # what it costs, from the score the member has
    assert "report-extortion" not in [item.id for item in answer.advice]


def test_a_rating_held_over_the_member_is_manipulation() -> None:
    answer = _answer(
        "Client said in the chat: refund $200 or he leaves 1 star. JSS 97. Can he do that?"
    )
    assert answer.headline.startswith("No: holding a review over you")


def test_a_spread_the_headline_names_is_asked_about_first_whatever_the_kind() -> None:
    answer = _answer(
        "Client told me he'll give me 3 stars because I missed the first deadline. Can I "
        "report him for this? JSS 95."
    )
    assert "depending on how many jobs you have" in answer.headline
    assert answer.missing and answer.missing[0].key == "history-jobs"


def test_when_do_i_get_top_rated_below_the_line_says_what_brings_it() -> None:
    answer = _answer(
        "JSS 89, $5,200 earned this year, profile complete, my first contract was two years "
        "ago. When do I get Top Rated?"
    )
    assert answer.situation.contracts == ()  # earnings and tenure, no contract
    assert "brings 90%" in answer.headline or "bring 90%" in answer.headline


def test_a_drop_whose_cause_the_member_lists_is_answered_with_that_cause() -> None:
    answer = _answer(
        "JSS dropped from 96 to 91 in today's update. No new feedback at all. Two hourly "
        "contracts are still open, never billed a cent, the clients went quiet last summer. "
        "Could those do it?",
        date(2019, 2, 17),
    )
    assert len(answer.situation.contracts) == 2  # "no new feedback" names no contract
    assert answer.headline.startswith("Most likely a contract closed with no earnings")
    assert "96% to 91%" in answer.headline


def test_how_long_the_client_has_is_the_feedback_window_and_what_none_means() -> None:
    answer = _answer(
        "Contract ended 9 days ago ($2,100) and the client hasn't left feedback. How long "
        "does he have? And if he never does, what happens? JSS 98."
    )
    assert answer.headline.startswith("The client can leave feedback until 2026-12-07")
    assert "it does not count at all" in answer.headline
    assert "daily" in answer.headline


def test_how_long_a_contract_may_sit_quiet_has_no_published_limit() -> None:
    answer = _answer(
        "How long can an hourly contract sit with no payments before it counts against me? "
        "Mine's been quiet for 2 months. JSS 96."
    )
    assert answer.headline.startswith("No published limit")


def test_am_i_eligible_for_the_perk_is_the_perk_answer() -> None:
    answer = _answer(
        "TR, 93%. Last used the feedback removal perk in March 2024 and I've completed 11 "
        "contracts since. A client just left 3 stars on a $500 job. Can I use the perk on it?",
        date(2024, 8, 20),
    )
    assert answer.situation.freelancer.completed_since_perk == 11
    assert answer.headline.startswith("The Top Rated perk: you could use it now")


def test_a_threatened_contract_is_answered_before_a_wish_for_the_badge() -> None:
    # The README's first example: a threat and, aside, "not Top Rated yet".
    answer = _answer(
        "$0 contract, the client says he'll leave a bad review unless I do more work for "
        "free. Three other contracts of $5,600, $2,500 and $10,000, all 5 stars. Not Top "
        "Rated yet."
    )
    assert answer.question_kind.value == "impact"
    assert answer.headline.startswith("Likely 100% → 82%")


def test_will_i_lose_the_badge_says_whether_the_contract_takes_the_score_under_the_line() -> None:
    answer = _answer(
        "my jss is 91 precent and i got 2 star from client for $75 job. im toprated. will i "
        "loose badge"
    )
    assert answer.headline.startswith("Likely yes: 91% → ")
    safe = _answer(
        "JSS 99%, Top Rated, about 150 jobs. A client left 4 stars on a $40 job. Will I lose "
        "the badge?"
    )
    assert safe.headline.startswith("No: 99% → ")


def test_without_a_score_the_answer_says_how_the_contract_reads_and_asks_for_the_score() -> None:
    answer = _answer(
        "4.6 stars on my last job ($700) and the client wrote 'good but slow'. Is 4.6 bad for "
        "JSS? everything else I have is 5.0"
    )
    assert answer.headline.startswith("Likely it counts as a good job.")
    assert answer.missing[0].key == "jss"


def test_why_some_contracts_do_not_count_names_each_with_its_reason() -> None:
    answer = _answer(
        "First year on Upwork, no badge. Here's everything:\n"
        "client A - $120, 5 stars\n"
        "client B - $80, 5 stars\n"
        "client B again - $200, 4 stars\n"
        "client C - $1,000, no feedback (he ended it and never rated)\n"
        "client D - $0, I closed it because he never funded the milestone\n"
        "My JSS is 100 but I don't understand why C and D don't count. Or do they?"
    )
    # The member's own client names are kept: B twice is one client.
    assert [c.client for c in answer.situation.contracts] == ["A", "B", "B", "C", "D"]
    assert answer.headline == (
        "These do not count in your score: C: it ended without feedback; "
        "D: it earned $0 and no poor feedback came with it."
    )
