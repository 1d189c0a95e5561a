"""A question in plain English becomes a structured :class:`Query`: which engine, and its arguments.

Names are found the way a reader finds them: the longest phrase that is a known name wins
("new york city" before "new york", "flu shot" before "shot"); what is left is matched by spelling
distance (rapidfuzz), so "Calfornia" and "vaccnes" still count, and each such match is recorded in
``fuzzy`` so the answer's confidence can say so. Every name comes from the knowledge base (states,
credentials and their aliases, tasks and the words people use for them, careers, organizations) plus
the vocabulary of :mod:`.vocabulary`.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

import msgspec

from ..kb import KnowledgeBase
from ..kb.resolve import STATE_ABBREVIATIONS
from .vocabulary import (
    AMBIGUOUS_CODES,
    CAREER_WORDS,
    CITIES,
    CREDENTIAL_WORDS,
    INTENT_WORDS,
    INVENTED,
    NOT_NAMES,
    OUT_OF_SCOPE,
    PAY_WORDS,
    TASK_WORDS,
)

KINDS = ("state", "task", "credential", "career", "organization")
MAX_WORDS = 5  # the longest name, in words ("certified clinical medical assistant nha")


class Query(msgspec.Struct, frozen=True):
    """What a question asks, in the terms the engines take."""

    intent: str  # scope | credential | compare | highest | wages | career | claim | organization | none
    state: str | None = None
    task: str | None = None
    credential: str | None = None
    credentials: list[str] = msgspec.field(default_factory=list)
    fact: str | None = None  # for a credential: renewal | exam | fees | eligibility | issuer | accreditation | summary
    career: str | None = None
    organization: str | None = None
    on: date | None = None
    fuzzy: list[str] = msgspec.field(default_factory=list)  # "calfornia -> California": matched by spelling


Name = tuple[str, str]  # (kind, id)


def norm(text: str) -> str:
    """Lower case, every run of other characters one space; ``$`` and digits kept; full-width
    letters read as their plain forms (NFKC)."""
    return " ".join(re.sub(r"[^a-z0-9$]+", " ", unicodedata.normalize("NFKC", text).lower()).split())


def _names(kb: KnowledgeBase) -> dict[str, list[Name]]:
    """Every spelling of every name, normalised, to what it names (a spelling may name two things)."""
    out: dict[str, list[Name]] = {}

    def add(kind: str, ident: str, *spellings: str) -> None:
        for s in spellings:
            key = norm(s)
            if key and key not in NOT_NAMES and (kind, ident) not in out.get(key, []):
                out.setdefault(key, []).append((kind, ident))

    for st in kb.states.values():
        add("state", st.code, st.code, st.name, f"state of {st.name}", *STATE_ABBREVIATIONS.get(st.code, ()))
    for t in kb.tasks.values():
        add("task", t.id, t.id, t.name, *t.synonyms)
    for words, task in TASK_WORDS.items():
        add("task", task, words)
    for city, code in CITIES.items():  # a city before a two-letter code: "in LA" is Los Angeles
        key = norm(city)
        out[key] = [("state", code), *[h for h in out.get(key, []) if h != ("state", code)]]
    for c in kb.credentials.values():
        add("credential", c.id, c.id, c.abbreviation, c.name, *c.aliases)
    for st in kb.states.values():
        for sc in st.state_credentials:
            add("credential", sc.id, sc.id, sc.name)
    for words, cid in CREDENTIAL_WORDS.items():
        add("local" if ":" in cid else "credential", cid, words)
    for career in kb.careers.values():
        add("career", career.id, career.name, career.id.replace("-", " "))
    for words, career_id in CAREER_WORDS.items():
        add("career", career_id, words)
    for o in kb.organizations.values():
        add("organization", o.id, o.abbreviation, o.name)
    return out


def _fuzzy_choices(kb: KnowledgeBase) -> list[str]:
    """The spellings long enough to be matched by distance (a short one matches too much)."""
    return [s for s in kb.cached(_names) if len(s) >= 5]


ENGLISH = frozenset(
    """give gives giving gave do does did doing done perform performs administer administering take takes taking
    start starts get gets getting got hold holds holding have has having had they them their there here this that
    these those then than what when where which while who whom whose why how about above after again against all
    also always among any anyone anything are around because been before being below between both but cannot
    could each even ever every few from further into just like more most much must never none nor not now off
    often once only other ought over own same should since some still such sure then through under until very
    want wants was were will with within without would yes you your yours able allowed okay fine good best
    really actually need needs needed help please thanks thank know tell said says say legal legally allowed
    medical assistant assistants certified certification certificate license licensed state states work working
    job jobs year years month months long many much better worth uncertified noncertified non hey so just""".split()  # noqa: SIM905 - a word list reads better as text
)
COMMON = frozenset({w for words in INTENT_WORDS.values() for phrase in words for w in phrase.split()} | ENGLISH)


def understand(kb: KnowledgeBase, question: str) -> Query:
    """The structured form of ``question``; ``intent`` is ``none`` when nothing in it points to an engine."""
    raw_words = question.split()
    tokens = [t for t in norm(question).split() if t != "s"]  # "cma's" is "cma s"
    found, fuzzy = _find(kb, tokens, raw_words)
    text = " " + " ".join(tokens) + " "
    signals = {intent: _score(text, words) for intent, words in INTENT_WORDS.items()}
    signals["pay"] = _score(text, PAY_WORDS)
    signals["out"] = _score(text.replace(" instead of school ", " ").replace(" without school ", " "), OUT_OF_SCOPE)
    signals["invented"] = _score(text, INVENTED)
    on, problem = _date(question)
    if problem:
        fuzzy.append(f"date: {problem}")
    return _decide(kb, found, signals, on, fuzzy, text, tokens)


def _find(kb: KnowledgeBase, tokens: list[str], raw_words: list[str]) -> tuple[list[tuple[int, Name]], list[str]]:
    """Names in the question, in order: exact phrases longest first, then close spellings of the rest."""
    names = kb.cached(_names)
    used = [False] * len(tokens)
    found: list[tuple[int, Name]] = []
    upper = {w.strip(".,?!;:()").lower() for w in raw_words if w.strip(".,?!;:()").isupper()}
    for n in range(MAX_WORDS, 0, -1):
        for i in range(len(tokens) - n + 1):
            if any(used[i : i + n]):
                continue
            phrase = " ".join(tokens[i : i + n])
            hits = names.get(phrase)
            if not hits and phrase.endswith("s") and len(phrase) > 3:  # "lpns", "cmas", "ekgs": a plural
                hits = names.get(phrase[:-1])
            if not hits or (n == 1 and not _code_ok(phrase, tokens, i, upper, hits)):
                continue
            used[i : i + n] = [True] * n
            found += [(i, h) for h in _first_per_kind(hits)]
    fuzzy: list[str] = []
    choices = kb.cached(_fuzzy_choices)
    for n in (3, 2, 1):
        for i in range(len(tokens) - n + 1):
            span = tokens[i : i + n]
            if any(used[i : i + n]) or any(t in COMMON or t.isdigit() for t in span):
                continue
            phrase = " ".join(span)
            if len(phrase) < 4:
                continue
            from rapidfuzz import fuzz, process  # imported only when a word is left to match by spelling

            best = process.extractOne(phrase, choices, scorer=fuzz.ratio, score_cutoff=86 if n == 1 else 88)
            if best is None:
                continue
            used[i : i + n] = [True] * n
            found += [(i, h) for h in names[best[0]]]
            fuzzy.append(f"{phrase} -> {best[0]}")
    found.sort(key=lambda x: x[0])
    return found, fuzzy


def _first_per_kind(hits: list[Name]) -> list[Name]:
    """One thing of each kind per spelling: "la" is Los Angeles before Louisiana (cities come first)."""
    seen: dict[str, Name] = {}
    for h in hits:
        seen.setdefault(h[0], h)
    return list(seen.values())


def _code_ok(word: str, tokens: list[str], i: int, upper: set[str], hits: list[Name]) -> bool:
    """A two-letter word that is also a state code ("or", "me", "ma") names a state only where it reads as one."""
    if len(word) != 2 or word not in AMBIGUOUS_CODES or not any(k == "state" for k, _ in hits):
        return True
    before = tokens[i - 1] if i else ""
    if word == "ma":
        return before in ("in", "of")  # "an MA" is a medical assistant; "in MA" is Massachusetts
    return before == "in" or word in upper  # "for me", "or", "hi" are words; "in ME", "OR" are states


def _score(text: str, words: tuple[str, ...]) -> int:
    """How strongly the words signal: a longer phrase counts for more ("who can take" over "take")."""
    return sum(len(w.split()) for w in words if f" {w} " in text)


def _date(question: str) -> tuple[date | None, str | None]:
    """The date a question names (a year is its first day), and a problem with it if it names one that
    cannot be used, so that the answer never silently falls back to today's law."""
    text = unicodedata.normalize("NFKC", question).lower()
    full = re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", text)
    if full:
        try:
            return date(int(full.group(1)), int(full.group(2)), int(full.group(3))), None
        except ValueError:
            return None, f"{full.group(0)} is not a date"
    year = re.search(r"\b(?:in|before|after|during|back in|of|since)\s+(\d{4})\b(?!\s*(?:hours|hrs|hour|clock))", text)
    if not year:
        return None, None
    y = int(year.group(1))
    if not 1000 <= y <= 2999:
        return None, f"{y} is not a year the data can answer for"
    return date(y, 1, 1), None


