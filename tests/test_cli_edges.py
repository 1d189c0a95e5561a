"""Answers a person can act on: the questionnaire that asks again, and the edges of the command line.

Every bad input below gets a message that says what is wrong and how to fix it, exit code 2, and
never a stack trace; with ``--json`` every error is one JSON object on stderr.
"""

from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

from ma_ladder import questions
from ma_ladder.cli import paths as cli_paths
from ma_ladder.errors import UnknownName, listing, suggest, tidy
from ma_ladder.kb import KnowledgeBase

from .clirun import Result, invoke

CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


def json_error(result: Result) -> dict[str, Any]:
    """The one JSON object an error with --json prints on stderr (and nothing on stdout)."""
    assert result.stdout == "", result.stdout
    err: dict[str, Any] = json.loads(result.stderr)
    assert isinstance(err, dict) and err["message"], err
    return err


# The questionnaire.

ANSWERS = [
    "Texs",  # typo: asked again, with the nearest state
    "TX",
    "maybe",  # not yes or no
    "y",
    "enroled",  # typo
    "enrolled",
    "caahep",
    "2027-13-01",  # no such date
    "2027-05-31",
    "12x",  # not a whole number
    "12",
    "n",
    "CMX",  # unknown credential
    "none",
    "ekg, astronomy",  # one unknown interest
    "ekg",
    "nan",  # not an amount
    "3000",
    "99999999999999999999",  # far too many months
    "10",
    "astronaut",  # unknown goal
    "CET",
]


def _ask(kb: KnowledgeBase, answers: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[Any, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(a + "\n" for a in answers)))
    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    return cli_paths._ask(kb), err.getvalue()


