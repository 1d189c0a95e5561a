"""How far a fact's sources can be trusted, and the rule that a fact resting only on weak ones says so.

A URL is judged by its host, looked up in ``knowledge/source_hosts.yaml`` (see
:mod:`.schema.sources`): *primary* (an issuer, a regulator, an official code), *secondary* (a
reputable copy or commentary) or *weak* (a scraped copy, a mirror, an SEO page); a host missing from
the list is *unclassified*. The rule, checked when the knowledge base is built
(:mod:`.crosscheck`) and by the data-health tests:

- every URL the knowledge base cites has a classified host;
- a block of facts whose sources are all weak has ``confidence: low`` and a note saying that it
  rests only on weak sources, so that no reader mistakes a copied statute page for the law;
- a note that says so is taken back once the block cites a better source.

A block's note is its own ``notes``; a block without a notes field (a credential's renewal, a
state-issued credential) is noted in the notes of the record that holds it, and a record with no
notes field at all (an organization, a claim) in its summary or explanation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal, NamedTuple
from urllib.parse import urlsplit

import msgspec

from ..errors import DataIssue

if TYPE_CHECKING:
    from .base import KnowledgeBase

Verdict = Literal["primary", "secondary", "weak", "unclassified"]

WEAK_NOTE = re.compile(r"\bonly on weak sources\b", re.IGNORECASE)
"""What a note must say of a block whose sources are all weak, e.g. "Rests only on weak sources (…)"."""

HOST_LIST = "knowledge/source_hosts.yaml"
_COLLECTIONS = ("organizations", "credentials", "program_types", "tasks", "careers", "claims", "states", "national")


def host_of(url: str) -> str:
    """A URL's host as the host list names it: lower case, without ``www.``, a port or a trailing dot."""
    host = (urlsplit(url).hostname or "").rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _index(kb: KnowledgeBase) -> tuple[dict[str, Verdict], dict[str, Verdict]]:
    """Exact host -> quality, and the entries that also cover their subdomains."""
    exact: dict[str, Verdict] = {h: e.quality for h, e in kb.source_hosts.items()}
    suffix: dict[str, Verdict] = {h: e.quality for h, e in kb.source_hosts.items() if e.suffix}
    return exact, suffix


def host_quality(kb: KnowledgeBase, host: str) -> Verdict:
    """The quality of a host: its own entry, else the nearest parent entry marked ``suffix``."""
    exact, suffix = kb.cached(_index)
    if host in exact:
        return exact[host]
    labels = host.split(".")
    for i in range(1, len(labels) - 1):  # parents, nearest first; a bare top-level domain never matches
        parent = suffix.get(".".join(labels[i:]))
        if parent:
            return parent
    return "unclassified"


def _by_url(kb: KnowledgeBase) -> dict[str, Verdict]:
    return {}


def quality(kb: KnowledgeBase, url: str) -> Verdict:
    """``primary``, ``secondary``, ``weak`` or ``unclassified``: how far the page at ``url`` is trusted.
    Worked out once per URL and loaded knowledge base (the host list is the knowledge base's): a page
    lists dozens of sources, each parsed as a URL (about 2 µs) on every request otherwise."""
    memo = kb.cached(_by_url)
    found = memo.get(url)
    if found is None:
        if len(memo) > 100_000:  # only the knowledge base's own URLs come here; a bound all the same
            memo.clear()
        found = memo[url] = host_quality(kb, host_of(url))
    return found


class Block(NamedTuple):
    """A sourced block of facts found in a record, and where its weak-sources note is looked for."""

    field: str  # dotted path inside the file ("" for the record itself)
    record: Any  # a record with ``sources`` and ``confidence``
    note_field: str
    note: str
    own_note: bool  # the note is the block's own ``notes``, not its holder's or its summary


class Cited(NamedTuple):
    """A URL found in a record, with its dotted path."""

    field: str
    url: str


def _join(*parts: str) -> str:
    return ".".join(p for p in parts if p)


