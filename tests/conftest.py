"""Shared fixtures: the real knowledge base, loaded once per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import ma_ladder
from ma_ladder.kb import KnowledgeBase

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the compiled cache of test runs out of the user's home."""
    mp = pytest.MonkeyPatch()
    mp.setenv("MA_LADDER_CACHE", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def kb(_private_cache: None) -> KnowledgeBase:
    return ma_ladder.load()