def _decide(
    kb: KnowledgeBase,
    found: list[tuple[int, Name]],
    signals: dict[str, int],
    on: date | None,
    fuzzy: list[str],
    text: str,
    tokens: list[str],
) -> Query:
    """Which engine the names and the words point to, and with which arguments."""

    def first(kind: str) -> str | None:
        return next((ident for _, (k, ident) in found if k == kind), None)

    task, career, org = first("task"), first("career"), first("organization")
    state = _state(found, tokens, fuzzy)
    creds = _credentials(kb, found, state)
    orgs = list(dict.fromkeys(ident for _, (k, ident) in found if k == "organization"))
    none = any(f" {w} " in text for w in ("without certification", "without a certification", "uncertified",
                                             "no certification", "not certified", "without credential",
                                             "without a credential", "no credential", "non certified",
                                             "without being certified", "dont have any", "don t have any",
                                             "do not have any", "dont have a", "don t have a", "do not have a",
                                             "havent got", "not yet certified"))  # fmt: skip
    fact = _fact(signals)
    if orgs and (signals["compare"] or (fact and not creds)):  # "the aama test", "nha vs amt": their MA credential
        creds = list(dict.fromkeys([*(c for o in orgs if (c := _flagship(kb, o))), *creds]))

    def make(intent: str, **extra: Any) -> Query:
        return Query(intent, state=state, on=on, fuzzy=fuzzy, **extra)

    if signals["out"]:
        return make("none", task=task)
    if signals["highest"] >= 2:
        return make("highest")
    if signals["invented"] or (signals["claim"] and any(f" {w} " in text for w in CLAIM_CUES)):
        return make("claim", credentials=creds)
    pay = signals["pay"] > 0 and not (signals["fees"] or (signals["exam"] and creds))
    scope_words = signals["scope"] > 0
    if pay and task and scope_words and _first(text, INTENT_WORDS["scope"]) < _first(text, PAY_WORDS):
        pay = False  # "can a CMA give shots in NY, and what do they make there": the first question wins
    if task and not pay and (scope_words or not (creds and (fact or signals["compare"]))):
        credential = "none" if none else (creds[0] if creds else None)
        return make("scope", task=task, credential=credential)
    if len(creds) >= 2 and signals["compare"] and not pay:
        return make("compare", credentials=creds)
    if pay:
        if career is None and creds:
            career = _career_of(kb, creds[0])
        return make("wages", career=career, credential=creds[0] if creds and career is None else None)
    if career and (signals["career"] or not creds):
        return make("career", career=career)
    if signals["highest"] and not (creds and fact):
        return make("highest")
    if org and (signals["organization"] or not creds):
        return make("organization", organization=org)
    if creds:
        if signals["career"] and (c := _career_of(kb, creds[0])):
            return make("career", career=c)
        return make("credential", credential=creds[0], fact=fact or "summary")
    return make("none", task=task)


