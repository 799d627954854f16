"""New-product alerts of saved searches.

Each run (the huey periodic task in tasks.py, or `flask buyers check-saved-searches`)
takes the products published since a saved search last looked (products.published_at),
asks the same search service the page uses which of them the search finds, and tells
the owner in ONE notice per saved search ("3 new products match ..."). Products told
about are kept in saved_search_hits, so none is told twice.

The look-back starts an hour before the last run: a product published just before a
run may not be in the search index yet (the indexer catches up after the commit);
the hits table keeps the overlap from repeating anything."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta

from flask import current_app, has_request_context, url_for
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.buyers.models import SavedSearch, SavedSearchHit
from marketplace.db import utcnow
from marketplace.notifications import messages
from marketplace.notifications.services import deliver
from marketplace.products.models import Product
from marketplace.products.queries import PUBLIC_STATES
from marketplace.searches.params import query_from_params
from marketplace.searches.services import search_products
from marketplace.suppliers.models import Supplier
from search.base import SearchBackend, chunked

log = logging.getLogger(__name__)

KIND = "saved_search.new_products"
LOOK_BACK = timedelta(hours=1)
PER_PAGE = 100
MAX_PAGES = 10  # newest first: new products are near the top of any search


def register_kinds() -> None:
    messages.register(
        KIND,
        lambda p: ngettext(
            "%(num)d new product matches your saved search “%(name)s”.",
            "%(num)d new products match your saved search “%(name)s”.",
            int(p["count"]),
            name=p["name"],
        ),
        group="saved_searches",
    )


def _since(saved: SavedSearch) -> datetime:
    if saved.checked_at is None:
        return saved.created_at
    return max(saved.created_at, saved.checked_at - LOOK_BACK)


def _new_products(session: Session, since: datetime) -> list[tuple[int, datetime]]:
    """(id, published_at) of the products listed publicly now, published after `since`."""
    stmt = (
        select(Product.id, Product.published_at)
        .join(Supplier, Supplier.id == Product.supplier_id)
        .where(
            Product.published_at > since,
            Product.active.is_(True),
            Supplier.state.in_(PUBLIC_STATES),
        )
    )
    return [(pid, published) for pid, published in session.execute(stmt)]


def _told(session: Session, search_ids: list[int], product_ids: list[int]) -> set[tuple[int, int]]:
    told: set[tuple[int, int]] = set()
    for part in chunked(product_ids):
        rows = session.execute(
            select(SavedSearchHit.saved_search_id, SavedSearchHit.product_id).where(
                SavedSearchHit.saved_search_id.in_(search_ids),
                SavedSearchHit.product_id.in_(part),
            )
        )
        told.update((s, p) for s, p in rows)
    return told


def matching(
    session: Session, backend: SearchBackend, params: dict[str, str], wanted: set[int]
) -> set[int]:
    """Which of the products `wanted` the search of these page parameters finds,
    through the search page's own service (newest first, up to MAX_PAGES pages)."""
    query, _dropped = query_from_params(session, params, PER_PAGE)
    query = replace(query, sort="newest", page=1)
    found: set[int] = set()
    for page in range(1, MAX_PAGES + 1):
        result = search_products(session, backend, replace(query, page=page))
        found |= {p.id for p, _score in result.products} & wanted
        if found == wanted or page * PER_PAGE >= result.results.total or not result.products:
            break
    return found


def _link(search_id: int) -> str:
    if has_request_context():
        return url_for("buyers.open_search", search_id=search_id)
    with current_app.test_request_context():
        return url_for("buyers.open_search", search_id=search_id)


def check_saved_searches(
    session: Session, backend: SearchBackend, now: datetime | None = None
) -> int:
    """Look for new matching products for every saved search with alerts on (of an
    active user) and tell each owner once per search; the number of notices. Commits
    once, at the end."""
    now = now or utcnow()
    searches = list(
        session.scalars(
            select(SavedSearch)
            .join(User, User.id == SavedSearch.user_id)
            .where(SavedSearch.notify.is_(True), User.active.is_(True))
            .order_by(SavedSearch.id)
        )
    )
    if not searches:
        return 0
    candidates = _new_products(session, min(_since(s) for s in searches))
    told = _told(session, [s.id for s in searches], [pid for pid, _ in candidates])
    owners = {
        u.id: u
        for u in session.scalars(select(User).where(User.id.in_({s.user_id for s in searches})))
    }
    sent = 0
    for saved in searches:
        since = _since(saved)
        wanted = {
            pid
            for pid, published in candidates
            if published > since and (saved.id, pid) not in told
        }
        found = matching(session, backend, saved.params, wanted) if wanted else set()
        if found:
            session.add_all(SavedSearchHit(saved_search_id=saved.id, product_id=p) for p in found)
            deliver(
                session,
                [owners[saved.user_id]],
                KIND,
                {"name": saved.name, "count": len(found)},
                _link(saved.id),
            )
            sent += 1
        saved.checked_at = now
    session.commit()
    log.info("saved searches checked: %d, notices: %d", len(searches), sent)
    return sent
