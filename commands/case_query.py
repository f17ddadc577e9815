"""What moderators type after `/jss case search` and `/jss case stats`, read into queries.

Search: `tag:threat advice:ask-support ruleset:2025 since:2026-01-01 until:2026-03-31
page:2` plus free words (all must appear in the bot-written summary); `after:<code>`
continues after a page, with the code its footer gives.
Stats period: `30d`, `12w`, `2026-01-01..2026-03-31` (either end may be left open).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from commands.command_line import UsageError
from storage.interface import CaseQuery

FILTERS = ("tag", "advice", "ruleset", "since", "until", "page", "after")
# Numbered pages stay within the matches a search counts anyway (10 a page, 1,000
# counted); later pages go by `after:`, which costs the same however deep it is.
MAX_PAGE = 100
_CURSOR_RE = re.compile(r"^[0-9a-f]{1,16}$")
_FILTER_RE = re.compile(r"^([A-Za-z_-]+):(.*)$")
_RELATIVE_RE = re.compile(r"^(\d{1,4})\s*([dw])$")
DEFAULT_PERIOD_WEEKS = 12
PER_PAGE = 10


def _date(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{what} needs a date like 2026-01-31, not `{value[:20]}`.") from None


def parse_case_query(text: str) -> CaseQuery:
    """A CaseQuery from the moderator's search text; UsageError says what to fix."""
    tags: list[str] = []
    advice: list[str] = []
    ruleset: str | None = None
    since: date | None = None
    until: date | None = None
    page = 1
    cursor: str | None = None
    words: list[str] = []
    for token in text.split():
        match = _FILTER_RE.match(token)
        if match is None:
            words.append(token)
            continue
        name, value = match[1].lower(), match[2].strip()
        if name not in FILTERS:
            raise UsageError(
                f"I don't know the filter `{name[:20]}:`; use "
                + ", ".join(f"`{known}:`" for known in FILTERS)
                + "."
            )
        if not value:
            raise UsageError(f"`{name}:` needs a value right after the colon.")
        if name == "tag":
            tags.append(value.lower())
        elif name == "advice":
            advice.append(value.lower())
        elif name == "ruleset":
            ruleset = value
        elif name == "since":
            since = _date(value, "`since:`")
        elif name == "until":
            until = _date(value, "`until:`")
        elif name == "after":
            cursor = _cursor(value)
        else:
            page = _page(value)
    if since and until and since > until:
        raise UsageError(f"`since:{since}` comes after `until:{until}`.")
    return CaseQuery(
        words=" ".join(words),
        tags=tuple(tags),
        advice_ids=tuple(advice),
        ruleset=ruleset,
        since=since,
        until=until,
        page=page,
        per_page=PER_PAGE,
        cursor=cursor,
    )


def _page(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise UsageError(f"`page:` needs a page number like 2, not `{value[:20]}`.")
    if int(value) > MAX_PAGE:
        raise UsageError(
            f"`page:` goes up to {MAX_PAGE}; further on, use the `after:` code "
            "that a page's footer gives."
        )
    return int(value)


def _cursor(value: str) -> str:
    if not _CURSOR_RE.match(value.lower()):
        raise UsageError(
            f"`after:` needs the code from a search page's footer, like `after:1a2b3c`, "
            f"not `{value[:20]}`."
        )
    return value.lower()


def parse_period(text: str, today: date) -> tuple[date | None, date | None]:
    """(since, until) for `/jss case stats`; nothing given means the last 12 weeks."""
    text = text.strip().lower()
    if not text:
        return today - timedelta(weeks=DEFAULT_PERIOD_WEEKS) + timedelta(days=1), today
    if text == "all":
        return None, None
    relative = _RELATIVE_RE.match(text)
    if relative:
        count, unit = int(relative[1]), relative[2]
        days = count * (7 if unit == "w" else 1)
        if days < 1:
            raise UsageError("The period must be at least one day, like 30d or 12w.")
        return today - timedelta(days=days - 1), today
    if ".." in text:
        start, _, end = text.partition("..")
        since = _date(start.strip(), "The start of the period") if start.strip() else None
        until = _date(end.strip(), "The end of the period") if end.strip() else None
        if since and until and since > until:
            raise UsageError(f"The period starts ({since}) after it ends ({until}).")
        return since, until
    raise UsageError(
        f"I can't read the period `{text[:30]}`: use 30d, 12w, all, or 2026-01-01..2026-03-31."
    )