def test_a_typo_asks_that_question_again_and_keeps_every_other_answer(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    who, asked = _ask(kb, ANSWERS, monkeypatch)
    assert who.state == "TX" and who.high_school is True
    assert who.program is not None and who.program.status == "enrolled"
    assert who.program.accreditation == ["caahep"] and str(who.program.expected_graduation) == "2027-05-31"
    assert who.experience_months == {"medical_assisting": 12} and who.military_medical is False
    assert who.credentials == [] and who.interests == ["ekg"]
    assert who.budget_usd == 3000 and who.months_available == 10 and who.goals == ["CET"]
    for question, why in [
        ("Your state", "Did you mean TX (Texas)?"),
        ("diploma or GED", "is not yes or no"),
        ("medical-assisting program", "Did you mean enrolled?"),
        ("expect to graduate", "is not a date"),
        ("Months of medical-assisting work", "is not a whole number"),
        ("Credentials you hold", "unknown credential 'CMX'"),
        ("What interests you", "unknown interest 'astronomy'"),
        ("Budget", "is not a number"),
        ("Months you can give", "is more than 1,200"),
        ("Goals", "unknown goal 'astronaut'"),
    ]:
        assert asked.count(question) == 2, question
        assert why in asked, why
    assert asked.count("Try again, or press Enter to skip") == 10


def test_enter_skips_every_question_and_never_means_yes(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    who, asked = _ask(kb, [""] * 20, monkeypatch)
    assert who.state is None and who.high_school is None and who.program is None
    assert who.experience_months == {} and who.military_medical is False and who.credentials == []
    assert who.interests == [] and who.budget_usd is None and who.months_available is None and who.goals == []
    assert "[" not in asked, "a question shows a default that Enter would take"


def test_the_end_of_input_skips_the_questions_left(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    who, asked = _ask(kb, ["WA", "yes", "graduated", "abhes", "2025-06-01"], monkeypatch)
    assert who.state == "WA" and who.program is not None and str(who.program.graduated_on) == "2025-06-01"
    assert "end of input" in asked and who.experience_months == {}


def test_the_questions_go_to_stderr_and_json_stays_one_object() -> None:
    result = invoke(["advise", "--interactive", "--json"], input="Texs\nTX\ny\n")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["state"] == "TX"
    assert "Your state" in result.stderr and "Your state" not in result.stdout


def test_options_given_with_interactive_are_not_asked_again() -> None:
    result = invoke(["advise", "--interactive", "--state", "NY", "--high-school", "--json"], input="")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["state"] == "NY"
    assert "Your state" not in result.stderr and "diploma" not in result.stderr


def test_an_expected_graduation_date_feeds_eligibility() -> None:
    base = ["eligible", "--high-school", "--accreditation", "abhes", "--on", "2026-11-27", "--json"]
    soon = json.loads(invoke([*base, "--expected-graduation", "2026-12-15"]).stdout)
    later = json.loads(invoke([*base, "--expected-graduation", "2027-06-15"]).stdout)
    status = {c["credential"]: c["status"] for c in soon["credentials"]}
    assert status["CMA"] == "eligible" and soon["profile"]["program"]["status"] == "enrolled"
    cma = next(c for c in later["credentials"] if c["credential"] == "CMA")
    assert cma["status"] == "not_eligible" and any("finish your program" in m for m in cma["missing"])


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--program-status", "graduated", "--expected-graduation", "2027-01-01"], "give the date as graduated_on"),
        (["--expected-graduation", "2027-02-30"], "--expected-graduation: '2027-02-30' is not a date"),
        (["--program-status", "enroled"], "Did you mean enrolled?"),
    ],
)
def test_a_bad_program_option_says_how_to_fix_it(args: list[str], needle: str) -> None:
    result = invoke(["eligible", *args])
    assert result.exit_code == 2 and needle in result.stderr, result.output


# Profile files that could only hang or crash a reader.

BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("a: &x [*x]\n", "the alias *x is inside the value &x names"),
        ("state: &s {x: *s}\n", "the alias *s is inside the value &s names"),
        ("[" * 5000 + "]" * 5000 + "\n", "nested more than 20 levels deep"),
        ("state:" + " {a:" * 5000 + " 1" + "}" * 5000 + "\n", "nested more than 20 levels deep"),
        (BOMB, "expands to more than 10,000 values"),
        ("months_available: 99999999999999999999\n", "months_available"),
        ("budget_usd: .nan\n", "budget_usd"),
        ("state: Wash.\nprogram: {status: graduated, expected_graduation: 2027-01-01}\n", "graduated_on instead"),
    ],
)
@pytest.mark.parametrize("as_json", [False, True])
def test_a_profile_file_that_cannot_be_a_profile_is_a_usage_error(
    tmp_path: Path, content: str, needle: str, as_json: bool
) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(content)
    start = time.monotonic()
    result = invoke(["advise", "--profile", str(path), *(["--json"] if as_json else [])])
    assert time.monotonic() - start < 10
    assert result.exit_code == 2, result.output
    message = json_error(result)["message"] if as_json else result.stderr
    assert needle in message and "internal error" not in message and "Traceback" not in message


@pytest.mark.parametrize("name", ["x" * 10_000, "a\x00b", "/", ""])
def test_a_profile_path_that_cannot_be_read_is_a_usage_error(name: str) -> None:
    result = invoke(["plan", "--goal", "CMA", "--profile", name, "--json"])
    assert result.exit_code == 2, result.output
    assert json_error(result)["error"] == "UsageError"


# Numbers.


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--budget", "nan"], "--budget: 'nan' is not a number"),
        (["--budget", "1e400"], "--budget: '1e400' is more than $1,000,000,000"),
        (["--budget=inf"], "is more than"),
        (["--budget", "-5"], "--budget: '-5' is negative"),
        (["--budget", "lots"], "is not an amount of dollars"),
        (["--months-available", "99999999999999999999"], "--months-available: '99999999999999999999' is more than"),
        (["--months", "99999999999999999999"], "--months: '99999999999999999999' is more than"),
        (["--months", "3.5"], "is not a whole number"),
        (["--experience-months", "9" * 5000], "is more than 1,200"),
        (["--experience-months", "-5"], "is negative"),
    ],
)
def test_bad_numbers_get_a_clear_message_and_exit_2(args: list[str], needle: str) -> None:
    for command in (["eligible"], ["plan", "--goal", "CMA"], ["advise", "--no-interactive"]):
        result = invoke([*command, *args])
        assert result.exit_code == 2, result.output
        assert needle in result.stderr, result.stderr
        err = json_error(invoke([*command, *args, "--json"]))
        assert needle in err["message"]


