"""The console adapter: the same `/jss` commands as on Discord and Slack, in a terminal.

Works interactively and with piped input (one command per line, exits at end
of input). The member is the local operating-system user, so their cases can be
found again on the next run.

After an answer the console is its conversation: the answer's questions are a
numbered prompt (a number picks that choice), and a line that does not start
with `/` adds to the answer in words.
"""

from __future__ import annotations

import asyncio
import getpass
import sys
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from bot.adapters.base import DEFAULT_GRACE, Adapter, Grace
from bot.adapters.registry import AdapterEnv
from bot.adapters.terminal import terminal_text
from commands.charts.render import chart_filename
from commands.command_line import split_command
from commands.dispatcher import Dispatcher
from commands.models import ChannelKind, Form, Invocation, Question, Reply
from commands.render import ANSWER_TITLE

QUIT_WORDS = frozenset({"quit", "exit", "/quit", "/exit"})
SHUTDOWN_APOLOGY = "Sorry, the bot is shutting down and could not answer that; please ask again."
CONVERSATION = "console"
"""The console is one conversation: the member's next words continue their last answer."""


@dataclass(frozen=True)
class Pick:
    """One numbered choice of the prompt under an answer: what typing its number answers."""

    case_id: str
    key: str
    value: str

    def options(self) -> dict[str, str]:
        """The options of the `answer` command that sets this choice."""
        return {"case": self.case_id, "key": self.key, "value": self.value}


def numbered_prompt(case_id: str, questions: Sequence[Question]) -> tuple[str, tuple[Pick, ...]]:
    """The questions with choices as one numbered list, numbered across questions, and
    the pick each number stands for; ("", ()) when no question has choices."""
    lines: list[str] = []
    picks: list[Pick] = []
    for question in questions:
        if not question.choices:
            continue  # answered in words: the answer already asks it
        lines.append(question.text)
        for choice in question.choices:
            picks.append(Pick(case_id, question.key, choice.value))
            lines.append(f"  {len(picks)}. {choice.label}")
    if not picks:
        return "", ()
    head = "Type a number to answer, or tell me more in words:"
    return "\n".join([head, *lines]), tuple(picks)


