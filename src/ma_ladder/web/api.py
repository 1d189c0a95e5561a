"""The REST API, ``/api/v1``: the same questions and the same JSON bodies as the CLI's ``--json``.

Every route calls one function of :mod:`ma_ladder.questions` and returns
:func:`ma_ladder.serialize.to_json` of its answer, so a body is byte for byte what the CLI prints
(before indentation). Errors are ``{"error": {"message", "field", "suggestions"}}``: 404 for an
unknown id in the path, 422 for a bad parameter. Answers carry an ETag (a hash of the body) and
``Cache-Control``; a matching ``If-None-Match`` gets 304.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Annotated, Any

import msgspec
from fastapi import APIRouter, Body, FastAPI, Path, Query, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response

from .. import questions, serialize
from ..errors import MaLadderError, UnknownName
from ..kb import load

router = APIRouter(prefix="/api/v1")
CACHE = "public, max-age=300"
Name = Annotated[str | None, Query(max_length=80)]
Day = Annotated[
    str | None,
    Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD; default today", examples=["2025-06-30"]),
]
Weight = Annotated[float | None, Query(ge=0, le=1000, description="weight of this ranking criterion")]
Profile = Annotated[dict[str, Any], Body(description="the profile: the same fields as a profile file")]
FIELDS = {"state": "state", "task": "task", "credential": "credential", "organization": "id", "verdict": "verdict"}


def respond(request: Request, answer: object, schema: str | None = None) -> Response:
    """The serialized answer, with its ETag; 304 when the client already has this exact body."""
    body = serialize.to_json(answer)
    etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    headers = {"etag": etag, "cache-control": CACHE}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


def ask(fn: Callable[..., Any], *args: Any, path: str | None = None, field: str | None = None) -> Any:
    """Call a question; an unknown name in the path is a 404, anything else wrong a 422 naming its field."""
    try:
        return fn(load(), *args)
    except UnknownName as exc:
        exc.field = field or FIELDS.get(exc.kind.split()[0], exc.kind)  # type: ignore[attr-defined]
        exc.in_path = path is not None and exc.kind == path  # type: ignore[attr-defined]
        raise
    except MaLadderError as exc:
        exc.field = field  # type: ignore[attr-defined]
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


def _route(path: str, schema: str, method: str = "get") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    adder = router.get if method == "get" else router.post
    return adder(path, response_class=Response, responses=_answers(schema))  # type: ignore[arg-type]


class Health(msgspec.Struct, frozen=True):
    status: str
    version: str
    dataset_version: str


@_route("/health", "Health")
def health(request: Request) -> Response:
    """Trivial: the service is up, with its code and data set versions."""
    from .. import __version__

    return respond(request, Health("ok", __version__, load().dataset.version))


@_route("/credentials", "CredentialList")
def credentials(request: Request, track: Name = None, issuer: Name = None) -> Response:
    """Every credential, optionally of one track (general, phlebotomy, ekg, ophthalmic…) or one issuer."""
    return respond(request, ask(questions.credentials, track, issuer, field="track" if track else "issuer"))


@_route("/credentials/{id}", "CredentialAnswer")
def credential(request: Request, id: Annotated[str, Path(max_length=80)]) -> Response:
    """One credential: issuer, every eligibility route, exam, fees, renewal, accreditation, sources."""
    return respond(request, ask(questions.credential, id, path="credential", field="id"))


@_route("/organizations", "OrganizationList")
def organizations(request: Request) -> Response:
    """The certifying bodies, accreditors and regulators."""
    return respond(request, ask(questions.organizations))


@_route("/organizations/{id}", "OrganizationAnswer")
def organization(request: Request, id: Annotated[str, Path(max_length=80)]) -> Response:
    """One organization and the credentials it issues."""
    return respond(request, ask(questions.organization, id, path="organization", field="id"))


@_route("/compare", "Comparison")
def compare(request: Request, ids: Annotated[str, Query(max_length=200, examples=["CMA,RMA,CCMA"])]) -> Response:
    """Credentials side by side, ``ids`` comma-separated: routes, exam, fees, renewal, 10-year cost."""
    given = [i.strip() for i in ids.split(",") if i.strip()]
    return respond(request, ask(questions.compare, given, field="ids"))


def _weights(**given: float | None) -> dict[str, float]:
    return questions.parse_weights({k: v for k, v in given.items() if v is not None})


@_route("/highest", "Highest")
def highest(
    request: Request,
    eligibility: Weight = None,
    exam_accreditation: Weight = None,
    renewal: Weight = None,
    state_recognition: Weight = None,
) -> Response:
    """What is the highest level of medical assistant? The answer, the ranking, its reasons and sources."""
    w = _weights(
        eligibility=eligibility,
        exam_accreditation=exam_accreditation,
        renewal=renewal,
        state_recognition=state_recognition,
    )
    return respond(request, ask(questions.highest, w))


@_route("/ladder", "LadderAnswer")
def ladder(
    request: Request,
    eligibility: Weight = None,
    exam_accreditation: Weight = None,
    renewal: Weight = None,
    state_recognition: Weight = None,
) -> Response:
    """Every level of the ladder, from entry to the roles beyond the MA."""
    w = _weights(
        eligibility=eligibility,
        exam_accreditation=exam_accreditation,
        renewal=renewal,
        state_recognition=state_recognition,
    )
    return respond(request, ask(questions.ladder, w))


@_route("/claims", "ClaimList")
def claims(request: Request, verdict: Name = None) -> Response:
    """The claims of the article the project grew from, each with a verdict and sources."""
    return respond(request, ask(questions.claims, verdict, field="verdict"))


@_route("/states", "StateList")
def states(request: Request, on: Day = None) -> Response:
    """How each of the 50 states and DC regulates medical assistants. Not legal advice."""
    return respond(request, ask(questions.states, on, field="on"))


@_route("/states/{code}", "StateAnswer")
def state(
    request: Request, code: Annotated[str, Path(max_length=40)], credential: Name = None, on: Day = None
) -> Response:
    """One jurisdiction: its laws, state credentials, and an answer for every task. Not legal advice."""
    return respond(request, ask(questions.state, code, credential, on, path="state"))


@_route("/scope", "ScopeAnswer")
def scope(request: Request, state: Name = None, task: Name = None, credential: Name = None, on: Day = None) -> Response:
    """May an MA do a task in a state? One answer; state alone: every task; task alone: 51 jurisdictions."""
    return respond(request, ask(questions.scope, state, task, credential, on))


@_route("/eligibility", "EligibilityAnswer", "post")
def eligibility(request: Request, profile: Profile, on: Day = None) -> Response:
    """For every credential: eligible now (by which route), or what is missing."""
    return respond(
        request, ask(lambda kb: questions.eligibility(kb, questions.person(kb, profile), on), field="profile")
    )


@_route("/plan", "Plan", "post")
def plan(
    request: Request,
    profile: Profile,
    goal: Annotated[str, Query(max_length=80, examples=["CMA", "cardiology", "task:injection@WA"])],
    on: Day = None,
) -> Response:
    """Every Pareto-optimal path (months against dollars) from the profile to a goal."""
    return respond(request, ask(lambda kb: questions.plan(kb, questions.person(kb, profile), goal, on), field="goal"))


@_route("/advise", "Advice", "post")
def advise(request: Request, profile: Profile, on: Day = None) -> Response:
    """Ranked recommendations for the profile, with reasons, paths, pay and caveats."""
    return respond(request, ask(lambda kb: questions.advise(kb, questions.person(kb, profile), on), field="profile"))


@_route("/wages", "WageReport")
def wages(
    request: Request,
    state: Name = None,
    metro: Name = None,
    occupation: Annotated[list[str] | None, Query(max_length=80)] = None,
) -> Response:
    """Official BLS OEWS wages for MAs and the roles they move into: nation, state, metro areas."""
    return respond(request, ask(questions.wages, state, metro, occupation))


def _schemas() -> dict[str, Any]:
    """JSON Schemas of every answer, from the answer types themselves (msgspec)."""
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
        Answer, ScopeList, EligibilityAnswer, Plan, Advice, WageReport,
    ]  # fmt: skip
    _, components = msgspec.json.schema_components(types, ref_template="#/components/schemas/{name}")
    components["ScopeAnswer"] = {
        "anyOf": [{"$ref": "#/components/schemas/Answer"}, {"$ref": "#/components/schemas/ScopeList"}]
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


def install_openapi(app: FastAPI) -> None:
    """The OpenAPI document: FastAPI's paths, with the answer schemas msgspec derives from the types."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            doc.setdefault("components", {}).setdefault("schemas", {}).update(_schemas())
            for item in doc["paths"].values():
                for op in item.values():
                    op.get("responses", {}).pop("default", None)
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
