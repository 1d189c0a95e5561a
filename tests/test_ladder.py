"""The ladder on the real data: rankings follow the published criteria, not a hard-coded answer."""

from __future__ import annotations

from ma_ladder import ladder
from ma_ladder.kb import KnowledgeBase


def test_the_five_general_certifications_are_the_peers(kb: KnowledgeBase) -> None:
    assert {c.id for c in ladder.general(kb)} == {"CMA", "RMA", "CCMA", "NCMA", "CMAC"}


def test_highest_is_the_top_of_the_ranking_and_cites_sources(kb: KnowledgeBase) -> None:
    h = ladder.highest(kb)
    assert h.credential == h.ranking[0].credential
    assert h.ranking[0].total >= h.ranking[-1].total
    assert h.citations and all(c.url.startswith("http") for c in h.citations)


def test_a_credential_open_to_experience_alone_scores_lower_on_eligibility(kb: KnowledgeBase) -> None:
    scores = {s.credential: {p.criterion: p.value for p in s.parts} for s in ladder.rank(kb)}
    # CMA's first-time routes all need an accredited or AAMA-approved program; CCMA's do not.
    assert scores["CMA"]["eligibility"] == 1.0
    assert scores["CCMA"]["eligibility"] < scores["CMA"]["eligibility"]


def test_weights_change_the_outcome(kb: KnowledgeBase) -> None:
    only_renewal = {"eligibility": 0, "exam_accreditation": 0, "renewal": 1, "state_recognition": 0}
    ranked = ladder.rank(kb, only_renewal)
    per_year = {c.id: ladder.ce_per_year(c) or 0 for c in ladder.general(kb)}
    assert ranked[0].credential in {cid for cid, v in per_year.items() if v == max(per_year.values())}


def test_the_ophthalmic_ladder_is_ordered_by_prerequisites(kb: KnowledgeBase) -> None:
    specialty = next(lvl for lvl in ladder.levels(kb) if lvl.id == "specialty").credentials
    assert specialty.index("COA") < specialty.index("COT") < specialty.index("COMT")


def test_levels_run_from_entry_to_beyond_the_ma(kb: KnowledgeBase) -> None:
    ids = [lvl.id for lvl in ladder.levels(kb)]
    assert ids[0] == "entry" and ids[-1] == "beyond"
    assert "WA:MA-C" in next(lvl for lvl in ladder.levels(kb) if lvl.id == "state").credentials
