"""The closest passages of the knowledge base to a question: SQLite FTS5, ranked by BM25.

A passage is one fact's text (a claim and its verdict, a credential's summary or note, a state's
summary, a law's summary, a career, an organization, a federal rule) with its citations. The index
is an in-memory database built once per loaded knowledge base; nothing is written to disk.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence

import msgspec

from ..citations import Citation
from ..kb import KnowledgeBase


class Passage(msgspec.Struct, frozen=True):
    kind: str  # claim | credential | state | law | career | organization | federal
    ident: str
    text: str
    citations: list[Citation]


class Hit(msgspec.Struct, frozen=True):
    kind: str
    ident: str
    text: str
    citations: list[Citation]
    score: float  # BM25, lower is better (SQLite's sign)


def _cites(sources: Sequence[object]) -> list[Citation]:
    return [Citation(getattr(s, "title", ""), getattr(s, "url", None)) for s in sources]


def passages(kb: KnowledgeBase) -> Iterator[Passage]:
    """Every passage worth retrieving, with the sources it rests on."""
    for c in kb.claims.values():
        yield Passage("claim", c.id, f"{c.claim} Verdict: {c.verdict.replace('_', ' ')}. {c.explanation}",
                      _cites(c.sources))  # fmt: skip
    for cr in kb.credentials.values():
        cites = _cites([s for b in cr.blocks() for s in b.sources][:3])
        yield Passage("credential", cr.id, f"{cr.name} ({cr.id}): {cr.summary}", cites)
        for note in cr.notes:
            yield Passage("credential", cr.id, f"{cr.name}: {note}", cites)
    for st in kb.states.values():
        yield Passage("state", st.code, f"{st.name}: {st.summary}", _cites(st.sources))
        for law in st.laws:
            yield Passage("law", st.code, f"{st.name}, {law.citation}: {law.summary}",
                          [Citation(law.title, law.url, law.citation)])  # fmt: skip
    for career in kb.careers.values():
        yield Passage("career", career.id, f"{career.name}: {career.summary}", _cites(career.sources))
    for o in kb.organizations.values():
        yield Passage("organization", o.id, f"{o.name} ({o.abbreviation}): {o.summary}", _cites(o.sources))
    for rule in kb.national.values():
        yield Passage("federal", rule.id, f"{rule.name}: {rule.summary}", _cites(rule.sources))


class Index:
    """An FTS5 table of the passages, in memory."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.items = list(passages(kb))
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute("CREATE VIRTUAL TABLE p USING fts5(kind UNINDEXED, text, tokenize='porter unicode61')")
        self.db.executemany("INSERT INTO p(rowid, kind, text) VALUES (?, ?, ?)",
                            [(i, p.kind, p.text) for i, p in enumerate(self.items)])  # fmt: skip


STOP = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "has",
        "have",
        "how",
        "i",
        "in",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "so",
        "that",
        "the",
        "this",
        "to",
        "was",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "you",
        "your",
    }
)


def search(kb: KnowledgeBase, question: str, kinds: Sequence[str] = (), limit: int = 5) -> list[Hit]:
    """The passages that share the most telling words with ``question``, best first."""
    index = kb.cached(Index)
    words = [w for w in re.findall(r"[a-z0-9]+", question.lower()) if w not in STOP and len(w) > 1]
    if not words:
        return []
    match = " OR ".join(f'"{w}"' for w in dict.fromkeys(words))
    sql = "SELECT rowid, bm25(p) FROM p WHERE p MATCH ?"
    args: list[object] = [match]
    if kinds:
        sql += f" AND kind IN ({','.join('?' * len(kinds))})"
        args += list(kinds)
    rows = index.db.execute(sql + " ORDER BY bm25(p) LIMIT ?", [*args, limit]).fetchall()
    return [Hit(index.items[i].kind, index.items[i].ident, index.items[i].text, index.items[i].citations, s)
            for i, s in rows]  # fmt: skip
