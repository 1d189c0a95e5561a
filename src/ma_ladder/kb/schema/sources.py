"""Schema of the source-host list (``knowledge/source_hosts.yaml``): how far each cited web host is trusted.

A fact is only as good as the page it rests on, and the page is judged by who publishes it: the
issuer of a credential, a regulator or an official code is *primary*; a reputable copy of the law,
a legal commentary or a newspaper is *secondary*; a scraped statute copy, a document mirror or an
SEO page is *weak*. Judging the host once, in one file with a reason for each, keeps the judgement
visible and reviewable instead of repeating it in every source block.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from .common import Check, Record, Text

Quality = Literal["primary", "secondary", "weak"]

_HOST = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")


def _check_host(host: str) -> str:
    """A bare lower-case host name, so that a lookup by a URL's host is exact: no scheme, path, port or ``www.``."""
    if not _HOST.fullmatch(host):
        raise ValueError(f"not a bare lower-case host name: {host!r}")
    if host.startswith("www."):
        raise ValueError(f"drop the 'www.' ({host!r}): www.example.org and example.org are the same host")
    return host


Host = Annotated[str, Check(_check_host)]


class SourceHost(Record, frozen=True):
    """How far one web host is trusted, and why.

    ``suffix`` extends the entry to every subdomain (``nhanow.com`` then covers ``info.nhanow.com``);
    it is off by default so that a shared parent domain is never trusted by accident. An exact entry
    for a subdomain wins over a suffix entry for its parent.
    """

    host: Host
    quality: Quality
    why: Text
    suffix: bool = False


class SourceHosts(Record, frozen=True):
    """The whole file: one entry for every host the knowledge base cites."""

    hosts: list[SourceHost]
