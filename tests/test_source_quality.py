"""Source quality on the real knowledge base: every cited host is classified, and weak-only facts say so.

The checks are the ones the build runs (:mod:`ma_ladder.kb.sources`, called from the cross-checks);
these tests run them on the real data, and on records altered to break the rule, to show they bite.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import msgspec
import pytest

from ma_ladder.errors import DataIssue, KnowledgeBaseError
from ma_ladder.kb import KnowledgeBase, build
from ma_ladder.kb import sources as src
from ma_ladder.kb.schema import RuleValue, Source

from .conftest import FIXTURES

WEAK = Source(title="A copied statute page", url="https://getpocketlaw.com/law/state_washington/some-section")
PRIMARY = Source(title="RCW chapter 18.360", url="https://app.leg.wa.gov/RCW/default.aspx?cite=18.360")


Check = Callable[[KnowledgeBase, str, object], Iterator[DataIssue]]


def _all(kb: KnowledgeBase, check: Check) -> list[str]:
    return [str(i) for label, record in src.records(kb) for i in check(kb, label, record)]


def test_the_real_knowledge_base_has_a_host_list(kb: KnowledgeBase) -> None:
    assert len(kb.source_hosts) > 100
    assert {e.quality for e in kb.source_hosts.values()} == {"primary", "secondary", "weak"}


def test_every_source_host_is_classified(kb: KnowledgeBase) -> None:
    assert _all(kb, src.unclassified) == []


def test_every_fact_resting_only_on_weak_sources_is_low_confidence_and_says_so(kb: KnowledgeBase) -> None:
    assert _all(kb, src.unmarked_weak) == []


def test_weak_only_facts_exist_and_are_all_marked(kb: KnowledgeBase) -> None:
    """The rule has something to hold: some facts rest only on weak sources, and each of them is marked."""
    weak_only = [
        found
        for _, record in src.records(kb)
        for found in src.walk(record)
        if isinstance(found, src.Block) and all(src.quality(kb, s.url) == "weak" for s in found.record.sources)
    ]
    assert weak_only
    assert all(b.record.confidence == "low" and src.WEAK_NOTE.search(b.note) for b in weak_only)


def test_every_listed_host_is_cited(kb: KnowledgeBase) -> None:
    """No stale entries: each host in the list (or, for a suffix entry, one of its subdomains) is cited."""
    cited = {src.host_of(f.url) for _, r in src.records(kb) for f in src.walk(r) if isinstance(f, src.Cited)}
    unused = [
        h
        for h, e in kb.source_hosts.items()
        if h not in cited and not (e.suffix and any(c.endswith("." + h) for c in cited))
    ]
    assert unused == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.aama-ntl.org/cma-aama-exam", "primary"),  # www. is the same host
        ("https://info.nhanow.com/blog/x", "primary"),  # a suffix entry covers subdomains
        ("https://nebraskalegislature.gov./laws/statutes.php?statute=38-2025", "primary"),  # trailing dot
        ("https://njconsumeraffairs.gov:443/Proposals/x.aspx", "primary"),  # port
        ("https://law.cornell.edu/regulations/x", "secondary"),
        ("https://getpocketlaw.com/law/x", "weak"),
        ("https://de.slideshare.net/aamaorg/x", "weak"),
        ("https://sub.aama-ntl.org/x", "unclassified"),  # not a suffix entry: subdomains are not trusted
        ("https://evil-aama-ntl.org/x", "unclassified"),  # a look-alike is not a subdomain
        ("https://nowhere.example/x", "unclassified"),
    ],
)
def test_quality_of_a_url(kb: KnowledgeBase, url: str, expected: str) -> None:
    assert src.quality(kb, url) == expected


def _wa(kb: KnowledgeBase, **changes: object) -> tuple[str, object]:
    """Washington with its injection rule changed; the rule cites the Legislature's own pages."""
    st = kb.states["WA"]
    start, value = next((d, v) for d, v in st.tasks["injection"].items() if v is not None)
    assert isinstance(value, RuleValue)
    assert all(src.quality(kb, s.url) != "weak" for s in value.sources)
    changed = msgspec.structs.replace(value, **changes)
    tasks = {**st.tasks, "injection": {**st.tasks["injection"], start: changed}}
    return f"tasks.injection.{start}", msgspec.structs.replace(st, tasks=tasks)


def test_a_weak_only_fact_at_medium_confidence_without_a_note_is_caught(kb: KnowledgeBase) -> None:
    where, st = _wa(kb, sources=[WEAK], confidence="medium", notes=None)
    found = [(i.file, i.field, i.message) for i in src.record_issues(kb, "knowledge/states/wa.yaml", st)]
    assert [f for _, f, _ in found] == [f"{where}.confidence", f"{where}.notes"], found
    assert all(file == "knowledge/states/wa.yaml" and "getpocketlaw.com" in msg for file, _, msg in found)


