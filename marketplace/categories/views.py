from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from marketplace.categories import queries
from marketplace.db import get_session
from marketplace.pagination import paginate
from marketplace.products.queries import SORTS, select_public_products

bp = Blueprint("categories", __name__, url_prefix="/categories")
PER_PAGE = 24


@bp.route("/")
def index():  # type: ignore[no-untyped-def]
    db = get_session()
    return render_template(
        "categories/index.html",
        categories=queries.list_top_categories(db),
        counts=queries.count_products_by_top_category(db),
    )


@bp.route("/<code>")
def detail(code: str):  # type: ignore[no-untyped-def]
    db = get_session()
    category = queries.get_category(db, code)
    if category is None:
        abort(404)
    sort = request.args.get("sort", "newest")
    if sort not in SORTS:
        sort = "newest"
    page = paginate(
        db,
        select_public_products(category=category.code, sort=sort),
        request.args.get("page", 1, type=int),
        PER_PAGE,
    )
    parent = category.parent or category
    return render_template(
        "categories/detail.html",
        category=category,
        parent=parent,
        sub_counts=queries.count_products_by_subcategory(db, parent.code),
        page=page,
        sort=sort,
    )
