"""The console adapter: the same `/jss` commands as on Discord and Slack, in a terminal.

Works interactively and with piped input (one command per line, exits at end
of input). The member is the local operating-system user, so their cases can be
found again on the next run.
"""

from __future__ import annotations

import asyncio
import getpass
import sys
import threading
import uuid
from dataclasses import replace
from typing import TextIO

from bot.adapters.base import DEFAULT_GRACE, Adapter, Grace
from bot.adapters.registry import AdapterEnv
from bot.adapters.terminal import terminal_text
from commands.command_line import split_command
from commands.dispatcher import Dispatcher
from commands.models import ChannelKind, Form, Invocation

QUIT_WORDS = frozenset({"quit", "exit", "/quit", "/exit"})
SHUTDOWN_APOLOGY = "Sorry, the bot is shutting down and could not answer that; please ask again."


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
    ) -> None:
        super().__init__(dispatcher)
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
        )
        self._stopping = False

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
        spec, rest = split_command(line)
        if spec is not None and spec.opens_form and not rest:
            line = f"{line} {await self._read_story()}"
        template = replace(self._template, event_id=uuid.uuid4().hex)
        reply = await self.dispatcher.dispatch_line(line, template)
        self._write(terminal_text(reply, color=self._interactive))
        if reply.form is not None:
            await self._fill_form(reply.form, template)

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
            reply = await self.dispatcher.dispatch(submitted)
            self._write(terminal_text(reply, color=self._interactive))

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


def build(env: AdapterEnv) -> ConsoleAdapter:
    """The console adapter on stdin/stdout."""
    return ConsoleAdapter(
        env.dispatcher,
        moderator=env.console_moderator,
        grace=Grace.of(env.settings.shutdown_timeout),
    )