def test_a_weak_only_fact_that_is_low_and_says_so_passes(kb: KnowledgeBase) -> None:
    note = "Rests only on weak sources (copied statute text); no official copy was found."
    _, st = _wa(kb, sources=[WEAK], confidence="low", notes=note)
    assert list(src.record_issues(kb, "knowledge/states/wa.yaml", st)) == []


def test_a_note_that_outlived_its_weak_sources_is_caught(kb: KnowledgeBase) -> None:
    where, st = _wa(kb, sources=[WEAK, PRIMARY], notes="Rests only on weak sources (a copy).")
    found = [(i.field, i.message) for i in src.record_issues(kb, "knowledge/states/wa.yaml", st)]
    assert found == [
        (f"{where}.notes", "says it rests only on weak sources, but cites app.leg.wa.gov: update the note")
    ]


def test_an_unclassified_host_is_caught_with_its_field(kb: KnowledgeBase) -> None:
    unknown = Source(title="Somewhere new", url="https://new-host.example/page")
    where, st = _wa(kb, sources=[PRIMARY, unknown])
    found = [(i.field, i.message) for i in src.record_issues(kb, "knowledge/states/wa.yaml", st)]
    assert found == [(f"{where}.sources.1.url", f"source host 'new-host.example' is not classified in {src.HOST_LIST}")]


def test_a_block_without_notes_is_noted_in_the_record_that_holds_it(kb: KnowledgeBase) -> None:
    """A credential's renewal has no notes of its own: its weak-sources note lives in the credential's notes."""
    cma = kb.credentials["CMA"]
    renewal = msgspec.structs.replace(cma.renewal, sources=[WEAK], confidence="low")
    broken = msgspec.structs.replace(cma, renewal=renewal, notes=[])
    assert [i.field for i in src.record_issues(kb, "knowledge/credentials/cma.yaml", broken)] == ["notes"]
    fixed = msgspec.structs.replace(broken, notes=["The renewal rests only on weak sources (a copy)."])
    assert list(src.record_issues(kb, "knowledge/credentials/cma.yaml", fixed)) == []


def test_a_knowledge_base_without_a_host_list_is_not_checked(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "kb", tmp_path / "knowledge")
    kb = build(tmp_path / "knowledge")
    assert kb.source_hosts == {} and src.issues(kb) == []
    assert src.quality(kb, "https://www.aama-ntl.org/") == "unclassified"


def test_the_build_reports_an_unclassified_host_with_file_line_and_field(tmp_path: Path) -> None:
    root = tmp_path / "knowledge"
    shutil.copytree(FIXTURES / "kb", root)
    hosts = ["aama-ntl.org", "aamalegaleye.wordpress.com", "creativecommons.org", "gdc4gpat.com"]
    hosts += ["myemail.constantcontact.com", "testprepreview.com", "westmoreland.edu"]  # not example.org
    rows = "".join(f"  - {{host: {h}, quality: primary, why: a test entry}}\n" for h in hosts)
    (root / "source_hosts.yaml").write_text("hosts:\n" + rows)
    with pytest.raises(KnowledgeBaseError) as err:
        build(root)
    issues = [i for i in err.value.issues if "example.org" in i.message]
    assert issues, err.value
    assert all(i.file.startswith("knowledge/") and i.line and i.field.endswith(("url", "website")) for i in issues)


def test_a_duplicate_host_entry_is_reported(tmp_path: Path) -> None:
    root = tmp_path / "knowledge"
    shutil.copytree(FIXTURES / "kb", root)
    row = "  - {host: example.org, quality: weak, why: a test entry}\n"
    (root / "source_hosts.yaml").write_text("hosts:\n" + row + row)
    with pytest.raises(KnowledgeBaseError, match=r"source_hosts.yaml:3: hosts.1.host: duplicate host 'example.org'"):
        build(root)


@pytest.mark.parametrize("host", ["www.example.org", "https://example.org", "Example.org", "example.org/path"])
def test_a_host_entry_must_be_a_bare_host_name(tmp_path: Path, host: str) -> None:
    root = tmp_path / "knowledge"
    shutil.copytree(FIXTURES / "kb", root)
    (root / "source_hosts.yaml").write_text(f"hosts:\n  - {{host: '{host}', quality: weak, why: a test entry}}\n")
    with pytest.raises(KnowledgeBaseError, match=r"hosts.0.host"):
        build(root)


def test_an_old_knowledge_base_without_the_field_still_loads() -> None:
    """Records built before the host list existed (older pickles, hand-built fixtures) default to no list."""
    fields = {f.name for f in msgspec.structs.fields(KnowledgeBase) if f.required}
    assert "source_hosts" not in fields
