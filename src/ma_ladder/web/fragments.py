"""The long, repeated parts of pages (source lists, a state's tasks), built in Python.

Jinja2 lays out every page. But each ``{{ value }}`` it prints costs about a microsecond on a small
machine (escaping wraps every value in a new ``Markup``), and a state page prints a couple of
thousand: its tasks, their conditions and their citations. These functions print those lists
directly, the way :mod:`.svg` draws pictures: pure functions that return ``Markup`` and escape every
value. Text from the knowledge base, which is all that these lists hold, is escaped once per loaded
knowledge base (:class:`Escaper`); anything else (a credential typed in the query) is escaped on the
spot.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from html import escape as _html_escape
from typing import Any, TypeVar
from urllib.parse import quote

import msgspec
from markupsafe import Markup, escape

from ..kb import KnowledgeBase
from ..kb.schema import Task
from ..scope import Answer
from ..words import DECISIONS, by_credential, decision, symbol, words

P = TypeVar("P")  # a laid-out piece: markup, or markup in parts


def escape_text(text: str) -> str:
    """HTML-escaped and pure ASCII: every character beyond ASCII is a character reference (``§`` is
    ``&#167;``, ``✓`` is ``&#10003;``). A page made only of ASCII is encoded to bytes by a copy (about
    a microsecond for 80 KB); one ``§`` left in it makes Python encode the whole page a character at a
    time (77 µs), and one ``✓`` makes it hold the page at two bytes a character. The C1 controls
    (U+0080 to U+009F) stay as they are: a browser reads ``&#128;`` to ``&#159;`` as Windows-1252 (``€``).
    Noncharacters and lone surrogates, which only a visitor's text could hold, are written as U+FFFD.
    """
    escaped = _html_escape(text)
    return escaped if escaped.isascii() else _BEYOND_ASCII.sub(_reference, escaped)


_BEYOND_ASCII = re.compile("[^\x00-\x9f]")


def _reference(m: re.Match[str]) -> str:
    """A character's reference; a noncharacter (U+FDD0 to U+FDEF, U+FFFE and U+FFFF in every plane) or
    a lone surrogate, which no page may carry, becomes U+FFFD, the replacement character."""
    n = ord(m.group())
    return f"&#{65533 if 0xFDD0 <= n <= 0xFDEF or n & 0xFFFE == 0xFFFE or 0xD800 <= n <= 0xDFFF else n};"


def finalize(value: object) -> object:
    """Jinja's ``finalize``: a template's text value beyond ASCII is escaped here, to references, so that
    a page stays ASCII (see :func:`escape_text`); ASCII text and markup go on to autoescape as before."""
    if type(value) is str and not value.isascii():
        return Markup(escape_text(value))
    return value


def value(text: object) -> str:
    """A value as a template prints ``{{ text }}``: text beyond ASCII as references (the environment's
    ``finalize``), then autoescaped (markupsafe's ``&#34;`` for a quote, where :class:`Escaper` writes
    ``&quot;``); markup as it is. For the pages laid out in Python in place of a template."""
    return str(escape(finalize(text)))


class Escaper:
    """``html.escape`` of every string in a knowledge base, worked out once; other text is escaped per call."""

    __slots__ = ("decisions", "items", "memo", "said")

    def __init__(self, kb: KnowledgeBase) -> None:
        self.memo: dict[str, str] = {}
        self._collect(msgspec.to_builtins(kb))
        ids = list(self.memo)
        self.said = {text: escape_text(words(text)) for text in ids}  # an id as the plain words a page prints
        self.decisions = {
            d: f'<span class="dec d-{d}">{escape_text(symbol(d))} {escape_text(decision(d))}</span>' for d in DECISIONS
        }
        # laid-out pieces (sources, citations, a card's lists and facts, the picker), each under a key that
        # starts with its kind and holds everything the piece prints
        self.items: dict[tuple[Any, ...], Any] = {}

    def _collect(self, value: object) -> None:
        if isinstance(value, str):
            self.memo[value] = escape_text(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                self._collect(k)
                self._collect(v)
        elif isinstance(value, list):
            for v in value:
                self._collect(v)

    def __call__(self, value: object) -> str:
        text = value if type(value) is str else str(value)
        hit = self.memo.get(text)
        return hit if hit is not None else escape_text(text)

    def keep(self, key: tuple[Any, ...], item: P) -> P:
        """Remember a laid-out piece under what it prints. Bounded, though what comes here is finite:
        the knowledge base's own text, and sentences made from it and a credential's id."""
        if len(self.items) < 100_000:
            self.items[key] = item
        return item

    def words(self, value: str) -> str:
        """An id as escaped plain words (``general_delegation``: "General delegation rule")."""
        hit = self.said.get(value)
        return hit if hit is not None else escape_text(words(value))

    def decision(self, value: str) -> str:
        """A decision as its labelled badge: symbol and words, never colour alone."""
        hit = self.decisions.get(value)
        return hit if hit is not None else f'<span class="dec">{escape_text(decision(value))}</span>'


def escaper(kb: KnowledgeBase) -> Escaper:
    """The knowledge base's escaper, made on first use."""
    return kb.cached(Escaper)


