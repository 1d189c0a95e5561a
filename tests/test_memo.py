"""Memoised answers: a hit prints exactly what a fresh run prints, and any change is a miss."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ma_ladder import memo


@pytest.fixture
def memo_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MA_LADDER_CACHE", str(tmp_path))
    monkeypatch.delenv("MA_LADDER_NO_MEMO", raising=False)
    monkeypatch.delenv("MA_LADDER_NO_CACHE", raising=False)
    return tmp_path / "ma-ladder" / "responses"


def test_a_hit_prints_what_a_fresh_run_printed(memo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert memo.run(["show", "cma", "--json"]) == 0
    fresh = capsys.readouterr().out
    assert len(list(memo_dir.glob("*.json"))) == 1
    assert memo.run(["show", "cma", "--json"]) == 0
    assert capsys.readouterr().out == fresh
    assert json.loads(fresh)["id"] == "CMA"


def test_failures_text_output_and_file_arguments_are_never_stored(
    memo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert memo.run(["show", "nope", "--json"]) == 2
    assert memo.run(["show", "cma"]) == 0
    assert not memo.cacheable(["plan", "--goal", "CMA", "--profile", "p.yaml", "--json"])
    assert not memo.cacheable(["advise", "--json"])
    capsys.readouterr()
    assert not memo_dir.exists() or not list(memo_dir.glob("*.json"))


def test_a_changed_data_file_changes_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "knowledge").mkdir(parents=True)
    data = pkg / "knowledge" / "x.yaml"
    data.write_text("a: 1\n")
    monkeypatch.setattr(memo, "PACKAGE", pkg)
    before = memo.key(["highest", "--json"])
    data.write_text("a: 22\n")
    os.utime(data, ns=(1, 1))
    assert memo.key(["highest", "--json"]) != before
    assert memo.key(["highest", "--json"]) != memo.key(["ladder", "--json"])
