"""The advisor's index kept on disk: reused while data and code match, rebuilt otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.advisor import index_cache
from bot.core.advisor.engine import Advisor
from bot.core.advisor.referentiel import TOOL_FILES, load


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COOPILOTE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("COOPILOTE_NO_CACHE", raising=False)
    return tmp_path


def test_built_once_then_read_back(folder: Path):
    builds = []

    def build() -> Advisor:
        builds.append(1)
        return Advisor(load())

    first = index_cache.cached("advisor", TOOL_FILES, build)
    second = index_cache.cached("advisor", TOOL_FILES, build)
    assert len(builds) == 1
    assert len(list(folder.glob("advisor-*.pickle"))) == 1
    need = "vendre des billets pour notre spectacle, sans frais"
    assert [m.family.name for m in first.advise(need).matches] == [
        m.family.name for m in second.advise(need).matches
    ]
    assert [t.name for t in first.advise(need).matches[0].tools] == [
        t.name for t in second.advise(need).matches[0].tools
    ]


def test_a_damaged_file_is_rebuilt(folder: Path):
    index_cache.cached("advisor", TOOL_FILES, lambda: {"v": 1})
    (path,) = folder.glob("advisor-*.pickle")
    path.write_bytes(b"not a pickle")
    assert index_cache.cached("advisor", TOOL_FILES, lambda: {"v": 2}) == {"v": 2}
    assert index_cache.cached("advisor", TOOL_FILES, lambda: {"v": 3}) == {"v": 2}


def test_an_unwritable_folder_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("COOPILOTE_CACHE_DIR", str(blocker / "below"))
    assert index_cache.cached("advisor", TOOL_FILES, lambda: 42) == 42
