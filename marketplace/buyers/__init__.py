"""Buyers' tools: comparing products, a shortlist, saved searches with alerts."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask, request, session
from flask_login import current_user


@dataclass
class Marks:
    """What the pages' toggles show as already chosen by this visitor."""

    compare: list[int] = field(default_factory=list)
    products: set[int] = field(default_factory=set)
    suppliers: set[int] = field(default_factory=set)


def init_app(app: Flask) -> None:
    from marketplace.buyers import alerts, tasks  # noqa: F401 - tasks: the worker's alert job

    alerts.register_kinds()

    from marketplace.buyers import toggles

    app.jinja_env.globals["product_toggles"] = toggles.of_product

    @app.context_processor
    def _marks() -> dict[str, object]:
        def compare_tray() -> list[int]:
            from marketplace.buyers import compare

            return compare.tray(session)

        return {"buyer_marks": buyer_marks, "compare_tray": compare_tray}


def buyer_marks() -> Marks:
    """This visitor's compare tray and shortlist. Once per request, only on pages
    that show a toggle (like the bell's count). Kept on the request, not on `g`: an
    app context (and its `g`) may outlive one request, as in tests."""
    marks = getattr(request, "_buyer_marks", None)
    if marks is None:
        from marketplace.buyers import compare, queries
        from marketplace.db import get_session

        marks = Marks(compare=compare.tray(session))
        if current_user and current_user.is_authenticated:
            marks.products, marks.suppliers = queries.shortlisted_ids(
                get_session(), current_user.id
            )
        request._buyer_marks = marks  # type: ignore[attr-defined]
    return marks
