"""The REST API in-process: the status code first, then the body; the same JSON as the CLI's --json."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ma_ladder.web.app import create_app

from .clirun import invoke


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


def _cli(*args: str) -> Any:
    result = invoke([*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_get_health_is_trivial(client: TestClient) -> None:
    r = client.get("/api/v1/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["dataset_version"] == r.headers["x-dataset-version"]


@pytest.mark.parametrize(
    ("url", "cli"),
    [
        ("/api/v1/highest", ["highest"]),
        ("/api/v1/highest?renewal=1&eligibility=0", ["highest", "--weight", "renewal=1", "--weight", "eligibility=0"]),
        ("/api/v1/ladder", ["ladder"]),
        ("/api/v1/credentials?track=phlebotomy", ["credentials", "--track", "phlebotomy"]),
        ("/api/v1/credentials/cma", ["show", "cma"]),
        ("/api/v1/compare?ids=CMA,RMA,CCMA", ["compare", "CMA", "RMA", "CCMA"]),
        ("/api/v1/organizations", ["organizations"]),
        ("/api/v1/organizations/AAMA", ["organizations", "AAMA"]),
        ("/api/v1/claims?verdict=false", ["claims", "--verdict", "false"]),
        ("/api/v1/states", ["states"]),
        ("/api/v1/scope?state=ny&task=flu%20shot", ["scope", "--state", "ny", "--task", "flu shot"]),
        ("/api/v1/scope?state=WA&task=injection&credential=WA:MA-C&on=2020-01-01",
         ["scope", "--state", "WA", "--task", "injection", "--credential", "WA:MA-C", "--on", "2020-01-01"]),
        ("/api/v1/scope?state=TX", ["scope", "--state", "TX"]),
        ("/api/v1/scope?task=injection&credential=CMA", ["scope", "--task", "injection", "--credential", "CMA"]),
        ("/api/v1/wages?state=TX&metro=Houston", ["wages", "--state", "TX", "--metro", "Houston"]),
    ],
)  # fmt: skip
def test_get_answers_are_the_cli_json(client: TestClient, url: str, cli: list[str]) -> None:
    r = client.get(url)
    assert r.status_code == 200, r.text
    assert r.json() == _cli(*cli)


def test_post_plan_and_advise_are_the_cli_json(client: TestClient) -> None:
    profile = {"state": "TX", "high_school": True, "interests": ["ekg"]}
    r = client.post("/api/v1/plan?goal=cardiology", json=profile)
    assert r.status_code == 200, r.text
    assert r.json() == _cli("plan", "--goal", "cardiology", "--state", "TX", "--high-school", "--interest", "ekg")
    r = client.post("/api/v1/advise", json=profile)
    assert r.status_code == 200, r.text
    assert r.json() == _cli("advise", "--state", "TX", "--high-school", "--interest", "ekg")
    r = client.post("/api/v1/eligibility", json=profile)
    assert r.status_code == 200, r.text
    assert r.json() == _cli("eligible", "--state", "TX", "--high-school", "--interest", "ekg")


def test_get_state_page_data_has_every_task(client: TestClient) -> None:
    r = client.get("/api/v1/states/washington")
    assert r.status_code == 200
    body = r.json()
    assert body["code"] == "WA" and len(body["answers"]) == 20 and "not legal advice" in body["disclaimer"].lower()


@pytest.mark.parametrize(
    ("url", "field", "suggestion"),
    [
        ("/api/v1/credentials/RNA", "id", "RMA"),
        ("/api/v1/organizations/AAMAA", "id", "aama"),
        ("/api/v1/states/Texs", "state", "TX"),
    ],
)
def test_get_unknown_id_is_404_with_suggestions(client: TestClient, url: str, field: str, suggestion: str) -> None:
    r = client.get(url)
    assert r.status_code == 404
    err = r.json()["error"]
    assert err["field"] == field and suggestion in err["suggestions"] and err["message"]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/scope?state=Texs&task=injection", "state"),
        ("/api/v1/scope?state=TX&task=injektion", "task"),
        ("/api/v1/scope?state=TX&task=injection&credential=CMX", "credential"),
        ("/api/v1/scope?state=TX&task=injection&on=2025-02-30", None),
        ("/api/v1/scope", None),
        ("/api/v1/highest?renewal=-1", "renewal"),
        ("/api/v1/highest?renewal=nan", "renewal"),
        ("/api/v1/compare?ids=", "ids"),
        ("/api/v1/claims?verdict=maybe", "verdict"),
        ("/api/v1/wages?metro=Nowhere", None),
        ("/api/v1/scope?state=" + "x" * 500, "state"),
    ],
)
def test_get_bad_parameter_is_422(client: TestClient, url: str, field: str | None) -> None:
    r = client.get(url)
    assert r.status_code == 422, r.text
    err = r.json()["error"]
    assert err["message"] and (field is None or err["field"] == field)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/advise", {"state": "TX", "budget_usd": "lots"}),
        ("/api/v1/advise", {"stat": "TX"}),
        ("/api/v1/advise", {"state": "Texs"}),
        ("/api/v1/plan?goal=astronaut", {"state": "TX"}),
        ("/api/v1/plan?goal=CMA", []),
        ("/api/v1/eligibility", {"credentials": [{"id": "CMA", "earned": "2020-13-01"}]}),
    ],
)
def test_post_bad_profile_is_422(client: TestClient, path: str, body: Any) -> None:
    r = client.post(path, json=body)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["message"]


def test_post_oversized_body_is_refused(client: TestClient) -> None:
    r = client.post("/api/v1/advise", content=b"{" + b" " * 70_000 + b"}", headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert r.json()["error"]["message"]


def test_get_repeat_with_etag_is_304(client: TestClient) -> None:
    first = client.get("/api/v1/highest")
    assert first.status_code == 200 and first.headers["etag"] and "max-age" in first.headers["cache-control"]
    again = client.get("/api/v1/highest", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    other = client.get("/api/v1/highest?renewal=1", headers={"if-none-match": first.headers["etag"]})
    assert other.status_code == 200


def test_every_response_carries_security_headers_and_the_dataset_version(client: TestClient) -> None:
    for url in ("/api/v1/health", "/api/v1/nope", "/api/v1/docs", "/api/v1/scope?state=Texs&task=x"):
        r = client.get(url)
        csp = r.headers["content-security-policy"]
        assert "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp, url
        assert r.headers["x-content-type-options"] == "nosniff" and r.headers["referrer-policy"], url
        assert r.headers["x-dataset-version"], url


def test_get_unknown_api_path_is_json_404(client: TestClient) -> None:
    r = client.get("/api/v1/nope")
    assert r.status_code == 404
    assert r.json()["error"]["message"]


def test_get_openapi_and_offline_docs(client: TestClient) -> None:
    doc = client.get("/api/v1/openapi.json")
    assert doc.status_code == 200
    paths = doc.json()["paths"]
    for name in ("health", "credentials", "credentials/{id}", "organizations", "organizations/{id}", "compare",
                 "highest", "ladder", "claims", "states", "states/{code}", "scope", "eligibility", "plan",
                 "advise", "wages"):  # fmt: skip
        assert f"/api/v1/{name}" in paths, name
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and "<form" in docs.text and "http" not in docs.text.split("<main")[0].lower()


# Review findings, each with the request that showed it.


def test_post_chunked_oversized_body_is_refused(client: TestClient) -> None:
    def chunks() -> Any:
        yield b'{"state": "'
        for _ in range(100):
            yield b"x" * 1000
        yield b'"}'

    r = client.post("/api/v1/advise", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert len(r.content) < 1000


def test_head_is_answered_like_get_without_a_body(client: TestClient) -> None:
    for url in ("/api/v1/health", "/", "/states/WA"):
        r = client.head(url)
        assert r.status_code == 200, url
        assert r.content == b""


def test_post_answers_are_never_cached(client: TestClient) -> None:
    r = client.post("/api/v1/advise", json={"state": "TX"})
    assert r.status_code == 200
    assert "etag" not in r.headers and r.headers["cache-control"] == "no-store"
    again = client.post("/api/v1/advise", json={"state": "TX"}, headers={"if-none-match": "*"})
    assert again.status_code == 200


def test_get_if_none_match_takes_a_list_and_a_star(client: TestClient) -> None:
    tag = client.get("/api/v1/health").headers["etag"]
    assert client.get("/api/v1/health", headers={"if-none-match": f'"x", W/{tag}'}).status_code == 304
    assert client.get("/api/v1/health", headers={"if-none-match": "*"}).status_code == 304
    assert client.get("/api/v1/health", headers={"if-none-match": tag[:-3] + '"'}).status_code == 200


@pytest.mark.parametrize(
    ("method", "url", "body", "field"),
    [
        ("get", "/api/v1/scope?state=NY&task=injection&on=2025-02-30", None, "on"),
        ("get", "/api/v1/states/WA?on=2025-02-30", None, "on"),
        ("post", "/api/v1/advise?on=2025-02-30", {"state": "TX"}, "on"),
        ("get", "/api/v1/wages?metro=", None, "metro"),
        ("get", "/api/v1/wages?state=", None, "state"),
    ],
)
def test_bad_parameter_names_its_field(client: TestClient, method: str, url: str, body: Any, field: str) -> None:
    r = client.post(url, json=body) if method == "post" else client.get(url)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["field"] == field


def test_post_body_that_is_not_json_names_the_profile(client: TestClient) -> None:
    r = client.post("/api/v1/advise", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.json()["error"]["field"] == "profile"


def test_an_error_never_echoes_a_huge_input(client: TestClient) -> None:
    r = client.get("/api/v1/scope?state=" + "x" * 79 + "&task=injection")
    assert r.status_code == 422
    assert len(r.json()["error"]["message"]) < 600


def test_a_body_that_is_not_json_is_a_422_naming_the_profile(client: TestClient) -> None:
    r = client.post("/api/v1/plan?goal=CMA", content=b"?8\xff{", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "profile"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/v1/highest?renewal=abc", "renewal: expected a number, e.g. 0.5"),
        ("/api/v1/highest?renewal=2000", "renewal: expected a number <= 1000.0"),
        ("/api/v1/scope?state=TX&on=2020-1-1", "on: expected a date as YYYY-MM-DD, e.g. 2026-01-31"),
        ("/api/v1/states/TX?credential=" + "x" * 81, "credential: longer than 80 characters; shorten it"),
    ],
)
def test_a_bad_parameter_is_said_in_words_not_in_the_checkers(client: TestClient, url: str, message: str) -> None:
    r = client.get(url)
    assert r.status_code == 422
    assert r.json()["error"]["message"] == message
