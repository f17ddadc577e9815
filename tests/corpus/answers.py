"""The answers corpus: member posts and what a forum veteran's answer says.

`check(post)` answers one post as `jss-helper advise` does and lists what the answer
gets wrong against `answers.toml` (its format is in `README.md` here); the test and
any bench count with it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from advice.engine import advise
from commands.parsing import parse_situation
from commands.render import ANSWER_WORDS, answer_reply, word_count

CORPUS = Path(__file__).with_name("answers.toml")
KNOWN = Path(__file__).with_name("known_answer_misses.txt")
DEFAULT_AS_OF = date(2026, 12, 2)


def posts(path: Path = CORPUS) -> list[dict[str, Any]]:
    """Every post of the corpus, as written."""
    with path.open("rb") as file:
        return list(tomllib.load(file)["post"])


def check(post: Mapping[str, Any]) -> list[str]:
    """What the bot's answer to `post` gets wrong; empty when it says what it should."""
    given = post.get("as_of")
    as_of = date.fromisoformat(str(given)) if given else DEFAULT_AS_OF
    parsed = parse_situation(post["text"], as_of=as_of)
    answer = advise(
        parsed.situation,
        as_of=parsed.situation.as_of or as_of,
        missing=parsed.missing,
    )
    document = answer.to_json()
    wrong: list[str] = []

    def expect(name: str, ok: bool, read: object) -> None:
        if not ok:
            wrong.append(f"{name}: want {post.get(name)!r}, read {read!r}")

    kind = document["question"]["kind"]
    expect("kind", kind == post["kind"], kind)
    baseline = document["baseline"]
    expect("baseline_source", baseline["source"] == post["baseline_source"], baseline["source"])
    if "baseline" in post:
        shown = baseline["shown_jss"]
        expect("baseline", shown is not None and abs(shown - post["baseline"]) < 1, shown)
    estimate = document["estimate"]
    for name in ("likely", "worst"):
        if name in post:
            low, high = post[name]
            figure = estimate[name]
            shown_figure = None if figure is None else round(figure)
            fits = shown_figure is not None and low <= shown_figure <= high
            expect(name, fits, shown_figure)
    ids = [advice["id"] for advice in document["advice"]]
    missing = [i for i in post.get("advice", []) if i not in ids]
    expect("advice", not missing, ids)
    given_wrongly = [i for i in post.get("not_advice", []) if i in ids]
    expect("not_advice", not given_wrongly, given_wrongly)
    headline = document["headline"] or ""
    absent = [word for word in post.get("headline_has", []) if word not in headline]
    expect("headline_has", not absent, headline)
    if post.get("corrections"):
        expect("corrections", bool(document["corrections"]), document["corrections"])
    words = word_count(answer_reply(answer))
    if words > ANSWER_WORDS:
        wrong.append(f"words: at most {ANSWER_WORDS}, read {words}")
    return wrong


def known_misses(path: Path = KNOWN) -> dict[str, set[str]]:
    """What the answers are known to get wrong today, by post: the first word of each
    miss ("likely", "advice"), one "post: what" a line."""
    found: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            post, what = line.split(": ", 1)
            found.setdefault(post, set()).add(what.strip())
    return found


def miss_names(wrong: list[str]) -> set[str]:
    """The names of what an answer got wrong ("likely: want ..." is "likely")."""
    return {line.split(":", 1)[0] for line in wrong}