def _link(e: Escaper, text: object, url: str | None) -> str:
    return f'<a href="{e(url)}">{e(text)}</a>' if url else e(text)


def sources(e: Escaper, items: Iterable[Any], kb: KnowledgeBase | None = None) -> Markup:
    """A page's numbered sources: title (linked), legal citation, date, and how far each is trusted."""
    return Markup("<ol>" + "".join([_source(e, s, kb) for s in items]) + "</ol>")


def _source(e: Escaper, s: Any, kb: KnowledgeBase | None) -> str:
    """One source's list item. The knowledge base's sources are a few hundred records, listed again and
    again: each item is laid out once per escaper (once per loaded knowledge base), by what it prints."""
    cite, day = getattr(s, "citation", None), getattr(s, "date", None)
    key = ("source", s.title, s.url, cite, day, kb is not None)
    found = e.items.get(key)
    if found is None:
        from ..kb.sources import quality

        kind = quality(kb, s.url) if kb is not None and s.url else None
        found = e.keep(
            key,
            f"<li>{_link(e, s.title, s.url)}"
            + (f' <span class="cite">({e(cite)})</span>' if cite else "")
            + (f' <span class="muted">{e(day)}</span>' if day else "")
            + (f' <span class="tag q-{kind}">{kind} source</span>' if kind else "")
            + "</li>",
        )
    return found


def _citation(e: Escaper, c: Any) -> str:
    """A rule's citation as a list item, laid out once per escaper like :func:`_source`."""
    key = ("citation", c.title, c.url, c.citation)
    found = e.items.get(key)
    if found is None:
        found = e.keep(key, f"<li>{_link(e, c.title, c.url)}{f' ({e(c.citation)})' if c.citation else ''}</li>")
    return found


def task_table(e: Escaper, answers: Sequence[Answer], tasks: Mapping[str, Task]) -> Markup:
    """One row per task: its decision, basis and confidence, each task linked to its card below. A row
    prints five values, four of them few (a task, a decision, a basis, a confidence): each row is laid
    out once per escaper under the values it prints."""
    items, rows = e.items, []
    for a in answers:
        task = tasks[a.task]
        key = ("task row", a.task, task.name, a.decision, a.basis, a.confidence)
        row = items.get(key)
        if row is None:
            row = e.keep(
                key,
                f'<tr><th scope="row"><a href="#{e(a.task)}">{e(task.name)}</a></th>'
                f"<td>{e.decision(a.decision)}</td><td>{e.words(a.basis)}</td><td>{e.words(a.confidence)}</td></tr>",
            )
        rows.append(row)
    return Markup("".join(rows))


def _items(e: Escaper, heading: str, values: Sequence[object]) -> str:
    if not values:
        return ""
    return f"<h4>{heading}</h4><ul><li>" + "</li><li>".join([e(v) for v in values]) + "</li></ul>"


def _by_credential(e: Escaper, a: Answer) -> str:
    if len({b.decision for b in a.by_credential or []}) < 2:
        return ""
    return f"<dt>By credential</dt><dd>{e(by_credential(a.by_credential or []))}</dd>"


