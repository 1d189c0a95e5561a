"""The site's own files: served from memory, linked by version, cached for good only under their version."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ma_ladder.web import assets
from ma_ladder.web.app import create_app

STATIC = Path(assets.__file__).parent / "static"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


def _linked(client: TestClient, page: str, rel: str) -> str:
    r = client.get(page)
    assert r.status_code == 200
    found = re.search(rf'<link rel="{rel}" href="([^"]+)"', r.text)
    assert found, f"{page} links no {rel}"
    return found.group(1)


@pytest.mark.parametrize("page", ["/", "/states/WA", "/advise", "/nowhere", "/api/v1/docs"])
def test_every_page_links_the_style_sheet_of_this_release(client: TestClient, page: str) -> None:
    """Error pages and the API docs too: the URL carries a hash of the bytes, so a release changes it."""
    r = client.get(page)
    assert r.status_code in (200, 404)
    url = re.search(r'<link rel="stylesheet" href="([^"]+)"', r.text)
    assert url and url.group(1) == f"/static/site.css?v={assets.SITE.files['site.css'].version}"


def test_a_versioned_file_is_its_bytes_from_memory_and_kept_for_good(client: TestClient) -> None:
    for rel, name, media in [("stylesheet", "site.css", "text/css"), ("icon", "favicon.svg", "image/svg+xml")]:
        url = _linked(client, "/", rel)
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.content == (STATIC / name).read_bytes()
        assert r.headers["content-type"].startswith(media)
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert r.headers["etag"] == f'"{assets.SITE.files[name].version}"'
        assert r.headers["x-content-type-options"] == "nosniff"  # the security headers, as on every answer
        head = client.head(url)
        assert head.status_code == 200 and head.content == b"" and head.headers["etag"] == r.headers["etag"]


@pytest.mark.parametrize("url", ["/static/site.css", "/static/site.css?v=0123456789abcdef", "/static/site.css?v="])
def test_an_unversioned_or_old_url_still_gets_the_file_but_only_for_five_minutes(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200 and r.content == (STATIC / "site.css").read_bytes()
    assert r.headers["cache-control"] == "public, max-age=300"


@pytest.mark.parametrize("header", ['"{v}"', 'W/"{v}"', '"other", "{v}"', "*"])
def test_a_browser_holding_the_file_gets_a_304_without_it(client: TestClient, header: str) -> None:
    version = assets.SITE.files["site.css"].version
    r = client.get(f"/static/site.css?v={version}", headers={"if-none-match": header.format(v=version)})
    assert r.status_code == 304 and r.content == b""
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    stale = client.get("/static/site.css", headers={"if-none-match": '"0123456789abcdef"'})
    assert stale.status_code == 200 and stale.content


@pytest.mark.parametrize("url", ["/static/site.cs", "/static/%2e%2e%2fapp.py", "/static/..%2F..%2Fpyproject.toml"])
def test_a_miss_is_a_404_that_suggests_and_never_a_trace(client: TestClient, url: str) -> None:
    page = client.get(url)
    assert page.status_code == 404 and "Traceback" not in page.text
    api = client.get(url, headers={"accept": "application/json"})
    assert api.status_code == 404
    assert set(api.json()["error"]) == {"message", "field", "suggestions"}
    if url == "/static/site.cs":
        assert api.json()["error"]["suggestions"] == ["site.css"]
        assert '<a href="/static/site.css">site.css</a>' in page.text


@pytest.mark.parametrize("name", ["../app.py", "../../pyproject.toml", "/etc/passwd", "templates", "..", "site.css/"])
def test_only_the_folders_own_files_are_served(client: TestClient, name: str) -> None:
    """The handler itself, given names no router would pass it: a name is looked up in a table, never
    joined to a path, so nothing outside the folder is reachable."""
    import asyncio

    from starlette.requests import Request

    from ma_ladder.errors import UnknownName

    request = Request({"type": "http", "method": "GET", "path": "/static/x", "query_string": b"", "headers": []})
    request.scope["path_params"] = {"name": name}
    with pytest.raises(UnknownName, match="unknown file") as missed:
        asyncio.run(assets.SITE.serve(request))
    assert getattr(missed.value, "in_path", False)  # answered as a 404, like any unknown name in a path


def test_a_files_version_follows_its_bytes_and_only_files_are_read(tmp_path: Path) -> None:
    (tmp_path / "a.css").write_bytes(b"body{color:#000}")
    (tmp_path / "nested").mkdir()
    for stray in (".hidden.css", "a.css~"):
        (tmp_path / stray).write_bytes(b"not for the public")
    (tmp_path / "link.css").symlink_to(tmp_path / "a.css")
    before = assets.Assets(str(tmp_path))
    assert list(before.files) == ["a.css"] and before.files["a.css"].media_type == "text/css; charset=utf-8"
    (tmp_path / "a.css").write_bytes(b"body{color:#111}")
    after = assets.Assets(str(tmp_path))
    assert before.url("a.css") != after.url("a.css")
    assert (
        after.url("a.css") == f"/static/a.css?v={after.files['a.css'].version}"
        and len(after.files["a.css"].version) == 16
    )
