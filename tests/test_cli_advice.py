"""The path commands in-process: eligible, plan, advise, wages; contract fields and bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .clirun import invoke


def run_json(*args: str, code: int = 0) -> dict[str, Any]:
    result = invoke([*args, "--json"])
    assert result.exit_code == code, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_plan_json_follows_the_contract_for_the_texas_cardiology_case() -> None:
    data = run_json("plan", "--goal", "cardiology", "--state", "Texas", "--high-school")
    assert {"goal", "paths", "citations"} <= set(data)
    assert data["paths"] and all({"months", "cost_usd", "steps"} <= set(p) for p in data["paths"])
    assert data["fastest"] is not None and data["cheapest"] is not None
    assert all(c["url"].startswith("http") for c in data["citations"])


def test_an_unreachable_goal_says_why_and_exits_1() -> None:
    data = run_json("plan", "--goal", "pay", "--state", "TX", code=1)
    assert data["paths"] == [] and data["unreachable"]


def test_eligible_lists_every_credential_with_a_status() -> None:
    data = run_json("eligible", "--high-school", "--experience-months", "12")
    statuses = {c["credential"]: c["status"] for c in data["credentials"]}
    assert statuses["CCMA"] in {"eligible", "eligible_to_confirm"} and statuses["CMA"] == "not_eligible"


def test_advise_ranks_and_shows_state_pay() -> None:
    data = run_json("advise", "--state", "TX", "--high-school", "--interest", "ekg")
    recs = data["recommendations"]
    assert [r["rank"] for r in recs] == list(range(1, len(recs) + 1))
    assert {r["credential"] for r in recs} <= {"CET", "NCET"}
    assert any("no public data ties pay" in h.lower() for h in data["honest"])
    assert all(w["area"] == "Texas" for w in data["rungs"])


def test_advise_asks_questions_when_interactive() -> None:
    answers = "\n".join(["TX", "y", "none", "0", "n", "none", "ekg", "0"]) + "\n"
    result = invoke(["advise", "--interactive"], input=answers)
    assert result.exit_code == 0, result.output
    assert "Your state" in result.output and "What each rung pays" in result.output


def test_wages_json_follows_the_contract() -> None:
    data = run_json("wages", "--state", "tx", "--occupation", "31-9092")
    assert data["release"] == "May 2025"
    row = data["rows"][-1]
    assert {"area", "soc", "title", "employment", "median_annual", "p10_annual", "p90_annual"} <= set(row)


def test_wages_plot_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "tx.svg"
    result = invoke(["wages", "--state", "TX", "--plot", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().lstrip().startswith("<?xml")


@pytest.mark.parametrize(
    ("content", "needles"),
    [
        (
            "state: TX\nprogram:\n  status: graduated\n  enrolled_on: 2024-09-01\n  graduated_on: 2023-06-01\n",
            ["profile.yaml:2: program", "graduated_on (2023-06-01) is before enrolled_on"],
        ),
        ("state: TX\ncredentials:\n  - id: CMX\n", ["credentials.0.id", "Did you mean"]),
        ("state: Texs\n", ["profile field state", "TX (Texas)"]),
        ("state: TX\nintrests: [ekg]\n", ["profile.yaml:2: intrests: Extra inputs are not permitted"]),
        ("state: [TX\n", ["invalid YAML"]),
        ("- TX\n", ["a profile is a mapping"]),
    ],
)
def test_a_bad_profile_names_the_field_and_exits_2(tmp_path: Path, content: str, needles: list[str]) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text(content)
    result = invoke(["plan", "--goal", "CMA", "--profile", str(path)])
    assert result.exit_code == 2, result.output
    for needle in needles:
        assert needle in result.stderr, result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["plan", "--goal", "astronaut"], "unknown goal"),
        (["plan", "--goal", "task:injection"], "needs a state"),
        (["plan", "--goal", "CMA", "--override", "program:ma-certificate.months=ten"], "KEY=NUMBER"),
        (["wages", "--metro", "Atlantis"], "unknown metro area"),
        (["wages", "--plot", "chart.pdf"], ".png or .svg"),
        (["advise", "--no-interactive", "--interest", "astronomy"], "interests"),
    ],
)
def test_bad_path_input_exits_2(args: list[str], needle: str) -> None:
    result = invoke(args)
    assert result.exit_code == 2, result.output
    assert needle in result.stderr


def test_advise_weighs_the_stated_goals() -> None:
    data = run_json("advise", "--state", "TX", "--high-school", "--goal", "practice manager", "--no-interactive")
    recs = {r["credential"]: r for r in data["recommendations"]}
    assert "CMM" in recs
    assert any("stated goals" in reason["text"] for reason in recs["CMM"]["reasons"])
