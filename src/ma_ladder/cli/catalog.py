"""CLI commands for the ladder and the credentials: ``highest``, ``ladder``, ``credentials``, ``show``,
``compare``, ``claims``, ``organizations``, and ``kb check`` for the knowledge base itself.

Text shows a summary first and the rest with ``--full``; ids the data uses (``order_entry``,
``certifying_body``) are printed as plain words (:mod:`ma_ladder.words`), and ``--json`` keeps them.
"""

from __future__ import annotations

import argparse
import itertools
import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import UnknownName, UsageError
from ..questions import VERDICTS
from ..words import either, known, words
from . import output
from .app import Parser, add_command

if TYPE_CHECKING:
    from ..kb import KnowledgeBase
    from ..kb.schema import Credential, Source
    from ..ladder import Highest, Score
    from ..questions import CredentialAnswer, StateCredentialAnswer

TRACKS = "general, administrative, phlebotomy, ekg, ophthalmic, order_entry, management, instructor, state"
CRITERIA_COLUMNS = {
    "eligibility": "eligibility",
    "exam_accreditation": "exam",
    "renewal": "renewal",
    "state_recognition": "state law",
}
_ID = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)+")


def parse_weights(pairs: list[str] | None) -> dict[str, float]:
    """``--weight eligibility=0.5`` options into weights (checked by :func:`questions.parse_weights`)."""
    from ..questions import parse_weights as check

    given = {}
    for pair in pairs or []:
        name, _, value = pair.partition("=")
        given[name] = value
    return check(given)


def parse_date(text: str | None, option: str = "--on") -> date | None:
    """A YYYY-MM-DD option, or a clear error."""
    from ..questions import parse_date as check

    return check(text, option)


def _weights(p: Parser) -> None:
    p.add_argument(
        "--weight",
        action="append",
        metavar="NAME=NUMBER",
        help="Override a criterion's weight (repeatable); `ma-ladder highest` lists the criteria.",
    )


def register(sub: Any) -> None:
    """Add this module's commands to the parser."""
    _weights(add_command(sub, "highest", highest))
    _weights(add_command(sub, "ladder", ladder))
    p = add_command(sub, "credentials", list_credentials)
    p.add_argument("--track", help=f"One of: {TRACKS}.")
    p.add_argument("--issuer", help="Organization id, abbreviation or name, e.g. AAMA or NHA.")
    add_command(sub, "show", show).add_argument(
        "credential", help="Credential id, e.g. CMA or WA:MA-C (any case), or an organization, e.g. AAMA."
    )
    add_command(sub, "compare", compare).add_argument(
        "credentials", nargs="+", help="Credential ids, e.g. CMA RMA WA:MA-C (one shows its column alone)."
    )
    add_command(sub, "claims", claims).add_argument("--verdict", help=f"One of: {', '.join(VERDICTS)}.")
    add_command(sub, "organizations", organizations).add_argument(
        "organization", nargs="?", help="One organization's id, abbreviation or name, e.g. AAMA."
    )
    kb = sub.add_parser("kb", help="Check the knowledge base.", description="Check the knowledge base.")
    kb.add_argument("--json", action="store_true", dest="as_json", help="Print one JSON object on stdout.")
    kb.set_defaults(run=_kb_usage)
    p = add_command(kb.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser), "check", kb_check)
    p.add_argument(
        "--older-than", type=int, metavar="DAYS", help="Also list facts whose as_of is older than this many days."
    )


# Plain text of values ----------------------------------------------------------------------------


