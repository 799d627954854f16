"""The audit trail's filters, read from the query string (shape only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from marketplace.audit.labels import action_label, entity_label
from marketplace.audit.queries import AuditFilters
from marketplace.i18n.forms import Form


class AuditFilterForm(Form):
    class Meta:
        csrf = False

    entity = SelectField(_l("What"), validate_choice=False)
    action = SelectField(_l("Action"), validate_choice=False)
    actor = StringField(
        _l("Who"), validators=[Length(max=254)], description=_l("Part of the e-mail address")
    )
    entity_id = StringField(
        _l("Id"), validators=[Length(max=100)], description=_l("The id of the changed object")
    )
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])

    def offer(self, entities: list[str], actions: list[str]) -> None:
        self.entity.choices = [("", _l("All")), *((e, entity_label(e)) for e in entities)]
        # With one entity chosen, its actions read in its own words.
        entity = self.entity.data or None
        self.action.choices = [("", _l("All")), *((a, action_label(a, entity)) for a in actions)]

    def filters(self, supplier_id: int | None = None) -> AuditFilters:
        return AuditFilters(
            entity=self.entity.data or None,
            action=self.action.data or None,
            actor=(self.actor.data or "").strip() or None,
            entity_id=(self.entity_id.data or "").strip() or None,
            since=self.since.data,
            until=self.until.data,
            supplier_id=supplier_id,
        )
