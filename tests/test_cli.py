"""The CLI in-process, on the real data: the public JSON contract, and clear errors on bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ma_ladder.kb.schema import TASK_IDS

from .clirun import invoke

DECISIONS = {"allowed", "allowed_with_conditions", "not_allowed", "unclear"}


def run_json(*args: str) -> dict[str, Any]:
    result = invoke([*args, "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_highest_json_follows_the_contract() -> None:
    data = run_json("highest")
    assert {"answer", "credential", "levels", "citations"} <= set(data)
    assert data["credential"] in {"CMA", "RMA", "CCMA", "NCMA", "CMAC"}
    assert "no official highest level" in data["answer"].lower()
    assert all("credentials" in lvl for lvl in data["levels"])
    assert all(c["url"].startswith("http") for c in data["citations"])


def test_highest_text_shows_answer_reasons_and_sources() -> None:
    result = invoke(["highest", "--full"])
    assert result.exit_code == 0, result.output
    assert "Sources" in result.stdout and "criteria" in result.stdout


def test_show_accepts_any_case_and_returns_the_contract_fields() -> None:
    data = run_json("show", "cma")
    assert data["id"] == "CMA" and data["issuer"] == "aama"
    assert data["renewal"]["period_months"] == 60
    assert {"eligibility", "exam", "sources"} <= set(data)


def test_show_near_miss_exits_2_with_a_suggestion() -> None:
    result = invoke(["show", "CMAA_X"])
    assert result.exit_code == 2
    assert "unknown credential" in result.stderr and "Did you mean" in result.stderr
    assert "Traceback" not in result.output


def test_show_error_is_json_on_stderr_with_json_flag() -> None:
    result = invoke(["show", "RNA", "--json"])
    assert result.exit_code == 2
    err = json.loads(result.stderr)
    assert err["error"] == "UnknownName" and "RMA" in err["suggestions"]
    assert result.stdout == ""


def test_compare_the_five_general_certifications_fills_every_cell() -> None:
    data = run_json("compare", "CMA", "RMA", "CCMA", "NCMA", "CMAC")
    assert data["credentials"] == ["CMA", "RMA", "CCMA", "NCMA", "CMAC"]
    for row, cells in data["rows"].items():
        for cid, value in cells.items():
            assert value, f"{row}/{cid} is empty"
            if value.startswith("unclear"):
                assert len(value) > len("unclear: "), f"{row}/{cid} is unclear without a reason"


def test_credentials_filters_by_track_and_rejects_unknown_tracks() -> None:
    data = run_json("credentials", "--track", "phlebotomy")
    assert data["credentials"] and all(c["track"] == "phlebotomy" for c in data["credentials"])
    result = invoke(["credentials", "--track", "phlebotmy"])
    assert result.exit_code == 2 and "phlebotomy" in result.stderr


def test_claims_cover_the_made_up_specialty_credentials() -> None:
    data = run_json("claims")
    text = json.dumps(data).lower()
    for name in ("cma-pt", "cma-ekg", "cma-coa"):
        assert name in text
    false_ones = [c for c in data["claims"] if c["verdict"] == "false"]
    assert false_ones


def test_kb_check_reports_counts() -> None:
    data = run_json("kb", "check")
    assert data["ok"] is True and data["counts"]["states"] == 51


def test_scope_single_answer_follows_the_contract() -> None:
    data = run_json("scope", "--state", "ny", "--task", "flu shot")
    assert {"state", "task", "credential", "decision", "conditions", "citations", "as_of"} <= set(data)
    assert data["state"] == "NY" and data["task"] == "injection"
    assert data["decision"] in DECISIONS
    assert data["citations"] and all({"title", "url"} <= set(c) for c in data["citations"])
    assert "not legal advice" in data["disclaimer"].lower()


def test_scope_by_state_name_lists_every_task() -> None:
    data = run_json("scope", "--state", "New York")
    assert [a["task"] for a in data["answers"]] == list(TASK_IDS)


def test_scope_task_alone_gives_51_cited_rows() -> None:
    data = run_json("scope", "--task", "injection")
    assert len(data["answers"]) == 51
    assert all(a["citations"] for a in data["answers"])


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["scope", "--state", "Nwe York", "--task", "injection"], "New York"),
        (["scope", "--state", "NY", "--task", "injektion"], "injection"),
        (["scope", "--state", "NY", "--task", "injection", "--credential", "CMX"], "Did you mean"),
        (["scope", "--state", "NY", "--task", "injection", "--on", "2025-02-30"], "YYYY-MM-DD"),
        (["scope"], "give --state, --task or both"),
        (["highest", "--weight", "eligibilty=1"], "eligibility"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(args: list[str], needle: str) -> None:
    result = invoke(args)
    assert result.exit_code == 2, result.output
    assert needle in result.stderr or needle in result.output
    assert "Traceback" not in result.output


def test_states_summarizes_51_jurisdictions() -> None:
    data = run_json("states")
    assert len(data["states"]) == 51


def test_every_printed_source_says_how_far_it_is_trusted() -> None:
    r = invoke(["scope", "--state", "FL", "--task", "iv"])
    assert r.exit_code == 0
    assert "(weak source)" in r.stdout and "(secondary source)" in r.stdout