def plain(value: object) -> str:
    """A value as a person reads it: yes/no, ``unclear: why``, an id as words, numbers without ``.0``."""
    import msgspec

    from ..kb.schema import Unclear

    if isinstance(value, Unclear):
        return f"unclear: {value.unclear}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        return words(value).lower() if _ID.fullmatch(value) else value
    if isinstance(value, msgspec.Struct):
        return "; ".join(f"{words(f).lower()} {plain(v)}" for f, v in _fields(value))
    if isinstance(value, list | tuple):
        return ", ".join(plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {plain(v)}" for k, v in value.items())
    return str(value)


def _fields(obj: Any, skip: Iterable[str] = ()) -> list[tuple[str, Any]]:
    """A record's fields that hold something other than their default, in declaration order."""
    import msgspec

    left_out = set(skip)
    out = []
    for f in msgspec.structs.fields(obj):
        value = getattr(obj, f.name)
        default = f.default if f.default is not msgspec.NODEFAULT else None
        if f.default_factory is not msgspec.NODEFAULT:
            default = f.default_factory()
        if f.name in left_out or value is None or value == [] or value == {} or value == default:
            continue
        out.append((f.name, value))
    return out


class Refs:
    """Numbers for sources, in the order a page first cites them: ``[1]``, ``[2, 3]``."""

    def __init__(self, sources: Iterable[Source] = ()) -> None:
        self.sources: list[Source] = []
        self.index: dict[str, int] = {}
        for s in sources:
            self.number(s)

    def number(self, s: Source) -> int:
        if s.url not in self.index:
            self.sources.append(s)
            self.index[s.url] = len(self.sources)
        return self.index[s.url]

    def cite(self, sources: Iterable[Source]) -> str:
        nums = sorted({self.number(s) for s in sources})
        return f" [{', '.join(map(str, nums))}]" if nums else ""

    def print(self) -> None:
        """The numbered list, each source with the date it states, if any."""
        import msgspec

        output.citations(
            msgspec.structs.replace(s, title=f"{s.title} ({s.date})") if s.date and s.date not in s.title else s
            for s in self.sources
        )


DATED = ("sources", "as_of", "confidence")


def record(obj: Any, refs: Refs, indent: int = 2, skip: Iterable[str] = ()) -> None:
    """Every field of a record as ``label: value`` lines (nested records indented); its as-of date,
    confidence and sources (as numbers) on one last line."""
    import msgspec

    fields = _fields(obj, skip)
    for name, value in fields:
        label = words(name)
        if name in DATED:
            continue
        if isinstance(value, msgspec.Struct) and not _is_unclear(value):
            output.line(f"{label}:", indent=indent)
            record(value, refs, indent + 2)
        elif isinstance(value, list) and value and isinstance(value[0], msgspec.Struct) and not _is_unclear(value[0]):
            output.line(f"{label}:", indent=indent)
            for item in value:
                output.line(f"- {_first_text(item)}", indent=indent + 2, hang=2)
                record(item, refs, indent + 4, skip=("id", "date", *_head_fields(item)))
        elif name.endswith("_usd") and isinstance(value, int | float) and not isinstance(value, bool):
            output.line(f"{label}: ${value:,.0f}", indent=indent, hang=2)
        else:
            output.line(f"{label}: {plain(value)}", indent=indent, hang=2)
    dated = dict(fields)
    if "as_of" in dated or "sources" in dated:
        when = f"as of {dated['as_of']}" if "as_of" in dated else ""
        sure = f", {dated['confidence']} confidence" if "confidence" in dated else ""
        output.line(f"({when}{sure}){refs.cite(dated.get('sources', []))}".replace("(, ", "("), indent=indent)


def _is_unclear(value: object) -> bool:
    from ..kb.schema import Unclear

    return isinstance(value, Unclear)


_HEADS = ("name", "title", "change", "area", "claim")


def _head_fields(item: Any) -> tuple[str, ...]:
    return tuple(f for f in _HEADS if f in item.__struct_fields__)[:1]


def _first_text(item: Any) -> str:
    head = _head_fields(item)
    if not head:
        return ""
    text = str(getattr(item, head[0]))
    return f"{item.date}: {text}" if head[0] == "change" and hasattr(item, "date") else text


def heading(text: str) -> None:
    """A heading: bold when it fits on one line, else a wrapped paragraph after a blank line."""
    if len(text) <= output.width():
        return output.heading(text)
    output.line()
    output.line(text)


def _more(what: str) -> None:
    output.line()
    output.line(f"--full shows {what}.")


# highest, ladder -------------------------------------------------------------------------------


def _open_order(ranking: Sequence[Score]) -> list[str]:
    """Credentials whose place is open: a neighbour's score range reaches into theirs."""
    out: list[str] = []
    for a, b in itertools.pairwise(ranking):
        if b.max >= a.min and a.total != b.total:
            out += [x for x in (a.credential, b.credential) if x not in out]
    return out


def _ranking_table(kb: KnowledgeBase, h: Highest) -> None:
    from ..ladder import labels
    from ..ladder.ranking import span

    label = labels(kb)
    crit = [c.id for c in h.criteria]
    output.table(
        None,
        ["credential", "score", *(CRITERIA_COLUMNS.get(c, words(c).lower()) for c in crit)],
        (
            (
                label.get(s.credential, s.credential),
                span(s.min, s.max),
                *(span(p.min, p.max) for c in crit for p in s.parts if p.criterion == c),
            )
            for s in h.ranking
        ),
    )


def _unknowns(kb: KnowledgeBase, h: Highest) -> None:
    from ..ladder import labels

    label = labels(kb)
    weight = {c.id: c.weight for c in h.criteria}
    gaps = [
        f"{label.get(s.credential, s.credential)} ({', '.join(words(p.criterion).lower() for p in open_)})"
        for s in h.ranking
        if (open_ := [p for p in s.parts if p.unknown and weight.get(p.criterion)])
    ]
    if not gaps:
        return
    output.line()
    output.line(
        "A range means a fact is unknown: it counts as the least and as the most it could give, never as "
        "zero, and the list is ordered by the middle of each range. Unknown: " + "; ".join(gaps) + "."
    )
    overlap = _open_order(h.ranking)
    if overlap:
        output.line(
            f"Their ranges overlap, so the order of {', '.join(label.get(c, c) for c in overlap)} is open.",
        )


def highest(args: argparse.Namespace) -> None:
    """What is the highest level of medical assistant? The answer, the reasons, the sources."""
    from .. import questions
    from ..kb import load

    kb = load()
    h = questions.highest(kb, parse_weights(args.weight))
    if args.as_json:
        return output.emit_json(h)
    output.line(h.answer)
    heading("The general certifications on MA Ladder's criteria (0 to 1)")
    _ranking_table(kb, h)
    _unknowns(kb, h)
    output.line()
    output.line(
        "Criteria (weight): "
        + ", ".join(f"{c.name.lower()} {c.weight:g}" for c in h.criteria)
        + ". Change one with --weight NAME=NUMBER, NAME one of "
        + ", ".join(c.id for c in h.criteria)
        + "."
    )
    if not args.full:
        return _more(
            f"the reasons behind every score, what each criterion measures, and the {len(h.citations)} sources"
        )
    output.heading("Why each score")
    for r in h.reasons:
        output.bullet(r)
    output.heading("What each criterion measures")
    for c in h.criteria:
        output.bullet(f"{c.name} (weight {c.weight:g}): {c.description}")
    output.citations(h.citations)
    output.line()
    output.line(f"Data set {h.dataset_version}. See `ma-ladder ladder` for every level.")


def ladder(args: argparse.Namespace) -> None:
    """The levels of the MA career as a tree, from entry to the roles beyond the MA."""
    from .. import questions
    from ..kb import load
    from ..ladder import labels

    kb = load()
    answer = questions.ladder(kb, parse_weights(args.weight))
    if args.as_json:
        return output.emit_json(answer)
    label = labels(kb)
    output.line("The medical-assistant ladder (no official hierarchy exists; see `ma-ladder highest`)")
    for lvl in answer.levels:
        output.heading(lvl.name)
        output.line(lvl.description, indent=2)
        for cid in lvl.credentials:
            shown = label.get(cid, cid)
            output.bullet(f"{shown}: {lvl.names.get(cid, cid)}", indent=4)
        for rid in lvl.careers:
            career = kb.careers[rid]
            output.bullet(f"{career.name} (a role)", indent=4)
            if args.full:
                output.line(career.summary, indent=6)
    if args.full:
        output.heading("How the general certifications are ordered")
        for c in answer.criteria:
            output.bullet(f"{c.name} (weight {c.weight:g}): {c.description}")
    else:
        _more("what each role is, and the criteria that order the general certifications")


# credentials, show, compare --------------------------------------------------------------------


def list_credentials(args: argparse.Namespace) -> None:
    """List credentials, by track, national and state-issued; filter by track or issuer."""
    from .. import questions
    from ..kb import load

    kb = load()
    answer = questions.credentials(kb, args.track, args.issuer)
    if args.as_json:
        return output.emit_json(answer)
    orgs = kb.organizations
    tracks = list(dict.fromkeys(c.track for c in sorted(answer.credentials, key=lambda c: _TRACK_ORDER(c.track))))
    for track in tracks:
        output.heading(f"{_track_words(track)} ({track_count(answer.credentials, track)})")
        rows = [c for c in answer.credentials if c.track == track]
        output.table(
            None,
            ["credential", "name", "issuer"],
            ((c.id, c.name, orgs[c.issuer].abbreviation if c.issuer in orgs else c.issuer) for c in rows),
        )
        if args.full:
            for c in rows:
                output.line(f"{c.id}: {kb.credentials[c.id].summary}", indent=2, hang=4)
    if answer.state_credentials:
        output.heading(f"State-issued credentials ({len(answer.state_credentials)})")
        output.table(
            None,
            ["credential", "name"],
            (
                (s.id, s.name + (f" (no longer issued since {s.ended})" if s.ended and "ended" not in s.name else ""))
                for s in answer.state_credentials
            ),
        )
        if args.full:
            states = kb.state_credentials()
            for s in answer.state_credentials:
                output.line(f"{s.id}: {states[s.id][1].summary}", indent=2, hang=4)
    if not answer.credentials and not answer.state_credentials:
        output.line("No credential matches.")
    if not args.full:
        _more("each credential's summary; `ma-ladder show ID` shows one in full")


def track_count(rows: Sequence[Any], track: str) -> int:
    return sum(1 for r in rows if r.track == track)


_TRACKS_IN_ORDER = ("general", "administrative", "phlebotomy", "ekg", "ophthalmic", "order_entry")


def _TRACK_ORDER(track: str) -> tuple[int, str]:
    return (_TRACKS_IN_ORDER.index(track) if track in _TRACKS_IN_ORDER else len(_TRACKS_IN_ORDER), track)


def _track_words(track: str) -> str:
    names = {
        "general": "General MA certifications",
        "administrative": "Administrative MA certifications",
        "phlebotomy": "Phlebotomy",
        "ekg": "EKG",
        "ophthalmic": "Ophthalmic",
        "order_entry": "Order entry",
        "management": "Management",
        "instructor": "Teaching",
    }
    return names.get(track, words(track))


def show(args: argparse.Namespace) -> None:
    """Everything about one credential, organization or career: every fact its record holds, with sources."""
    from .. import questions
    from ..kb import load, resolve

    kb = load()
    try:
        c = questions.credential(kb, args.credential)
    except UnknownName as not_credential:
        try:
            resolve.organization(kb, args.credential)
        except UnknownName:
            try:
                role = questions.career(kb, args.credential)
            except UnknownName:
                raise not_credential from None
            return output.emit_json(role) if args.as_json else _show_career(role)
        return _organization(kb, args.credential, args.as_json)
    if args.as_json:
        return output.emit_json(c)
    if isinstance(c, questions.StateCredentialAnswer):
        return _show_state(kb, c, args.full)
    return _show_national(kb, c, args.full)


def _show_career(c: Any) -> None:
    """A role beyond the MA: what it is, what it takes, its BLS outlook, and the sources."""
    output.line(f"{c.name}")
    output.line(c.summary)
    for r in c.requirements:
        output.bullet(r)
    if c.credentials:
        _fact("Related credentials", ", ".join(c.credentials))
    _fact("Licensed", "yes" if c.licensed else "no")
    for label, span in (("Typical length (months)", c.typical_months), ("Typical cost (USD)", c.typical_cost_usd)):
        if span is not None:
            _fact(label, known(span))
    o = c.outlook
    if o is not None:
        _fact("BLS occupation", o.soc)
        _fact("Projection period", known(o.period))
        _fact("Projected growth (%)", known(o.growth_pct))
        if o.annual_openings is not None:
            _fact("Openings a year", known(o.annual_openings))
        if o.entry_education is not None:
            _fact("Typical entry education", known(o.entry_education))
        _fact("Outlook as of", f"{o.as_of}, confidence {o.confidence}")
        if o.notes:
            _fact("Outlook notes", o.notes)
    output.citations([*c.sources, *(o.sources if o else [])])


def _fact(label: str, value: str, refs: str = "") -> None:
    output.line(f"{label}: {value}{refs}", indent=2, hang=4)


def _exam_summary(c: Credential) -> str:
    from ..ladder.compare import cell

    e = c.exam
    if e is None:
        return "no exam"
    text = f"{cell(e.items_total)} items ({cell(e.items_scored)} scored, {cell(e.items_pretest)} pretest)"
    return text + f", {cell(e.minutes)} minutes"


def _show_national(kb: KnowledgeBase, c: CredentialAnswer, full: bool) -> None:
    from ..ladder import costs
    from ..ladder.compare import cell, fee_text, renewal_text

    refs = Refs()
    issuer = kb.organizations.get(c.issuer)
    output.line(f"{c.abbreviation}: {c.name}")
    who = f"{issuer.name} ({issuer.abbreviation})" if issuer else c.issuer
    track = "EKG" if c.track == "ekg" else words(c.track).lower()
    output.line(f"Issued by {who} · {track} track · {words(c.kind).lower()}")
    output.line()
    output.line(c.summary)
    output.heading("Eligibility routes")
    for r in c.eligibility:
        output.bullet(f"{r.name} ({words(r.kind).lower()}){refs.cite(r.sources)}")
    output.heading("Exam, fees, renewal")
    if c.exam:
        _fact("Exam", _exam_summary(c), refs.cite(c.exam.sources))
    else:
        _fact("Exam", "no exam")
    _fact("Exam fee", fee_text(c), refs.cite(c.fees.sources))
    rn = c.renewal
    _fact("Renewal", renewal_text(c), refs.cite(rn.sources))
    _fact("Renewal fee", cell(rn.renewal_fee_usd, "$"))
    _fact("Annual fee", cell(rn.annual_fee_usd, "$"))
    _fact("10-year cost", cell(costs.keep_cost(c), "$") + " (issuer fees only; CE courses extra)")
    for change in rn.history:
        _fact(f"Renewal rule from {change.date}", change.change, refs.cite(change.sources))
    a = c.accreditation
    _fact(
        "Exam accreditation",
        f"NCCA {plain(a.ncca)}; ISO/IEC 17024 {plain(a.iso17024)} (as of {a.as_of}, {a.confidence} confidence)",
        refs.cite(a.sources),
    )
    if a.notes:
        _fact("Accreditation notes", a.notes)
    if c.state_credentials:
        _fact("State credentials it meets", ", ".join(c.state_credentials))
    if c.notes:
        output.heading("Notes")
        for n in c.notes:
            output.bullet(n)
    if full:
        output.heading("Every recorded fact")
        shown = ("id", "name", "abbreviation", "issuer", "track", "kind", "summary", "notes", "sources")
        record(c, refs, skip=(*shown, "state_credentials", "dataset_version"))
    refs.cite(c.sources)
    refs.print()
    if not full:
        _more("every recorded fact: each route's requirements, the exam's content, the lapse rules")


def _show_state(kb: KnowledgeBase, c: StateCredentialAnswer, full: bool) -> None:
    from ..ladder import labels

    refs = Refs()
    output.line(f"{c.id}: {c.name}")
    status = f"no longer issued since {c.ended}" if c.ended else "still issued"
    output.line(f"A state credential issued by {c.state_name} · {status}")
    output.line(f"Facts as of {c.as_of}, {c.confidence} confidence{refs.cite(c.sources)}")
    output.line()
    output.line(c.summary)
    output.heading("What its record requires")
    for r in c.requires:
        output.bullet(r)
    output.heading("National credentials that meet it")
    if c.satisfied_by:
        label = labels(kb)
        held = either([label.get(x, x) for x in c.satisfied_by])
        output.line(f"A current {held} meets its requirements, says its record.", indent=2)
    else:
        output.line("Its record names none; check each requirement with the state.", indent=2)
    output.heading("Not in its record")
    output.line(
        "Fees, an exam of its own, how long it takes and how it is renewed: unknown, not zero. "
        f"See `ma-ladder scope --state {c.state}` for what it lets an MA do.",
        indent=2,
    )
    if full:
        output.heading("Every recorded fact")
        record(c, refs, skip=("id", "name", "summary", "requires", "satisfied_by", "sources", "dataset_version"))
    refs.print()


def compare(args: argparse.Namespace) -> None:
    """Compare credentials side by side: issuer, routes, exam, fees, renewal, 10-year cost."""
    from .. import questions
    from ..kb import load

    result = questions.compare(load(), args.credentials)
    if args.as_json:
        return output.emit_json(result)
    summary = (
        "name",
        "issuer",
        "track",
        "eligibility_routes",
        "fee_nonmember_usd",
        "fee_member_usd",
        "renewal",
        "ten_year_cost_usd",
        "ncca_accredited",
        "iso17024_accredited",
        "state_credentials",
    )
    rows = [r for r in result.rows if args.full or r in summary]
    output.table(
        "Credentials compared",
        ["", *result.credentials],
        ((words(row), *(result.rows[row][i] for i in result.credentials)) for row in rows),
    )
    if not args.full:
        _more("every row: the exam's items, time, content, vendor and pass mark, every fee, the lapse rule")
    output.citations(result.citations)


# claims, organizations -------------------------------------------------------------------------


def _clip(text: str, n: int) -> str:
    """At most ``n`` characters, cut between words, with an ellipsis when cut."""
    if len(text) <= n:
        return text
    cut = text[: n - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def claims(args: argparse.Namespace) -> None:
    """The seed article's claims, each with a verdict, an explanation and sources."""
    from collections import Counter

    from .. import questions
    from ..kb import load

    answer = questions.claims(load(), args.verdict)
    if args.as_json:
        return output.emit_json(answer)
    counts: Counter[str] = Counter(c.verdict for c in answer.claims)
    output.line(
        f"{answer.count} claim(s) of the article, checked: "
        + ", ".join(f"{n} {words(v).lower()}" for v in VERDICTS if (n := counts.get(v)))
        + "."
    )
    if not args.full:
        width = output.width()
        pad = max((len(words(c.verdict)) for c in answer.claims), default=0) + 1
        output.line()
        for c in answer.claims:
            output.line(f"{words(c.verdict):<{pad}}{_clip(c.claim, width - pad)}")
        return _more("each claim in full with its section, the explanation and its sources")
    for c in answer.claims:
        heading(f"{words(c.verdict).upper()}: {c.claim}")
        output.line(f"Section: {c.section}", indent=2)
        output.line(c.explanation, indent=2)
        for s in c.sources:
            output.line(f"- {s.title}:", indent=2, hang=2)
            output.line(s.url, indent=4)


def organizations(args: argparse.Namespace) -> None:
    """The certifying bodies, accreditors and regulators: what each does, with sources."""
    from .. import questions
    from ..kb import load

    kb = load()
    if args.organization:
        return _organization(kb, args.organization, args.as_json)
    answer = questions.organizations(kb)
    if args.as_json:
        return output.emit_json(answer)
    if not args.full:
        output.line(f"{len(answer.organizations)} organizations: certifying bodies, accreditors and regulators")
        output.line()
        for o in answer.organizations:
            output.bullet(f"{o.abbreviation}: {o.name} ({words(o.kind).lower()})", indent=0, mark="-")
        return _more("every recorded fact of each; `ma-ladder organizations ID` shows one")
    refs = Refs()
    for o in answer.organizations:
        _organization_text(kb, questions.organization(kb, o.id), refs)
    refs.print()


def _organization_text(kb: KnowledgeBase, o: Any, refs: Refs) -> None:
    from ..ladder import labels

    heading(f"{o.name} ({o.abbreviation})")
    output.line(f"Kind: {words(o.kind)}", indent=2)
    parent = kb.organizations.get(o.parent) if o.parent else None
    if o.parent:
        output.line(f"Part of: {parent.name} ({parent.abbreviation})" if parent else f"Part of: {o.parent}", indent=2)
    output.line(f"Website: {o.website}", indent=2)
    if o.issues:
        label = labels(kb)
        output.line(f"Issues: {', '.join(label.get(i, i) for i in o.issues)}", indent=2, hang=2)
    output.line(f"Facts as of {o.as_of}, {o.confidence} confidence{refs.cite(o.sources)}", indent=2)
    output.line(o.summary, indent=2)
    shown = {"id", "name", "abbreviation", "kind", "parent", "website", "issues", "as_of", "confidence"}
    record(o, refs, skip=shown | {"summary", "sources", "dataset_version"})


def _organization(kb: KnowledgeBase, given: str, as_json: bool) -> None:
    from .. import questions

    o = questions.organization(kb, given)
    if as_json:
        return output.emit_json(o)
    refs = Refs()
    _organization_text(kb, o, refs)
    refs.print()


# kb check --------------------------------------------------------------------------------------


def _kb_usage(args: argparse.Namespace) -> None:
    raise UsageError("give a kb command: `ma-ladder kb check` validates every file")


def kb_check(args: argparse.Namespace) -> None:
    """Validate every file of the knowledge base; optionally list stale facts."""
    from ..kb import build, freshness

    if args.older_than is not None and args.older_than < 0:
        raise UsageError(f"--older-than {args.older_than}: give a number of days of 0 or more")
    kb = build()
    names = ("organizations", "credentials", "program_types", "tasks", "careers", "claims", "states", "national")
    counts = {name: len(getattr(kb, name)) for name in names}
    stale = freshness.stale(kb, args.older_than) if args.older_than is not None else []
    if args.as_json:
        return output.emit_json({"ok": True, "version": kb.dataset.version, "counts": counts, "stale": stale})
    output.line(
        f"ok: knowledge base {kb.dataset.version} is valid — " + ", ".join(f"{v} {k}" for k, v in counts.items())
    )
    if args.older_than is not None:
        output.line(f"{len(stale)} fact block(s) older than {args.older_than} days")
        for s in stale:
            output.line(f"{s.where}: as of {s.as_of} ({s.age_days} days)", indent=2)