def task_cards(e: Escaper, code: str, answers: Sequence[Answer], tasks: Mapping[str, Task], credential: str) -> Markup:
    """A card per task: decision, facts, conditions, federal rules, notes and citations, with its links.

    A card is two laid-out pieces around what only this answer prints (the dates its rule is in force
    for, who gets what, the credential that counts, the links with the question's credential):
    its lead (the task's heading with the decision, the description, basis and confidence) and its
    body (the rule's facts, the lists, the notes, the citations). Each piece is laid out once per
    escaper, under every value it prints; those values are the knowledge base's own text and a few
    enumerations, so a few thousand pieces cover every answer, and a new question (another state,
    credential or date) finds the same pieces. The engine's answer itself is worked out on every
    request. The page is one list of pieces joined once."""
    query = f"&amp;credential={e(quote(credential, safe=''))}" if credential else ""
    links = f'{query}">JSON</a></p></section>'
    state = e(code)
    items, out = e.items, list[str]()
    add = out.append
    for a in answers:
        task = tasks[a.task]
        lead_key = ("card lead", a.task, task.name, task.description, a.decision, a.basis, a.confidence)
        lead: tuple[str, str, str, str] | None = items.get(lead_key)
        if lead is None:
            lead = e.keep(lead_key, _card_lead(e, a, task))
        add(lead[0])
        # the dates are ISO days: ASCII digits and dashes, with nothing to escape
        add(f"from {a.effective_from.isoformat()}" if a.effective_from else "no start date encoded")
        if a.effective_to:
            add(f" until {a.effective_to.isoformat()}")
        add("</dd>")
        if a.by_credential:
            add(_by_credential(e, a))
        if a.variant and a.credential is not None:
            add(
                f"<dt>Because you hold</dt><dd>{e(', '.join(a.variant))} "
                f"(without it: {e(decision(a.base_decision or ''))})</dd>"
            )
        key = (
            "card body", a.supervision, a.training_hours, tuple(a.delegators), tuple(a.excluded),
            tuple(a.conditions), tuple(a.base_conditions), tuple(a.federal), a.notes, tuple(a.citations),
        )  # fmt: skip
        body: str | None = items.get(key)
        add(body if body is not None else e.keep(key, _card_body(e, a)))
        add(f"{lead[1]}{query}{lead[2]}{state}{lead[3]}{links}")
    return Markup("".join(out))


def _card_lead(e: Escaper, a: Answer, task: Task) -> tuple[str, str, str, str]:
    """A card's markup up to its dates, and its two links up to the question's credential and state."""
    t, name = e(a.task), e(task.name)
    return (
        f'<section class="card task" id="{t}" aria-labelledby="h-{t}"><h3 id="h-{t}">{name}: '
        f'{e.decision(a.decision)}</h3><p class="small muted">{e(task.description)}</p>'
        f'<dl class="facts"><dt>Basis</dt><dd>{e.words(a.basis)}</dd><dt>Confidence</dt>'
        f"<dd>{e.words(a.confidence)}</dd><dt>In force</dt><dd>",
        f'<p class="small"><a href="/scope?task={t}',
        f'">{name} in every state</a> &middot; <a href="/api/v1/scope?state=',
        f"&amp;task={t}",
    )


def _card_body(e: Escaper, a: Answer) -> str:
    """A card's markup after who gets what: the rule's facts, its lists, notes and citations."""
    out = []
    if a.supervision:
        out.append(f"<dt>Supervision</dt><dd>{e(a.supervision)}</dd>")
    if a.delegators:
        out.append(f"<dt>Who may delegate</dt><dd>{', '.join([e.words(d) for d in a.delegators])}</dd>")
    if a.training_hours:
        out.append(f"<dt>Training</dt><dd>{e(a.training_hours)} hours</dd>")
    if a.excluded:
        out.append(f"<dt>Excluded</dt><dd>{e('; '.join(a.excluded))}</dd>")
    out.append("</dl>")
    for heading, values in (
        ("Conditions", a.conditions),
        ("Conditions without the credential", a.base_conditions),
        ("Federal rules", a.federal),
    ):
        out.append(_items(e, heading, values))
    if a.notes:
        out.append(f"<p>{e(a.notes)}</p>")
    if a.citations:
        out.append(f'<h4>Citations</h4><ul class="small">{"".join([_citation(e, c) for c in a.citations])}</ul>')
    return "".join(out)


