"""Reading YAML case files: one place that knows YAML 1.1 reads a bare ``on:`` key as True."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def load_cases(path: Path) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.load(path.read_text(), Loader=yaml.CSafeLoader) or []
    for case in cases:
        if True in case:  # `on: 2024-01-01` parses as {True: date}
            case["on"] = case.pop(True)
    return cases
