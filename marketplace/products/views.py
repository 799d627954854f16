from __future__ import annotations

from pathlib import Path

from babel import Locale
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts import permissions
from marketplace.categories.queries import list_top_categories
from marketplace.db import get_session
from marketplace.errors import Conflict, InvalidInput
from marketplace.forms_util import apply_errors, keeps_input
from marketplace.main.templating import current_locale
from marketplace.products import queries, services
from marketplace.products.fields import iso_countries
from marketplace.products.forms import ConfirmForm, PhotoForm, ProductForm, photo_rules
from marketplace.products.models import Product, ProductPhoto
from marketplace.quality import merges
from marketplace.suppliers.services import get_supplier_by_tax_code, require_supplier

bp = Blueprint("products", __name__)


def _upload_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def _fill_choices(form: ProductForm) -> None:
    locale = current_locale()
    choices: list[tuple[str, str]] = []
    for top in list_top_categories(get_session()):
        choices.append((top.code, f"{top.code} · {top.name(locale)}"))
        choices += [(c.code, f"    {c.code} · {c.name(locale)}") for c in top.children]
    form.category.choices = choices
    names = Locale.parse(locale).territories
    form.origin.choices = sorted(
        ((c, f"{c} · {names.get(c, c)}") for c in iso_countries()),
        key=lambda c: (c[0] != "VN", c[1]),
    )


@bp.route("/suppliers/<tax_code>/products/<sku>")
def detail(tax_code: str, sku: str):  # type: ignore[no-untyped-def]
    db = get_session()
    product = queries.get_product_page(db, tax_code, sku)
    if product is None and (supplier := get_supplier_by_tax_code(db, tax_code)) is not None:
        renamed = services.get_renamed_product(db, supplier, sku)
        # Only to a page the visitor may see: a withdrawn product's new code stays private.
        if renamed is not None and permissions.can_view_product(current_user, renamed):
            return redirect(
                url_for("products.detail", tax_code=tax_code, sku=renamed.sku), code=301
            )
    if product is None or not permissions.can_view_product(current_user, product):
        owner = get_supplier_by_tax_code(db, tax_code)
        found = merges.merged_into(db, owner.id) if owner is not None else None
        if found is not None and sku.lower() in found[1]:  # moved by a merge
            kept, skus = found
            return redirect(
                url_for("products.detail", tax_code=kept.tax_code, sku=skus[sku.lower()]), code=301
            )
        abort(404)
    can_edit = permissions.can_edit_supplier(current_user, product.supplier)
    return render_template(
        "products/detail.html",
        product=product,
        can_edit=can_edit,
        photo_form=PhotoForm() if can_edit else None,  # only editors see the form
        photo_rules=photo_rules(current_app.config["MAX_PHOTO_BYTES"]),
        can_delete=can_edit and services.deletion_refusal(db, product) is None,
    )


@bp.route("/suppliers/<tax_code>/products/new", methods=["GET", "POST"])
@keeps_input
@login_required
def create(tax_code: str):  # type: ignore[no-untyped-def]
    supplier = require_supplier(get_session(), tax_code)
    permissions.require_edit_supplier(current_user, supplier)
    form = ProductForm()
    _fill_choices(form)
    if form.validate_on_submit():
        try:
            product = services.save_product(
                get_session(), current_user, supplier, form.raw_values(), listed=not form.draft.data
            )
        except (InvalidInput, Conflict) as exc:
            apply_errors(form, exc, "sku")
        else:
            flash(_("The product has been added. Add photos below."), "success")
            return redirect(url_for("products.detail", tax_code=tax_code, sku=product.sku))
    return render_template("products/form.html", form=form, supplier=supplier, product=None)


@bp.route("/suppliers/<tax_code>/products/<sku>/delete", methods=["GET", "POST"])
@login_required
def delete(tax_code: str, sku: str):  # type: ignore[no-untyped-def]
    db = get_session()
    supplier = require_supplier(db, tax_code)
    permissions.require_edit_supplier(current_user, supplier)
    product = services.require_product(db, supplier, sku)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_product(db, current_user, product, _upload_folder())
        flash(_("The product %(sku)s has been deleted.", sku=sku), "success")
        return redirect(url_for("suppliers.detail", tax_code=tax_code))
    return render_template(
        "products/delete.html",
        product=product,
        refusal=services.deletion_refusal(db, product),
        form=form,
    )


