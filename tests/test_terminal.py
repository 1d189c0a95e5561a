"""Every command's text reads at 60 and 80 columns: no line too long, no word, number or URL split.

A split is found where a line ends in the first part of a value from the command's own JSON twin
and the next line starts with the rest ("Nationa" / "l", "$123,86" / "0"): the two parts joined are
(part of) one value, and they are not two words of their own. Internal ids (``not_eligible``,
``allowed_with_conditions``) must not reach the text at all.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator

import pytest

from .clirun import invoke

COMMANDS = [
    ["highest"],
    ["ladder"],
    ["credentials"],
    ["show", "CMA"],
    ["show", "WA:MA-C"],
    ["show", "AAMA"],
    ["show", "phlebotomist"],
    ["ask", "can a medical assistant in connecticut give vaccines"],
    ["compare", "CMA", "RMA", "CCMA"],
    ["claims"],
    ["organizations"],
    ["scope", "--state", "CT", "--task", "injection"],
    ["scope", "--state", "TX"],
    ["scope", "--task", "injection"],
    ["states"],
    ["wages"],
    ["wages", "--state", "WA"],
    ["plan", "--goal", "CMA", "--state", "TX"],
    ["plan", "--goal", "task:injection@WA"],
    ["eligible", "--state", "TX", "--high-school"],
]
IDS = re.compile(r"\b(?:not_eligible|allowed_with_conditions|not_allowed|physician_assistant|general_delegation)\b")


def _tokens(value: object) -> Iterator[str]:
    """Every whitespace-free piece of every string or number in a JSON document."""
    if isinstance(value, dict):
        for v in value.values():
            yield from _tokens(v)
    elif isinstance(value, list):
        for v in value:
            yield from _tokens(v)
    elif isinstance(value, str):
        yield from value.split()
    elif isinstance(value, int | float) and not isinstance(value, bool):
        yield f"{value:,.0f}" if isinstance(value, float) and value >= 1000 else str(value)


def splits(text: str, tokens: set[str]) -> list[str]:
    """Line breaks that cut one token of the JSON in two."""
    lines = text.splitlines()
    found = []
    for above, below in itertools.pairwise(lines):
        a = above.rstrip().split(" ")[-1] if above.strip() else ""
        b = below.lstrip().split(" ")[0] if below.strip() else ""
        if not a or not b or (a in tokens and b in tokens):
            continue
        if any(a + b in t for t in tokens if len(t) >= len(a + b)):
            found.append(f"{a!r} | {b!r}")
    return found


@pytest.mark.parametrize("columns", [60, 80])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_command_fits_the_terminal(args: list[str], columns: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    text = invoke(args)
    assert text.exit_code == 0, text.output
    twin = invoke([*args, "--json"])
    assert twin.exit_code == 0, twin.output
    tokens = set(_tokens(json.loads(twin.stdout)))
    long = [line for line in text.stdout.splitlines() if len(line) > columns and "://" not in line]
    assert not long, f"lines wider than {columns}: {long[:3]}"
    cut = splits(text.stdout, tokens)
    assert not cut, f"values split across lines: {cut[:5]}"
    ids = IDS.findall(text.stdout)
    assert not ids, f"internal ids in the text: {sorted(set(ids))}"


def test_the_split_check_catches_a_split_number_and_word() -> None:
    tokens = {"National", "$123,860", "Washington"}
    assert splits("  Nationa\nl median", tokens) == ["'Nationa' | 'l'"]
    assert splits("pay $123,86\n0 a year", tokens) == ["'$123,86' | '0'"]
    assert splits("National\nWashington", tokens) == []


ROSTER_COMMANDS = [
    ["roster", "status"],
    ["roster", "status", "--full"],
    ["roster", "expiring", "--days", "120"],
    ["roster", "tasks"],
    ["roster", "tasks", "--full"],
    ["roster", "order-entry", "--on", "2017-06-01"],
    ["roster", "audit"],
    ["roster", "org", "list"],
]
ROSTER_CSV = """Employee ID,Full Name,Work State,Certification,Date Certified,Last Renewal,Duties,Injection Hours
E1,Ana Ruiz,CA,CMA,3/14/2019,2024-03-01,vital signs; injection; ekg,12
E1,Ana Ruiz,CA,CPT,1/5/2025,,vital signs; injection; ekg,12
E2,Li Chen,WA,MA-C,5-Jan-2022,,venipuncture | vitals,
E3,Nadia Okafor,NY,CCMA,2/1/2025,,injection; order entry,
E4,Sam Brown,TX,,,,scheduling,
"""


@pytest.fixture(scope="module")
def roster_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A small roster with someone expiring, someone flagged and someone unclear, in its own SQLite file."""
    folder = tmp_path_factory.mktemp("roster")
    url = f"sqlite:///{folder / 'roster.sqlite'}"
    (folder / "staff.csv").write_text(ROSTER_CSV, encoding="utf-8")
    assert invoke(["roster", "org", "create", "Valley Clinic", "--db", url]).exit_code == 0
    done = invoke(["roster", "import", str(folder / "staff.csv"), "--org", "valley-clinic", "--db", url])
    assert done.exit_code == 0, done.output
    return url


@pytest.mark.parametrize("columns", [60, 80])
@pytest.mark.parametrize("args", ROSTER_COMMANDS, ids=" ".join)
def test_every_roster_command_fits_the_terminal(
    args: list[str], columns: int, roster_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = [] if args[1] == "org" else ["--org", "valley-clinic"]
    when = ["--on", "2026-12-01"] if args[1] in ("status", "expiring", "tasks") else []
    test_every_command_fits_the_terminal([*args, *org, *when, "--db", roster_db], columns, monkeypatch)
