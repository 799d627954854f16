"""How import pages name things (statuses, entities, actors, columns): shared by the
officials' import pages and the suppliers' catalogue pages."""

from __future__ import annotations

from flask_babel import gettext as _

from marketplace.accounts.people import actor_label
from marketplace.imports.models import ImportUpload
from marketplace.main.templating import column_value


def status_label(status: str) -> str:
    from marketplace.i18n.labels import label

    return label(status, "upload")


def entity_label(entity: str, one: bool = False) -> str:
    if one:
        return {
            "supplier": _("Supplier"),
            "product": _("Product"),
            "supply_record": _("Supply record"),
        }.get(entity, entity)
    return {
        "supplier": _("Suppliers"),
        "product": _("Products"),
        "supply_record": _("Supply records"),
    }.get(entity, entity)


def column_label(attr: str) -> str:
    """A model attribute under the file's column name, as officials know it."""
    return {"category_code": "category"}.get(attr, attr)


def upload_names(upload: ImportUpload) -> list[str]:
    return [name.split("-", 1)[1] for name in upload.files if name]


TEMPLATE_LABELS: dict[str, object] = {
    "entity_label": entity_label,
    "upload_status_label": status_label,
    "actor_label": actor_label,
    "column_label": column_label,
    "column_value": column_value,
    "upload_names": upload_names,
}