@bp.route("/suppliers/<tax_code>/products/<sku>/edit", methods=["GET", "POST"])
@keeps_input
@login_required
def edit(tax_code: str, sku: str):  # type: ignore[no-untyped-def]
    supplier = require_supplier(get_session(), tax_code)
    permissions.require_edit_supplier(current_user, supplier)
    product = services.require_product(get_session(), supplier, sku)
    form = ProductForm(obj=product)
    _fill_choices(form)
    if request.method == "GET":
        form.category.data = product.category_code
        form.specs.data = "\n".join(f"{s.key}: {s.value}" for s in product.specs)
    if form.validate_on_submit():
        try:
            services.save_product(get_session(), current_user, supplier, form.raw_values(), product)
        except (InvalidInput, Conflict) as exc:
            apply_errors(form, exc, "sku")
        else:
            flash(_("The product has been saved."), "success")
            return redirect(url_for("products.detail", tax_code=tax_code, sku=product.sku))
    return render_template("products/form.html", form=form, supplier=supplier, product=product)


@bp.route("/suppliers/<tax_code>/products/<sku>/<any(withdraw, restore):action>", methods=["POST"])
@login_required
def set_active(tax_code: str, sku: str, action: str):  # type: ignore[no-untyped-def]
    supplier = require_supplier(get_session(), tax_code)
    product = services.require_product(get_session(), supplier, sku)
    services.set_product_active(get_session(), current_user, product, action == "restore")
    flash(
        _("The product is listed again.")
        if product.active
        else _("The product has been withdrawn; buyers no longer see it."),
        "info",
    )
    return redirect(url_for("products.detail", tax_code=tax_code, sku=sku))


@bp.route("/suppliers/<tax_code>/products/<sku>/photos", methods=["POST"])
@login_required
def add_photo(tax_code: str, sku: str):  # type: ignore[no-untyped-def]
    supplier = require_supplier(get_session(), tax_code)
    product = services.require_product(get_session(), supplier, sku)
    permissions.require_edit_supplier(current_user, supplier)
    form = PhotoForm()
    if not form.validate_on_submit():
        flash(_("Choose a photo file to upload."), "danger")
    else:
        try:
            services.add_photo(
                get_session(),
                current_user,
                product,
                form.photo.data.stream,
                _upload_folder(),
                current_app.config["MAX_PHOTO_BYTES"],
            )
        except InvalidInput as exc:
            flash(exc.message, "danger")
        else:
            flash(_("The photo has been added."), "success")
    return redirect(url_for("products.detail", tax_code=tax_code, sku=sku))


def _photo(photo_id: int) -> ProductPhoto:
    photo = get_session().get(ProductPhoto, photo_id)
    if photo is None:
        abort(404)
    return photo


def _back_to(product: Product):  # type: ignore[no-untyped-def]
    return redirect(url_for("products.detail", tax_code=product.supplier.tax_code, sku=product.sku))


@bp.route("/photos/<int:photo_id>/<any(earlier, later):direction>", methods=["POST"])
@login_required
def move_photo(photo_id: int, direction: str):  # type: ignore[no-untyped-def]
    photo = _photo(photo_id)
    services.move_photo(get_session(), current_user, photo, -1 if direction == "earlier" else 1)
    flash(_("The photos have been reordered."), "info")
    return _back_to(photo.product)


@bp.route("/photos/<int:photo_id>/cover", methods=["POST"])
@login_required
def make_cover(photo_id: int):  # type: ignore[no-untyped-def]
    photo = _photo(photo_id)
    services.make_cover(get_session(), current_user, photo)
    flash(_("This photo is now the cover shown in search results and lists."), "success")
    return _back_to(photo.product)


@bp.route("/photos/<int:photo_id>/delete", methods=["POST"])
@login_required
def delete_photo(photo_id: int):  # type: ignore[no-untyped-def]
    photo = get_session().get(ProductPhoto, photo_id)
    if photo is None:
        abort(404)
    product: Product = photo.product
    services.delete_photo(get_session(), current_user, photo, _upload_folder())
    flash(_("The photo has been removed."), "info")
    return redirect(url_for("products.detail", tax_code=product.supplier.tax_code, sku=product.sku))


@bp.route("/uploads/<path:filename>")
def upload(filename: str):  # type: ignore[no-untyped-def]
    return send_from_directory(_upload_folder(), filename, max_age=86400)
