"""Broken knowledge-base files and the message each must produce (file, line and field).

Each case in ``bad_data/*.yaml`` overlays one file on a small valid knowledge base and names the
text the error must contain.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from ma_ladder.errors import KnowledgeBaseError
from ma_ladder.kb import build

from .conftest import FIXTURES

CASES = sorted((Path(__file__).parent / "bad_data").glob("*.yaml"))


def _case(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text())
    return data


def test_the_fixture_knowledge_base_is_valid(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "kb", tmp_path / "knowledge")
    kb = build(tmp_path / "knowledge")
    assert "CMA" in kb.credentials


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_file_is_reported_with_file_line_and_field(case: Path, tmp_path: Path) -> None:
    spec = _case(case)
    root = tmp_path / "knowledge"
    shutil.copytree(FIXTURES / "kb", root)
    target = root / spec["file"]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(spec["content"])
    with pytest.raises(KnowledgeBaseError) as err:
        build(root)
    message = str(err.value)
    for expected in spec["expect"]:
        assert expected in message, message
