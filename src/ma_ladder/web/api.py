"""The REST API, ``/api/v1``: the same questions and the same JSON bodies as the CLI's ``--json``.

Handlers are ``async``: every engine answers in microseconds to a millisecond without I/O, so a
request runs on the event loop instead of paying for a hop to a thread.

Every route calls one function of :mod:`ma_ladder.questions` and returns
:func:`ma_ladder.serialize.to_json` of its answer, so a body is byte for byte what the CLI prints
(before indentation). Errors are ``{"error": {"message", "field", "suggestions"}}``: 404 for an
unknown id in the path, 422 for a bad parameter. Answers carry an ETag (a hash of the body) and
``Cache-Control``; a matching ``If-None-Match`` gets 304.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any

import msgspec
import xxhash
from fastapi import APIRouter, Body, FastAPI, Path, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response
from msgspec import Meta

from .. import questions, serialize
from ..errors import MaLadderError, UnknownName
from ..kb import load
from .params import Day, NoQuery, Query, etag_matches, parameters, read

router = APIRouter(prefix="/api/v1")
CACHE = "public, max-age=300"
Profile = Annotated[dict[str, Any], Body(description="the profile: the same fields as a profile file")]
FIELDS = {"state": "state", "task": "task", "credential": "credential", "organization": "id", "verdict": "verdict"}

Weight = Annotated[float, Meta(ge=0, le=1000, description="weight of this ranking criterion")] | None


class CredentialsQuery(Query, frozen=True):
    track: (
        Annotated[str, Meta(max_length=80, description="general, administrative, phlebotomy, ekg, ophthalmic…")] | None
    ) = None
    issuer: (
        Annotated[str, Meta(max_length=80, description="an organization's id, abbreviation or name, e.g. NHA")] | None
    ) = None


class CompareQuery(Query, frozen=True):
    ids: Annotated[str, Meta(max_length=200, description="credential ids, comma-separated, e.g. CMA,RMA,CCMA")]


class WeightsQuery(Query, frozen=True):
    eligibility: Weight = None
    exam_accreditation: Weight = None
    renewal: Weight = None
    state_recognition: Weight = None

    def weights(self) -> dict[str, float]:
        return questions.parse_weights({k: v for k in self.__struct_fields__ if (v := getattr(self, k)) is not None})


class ClaimsQuery(Query, frozen=True):
    verdict: (
        Annotated[str, Meta(max_length=80, description="true, partly_true, false, outdated or unverifiable")] | None
    ) = None


class OnQuery(Query, frozen=True):
    on: Day = None


class StateQuery(Query, frozen=True):
    credential: Annotated[str, Meta(max_length=80, description="a credential held, e.g. CMA or WA:MA-C")] | None = None
    on: Day = None


class ScopeQuery(Query, frozen=True):
    state: Annotated[str, Meta(max_length=80, description="a state code or name, e.g. NY or New York")] | None = None
    task: (
        Annotated[str, Meta(max_length=80, description="a task id or a word people use, e.g. injection or flu shot")]
        | None
    ) = None
    credential: Annotated[str, Meta(max_length=80, description="a credential held, e.g. CMA or WA:MA-C")] | None = None
    on: Day = None


class PlanQuery(Query, frozen=True):
    goal: Annotated[str, Meta(max_length=80, description="CMA, cardiology, practice manager, task:injection@WA…")]
    on: Day = None


class AskQuery(Query, frozen=True):
    q: Annotated[str, Meta(min_length=1, max_length=500, description="a question, e.g. can a CMA give flu shots in NY")]


class WagesQuery(Query, frozen=True):
    state: Annotated[str, Meta(max_length=80, description="a state code or name")] | None = None
    metro: Annotated[str, Meta(max_length=80, description="part of a metro area's name, e.g. Houston")] | None = None
    occupation: Annotated[
        list[Annotated[str, Meta(max_length=80)]] | None, Meta(description="SOC code or title words (repeatable)")
    ] = None


def respond(request: Request, answer: object) -> Response:
    """The serialized answer. A GET answer carries its ETag and is 304 when the client has this body;
    a POST answer is about one person's profile and is never stored by anyone."""
    body = serialize.to_json(answer)
    if request.method != "GET":
        return Response(body, media_type="application/json", headers={"cache-control": "no-store"})
    etag = '"' + xxhash.xxh3_128_hexdigest(body) + '"'  # 0.2 µs for 24 KB; SHA-256 took 13 µs
    headers = {"etag": etag, "cache-control": CACHE}
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