CLAIM_CUES = ("article", "is it true", "true that", "really", "claim")


def _state(found: list[tuple[int, Name]], tokens: list[str], fuzzy: list[str]) -> str | None:
    """The state asked about: the one named after "in" or "for" where there is one; where several are
    named and none so, the question is ambiguous (recorded, so the answer is not sure)."""
    states = [(i, ident) for i, (k, ident) in found if k == "state"]
    if not states:
        return None
    named_in = [code for i, code in states if i > 0 and tokens[i - 1] in ("in", "for")]
    if len(set(named_in)) == 1:
        return named_in[0]
    if len({code for _, code in states}) > 1:
        fuzzy.append("states: more than one state named: " + ", ".join(dict.fromkeys(c for _, c in states)))
    return states[0][1]


def _first(text: str, words: tuple[str, ...]) -> int:
    """Where the first of ``words`` appears in ``text`` (its length when none does)."""
    return min((i for w in words if (i := text.find(f" {w} ")) >= 0), default=len(text))


def _credentials(kb: KnowledgeBase, found: list[tuple[int, Name]], state: str | None) -> list[str]:
    """The credentials named. A bare short name ("MA-R") is the state's own where the state issues one;
    a name typed with its prefix ("SD:MA-R") is kept as typed."""
    out: list[str] = []
    for _, (kind, ident) in found:
        if kind == "local":
            short = ident.split(":", 1)[1]
            local = f"{state}:{short}" if state else None
            ident = local if local in kb.credential_ids() else ident
        elif kind != "credential":
            continue
        out.append(ident)
    return list(dict.fromkeys(out))


def _flagship(kb: KnowledgeBase, org: str) -> str | None:
    """The general MA certification an organization issues (AAMA: CMA), where it issues one."""
    return next((c.id for c in kb.credentials.values() if c.issuer == org and c.track == "general"), None)


def _career_of(kb: KnowledgeBase, credential: str) -> str | None:
    """The role a specialty credential leads to (CPT: phlebotomist), from the careers' own records."""
    return next(
        (c.id for c in kb.careers.values() if credential in c.credentials and c.soc not in (None, "31-9092")), None
    )


def _fact(signals: dict[str, int]) -> str | None:
    """The credential fact the words ask for, the strongest signal first."""
    order = ("renewal", "fees", "issuer", "eligibility", "exam", "accreditation")
    best = max(order, key=lambda f: (signals[f], -order.index(f)))
    return best if signals[best] else None
