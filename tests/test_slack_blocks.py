"""Block Kit rendering: Slack's limits, mrkdwn, and escaping of everything we send."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from bot.adapters.slack.blocks import (
    ENTITY_TAIL,
    MAX_BLOCKS,
    MAX_HEADER_TEXT,
    MAX_SECTION_TEXT,
    detail_blocks,
    fallback_text,
    form_view,
    reply_blocks,
    summary_blocks,
)
from bot.adapters.slack.escape import escape, slack_to_plain, to_mrkdwn
from commands.models import Button, ButtonAction, Reply, ReplyField, ReplySection
from commands.text_split import split_text


def _all_text(blocks: object) -> str:
    return json.dumps(blocks)


def test_bold_and_strike_become_mrkdwn_and_controls_are_escaped() -> None:
    assert to_mrkdwn("**Likely** ~~sue~~ <!channel> & <@U1>") == (
        "*Likely* ~sue~ &lt;!channel&gt; &amp; &lt;@U1&gt;"
    )


def test_incoming_slack_text_reads_as_the_member_typed_it() -> None:
    text = "<@U123|ana> paid &lt;$500&gt; &amp; <!here> see <https://x.test|the post> <#C1|jobs>"
    assert slack_to_plain(text) == "@ana paid <$500> & @here see the post #jobs"


WORDS = st.lists(
    st.tuples(
        st.text(st.characters(blacklist_categories=("Z", "Cc")), min_size=1, max_size=40),
        st.sampled_from([" ", "\n", "\n\n", "  "]),
    ),
    max_size=600,
)


@given(WORDS)
def test_split_keeps_every_word_whole_within_the_limit(parts: list[tuple[str, str]]) -> None:
    text = "".join(word + gap for word, gap in parts)
    pieces = split_text(text, 300)
    assert all(len(piece) <= 300 for piece in pieces)
    assert [w for piece in pieces for w in piece.split()] == text.split()


def test_split_never_cuts_a_word_when_it_can_break_at_a_space() -> None:
    words = ["contract-" + str(n) for n in range(2000)]
    pieces = split_text(" ".join(words), MAX_SECTION_TEXT)
    assert len(pieces) > 1
    assert [word for piece in pieces for word in piece.split()] == words


def test_split_does_not_cut_an_escaped_entity() -> None:
    text = escape("a" * 2998 + "&&&&")
    for piece in split_text(text, MAX_SECTION_TEXT, unsplittable=ENTITY_TAIL):
        assert not piece.rstrip().endswith(("&", "&a", "&am", "&amp"))


def _answer(sections: int, body: str) -> Reply:
    return Reply(
        title="Your Job Success Score " + "x" * 200,
        summary="Likely JSS **82%**",
        fields=(ReplyField("Best", "90%"), ReplyField("Likely", "82%"), ReplyField("Worst", "64%")),
        sections=tuple(ReplySection(f"Part {n}", body) for n in range(sections)),
        buttons=(Button(ButtonAction.COMPARE, "Compare actions", "C-7K2M9"),),
        footer="Case C-7K2M9",
        case_id="C-7K2M9",
    )


def test_a_huge_answer_stays_within_slacks_limits() -> None:
    reply = _answer(80, "advice " * 1200)
    for blocks in (reply_blocks(reply), detail_blocks(reply), summary_blocks(reply)):
        assert len(blocks) <= MAX_BLOCKS
        for block in blocks:
            if block["type"] == "header":
                assert len(block["text"]["text"]) <= MAX_HEADER_TEXT
            if block["type"] == "section" and "text" in block:
                assert len(block["text"]["text"]) <= MAX_SECTION_TEXT
    full = reply_blocks(reply)
    assert full[-1]["type"] == "actions"  # buttons survive the shortening
    assert "Shortened" in _all_text(full)
    assert len(fallback_text(reply)) <= 3000


def test_summary_carries_fields_case_id_and_buttons() -> None:
    blocks = summary_blocks(_answer(1, "body"))
    types = [block["type"] for block in blocks]
    assert types == ["header", "section", "section", "context", "actions"]
    assert blocks[2]["fields"][1]["text"] == "*Likely*\n82%"
    button = blocks[4]["elements"][0]
    assert (button["action_id"], button["value"]) == ("jss-compare", "C-7K2M9")


def test_form_view_carries_what_to_run() -> None:
    view = form_view(
        title="Report outcome of a very long title",
        label="Your JSS now",
        placeholder="88%",
        metadata={"command": "outcome", "option": "result", "case": "C-7K2M9"},
        multiline=False,
        max_length=100,
    )
    assert len(view["title"]["text"]) <= 24
    assert json.loads(view["private_metadata"])["case"] == "C-7K2M9"
    assert view["blocks"][0]["element"]["max_length"] == 100
