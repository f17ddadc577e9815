"""DATABASE_URL to store."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from storage.factory import open_store
from storage.postgres import PostgresCaseStore
from storage.sqlite import SqliteCaseStore
from tests.storage_fixtures import draft


def test_sqlite_urls_give_relative_and_absolute_paths() -> None:
    relative = open_store("sqlite:///data/cases.db")
    assert isinstance(relative, SqliteCaseStore) and relative.path == "data/cases.db"
    absolute = open_store("sqlite:////var/lib/jss/cases.db")
    assert isinstance(absolute, SqliteCaseStore) and absolute.path == "/var/lib/jss/cases.db"


@pytest.mark.parametrize("url", ["postgresql://u@db:5432/cases", "postgres://u@db/cases"])
def test_postgres_urls_give_the_postgres_store(url: str) -> None:
    assert isinstance(open_store(url), PostgresCaseStore)


@pytest.mark.parametrize("url", ["mysql://u:pw@db/cases", "cases.db", "sqlite:///", ""])
def test_other_urls_are_refused_with_an_example(url: str) -> None:
    with pytest.raises(ValueError, match="sqlite:///") as caught:
        open_store(url)
    assert "pw" not in str(caught.value)


async def test_the_sqlite_store_creates_its_folders(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path}/a/b/cases.db")
    await store.start()
    try:
        assert (tmp_path / "a" / "b" / "cases.db").is_file()
    finally:
        await store.close()


def _nice_values() -> dict[int, int]:
    """This process's threads, by native id, with their nice values (Linux /proc)."""
    values = {}
    for stat in Path("/proc/self/task").glob("*/stat"):
        fields = stat.read_text().rsplit(")", 1)[1].split()
        values[int(stat.parent.name)] = int(fields[16])  # field 19 of stat: nice
    return values


@pytest.mark.skipif(sys.platform != "linux", reason="only Linux gives threads their own nice")
async def test_the_case_logs_thread_stands_back_and_the_loops_does_not(tmp_path: Path) -> None:
    before = _nice_values()
    store = open_store(f"sqlite:///{tmp_path / 'cases.db'}", thread_niceness=3)
    await store.start()
    try:
        after = _nice_values()
        loop_thread = threading.get_native_id()
        assert after[loop_thread] == before[loop_thread]
        started = [nice for thread, nice in after.items() if thread not in before]
        assert started == [before[loop_thread] + 3]  # the connection's thread, alone
        case_id = await store.record(draft())
        assert await store.get(case_id) is not None
    finally:
        await store.close()