class ConsoleAdapter(Adapter):
    """Reads commands line by line, answers on the output stream."""

    name = "console"

    def __init__(
        self,
        dispatcher: Dispatcher,
        *,
        moderator: bool = False,
        input_stream: TextIO | None = None,
        output_stream: TextIO | None = None,
        grace: Grace = DEFAULT_GRACE,
        chart_dir: Path | None = None,
    ) -> None:
        super().__init__(dispatcher)
        self._chart_dir = chart_dir
        self._grace = grace
        self._input = input_stream or sys.stdin
        self._output = output_stream or sys.stdout
        self._interactive = self._input.isatty() and self._output.isatty()
        self._lines: asyncio.Queue[str | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._template = Invocation(
            platform="console",
            command="",
            options={},
            user_id=getpass.getuser(),
            channel_id="console",
            community_id="local",
            channel_kind=ChannelKind.CONSOLE,
            is_moderator=moderator,
            rate_limited=False,  # one local user: nobody to protect from them
            conversation=CONVERSATION,
        )
        self._stopping = False
        self._owed = False
        """Whether the line being worked on has had no answer yet."""
        self._answered = False  # an answer was given: plain lines continue it
        self._picks: tuple[Pick, ...] = ()

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        # A daemon thread, not the default executor: a read blocked on a terminal
        # must not keep the process alive after SIGTERM.
        threading.Thread(target=self._read_lines, args=(loop,), daemon=True).start()
        self._write("JSS helper: type /jss help for the commands, quit to leave.")
        self._task = asyncio.create_task(self._serve(), name="console-adapter")

    async def stop(self) -> None:
        """Finish the answer under way (or apologise for it), and apologise for every
        command read but not answered, so that no command goes without a word."""
        self._stopping = True
        task = self._task
        if task is not None and not task.done():
            self._lines.put_nowait(None)  # wakes a loop waiting for input
            await asyncio.wait({task}, timeout=self._grace.answers + self._grace.apology)
            if not task.done():
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
                if self._owed:  # not when only the chart of a given answer was cut short
                    self._write(SHUTDOWN_APOLOGY)
        while not self._lines.empty():
            line = self._lines.get_nowait()
            if line is not None and line.strip() and line.strip().lower() not in QUIT_WORDS:
                self._write(SHUTDOWN_APOLOGY)
        self.finished.set()

    def _read_lines(self, loop: asyncio.AbstractEventLoop) -> None:
        for line in self._input:
            loop.call_soon_threadsafe(self._lines.put_nowait, line.rstrip("\r\n"))
        loop.call_soon_threadsafe(self._lines.put_nowait, None)

    async def _serve(self) -> None:
        try:
            while not self._stopping and (line := await self._next_line()) is not None:
                if line.strip().lower() in QUIT_WORDS:
                    break
                if line.strip():
                    await self._answer(line)
        finally:
            self.finished.set()

    async def _next_line(self) -> str | None:
        if self._interactive:
            self._output.write("> ")
            self._output.flush()
        return await self._lines.get()

    async def _answer(self, line: str) -> None:
        template = replace(self._template, event_id=uuid.uuid4().hex)
        picked = self._picked(line)
        continued = self._answered and not line.lstrip().startswith("/")
        if picked is None and not continued:
            spec, rest = split_command(line)
            if spec is not None and spec.opens_form and not rest:
                line = f"{line} {await self._read_story()}"
        self._owed = True
        if picked is not None:
            reply = await self.dispatcher.dispatch(
                replace(template, command="answer", options=picked.options())
            )
        elif continued:
            reply = await self.dispatcher.dispatch(
                replace(template, command="continue", options={"text": line.strip()})
            )
        else:
            reply = await self.dispatcher.dispatch_line(line, template)
        self._show(reply)
        self._owed = False
        await self._save_chart(reply)
        if reply.form is not None:
            await self._fill_form(reply.form, template)

    async def _save_chart(self, reply: Reply) -> None:
        """The console's chart: a PNG file under the chart folder, its path printed after
        the answer (which is already out, whatever happens to the chart)."""
        if reply.chart is None or self._chart_dir is None:
            return
        services = self.dispatcher.services
        png = await services.charts.render(services.compute, reply.chart)
        if png is None:
            return
        path = self._chart_dir / chart_filename(reply)
        try:
            await asyncio.to_thread(_write_file, path, png)
        except OSError as error:
            self._write(f"(the chart could not be saved: {error.strerror})")
            return
        self._write(f"Chart: {path}")

    def _picked(self, line: str) -> Pick | None:
        """The choice a line's number stands for, if the line is one of the prompt's numbers."""
        text = line.strip()
        if not text.isdigit() or not 1 <= int(text) <= len(self._picks):
            return None
        return self._picks[int(text) - 1]

    def _show(self, reply: Reply) -> None:
        """Write a reply; under an answer, its questions as the numbered prompt."""
        self._write(terminal_text(reply, color=self._interactive))
        if reply.title != ANSWER_TITLE or reply.case_id is None:
            return  # details, a refusal or a slip keep the prompt of the answer before them
        self._answered = True
        prompt, self._picks = numbered_prompt(reply.case_id, reply.questions)
        if prompt:
            self._write(prompt)

    async def _fill_form(self, form: Form, template: Invocation) -> None:
        """The console's form: one line answers it, an empty line skips it."""
        self._write(f"{form.label} (empty line to skip):")
        value = await self._lines.get()
        if value is None:
            self._lines.put_nowait(None)
            return
        if value.strip():
            submitted = replace(
                template,
                command=form.command,
                options=form.submission(value.strip()),
                event_id=uuid.uuid4().hex,
            )
            self._show(await self.dispatcher.dispatch(submitted))

    async def _read_story(self) -> str:
        """The console's form: lines of a longer story, ended by an empty line."""
        self._write("Tell me the whole story; finish with an empty line.")
        story: list[str] = []
        while (line := await self._lines.get()) is not None and line.strip():
            story.append(line.strip())
        if line is None:
            self._lines.put_nowait(None)  # the end of input still ends the session
        return " ".join(story)

    def _write(self, text: str) -> None:
        self._output.write(text + "\n\n")
        self._output.flush()


def _write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def build(env: AdapterEnv) -> ConsoleAdapter:
    """The console adapter on stdin/stdout; charts go under DATA_DIR/charts."""
    return ConsoleAdapter(
        env.dispatcher,
        moderator=env.console_moderator,
        grace=Grace.of(env.settings.shutdown_timeout),
        chart_dir=env.settings.data_dir / "charts",
    )
