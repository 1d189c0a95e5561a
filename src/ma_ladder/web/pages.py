"""Server-rendered pages: the same answers as the JSON API, laid out for people.

Each route parses its query, calls one function of :mod:`ma_ladder.questions` and renders a template;
no page decides anything itself, so a page and its JSON twin (linked from every page) can never
disagree. Bad input raises the questions' own errors, which the app turns into :func:`error_page`.
Templates are compiled once per process (no reload checks), and every page works with JavaScript off.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader
from msgspec import Meta
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from .. import ladder, questions
from ..errors import UnknownName, UsageError, shown, tidy
from ..kb import KnowledgeBase, load
from ..ladder.compare import cell
from ..paths import INTERESTS
from ..paths.steps import Path, Span
from ..scope import DISCLAIMER, Answer
from ..wages import metros
from ..words import DECISIONS, decision, known, symbol, words
from ..words import who as who_for
from . import fragments, layout, svg
from .params import Many, Query, Text, path_param, read

T = TypeVar("T")
E = TypeVar("E", bound=Callable[..., Any])
TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")
DASH = "\N{EN DASH}"


class Routes(list[Route]):
    """A module's pages, in the order they are matched: plain Starlette routes. FastAPI's routing and
    parameter machinery cost a page about 100 µs a request and give it nothing (pages are not in the
    OpenAPI document); a page reads its parameters with :func:`.params.read`, as the API does."""

    def page(self, path: str, methods: Sequence[str] = ("GET",)) -> Callable[[E], E]:
        def add(endpoint: E) -> E:
            self.append(Route(path, endpoint, methods=list(methods)))
            return endpoint

        return add


routes = Routes()


def _range(span: Span | None, unit: str = "") -> str:
    """A step's or path's months or dollars as text; None is unknown."""
    if span is None:
        return "unknown"
    if unit == "$":
        lo, hi = f"${span.min:,.0f}", f"${span.max:,.0f}"
    else:
        lo, hi = f"{span.min:g}", f"{span.max:g}"
    return lo if lo == hi else f"{lo}{DASH}{hi}"


def _published(value: object) -> str:
    """A BLS figure in words: the value, "unclear: why", or "not published"."""
    return known(value, "not published")


def _as_typed(value: str | None) -> str:
    """A cell's text as a person can check it: invisible and control characters written out
    (``\\u202e``), and an empty or blank cell said in words."""
    if value is None:
        return ""
    if not value.strip():
        return "(empty)" if not value else f"(blank: {len(value)} space{'s' if len(value) != 1 else ''})"
    return tidy(value)


def _money(value: float | None) -> str:
    return "not published" if value is None else f"${value:,.0f}"


# The pages' parameters, checked as the API's are (a value too long is a 422 page naming it) ------------


class CompareForm(Query, frozen=True):
    ids: Many = None  # ids=CMA&ids=RMA (ticked boxes) or ids=CMA,RMA


class ClaimsForm(Query, frozen=True):
    verdict: Text = None


class ScopeForm(Query, frozen=True):
    task: Text = None
    credential: Text = None


class StateForm(Query, frozen=True):
    credential: Text = None


class AdviseForm(Query, frozen=True):
    state: Text = None
    high_school: Text = None
    program: Text = None
    accreditation: Text = None
    experience: Text = None
    credentials: Many = None
    interests: Many = None
    budget: Text = None
    months: Text = None


class AskForm(Query, frozen=True):
    q: Annotated[str, Meta(max_length=500)] | None = None


class WagesForm(Query, frozen=True):
    state: Text = None
    metro: Text = None


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=fragments.finalize,
    )
    env.filters.update(
        cell=cell,
        words=words,
        decision=decision,
        symbol=symbol,
        range=_range,
        money=_money,
        nonprofit=known,
        known=_published,
        as_typed=_as_typed,
    )
    return env


templates = _environment()


def _kb() -> KnowledgeBase:
    return load()


def _in_path(kind: str, fn: Callable[[], T]) -> T:
    """Run a lookup of a name from the URL path; an unknown one is re-raised marked as a 404 (as the API does)."""
    try:
        return fn()
    except UnknownName as exc:
        exc.in_path = exc.kind == kind  # type: ignore[attr-defined]
        raise


def _api(path: str, params: Mapping[str, str | list[str] | None] | None = None) -> str:
    """The JSON twin's URL: the API path with the non-empty parameters."""
    clean = {k: v for k, v in (params or {}).items() if v}
    return f"/api/v1{path}" + (f"?{urlencode(clean, doseq=True)}" if clean else "")