def test_a_budget_may_be_written_with_a_dollar_sign_and_commas() -> None:
    result = invoke(["advise", "--no-interactive", "--state", "TX", "--budget", "$3,000", "--json"])
    assert result.exit_code == 0, result.output


# State names.


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("Wash.", "WA"),
        ("Mass.", "MA"),
        ("washington dc", "DC"),
        ("Washington D.C.", "DC"),
        ("Washington, D.C.", "DC"),
        ("D.C.", "DC"),
        ("washington_dc", "DC"),
        ("Washington", "WA"),
        ("Calif.", "CA"),
        ("N.Y.", "NY"),
        ("W. Va.", "WV"),
        ("Penna.", "PA"),
        ("tex", "TX"),
    ],
)
def test_common_state_abbreviations_resolve(given: str, code: str) -> None:
    result = invoke(["scope", "--state", given, "--task", "injection", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["state"] == code


@pytest.mark.parametrize(
    ("given", "nearest"),
    [("WX", "WA"), ("Texs", "TX"), ("Nwe York", "NY"), ("Wahsington", "WA"), ("Calfornia", "CA")],
)
def test_a_near_miss_state_gets_the_nearest_ones(given: str, nearest: str) -> None:
    err = json_error(invoke(["scope", "--state", given, "--task", "injection", "--json"]))
    assert err["error"] == "UnknownName" and nearest in err["suggestions"], err
    assert err["field"] == "state"


def test_the_valid_states_are_listed_whole() -> None:
    result = invoke(["eligible", "--state", "Atlantis"])
    assert result.exit_code == 2
    listed = result.stderr.split("Valid states: ")[1].split()
    assert len(listed) == 51 and listed[-1] == "WY" and "WA," in listed and "…" not in result.stderr


def test_a_long_list_of_valid_names_is_compact_and_never_cut() -> None:
    result = invoke(["plan", "--goal", "CMA", "--override", "program:ma-certificat.cost_usd=4000"])
    assert result.exit_code == 2
    assert "program:{" in result.stderr and "exam:{" in result.stderr and "role:{" in result.stderr
    assert "ma-certificate" in result.stderr and "…" not in result.stderr
    result = invoke(["wages", "--metro", "Houstn"])
    assert result.exit_code == 2 and len(result.stderr) < 2000
    assert "in all" in result.stderr and "Houston" in result.stderr


def test_the_list_helpers() -> None:
    assert suggest("WX", ["TX", "WA", "WI", "WV", "WY", "NY"]) == ["WA", "WI", "WV"]
    assert set(suggest("AKL", ["AK", "AL"])) == {"AK", "AL"}
    assert listing(["31-9092 (Medical assistants)"] * 1 + [f"{i:02d}-0000 (x{'y' * 40})" for i in range(30)]) == (
        ", ".join(["31-9092", *(f"{i:02d}-0000" for i in range(30))])
    )
    assert "specialties" in str(UnknownName("specialty", "x", ["a"]))
    assert tidy("a\x1b[31mb\x00") == "a\\x1b[31mb\\x00" and len(tidy("x" * 10_000)) < 120


# --json everywhere, and errors of every kind.


@pytest.mark.parametrize(
    ("args", "kind", "needle"),
    [
        (["--json", "elegible"], "UnknownName", "Did you mean eligible?"),
        (["elegible", "--json"], "UnknownName", "Did you mean eligible?"),
        (["", "--json"], "UnknownName", "unknown command"),
        (["--json"], "UsageError", "name a command"),
        (["eligible", "--json", "--stat", "TX"], "UnknownName", "Did you mean --state?"),
        (["eligible", "--state", "--json"], "UsageError", "expected one argument"),
        (["plan", "--json"], "UsageError", "--goal"),
        (["show", "--json"], "UsageError", "credential"),
        (["show", "CMA", "RMA", "--json"], "UsageError", "unexpected argument 'RMA'"),
        (["kb", "chek", "--json"], "UsageError", "invalid choice"),
        (["scope", "--json", "--state", ""], "UsageError", "--state is empty"),
        (["--json", "--bogus"], "UnknownName", "unknown option '--bogus'"),
    ],
)
def test_every_usage_error_is_one_json_object_with_json(args: list[str], kind: str, needle: str) -> None:
    result = invoke(args)
    assert result.exit_code == 2, result.output
    err = json_error(result)
    assert err["error"] == kind and needle in err["message"], err
    assert "suggestions" in err and "field" in err


def test_an_unknown_name_in_json_carries_its_suggestions() -> None:
    err = json_error(invoke(["eligible", "--holds", "CMX", "--json"]))
    assert err["error"] == "UnknownName" and "CMA" in err["suggestions"] and err["field"] == "credentials.0.id"


def test_an_internal_error_is_json_with_json_and_exits_1(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("boom\x1b[2J")

    monkeypatch.setattr(questions, "highest", broken)
    result = invoke(["highest", "--json"])
    assert result.exit_code == 1
    err = json_error(result)
    assert err["error"] == "InternalError" and "RuntimeError: boom" in err["message"]
    text = invoke(["highest"])
    assert text.exit_code == 1 and "internal error" in text.stderr and not CONTROL.search(text.stderr)


@pytest.mark.parametrize("args", [["--version", "--json"], ["--json", "--version"]])
def test_version_json_prints_both_versions(args: list[str]) -> None:
    result = invoke(args)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"version", "dataset_version"} and all(data.values())


def test_version_text_prints_both_versions() -> None:
    result = invoke(["--version"])
    assert result.exit_code == 0 and re.match(r"ma-ladder \S+ \(data set \S+\)", result.stdout)


# Bad values everywhere: empty, very long, control characters, unknown names.

BAD = {
    "empty": "",
    "blank": "   ",
    "long": "x" * 10_000,
    "control": "T\x00X\x1b[31m\r\n\u202e",
    "unknown": "zzqq",
}
WHERE = {
    "eligible --state": lambda v: ["eligible", "--state", v],
    "eligible --holds": lambda v: ["eligible", "--holds", v],
    "eligible --program-status": lambda v: ["eligible", "--program-status", v],
    "eligible --accreditation": lambda v: ["eligible", "--program-status", "enrolled", "--accreditation", v],
    "eligible --program-field": lambda v: ["eligible", "--program-status", "enrolled", "--program-field", v],
    "eligible --interest": lambda v: ["eligible", "--interest", v],
    "eligible --override": lambda v: ["eligible", "--override", v],
    "eligible --on": lambda v: ["eligible", "--on", v],
    "eligible --experience-months": lambda v: ["eligible", "--experience-months", v],
    "eligible --budget": lambda v: ["eligible", "--budget", v],
    "eligible --expected-graduation": lambda v: ["eligible", "--expected-graduation", v],
    "eligible --profile": lambda v: ["eligible", "--profile", v],
    "plan --goal": lambda v: ["plan", "--goal", v],
    "plan --months": lambda v: ["plan", "--goal", "CMA", "--months", v],
    "advise --goal": lambda v: ["advise", "--no-interactive", "--goal", v],
    "advise --state": lambda v: ["advise", "--no-interactive", "--state", v],
    "scope --state": lambda v: ["scope", "--state", v],
    "scope --task": lambda v: ["scope", "--task", v],
    "scope --credential": lambda v: ["scope", "--state", "TX", "--task", "injection", "--credential", v],
    "scope --on": lambda v: ["scope", "--state", "TX", "--on", v],
    "show": lambda v: ["show", v],
    "compare": lambda v: ["compare", v],
    "compare CMA": lambda v: ["compare", "CMA", v],
    "command": lambda v: [v],
}


@pytest.mark.parametrize("value", BAD.values(), ids=BAD.keys())
@pytest.mark.parametrize("where", WHERE, ids=WHERE.keys())
def test_bad_values_are_usage_errors_everywhere(where: str, value: str) -> None:
    args = WHERE[where](value)
    result = invoke(args)
    assert result.exit_code == 2, result.output[:500]
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert result.stderr.startswith("error: ") and len(result.stderr) < 3000
    assert not CONTROL.search(result.stderr.rstrip("\n")), repr(result.stderr[:300])
    err = json_error(invoke([*args, "--json"]))
    assert err["error"] in {"UsageError", "UnknownName"} and len(err["message"]) < 3000
