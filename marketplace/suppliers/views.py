from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts import permissions
from marketplace.db import get_session
from marketplace.errors import Conflict, Forbidden, InvalidInput
from marketplace.forms_util import apply_errors, keeps_input
from marketplace.inquiries.queries import response_times
from marketplace.pagination import paginate
from marketplace.products.queries import select_public_products
from marketplace.quality import merges
from marketplace.suppliers import geography, queries, services
from marketplace.suppliers.forms import SupplierForm
from marketplace.suppliers.models import Supplier, VerificationState
from marketplace.suppliers.state_labels import state_labels
from marketplace.verification import queries as verification_queries

bp = Blueprint("suppliers", __name__, url_prefix="/suppliers")


def _public_supplier(tax_code: str) -> Supplier | str:
    """Pending and verified suppliers are public; others only to those who may edit
    them. For a visitor who may no longer see a merged one: the tax code of the
    supplier it was merged into (its links lead there)."""
    supplier = services.get_supplier_by_tax_code(get_session(), tax_code)
    if supplier is None:
        abort(404)
    if not permissions.can_view_supplier(current_user, supplier):
        found = merges.merged_into(get_session(), supplier.id)
        if found is not None:
            return found[0].tax_code
        abort(404)
    return supplier


@bp.route("/")
def index():  # type: ignore[no-untyped-def]
    province = request.args.get("province") or None
    official = permissions.is_official(current_user)
    state = _official_state() if official else None
    stmt = queries.select_suppliers(
        province=province,
        verified_only=request.args.get("verified") == "1",
        states=[state]
        if state
        else (tuple(VerificationState) if official else queries.PUBLIC_STATES),
    )
    page = paginate(get_session(), stmt, request.args.get("page", 1, type=int), 24)
    return render_template(
        "suppliers/index.html",
        page=page,
        province=province,
        provinces=geography.province_names(),
        state=state.value if state else "",
        state_labels=state_labels() if official else {},
    )


def _official_state() -> VerificationState | None:
    """Officials filter by any verification state (the public sees pending and
    verified suppliers only, whatever the URL says)."""
    try:
        return VerificationState(request.args.get("state") or "")
    except ValueError:
        return None


@bp.route("/<tax_code>")
def detail(tax_code: str):  # type: ignore[no-untyped-def]
    supplier = _public_supplier(tax_code)
    if isinstance(supplier, str):  # links to a merged duplicate lead to the supplier kept
        return redirect(url_for("suppliers.detail", tax_code=supplier), code=301)
    can_edit = permissions.can_edit_supplier(current_user, supplier)
    stmt = select_public_products(
        supplier_id=supplier.id,
        sort="name",
        include_withdrawn=can_edit,
        any_supplier_state=can_edit,
    )
    page = paginate(get_session(), stmt, request.args.get("page", 1, type=int), 24)
    return render_template(
        "suppliers/detail.html",
        supplier=supplier,
        page=page,
        can_edit=can_edit,
        response_time=response_times(get_session(), [supplier.id]).get(supplier.id),
        **verification_queries.profile_context(get_session(), current_user, supplier),
    )


@bp.route("/new", methods=["GET", "POST"])
@keeps_input
@login_required
def create():  # type: ignore[no-untyped-def]
    if current_user.supplier_id is not None:
        supplier = get_session().get(Supplier, current_user.supplier_id)
        return redirect(url_for("suppliers.detail", tax_code=supplier.tax_code))
    if not permissions.can_create_supplier(current_user):
        raise Forbidden(_("Only a supplier account can create a company profile."))
    form = SupplierForm()
    if form.validate_on_submit():
        try:
            supplier = services.create_supplier(get_session(), current_user, form.raw_values())
        except (InvalidInput, Conflict) as exc:
            apply_errors(form, exc, "tax_code")
        else:
            flash(
                _(
                    "Your company profile has been created. It shows as pending until the "
                    "Department verifies it."
                ),
                "success",
            )
            return redirect(url_for("suppliers.detail", tax_code=supplier.tax_code))
    return render_template(
        "suppliers/form.html", form=form, supplier=None, communes=_communes(form.province.data)
    )


@bp.route("/<tax_code>/edit", methods=["GET", "POST"])
@keeps_input
@login_required
def edit(tax_code: str):  # type: ignore[no-untyped-def]
    supplier = services.require_supplier(get_session(), tax_code)
    permissions.require_edit_supplier(current_user, supplier)
    form = SupplierForm(obj=supplier)
    if request.method == "GET":
        form.ownership.data = supplier.ownership.value
    form.tax_code.data = supplier.tax_code
    if form.validate_on_submit():
        was_verified = supplier.verified
        try:
            services.update_supplier(get_session(), current_user, supplier, form.raw_values())
        except InvalidInput as exc:
            apply_errors(form, exc)
        else:
            flash(_("The profile has been saved."), "success")
            if was_verified and not supplier.verified:
                flash(
                    _(
                        "You changed what the Department verified (name, tax code, ownership, "
                        "province or address): the badge is withdrawn until the Department "
                        "checks the profile again."
                    ),
                    "warning",
                )
            return redirect(url_for("suppliers.detail", tax_code=supplier.tax_code))
    return render_template(
        "suppliers/form.html", form=form, supplier=supplier, communes=_communes(form.province.data)
    )


def _communes(province_name: str | None) -> list[str]:
    province = geography.get_province(province_name or "Hà Nội")
    return list(province.communes) if province else []


@bp.route("/mine")
@login_required
def mine():  # type: ignore[no-untyped-def]
    if current_user.supplier_id is None:
        if permissions.can_create_supplier(current_user):
            return redirect(url_for("suppliers.create"))
        flash(_("Your account belongs to no company."), "info")
        return redirect(url_for("main.home"))
    supplier = get_session().get(Supplier, current_user.supplier_id)
    return redirect(url_for("suppliers.detail", tax_code=supplier.tax_code))
