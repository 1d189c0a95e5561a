"""The site's own files (its style sheet and icon), read once per process and served from memory.

Every page asks for the style sheet, so it is served as fast as an answer: no thread, no ``stat``, no
file opened per request (Starlette's ``StaticFiles`` did all three, at a fifth of the trivial
endpoint's throughput). Pages link each file with its version, a hash of its bytes, in the URL
(``/static/site.css?v=…``): a browser may keep that URL forever (``immutable``), and a new release
changes the URL. A URL without the current version still works, cached for five minutes only: so
does a new page's URL that reaches a process still running the old release (a rolling restart),
which answers with its own bytes. Only the folder's own files are served (not hidden files, editor
backups or links): a name is looked up in a table, never joined to a path.
"""

from __future__ import annotations

import mimetypes
import os
from hashlib import sha256
from typing import NamedTuple

from starlette.requests import Request
from starlette.responses import Response

from ..errors import UnknownName
from .params import etag_matches

FOREVER = "public, max-age=31536000, immutable"  # a versioned URL never changes its bytes
BRIEFLY = "public, max-age=300"  # an unversioned or old URL: the bytes may change with a release
TYPES = {".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}  # the folder's kinds; others by mimetypes


class Asset(NamedTuple):
    """One file as served: its bytes, their type, and the version its URL and ETag carry."""

    body: bytes
    media_type: str
    version: str  # the first 16 hex digits of the bytes' SHA-256

    @property
    def etag(self) -> str:
        """The version as a strong ETag: the same bytes always give the same tag."""
        return f'"{self.version}"'


def read_folder(folder: str) -> dict[str, Asset]:
    """Every file directly in ``folder`` by name, with its bytes, type and version."""
    out = {}
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.startswith(".") or name.endswith("~") or os.path.islink(path) or not os.path.isfile(path):
            continue
        with open(path, "rb") as fh:
            body = fh.read()
        ext = os.path.splitext(name)[1]
        media = TYPES.get(ext) or mimetypes.guess_type(name)[0] or "application/octet-stream"
        out[name] = Asset(body, media, sha256(body).hexdigest()[:16])
    return out


class Assets:
    """The files of one folder, and the versioned URL of each for the pages to link."""

    def __init__(self, folder: str, prefix: str = "/static") -> None:
        self.files, self.prefix = read_folder(folder), prefix

    def url(self, name: str) -> str:
        """The URL a page links: the file's path with its version (an unknown name is a bug: KeyError)."""
        return f"{self.prefix}/{name}?v={self.files[name].version}"

    async def serve(self, request: Request) -> Response:
        """``GET /static/{name}``: the file from memory, 304 for a matching If-None-Match."""
        name = request.path_params["name"]
        asset = self.files.get(name)
        if asset is None:
            missing = UnknownName("file", name, self.files)
            missing.in_path = True  # type: ignore[attr-defined]  # a 404, as for any unknown name in a path
            raise missing
        current = request.query_params.get("v") == asset.version
        headers = {"etag": asset.etag, "cache-control": FOREVER if current else BRIEFLY}
        if etag_matches(request.headers.get("if-none-match"), asset.etag):
            return Response(status_code=304, headers=headers)
        return Response(asset.body, media_type=asset.media_type, headers=headers)


SITE = Assets(os.path.join(os.path.dirname(__file__), "static"))  # the style sheet and icon of every page