def _notes_of(obj: msgspec.Struct, path: str) -> tuple[str, str] | None:
    """(field, text) of a record's own ``notes``, or None where its type has no notes field."""
    if "notes" not in obj.__struct_fields__:
        return None
    value = getattr(obj, "notes", None)
    text = " ".join(value) if isinstance(value, list) else value or ""
    return _join(path, "notes"), text


def _summary_of(obj: msgspec.Struct, path: str) -> tuple[str, str]:
    for name in ("explanation", "summary"):
        if isinstance(getattr(obj, name, None), str):
            return _join(path, name), getattr(obj, name)
    return _join(path, "notes"), ""


def walk(record: object, path: str = "", holder: tuple[str, str] | None = None) -> Iterator[Block | Cited]:
    """Every sourced block and every URL in a record (or any value inside one), with its dotted path."""
    if isinstance(record, msgspec.Struct):
        own = _notes_of(record, path)
        if hasattr(record, "sources") and hasattr(record, "confidence"):
            note_field, note = own or holder or _summary_of(record, path)
            yield Block(path, record, note_field, note, own is not None)
        for name in record.__struct_fields__:
            yield from walk(getattr(record, name), _join(path, name), own or holder)
    elif isinstance(record, dict):
        for key, value in record.items():
            yield from walk(value, _join(path, str(key)), holder)
    elif isinstance(record, list):
        for i, value in enumerate(record):
            yield from walk(value, _join(path, str(i)), holder)
    elif isinstance(record, str) and record.startswith(("https://", "http://")) and " " not in record:
        yield Cited(path, record)


def unclassified(kb: KnowledgeBase, label: str, record: object) -> Iterator[DataIssue]:
    """Every URL in a record whose host the host list does not classify."""
    for found in walk(record):
        if isinstance(found, Cited) and quality(kb, found.url) == "unclassified":
            host = host_of(found.url)
            yield DataIssue(label, None, found.field, f"source host {host!r} is not classified in {HOST_LIST}")


def unmarked_weak(kb: KnowledgeBase, label: str, record: object) -> Iterator[DataIssue]:
    """Every block in a record that rests only on weak sources without saying so, or says so but no longer does."""
    for found in walk(record):
        if not isinstance(found, Block):
            continue
        cited = [(host_of(s.url), quality(kb, s.url)) for s in found.record.sources]
        marked = bool(WEAK_NOTE.search(found.note))
        if all(v == "weak" for _, v in cited):
            hosts = ", ".join(sorted({h for h, _ in cited}))
            if found.record.confidence != "low":
                yield DataIssue(
                    label,
                    None,
                    _join(found.field, "confidence"),
                    f"every source is weak ({hosts}): confidence must be low, or cite a better source",
                )
            if not marked:
                yield DataIssue(
                    label,
                    None,
                    found.note_field,
                    f"every source is weak ({hosts}): the note must say it rests only on weak sources",
                )
        elif marked and found.own_note and all(v != "unclassified" for _, v in cited):
            better = sorted({h for h, v in cited if v != "weak"})
            yield DataIssue(
                label,
                None,
                found.note_field,
                f"says it rests only on weak sources, but cites {', '.join(better)}: update the note",
            )


def record_issues(kb: KnowledgeBase, label: str, record: object) -> Iterator[DataIssue]:
    """Every breach of the source rule in one record (or any value inside one), labelled with its file."""
    yield from unclassified(kb, label, record)
    yield from unmarked_weak(kb, label, record)


def records(kb: KnowledgeBase) -> Iterator[tuple[str, object]]:
    """(file label, record) of everything in the knowledge base that can cite a URL."""
    yield "knowledge/dataset.yaml", kb.dataset
    for attr in _COLLECTIONS:
        for key, record in getattr(kb, attr).items():
            yield f"knowledge/{attr}/{key.lower().replace(':', '-').replace(' ', '-')}.yaml", record
    if kb.wages is not None:
        yield "knowledge/wages/provenance.yaml", kb.wages.provenance


def issues(kb: KnowledgeBase) -> list[DataIssue]:
    """Every breach of the source rule; none where the knowledge base has no host list (test fixtures)."""
    if not kb.source_hosts:
        return []
    return [issue for label, record in records(kb) for issue in record_issues(kb, label, record)]
