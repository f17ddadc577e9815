"""Long replies within Discord's embed limits, split at gentle boundaries, never mid-word."""

from __future__ import annotations

from bot.adapters.discord.render import render_reply
from commands.models import Button, ButtonAction, Reply, ReplyField, ReplySection
from commands.text_split import shorten, split_text


def test_split_prefers_paragraphs_then_lines_then_spaces() -> None:
    text = "alpha beta\n\ngamma delta\nepsilon zeta"
    assert split_text(text, 12) == ["alpha beta", "gamma delta", "epsilon zeta"]
    words = " ".join(f"word{i}" for i in range(400))
    pieces = split_text(words, 100)
    assert all(len(p) <= 100 for p in pieces)
    assert " ".join(pieces) == words  # nothing lost, no word cut


def test_shorten_marks_the_cut_and_keeps_whole_words() -> None:
    assert shorten("short enough", 20) == "short enough"
    cut = shorten("Your Job Success Score estimate", 16)
    assert cut == "Your Job…" and len(cut) <= 16


def test_a_huge_reply_respects_every_limit_and_keeps_its_buttons_last() -> None:
    line = "- **An action**: " + "some explanation words " * 8
    sections = tuple(ReplySection(f"Section {n}", "\n".join([line] * 40)) for n in range(6))
    fields = tuple(ReplyField(f"F{n}", "99%", inline=True) for n in range(30))
    buttons = (Button(ButtonAction.COMPARE, "Compare actions", "C-7K2M9"),)
    reply = Reply(
        title="T" * 300,
        summary="word " * 2000,
        fields=fields,
        sections=sections,
        buttons=buttons,
        footer="Case C-7K2M9",
    )
    messages = render_reply(reply)
    assert len(messages) > 1
    for message in messages:
        assert len(message.embeds) <= 10 and message.size() <= 6000
        for embed in message.embeds:
            data = embed.to_dict()
            assert len(data.get("title", "")) <= 256
            assert len(data.get("description", "")) <= 4096
            assert len(data.get("fields", [])) <= 25
            assert all(
                len(f["value"]) <= 1024 and len(f["name"]) <= 256 for f in data.get("fields", [])
            )
            for f in data.get("fields", []):
                assert f["value"].endswith(("words", "99%")) or f["value"].endswith(
                    "words ".strip()
                )
    assert all(m.view is None for m in messages[:-1]) and messages[-1].view is not None
    assert messages[-1].embeds[-1].footer.text == "Case C-7K2M9"
    text = " ".join(f.value for m in messages for e in m.embeds for f in e.fields)
    assert text.count("An action") == 6 * 40  # every line made it


async def test_buttons_are_sent_in_a_finished_view() -> None:
    # Rendered in the bot's loop, as the adapter does: buttons are rebuilt from their
    # custom_id, so discord.py keeps no view in memory per message sent.
    reply = Reply(title="T", buttons=(Button(ButtonAction.DETAILS, "Details", "C-7K2M9"),))
    view = render_reply(reply)[-1].view
    assert view is not None and view.is_finished()
