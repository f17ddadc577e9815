"""DATABASE_URL to store."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.factory import open_store
from storage.postgres import PostgresCaseStore
from storage.sqlite import SqliteCaseStore


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