def ask(fn: Callable[..., Any], *args: Any, path: str | None = None, field: str | None = None) -> Any:
    """Call a question; an unknown name in the path is a 404, anything else wrong a 422 naming its field."""
    try:
        return fn(load(), *args)
    except UnknownName as exc:
        exc.field = field or FIELDS.get(exc.kind.split()[0], exc.kind)
        exc.in_path = path is not None and exc.kind == path  # type: ignore[attr-defined]
        raise
    except MaLadderError as exc:
        exc.field = getattr(exc, "field", None) or field  # type: ignore[attr-defined]
        raise


def _answers(name: str) -> dict[str, Any]:
    """OpenAPI text for a route answering with the named schema."""
    ok = {
        "description": "the answer",
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
    }
    err = {
        "description": "an error",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    return {"200": ok, "304": {"description": "not modified (If-None-Match)"}, "404": err, "422": err}


def _route(
    path: str, schema: str, query: type[Query] = NoQuery, method: str = "get"
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    adder = router.get if method == "get" else router.post
    extra = {"parameters": parameters(query)} if query is not NoQuery else None
    return adder(path, response_class=Response, responses=_answers(schema), openapi_extra=extra)  # type: ignore[arg-type]


class Health(msgspec.Struct, frozen=True):
    status: str
    version: str
    dataset_version: str


@_route("/health", "Health")
async def health(request: Request) -> Response:
    """Trivial: the service is up, with its code and data set versions."""
    from .. import __version__

    return respond(request, Health("ok", __version__, load().dataset.version))


@_route("/scope", "ScopeAnswer", ScopeQuery)
async def scope(request: Request) -> Response:
    """May an MA do a task in a state? One answer; state alone: every task; task alone: 51 jurisdictions."""
    q = read(request, ScopeQuery)
    return respond(request, ask(questions.scope, q.state, q.task, q.credential, q.on))


@_route("/highest", "Highest", WeightsQuery)
async def highest(request: Request) -> Response:
    """What is the highest level of medical assistant? The answer, the ranking, its reasons and sources."""
    return respond(request, ask(questions.highest, read(request, WeightsQuery).weights()))


@_route("/credentials", "CredentialList", CredentialsQuery)
async def credentials(request: Request) -> Response:
    """Every credential, optionally of one track (general, phlebotomy, ekg, ophthalmic…) or one issuer."""
    q = read(request, CredentialsQuery)
    return respond(request, ask(questions.credentials, q.track, q.issuer, field="track" if q.track else "issuer"))


@_route("/credentials/{id}", "AnyCredentialAnswer")
async def credential(request: Request, id: Annotated[str, Path(max_length=80)]) -> Response:
    """One credential: issuer, every eligibility route, exam, fees, renewal, accreditation, sources."""
    return respond(request, ask(questions.credential, id, path="credential", field="id"))


@_route("/organizations", "OrganizationList")
async def organizations(request: Request) -> Response:
    """The certifying bodies, accreditors and regulators."""
    return respond(request, ask(questions.organizations))


@_route("/organizations/{id}", "OrganizationAnswer")
async def organization(request: Request, id: Annotated[str, Path(max_length=80)]) -> Response:
    """One organization and the credentials it issues."""
    return respond(request, ask(questions.organization, id, path="organization", field="id"))


@_route("/compare", "Comparison", CompareQuery)
async def compare(request: Request) -> Response:
    """Credentials side by side, ``ids`` comma-separated: routes, exam, fees, renewal, 10-year cost."""
    given = [i.strip() for i in read(request, CompareQuery).ids.split(",") if i.strip()]
    return respond(request, ask(questions.compare, given, field="ids"))


@_route("/ladder", "LadderAnswer", WeightsQuery)
async def ladder(request: Request) -> Response:
    """Every level of the ladder, from entry to the roles beyond the MA."""
    return respond(request, ask(questions.ladder, read(request, WeightsQuery).weights()))


@_route("/claims", "ClaimList", ClaimsQuery)
async def claims(request: Request) -> Response:
    """The claims of the article the project grew from, each with a verdict and sources."""
    return respond(request, ask(questions.claims, read(request, ClaimsQuery).verdict, field="verdict"))


@_route("/states", "StateList", OnQuery)
async def states(request: Request) -> Response:
    """How each of the 50 states and DC regulates medical assistants. Not legal advice."""
    return respond(request, ask(questions.states, read(request, OnQuery).on, field="on"))


@_route("/states/{code}", "StateAnswer", StateQuery)
async def state(request: Request, code: Annotated[str, Path(max_length=40)]) -> Response:
    """One jurisdiction: its laws, state credentials, and an answer for every task. Not legal advice."""
    q = read(request, StateQuery)
    return respond(request, ask(questions.state, code, q.credential, q.on, path="state"))


@_route("/eligibility", "EligibilityAnswer", OnQuery, "post")
async def eligibility(request: Request, profile: Profile) -> Response:
    """For every credential: eligible now (by which route), or what is missing."""
    on = read(request, OnQuery).on
    return respond(
        request, ask(lambda kb: questions.eligibility(kb, questions.person(kb, profile), on), field="profile")
    )


@_route("/plan", "Plan", PlanQuery, "post")
async def plan(request: Request, profile: Profile) -> Response:
    """Every Pareto-optimal path (months against dollars) from the profile to a goal."""
    q = read(request, PlanQuery)
    return respond(
        request, ask(lambda kb: questions.plan(kb, questions.person(kb, profile), q.goal, q.on), field="goal")
    )


@_route("/advise", "Advice", OnQuery, "post")
async def advise(request: Request, profile: Profile) -> Response:
    """Ranked recommendations for the profile, with reasons, paths, pay and caveats."""
    on = read(request, OnQuery).on
    return respond(request, ask(lambda kb: questions.advise(kb, questions.person(kb, profile), on), field="profile"))


@_route("/wages", "WageReport", WagesQuery)
async def wages(request: Request) -> Response:
    """Official BLS OEWS wages for MAs and the roles they move into: nation, state, metro areas."""
    q = read(request, WagesQuery)
    return respond(request, ask(questions.wages, q.state, q.metro, q.occupation))


@_route("/ask", "AskAnswer", AskQuery)
async def ask_question(request: Request) -> Response:
    """A question in plain English, answered from the engines with citations, or an honest "not sure"."""
    from ..ask import ask as answer

    q = read(request, AskQuery)
    return respond(request, ask(answer, q.q))


def _schemas() -> dict[str, Any]:
    """JSON Schemas of every answer, from the answer types themselves (msgspec)."""
    from ..ask import AskAnswer
    from ..ladder import Highest, LadderAnswer
    from ..ladder.compare import Comparison
    from ..paths.advisor import Advice
    from ..paths.eligibility import EligibilityAnswer
    from ..paths.planner import Plan
    from ..scope import Answer, ScopeList, StateAnswer, StateList
    from ..wages import WageReport

    types = [
        Health, questions.CredentialList, questions.CredentialAnswer, questions.OrganizationList,
        questions.OrganizationAnswer, Comparison, Highest, LadderAnswer, questions.ClaimList, StateList, StateAnswer,
        Answer, ScopeList, EligibilityAnswer, Plan, Advice, WageReport, questions.StateCredentialAnswer, AskAnswer,
    ]  # fmt: skip
    _, components = msgspec.json.schema_components(types, ref_template="#/components/schemas/{name}")
    components["ScopeAnswer"] = {
        "anyOf": [{"$ref": "#/components/schemas/Answer"}, {"$ref": "#/components/schemas/ScopeList"}]
    }
    components["AnyCredentialAnswer"] = {
        "anyOf": [
            {"$ref": "#/components/schemas/CredentialAnswer"},
            {"$ref": "#/components/schemas/StateCredentialAnswer"},
        ]
    }
    components["Error"] = {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["message", "field", "suggestions"],
                "properties": {
                    "message": {"type": "string"},
                    "field": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                    "suggestions": {"type": "array", "items": {"type": "string"}},
                },
            }
        },
    }
    return components


def install_openapi(app: FastAPI, extra: Sequence[Callable[[], dict[str, Any]]] = ()) -> None:
    """The OpenAPI document: FastAPI's paths, with the answer schemas msgspec derives from the types
    (these and, from ``extra``, those of other routers such as the roster's)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            schemas = _schemas()
            for more in extra:
                schemas.update(more())
            doc.setdefault("components", {}).setdefault("schemas", {}).update(schemas)
            for item in doc["paths"].values():
                for op in item.values():
                    op.get("responses", {}).pop("default", None)
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
