"""The CLI as a separate process and as an installed package, the way people and scripts run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .clirun import invoke

ROOT = Path(__file__).parent.parent
BIN = Path(sys.executable).parent / "ma-ladder"


def _strict(text: str) -> Any:
    """Parse JSON, refusing NaN and Infinity (Python's json accepts them by default)."""

    def refuse(name: str) -> None:
        raise ValueError(f"not strict JSON: {name}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize(
    "args",
    [
        ["highest"],
        ["ladder"],
        ["credentials"],
        ["show", "CMA"],
        ["compare", "CMA", "RMA", "CCMA", "NCMA", "CMAC"],
        ["claims"],
        ["scope", "--state", "WA", "--task", "injection", "--credential", "WA:MA-C"],
        ["scope", "--state", "TX"],
        ["scope", "--task", "injection", "--on", "2015-01-01"],
        ["states"],
        ["eligible", "--state", "TX", "--budget", "2500"],
        ["plan", "--goal", "cardiology", "--state", "TX", "--high-school"],
        ["advise", "--state", "WA", "--budget", "3000"],
        ["wages", "--state", "TX"],
        ["kb", "check"],
        ["--version"],
    ],
    ids=lambda a: " ".join(a),
)
def test_every_json_output_is_strict_json(args: list[str]) -> None:
    result = invoke([*args, "--json"])
    assert result.exit_code == 0, result.output
    data = _strict(result.stdout)
    assert isinstance(data, dict)


def test_the_serializer_writes_no_nan_or_infinity() -> None:
    from ma_ladder import serialize

    assert _strict(serialize.to_json({"a": float("nan"), "b": float("inf"), "c": -float("inf")}).decode()) == {
        "a": None,
        "b": None,
        "c": None,
    }


@pytest.mark.parametrize("budget", ["inf", "nan", "1e400", "-inf"])
def test_a_budget_that_is_not_a_finite_number_is_refused(budget: str) -> None:
    """It used to be accepted and then shown as null, hiding the typo (review finding)."""
    result = invoke(["eligible", "--state", "TX", f"--budget={budget}", "--json"])
    assert result.exit_code == 2
    assert "--budget" in _strict(result.stderr)["message"]


def test_no_stdout_at_all_is_quiet() -> None:
    """``ma-ladder … >&-`` used to print an internal error and a traceback (review finding)."""
    proc = subprocess.run(f"'{BIN}' states --json >&-", shell=True, capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr


def test_a_closed_pipe_ends_the_program_quietly() -> None:
    """``ma-ladder … | head`` used to end in a BrokenPipeError traceback."""
    for args in (["scope", "--task", "injection", "--json"], ["claims"]):
        proc = subprocess.Popen([str(BIN), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.read(10)
        proc.stdout.close()  # the reader goes away, as head does
        err = proc.stderr.read().decode()
        proc.wait(timeout=30)
        assert err == "", err
        assert proc.returncode in (0, 1)


def test_version_names_the_code_and_the_data_set() -> None:
    result = invoke(["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("ma-ladder 0.") and "data set 2026." in result.stdout


def test_usage_errors_follow_json_too() -> None:
    result = invoke(["scope", "--stat", "TX", "--json"])
    assert result.exit_code == 2
    err = _strict(result.stderr)
    assert "unknown option '--stat'" in err["message"] and err["suggestions"][0] == "--state"


def test_a_wheel_installs_outside_the_repository_and_answers_there(tmp_path: Path) -> None:
    """Build a wheel, install it in a new virtual environment, answer with an empty, unwritable cache."""
    pip = [sys.executable, "-m", "pip"]
    subprocess.run([*pip, "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"), str(ROOT)], check=True)
    wheel = next((tmp_path / "dist").glob("ma_ladder-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], check=True)
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")} | {
        "MA_LADDER_CACHE": str(blocker)
    }
    out = subprocess.run(
        [str(venv / "bin" / "ma-ladder"), "scope", "--state", "CA", "--task", "injection", "--credential", "CMA",
         "--json"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    answer = _strict(out.stdout)
    assert answer["decision"] == "allowed_with_conditions"
    assert answer["citations"][0]["citation"] == "Cal. Bus. & Prof. Code § 2069"
    site = next((venv / "lib").glob("python3*/site-packages/ma_ladder"))
    assert str(site) not in str(ROOT) and list((site / "kb" / "compiled").glob("kb-*.pickle"))
    probe = "import ma_ladder.kb as k, ma_ladder.kb.compiled as c; print(c.read(c.key(), [c.SHIPPED]) is not None)"
    shipped = subprocess.run([str(venv / "bin" / "python"), "-c", probe], env=env, capture_output=True, text=True)
    assert shipped.stdout.strip() == "True", "the wheel's compiled copy matches the installed files' key"


def test_kb_without_a_command_is_a_usage_error() -> None:
    result = invoke(["kb", "--json"])
    assert result.exit_code == 2
    assert "kb check" in _strict(result.stderr)["message"]
