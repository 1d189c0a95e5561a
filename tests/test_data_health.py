"""Data health on the real knowledge base: the things no single schema can promise.

Learned from PolicyEngine's code-health suite: lint the data itself, because a misplaced key or a
missing citation is a wrong answer waiting to happen.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from ma_ladder.kb import KnowledgeBase
from ma_ladder.kb.builder import KNOWLEDGE
from ma_ladder.kb.schema import TASK_IDS

PRODUCT_CREDENTIALS = {
    "CMA",
    "RMA",
    "CCMA",
    "NCMA",
    "CMAC",
    "CMAA",
    "CPT",
    "RPT",
    "NCPT",
    "PBT",
    "CET",
    "NCET",
    "COA",
    "COT",
    "COMT",
}
ISSUE_ORGANIZATIONS = {
    "aama",
    "aama-cb",
    "amt",
    "nha",
    "ncct",
    "amca",
    "ijcahpo",
    "ascp-boc",
    "caahep",
    "maerb",
    "abhes",
    "ncca",
    "pahcom",
    "cms",
}
JURISDICTIONS = set(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
    ]
)


def test_every_product_credential_is_present(kb: KnowledgeBase) -> None:
    assert PRODUCT_CREDENTIALS | {"ABR-OE"} <= set(kb.credentials)


def test_every_organization_the_issue_names_is_present(kb: KnowledgeBase) -> None:
    assert set(kb.organizations) >= ISSUE_ORGANIZATIONS


def test_all_fifty_states_and_dc_are_present(kb: KnowledgeBase) -> None:
    assert set(kb.states) == JURISDICTIONS


def test_every_jurisdiction_has_a_cited_rule_for_every_task(kb: KnowledgeBase) -> None:
    for code, st in kb.states.items():
        assert set(st.tasks) == set(TASK_IDS), code
        for task, values in st.tasks.items():
            assert values, f"{code}/{task} has no dated value"
            for start, value in values.items():
                if value is not None:
                    assert value.sources, f"{code}/{task}/{start} has no source"


def test_express_rules_cite_a_law(kb: KnowledgeBase) -> None:
    """A rule that claims a law names the task must say which law."""
    missing = [
        f"{code}/{task}/{start}"
        for code, st in kb.states.items()
        for task, values in st.tasks.items()
        for start, v in values.items()
        if v is not None and v.basis == "express" and not v.laws
    ]
    assert not missing, missing


def test_every_credential_route_exam_fee_and_renewal_is_sourced(kb: KnowledgeBase) -> None:
    for c in kb.credentials.values():
        assert all(b.sources for b in c.blocks()), c.id


def test_the_article_is_covered_by_claims(kb: KnowledgeBase) -> None:
    sections = {c.section for c in kb.claims.values()}
    assert len(kb.claims) >= 15 and len(sections) >= 5
    mapped = {cid for c in kb.claims.values() for cid in c.credentials}
    assert {"CPT", "CET", "COA"} <= mapped, "CMA-PT, CMA-EKG and CMA-COA must map to the real credentials"


def test_low_confidence_is_used_where_sources_are_weak(kb: KnowledgeBase) -> None:
    """Honesty check: a data set with no low-confidence fact has stopped marking them."""
    levels = [v.confidence for st in kb.states.values() for vals in st.tasks.values() for v in vals.values() if v]
    assert "low" in levels and "high" in levels


YAML_FILES = sorted(KNOWLEDGE.rglob("*.yaml"))


@pytest.mark.parametrize("path", YAML_FILES, ids=[str(p.relative_to(KNOWLEDGE)) for p in YAML_FILES])
def test_every_url_is_a_single_bare_address(path: Path) -> None:
    """One bare URL per source: no two addresses pasted together (an archive's embedded URL follows a '/')."""
    for url in re.findall(r"url:\s*['\"]?([^'\"\s}]+)", path.read_text()):
        assert url.startswith("http"), f"{path.name}: {url}"
        assert not re.search(r"[^/]https?:", url[4:]), f"{path.name}: {url}"


def test_no_knowledge_file_is_empty() -> None:
    for path in YAML_FILES:
        assert yaml.load(path.read_text(), Loader=yaml.CSafeLoader), path
