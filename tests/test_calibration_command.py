"""`/jss case stats calibration` and `jss-helper calibrate --chart`: the report over
reported outcomes, for moderators of one community only, with a chart of predicted
against reported whose data are the cases' own figures.

Members ask and report their outcomes through the real dispatcher (a queue adapter,
a real SQLite store); the Discord test drives the real discord.py on the wire.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from advice.clock import FixedClock
from bot.adapters.testing import QueueAdapter
from commands.calibration import outcome_of
from commands.charts.draw import chart_png
from commands.charts.outcomes import CalibrationChart, OutcomePoint
from commands.dispatcher import Dispatcher
from commands.handlers import HANDLERS
from commands.handlers.calibration import NO_OUTCOMES
from commands.models import ReplyKind
from commands.services import Services
from storage.anonymize import IdHasher
from storage.interface import CaseDraft
from storage.sqlite import SqliteCaseStore
from storage.writer import CaseWriter
from tests.discord_wire import embed_text, running_bot
from tests.fake_discord import GUILD_ID, MODERATOR_ROLE_ID
from tests.test_cli import jss

TODAY = date(2026, 11, 23)
STORY = "JSS 92%, Top Rated, a client went silent on an open hourly contract 4 months ago"
OTHER_STORY = (
    "$0 contract, the client threatens a bad review unless I add features for free. "
    "Three other contracts of $5,600, $2,500 and $10,000, all 5 stars."
)


@dataclass
class Bot:
    adapter: QueueAdapter
    store: SqliteCaseStore
    writer: CaseWriter

    async def reported(self, story: str, outcome: str, *, user: str, community: str) -> str:
        """A member asks, then reports what their score did; the case id."""
        reply = await self.adapter.send(f"/jss check {story}", user=user, community=community)
        assert reply.case_id
        await self.writer.flush(5)
        done = await self.adapter.send(
            f"/jss outcome {reply.case_id} {outcome}", user=user, community=community
        )
        assert done.title == "Thanks, outcome recorded", done.as_text()
        return reply.case_id

    async def points(self, *case_ids: str) -> set[OutcomePoint]:
        """The chart points the stored cases should give, from their own figures."""
        points = set()
        for case_id in case_ids:
            case = await self.store.get(case_id)
            assert case is not None
            outcome = outcome_of(case)
            assert outcome is not None
            points.add(OutcomePoint(outcome.likely, outcome.reported, outcome.inside))
        return points


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[Bot]:
    clock = FixedClock(TODAY)
    store = SqliteCaseStore(tmp_path / "cases.db", clock=clock)
    await store.start()
    writer = CaseWriter(store)
    services = Services(store=store, recorder=writer, hasher=IdHasher(b"k" * 32), clock=clock)
    adapter = QueueAdapter(Dispatcher(services, HANDLERS))
    try:
        await writer.start()
        await adapter.start()
        yield Bot(adapter, store, writer)
    finally:
        await adapter.stop()
        await writer.stop()
        await store.close()


def png_size(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as image:
        image.verify()
    with Image.open(io.BytesIO(png)) as image:
        return image.size


async def test_a_moderator_sees_only_their_communitys_outcomes(bot: Bot) -> None:
    ours = [
        await bot.reported(STORY, "88%", user="member-1", community="community-1"),
        await bot.reported(OTHER_STORY, "70%", user="member-2", community="community-1"),
    ]
    theirs = await bot.reported(STORY, "60%", user="member-3", community="community-2")
    await bot.adapter.send(f"/jss check {STORY}", user="member-4")  # no outcome: not counted
    await bot.writer.flush(5)

    reply = await bot.adapter.send("/jss case stats calibration", moderator=True)
    text = reply.as_text()
    assert reply.ephemeral and reply.kind is ReplyKind.INFO
    assert "All cases: 2 cases" in reply.summary
    assert "By assumption the estimate leans on" in text and "- 2025: 2 cases" in text
    assert "- zero-dollar: 1 cases" in text and "- stated-score: 1 cases" in text
    assert isinstance(reply.chart, CalibrationChart)
    assert set(reply.chart.points) == await bot.points(*ours)
    assert "2 cases" in reply.chart.alt_text()

    other = await bot.adapter.send(
        "/jss case stats Calibration", moderator=True, community="community-2"
    )
    assert "All cases: 1 cases" in other.summary
    assert isinstance(other.chart, CalibrationChart)
    assert set(other.chart.points) == await bot.points(theirs)

    nobody = await bot.adapter.send(
        "/jss case stats calibration", moderator=True, community="community-3"
    )
    assert nobody.summary == NO_OUTCOMES and nobody.chart is None


async def test_members_are_refused_the_calibration_report(bot: Bot) -> None:
    await bot.reported(STORY, "88%", user="member-1", community="community-1")
    for community in ("community-1", None):
        reply = await bot.adapter.send(
            "/jss case stats calibration", user="member-1", community=community
        )
        assert reply.kind is ReplyKind.REFUSAL and reply.chart is None
        assert "All cases" not in reply.as_text()
    direct = await bot.adapter.send("/jss case stats calibration", moderator=True, community=None)
    assert direct.kind is ReplyKind.REFUSAL and direct.chart is None


def test_the_calibration_chart_decodes_at_chat_preview_size() -> None:
    chart = CalibrationChart((OutcomePoint(90.0, 88.0, True), OutcomePoint(85.0, 70.0, False)))
    assert png_size(chart_png(chart)) == (800, 400)
    assert "1 of 2 fell inside" in chart.alt_text()
    assert "off by 8.5 points" in chart.alt_text()  # (2 + 15) / 2


def test_calibrate_writes_its_chart_on_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "calibration.png"
    empty = jss(tmp_path, "calibrate", "--chart", str(out))
    assert empty.returncode == 0 and NO_OUTCOMES in empty.stdout and not out.exists()
    asked = jss(tmp_path, "run", "--adapter", "console", stdin=f"/jss check {STORY}\n")
    case_id = next(word for word in asked.stdout.split() if word.startswith("C-"))
    case_id = case_id.strip("*.,`()")
    jss(tmp_path, "run", "--adapter", "console", stdin=f"/jss outcome {case_id} 90%\n")
    report = jss(tmp_path, "calibrate", "--chart", str(out))
    assert report.returncode == 0, report.stderr
    assert "All cases: 1 cases" in report.stdout and f"chart: {out}" in report.stderr
    assert png_size(out.read_bytes()) == (800, 400)
    unwritable = jss(tmp_path, "calibrate", "--chart", str(tmp_path / "no" / "such" / "x.png"))
    assert unwritable.returncode != 0
    assert "the chart could not be written" in unwritable.stderr
    assert "Traceback" not in unwritable.stderr


def _draft(n: int, community: str, likely: float, tags: tuple[str, ...]) -> CaseDraft:
    estimate = {
        "best": likely + 3,
        "likely": likely,
        "worst": likely - 8,
        "question_kind": "impact",
    }
    return CaseDraft(
        f"C-CAL{n:04d}",
        f"calibration:{n}",
        date(2026, 3, 2),
        "discord",
        "slash",
        f"user-{n}",
        "channel",
        community,
        "2025",
        {},
        estimate,
        (),
        tags,
        "A case with a reported outcome.",
    )


async def test_a_discord_moderator_gets_the_report_and_its_chart(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        assert wire.services.hasher is not None
        ours = wire.services.hasher.hash("community", str(GUILD_ID))
        for n, community, likely, reported in (
            (1, ours, 90.0, "88%"),
            (2, ours, 85.0, "70%"),
            (3, "another-community", 95.0, "40%"),
        ):
            case_id = await wire.store.record(_draft(n, community, likely, ("zero-dollar",)))
            assert await wire.store.set_outcome(case_id, f"user-{n}", reported, TODAY)

        ask = wire.fake.command(
            "jss-case", "stats", roles=(MODERATOR_ROLE_ID,), period="calibration"
        )
        assert (await wire.interact(ask)).json == {"type": 5, "data": {"flags": 64}}
        shown = await wire.follow_up(ask)
        assert shown.json["flags"] == 64  # only the moderator sees it
        assert "All cases: 2 cases" in embed_text(shown)
        assert "too hopeful" not in embed_text(shown)  # 2 cases point at nothing yet
        edit = await wire.fake.wait_request(
            lambda r: r.method == "PATCH" and ask["token"] in r.path, within=60
        )
        assert png_size(edit.files["jss-calibration.png"]) == (800, 400)
        (attachment,) = edit.json["attachments"]
        assert "2 cases" in attachment["description"]  # the alt text: not the other community's
        assert "1 of 2 fell inside" in attachment["description"]

        member = wire.fake.command("jss-case", "stats", period="calibration")
        await wire.interact(member)
        refused = await wire.follow_up(member)
        assert "Moderators only" in embed_text(refused) and "cases" not in embed_text(refused)