def credential_options(kb: KnowledgeBase) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """National and state credentials for a select, (id, label), sorted; once per knowledge base."""
    return kb.cached(_credential_options)


def _credential_options(kb: KnowledgeBase) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    creds = sorted(kb.credentials.values(), key=lambda c: c.id)
    national = [(c.id, f"{c.abbreviation} \N{EN DASH} {c.name}") for c in creds]
    state = [(sc.id, sc.name) for s in sorted(kb.states.values(), key=lambda s: s.code) for sc in s.state_credentials]
    return national, state


def credential_select(e: Escaper, kb: KnowledgeBase, current: str) -> Markup:
    """The credential picker of the scope and state pages: any (the general question), none, or one.

    ``current`` is an id the knowledge base knows (or "" or "none"): the picker is laid out once per
    choice, as the other lists of knowledge-base records are (:meth:`Escaper.keep`)."""
    key = ("credential select", current)
    found = e.items.get(key)
    if found is None:
        national, state = credential_options(kb)

        def options(items: Sequence[tuple[str, str]], prefix: bool) -> str:
            return "".join(
                f'<option value="{e(i)}"{" selected" if i == current else ""}>'
                f"{e(i) + ' &ndash; ' if prefix else ''}{e(label)}</option>"
                for i, label in items
            )

        found = e.keep(
            key,
            '<label for="credential">Credential held</label><select id="credential" name="credential">'
            '<option value="">Any (the credential it takes)</option>'
            f'<option value="none"{" selected" if current == "none" else ""}>No credential</option>'
            f'<optgroup label="National credentials">{options(national, False)}</optgroup>'
            f'<optgroup label="State-issued credentials">{options(state, True)}</optgroup></select>',
        )
    return Markup(found)


def laws(e: Escaper, items: Sequence[Any]) -> Markup:
    """A state's laws and guidance: citation (linked), title, kind, effective date and summary."""
    cards = [
        f'<article class="card"><h3>{_link(e, law.citation, law.url)}: {e(law.title)}</h3>'
        f'<p class="small muted">{e.words(law.kind)}{f", effective {e(law.effective)}" if law.effective else ""}</p>'
        f"<p>{e(law.summary)}</p></article>"
        for law in items
    ]
    return Markup("".join(cards) or "<p>No laws encoded.</p>")


def state_credentials(e: Escaper, state_name: str, items: Sequence[Any]) -> Markup:
    """A state's own MA credentials: what each requires and which national credentials count toward it."""
    cards = []
    for c in items:
        ended = f' <span class="tag">no longer issued since {e(c.ended)}</span>' if c.ended else ""
        counts = ", ".join(f'<a href="/credentials/{e(x)}">{e(x)}</a>' for x in c.satisfied_by)
        cards.append(
            f'<article class="card" id="cred-{e(c.id.replace(":", "-"))}"><h3>{e(c.id)}: {e(c.name)}{ended}</h3>'
            f"<p>{e(c.summary)}</p>"
            + _items(e, "Requires", c.requires)
            + (f"<p>National credentials that count toward it: {counts}</p>" if counts else "")
            + f'<p class="small muted">As of {e(c.as_of)}, confidence {e(c.confidence)}.</p></article>'
        )
    return Markup("".join(cards) or f"<p>{e(state_name)} issues no MA credential of its own.</p>")


def levels(e: Escaper, items: Sequence[Any], labels: Mapping[str, str], careers: Mapping[str, str]) -> Markup:
    """The ladder's levels in words, bottom first: each level's credentials and the roles it leads to."""
    rows = []
    for lvl in items:
        creds = ", ".join([e(labels.get(c, c)) for c in lvl.credentials])
        roles = "; ".join([e(careers[r]) for r in lvl.careers])
        text = (f": {creds}" if creds else "") + ((f"; roles: {roles}" if creds else f": {roles}") if roles else "")
        rows.append(f'<li><a href="/highest#level-{e(lvl.id)}">{e(lvl.name)}</a>{text}</li>')
    return Markup("".join(rows))


