"""The compiled knowledge base: every way it could serve a stale, slow or unsafe answer.

Each test names a hazard from the issue "A serve-ready core" and would fail on the code before it:
the old cache was keyed by mtimes, ignored the schema, deleted other installs' files, rebuilt on every
run when its folder was unwritable, and was an unrestricted pickle.
"""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

import ma_ladder.kb as kb_package
from ma_ladder.kb import KNOWLEDGE, KnowledgeBase, builder, compiled

CODE = compiled.PACKAGE


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    """A private copy of the real knowledge base, free to edit."""
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, root)
    return root


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget the knowledge bases this process has loaded, so that ``load`` reads or builds again."""
    monkeypatch.setattr(kb_package, "_loaded", {})


def _no_build(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("the knowledge base was rebuilt from YAML")

    monkeypatch.setattr(builder, "build", refuse)


def _edit_keeping_size_and_mtime(path: Path, old: str, new: str) -> None:
    assert len(old) == len(new)
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # what cp -p, rsync -t and tar do
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns


def test_a_same_size_same_mtime_edit_is_seen(knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    places = [str(tmp_path / "cache")]
    # Remember every digest as if the files had settled long ago, so the stat memo is really in use.
    monkeypatch.setattr(compiled.time, "time_ns", lambda: 2**62)
    before = compiled.key(str(knowledge), places=places)
    assert compiled.key(str(knowledge), places=places) == before, "the key is stable while nothing changes"
    cma = knowledge / "credentials" / "cma.yaml"
    _edit_keeping_size_and_mtime(cma, "period_months: 60", "period_months: 61")
    after = compiled.key(str(knowledge), places=places)
    assert after != before
    assert builder.build(knowledge).credentials["CMA"].renewal.period_months == 61


def test_a_schema_change_is_seen(tmp_path: Path, knowledge: Path) -> None:
    code = tmp_path / "kb"
    shutil.copytree(CODE, code, ignore=shutil.ignore_patterns("__pycache__", "compiled"))
    before = compiled.key(str(knowledge), str(code), places=[])
    schema = code / "schema" / "credential.py"
    schema.write_text(
        schema.read_text().replace("    notes: list[str] = []", "    notes: list[str] = []\n    new: int = 0")
    )
    assert compiled.key(str(knowledge), str(code), places=[]) != before


def test_two_installs_keep_their_own_compiled_files(
    knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: None
) -> None:
    other = tmp_path / "other" / "knowledge"
    shutil.copytree(knowledge, other)
    dataset = other / "dataset.yaml"
    dataset.write_text(dataset.read_text().replace('version: "2026.11.0"', 'version: "2099.01.0"'))
    monkeypatch.setenv("MA_LADDER_CACHE", str(tmp_path / "shared-cache"))
    first, second = kb_package.load(knowledge), kb_package.load(other)
    assert (first.dataset.version, second.dataset.version) == ("2026.11.0", "2099.01.0")
    stored = sorted((tmp_path / "shared-cache" / "ma-ladder").glob("kb-*.pickle"))
    assert len(stored) == 2, "each install keeps its own file; neither deletes the other's"
    monkeypatch.setattr(kb_package, "_loaded", {})
    _no_build(monkeypatch)
    assert kb_package.load(knowledge).dataset.version == "2026.11.0"
    assert kb_package.load(other).dataset.version == "2099.01.0"


def test_an_unwritable_cache_folder_costs_no_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: None, kb: KnowledgeBase
) -> None:
    shipped = tmp_path / "shipped"
    compiled.write(kb, compiled.key(places=[]), [str(shipped)])  # what a wheel carries
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setattr(compiled, "SHIPPED", str(shipped))
    monkeypatch.setenv("MA_LADDER_CACHE", str(blocker))  # the cache folder cannot even be created
    _no_build(monkeypatch)
    assert kb_package.load(KNOWLEDGE).credentials["CMA"].id == "CMA"


def test_a_missing_compiled_copy_is_built_once_per_process(
    knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: None
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("MA_LADDER_CACHE", str(blocker))
    first = kb_package.load(knowledge)
    _no_build(monkeypatch)
    assert kb_package.load(knowledge) is first, "load() returns the same object within a process"


def test_a_compiled_copy_others_can_write_is_never_loaded(kb: KnowledgeBase, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    k = compiled.key(places=[])
    path = Path(compiled.write(kb, k, [str(folder)]) or "")
    assert compiled.read(k, [str(folder)]) is not None
    path.chmod(0o666)
    assert compiled.read(k, [str(folder)]) is None


def test_a_compiled_copy_can_only_build_knowledge_records(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "kb-x.pickle").write_bytes(pickle.dumps(os.getcwd.__call__))  # a callable from outside the package
    marker = tmp_path / "ran"
    evil = f"cos\nsystem\n(S'touch {marker}'\ntR.".encode()
    (folder / "kb-y.pickle").write_bytes(evil)
    assert compiled.read("x", [str(folder)]) is None
    assert compiled.read("y", [str(folder)]) is None
    assert not marker.exists(), "loading a compiled copy must never run code"


def test_the_compiled_copy_equals_a_fresh_build(kb: KnowledgeBase, tmp_path: Path) -> None:
    k = compiled.key(places=[])
    compiled.write(kb, k, [str(tmp_path)])
    assert compiled.read(k, [str(tmp_path)]) == builder.build(Path(KNOWLEDGE))


def test_a_group_writable_package_folder_is_passed_over_for_the_cache(kb: KnowledgeBase, tmp_path: Path) -> None:
    """A copy written where it would never be read back made every start rebuild (review finding)."""
    shared, private = tmp_path / "shared", tmp_path / "private"
    shared.mkdir()
    shared.chmod(0o775)
    k = compiled.key(places=[])
    assert compiled.write(kb, k, [str(shared), str(private)]) == str(private / f"kb-{k}.pickle")
    assert compiled.read(k, [str(shared), str(private)]) is not None


def test_a_damaged_digest_memo_is_ignored(knowledge: Path, tmp_path: Path) -> None:
    """One junk line in the memo made every command an internal error (review finding)."""
    places = [str(tmp_path / "cache")]
    good = compiled.key(str(knowledge), places=places)
    memo = next((tmp_path / "cache").glob("digests-*.tsv"), None)
    if memo is None:  # nothing settled long enough to be remembered: write one by hand
        memo = tmp_path / "cache" / compiled._memo_name(str(knowledge))
        memo.write_text("")
    memo.write_text(memo.read_text() + "junk line\n")
    assert compiled.key(str(knowledge), places=places) == good


def test_what_a_knowledge_base_derives_is_kept_per_function_not_per_name(kb: KnowledgeBase) -> None:
    """``cached`` keys a derived index by the function that builds it: two builders that share a module
    and a name (made by one factory, or a module reloaded) must never be handed each other's index."""

    def builder_of(value: str) -> object:
        def build(_: KnowledgeBase) -> str:
            return value

        return build

    first, second = builder_of("first"), builder_of("second")
    assert (first.__module__, first.__qualname__) == (second.__module__, second.__qualname__)  # type: ignore[attr-defined]
    assert kb.cached(first) == "first" and kb.cached(second) == "second"  # type: ignore[arg-type]
    assert kb.cached(first) is kb.cached(first)  # type: ignore[arg-type]
