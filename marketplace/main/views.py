from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for

from marketplace.categories import queries as category_queries
from marketplace.db import get_session
from marketplace.extensions import SUPPORTED_LOCALES
from marketplace.main import health as health_checks
from marketplace.suppliers import queries as supplier_queries

bp = Blueprint("main", __name__)


@bp.route("/")
def home():  # type: ignore[no-untyped-def]
    db = get_session()
    return render_template(
        "main/home.html",
        categories=category_queries.list_top_categories(db),
        counts=category_queries.count_products_by_top_category(db),
        newest=supplier_queries.list_newest_verified(db),
        n_suppliers=supplier_queries.count_public_suppliers(db),
    )


@bp.route("/language/<code>", methods=["POST"])
def set_language(code: str):  # type: ignore[no-untyped-def]
    if code in SUPPORTED_LOCALES:
        session["lang"] = code
    target = request.form.get("next", "")
    if not target.startswith("/") or target.startswith("//") or urlsplit(target).netloc:
        target = url_for("main.home")
    return redirect(target)


@bp.route("/healthz")
def health():  # type: ignore[no-untyped-def]
    checks = health_checks.run_checks(current_app._get_current_object())  # type: ignore[attr-defined]
    ok = health_checks.healthy(checks)
    body = {"status": "ok" if ok else "error", "checks": checks}
    return body, 200 if ok else 503, {"Cache-Control": "no-store"}