def state_page(e: Escaper, s: Any, who: str, credselect: str, table: str, cards: str) -> Markup:
    """A state page's content around what the question decides (the picker, the task table and the
    cards, and whom they are for). The rest, the state's own record (its summary and facts, laws,
    protected titles, credentials and research notes), is laid out once per escaper: the knowledge
    base, and so the escaper's memo, never changes a state's record."""
    key = ("state page", s.code, s.name)
    found: tuple[str, str] | None = e.items.get(key)
    if found is None:
        found = e.keep(key, _state_parts(e, s))
    head, tail = found
    return Markup(
        f"{head}{credselect}</div>\n  <button type=\"submit\">Show</button>\n</form>\n\n"
        f'<section aria-labelledby="tasks">\n<h2 id="tasks">Every task, for {value(who)}</h2>\n'
        '<div class="scroll" tabindex="0" role="region" aria-label="Tasks table">\n<table>\n'
        '  <thead><tr><th scope="col">Task</th><th scope="col">Decision</th><th scope="col">Basis</th>'
        '<th scope="col">Confidence</th></tr></thead>\n'
        f"  <tbody>{table}\n  </tbody>\n</table>\n</div>\n{cards}\n</section>\n\n{tail}"
    )


def _state_parts(e: Escaper, s: Any) -> tuple[str, str]:
    """A state page's own record, before the picker and after the cards."""
    v = value
    delegate = ", ".join(words(x) for x in s.who_may_delegate) or "not stated"
    head = (
        f"<h1>{v(s.name)}: what may a medical assistant do?</h1>\n"
        f'<p class="lead">{v(s.summary)}</p>\n<dl class="facts">\n'
        f"  <dt>How MAs are regulated</dt><dd>{v(words(s.regulation))}</dd>\n"
        f"  <dt>MA defined in law</dt><dd>{v(words(s.ma_defined_in_law))}</dd>\n"
        f"  <dt>Who may delegate</dt><dd>{v(delegate)}</dd>\n"
        f"  <dt>Researched</dt><dd>as of {v(s.as_of)}, confidence {v(s.confidence)}</dd>\n</dl>\n"
        f'<form method="get" action="/states/{v(s.code)}" class="panel inline">\n  <div class="field">'
    )
    titles = "".join(_title(t) for t in s.titles) or (
        f"<p>No title-protection law is recorded for {v(s.name)}: not researched yet, which does not mean "
        "there is none.</p>"
    )
    notes = "".join(f"<li>{v(x)}</li>" for x in s.notes)
    tail = (
        f'<section aria-labelledby="laws">\n<h2 id="laws">Laws and guidance</h2>\n{laws(e, s.laws)}\n</section>\n\n'
        f'<section aria-labelledby="titles">\n<h2 id="titles">Titles the law protects</h2>\n{titles}</section>\n\n'
        '<section aria-labelledby="creds">\n<h2 id="creds">State-issued credentials</h2>\n'
        f"{state_credentials(e, s.name, s.state_credentials)}\n</section>\n\n"
        + (
            '<section aria-labelledby="notes"><h2 id="notes">Research notes</h2>'
            f"<ul>{notes}</ul></section>\n"
            if s.notes
            else ""
        )
    )
    return head, tail


def _title(t: Any) -> str:
    """One protected title: the words, what the law says, its citation and dates."""
    v = value
    cite = f'<a href="{v(t.url)}">{v(t.citation)}</a>' if t.url else v(t.citation)
    effective = f", effective {v(t.effective)}" if t.effective else ""
    notes = f'<p class="small">{v(t.notes)}</p>' if t.notes else ""
    return (
        f'<article class="card">\n  <h3>&ldquo;{v(t.title)}&rdquo; <span class="tag">{v(words(t.kind))}</span></h3>\n'
        f"  <p>{v(t.rule)}</p>\n"
        f'  <p class="small muted">{cite}{effective}. As of {v(t.as_of)}, confidence {v(t.confidence)}.</p>\n'
        f"{notes}</article>\n"
    )