def _section(path: str) -> str:
    """The navigation entry a path belongs to (a state page is under scope), for ``aria-current``."""
    top = "/" + path.strip("/").split("/")[0]
    return "/scope" if top == "/states" else top


def render(
    request: Request,
    name: str,
    title: str,
    json_url: str,
    sources: Iterable[object] = (),
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """One page from its template: the template's content in the site's layout (:func:`page`)."""
    listed = list(sources)
    main = templates.get_template(name).render({"title": title, "json_url": json_url, "sources": listed, **context})
    return page(request, main, title, json_url, listed, status, **context)


def page(
    request: Request,
    main: str,
    title: str,
    json_url: str,
    sources: Iterable[object] = (),
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """A page's content (markup) in the site's layout (:mod:`.layout`), with its JSON twin, its sources
    and the data set in the footer. ``context`` may say ``legal``, ``disclaimer``, ``json_note`` and
    ``asked`` (the ask box's question)."""
    kb = _kb()
    listed = sources if isinstance(sources, list) else list(sources)
    html = layout.page(
        kb, title=title, json_url=json_url, section=_section(request.scope["path"]), main=main, count=len(listed),
        sources=fragments.sources(fragments.escaper(kb), listed, kb) if listed else None,
        legal=context.get("legal", False), disclaimer=context.get("disclaimer", ""),
        json_note=context.get("json_note", ""), asked=context.get("asked", ""),
    )  # fmt: skip
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, message: str, suggestions: list[str]) -> HTMLResponse:
    """A readable error page in the site layout; never a stack trace. A 404 links the suggested pages."""
    parts = [p for p in request.url.path.split("/") if p]
    links = [(s, f"/{parts[0]}/{s}") for s in suggestions] if status == 404 and len(parts) == 2 else []
    return render(
        request,
        "error.html",
        f"Error {status}",
        "/api/v1/docs",
        status=status,
        status_code=status,
        message=message,
        suggestions=suggestions,
        links=links,
    )


# Home and the highest level -----------------------------------------------------------------------


def _ladder_picture(kb: KnowledgeBase, h: Any) -> Any:
    labels, careers = ladder.labels(kb), kb.careers
    top = f"Peers; by MA Ladder's criteria {labels.get(h.credential, h.credential)} ranks first"
    rungs = [
        svg.Rung(
            lvl.id,
            lvl.name,
            [labels.get(c, c) for c in lvl.credentials] + [careers[r].name for r in lvl.careers],
            top if lvl.id == "general" else "",
            f"/highest#level-{lvl.id}",
        )
        for lvl in h.levels
    ]
    return svg.ladder(rungs, "The medical-assistant career ladder, from entry level at the bottom")


@routes.page("/")
async def home(request: Request) -> HTMLResponse:
    kb = _kb()
    h = questions.highest(kb)
    careers = {r: kb.careers[r].name for lvl in h.levels for r in lvl.careers}
    return render(
        request, "home.html", "What is the highest level of medical assistant?", _api("/ladder"),
        h.citations, highest=h, picture=_ladder_picture(kb, h),
        levels=fragments.levels(fragments.escaper(kb), h.levels, ladder.labels(kb), careers),
    )  # fmt: skip


@routes.page("/highest")
async def highest(request: Request) -> HTMLResponse:
    kb = _kb()
    h = questions.highest(kb)
    careers = {r: kb.careers[r].name for lvl in h.levels for r in lvl.careers}
    return render(
        request, "highest.html", "The highest level of medical assistant, and why", _api("/highest"),
        h.citations, highest=h, careers=careers, criteria={c.id: c for c in h.criteria},
        labels=ladder.labels(kb),
    )  # fmt: skip


# Credentials, organizations, claims ---------------------------------------------------------------


@routes.page("/credentials")
async def credentials(request: Request) -> HTMLResponse:
    kb = _kb()
    answer = questions.credentials(kb)
    rows = sorted(answer.credentials, key=lambda c: (c.track, c.id))
    orgs = {o.id: o.abbreviation for o in kb.organizations.values()}
    sources = _unique(s for r in rows for s in questions.credential(kb, r.id).sources)
    return render(
        request, "credentials.html", "Credentials", _api("/credentials"), sources, rows=rows, orgs=orgs,
        state_rows=answer.state_credentials,
    )  # fmt: skip


@routes.page("/credentials/{id}")
async def credential(request: Request) -> HTMLResponse:
    kb, id = _kb(), path_param(request, "id")
    c = _in_path("credential", lambda: questions.credential(kb, id))
    if isinstance(c, questions.StateCredentialAnswer):
        return render(
            request, "state_credential.html", c.name, _api(f"/credentials/{c.id}"), c.sources, c=c,
            labels=ladder.labels(kb), legal=True, disclaimer=DISCLAIMER,
        )  # fmt: skip
    issuer = kb.organizations.get(c.issuer)
    return render(
        request, "credential.html", c.name, _api(f"/credentials/{c.id}"), c.sources,
        c=c, issuer=issuer, labels=ladder.labels(kb),
    )  # fmt: skip


@routes.page("/compare")
async def compare(request: Request) -> HTMLResponse:
    kb, ids = _kb(), read(request, CompareForm).ids
    chosen = [p.strip() for i in (ids or []) for p in i.split(",") if p.strip()]  # ids=CMA&ids=RMA or ids=CMA,RMA
    table = questions.compare(kb, chosen) if chosen else None
    listing = questions.credentials(kb)
    options = sorted(listing.credentials, key=lambda c: (c.track, c.id))
    return render(
        request, "compare.html", "Compare credentials", _api("/compare", {"ids": ",".join(chosen)}),
        table.citations if table else (), table=table, options=options, state_options=listing.state_credentials,
        chosen=set(table.credentials) if table else set(),
        labels=ladder.labels(kb),
    )  # fmt: skip


@routes.page("/organizations")
async def organizations(request: Request) -> HTMLResponse:
    answer = questions.organizations(_kb())
    sources = _unique(s for o in answer.organizations for s in o.sources)
    return render(
        request, "organizations.html", "Organizations", _api("/organizations"), sources, orgs=answer.organizations
    )


@routes.page("/organizations/{id}")
async def organization(request: Request) -> HTMLResponse:
    kb, id = _kb(), path_param(request, "id")
    o = _in_path("organization", lambda: questions.organization(kb, id))
    parent = kb.organizations.get(o.parent) if o.parent else None
    return render(
        request, "organization.html", o.name, _api(f"/organizations/{o.id}"), o.sources,
        o=o, parent=parent, labels=ladder.labels(kb),
    )  # fmt: skip


@routes.page("/claims")
async def claims(request: Request) -> HTMLResponse:
    verdict = read(request, ClaimsForm).verdict
    answer = questions.claims(_kb(), verdict or None)
    return render(
        request, "claims.html", "The article's claims, checked", _api("/claims", {"verdict": verdict}),
        claims=answer.claims, verdict=verdict or "", verdicts=questions.VERDICTS,
    )  # fmt: skip


# Scope of practice --------------------------------------------------------------------------------


def _tiles(answers: Sequence[Answer], task_name: str, credential: str | None) -> list[svg.Tile]:
    query = f"?{urlencode({'credential': credential})}" if credential else ""
    return [
        svg.Tile(
            a.state,
            f"d-{a.decision}",
            symbol(a.decision),
            f"/states/{a.state}{query}#{a.task}",
            f"{a.state_name}: {decision(a.decision)} ({task_name})",
        )
        for a in answers
    ]


def _unique(sources: Iterable[Any]) -> list[object]:
    """Sources or citations for the page's list, the first of each URL kept."""
    seen: dict[str, object] = {}
    for c in sources:
        seen.setdefault(c.url or c.title, c)
    return list(seen.values())


def _scope_sources(answers: Sequence[Answer]) -> list[object]:
    return _unique(c for a in answers for c in a.citations)


@routes.page("/scope")
async def scope(request: Request) -> HTMLResponse:
    kb, q = _kb(), read(request, ScopeForm)
    task_given, cred = q.task or "injection", q.credential or None
    answer = questions.scope(kb, None, task_given, cred)
    assert not isinstance(answer, Answer)  # no state given: always the 51 jurisdictions
    task_id = answer.task or task_given
    task_name = kb.tasks[task_id].name
    who = who_for(answer.credential)
    picture = svg.tile_map(
        _tiles(answer.answers, task_name, answer.credential),
        f"{task_name}: may {who} do it? One tile per state and DC",
        "; ".join(f"{a.state_name}: {decision(a.decision)}" for a in answer.answers),
    )
    return render(
        request, "scope.html", f"Scope of practice: {task_name}",
        _api("/scope", {"task": task_id, "credential": answer.credential}), _scope_sources(answer.answers),
        answer=answer, picture=picture, task_id=task_id, task_name=task_name, who=who,
        tasks=sorted(kb.tasks.values(), key=lambda t: t.name),
        credselect=fragments.credential_select(fragments.escaper(kb), kb, answer.credential or ""),
        decisions=DECISIONS, legal=True, disclaimer=answer.disclaimer,
    )  # fmt: skip


@routes.page("/states")
async def states(request: Request) -> HTMLResponse:
    answer = questions.states(_kb())
    sources = _unique(c for f in answer.federal for c in f.citations)
    return render(
        request, "states.html", "States and DC", _api("/states"), sources, answer=answer, legal=True,
        disclaimer=answer.disclaimer,
    )  # fmt: skip


@routes.page("/states/{code}")
async def state(request: Request) -> HTMLResponse:
    kb, code, credential = _kb(), path_param(request, "code"), read(request, StateForm).credential
    s = _in_path("state", lambda: questions.state(kb, code, credential or None))
    cites = _scope_sources(s.answers)
    e = fragments.escaper(kb)
    cred = s.answers[0].credential if s.answers else None
    table = fragments.task_table(e, s.answers, kb.tasks)
    cards = fragments.task_cards(e, s.code, s.answers, kb.tasks, cred or "")
    main = fragments.state_page(e, s, who_for(cred), fragments.credential_select(e, kb, cred or ""), table, cards)
    return page(
        request, main, f"{s.name}: what may a medical assistant do?",
        _api(f"/states/{s.code}", {"credential": credential}), [*s.sources, *cites],
        legal=True, disclaimer=s.disclaimer,
    )  # fmt: skip


# The advisor --------------------------------------------------------------------------------------


def _number(value: str | None, field: str) -> int | None:
    """A whole number from a form field; empty is "not said"."""
    if value is None or not value.strip():
        return None
    text = value.strip().replace(",", "").replace("$", "")
    if not (text.isascii() and text.isdigit()):  # "²".isdigit() is True, but int("²") fails
        raise UsageError(f"{field}: {shown(value)} is not a whole number of 0 or more, e.g. 12")
    return int(text)


def _profile(form: Mapping[str, Any]) -> dict[str, Any]:
    """The advisor form as a profile file's fields."""
    program = form["program"]
    accreditation = form["accreditation"]
    hs = {"yes": True, "no": False}.get(form["high_school"] or "")
    return {
        "state": form["state"] or None,
        "high_school": hs,
        "program": (
            {"status": program, "accreditation": [accreditation] if accreditation not in (None, "", "none") else []}
            if program in ("enrolled", "graduated")
            else None
        ),
        "experience_months": {"medical_assisting": _number(form["experience"], "months of MA experience") or 0},
        "credentials": [{"id": c} for c in form["credentials"]],
        "interests": list(form["interests"]),
        "budget_usd": _number(form["budget"], "budget"),
        "months_available": _number(form["months"], "months available"),
    }


def _path_picture(path: Path, title: str, key: str) -> Any:
    bars, start = [], 0.0
    for step in path.steps:
        months = None if step.months is None else step.months.max
        cost = _range(step.cost_usd, "$") if step.cost_usd is not None and not step.unknown else "cost unknown"
        detail = f"{_range(step.months)} months, {cost}" if step.months is not None else f"length unknown, {cost}"
        bars.append(svg.Bar(step.title[:1].upper() + step.title[1:], start, months, detail, step.kind))
        start += months or 0
    return svg.timeline(bars, title, key)


def _wage_picture(rows: Sequence[Any], title: str, key: str = "") -> Any:
    bars = [
        svg.WageBar(f"{r.title} {DASH} {r.area}", r.median_annual, r.p10_annual, r.p90_annual, f"area-{r.area_type}")
        for r in rows
    ]
    return svg.wage_bars(bars, title, key=key)


def _pictures(advice: Any) -> dict[str, Any]:
    out = {}
    for r in advice.recommendations:
        for kind in ("fastest", "cheapest"):
            path = getattr(r, kind)
            if path is not None:
                title = f"{kind.title()} path to {r.credential}"
                out[f"{r.credential}-{kind}"] = _path_picture(path, title, kind + r.credential)
    return out


ADVISE_NOTE = "The API's advisor takes the profile as a JSON body: POST it to /api/v1/advise (the link shows how)."


def _query(request: Request) -> dict[str, list[str]]:
    """The page's own query, repeated keys kept, for a JSON twin that takes the same parameters."""
    out: dict[str, list[str]] = {}
    for k, v in request.query_params.multi_items():
        out.setdefault(k, []).append(v)
    return out


@routes.page("/advise")
async def advise(request: Request) -> HTMLResponse:
    f = read(request, AdviseForm)
    kb = _kb()
    form = {
        "state": f.state or "", "high_school": f.high_school or "", "program": f.program or "none",
        "accreditation": f.accreditation or "none", "experience": f.experience or "",
        "credentials": f.credentials or [], "interests": f.interests or [], "budget": f.budget or "",
        "months": f.months or "",
    }  # fmt: skip
    advice = profile = pictures = wage_chart = None
    if request.query_params:
        profile = _profile(form)
        advice = questions.advise(kb, questions.person(kb, profile))
        pictures = _pictures(advice)
        wage_chart = _wage_picture(advice.rungs, "What the rungs pay (BLS median)", "rungs")
    return render(
        request, "advise.html", "Advisor: which credential next?", "/api/v1/docs#post-api-v1-advise",
        advice.citations if advice else (), form=form, json_note=ADVISE_NOTE, advice=advice, pictures=pictures,
        wage_chart=wage_chart,
        profile_json=json.dumps(profile, indent=2) if profile else "",
        states=sorted(kb.states.values(), key=lambda s: s.name),
        credential_rows=sorted(kb.credentials.values(), key=lambda c: c.id), interests=INTERESTS,
        labels=ladder.labels(kb),
    )  # fmt: skip


# Questions in plain English ---------------------------------------------------------------------


@routes.page("/ask")
async def ask_page(request: Request) -> HTMLResponse:
    q = read(request, AskForm).q
    from ..ask import ask
    from ..serialize import to_builtins

    kb = _kb()
    question = (q or "").strip()
    a = ask(kb, question) if question else None
    query = to_builtins(a.query) if a else {}
    understood = ", ".join(f"{k} {v}" for k, v in query.items() if v not in (None, [], "") and k != "fuzzy")
    return render(
        request, "ask.html", f"Ask: {question}" if question else "Ask a question",
        _api("/ask", {"q": question}) if question else "/api/v1/docs#get-api-v1-ask",
        a.citations if a else (), a=a, asked=question, understood=understood or "nothing the engines take",
    )  # fmt: skip


# Wages --------------------------------------------------------------------------------------------


def _outlook(kb: KnowledgeBase) -> list[tuple[str, str, Any]]:
    """BLS outlook per occupation (careers sharing a SOC code share one outlook): (soc, names, outlook)."""
    by_soc: dict[str, tuple[list[str], Any]] = {}
    for c in sorted(kb.careers.values(), key=lambda c: c.name):
        if c.outlook is not None and c.soc:
            by_soc.setdefault(c.soc, ([], c.outlook))[0].append(c.name)
    return [(soc, "; ".join(names), o) for soc, (names, o) in sorted(by_soc.items())]


@routes.page("/wages")
async def wages(request: Request) -> HTMLResponse:
    kb, q = _kb(), read(request, WagesForm)
    state, metro = q.state, q.metro
    report = questions.wages(kb, state or None, metro or None)
    rows = sorted(report.rows, key=lambda r: (r.title, ("national", "state", "metro").index(r.area_type), r.area))
    chart = _wage_picture(rows, f"Median annual pay, {report.release}")
    outlook = _outlook(kb)
    sources = _unique([*report.citations, *(s for _, _, o in outlook for s in o.sources)])
    return render(
        request, "wages.html", "Wages for medical assistants and the roles they move into",
        _api("/wages", {"state": state, "metro": metro}), sources,
        report=report, rows=rows, chart=chart, outlook=outlook,
        state=state or "", metro=metro or "", states=sorted(kb.states.values(), key=lambda s: s.name),
        metros=metros(kb),
    )  # fmt: skip
