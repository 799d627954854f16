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
from marketplace.products.forms import PhotoForm, ProductForm
from marketplace.products.models import Product, ProductPhoto
from marketplace.suppliers.services import require_supplier

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
    product = queries.get_product_page(get_session(), tax_code, sku)
    if product is None or not permissions.can_view_product(current_user, product):
        abort(404)
    can_edit = permissions.can_edit_supplier(current_user, product.supplier)
    return render_template(
        "products/detail.html", product=product, can_edit=can_edit, photo_form=PhotoForm()
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
                get_session(), current_user, supplier, form.raw_values()
            )
        except (InvalidInput, Conflict) as exc:
            apply_errors(form, exc, "sku")
        else:
            flash(_("The product has been added. Add photos below."), "success")
            return redirect(url_for("products.detail", tax_code=tax_code, sku=product.sku))
    return render_template("products/form.html", form=form, supplier=supplier, product=None)


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
