"""Conditional GETs for the read API: every 200 answer carries a weak ETag (a hash
of its body, so it changes whenever anything shown changes, whichever table it
comes from) and a Last-Modified; a client holding the same answer gets 304 Not
Modified instead of the body again.

Last-Modified is when this process first gave the current body for the URL: the
data behind one answer spans several tables (specifications and photos change
without touching the product row), so no column dates it reliably. After a
restart, or from another process, the date may be later than the data's: a client
then downloads once more, never keeps a stale answer. RFC 9110 has If-None-Match
(exact) win over If-Modified-Since (one-second resolution)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import UTC, datetime

from flask import Response, request
from flask_login import current_user

# URLs remembered (search URLs are unbounded): the least recently asked go first.
MAX_URLS = 10_000


class _Versions:
    """URL -> (ETag of its body, when that body was first given)."""

    def __init__(self, size: int = MAX_URLS) -> None:
        self._seen: OrderedDict[str, tuple[str, datetime]] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def since(self, url: str, etag: str) -> datetime:
        now = datetime.now(UTC).replace(microsecond=0)
        with self._lock:
            held = self._seen.get(url)
            if held is None or held[0] != etag:
                held = (etag, now)
            self._seen[url] = held
            self._seen.move_to_end(url)
            while len(self._seen) > self._size:
                self._seen.popitem(last=False)
        return held[1]


_versions = _Versions()


def make_conditional(response: Response) -> Response:
    """Add ETag, Last-Modified and Cache-Control to a 200 answer to GET/HEAD, and
    turn it into 304 when the client already holds it."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if response.direct_passthrough:  # a streamed body: nothing to hash
        return response
    response.add_etag(weak=True)
    etag, _weak = response.get_etag()
    if etag:
        response.last_modified = _versions.since(request.full_path, etag)
    # Revalidate every time (a changed product must show at once); an official's
    # answers (the share at another threshold) are theirs alone.
    private = current_user.is_authenticated
    response.cache_control.no_cache = True
    response.cache_control.private = private or None
    if not private:
        response.cache_control.public = True
    response.make_conditional(request)  # in place: 304 without the body when held
    return response
